"""The look of the agreements document: colours, styles, boxes and "Page N of M".

The palette is the recovery sheet's (:mod:`exports.recovery_sheet`): warm ink on
white, a muted green accent, soft boxes. Status colours stay quiet; a paused
agreement is a warm brown, never an alarm red. :class:`Composer` holds the small
building blocks (escaped paragraphs, label tables, boxes, blocks kept on one page);
:mod:`exports.agreements.layout` composes the document from them. reportlab is
imported inside the functions, so importing this module loads none of it.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from exports.agreements.data import AgreementsTexts

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

INK = "#2E2E2C"
MUTED = "#6F6C66"
ACCENT = "#4E6B57"
ACCENT_SOFT = "#A9BBAE"
RULE = "#DDD8CC"
BOX_FILL = "#F6F4EF"
BOX_LINE = "#CBC4B4"
PAUSE_FILL = "#FAF4E8"
PAUSE_LINE = "#E2CFA8"

_STATUS_COLOURS = {
    "agreed": ACCENT,
    "under_review": "#566B86",
    "proposed": "#7A6A4F",
    "paused": "#93653A",
}
# C0 controls (but tab and newline) and DEL would upset the Paragraph parser.
_CONTROLS = dict.fromkeys([*range(0, 9), *range(11, 32), 127])
# A block shorter than this share of a page is kept on one page; a longer one flows.
KEEP_SHARE = 0.6
PARAGRAPH_GAP = 5  # points between a partner's paragraphs
_HAIR = 0.01  # points: the height of a "continued" line that is not shown


def status_colour(status: str) -> str:
    """The quiet colour a status label is printed in."""
    return _STATUS_COLOURS.get(status, MUTED)


def clean(text: str) -> str:
    """Text as typed, made safe to lay out: one kind of line break, no control codes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)
    return unicodedata.normalize("NFC", text).strip()


def markup(text: str) -> str:
    """Plain text as Paragraph markup: escaped (so "<b>" prints as typed), breaks kept."""
    return escape(clean(text)).replace("\n", "<br/>")


