"""The house building blocks: paragraphs, label tables, boxes, and blocks kept whole.

A document's writer subclasses :class:`Composer` (or holds one) and composes its parts
from these, so every document escapes what a partner wrote the same way, lines up its
tables the same way and carries a long block over to a new page the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from exports.house_style.document import SectionStart
from exports.house_style.palette import ACCENT_SOFT, BOXES, RULE, TONES, Tone, colour
from exports.house_style.styles import HouseStyle
from exports.house_style.text import clean, markup

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

# A block shorter than this share of a page is kept on one page; a longer one flows.
KEEP_SHARE = 0.6
PARAGRAPH_GAP = 5  # points between a partner's paragraphs
DETAILS_LABEL_WIDTH = 42  # millimetres, for the label column of the cover's details
_HAIR = 0.01  # points: the height of a "continued" line that is not shown


class Composer:
    """Small building blocks shared by every part of every document."""

    def __init__(self, style: HouseStyle) -> None:
        self.style = style
        self.styles = style.styles
        self.width = style.width  # of the text column
        self.page_height = style.page_height  # of the text frame

    def para(self, text: str, style: str) -> Flowable:
        """One paragraph of plain text (ours or a partner's), escaped."""
        return _paragraph()(markup(text), self.styles[style])

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

    def heading(self, text: str) -> list[Flowable]:
        """A section heading with a soft rule; it keeps with what follows."""
        from reportlab.platypus import HRFlowable

        rule = HRFlowable(width="100%", thickness=0.7, color=colour(ACCENT_SOFT), spaceAfter=3)
        rule.keepWithNext = 1
        return [self.para(text, "h1"), rule]

    def divider(self) -> Flowable:
        """A thin rule between two items of a list; it keeps with what follows."""
        from reportlab.platypus import HRFlowable

        rule = HRFlowable(width="100%", thickness=0.4, color=colour(RULE), spaceBefore=6,
                          spaceAfter=6)
        rule.keepWithNext = 1
        return rule

    def field(self, label: str, text: str) -> list[Flowable]:
        """A labelled passage; the label keeps with the passage's first paragraph."""
        return [self.para(label, "field_label"), *self.paras(text, "body")]

    def status(self, text: str, tone: Tone) -> Flowable:
        """A short state line ("Agreed", "Paused for a conversation") in a quiet tone."""
        name = f"status_{tone}"
        if name not in self.styles:  # one style per tone, not one per line
            self.styles[name] = self.styles["status"].clone(name, textColor=colour(TONES[tone]))
        return _paragraph()(markup(text), self.styles[name])

    def cover_heading(self, brand: str, title: str, subtitle: str,
                      details: list[tuple[str, str]]) -> list[Flowable]:
        """The top of a first page: brand, title, who it is for, and a few details."""
        from reportlab.lib.units import mm

        table = self.rows(details, DETAILS_LABEL_WIDTH * mm)
        table.setStyle([
            ("LINEABOVE", (0, 0), (-1, 0), 0.5, colour(RULE)),
            ("LINEBELOW", (0, -1), (-1, -1), 0.5, colour(RULE)),
            ("TOPPADDING", (0, 0), (-1, 0), 6),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
        ])
        return [self.para(brand, "brand"), self.para(title, "title"),
                self.para(subtitle, "subtitle"), table]

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

    def box(self, content: list[Flowable], kind: str = "plain") -> Any:
        """A softly filled, rounded box, one flowable a row so it can split if it must.

        ``kind`` is "plain" (a note, a review) or "paused" (warm, for a pause).
        """
        fill, line = (colour(value) for value in BOXES[kind])
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

    def continued(self, line: str) -> Flowable:
        """A quiet line such as "<title> (continued)", drawn only where a page break put
        it on top.

        Placed between the parts of a block that may split, so a part carried over to a
        new page still says what it belongs to.
        """
        return _shown_at_top()(markup(line), self.styles["continued"])

    def page_of(self, start: SectionStart, text: str, style: str) -> Flowable:
        """A paragraph naming the page a section begins on: ``text`` with ``{page}``.

        For a cover that lists sections: the document is laid out once, with room for a
        page number of four digits, and the number is filled in once the section is
        drawn, in the same place and style.
        """
        return _page_of()(start, text, self.styles[style])

    def keep(
        self, parts: Sequence[Flowable | list[Flowable]], share: float = KEEP_SHARE
    ) -> list[Flowable]:
        """Keep a block on one page when it is short; let a long one flow from here.

        ``parts`` are flowables, or lists of them that should stay together even when
        the block flows (a box, a table). Headings and labels carry keepWithNext, so
        a flowing block never leaves one alone at the foot of a page. KeepTogether is
        never nested: reportlab would then always start a new page.

        Whether it is short is measured as :meth:`fits` does, but only when the block is
        laid out: measured ahead, every paragraph of a long document held its broken
        lines at once, and the garbage collector's passes over them cost a sixth of the
        build.
        """
        return [_kept_if_short()(lambda: parts, share, self)]

    def keep_later(self, make: Callable[[], Sequence[Flowable | list[Flowable]]],
                   share: float = KEEP_SHARE) -> Flowable:
        """As :meth:`keep`, for a block whose parts ``make()`` makes only when the layout
        comes to it: a long document then holds the blocks of the page being laid out,
        not all of them (its flowables for 4,000 pages took 150 MiB)."""
        return _kept_if_short()(make, share, self)

    def fits(self, flow: list[Flowable], share: float) -> bool:
        """Whether ``flow`` takes at most ``share`` of a page's height (a "continued"
        line counted as hidden, as it is unless a page break puts it on top)."""
        height, limit = 0.0, self.page_height * share
        for item in flow:
            if isinstance(item, _shown_at_top()):
                height += _HAIR
                continue
            height += item.wrap(self.width, self.page_height)[1]
            height += item.getSpaceBefore() + item.getSpaceAfter()
            if height > limit:
                return False
        return True


@cache
def _kept_if_short() -> Any:
    from reportlab.platypus import KeepTogether
    from reportlab.platypus.doctemplate import NullActionFlowable

    KeepTogether([])  # reportlab sets up the class on its first use

    class KeptIfShort(KeepTogether):  # type: ignore[misc]  # reportlab has no type hints
        """A block kept on one page when it is short, flowing in its parts when long.

        Its parts are made (``make()``) and measured (:meth:`Composer.fits`) only when
        reportlab first comes to place it. Short, it is a KeepTogether of all its
        flowables; long, it gives back its parts, each list of them kept together, to be
        placed one after the other from here.
        """

        def __init__(self, make: Callable[[], Sequence[Any]], share: float,
                     composer: Composer) -> None:
            self.make, self.share, self.composer = make, share, composer
            self._maxHeight = None
            self.parts: Sequence[Any] | None = None
            self.flow: list[Any] = []
            self.short: bool | None = None

        @property
        def _content(self) -> list[Any]:
            if self.parts is None:
                self.parts = self.make()
                self.flow = [item for part in self.parts
                             for item in (part if isinstance(part, list) else [part])]
                del self.make  # what it holds may go
            return self.flow

        def split(self, width: float, height: float) -> list[Any]:
            if self.short is None:
                self.short = self.composer.fits(self._content, self.share)
            if self.short:
                kept: list[Any] = super().split(width, height)
                return kept
            assert self.parts is not None
            return [NullActionFlowable(), *(KeepTogether(part) if isinstance(part, list)
                                            else part for part in self.parts)]

    return KeptIfShort


@cache
def _shown_at_top() -> Any:
    from reportlab.platypus import Flowable

    class ShownAtTop(Flowable):  # type: ignore[misc]  # reportlab has no type hints
        """Wraps a paragraph that takes space only at the top of a frame.

        It keeps with what follows, so it moves to a new page together with it. Away
        from the top it still claims a hair of height: reportlab skips zero-height
        flowables when measuring a KeepTogether, and would then forget the next
        one's space before and misjudge whether the group fits. Most such lines are
        never shown, so the paragraph is made only when one is.
        """

        keepWithNext = 1

        def __init__(self, markup: str, style: Any) -> None:
            super().__init__()
            self.markup, self.style = markup, style
            self.line: Any = None
            self.shown = False

        def wrap(self, width: float, height: float) -> tuple[float, float]:
            doc = getattr(getattr(self, "canv", None), "_doctemplate", None)
            frame = getattr(doc, "frame", None)
            self.shown = bool(getattr(frame, "_atTop", False))
            if not self.shown:
                return width, _HAIR
            if self.line is None:
                self.line = _paragraph()(self.markup, self.style)
            measured: tuple[float, float] = self.line.wrap(width, height)
            return measured

        def draw(self) -> None:
            if self.shown:
                self.line.drawOn(self.canv, 0, 0)

    return ShownAtTop


@cache
def _paragraph() -> Any:
    from reportlab.platypus import Paragraph

    class MeasuredParagraph(Paragraph):  # type: ignore[misc]  # reportlab has no type hints
        """A Paragraph that breaks its lines once for a width and remembers them.

        reportlab measures a paragraph again each time something asks its height:
        a block kept on one page, the group a heading keeps with, the frame that
        places it, a table cell. Its lines depend only on its words, its style and the
        width, so the same width gives back what the last wrap found (the lines, the
        height and what breaking them set), as wrapping again would.
        """

        _measured: tuple[Any, ...] | None = None

        def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
            known = self._measured
            if known is not None and known[0] == availWidth:
                (_, self.width, self.height, self.blPara, self._wrapWidths,
                 self._width_max) = known
                return self.width, self.height
            measured: tuple[float, float] = super().wrap(availWidth, availHeight)
            if hasattr(self, "blPara"):  # a width too narrow to lay out sets nothing
                self._measured = (availWidth, self.width, self.height, self.blPara,
                                  self._wrapWidths, getattr(self, "_width_max", 0))
            return measured

    return MeasuredParagraph


@cache
def _page_of() -> Any:
    from reportlab.platypus import Flowable

    class PageOf(Flowable):  # type: ignore[misc]  # reportlab has no type hints
        """A paragraph with the page a section begins on, filled in once it is known.

        Laid out as the widest number it may hold; drawn as a form the canvas fills in
        when the document is saved (in reading order, so it is read and copied in its
        place), with the same paragraph made with the number found.
        """

        def __init__(self, start: SectionStart, text: str, style: Any) -> None:
            super().__init__()
            self.start, self.text, self.style = start, text, style
            self.draft = _paragraph()(markup(text.format(page="0000")), style)

        def wrap(self, width: float, height: float) -> tuple[float, float]:
            self.width, self.height = self.draft.wrap(width, height)
            return self.width, self.height

        def getSpaceBefore(self) -> float:  # noqa: N802 (reportlab's name)
            return float(self.draft.getSpaceBefore())

        def getSpaceAfter(self) -> float:  # noqa: N802 (reportlab's name)
            return float(self.draft.getSpaceAfter())

        def draw(self) -> None:
            self.canv.fill_in_later(self.width, self.height, self._fill_in)

        def _fill_in(self, canvas: Any) -> None:
            found = _paragraph()(markup(self.text.format(page=self.start.page)), self.style)
            found.wrap(self.width, self.height)
            found.drawOn(canvas, 0, 0)

    return PageOf
