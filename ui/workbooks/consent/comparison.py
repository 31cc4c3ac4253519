"""The shared comparison as the tab draws it: where the two answers meet, in three
groups, each item with the date its outcome was decided and never who answered what."""

from __future__ import annotations

from html import escape

from models.consent import Comparison
from ui.dates import day
from ui.texts import text
from ui.workbooks.consent.words import GROUP_KEYS


def _words(key: str, **values: object) -> str:
    return text("consent_checkin", key, **values)


def comparison_html(comparison: Comparison | None, soft: str = "gray") -> str:
    """The three groups, with the date each outcome was decided and no attribution;
    each date in the colour ``soft`` (the theme's quiet text colour)."""
    if comparison is None:
        return f"<p><i>{escape(_words('none_yet'))}</i></p>"
    parts = [f"<p><i>{escape(_words('revealed_on', date=day(comparison.revealed_at)))}</i></p>"]
    for outcome, key in GROUP_KEYS.items():
        parts.append(f"<p style='margin-top:12px'><b>{escape(_words(key))}</b></p>")
        parts.append(f"<p>{escape(_words(key + '_line'))}</p>")
        entries = comparison.by_outcome(outcome)
        if not entries:
            parts.append(f"<p><i>{escape(_words('group_empty'))}</i></p>")
            continue
        rows = "".join(
            f"<li>{escape(entry.label)} "
            f"<span style='color:{soft}'>— {escape(_words('decided', date=day(entry.decided_on)))}"
            "</span></li>"
            for entry in entries
        )
        parts.append(f"<ul>{rows}</ul>")
    return "".join(parts)
