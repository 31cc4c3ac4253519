"""The reading side of an open journal: search as you type, a tag and a feeling filter,
the owner's calendar, and the entries, newest first.

Search asks the journal's in-memory :class:`models.journal.SearchIndex` for the entries
holding every word typed; nothing is decrypted or written while searching. The list
only shows: its rows come from :mod:`ui.workbooks.journal.model` through the filter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.dates import day
from ui.texts import text
from ui.widgets.common import body_label, named
from ui.widgets.fitting import ElidingComboBox, FlowLayout
from ui.widgets.row_list import RowList
from ui.workbooks.journal.calendar import OwnCalendar
from ui.workbooks.journal.model import DETAIL, UUID, EntryFilter
from ui.workbooks.journal.words import feeling_label, tag_label

PAD = 7
Index = QModelIndex | QPersistentModelIndex


class _RowPainter(QStyledItemDelegate):
    """Two calm lines per entry: its title, then its date and feelings."""

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        bold = QFont(option.font)
        bold.setWeight(QFont.Weight.DemiBold)
        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.9))
        return bold, small

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        bold, small = self._fonts(option)
        return QSize(180, QFontMetrics(bold).height() + QFontMetrics(small).height()
                     + 2 * PAD + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        main = palette.color(QPalette.ColorRole.HighlightedText if selected
                             else QPalette.ColorRole.Text)
        soft = main if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        bold, small = self._fonts(opt)
        rect = opt.rect.adjusted(PAD + 4, PAD, -PAD, -PAD)
        painter.save()
        y = rect.top()
        for font, colour, words in ((bold, main, index.data(Qt.ItemDataRole.DisplayRole)),
                                    (small, soft, index.data(DETAIL))):
            metrics = QFontMetrics(font)
            painter.setFont(font)
            painter.setPen(colour)
            line = metrics.elidedText(str(words or ""), Qt.TextElideMode.ElideRight,
                                      rect.width())
            painter.drawText(rect.left(), y + metrics.ascent(), line)
            y += metrics.height() + 2
        painter.restore()


class EntryList(RowList):
    """The entries the filter lets through; the choice follows its entry."""

    def __init__(self, rows: EntryFilter) -> None:
        super().__init__()
        named(self, "journalEntries", text("journal", "list_name"))
        self.rows = rows
        self.setModel(rows)
        self.setItemDelegate(_RowPainter(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

    def current_uuid(self) -> str | None:
        index = self.currentIndex()
        return str(index.data(UUID)) if index.isValid() else None

    def uuids(self) -> list[str]:
        return [self.rows.uuid_at(row) for row in range(self.count())]

    def texts(self) -> list[str]:
        return [str(self.rows.index(row, 0).data()) for row in range(self.count())]

    def select(self, uuid: str | None) -> bool:
        row = self.rows.row_of(uuid)
        if row < 0:
            self.setCurrentIndex(QModelIndex())
            return False
        index = self.rows.index(row, 0)
        self.setCurrentIndex(index)
        self.scrollTo(index)
        return True


def _filter(name: str, accessible: str, everything: str,
            choices: list[tuple[str, str]]) -> ElidingComboBox:
    combo = named(ElidingComboBox(), name, accessible)
    combo.addItem(everything, None)
    for key, label in choices:
        combo.addItem(label, key)
    return combo


class EntryListPane(QWidget):
    """Search, filters, calendar and list; ``chosen`` carries the uuid chosen (or None).

    ``find`` answers a search: the uuids of the entries holding every word typed.
    """

    chosen = Signal(object)  # str | None

    def __init__(self, rows: EntryFilter, find: Callable[[str], set[str]],
                 tags: tuple[str, ...], feelings: tuple[str, ...]) -> None:
        super().__init__()
        self.setObjectName("journalListPane")
        self.rows = rows
        self._find = find
        # Called before the rows are filtered again: the editor saves what is typed
        # first, so a search finds it and no row moves under an unsaved change.
        self.before_filtering: Callable[[], object] = lambda: None
        self.day: dt.date | None = None
        self.search = named(QLineEdit(), "journalSearch", text("journal", "search_name"))
        self.search.setPlaceholderText(text("journal", "search_placeholder"))
        self.search.setClearButtonEnabled(True)
        for clear in self.search.findChildren(QToolButton):
            named(clear, "journalSearchClear", text("journal", "search_clear"))
        self.tag_filter = _filter("journalTagFilter", text("journal", "tag_filter_name"),
                                  text("journal", "all_tags"),
                                  [(t, tag_label(t)) for t in tags])
        self.feeling_filter = _filter("journalFeelingFilter",
                                      text("journal", "feeling_filter_name"),
                                      text("journal", "all_feelings"),
                                      [(f, feeling_label(f)) for f in feelings])
        self.calendar_button = named(QPushButton(text("journal", "calendar_show")),
                                     "journalCalendarButton", text("journal", "calendar_open_name"))
        # The month opens over the list, so at 900×600 the list keeps its room.
        self.calendar_popup = QFrame(self, Qt.WindowType.Popup)
        self.calendar_popup.setObjectName("journalCalendarPopup")
        self.calendar_popup.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = OwnCalendar()
        popup = QVBoxLayout(self.calendar_popup)
        popup.setContentsMargins(4, 4, 4, 4)
        popup.addWidget(self.calendar)
        self.every_day = named(QPushButton(text("journal", "every_day")), "journalEveryDay",
                               text("journal", "every_day"))
        self.day_line = body_label("", "journalDayLine", role="hint")
        self.list = EntryList(rows)
        self.empty = body_label("", "journalListEmpty", role="hint")
        self._build()

        self.search.textChanged.connect(self.refilter)
        self.tag_filter.currentIndexChanged.connect(self.refilter)
        self.feeling_filter.currentIndexChanged.connect(self.refilter)
        self.calendar.day_chosen.connect(self.choose_day)
        self.calendar_button.clicked.connect(self.show_calendar)
        self.every_day.clicked.connect(lambda: self.choose_day(None))
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        for moved in (rows.rowsInserted, rows.rowsRemoved, rows.modelReset,
                      rows.layoutChanged):
            moved.connect(self._update_empty)
        self._show_day_line()
        self._update_empty()

    def _build(self) -> None:
        filters = FlowLayout(fill=True)
        filters.addWidget(self.tag_filter)
        filters.addWidget(self.feeling_filter)
        days = QHBoxLayout()
        days.addWidget(self.calendar_button)
        days.addWidget(self.every_day)
        days.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 10, 8, 10)
        column.setSpacing(6)
        column.addWidget(self.search)
        column.addLayout(filters)
        column.addLayout(days)
        column.addWidget(self.day_line)
        column.addWidget(self.list, 1)
        column.addWidget(self.empty)

    # filtering

    def refilter(self) -> None:
        self.before_filtering()
        query = self.search.text().strip()
        found = self._find(query) if query else None
        self.rows.set_filters(found, self.tag_filter.currentData(),
                              self.feeling_filter.currentData(), self.day)
        self._update_empty()

    def choose_day(self, chosen: dt.date | None) -> None:
        """Show only ``chosen``'s entries (None: every day)."""
        self.calendar_popup.hide()
        self.day = chosen
        self._show_day_line()
        self.refilter()

    def clear_filters(self) -> None:
        self.search.clear()
        self.tag_filter.setCurrentIndex(0)
        self.feeling_filter.setCurrentIndex(0)
        self.choose_day(None)

    def _show_day_line(self) -> None:
        self.every_day.setVisible(self.day is not None)
        self.day_line.setVisible(self.day is not None)
        if self.day is not None:
            self.day_line.setText(text("journal", "day_shown", date=day(self.day)))
            self.day_line.setAccessibleName(self.day_line.text())

    def show_calendar(self) -> None:
        """Open the month under the Calendar button, at the day shown (or today)."""
        if self.day is not None:
            self.calendar.show_day(self.day)
        self.calendar_popup.adjustSize()
        corner = self.calendar_button.mapToGlobal(self.calendar_button.rect().bottomLeft())
        self.calendar_popup.move(corner)
        self.calendar_popup.show()
        self.calendar.setFocus()

    def mark_days(self, days: set[dt.date]) -> None:
        self.calendar.mark(days)

    def _update_empty(self) -> None:
        if self.list.count():
            self.empty.hide()
            return
        if self.rows.rows.rowCount() == 0:
            words = text("journal", "empty_journal")
        elif self.search.text().strip():
            words = text("journal", "nothing_matches", query=self.search.text().strip())
        else:
            words = text("journal", "nothing_matches_filters")
        self.empty.setText(words)
        self.empty.setAccessibleName(words[:80])
        self.empty.show()

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.chosen.emit(str(current.data(UUID)) if current.isValid() else None)
