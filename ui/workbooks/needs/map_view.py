"""The map page: the needs map drawn (:class:`MapView` over a
:class:`~ui.workbooks.needs.map_scene.NeedsMapScene`) beside the same map as text (#12).

Keyboard: Tab and Shift+Tab go through the cards in reading order (and leave the map
after the last), the arrow keys go to the nearest card above, below or in the next
column, Enter opens the focused card (:attr:`MapPage.open_card`, for the tab);
Shift with the arrow keys scrolls, as does dragging; Ctrl with +, − or 0, or Ctrl with
the wheel, zooms. A focused card has a ring drawn around it.

Items of a ``QGraphicsScene`` have no accessibility of their own: the view's
accessible description is the focused card said whole (a DescriptionChanged event
tells a screen reader), and the text version beside it holds every card.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QGraphicsView,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui.texts import counted
from ui.widgets.common import body_label, named
from ui.widgets.fitting import keep_splitter
from ui.workbooks import WorkbookContext
from ui.workbooks.needs.map_cards import MapCard
from ui.workbooks.needs.map_scene import NeedsMapScene
from ui.workbooks.needs.map_text import map_html
from ui.workbooks.needs.map_words import MapData, words
from ui.workbooks.needs.store import NeedsStore, store_of

ZOOM_STEP = 1.25
ZOOM_RANGE = (0.25, 4.0)
WORDS_AHEAD = 24  # cards' words made per turn of the event loop after the first paint
Loader = Callable[[WorkbookContext], tuple[MapData, int]]


def load_map(ctx: WorkbookContext) -> tuple[MapData, int]:
    """The shared needs and commitments and the notes since each one's last review,
    with the count of records that could not be opened."""
    from models import needs as model

    keys = ctx.session.keyring
    shared, damaged = model.load_needs(keys)
    commitments, broken = model.load_commitments(keys)
    notes = model.notes_since_review(keys)
    names = {p: ctx.session.name_of(p) for p in (1, 2)}
    return MapData(shared, commitments, notes, names), len(damaged) + len(broken)


def is_dark(widget: QWidget) -> bool:
    return widget.palette().color(widget.backgroundRole()).lightness() < 128


FIT_SMALLEST = 0.7  # the smallest zoom a first view picks by itself


class MapView(QGraphicsView):
    """The drawing: zoom, pan, and focus moved from card to card by the keyboard."""

    open_card = Signal(str, str)  # kind ("need" | "commitment"), uuid

    def __init__(self, scene: NeedsMapScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.map = scene
        named(self, "needsMapView", words("view"))
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        scene.focused.connect(self._card_focused)
        self.after_paint: list[Callable[[], None]] = []  # run once the map has painted

    # -- zoom -----------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        low, high = ZOOM_RANGE
        factor = max(low / self.zoom(), min(high / self.zoom(), factor))
        self.scale(factor, factor)

    def reset_zoom(self) -> None:
        self.resetTransform()

    def fit_width(self, smallest: float = FIT_SMALLEST) -> None:
        """Both columns in view on a narrow window: zoom out until the map's width fits,
        but never below ``smallest`` (the words must stay readable; past it, pan)."""
        wide = self.sceneRect().width()
        room = self.viewport().width() - 8
        if wide <= 0 or room <= 0 or wide <= room:
            return
        self.resetTransform()
        fit = max(smallest, room / wide)
        self.scale(fit, fit)
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().minimum())

    def wheelEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(ZOOM_STEP ** steps)
            event.accept()
            return
        super().wheelEvent(event)

    # -- keyboard -------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            key = event.key()  # type: ignore[attr-defined]
            plain = not (event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier  # type: ignore[attr-defined]
                         & ~Qt.KeyboardModifier.KeypadModifier)
            if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and plain:
                backwards = key == Qt.Key.Key_Backtab or bool(
                    event.modifiers() & Qt.KeyboardModifier.ShiftModifier)  # type: ignore[attr-defined]
                if self.step(-1 if backwards else 1):
                    return True
                return self.focusNextPrevChild(not backwards)
        return super().event(event)

    def focusNextPrevChild(self, next_: bool) -> bool:  # noqa: N802
        # QGraphicsView would hand Tab to the scene's own chain; leave the view instead.
        return QWidget.focusNextPrevChild(self, next_)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        arrows = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right)
        if key in arrows and mods == Qt.KeyboardModifier.NoModifier:
            self.go(key)
            event.accept()
            return
        if key in arrows and mods == Qt.KeyboardModifier.ShiftModifier:
            bar = (self.verticalScrollBar() if key in arrows[:2] else
                   self.horizontalScrollBar())
            sign = -1 if key in (Qt.Key.Key_Up, Qt.Key.Key_Left) else 1
            bar.setValue(bar.value() + sign * bar.singleStep() * 3)
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            card = self.focused_card()
            if card is not None:
                self.open_card.emit(card.kind, card.uuid)
                event.accept()
                return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: Any) -> None:  # noqa: N802
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, MapCard):
            item = item.parentItem()
        if isinstance(item, MapCard):
            self.open_card.emit(item.kind, item.uuid)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def focusInEvent(self, event: Any) -> None:  # noqa: N802
        super().focusInEvent(event)
        if self.focused_card() is None:
            cards = self.map.ordered_cards()
            if cards:
                backwards = event.reason() == Qt.FocusReason.BacktabFocusReason
                self.focus_card(cards[-1] if backwards else cards[0])

    def focused_card(self) -> MapCard | None:
        item = self.map.focusItem()
        return item if isinstance(item, MapCard) else None

    def focus_card(self, card: MapCard) -> None:
        card.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ensureVisible(card, 24, 24)

    def step(self, by: int) -> bool:
        """Focus the next (or previous) card in reading order; False past either end."""
        cards = self.map.ordered_cards()
        current = self.focused_card()
        if current is None or current not in cards:
            return False
        at = cards.index(current) + by
        if not 0 <= at < len(cards):
            return False
        self.focus_card(cards[at])
        return True

    def go(self, key: int) -> None:
        """The nearest card above or below in the same column, or beside in the next."""
        current = self.focused_card()
        cards = self.map.ordered_cards()
        if current is None:
            if cards:
                self.focus_card(cards[0])
            return
        here = current.pos()
        xs = sorted({card.pos().x() for card in cards})
        column = xs.index(here.x())
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            column += -1 if key == Qt.Key.Key_Left else 1
            if not 0 <= column < len(xs):
                return
            same = [c for c in cards if c.pos().x() == xs[column]]
            if same:
                self.focus_card(min(same, key=lambda c: abs(c.pos().y() - here.y())))
            return
        below = key == Qt.Key.Key_Down
        same = [c for c in cards if c.pos().x() == here.x()
                and (c.pos().y() > here.y() if below else c.pos().y() < here.y())]
        if same:
            self.focus_card(min(same, key=lambda c: abs(c.pos().y() - here.y())))

    # -- words made as cards come into view -----------------------------------------

    def scrollContentsBy(self, dx: int, dy: int) -> None:  # noqa: N802
        super().scrollContentsBy(dx, dy)
        # At close the scene (a child of this view) can be deleted before the view's
        # last scroll: then there is nothing to make words for.
        if isValid(self.map):
            self.map.realize_in(self.mapToScene(self.viewport().rect()).boundingRect())

    def paintEvent(self, event: Any) -> None:  # noqa: N802
        # What scrolling, zooming or a change did not make yet (adds items only once).
        if isValid(self.map):
            self.map.realize_in(self.mapToScene(event.rect()).boundingRect())
        super().paintEvent(event)
        if self.after_paint:
            later, self.after_paint = self.after_paint, []
            for work in later:
                QTimer.singleShot(0, work)

    def _card_focused(self, _kind: str, _uuid: str, description: str) -> None:
        self.setAccessibleDescription(description)
        if QAccessible.isActive():
            QAccessible.updateAccessibility(
                QAccessibleEvent(self, QAccessible.Event.DescriptionChanged))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.map.set_dark(is_dark(self))


class MapPage(QWidget):
    """The map, its zoom buttons and the text version; kept in step with every change
    announced for "needs" (only the cards that changed are touched).

    What it shows comes from the session's :class:`~ui.workbooks.needs.store.NeedsStore`
    (read once, off the GUI thread; a change re-reads one record); a ``loader`` given
    instead is called on the GUI thread at every change (tests, the benchmark's floor)."""

    open_card = Signal(str, str)  # kind ("need" | "commitment"), uuid: the tab opens it

    def __init__(self, ctx: WorkbookContext, parent: QWidget | None = None,
                 loader: Loader | None = None, store: NeedsStore | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("needsMapPage")
        self.setAccessibleName(words("title"))
        self._ctx, self._loader = ctx, loader
        self.store = None if loader is not None else (store or store_of(ctx))
        self.scene = NeedsMapScene(self.font(), dark=is_dark(self))
        self.view = MapView(self.scene, self)
        self.scene.setParent(self.view)  # goes with the view, never before it
        self.view.open_card.connect(self.open_card)
        self.text = named(QTextBrowser(self), "needsMapText", words("text_version"))
        self.text.setOpenLinks(False)
        self.damaged = body_label("", "needsMapDamaged", "notice")
        self.damaged.hide()
        self.reading = body_label(words("reading"), "needsMapReading", "hint")
        self.reading.hide()

        buttons = QHBoxLayout()
        for name, label, act in (("needsMapZoomOut", "zoom_out", lambda: self.view.zoom_by(
                1 / ZOOM_STEP)), ("needsMapZoomIn", "zoom_in", lambda: self.view.zoom_by(
                ZOOM_STEP)), ("needsMapZoomReset", "zoom_reset", self.view.reset_zoom)):
            button = named(QPushButton(words(label)), name, words(label))
            button.clicked.connect(act)
            buttons.addWidget(button)
        hint = body_label(words("keys_hint"), "needsMapKeys", "hint")
        buttons.addWidget(hint, 1)
        for sequence, act in ((QKeySequence.StandardKey.ZoomIn, lambda: self.view.zoom_by(
                ZOOM_STEP)), (QKeySequence("Ctrl+="), lambda: self.view.zoom_by(ZOOM_STEP)),
                (QKeySequence.StandardKey.ZoomOut, lambda: self.view.zoom_by(1 / ZOOM_STEP)),
                (QKeySequence("Ctrl+0"), self.view.reset_zoom)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(act)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("needsMapSplit")
        split.setChildrenCollapsible(False)
        split.addWidget(self.view)
        split.addWidget(self.text)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        self.text.setMinimumWidth(self.fontMetrics().averageCharWidth() * 24)
        split.setSizes([3000, 1000])  # most for the drawing, unless moved before
        keep_splitter(split)

        layout = QVBoxLayout(self)
        layout.addWidget(body_label(words("intro"), "needsMapIntro"))
        layout.addWidget(self.damaged)
        layout.addWidget(self.reading)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)  # under the map: the map gets the height
        if self.store is None:
            ctx.changes.changed.connect(self._changed)
        else:
            self.store.changed.connect(self._store_changed)
            self.store.marked.connect(self.flush_text)
        self._text_for: MapData | None = None
        # After the first paint, the words of the cards not in view are made a few at a
        # time between events, so that panning only moves what is there.
        self._words_ahead = QTimer(self)
        self._words_ahead.setInterval(0)
        self._words_ahead.timeout.connect(self._make_words_ahead)
        self._shown_once = False
        if self.store is not None and self.store.data() is None:
            self.reading.show()  # the store reads on its worker; drawn when it is back
            self.store.begin()
        else:
            self.reload(text_later=True)

    def reload(self, text_later: bool = False) -> None:
        """Show what the store holds (or read it with the loader) and show what
        differs. ``text_later``: the text version is written right after the map
        first paints (on opening)."""
        if self._ctx.session.locked:
            return
        if self.store is not None:
            held = self.store.data()
            if held is None:
                return
            data, damaged = held
        else:
            data, damaged = (self._loader or load_map)(self._ctx)
        self.reading.hide()
        text_later = text_later or not self._shown_once
        if not self._shown_once:  # on a narrow window, start with both columns in view
            QTimer.singleShot(0, self.view, self.view.fit_width)
        self._shown_once = True
        self.scene.show_data(data)
        self._text_for = data
        if text_later:  # the map first: the text version follows its first paint
            self.view.after_paint.append(self.flush_text)
        else:
            self.flush_text()
        self.view.after_paint.append(self._words_ahead.start)
        if self.store is not None:  # the surveillance marks, then the text version
            self.view.after_paint.append(self.store.mark_all)
        self.damaged.setVisible(bool(damaged))
        if damaged:
            self.damaged.setText(counted("needs_map", "damaged", damaged))

    def _make_words_ahead(self) -> None:
        if self.scene.realize_some(WORDS_AHEAD):
            self._words_ahead.stop()

    def flush_text(self) -> None:
        """Write the text version of what the map shows, if not written yet."""
        data = self._text_for
        if data is None:
            return
        if self.store is not None and not self.store.marks_known():
            return  # written when every commitment's surveillance mark is known
        self._text_for = None
        kept = self.text.verticalScrollBar().value()
        self.text.setHtml(map_html(data))
        self.text.verticalScrollBar().setValue(kept)

    def _changed(self, workbook: str, _uuid: str) -> None:
        if workbook == "needs":
            self.reload()

    def _store_changed(self, _uuids: object) -> None:
        self.reload()
