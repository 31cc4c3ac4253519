"""The reading side of an open journal: search as you type, a tag and a feeling filter,
the owner's calendar, and the entries, newest first.

Search asks the journal's in-memory :class:`models.journal.SearchIndex` for the entries
holding every word typed; nothing is decrypted or written while searching. The list
only shows: its rows are those :class:`~ui.workbooks.journal.model.EntryRows` lets
through. The entry being read stays chosen while a search or filter keeps it listed;
one it hides is let go (the page then shows nothing chosen). The month is built when
first opened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
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
from ui.workbooks.journal.model import DETAIL, UUID, EntryRows
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
    """The entries the filters let through; ``chosen`` carries the uuid chosen (or
    None), once per change of choice. The choice stays on its entry while the rows
    change around it, and is let go when its entry is no longer listed.

    The view reads the rows through a plain QSortFilterProxyModel that filters and
    sorts nothing: Qt's own copy of the row numbers, so the walks a list view makes over
    every row (to lay them out after a change) stay in C++, and Python is asked only for
    the words of the rows on screen."""

    chosen = Signal(object)  # str | None

    def __init__(self, rows: EntryRows) -> None:
        super().__init__()
        named(self, "journalEntries", text("journal", "list_name"))
        self.rows = rows
        self._told: str | None = None  # the last uuid ``chosen`` carried
        self._moving = 0  # the rows are being rearranged: the choice is settled after
        listed = QSortFilterProxyModel(self)
        listed.setDynamicSortFilter(False)
        listed.setSourceModel(rows)
        self.setModel(listed)
        self.setItemDelegate(_RowPainter(self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.selectionModel().currentChanged.connect(self._current_changed)
        rows.rearranging.connect(self._rearranging)
        rows.rearranged.connect(self._rearranged)

    def current_uuid(self) -> str | None:
        index = self.currentIndex()
        return str(index.data(UUID)) if index.isValid() else None

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        uuid = str(current.data(UUID)) if current.isValid() else None
        if uuid != self._told and not self._moving:
            self._told = uuid
            self.chosen.emit(uuid)

    def _rearranging(self) -> None:
        self._moving += 1

    def _rearranged(self) -> None:
        """The entry chosen before is chosen again if it is still listed (nothing is
        said: it never changed), and let go if not."""
        self._moving -= 1
        if self._moving:
            return
        row = self.rows.row_of(self._told)
        if row >= 0:
            index = self.model().index(row, 0)
            if self.currentIndex() != index:
                self.setCurrentIndex(index)
                self.scrollTo(index)
            return
        if self.currentIndex().isValid():
            self.setCurrentIndex(QModelIndex())
        if self._told is not None:
            self._told = None
            self.chosen.emit(None)

    def uuids(self) -> list[str]:
        return [self.rows.uuid_at(row) for row in range(self.count())]

    def texts(self) -> list[str]:
        return [str(self.model().index(row, 0).data()) for row in range(self.count())]

    def select(self, uuid: str | None) -> bool:
        row = self.rows.row_of(uuid)
        if row < 0:
            self.setCurrentIndex(QModelIndex())
            return False
        index = self.model().index(row, 0)
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

    def __init__(self, rows: EntryRows, find: Callable[[str], set[str]],
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
        self._popup: QFrame | None = None  # the month, built when first opened
        self._calendar: OwnCalendar | None = None
        self._days: set[dt.date] = set()
        self.every_day = named(QPushButton(text("journal", "every_day")), "journalEveryDay",
                               text("journal", "every_day"))
        self.day_line = body_label("", "journalDayLine", role="hint")
        self.list = EntryList(rows)
        self.empty = body_label("", "journalListEmpty", role="hint")
        self._build()

        self.search.textChanged.connect(self.refilter)
        self.tag_filter.currentIndexChanged.connect(self.refilter)
        self.feeling_filter.currentIndexChanged.connect(self.refilter)
        self.calendar_button.clicked.connect(self.show_calendar)
        self.every_day.clicked.connect(lambda: self.choose_day(None))
        self.list.chosen.connect(self.chosen)
        for moved in (rows.rowsInserted, rows.rowsRemoved, rows.modelReset):
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

    def query(self) -> str:
        """The words typed in the search box ("" for none)."""
        return self.search.text().strip()

    def refilter(self) -> None:
        self.before_filtering()
        query = self.query()
        found = self._find(query) if query else None
        self.rows.set_filters(found, self.tag_filter.currentData(),
                              self.feeling_filter.currentData(), self.day)
        self._update_empty()

    def choose_day(self, chosen: dt.date | None) -> None:
        """Show only ``chosen``'s entries (None: every day)."""
        if self._popup is not None:
            self._popup.hide()
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

    @property
    def calendar_popup(self) -> QFrame:
        """The month, in a frame that opens over the list (so at 900×600 the list keeps
        its room); built the first time it is asked for."""
        if self._popup is None:
            popup = QFrame(self, Qt.WindowType.Popup)
            popup.setObjectName("journalCalendarPopup")
            popup.setFrameShape(QFrame.Shape.StyledPanel)
            calendar = self._calendar = OwnCalendar()
            calendar.mark(self._days)
            calendar.day_chosen.connect(self.choose_day)
            column = QVBoxLayout(popup)
            column.setContentsMargins(4, 4, 4, 4)
            column.addWidget(calendar)
            self._popup = popup
        return self._popup

    @property
    def calendar(self) -> OwnCalendar:
        """The owner's month (built with its popup)."""
        if self._calendar is None:
            self.calendar_popup  # noqa: B018 (builds it)
        assert self._calendar is not None
        return self._calendar

    def show_calendar(self) -> None:
        """Open the month under the Calendar button, at the day shown (or today)."""
        popup = self.calendar_popup
        if self.day is not None:
            self.calendar.show_day(self.day)
        popup.adjustSize()
        popup.move(self.calendar_button.mapToGlobal(self.calendar_button.rect().bottomLeft()))
        popup.show()
        self.calendar.setFocus()

    def mark_days(self, days: set[dt.date]) -> None:
        """Mark exactly ``days`` in the owner's calendar (now, or when it is built)."""
        self._days = set(days)
        if self._calendar is not None:
            self._calendar.mark(self._days)

    def mark_day(self, written: dt.date) -> None:
        """One more day the owner wrote on (a new entry)."""
        if written not in self._days:
            self._days.add(written)
            if self._calendar is not None:
                self._calendar.mark_day(written)

    def _update_empty(self) -> None:
        if self.list.count():
            self.empty.hide()
            return
        if self.rows.total() == 0:
            words = text("journal", "empty_journal")
        elif self.query():
            words = text("journal", "nothing_matches", query=self.query())
        else:
            words = text("journal", "nothing_matches_filters")
        self.empty.setText(words)
        self.empty.setAccessibleName(words[:80])
        self.empty.show()
