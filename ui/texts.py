"""Words on screen, read from ``resources/texts.toml`` and the workbooks' ``ui_*.toml``.

A writer edits those files; each workbook's screens keep their sections in their own
file (``ui_agreements.toml``), so section names never repeat across files.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from models.errors import PasswordRejected, RecordUnreadable
from models.keys import MIN_PASSWORD_CHARS

# texts.toml first; each further file adds its own sections.
TEXT_FILES = ("texts.toml", "ui_agreements.toml")


@cache
def resource_toml(name: str) -> dict[str, Any]:
    """A TOML file from ``resources/``, read once."""
    return tomllib.loads(resources.files("resources").joinpath(name).read_text("utf-8"))


@cache
def _texts() -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for name in TEXT_FILES:
        merged.update(resource_toml(name))
    return merged


def text(section: str, key: str, **values: object) -> str:
    """The sentence ``section.key``, with ``{placeholders}`` filled in."""
    template = str(_texts()[section][key])
    return template.format(**values) if values else template


def style_sheet() -> str:
    return resources.files("resources").joinpath("style.qss").read_text("utf-8")


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
    values.setdefault("minimum", getattr(error, "minimum", MIN_PASSWORD_CHARS))
    if "log" not in values:
        from models.paths import log_dir

        values["log"] = str(log_dir() / "trellis.log")
    values.setdefault("path", "")
    values.setdefault("folder", "")
    errors = _texts()["errors"]
    template = str(errors.get(key, errors["unexpected"]))
    return template.format(**values)
