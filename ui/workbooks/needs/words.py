"""The words of the "Needs map" tab, read from ``resources/ui_needs.toml``.

Importance and "lately" are always written out in words ("Matters a lot"), never as a
bare number; a card is named by its label, and a need by its owner's own words first.
"""

from __future__ import annotations

from collections.abc import Mapping

from ui.texts import counted, text


def words(key: str, **values: object) -> str:
    """A sentence of the tab's frame (``[needs]``)."""
    return text("needs", key, **values)


def section_words(section: str, key: str, **values: object) -> str:
    """A sentence of one part of the tab (``[needs_<section>]``)."""
    return text(f"needs_{section}", key, **values)


def counted_words(section: str, key: str, count: int, **values: object) -> str:
    return counted(f"needs_{section}", key, count, **values)


def card_label(card: str) -> str:
    """A starter card's label; "" is a need in the partner's own words."""
    return text("needs_cards", card or "own")


def card_about(card: str) -> str:
    """One line saying what the card's need can look like."""
    return text("needs_cards", f"{card or 'own'}_about")


def importance_words(value: str | int) -> str:
    """ "Matters", "Matters a lot", "Matters most"; "" when not said."""
    value = str(value)
    return text("needs_fields", f"importance_{value}") if value in ("1", "2", "3") else ""


def lately_words(value: str) -> str:
    """ "Met lately", "Partly met lately", "Not yet met lately"; "" when not said."""
    return text("needs_fields", f"lately_{value}") if value else ""


def field_label(key: str) -> str:
    """What a need's field is called on screen and in the share dialog."""
    return text("needs_fields", key)


def need_title(fields: Mapping[str, str]) -> str:
    """A need as its owner named it: their own words, else the card's label."""
    own = fields.get("title", "").strip()
    if own:
        return own
    card = fields.get("card", "")
    return card_label(card) if card else text("needs_fields", "untitled")


def shown_value(key: str, value: str) -> str:
    """A need's field as a person reads it: choices written out, never a bare number."""
    if key == "importance":
        return importance_words(value)
    if key == "lately":
        return lately_words(value)
    if key == "card":
        return card_label(value) if value else ""
    return value
