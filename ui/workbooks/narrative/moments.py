"""Step 4's moments on screen, held once: a Qt list model with one row per moment,
newest written first. A save replaces its row only (one ``dataChanged``), a new moment
is inserted at the top (``rowsInserted``) and a deleted one removed (``rowsRemoved``);
only the first filling (and letting go on closing) resets the model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from models.narrative import Draft
from ui.dates import day
from ui.workbooks.narrative.words import step_words

UUID = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex


def _words(key: str, **values: object) -> str:
    return step_words("exceptions", key, **values)


def happened_on(value: str) -> dt.date | None:
    """The ISO date a moment is dated with, or None (blank or not a date)."""
    try:
        return dt.date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        return None


def row_words(draft: Draft) -> str:
    """A moment as its row says it: its date (or "No date") and its first line."""
    when = happened_on(draft.fields.get("happened_on", ""))
    first = next((line.strip() for line in draft.fields.get("what", "").splitlines()
                  if line.strip()), "")
    return _words("row_spoken", date=day(when) if when else _words("undated"),
                  what=first or _words("untitled"))


class MomentsModel(QAbstractListModel):
    """One owner's moments, newest written first, one row each."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Draft] = []
        self._words: list[str] = []

    def fill(self, drafts: Iterable[Draft]) -> None:
        """The first filling (the page opening); later changes go row by row."""
        ordered = sorted(drafts, key=lambda d: d.written_at, reverse=True)
        self.beginResetModel()
        self._rows = ordered
        self._words = [row_words(d) for d in ordered]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = index.row()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                    Qt.ItemDataRole.ToolTipRole):
            return self._words[row]
        if role == UUID:
            return self._rows[row].uuid
        return None

    def draft_at(self, row: int) -> Draft | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, uuid: str) -> int:
        return next((n for n, d in enumerate(self._rows) if d.uuid == uuid), -1)

    def put(self, draft: Draft) -> int:
        """A saved moment: its row changes, or a new row goes on top. Its row."""
        row = self.row_of(draft.uuid)
        if row >= 0:
            self._rows[row] = draft
            self._words[row] = row_words(draft)
            here = self.index(row, 0)
            self.dataChanged.emit(here, here, [Qt.ItemDataRole.DisplayRole])
            return row
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows.insert(0, draft)
        self._words.insert(0, row_words(draft))
        self.endInsertRows()
        return 0

    def remove(self, uuid: str) -> None:
        row = self.row_of(uuid)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        del self._words[row]
        self.endRemoveRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows, self._words = [], []
        self.endResetModel()
