"""One partner's answers as a table: a Qt model with one row per item, the filter the
search box drives, and the view that lists them.

The model holds what is saved, one small row per item, and draws nothing itself: the
view shows the rows in sight, so a list of thousands opens at once and costs no more
memory than its words. Saving an answer changes its row only (``dataChanged``, never a
reset); typing in search only changes the filter. The rows live as long as the answer
dialog; nothing here is written anywhere.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QHeaderView, QTableView

from models.consent import Item
from ui.texts import text
from ui.widgets.common import named
from ui.workbooks.consent.words import answer_label, answers

ITEM, ANSWER, NOTE = range(3)
UUID = Qt.ItemDataRole.UserRole
KEY = Qt.ItemDataRole.UserRole + 1  # the item's words as search compares them

Index = QModelIndex | QPersistentModelIndex
Saved = tuple[str, str]  # (answer, note)


def _words(key: str, **values: object) -> str:
    return text("consent_answers", key, **values)


def fold(words: str) -> str:
    """Words as search compares them: lower-cased, with accents set aside (café → cafe)."""
    decomposed = unicodedata.normalize("NFKD", words.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class AnswerRows(QAbstractTableModel):
    """The items in the couple's order, each with its owner's saved answer and note."""

    def __init__(self, items: list[Item], saved: dict[str, Saved],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items = list(items)
        self._saved = dict(saved)
        self._where: dict[str, int] | None = None
        self._keys: dict[str, str] = {}
        self._labels = {value: answer_label(value) for value in answers()}
        self._open = _words("not_answered")
        self._headers = [_words(key) for key in ("column_item", "column_answer",
                                                 "column_note")]
        self._italic = QFont()
        self._italic.setItalic(True)

    # Qt's side

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt API)
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and 0 <= section < 3
                and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole)):
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row, column = index.row(), index.column()
        if not index.isValid() or not 0 <= row < len(self._items) or not 0 <= column < 3:
            return None
        item = self._items[row]
        saved = self._saved.get(item.uuid)
        if role == Qt.ItemDataRole.DisplayRole:
            if column == ITEM:
                return item.label
            if column == ANSWER:
                return self._open if saved is None else self._labels[saved[0]]
            return "" if saved is None else saved[1]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self.spoken(item, saved, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == ITEM:
                return item.label
            return (saved[1] or None) if column == NOTE and saved is not None else None
        if role == Qt.ItemDataRole.FontRole and column == ANSWER and saved is None:
            return self._italic
        if role == UUID:
            return item.uuid
        if role == KEY:
            key = self._keys.get(item.uuid)
            if key is None:  # worked out on the first search, then kept
                key = self._keys[item.uuid] = fold(item.label)
            return key
        return None

    def spoken(self, item: Item, saved: Saved | None, column: int) -> str:
        """What a screen reader says for a cell: the first names the item, the answer
        and the note, so moving from row to row tells everything."""
        answer = self._open if saved is None else self._labels[saved[0]]
        note = "" if saved is None else saved[1]
        if column == ANSWER:
            return answer
        if column == NOTE:
            return note or _words("no_note")
        if note:
            return _words("row_spoken_note", label=item.label, answer=answer, note=note)
        return _words("row_spoken", label=item.label, answer=answer)

    # reading

    def items(self) -> list[Item]:
        return list(self._items)

    def item_at(self, row: int) -> Item | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_of(self, uuid: str | None) -> int:
        """The row of ``uuid`` (-1 when it is not listed)."""
        if self._where is None:
            self._where = {item.uuid: row for row, item in enumerate(self._items)}
        return -1 if uuid is None else self._where.get(uuid, -1)

    def item_of(self, uuid: str) -> Item | None:
        return self.item_at(self.row_of(uuid))

    def saved(self, uuid: str) -> Saved | None:
        """The answer and note saved for ``uuid`` (None: not answered yet)."""
        return self._saved.get(uuid)

    # changing

    def set_saved(self, uuid: str, answer: str, note: str) -> None:
        """An answer was saved: its row, and only its row, shows it."""
        self._saved[uuid] = (answer, note)
        row = self.row_of(uuid)
        if row >= 0:
            self.dataChanged.emit(self.index(row, ITEM), self.index(row, NOTE))

    def insert(self, row: int, items: list[Item]) -> None:
        """Items that came into the list while this was open (its rest, read later)."""
        if not items:
            return
        row = max(0, min(row, len(self._items)))
        self.beginInsertRows(QModelIndex(), row, row + len(items) - 1)
        self._items[row:row] = items
        self._where = None
        self.endInsertRows()

    def keep_only(self, uuids: set[str]) -> None:
        """Items that left the list while this was open leave it here too."""
        row = len(self._items) - 1
        while row >= 0:
            if self._items[row].uuid in uuids:
                row -= 1
                continue
            last = row
            while row > 0 and self._items[row - 1].uuid not in uuids:
                row -= 1
            self.beginRemoveRows(QModelIndex(), row, last)
            del self._items[row:last + 1]
            self._where = None
            self.endRemoveRows()
            row -= 1


class AnswerFilter(QSortFilterProxyModel):
    """The rows whose item holds every word typed in search (accents and case aside)."""

    def __init__(self, rows: AnswerRows, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(rows)
        self.setFilterRole(KEY)
        self.setFilterKeyColumn(ITEM)

    def search(self, words: str) -> None:
        self.setFilterFixedString(fold(words.strip()))


class AnswerTable(QTableView):
    """The rows as a calm table: one line each, the same height, nothing edited in
    place. Keys 1 to 4 answer the chosen row (``answered``); Tab leaves the table for
    the answers below, as it does everywhere else."""

    answered = Signal(str)  # a number key chose this answer for the current row

    def __init__(self, rows: AnswerFilter) -> None:
        super().__init__()
        named(self, "consentAnswerTable", _words("table_name"))
        self.setModel(rows)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setCornerButtonEnabled(False)
        for corner in self.findChildren(QAbstractButton):  # hidden with the row numbers
            named(corner, "consentAnswerTableCorner", _words("table_name"))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows_header = self.verticalHeader()
        rows_header.hide()
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(ITEM, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ANSWER, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        self._fit_sections()

    def _fit_sections(self) -> None:
        """Row height and the answer column from the font, never from the rows (which
        would read every one of them)."""
        metrics = self.fontMetrics()
        self.verticalHeader().setDefaultSectionSize(metrics.height() + 12)
        widest = max(metrics.horizontalAdvance(words) for words in
                     [*(answer_label(value) for value in answers()), _words("not_answered"),
                      _words("column_answer")])
        self.horizontalHeader().resizeSection(ANSWER, widest + 32)
        self._fit_note()

    def _fit_note(self) -> None:
        self.horizontalHeader().resizeSection(NOTE, max(120, self.viewport().width() // 3))

    def changeEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.StyleChange):
            self._fit_sections()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit_note()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        values = answers()
        number = event.key() - Qt.Key.Key_1.value
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if plain and 0 <= number < len(values) and self.currentIndex().isValid():
            self.answered.emit(values[number])
            return
        super().keyPressEvent(event)
