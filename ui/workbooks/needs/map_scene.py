"""The needs map as a ``QGraphicsScene`` of Qt's own items: a card per shared need in
its partner's column, a card per commitment in the middle, a line from each commitment
to every need it serves (#12).

Where things go is :func:`exports.needs.map_layout.lay_out`, the same arithmetic the
PDF's vector map uses. :meth:`NeedsMapScene.show_data` compares what it is given with
what it shows and touches only what changed: a need saved again rewrites its own card,
a commitment paused restyles its card and its lines; the others stay the very same
items (at most moved, when a band above them grew or shrank). Nothing is rebuilt.

Importance is a calm neutral shade (lighter to deeper grey, with a thicker edge) and
always also in words on the card; a commitment's state is in words and in its edge and
lines (solid active, dashed proposed, dotted paused): never colour alone, no red or green.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
)

from exports.needs.map_layout import MapLayout, Sizes, lay_out
from ui.workbooks.needs import map_words as w
from ui.workbooks.needs.map_cards import (
    DARK,
    EDGE_WIDTH,
    LIGHT,
    LINES,
    PAD,
    STATE_PEN,
    MapCard,
)
from ui.workbooks.needs.map_words import MapData


class NeedsMapScene(QGraphicsScene):
    """``focused`` carries the description of the card that took the keyboard focus."""

    focused = Signal(str, str, str)  # kind, uuid, description

    def __init__(self, font: QFont, dark: bool = False, parent: Any = None) -> None:
        super().__init__(parent)
        self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
        self.font_ = QFont(font)
        bold = QFont(font)
        bold.setBold(True)
        self.fonts = (QFont(font), bold)
        self.look = DARK if dark else LIGHT
        metrics = QFontMetricsF(self.font_)
        self.line_h = metrics.lineSpacing() + 2
        self.badge_w = self.line_h + 4
        char = metrics.averageCharWidth()
        self.sizes = Sizes(need_w=round(27 * char),
                           need_h=round(2 * PAD + LINES["need"] * self.line_h),
                           commitment_w=round(33 * char),
                           commitment_h=round(2 * PAD + LINES["commitment"] * self.line_h),
                           column_gap=round(5 * char), row_gap=round(self.line_h * 1.5),
                           stack_gap=round(self.line_h * 0.6))
        self.data = MapData()
        self.layout: MapLayout = lay_out((), ())
        self.cards: dict[tuple[str, str], MapCard] = {}
        self.shown: dict[str, Any] = {}  # the commitments on the map, by uuid
        self._paints: dict[tuple[Any, ...], Any] = {}  # see _paint
        self.links: dict[tuple[str, str], QGraphicsLineItem] = {}
        self.signatures: dict[tuple[str, str], tuple[Any, ...]] = {}
        self.touched: set[tuple[str, str]] = set()  # what the last show_data changed
        self.headers = [self._header() for _ in range(3)]
        self.focusItemChanged.connect(self._focus_moved)

    # -- what is shown ------------------------------------------------------------

    def show_data(self, data: MapData) -> set[tuple[str, str]]:
        """Show ``data``: add, rewrite or remove only the cards and lines that differ.
        Returns (and keeps in ``touched``) the keys of what was added, rewritten or
        removed: ("need", uuid), ("commitment", uuid), ("link", "commitment need")."""
        self.data = data
        shown = data.shown_commitments()
        self.layout = lay_out([(n.uuid, n.owner) for n in data.needs],
                              [(c.uuid, c.needs or (c.need,)) for c in shown], self.sizes)
        touched: set[tuple[str, str]] = set()
        wanted: dict[tuple[str, str], tuple[Any, ...]] = {}
        for need in data.needs:
            wanted[("need", need.uuid)] = (need.owner, need.version, tuple(sorted(
                need.fields.items())), data.names.get(need.owner, ""))
        for c in shown:
            notes = tuple((n.uuid, n.kind, n.early) for n in data.notes.get(c.uuid, ()))
            wanted[("commitment", c.uuid)] = (c.doer, c.state, c.version, tuple(sorted(
                c.fields.items())), c.needs, notes, data.names.get(c.doer, ""),
                data.watching(c))
        for key in [k for k in self.cards if k not in wanted]:
            self._remove_card(key)
            touched.add(key)
        needs = {n.uuid: n for n in data.needs}
        commitments = self.shown = {c.uuid: c for c in shown}
        for key, signature in wanted.items():
            kind, uuid = key
            card = self.cards.get(key)
            if card is None:
                card = self._add_card(kind, uuid)
            elif self.signatures.get(key) == signature:
                self._place(card)
                continue
            self.signatures[key] = signature
            if kind == "need":
                self._write_need(card, needs[uuid])
            else:
                self._write_commitment(card, commitments[uuid])
            self._place(card)
            touched.add(key)
        touched |= self._update_links(commitments)
        self._place_headers()
        self.setSceneRect(QRectF(-PAD * 3, -self.line_h * 3 - PAD, self.layout.width + PAD * 6,
                                 self.layout.height + self.line_h * 3 + PAD * 4))
        self.touched = touched
        return touched

    def card(self, kind: str, uuid: str) -> MapCard | None:
        return self.cards.get((kind, uuid))

    def ordered_cards(self) -> list[MapCard]:
        """Every card in reading order: band by band, left need, commitments, right need."""
        return [self.cards[key] for key in self.layout.order if key in self.cards]

    def description(self, card: MapCard) -> str:
        """The card said whole (lazily: a change elsewhere never rewrites it)."""
        titles = {n.uuid: w.need_title(n) for n in self.data.needs}
        if card.kind == "need":
            need = next(n for n in self.data.needs if n.uuid == card.uuid)
            served = sum(1 for c in self.data.shown_commitments()
                         if card.uuid in (c.needs or (c.need,)))
            return w.need_description(self.data, need, served)
        commitment = next(c for c in self.data.commitments if c.uuid == card.uuid)
        return w.commitment_description(self.data, commitment, titles)

    def set_dark(self, dark: bool) -> None:
        """Restyle every item for a light or dark palette (no item is made anew)."""
        look = DARK if dark else LIGHT
        if look == self.look:
            return
        self.look = look
        needs = {n.uuid: n for n in self.data.needs}
        for (kind, uuid), card in self.cards.items():
            if kind == "need":
                self._style_need(card, needs[uuid].importance)
            else:
                self._style_commitment(card, card.data(0) or "active")
        for (commitment, _need), line in self.links.items():
            self._style_link(line, self.cards[("commitment", commitment)].data(0))
        for header in self.headers:
            header.setBrush(QColor(look.text))

    # -- cards --------------------------------------------------------------------

    def _add_card(self, kind: str, uuid: str) -> MapCard:
        card = MapCard(kind, uuid)
        card.setZValue(1)
        self.addItem(card)
        self.cards[(kind, uuid)] = card
        return card

    def _remove_card(self, key: tuple[str, str]) -> None:
        card = self.cards.pop(key)
        self.signatures.pop(key, None)
        if card.hasFocus():
            card.clearFocus()
        self.removeItem(card)

    def _place(self, card: MapCard) -> None:
        boxes = self.layout.needs if card.kind == "need" else self.layout.commitments
        box = boxes[card.uuid]
        if card.pos().x() != box.x or card.pos().y() != box.y:
            card.setPos(box.x, box.y)

    def realize(self, card: MapCard) -> None:
        """Make the items showing ``card``'s words, if they are not there yet."""
        if card.realized:
            return
        if card.kind == "commitment":
            self._mark(card)
        card.make_words(self.fonts, QColor(self.look.text))
        if card.kind == "commitment":
            badge = QGraphicsEllipseItem(card)
            letter = QGraphicsSimpleTextItem(badge)
            letter.setFont(self.fonts[1])
            card.badge, card.letter = badge, letter
            self._write_badge(card)
            self._style_badge(card)

    def realize_in(self, rect: QRectF) -> None:
        """Make the words of every card within ``rect`` (what is about to be painted)."""
        for item in self.items(rect, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, MapCard) and not item.realized:
                self.realize(item)

    def realize_some(self, count: int) -> bool:
        """Make the words of up to ``count`` more cards not yet in view (in reading
        order, a few at a time while nothing else happens, so panning later only
        moves what is there). True once every card has its words."""
        waiting = [card for card in self.ordered_cards() if not card.realized][:count]
        for card in waiting:
            self.realize(card)
        return len(waiting) < count

    def _write_need(self, card: MapCard, need: Any) -> None:
        card.set_lines(w.need_title(need), [w.importance(need).capitalize(), w.lately(need)],
                       self.sizes.need_w, self.sizes.need_h, 0.0, self.fonts,
                       LINES["need"])
        self._style_need(card, need.importance)

    def _paint(self, key: tuple[Any, ...], make: Any) -> Any:
        """A pen, brush or colour made once per look (700 cards share a few)."""
        found = self._paints.get((self.look, *key))
        if found is None:
            found = self._paints[(self.look, *key)] = make()
        return found

    def _style_need(self, card: MapCard, importance: int) -> None:
        look = self.look
        card.setBrush(self._paint(("need brush", importance), lambda: QBrush(
            QColor(look.shades[importance - 1]))))
        edge = look.strong_edge if importance == 3 else look.edge
        card.setPen(self._paint(("need pen", importance), lambda: QPen(
            QColor(edge), EDGE_WIDTH[importance - 1])))
        card.focus_colour = self._paint(("focus",), lambda: QColor(look.focus))
        text = self._paint(("text",), lambda: QBrush(QColor(look.text)))
        for item in card.texts:
            item.setBrush(text)

    def _write_commitment(self, card: MapCard, commitment: Any) -> None:
        how_often = commitment.fields.get("how_often", "").strip()
        second = w.state(commitment).capitalize() + (f" · {how_often}" if how_often else "")
        notes = w.notes_since(self.data.notes.get(commitment.uuid, ()))
        card.initial = w.initial(w.name_of(self.data, commitment.doer))
        if card.realized:  # else asked when it comes into view
            self._mark(card, commitment)
        card.set_lines(w.what(commitment), [second, notes], self.sizes.commitment_w,
                       self.sizes.commitment_h, self.badge_w + 6, self.fonts,
                       LINES["commitment"])
        card.setData(0, commitment.state)
        self._write_badge(card)
        self._style_commitment(card, commitment.state)

    def _mark(self, card: MapCard, commitment: Any = None) -> None:
        """A calm word on a commitment whose words ask for surveillance."""
        if commitment is None:
            commitment = self.shown.get(card.uuid)
        watching = commitment is not None and self.data.watching(commitment)
        card.mark = w.words("surveillance_mark") if watching else ""

    def _write_badge(self, card: MapCard) -> None:
        if card.badge is None or card.letter is None:
            return
        size = self.badge_w
        card.badge.setRect(PAD, PAD - 2, size, size)
        card.letter.setText(card.initial)
        bounds = card.letter.boundingRect()
        card.letter.setPos(PAD + (size - bounds.width()) / 2,
                           PAD - 2 + (size - bounds.height()) / 2)

    def _style_commitment(self, card: MapCard, state: str) -> None:
        look = self.look

        def pen() -> QPen:
            made = QPen(QColor(look.strong_edge), 1.5)
            made.setStyle(STATE_PEN.get(state, Qt.PenStyle.SolidLine))
            return made

        card.setBrush(self._paint(("card brush",), lambda: QBrush(QColor(look.card))))
        card.setPen(self._paint(("card pen", state), pen))
        card.focus_colour = self._paint(("focus",), lambda: QColor(look.focus))
        text = self._paint(("text",), lambda: QBrush(QColor(look.text)))
        for item in card.texts:
            item.setBrush(text)
        self._style_badge(card)

    def _style_badge(self, card: MapCard) -> None:
        if card.badge is None or card.letter is None:
            return
        card.badge.setPen(QPen(QColor(self.look.text), 1.2))
        card.badge.setBrush(QBrush(QColor(self.look.shades[1])))
        card.letter.setBrush(QColor(self.look.text))

    # -- lines ----------------------------------------------------------------------

    def _update_links(self, commitments: dict[str, Any]) -> set[tuple[str, str]]:
        touched: set[tuple[str, str]] = set()
        wanted = {(link.commitment, link.need): link for link in self.layout.links}
        for key in [k for k in self.links if k not in wanted]:
            self.removeItem(self.links.pop(key))
            touched.add(("link", " ".join(key)))
        for key, link in wanted.items():
            line = self.links.get(key)
            state = commitments[key[0]].state
            if line is None:
                line = QGraphicsLineItem()
                line.setZValue(0)
                self.addItem(line)
                self.links[key] = line
                touched.add(("link", " ".join(key)))
            if line.data(0) != state:
                self._style_link(line, state)
                touched.add(("link", " ".join(key)))
            ends = (*link.start, *link.end)
            current = line.line()
            if (current.x1(), current.y1(), current.x2(), current.y2()) != ends:
                line.setLine(*ends)
        return touched

    def _style_link(self, line: QGraphicsLineItem, state: str) -> None:
        def pen() -> QPen:
            made = QPen(QColor(self.look.line), 2.0 if state == "active" else 1.5)
            made.setStyle(STATE_PEN.get(state, Qt.PenStyle.SolidLine))
            return made

        line.setPen(self._paint(("link pen", state), pen))
        line.setData(0, state)

    # -- headings -------------------------------------------------------------------

    def _header(self) -> QGraphicsSimpleTextItem:
        item = QGraphicsSimpleTextItem()
        bold = QFont(self.font_)
        bold.setBold(True)
        bold.setPointSizeF(self.font_.pointSizeF() * 1.15)
        item.setFont(bold)
        item.setBrush(QColor(self.look.text))
        self.addItem(item)
        return item

    def _place_headers(self) -> None:
        columns = self.layout.columns
        first, second, loose = self.headers
        has = {n.owner == 1 for n in self.data.needs}
        first.setText(w.words("column", name=w.name_of(self.data, 1)) if True in has else "")
        second.setText(w.words("column", name=w.name_of(self.data, 2)) if False in has else "")
        if not self.data.needs:
            first.setText(w.words("nothing_shared"))
        first.setPos(columns.get("left", 0.0), -self.line_h * 2.5)
        second.setPos(columns.get("right", 0.0), -self.line_h * 2.5)
        top = self.layout.loose_top
        loose.setText(w.words("loose") if top is not None else "")
        loose.setPos(columns.get("middle", 0.0), (top or 0.0) - self.line_h * 1.5)

    def _focus_moved(self, new: QGraphicsItem | None, _old: Any, _reason: Any) -> None:
        if isinstance(new, MapCard):
            self.focused.emit(new.kind, new.uuid, self.description(new))
