"""A list view over a Qt model that can be read the way a QListWidget is read.

Each workbook holds its rows once in a model; :class:`RowList` shows them and also
answers the few QListWidget calls the workbook tests and the accessibility walk make.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QListView


class ListedRow:
    """One listed row, read the way a QListWidget item is read."""

    def __init__(self, index: QModelIndex) -> None:
        self._index = QPersistentModelIndex(index)

    def text(self) -> str:
        return str(self._index.data() or "")

    def data(self, role: int) -> object:
        return self._index.data(role)


class RowList(QListView):
    """A list view over a model that also answers the few QListWidget calls the
    workbook tests and the accessibility walk make (count, item, current row)."""

    def count(self) -> int:
        """How many rows are listed now."""
        return self.model().rowCount()

    def item(self, row: int) -> ListedRow:
        return ListedRow(self.model().index(row, 0))

    def currentRow(self) -> int:  # noqa: N802 (QListWidget's name)
        return self.currentIndex().row()

    def setCurrentRow(self, row: int) -> None:  # noqa: N802 (QListWidget's name)
        self.setCurrentIndex(self.model().index(row, 0))
