"""The owner's own calendar: the days they wrote on are marked, and choosing a day shows
that day's entries. It exists only while its owner's journal is open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import QDate, QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFont, QPalette, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from ui.texts import text
from ui.widgets.common import named

# Qt's own names for the calendar's parts, and the words a screen reader says for each.
PARTS = {
    "qt_calendar_prevmonth": "calendar_previous",
    "qt_calendar_nextmonth": "calendar_next",
    "qt_calendar_monthbutton": "calendar_month",
    "qt_calendar_yearbutton": "calendar_year",
    "qt_calendar_yearedit": "calendar_year",
}


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class OwnCalendar(QCalendarWidget):
    """A month at a time, the owner's days in bold and the accent colour."""

    day_chosen = Signal(object)  # dt.date

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "journalCalendar", text("journal", "calendar_name"))
        self.setGridVisible(False)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setHorizontalHeaderFormat(
            QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        self.setMaximumDate(QDate.currentDate().addYears(1))
        self._days: set[dt.date] = set()
        # The whole month shows, never cut off at the bottom by a short pane.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        for name, key in PARTS.items():
            part = self.findChild(QWidget, name)
            if part is not None:
                part.setAccessibleName(text("journal", key))
                if isinstance(part, QToolButton):
                    part.setToolTip(text("journal", key))
        view = self.findChild(QAbstractItemView)
        if view is not None:
            named(view, "journalCalendarDays", text("journal", "calendar_days_name"))
        bar = self.findChild(QWidget, "qt_calendar_navigationbar")
        if bar is not None and view is not None:
            bar.ensurePolished()
            self._parts = (bar, view)
        self.clicked.connect(self._chosen)
        self.activated.connect(self._chosen)
        self._paint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """Tall enough for the month bar, the day names and six weeks at the text size
        chosen (Qt's own hint leaves out the style sheet's padding and cuts the last
        week off). Qt's size hint is this one too."""
        hint = super().minimumSizeHint()
        parts = vars(self).get("_parts")
        if parts is None:
            return hint  # still being built
        bar, view = parts
        rows = view.fontMetrics().height() + 10
        return QSize(hint.width(), max(hint.height(), bar.height() + 7 * rows + 4))

    def _chosen(self, date: QDate) -> None:
        self.day_chosen.emit(date.toPython())

    def mark(self, days: Iterable[dt.date]) -> None:
        """Mark exactly ``days`` (the others go back to plain)."""
        fresh = set(days)
        for old in self._days - fresh:
            self.setDateTextFormat(_qdate(old), QTextCharFormat())
        self._days = fresh
        self._paint()

    def mark_day(self, day: dt.date) -> None:
        """Mark one more day (the others stay as they are)."""
        if day not in self._days:
            self._days.add(day)
            self.setDateTextFormat(_qdate(day), self._marked())

    def _marked(self) -> QTextCharFormat:
        marked = QTextCharFormat()
        marked.setFontWeight(QFont.Weight.Bold)
        marked.setFontUnderline(True)
        marked.setForeground(self.palette().color(QPalette.ColorRole.Link))
        return marked

    def _paint(self) -> None:
        # Weekends in the text colour: red days read as a warning, and nothing here is one.
        plain = QTextCharFormat()
        plain.setForeground(self.palette().color(QPalette.ColorRole.Text))
        for weekday in (Qt.DayOfWeek.Saturday, Qt.DayOfWeek.Sunday):
            self.setWeekdayTextFormat(weekday, plain)
        marked = self._marked()
        for day in self._days:
            self.setDateTextFormat(_qdate(day), marked)

    def marked(self) -> set[dt.date]:
        return set(self._days)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange) and \
                "_days" in vars(self):
            self._paint()  # the accent follows a new theme
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.updateGeometry()  # a new text size: a new height

    def show_day(self, day: dt.date) -> None:
        self.setSelectedDate(_qdate(day))
        self.setCurrentPage(day.year, day.month)