def local_day(moment: datetime.datetime) -> datetime.date:
    """The local calendar day of a stored (UTC) moment."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone().date()


def make_styles(regular: str, bold: str) -> dict[str, Any]:
    """Every paragraph style of the document, in the given (registered) fonts."""
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm

    base = ParagraphStyle("base", fontName=regular, fontSize=10.5, leading=15.5, textColor=INK)
    small = ParagraphStyle("small", base, fontSize=9.5, leading=13.5)

    def style(name: str, parent: ParagraphStyle = base, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent, **kw)

    return {
        "brand": style("brand", fontName=bold, fontSize=9, leading=12, textColor=ACCENT,
                       spaceAfter=5),
        "title": style("title", fontName=bold, fontSize=24, leading=29),
        "subtitle": style("subtitle", fontSize=14, leading=19, textColor=MUTED, spaceBefore=2,
                          spaceAfter=6 * mm),
        "label": style("label", textColor=MUTED),
        "value": style("value"),
        "note": style("note", leading=16.5, spaceAfter=1 * mm),
        "h1": style("h1", fontName=bold, fontSize=15, leading=19, textColor=ACCENT,
                    spaceBefore=5 * mm, spaceAfter=1.5, keepWithNext=1),
        "h2": style("h2", fontName=bold, fontSize=11.5, leading=15, textColor=ACCENT,
                    spaceBefore=5 * mm, spaceAfter=2, keepWithNext=1),
        "subheading": style("subheading", fontSize=11, leading=15, textColor=MUTED,
                            spaceBefore=2, spaceAfter=3),
        "section_note": style("section_note", small, textColor=MUTED, spaceBefore=2,
                              spaceAfter=4),
        "summary_label": style("summary_label", small),
        "summary_value": style("summary_value", small, textColor=MUTED),
        "agreement_title": style("agreement_title", fontName=bold, fontSize=12.5, leading=16.5,
                                 spaceBefore=4, keepWithNext=1),
        "status": style("status", fontName=bold, fontSize=9, leading=12, spaceBefore=1,
                        spaceAfter=2, keepWithNext=1),
        "field_label": style("field_label", fontName=bold, fontSize=9, leading=12,
                             textColor=MUTED, spaceBefore=6, spaceAfter=1, keepWithNext=1),
        "body": style("body"),
        "meta_label": style("meta_label", small, textColor=MUTED),
        "meta_value": style("meta_value", small),
        "box_heading": style("box_heading", small, fontName=bold),
        "box_text": style("box_text", small),
        "box_label": style("box_label", small, textColor=MUTED),
        "box_label_gap": style("box_label_gap", small, textColor=MUTED, spaceBefore=5),
        "box_name": style("box_name", small, fontName=bold),
        "history_title": style("history_title", fontName=bold, fontSize=12, leading=16,
                               spaceBefore=6 * mm, keepWithNext=1),
        "history_category": style("history_category", small, textColor=MUTED, spaceAfter=2,
                                  keepWithNext=1),
        "version": style("version", small, fontName=bold, textColor=ACCENT, spaceBefore=7,
                         spaceAfter=1, keepWithNext=1),
        "history_label": style("history_label", small, fontName=bold, textColor=MUTED,
                               fontSize=8.5, leading=12, spaceBefore=3, leftIndent=4 * mm,
                               keepWithNext=1),
        "history_body": style("history_body", small, leftIndent=4 * mm),
        "history_empty": style("history_empty", small, textColor=MUTED, leftIndent=4 * mm),
        "continued": style("continued", small, textColor=MUTED, spaceAfter=2),
        "consent_label": style("consent_label", small),
        "consent_value": style("consent_value", small, textColor=MUTED, alignment=TA_RIGHT),
    }


class Composer:
    """Small building blocks shared by every part of the document."""

    def __init__(
        self,
        texts: AgreementsTexts,
        names: dict[int, str],
        styles: dict[str, Any],
        width: float,
        page_height: float,
    ) -> None:
        self.texts = texts
        self.w = texts.words  # typed: self.w.agreement.wording
        self.names = names  # as printed, for partner 1 and 2
        self.styles = styles
        self.width = width  # of the text column
        self.page_height = page_height  # of the text frame

    def field_label(self, key: str) -> str:
        """The label printed above one of an agreement's binding passages."""
        words = self.w.agreement
        return {"wording": words.wording, "in_practice": words.in_practice,
                "not_ok": words.not_ok}[key]

    def date(self, when: datetime.date) -> str:
        return self.texts.date(when)

    def title_of(self, text: dict[str, str]) -> str:
        return clean(text.get("title", "")) or self.w.agreement.untitled

    def heading(self, text: str) -> list[Flowable]:
        """A section heading with a soft rule; it keeps with what follows."""
        from reportlab.platypus import HRFlowable

        rule = HRFlowable(width="100%", thickness=0.7, color=ACCENT_SOFT, spaceAfter=3)
        rule.keepWithNext = 1
        return [self.para(text, "h1"), rule]

    def para(self, text: str, style: str) -> Flowable:
        """One paragraph of plain text (ours or a partner's), escaped."""
        from reportlab.platypus import Paragraph

        return Paragraph(markup(text), self.styles[style])

    def paras(self, text: str, style: str) -> list[Flowable]:
        """A partner's words: blank lines start new paragraphs, line breaks are kept."""
        from reportlab.platypus import Spacer

        parts = [p for p in re.split(r"\n[ \t]*\n", clean(text)) if p.strip()]
        flow: list[Flowable] = []
        for part in parts:
            if flow:
                flow.append(Spacer(1, PARAGRAPH_GAP))
            flow.append(self.para(part, style))
        return flow

    def field(self, label: str, text: str) -> list[Flowable]:
        """A labelled passage; the label keeps with the passage's first paragraph."""
        return [self.para(label, "field_label"), *self.paras(text, "body")]

    def table(self, rows: list[list[Any]], widths: list[float], extra: Iterable[Any] = ()) -> Any:
        """A borderless table that may split inside a row, so long words never overflow."""
        from reportlab.platypus import Table, TableStyle

        table = Table(rows, colWidths=widths, hAlign="LEFT", splitInRow=1)
        table.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            *extra,
        ]))
        return table

    def rows(self, pairs: list[tuple[str, str]], label_width: float, style: str = "") -> Any:
        """Label and value side by side, one pair a row; ``style`` prefixes the styles."""
        cells = [
            [self.para(label, f"{style}label"), self.para(value, f"{style}value")]
            for label, value in pairs
        ]
        return self.table(cells, [label_width, self.width - label_width])

    def box(self, content: list[Flowable], fill: str, line: str) -> Any:
        """A softly filled, rounded box, one flowable a row so it can split if it must."""
        last = len(content) - 1
        return self.table([[item] for item in content], [self.width], extra=[
            ("BACKGROUND", (0, 0), (-1, -1), fill),
            ("BOX", (0, 0), (-1, -1), 0.6, line),
            ("ROUNDEDCORNERS", [4, 4, 4, 4]),
            ("LEFTPADDING", (0, 0), (-1, -1), 9),
            ("RIGHTPADDING", (0, 0), (-1, -1), 9),
            ("TOPPADDING", (0, 0), (-1, 0), 6),
            ("BOTTOMPADDING", (0, last), (-1, last), 7),
        ])

    def continued(self, title: str) -> Flowable:
        """A quiet "<title> (continued)" line, drawn only where a page break put it on top.

        Placed between the parts of a block that may split, so a review or a version
        carried over to a new page still says which agreement it belongs to.
        """
        from reportlab.platypus import Paragraph

        line = Paragraph(markup(self.w.agreement.continued.format(title=title)),
                         self.styles["continued"])
        return _continued_class()(line)

    def keep(
        self, parts: Sequence[Flowable | list[Flowable]], share: float = KEEP_SHARE
    ) -> list[Flowable]:
        """Keep a block on one page when it is short; let a long one flow from here.

        ``parts`` are flowables, or lists of them that should stay together even when
        the block flows (a box, a table). Headings and labels carry keepWithNext, so
        a flowing block never leaves one alone at the foot of a page. KeepTogether is
        never nested: reportlab would then always start a new page.
        """
        from reportlab.platypus import KeepTogether

        flow = [item for part in parts for item in (part if isinstance(part, list) else [part])]
        if self.fits(flow, share):
            return [KeepTogether(flow)]
        return [KeepTogether(p) if isinstance(p, list) else p for p in parts]

    def fits(self, flow: list[Flowable], share: float) -> bool:
        """Whether ``flow`` takes at most ``share`` of a page's height."""
        height, limit = 0.0, self.page_height * share
        for item in flow:
            height += item.wrap(self.width, self.page_height)[1]
            height += item.getSpaceBefore() + item.getSpaceAfter()
            if height > limit:
                return False
        return True


