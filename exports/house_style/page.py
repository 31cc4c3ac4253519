"""The house page: paper, margins, and the footer with "Page N of M" on every page."""

from __future__ import annotations

import copy
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from exports.house_style.palette import BOX_LINE, MUTED, colour

PaperSize = Literal["A4", "letter"]

_MM = 72 / 25.4  # points in a millimetre
FRAME_PADDING = 6  # points reportlab's frame keeps inside each margin


@dataclass(frozen=True)
class Footer:
    """What every page says at its foot: a line on the left, the page on the right.

    ``page`` is a format with ``{page}`` and, if it wants it, ``{pages}`` ("Page 2 of 5").
    """

    line: str
    page: str


@dataclass(frozen=True)
class Page:
    """The paper and the margins (in millimetres) every Trellis document is laid on."""

    paper: PaperSize = "A4"
    left: float = 22
    right: float = 22
    top: float = 20
    bottom: float = 24

    @property
    def size(self) -> tuple[float, float]:
        """Width and height in points."""
        from reportlab.lib.pagesizes import A4, LETTER

        width, height = LETTER if self.paper == "letter" else A4
        return float(width), float(height)

    @property
    def text_width(self) -> float:
        """The width a flowable may take: inside the margins and the frame's padding.

        Worked out in the order reportlab's document and frame do, to the last bit, so a
        paragraph measured ahead at this width is measured at the frame's width too (see
        the composer's paragraphs, which keep their lines for a width).
        """
        left = self.left * _MM
        width = (self.size[0] - self.right * _MM) - left  # the document's width
        return (left + width) - left - FRAME_PADDING - FRAME_PADDING  # the frame's

    @property
    def text_height(self) -> float:
        bottom = self.bottom * _MM
        height = (self.size[1] - self.top * _MM) - bottom
        return (bottom + height) - (bottom + FRAME_PADDING) - FRAME_PADDING

    def template(self, stream: Any, title: str) -> Any:
        """A reportlab document on this page; the PDF's properties name no one."""
        from reportlab.platypus import BaseDocTemplate, PageTemplate

        doc = BaseDocTemplate(
            stream,
            pagesize=self.size,
            leftMargin=self.left * _MM,
            rightMargin=self.right * _MM,
            topMargin=self.top * _MM,
            bottomMargin=self.bottom * _MM,
            title=title,
            author="",
            subject="",
            creator="Trellis",
        )
        # One frame inside the margins, as reportlab's SimpleDocTemplate makes.
        frame = _text_frame()(doc.leftMargin, doc.bottomMargin, doc.width, doc.height,
                              id="normal")
        doc.addPageTemplates([PageTemplate(id="page", frames=[frame], pagesize=self.size)])
        return doc


@cache
def _text_frame() -> Any:
    from reportlab.platypus import Frame

    class TextFrame(Frame):  # type: ignore[misc]  # reportlab has no type hints
        """reportlab's frame, copied cheaply.

        To measure a group kept on one page, reportlab deep-copies the frame, once per
        group: a copy of its numbers and lists does the same for a fraction of the
        cost (about a twentieth of a long document's time went there).
        """

        def __deepcopy__(self, memo: dict[int, Any]) -> Any:
            twin = copy.copy(self)
            for name, value in self.__dict__.items():
                if isinstance(value, list | dict):
                    twin.__dict__[name] = copy.deepcopy(value, memo)
            return twin

    return TextFrame


