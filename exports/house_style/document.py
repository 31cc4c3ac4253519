"""A whole document in the house style: a cover, then sections that each begin a page.

One workbook's PDF is a cover and its own sections; the therapy-session packet is a
cover that lists the sections several workbooks contributed (each a
``session_section(...)``), with the page each begins on. Every page gets the house
footer. The document is laid out once: a cover that lists pages names them with
:meth:`~exports.house_style.Composer.page_of`, whose numbers are filled in when the
sections are drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, BinaryIO

from exports.house_style.page import Footer, numbered_canvas
from exports.house_style.styles import HouseStyle

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

Progress = Callable[[float], None]


@dataclass
class SectionStart:
    """The page a section begins on: 0 until it is drawn (or when it is left out)."""

    page: int = 0


# The cover as flowables, or a function that makes it given where each section will
# begin, for a cover that lists them (with Composer.page_of).
Cover = Sequence["Flowable"] | Callable[[list[SectionStart]], Sequence["Flowable"]]


@dataclass(frozen=True)
class Section:
    """A part that begins on a new page; ``title`` is how a cover may list it."""

    title: str
    flowables: list[Flowable] = field(default_factory=list)


def build_document(
    stream: BinaryIO,
    style: HouseStyle,
    footer: Footer,
    *,
    title: str,
    cover: Cover,
    sections: Sequence[Section] = (),
    progress: Progress | None = None,
) -> list[int]:
    """Draw ``cover`` and then each non-empty section from a new page into ``stream``.

    ``title`` goes in the PDF's properties (never a name). Each section's flowables are
    moved into the document, leaving its list empty. Returns the page each section
    begins on (0 for an empty one, which is left out). When ``cover`` is a
    function it is called once, with a :class:`SectionStart` for each section, which
    it may list with :meth:`~exports.house_style.Composer.page_of`. ``progress`` hears
    rising fractions from 0.0 to 1.0.
    """
    starts = [SectionStart() for _ in sections]
    front = list(cover(starts) if callable(cover) else cover)
    report = _Reporter(progress)
    doc = style.page.template(stream, title)
    doc.setProgressCallBack(report)
    doc.build(_story(front, sections, starts),
              canvasmaker=numbered_canvas(footer, style.regular, doc))
    report.finish()
    return [start.page for start in starts]


def _story(front: list[Flowable], sections: Sequence[Section],
           starts: list[SectionStart]) -> list[Any]:
    from reportlab.platypus import PageBreak

    story: list[Any] = list(front)
    for section, start in zip(sections, starts, strict=True):
        if not section.flowables:
            continue
        if story:
            story.append(PageBreak())
        story.append(_page_mark()(start))
        story += section.flowables
        # Moved, not copied: reportlab lets go of each flowable once it is drawn, and a
        # long document held whole kept every page's broken lines until the end (the
        # collector's passes over them were a sixth of the build). Laid out flowables
        # are changed by reportlab and cannot be laid out again anyway.
        section.flowables.clear()
    return story


@cache
def _page_mark() -> Any:
    from reportlab.platypus import Flowable

    class PageMark(Flowable):  # type: ignore[misc]  # reportlab has no type hints
        """Takes no room; notes the page it is drawn on (where a section begins)."""

        def __init__(self, start: SectionStart) -> None:
            super().__init__()
            self.start = start

        def wrap(self, width: float, height: float) -> tuple[float, float]:
            return 0, 0

        def draw(self) -> None:
            self.start.page = self.canv.getPageNumber()

    return PageMark


class _Reporter:
    """Turns reportlab's flowable counts into rising fractions, about one a percent."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.total, self.told = 1.0, 0.0

    def __call__(self, kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            self.total = max(1.0, float(value))
        elif kind == "PROGRESS":
            self._tell(min(1.0, max(0.0, value / self.total)))
        elif kind == "FINISHED":
            self._tell(1.0)

    def _tell(self, fraction: float) -> None:
        if self.progress is not None and (fraction >= self.told + 0.01
                                          or (fraction == 1.0 and self.told < 1.0)):
            self.told = fraction
            self.progress(fraction)

    def finish(self) -> None:
        self._tell(1.0)
