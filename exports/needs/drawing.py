"""The needs map drawn for the PDF: reportlab graphics, vector shapes and real text.

The same map as on screen (:mod:`exports.needs.map_layout` places both): partner 1's
need cards on the left, partner 2's on the right, shaded by how much each matters in
the house's quiet neutral tones (lightness only, so it reads in black and white and
with any colour vision; the card also says it in words); the commitments in the middle,
each joined by a line to the needs it serves, with the initial of who does it and,
as plain words, what was noted since its last review ("2 notes since the last review:
kept, missed (said first)"), never a rate.

Text is never made smaller to fit: the map takes the width of the page at a fixed
size (titles 9 pt, everything else 8 pt), and a map taller than a page continues on
the next, cut between cards (:func:`cut_points`), each part
under the columns' names again; a line to a need on another page ends at the page's
edge in a small open circle. A card shows at most three lines of its title and a
commitment three of its words, ending in "…": every word is in the pages that follow.
reportlab is imported inside the functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from exports.house_style import HouseStyle, clean
from exports.house_style.palette import (
    ACCENT,
    ACCENT_SOFT,
    BOX_FILL,
    BOX_LINE,
    INK,
    MUTED,
    PAPER,
    PAUSE_FILL,
    PAUSE_LINE,
    RULE,
    colour,
)
from exports.needs.data import CommitmentRow, NeedRow, NeedsExport, NeedsTexts
from exports.needs.map_layout import Box, MapLayout, Sizes, lay_out

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

TITLE_SIZE = 9.0  # points: a card's title
TEXT_SIZE = 8.0  # points: the smallest text on the map
PADDING = 5.0  # inside a card or a commitment
MAX_LINES = 3  # of a title or a commitment's words; the rest is in the pages after
DETAIL_LINES = 3  # under a commitment's words: its state, what was noted since its review
HEADER = 16.0  # the columns' names above each part of the map
INITIAL_RADIUS = 6.5
# A card's (fill, line, line width) by how much the need matters: deeper, more.
SHADES = {1: (BOX_FILL, BOX_LINE, 0.6), 2: (RULE, BOX_LINE, 0.8), 3: (BOX_LINE, MUTED, 1.3)}


@dataclass(frozen=True)
class _Card:
    """What one item of the map says, in lines already broken for its width."""

    title: tuple[str, ...]
    detail: tuple[str, ...]


def map_sizes(width: float) -> Sizes:
    """The map's measures for a text column ``width`` points wide: the cards hold
    three lines of a title (or of a commitment's words) and a line under them."""
    gap = 16.0
    commitment = round(width * 0.28, 1)
    need = (width - commitment - 2 * gap) / 2
    return Sizes(need_w=need, need_h=2 * PADDING + MAX_LINES * (TITLE_SIZE + 2) + 2
                 + TEXT_SIZE + 2, commitment_w=commitment,
                 commitment_h=2 * PADDING + (MAX_LINES + DETAIL_LINES) * (TEXT_SIZE + 2) + 2,
                 column_gap=gap, row_gap=10.0, stack_gap=6.0)


class MapDrawing:
    """Lays the map out once for a document's text width and fonts, and draws it."""

    def __init__(self, data: NeedsExport, texts: NeedsTexts, names: dict[int, str],
                 style: HouseStyle) -> None:
        self.data, self.texts, self.names, self.style = data, texts, names, style
        self.sizes = map_sizes(style.width)
        self.owners = {need.uuid: need.owner for need in data.needs}
        self.layout: MapLayout = lay_out(
            [(need.uuid, need.owner) for need in data.needs],
            [(row.uuid, row.needs) for row in data.commitments], self.sizes)
        self.cards: dict[str, _Card] = {}
        for need in data.needs:
            self.cards[need.uuid] = self._need_card(need)
        for row in data.commitments:
            self.cards[row.uuid] = self._commitment_card(row)

    # -- measuring -----------------------------------------------------------------------

    def _lines(self, text: str, font: str, size: float, width: float,
               most: int = MAX_LINES) -> tuple[str, ...]:
        """``text`` broken into lines no wider than ``width``, at most ``most``."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        lines: list[str] = []
        current = ""
        for word in clean(text).split():
            while stringWidth(word, font, size) > width:  # a word wider than the card
                cut = len(word)
                while cut > 1 and stringWidth(word[:cut], font, size) > width:
                    cut -= 1
                if current:
                    lines.append(current)
                    current = ""
                lines.append(word[:cut])
                word = word[cut:]
            trial = f"{current} {word}".strip()
            if current and stringWidth(trial, font, size) > width:
                lines.append(current)
                current = word
            else:
                current = trial
        if current:
            lines.append(current)
        if len(lines) > most:
            last = lines[most - 1]
            while last and stringWidth(last + "…", font, size) > width:
                last = last[:-1]
            lines = [*lines[:most - 1], last.rstrip() + "…"]
        return tuple(lines)

    def _need_card(self, need: NeedRow) -> _Card:
        inner = self.sizes.need_w - 2 * PADDING
        title = self._lines(self.texts.title(need), self.style.bold, TITLE_SIZE, inner)
        detail = (self.texts.importance(need.importance),)
        return _Card(title, detail)

    def _commitment_card(self, row: CommitmentRow) -> _Card:
        inner = self.sizes.commitment_w - 2 * PADDING - 2 * INITIAL_RADIUS - 3
        title = self._lines(row.what, self.style.regular, TEXT_SIZE, inner)
        words = self.texts.words.map
        state = {"proposed": words.proposed, "paused": words.paused}.get(row.state, "")
        detail: tuple[str, ...] = (state,) if state else ()
        if row.since_review:  # what was noted since the last review, in words
            detail += self._lines(self.texts.noted_since(row.since_review,
                                                         row.review is not None),
                                  self.style.regular, TEXT_SIZE,
                                  self.sizes.commitment_w - 2 * PADDING,
                                  DETAIL_LINES - len(detail))
        return _Card(title, detail)

    # -- drawing -------------------------------------------------------------------------

    def parts(self, first_room: float, room: float) -> list[Flowable]:
        """The map as drawings, one a page: the first at most ``first_room`` points
        high (what is left of the page it starts on), the others at most ``room``."""
        layout = self.layout
        if not layout.needs and not layout.commitments:
            return []
        cuts = cut_points(layout, room - HEADER, first=first_room - HEADER)
        tops = [0.0, *cuts]
        bottoms = [*cuts, layout.height]
        return [self._part(top, bottom) for top, bottom in zip(tops, bottoms, strict=True)]

    def _part(self, top: float, bottom: float) -> Any:
        from reportlab.graphics.shapes import Drawing

        height = HEADER + (bottom - top)
        drawing = Drawing(self.layout.width, height)
        drawing.hAlign = "LEFT"
        self._header(drawing, height)

        def y(value: float) -> float:  # the map's heights (down) as the drawing's (up)
            return height - HEADER - (value - top)

        for link in self.layout.links:
            self._link(drawing, link.start, link.end, top, bottom, y)
        for uuid, box in self.layout.needs.items():
            if box.y + box.h > top and box.y < bottom:
                self._need(drawing, uuid, box, y)
        for uuid, box in self.layout.commitments.items():
            if box.y + box.h > top and box.y < bottom:
                self._commitment(drawing, uuid, box, y)
        return drawing

    def _header(self, drawing: Any, height: float) -> None:
        from reportlab.graphics.shapes import String

        words, sizes = self.texts.words.map, self.sizes
        middle = sizes.need_w + sizes.column_gap + sizes.commitment_w / 2
        right = self.layout.width - sizes.need_w
        for x, text, anchor in (
                (0.0, words.column.format(name=self.names[1]), "start"),
                (middle, words.middle, "middle"),
                (right, words.column.format(name=self.names[2]), "start")):
            drawing.add(String(x, height - TEXT_SIZE - 2, text, fontName=self.style.bold,
                               fontSize=TEXT_SIZE, fillColor=colour(MUTED),
                               textAnchor=anchor))

    def _link(self, drawing: Any, start: tuple[float, float], end: tuple[float, float],
              top: float, bottom: float, y: Any) -> None:
        """A line, cut to this part of the map; where it is cut, a small open circle."""
        from reportlab.graphics.shapes import Circle, Line

        (x1, y1), (x2, y2) = start, end
        low, high = min(y1, y2), max(y1, y2)
        if high < top or low > bottom:
            return
        ends = []
        for edge in (top, bottom):
            if low < edge < high:
                share = (edge - y1) / (y2 - y1)
                ends.append((x1 + share * (x2 - x1), edge))
        points = [(x, v) for x, v in ((x1, y1), (x2, y2)) if top <= v <= bottom] + ends
        if len(points) < 2:
            return
        (ax, ay), (bx, by) = points[0], points[1]
        drawing.add(Line(ax, y(ay), bx, y(by), strokeColor=colour(MUTED), strokeWidth=0.6))
        for x, v in ends:
            drawing.add(Circle(x, y(v), 1.8, strokeColor=colour(MUTED), strokeWidth=0.6,
                               fillColor=colour(PAPER)))

    def _need(self, drawing: Any, uuid: str, box: Box, y: Any) -> None:
        from reportlab.graphics.shapes import Rect

        need = self.data.need(uuid)
        fill, line, width = SHADES.get(need.importance if need else 1, SHADES[1])
        drawing.add(Rect(box.x, y(box.y + box.h), box.w, box.h, rx=3, ry=3,
                         fillColor=colour(fill), strokeColor=colour(line),
                         strokeWidth=width))
        card = self.cards[uuid]
        self._text(drawing, box, card, self.style.bold, TITLE_SIZE, y)

    def _commitment(self, drawing: Any, uuid: str, box: Box, y: Any) -> None:
        from reportlab.graphics.shapes import Circle, Rect, String

        row = self.data.commitment(uuid)
        paused = row is not None and row.state == "paused"
        fill, line = (PAUSE_FILL, PAUSE_LINE) if paused else (PAPER, ACCENT_SOFT)
        rect = Rect(box.x, y(box.y + box.h), box.w, box.h, rx=6, ry=6,
                    fillColor=colour(fill), strokeColor=colour(line), strokeWidth=0.9)
        if row is not None and row.state == "proposed":
            rect.strokeDashArray = [3, 2]
        drawing.add(rect)
        self._text(drawing, box, self.cards[uuid], self.style.regular, TEXT_SIZE, y)
        if row is None:
            return
        cx = box.x + box.w - PADDING - INITIAL_RADIUS
        cy = y(box.y + PADDING + INITIAL_RADIUS)
        drawing.add(Circle(cx, cy, INITIAL_RADIUS, fillColor=colour(ACCENT),
                           strokeColor=None))
        initial = (self.names[row.doer][:1] or "?").upper()
        drawing.add(String(cx, cy - TEXT_SIZE * 0.35, initial, fontName=self.style.bold,
                           fontSize=TEXT_SIZE, fillColor=colour(PAPER),
                           textAnchor="middle"))

    def _text(self, drawing: Any, box: Box, card: _Card, font: str, size: float,
              y: Any) -> None:
        from reportlab.graphics.shapes import String

        line_y = box.y + PADDING + size * 0.8
        for line in card.title:
            drawing.add(String(box.x + PADDING, y(line_y), line, fontName=font,
                               fontSize=size, fillColor=colour(INK)))
            line_y += size + 2
        line_y += 2
        for line in card.detail:
            drawing.add(String(box.x + PADDING, y(line_y), line,
                               fontName=self.style.regular, fontSize=TEXT_SIZE,
                               fillColor=colour(MUTED)))
            line_y += TEXT_SIZE + 2

    def legend(self) -> Any:
        """The three shades with their words, for under the map's note."""
        from reportlab.graphics.shapes import Drawing, Rect, String
        from reportlab.pdfbase.pdfmetrics import stringWidth

        words = self.texts.words
        drawing = Drawing(self.layout.width, 16)
        drawing.hAlign = "LEFT"
        regular = self.style.regular
        drawing.add(String(0, 4, words.map.legend, fontName=regular, fontSize=TEXT_SIZE,
                           fillColor=colour(MUTED)))
        x = stringWidth(words.map.legend, regular, TEXT_SIZE) + 8
        for level in (1, 2, 3):
            fill, line, width = SHADES[level]
            drawing.add(Rect(x, 1, 18, 11, rx=2, ry=2, fillColor=colour(fill),
                             strokeColor=colour(line), strokeWidth=width))
            label = self.texts.importance(level)
            drawing.add(String(x + 22, 4, label, fontName=regular, fontSize=TEXT_SIZE,
                               fillColor=colour(INK)))
            x += 22 + stringWidth(label, regular, TEXT_SIZE) + 12
        return drawing


def cut_points(layout: MapLayout, page_height: float,
               first: float | None = None) -> list[float]:
    """Heights at which to cut a map taller than ``page_height`` into pages, each cut
    between items (never through a card or a commitment) where one is possible.

    ``first`` is the room on the first page, when it is less (under a heading).
    Returns the top of each page after the first, in the map's units; an empty list when
    the whole map fits. An item taller than a page is cut through, as it must be.
    """
    from bisect import bisect_right

    boxes = sorted([*layout.needs.values(), *layout.commitments.values()],
                   key=lambda box: box.y)
    # The tops no item straddles: every item above ends at or above them.
    free: list[float] = []
    lowest = float("-inf")  # the lowest bottom of the items above
    for box in boxes:
        if box.y >= lowest and (not free or box.y > free[-1]):
            free.append(box.y)
        lowest = max(lowest, box.y + box.h)
    cuts: list[float] = []
    top, room = 0.0, page_height if first is None else first
    while layout.height - top > room:
        limit = top + room
        below = bisect_right(free, limit)
        top = free[below - 1] if below and free[below - 1] > top else limit
        cuts.append(top)
        room = page_height
    return cuts
