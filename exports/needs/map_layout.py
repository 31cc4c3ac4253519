"""Where each card of the needs map goes: one layout for the scene on screen and the
vector drawing in the PDF (#12).

Three columns: the first partner's needs on the left, the second partner's on the
right, the commitments in the middle, joined by lines to the needs they serve. The map
is read in bands from the top: band ``i`` holds the ``i``-th need of each column and,
beside them in the middle, the commitments whose first need is one of those two. A
commitment whose needs are none of those shown (a need withdrawn) stands in a last band
of its own, without a line.

Pure arithmetic on uuids and sizes: no Qt, no reportlab, no words. Coordinates grow to
the right and downwards from (0, 0) at the map's top-left corner, in whatever unit the
sizes are given in (pixels on screen, points in a PDF: there ``y`` is flipped as
``height - y - h``). Nothing moves unless the needs or commitments before it changed,
so an edit of one card leaves every other card where it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Box:
    """A card's place: top-left corner, width and height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def mid_y(self) -> float:
        return self.y + self.h / 2

    @property
    def right(self) -> float:
        return self.x + self.w


@dataclass(frozen=True)
class Link:
    """A line from a commitment to a need it serves, edge to facing edge."""

    commitment: str
    need: str
    start: tuple[float, float]  # on the commitment card
    end: tuple[float, float]  # on the need card


@dataclass(frozen=True)
class Sizes:
    """Card sizes and gaps, in the drawing's unit."""

    need_w: float = 220
    need_h: float = 96
    commitment_w: float = 240
    commitment_h: float = 84
    column_gap: float = 72  # between a need column and the middle
    row_gap: float = 28  # between bands
    stack_gap: float = 10  # between commitments of one band


@dataclass(frozen=True)
class MapLayout:
    """Every card's box, every line, the reading order and the map's size."""

    needs: dict[str, Box]
    commitments: dict[str, Box]
    links: tuple[Link, ...]
    # ("need" | "commitment", uuid) band by band: left need, the band's commitments,
    # right need; the loose commitments last. Keyboard focus and the text follow it.
    order: tuple[tuple[str, str], ...]
    width: float
    height: float
    loose_top: float | None = None  # where the commitments with no need shown begin
    columns: dict[str, float] = field(default_factory=dict)  # "left", "middle", "right" x


def lay_out(needs: Sequence[tuple[str, int]],
            commitments: Sequence[tuple[str, Sequence[str]]],
            sizes: Sizes | None = None) -> MapLayout:
    """The map's layout for ``needs`` as (uuid, owner) in the order they are listed
    (owner 1 left, any other right) and ``commitments`` as (uuid, the needs it serves,
    its own need first)."""
    s = sizes or Sizes()
    left_x = 0.0
    middle_x = s.need_w + s.column_gap
    right_x = middle_x + s.commitment_w + s.column_gap
    columns: dict[int, list[str]] = {1: [], 2: []}
    side: dict[str, int] = {}
    for uuid, owner in needs:
        column = 1 if owner == 1 else 2
        columns[column].append(uuid)
        side[uuid] = column
    by_need: dict[str, list[str]] = {}
    loose: list[str] = []
    served: dict[str, list[str]] = {}
    for uuid, serves in commitments:
        shown = [need for need in serves if need in side]
        served[uuid] = shown
        if shown:
            by_need.setdefault(shown[0], []).append(uuid)
        else:
            loose.append(uuid)

    need_boxes: dict[str, Box] = {}
    commitment_boxes: dict[str, Box] = {}
    order: list[tuple[str, str]] = []
    y = 0.0
    for band in range(max(len(columns[1]), len(columns[2]))):
        band_needs = [columns[c][band] if band < len(columns[c]) else None for c in (1, 2)]
        stacked = [c for need in band_needs if need for c in by_need.get(need, ())]
        stack_y = y
        for uuid in stacked:
            commitment_boxes[uuid] = Box(middle_x, stack_y, s.commitment_w, s.commitment_h)
            stack_y += s.commitment_h + s.stack_gap
        left, right = band_needs
        if left:
            need_boxes[left] = Box(left_x, y, s.need_w, s.need_h)
            order.append(("need", left))
        order.extend(("commitment", uuid) for uuid in stacked)
        if right:
            need_boxes[right] = Box(right_x, y, s.need_w, s.need_h)
            order.append(("need", right))
        height = max(s.need_h, stack_y - y - s.stack_gap if stacked else 0.0)
        y += height + s.row_gap

    loose_top = y if loose else None
    for uuid in loose:
        commitment_boxes[uuid] = Box(middle_x, y, s.commitment_w, s.commitment_h)
        order.append(("commitment", uuid))
        y += s.commitment_h + s.stack_gap

    links = []
    for uuid, shown in served.items():
        box = commitment_boxes[uuid]
        for need in shown:
            target = need_boxes[need]
            if side[need] == 1:
                links.append(Link(uuid, need, (box.x, box.mid_y), (target.right, target.mid_y)))
            else:
                links.append(Link(uuid, need, (box.right, box.mid_y), (target.x, target.mid_y)))
    height = max(0.0, y - (s.stack_gap if loose else s.row_gap)) if order else 0.0
    return MapLayout(
        needs=need_boxes, commitments=commitment_boxes, links=tuple(links),
        order=tuple(order), width=right_x + s.need_w, height=height, loose_top=loose_top,
        columns={"left": left_x, "middle": middle_x, "right": right_x},
    )
