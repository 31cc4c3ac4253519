"""A whole document in the house style: a cover, then sections that each begin a page.

One workbook's PDF is a cover and its own sections; the therapy-session packet is a
cover that lists the sections several workbooks contributed (each a
``session_section(...)``), with the page each begins on. Every page gets the house
footer. The stream is written once, when the layout is final.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, BinaryIO

from exports.house_style.page import Footer, numbered_canvas
from exports.house_style.styles import HouseStyle

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

Progress = Callable[[float], None]
# The cover as flowables, or a function that makes it from the first page of each
# section (0 while not known yet), for a cover that lists them.
Cover = Sequence["Flowable"] | Callable[[list[int]], Sequence["Flowable"]]
_MAX_PASSES = 4  # a cover listing pages is laid out until its numbers stop moving


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

    ``title`` goes in the PDF's properties (never a name). Returns the page each
    section begins on (0 for an empty one, which is left out). When ``cover`` is a
    function it is called with those pages, and the document is laid out again until
    they no longer change. ``progress`` hears rising fractions from 0.0 to 1.0.
    """
    listing = callable(cover)
    starts = [0] * len(sections)
    report = _Reporter(progress)
    for attempt in range(_MAX_PASSES if listing else 1):
        front = list(cover(list(starts)) if callable(cover) else cover)
        found = [0] * len(sections)
        story = _story(front, sections, found)
        target: BinaryIO = io.BytesIO() if listing else stream
        doc = style.page.template(target, title)
        # One pass reports 0 to 1; a cover that lists pages takes two or more.
        report.span(*((0.0, 1.0) if not listing else (0.0, 0.5) if attempt == 0 else (0.5, 1.0)))
        doc.setProgressCallBack(report)
        doc.build(story, canvasmaker=numbered_canvas(footer, style.regular, doc))
        settled = found == starts
        starts = found
        if not listing:
            break
        if settled or attempt == _MAX_PASSES - 1:
            stream.write(target.getvalue())  # type: ignore[attr-defined]
            break
    report.finish()
    return starts


def _story(front: list[Flowable], sections: Sequence[Section], found: list[int]) -> list[Any]:
    from reportlab.platypus import PageBreak

    story: list[Any] = list(front)
    for number, section in enumerate(sections):
        if not section.flowables:
            continue
        if story:
            story.append(PageBreak())
        story.append(_page_mark()(found, number))
        story += section.flowables
    return story


@cache
def _page_mark() -> Any:
    from reportlab.platypus import Flowable

    class PageMark(Flowable):  # type: ignore[misc]  # reportlab has no type hints
        """Takes no room; notes the page it is drawn on (where a section begins)."""

        def __init__(self, found: list[int], number: int) -> None:
            super().__init__()
            self.found, self.number = found, number

        def wrap(self, width: float, height: float) -> tuple[float, float]:
            return 0, 0

        def draw(self) -> None:
            self.found[self.number] = self.canv.getPageNumber()

    return PageMark


class _Reporter:
    """Turns reportlab's flowable counts into rising fractions, about one a percent."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.total, self.told, self.low, self.high = 1.0, 0.0, 0.0, 1.0

    def span(self, low: float, high: float) -> None:
        """This pass reports between ``low`` and ``high``."""
        self.low, self.high, self.total = low, high, 1.0

    def __call__(self, kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            self.total = max(1.0, float(value))
        elif kind == "PROGRESS":
            done = min(1.0, max(0.0, value / self.total))
            self._tell(self.low + (self.high - self.low) * done)
        elif kind == "FINISHED":
            self._tell(self.high)

    def _tell(self, fraction: float) -> None:
        if self.progress is not None and (fraction >= self.told + 0.01
                                          or (fraction == 1.0 and self.told < 1.0)):
            self.told = fraction
            self.progress(fraction)

    def finish(self) -> None:
        self._tell(1.0)
