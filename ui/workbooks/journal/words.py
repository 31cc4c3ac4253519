"""The journal's own labels: feelings, tags, coping-plan sections and the prompts
(``resources/journal_prompts.toml``), read once from ``resources/``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ui.texts import resource_toml, text

PROMPT_GROUPS = ("hurt", "caused", "either")


@cache
def _label(section: str, key: str) -> str:
    """A label from ``[section]``, or the key itself in plain words when a new key has
    no label yet (never a blank checkbox)."""
    try:
        return text(section, key)
    except KeyError:
        return key.replace("_", " ")


def feeling_label(key: str) -> str:
    return _label("journal_feelings", key)


def tag_label(key: str) -> str:
    return _label("journal_tags", key)


def section_label(key: str) -> str:
    return _label("coping_sections", key)


def section_prompt(key: str) -> str:
    try:
        return text("coping_prompts", key)
    except KeyError:
        return ""


@dataclass(frozen=True)
class Prompt:
    key: str
    group: str
    words: str


def _prompts_file() -> dict[str, object]:
    return resource_toml("journal_prompts.toml")


@cache
def prompts() -> tuple[Prompt, ...]:
    """Every prompt, group by group, in the file's order."""
    found: list[Prompt] = []
    data = _prompts_file()
    for group in PROMPT_GROUPS:
        table = data.get(group, {})
        assert isinstance(table, dict)
        for key, words in table.get("prompts", {}).items():
            found.append(Prompt(str(key), group, " ".join(str(words).split())))
    return tuple(found)


def group_label(group: str) -> str:
    table = _prompts_file().get(group, {})
    assert isinstance(table, dict)
    return str(table.get("label", group))


def prompt_of(key: str) -> Prompt | None:
    return next((p for p in prompts() if p.key == key), None)


def pace_line() -> str:
    return " ".join(str(_prompts_file()["pace"]).split())


def no_prompt() -> str:
    return str(_prompts_file()["no_prompt"])
