"""The words of the "Our stories" tab, read from ``resources/ui_narrative.toml``.

Field labels are keyed ``kind_field`` (``story_about_me``) under ``[narrative_fields]``
so the share dialog can name the fields of any page, the letter's and the impact
statement's included.
"""

from __future__ import annotations

from ui.dates import day
from ui.texts import counted, text


def words(key: str, **values: object) -> str:
    """A sentence of the tab's frame (``[narrative]``)."""
    return text("narrative", key, **values)


def step_words(kind: str, key: str, **values: object) -> str:
    """A sentence of one step page (``[narrative_problem]`` ...)."""
    return text(f"narrative_{kind}", key, **values)


def field_label(kind: str, key: str) -> str:
    """What the field ``key`` of a ``kind`` draft is called on screen."""
    return text("narrative_fields", f"{kind}_{key}")


def page_title(key: str) -> str:
    """The left list's name for a page ("problem", "letter", "shared", ...)."""
    return text("narrative", f"page_{key}")


def choice_label(kind: str, key: str, value: str) -> str:
    """A chosen value written out: a stand's view, a heard answer; "" for none."""
    if not value:
        return ""
    if kind == "stand" and key == "view":
        return text("narrative_fields", f"view_{value}")
    if kind == "heard" and key == "heard":
        return text("narrative_fields", f"heard_{value}")
    return value


def shown_value(kind: str, key: str, value: str, letters: dict[str, tuple[object, int]]
                ) -> str:
    """A field's value as a person reads it: choices written out, linked records named
    (never a bare uuid). ``letters`` maps a shared letter's uuid to (date, version)."""
    if kind == "letter" and key == "agreements":
        count = len([part for part in value.split(",") if part.strip()])
        return counted("narrative_fields", "agreements_linked", count) if count else ""
    if kind == "heard" and key == "letter":
        if not value:
            return ""
        known = letters.get(value)
        if known is None:
            return text("narrative_fields", "letter_unknown")
        when, version = known
        return text("narrative_fields", "letter_linked", date=day(when),  # type: ignore[arg-type]
                    version=version)
    return choice_label(kind, key, value)