@cache
def _continued_class() -> Any:
    from reportlab.platypus import Flowable

    class ShownAtTop(Flowable):  # type: ignore[misc]  # reportlab has no type hints
        """Wraps a paragraph that takes space only at the top of a frame.

        It keeps with what follows, so it moves to a new page together with it. Away
        from the top it still claims a hair of height: reportlab skips zero-height
        flowables when measuring a KeepTogether, and would then forget the next
        one's space before and misjudge whether the group fits.
        """

        keepWithNext = 1

        def __init__(self, line: Any) -> None:
            super().__init__()
            self.line = line
            self.shown = False

        def wrap(self, width: float, height: float) -> tuple[float, float]:
            doc = getattr(getattr(self, "canv", None), "_doctemplate", None)
            frame = getattr(doc, "frame", None)
            self.shown = bool(getattr(frame, "_atTop", False))
            if not self.shown:
                return width, _HAIR
            measured: tuple[float, float] = self.line.wrap(width, height)
            return measured

        def draw(self) -> None:
            if self.shown:
                self.line.drawOn(self.canv, 0, 0)

    return ShownAtTop


def numbered_canvas(footer: tuple[str, str], font: str, doc: Any) -> Any:
    """A canvas class that draws the footer with "Page N of M" once M is known.

    Pages are kept (as canvas state) until the document is saved, then each gets its
    footer: ``footer`` is (the confidential line, the page format with {page} and
    {pages}). ``doc`` gives the page size and margins.
    """
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    line, page_format = footer
    # Frames pad their content by 6 pt; line the footer up with the text.
    left = doc.leftMargin + 6
    right = doc.pagesize[0] - doc.rightMargin - 6
    y = 13 * mm

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._kept_pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._kept_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            pages = len(self._kept_pages)
            for state in self._kept_pages:
                self.__dict__.update(state)
                self._draw_footer(pages)
                Canvas.showPage(self)
            Canvas.save(self)

        def _draw_footer(self, pages: int) -> None:
            self.saveState()
            self.setStrokeColor(BOX_LINE)
            self.setLineWidth(0.5)
            self.line(left, y + 5 * mm, right, y + 5 * mm)
            self.setFillColor(MUTED)
            self.setFont(font, 8.5)
            self.drawString(left, y, line)
            self.drawRightString(
                right, y, page_format.format(page=self.getPageNumber(), pages=pages)
            )
            self.restoreState()

    return NumberedCanvas