def numbered_canvas(footer: Footer, font: str, doc: Any) -> Any:
    """A canvas class that draws ``footer`` on every page once the page count is known.

    Pages are kept (as canvas state) until the document is saved, then each gets its
    footer; a kept page's drawing is held compressed (a long document's pages took about
    24 KiB each as reportlab's list of operations, 1.4 KiB compressed: 100 MiB against 6
    at 4,000 pages). What a page may only say once later pages are drawn (the page a
    section begins on) is drawn there as a form, filled in on saving
    (:meth:`fill_in_later`). ``doc`` gives the page size and margins.
    """
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    # Frames pad their content; line the footer up with the text.
    left = doc.leftMargin + FRAME_PADDING
    right = doc.pagesize[0] - doc.rightMargin - FRAME_PADDING
    y = 13 * mm
    line_colour, text_colour = colour(BOX_LINE), colour(MUTED)

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            # Each kept page: whether it holds only what differs from the first page's
            # state (this dict, filled in place on the first page), and that state.
            self._kept_pages: list[tuple[bool, dict[str, Any]]] = []
            self._first_page: dict[str, Any] = {}
            self._later: list[tuple[str, float, float, Callable[[Any], None]]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            state = dict(self.__dict__)
            state["_code"] = zlib.compress("\n".join(self._code).encode("utf-8"), 1)
            first = self._first_page
            if not first:
                first.update(state)
            if first.keys() <= state.keys():
                # A page differs from the first in a few of the canvas's sixty or so
                # attributes: keep those (the same objects), not a whole copy of the
                # state (4 KiB a page, 17 MiB at 4,351 pages).
                self._kept_pages.append((True, {name: value for name, value in state.items()
                                                if name == "_code"
                                                or first.get(name, first) is not value}))
            else:
                self._kept_pages.append((False, state))
            self._startPage()

        def fill_in_later(self, width: float, height: float,
                          draw: Callable[[Any], None]) -> None:
            """Draw here, on saving, what ``draw(canvas)`` draws in a ``width`` by
            ``height`` box whose lower left corner is here."""
            name = f"TrellisLater{len(self._later)}"
            self._later.append((name, width, height, draw))
            self.doForm(name)

        def save(self) -> None:
            for name, width, height, draw in self._later:
                # Room around the box, so no descender or accent is cut off.
                self.beginForm(name, -width, -height, 2 * width, 2 * height)
                draw(self)
                self.endForm()
            pages = len(self._kept_pages)
            while self._kept_pages:
                partial, state = self._kept_pages.pop(0)
                if partial:
                    self.__dict__.update(self._first_page)
                # The same operations joined as reportlab joins them when it writes.
                state["_code"] = [zlib.decompress(state["_code"]).decode("utf-8")]
                self.__dict__.update(state)
                self._draw_footer(pages)
                Canvas.showPage(self)
                _encode_now(self._doc.Pages.pages[-1])
            Canvas.save(self)

        def _draw_footer(self, pages: int) -> None:
            self.saveState()
            self.setStrokeColor(line_colour)
            self.setLineWidth(0.5)
            self.line(left, y + 5 * mm, right, y + 5 * mm)
            self.setFillColor(text_colour)
            self.setFont(font, 8.5)
            self.drawString(left, y, footer.line)
            self.drawRightString(
                right, y, footer.page.format(page=self.getPageNumber(), pages=pages)
            )
            self.restoreState()

    return NumberedCanvas


def _encode_now(page: Any) -> None:
    """Pass a page's contents through reportlab's stream filters now, as it would when
    it writes the file, and let go of the text: reportlab holds every page's text until
    then (26 MiB at 4,351 pages, beside the file being written). The bytes written are
    the same."""
    filters = _page_filters() if page.compression else None
    if filters is None or page.Contents or not page.stream:
        return  # not compressed, or made otherwise: reportlab's own way
    from reportlab.pdfbase.pdfdoc import PDFStream

    encoded = page.stream
    for step in reversed(filters):  # the order PDFStream.format applies them
        encoded = step.encode(encoded)
    contents = PDFStream(content=_Encoded(encoded),
                         filters=[_Applied(step.pdfname) for step in filters])
    contents.__Comment__ = "page stream"  # as PDFPage.check_format names it
    page.Contents = contents
    page.stream = None


def _page_filters() -> list[Any]:
    """The filters reportlab's PDFPage gives a compressed page (check_format)."""
    from reportlab import rl_config
    from reportlab.pdfbase.pdfdoc import PDFBase85Encode, PDFZCompress

    return [PDFBase85Encode, PDFZCompress] if rl_config.useA85 else [PDFZCompress]


class _Encoded:
    """A page's contents with every filter applied already."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data


class _Applied:
    """One of reportlab's stream filters, already applied: it only names itself."""

    def __init__(self, pdfname: str) -> None:
        self.pdfname = pdfname

    def encode(self, content: Any) -> Any:
        return content.data if isinstance(content, _Encoded) else content
