"""A card of the needs map: a focusable rectangle with a few lines of words, and the
map's calm neutral shades for the light and the dark palette (#12).

Importance is a shade (lighter to deeper grey, with a thicker edge) and always also in
words on the card; no hue carries meaning, so no red or green judgement.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from ui import theme

PAD = 10.0
RING = 6.0  # the focus ring's distance around a card (room in boundingRect)
LINES = {"need": 4, "commitment": 5}  # lines of words on a card


class Look(NamedTuple):
    """The map's shades for one palette. Text on every fill is WCAG AA or better."""

    text: str
    card: str  # a commitment card
    shades: tuple[str, str, str]  # needs that matter, matter a lot, matter most
    edge: str
    strong_edge: str
    line: str
    focus: str


LIGHT = Look(text=theme.LIGHT.text, card="#ffffff", shades=("#f7f6f3", "#e4e0d8", "#cdc7bb"),
             edge="#8f8d88", strong_edge="#55534f", line="#7d7b76", focus=theme.LIGHT.focus)
DARK = Look(text=theme.DARK.text, card="#1f1f20", shades=("#2e2e30", "#3b3b3e", "#4a4a4e"),
            edge="#7a7a7e", strong_edge="#b4b4b8", line="#8f8f93", focus=theme.DARK.focus)
EDGE_WIDTH = (1.0, 2.0, 3.5)  # by importance
STATE_PEN = {"active": Qt.PenStyle.SolidLine, "proposed": Qt.PenStyle.DashLine,
             "paused": Qt.PenStyle.DotLine}


class MapCard(QGraphicsRectItem):
    """A need or a commitment: a focusable rectangle holding a few lines of words.

    Its words are items made the first time the card comes into view
    (:meth:`NeedsMapScene.realize_in`): a map of 700 cards shows a few dozen at a time,
    and making every card's words at once took most of the map's opening."""

    def __init__(self, kind: str, uuid: str) -> None:
        super().__init__()
        self.kind, self.uuid = kind, uuid
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsFocusable)
        self.focus_colour = QColor(LIGHT.focus)
        self.head: list[str] = []  # the card's own words, bold, up to two lines
        self.rest: list[str] = []  # the lines under them
        self.indent = 0.0  # room for a commitment's initial
        self.words: tuple[Any, ...] = ()  # set_lines's (no fonts made per card)
        self.initial = ""
        self.mark = ""  # a calm word before the second line (words asking to watch)
        self.texts: list[QGraphicsSimpleTextItem] = []  # [head, rest] once in view
        self.badge: QGraphicsEllipseItem | None = None
        self.letter: QGraphicsSimpleTextItem | None = None

    @property
    def realized(self) -> bool:
        return bool(self.texts)

    def set_lines(self, first: str, rest: list[str], width: float, height: float,
                  indent: float, fonts: tuple[QFont, QFont], lines: int) -> None:
        """``first`` (the card's own words) in bold on up to two lines, then a line each
        of ``rest``, the last of them on two when there is room; what does not fit is
        cut short with "…" (the whole is in the description and the text version).
        Broken into lines when the card is in view (measuring words is most of the
        cost of a card)."""
        self.setRect(0, 0, width, height)
        self.words = (first, tuple(rest), indent, fonts, lines)
        if self.texts:
            self._compose()
            self._place_words()

    def _compose(self) -> None:
        if not self.words:
            return
        first, given, indent, (plain, bold), lines = self.words
        room = self.rect().width() - 2 * PAD
        bold_metrics, metrics = QFontMetricsF(bold), QFontMetricsF(plain)
        head = [line for line in wrapped(first, bold_metrics, room - indent, room) if line]
        rest = [line for line in given if line]
        if self.mark:  # first, so it is never the part cut short
            rest = [f"{self.mark} · {rest[0]}" if rest else self.mark, *rest[1:]]
        if rest and len(head) + len(rest) < lines:
            tail = wrapped(rest[-1], metrics, room, room)
            rest = rest[:-1] + [line for line in tail if line]
        elide = Qt.TextElideMode.ElideRight
        self.head = [bold_metrics.elidedText(line, elide, room - indent) for line in head]
        self.rest = [metrics.elidedText(line, elide, room) for line in rest[:lines - len(head)]]
        self.indent = indent

    def make_words(self, fonts: tuple[QFont, QFont], colour: QColor) -> None:
        """Make the items that show the words (once, when the card comes into view)."""
        if self.texts:
            return
        plain, bold = fonts
        self.texts = [QGraphicsSimpleTextItem(self), QGraphicsSimpleTextItem(self)]
        self.texts[0].setFont(bold)
        self.texts[1].setFont(plain)
        for item in self.texts:
            item.setBrush(colour)
        self._compose()
        self._place_words()

    def _place_words(self) -> None:
        head, rest = self.texts
        head.setText("\n".join(self.head))
        head.setPos(PAD + self.indent, PAD)
        rest.setText("\n".join(self.rest))
        rest.setPos(PAD, PAD + head.boundingRect().height() + 2)

    def shown_text(self) -> list[str]:
        """The lines the card shows (made now if it was not in view yet)."""
        realize = getattr(self.scene(), "realize", None)  # NeedsMapScene's
        if realize is not None:
            realize(self)
        return [*self.head, *self.rest]

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt's name)
        return super().boundingRect().adjusted(-RING - 2, -RING - 2, RING + 2, RING + 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        super().paint(painter, option, widget)
        if self.hasFocus():
            painter.setPen(QPen(self.focus_colour, 3))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self.rect().adjusted(-RING, -RING, RING, RING), 4, 4)

    def focusInEvent(self, event: Any) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: Any) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.update()


def wrapped(words: str, metrics: QFontMetricsF, first: float, second: float) -> list[str]:
    """``words`` on two lines: as many whole words as fit ``first``, the rest after."""
    parts = words.split()
    line = ""
    for count, part in enumerate(parts):
        longer = f"{line} {part}" if line else part
        if metrics.horizontalAdvance(longer) > first:
            if not line:  # one long word: cut it
                return [words, ""]
            return [line, " ".join(parts[count:])]
        line = longer
    return [line, ""]
