"""What every part of the agreements document shares: its words, names and own styles.

The house style (:mod:`exports.house_style`) gives the page, the type and the blocks;
this adds what is particular to agreements: the couple's names as printed, the words
of ``exports_agreements.toml``, and a few styles of its own.
"""

from __future__ import annotations

import datetime
from typing import Any

from exports.agreements.data import AgreementsTexts
from exports.house_style import Composer, HouseStyle, clean
from exports.house_style.palette import ACCENT, MUTED, Tone

# The quiet tone each status is printed in (anything else: muted).
STATUS_TONES: dict[str, Tone] = {
    "agreed": "settled",
    "under_review": "reviewing",
    "proposed": "waiting",
    "paused": "paused",
}


def add_agreement_styles(style: HouseStyle) -> None:
    """The agreements document's own styles, on the house ones (once per style)."""
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.units import mm

    if "agreement_title" in style.styles:
        return
    bold = style.bold
    style.add("summary_label", "small")
    style.add("summary_value", "small", textColor=MUTED)
    style.add("agreement_title", fontName=bold, fontSize=12.5, leading=16.5, spaceBefore=4,
              keepWithNext=1)
    style.add("history_title", fontName=bold, fontSize=12, leading=16, spaceBefore=6 * mm,
              keepWithNext=1)
    style.add("history_category", "small", textColor=MUTED, spaceAfter=2, keepWithNext=1)
    style.add("version", "small", fontName=bold, textColor=ACCENT, spaceBefore=7,
              spaceAfter=1, keepWithNext=1)
    style.add("history_label", "small", fontName=bold, textColor=MUTED, fontSize=8.5,
              leading=12, spaceBefore=3, leftIndent=4 * mm, keepWithNext=1)
    style.add("history_body", "small", leftIndent=4 * mm)
    style.add("history_empty", "small", textColor=MUTED, leftIndent=4 * mm)
    style.add("consent_label", "small")
    style.add("consent_value", "small", textColor=MUTED, alignment=TA_RIGHT)


class AgreementsComposer(Composer):
    """The house blocks, with this document's words and the names as printed."""

    def __init__(self, style: HouseStyle, texts: AgreementsTexts, names: dict[int, str]) -> None:
        add_agreement_styles(style)
        super().__init__(style)
        self.texts = texts
        self.w = texts.words  # typed: self.w.agreement.wording
        self.names = names  # as printed, for partner 1 and 2

    def date(self, when: datetime.date) -> str:
        return self.texts.date(when)

    def title_of(self, text: dict[str, str]) -> str:
        return clean(text.get("title", "")) or self.w.agreement.untitled

    def continued_from(self, title: str) -> Any:
        """"<title> (continued)", shown only at the top of a page."""
        return self.continued(self.w.agreement.continued.format(title=title))

    def field_label(self, key: str) -> str:
        """The label printed above one of an agreement's binding passages."""
        words = self.w.agreement
        return {"wording": words.wording, "in_practice": words.in_practice,
                "not_ok": words.not_ok}[key]

    def status_line(self, status: str) -> Any:
        """An agreement's status in its quiet tone."""
        return self.status(self.texts.status(status), STATUS_TONES.get(status, "quiet"))
