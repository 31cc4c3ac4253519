"""Words on screen, read from ``resources/texts.toml`` and the workbooks' ``ui_*.toml``.

A writer edits those files; each workbook's screens keep their sections in their own
file (``ui_agreements.toml``), so section names never repeat across files. A file is
read when a section it holds is first asked for: the unlock window needs only
``texts.toml`` (#9). What a file parses to is kept in the user's cache folder (those
words only) while the file is unchanged: importing tomllib and parsing were ~9 ms of the
unlock window's first paint.
"""

from __future__ import annotations

import marshal
import os
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from models.errors import PasswordRejected, RecordUnreadable

# texts.toml first; each further file adds its own sections.
TEXT_FILES = ("texts.toml", "ui_agreements.toml", "ui_journal.toml", "ui_narrative.toml",
              "ui_needs.toml")


@cache
def resource_toml(name: str) -> dict[str, Any]:
    """A TOML file from ``resources/``, read once (through its kept copy)."""
    source = resources.files("resources").joinpath(name)
    if not isinstance(source, Path):  # not a plain folder: no file to compare with
        import tomllib

        return tomllib.loads(source.read_text("utf-8"))
    import platformdirs

    return parsed_toml(source, Path(platformdirs.user_cache_dir("trellis", appauthor=False)))


def parsed_toml(source: Path, kept_in: Path) -> dict[str, Any]:
    """``source`` parsed, from the copy in ``kept_in`` when it was made from a file of the
    same size and modification time by this Python; otherwise parsed and kept anew
    (a folder that cannot be written only means parsing every time)."""
    info = source.stat()
    stamp = (info.st_size, info.st_mtime_ns, tuple(sys.version_info[:2]))
    kept = kept_in / f"{source.name}.marshal"
    try:
        made_from, data = marshal.loads(kept.read_bytes())
        if made_from == stamp and isinstance(data, dict):
            return data
    except (OSError, EOFError, ValueError, TypeError):
        pass  # none yet, or not ours: parse
    import tomllib

    data = tomllib.loads(source.read_text("utf-8"))
    try:
        kept_in.mkdir(parents=True, exist_ok=True, mode=0o700)
        partial = kept.with_name(f"{kept.name}.{os.getpid()}")
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:
            out.write(marshal.dumps((stamp, data)))
        os.replace(partial, kept)
    except (OSError, ValueError):  # ValueError: a value marshal cannot keep
        pass
    return data


@cache
def _texts() -> dict[str, Any]:
    """Every section of every file in ``TEXT_FILES`` (for tests that look at them all)."""
    merged: dict[str, Any] = {}
    for name in TEXT_FILES:
        merged.update(resource_toml(name))
    return merged


@cache
def _section(section: str) -> dict[str, Any]:
    """The section ``section``, reading the files in ``TEXT_FILES`` in order only until
    one holds it."""
    for name in TEXT_FILES:
        words: dict[str, Any] | None = resource_toml(name).get(section)
        if words is not None:
            return words
    raise KeyError(section)


def text(section: str, key: str, **values: object) -> str:
    """The sentence ``section.key``, with ``{placeholders}`` filled in."""
    template = str(_section(section)[key])
    return template.format(**values) if values else template


def plural_form(count: int) -> str:
    """The plural category of ``count`` for the words in ``resources/`` (English:
    "one" for exactly 1, "other" for everything else, 0 included)."""
    return "one" if count == 1 else "other"


def counted(section: str, key: str, count: int, **values: object) -> str:
    """The sentence ``section.key`` for ``count`` things, in the right plural form.

    The forms are written either as a sub-table (``key.one = "…"``, ``key.other = "…"``)
    or as ``key_one`` beside ``key_other``, where a plain ``key`` stands in for
    ``key_other``. ``{count}`` is filled in too, beside the other ``values``.
    """
    words = _section(section)
    form = plural_form(count)
    entry = words.get(key)
    if isinstance(entry, dict):
        template = entry.get(form, entry["other"])
    else:
        template = words.get(f"{key}_{form}") or words.get(f"{key}_other") or words[key]
    values.setdefault("count", count)
    return str(template).format(**values)


def style_sheet() -> str:
    """The style sheet for the light theme at the normal text size (``ui.theme`` fills
    in the others)."""
    from ui.theme import style_sheet as filled

    return filled("light", "normal")


def explain(error: BaseException, **values: object) -> str:
    """A calm sentence for an error a person can meet; never shows its internals."""
    key = getattr(error, "key", "unexpected")
    if isinstance(error, PasswordRejected):
        key = f"password_{error.reason}"
    if isinstance(error, RecordUnreadable):
        values.setdefault("uuid", error.uuid)
    damage = getattr(error, "damage", None)
    if damage is not None:
        values.setdefault("uuid", damage.uuid)
    if "minimum" not in values:
        from models.keys import MIN_PASSWORD_CHARS

        values["minimum"] = getattr(error, "minimum", MIN_PASSWORD_CHARS)
    if "log" not in values:
        from models.paths import log_dir

        values["log"] = str(log_dir() / "trellis.log")
    values.setdefault("path", "")
    values.setdefault("folder", "")
    errors = _section("errors")
    template = str(errors.get(key, errors["unexpected"]))
    return template.format(**values)
