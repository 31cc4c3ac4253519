"""A list of records on screen (needs, commitments, moments...), held once, shared by
the workbooks (#8): a Qt list model with one row per record, each row's words worked out
when the row changes. A save replaces its row
only (one ``dataChanged``), a new record is inserted (``rowsInserted``) and a removed
one taken out (``rowsRemoved``); only the first filling (and letting go on closing)
resets the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QListView

UUID = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex


class _Keyed(Protocol):
    @property
    def uuid(self) -> str: ...


R = TypeVar("R", bound=_Keyed)


class RowsModel(QAbstractListModel, Generic[R]):
    """Records by uuid, one row each, in the order they were filled (new ones first)."""

    def __init__(self, row_words: Callable[[R], str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._row_words = row_words
        self._rows: list[R] = []
        self._words: list[str] = []

    def fill(self, records: Iterable[R]) -> None:
        """The first filling (the page opening); later changes go row by row."""
        rows = list(records)
        self.beginResetModel()
        self._rows = rows
        self._words = [self._row_words(r) for r in rows]
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

    def records(self) -> list[R]:
        return list(self._rows)

    def at(self, row: int) -> R | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, uuid: str) -> int:
        return next((n for n, r in enumerate(self._rows) if r.uuid == uuid), -1)

    def get(self, uuid: str) -> R | None:
        return self.at(self.row_of(uuid))

    def put(self, record: R) -> int:
        """A saved record: its row changes, or a new row goes on top. Its row."""
        row = self.row_of(record.uuid)
        if row >= 0:
            self._rows[row] = record
            self._words[row] = self._row_words(record)
            here = self.index(row, 0)
            self.dataChanged.emit(here, here, [Qt.ItemDataRole.DisplayRole])
            return row
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows.insert(0, record)
        self._words.insert(0, self._row_words(record))
        self.endInsertRows()
        return 0

    def refresh(self, uuid: str) -> None:
        """Its words depend on something else that changed (a note, a need's title)."""
        row = self.row_of(uuid)
        if row >= 0:
            words = self._row_words(self._rows[row])
            if words != self._words[row]:
                self._words[row] = words
                here = self.index(row, 0)
                self.dataChanged.emit(here, here, [Qt.ItemDataRole.DisplayRole])

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


def fit_rows(view: QAbstractItemView, least: int = 2, most: int = 8) -> None:
    """Make ``view`` as tall as its rows (between ``least`` and ``most`` lines of text),
    so a short list leaves room for what is below it and a long one scrolls."""
    line = view.fontMetrics().lineSpacing()
    model = view.model()
    frame = 2 * view.frameWidth() + 4
    if model.rowCount() >= most:  # each row takes a line at least: as tall as it gets
        view.setFixedHeight(most * line + frame)
        return
    view.doItemsLayout()  # rows laid out at the width they have now, wrapped
    spacing = 2 * view.spacing() if isinstance(view, QListView) else 0
    rows = 0
    for row in range(model.rowCount()):
        rows += max(line, view.visualRect(model.index(row, 0)).height()) + spacing
        if rows >= most * line:
            break  # a long list scrolls: the rest need not be measured
    view.setFixedHeight(min(max(rows, least * line), most * line) + frame)


class _KeyedRow(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def display(self) -> str: ...

    @property
    def spoken(self) -> str: ...


K = TypeVar("K", bound=_KeyedRow)
KEY = Qt.ItemDataRole.UserRole  # a keyed row's key
HEADING = Qt.ItemDataRole.UserRole + 1  # True for a heading row


class KeyedRows(QAbstractListModel, Generic[K]):
    """Rows worked out whole each time (each with a ``key``, the words it shows and the
    words a screen reader says), held once: :meth:`show` changes only the rows that
    differ. A row whose ``heading`` is true is shown in bold and cannot be chosen."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[K] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.display
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return row.spoken
        if role == Qt.ItemDataRole.FontRole and _heading(row):
            bold = QFont()
            bold.setBold(True)
            return bold
        if role == KEY:
            return row.key
        if role == HEADING:
            return _heading(row)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return Qt.ItemFlag.NoItemFlags
        if _heading(self._rows[index.row()]):
            return Qt.ItemFlag.ItemIsEnabled  # a heading is read, never chosen
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def at(self, row: int) -> K | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: str) -> int:
        return next((i for i, row in enumerate(self._rows) if row.key == key), -1)

    def key_at(self, row: int) -> str:
        return self._rows[row].key if 0 <= row < len(self._rows) else ""

    def rows(self) -> list[K]:
        return list(self._rows)

    def same(self, shown: K, wanted: K) -> bool:
        """True when ``shown`` needs no repainting to read as ``wanted``."""
        return shown == wanted

    def show(self, wanted: Sequence[K]) -> None:
        """Show ``wanted``: one rowsRemoved per row gone, one rowsInserted per row come
        (a row that moved goes out of its old place and into its new one), one
        dataChanged per row that changed; the others stay as they are."""
        keys = {row.key for row in wanted}
        for at in reversed(range(len(self._rows))):
            if self._rows[at].key not in keys:
                self.beginRemoveRows(QModelIndex(), at, at)
                del self._rows[at]
                self.endRemoveRows()
        for at, row in enumerate(wanted):
            here = self._rows[at] if at < len(self._rows) else None
            if here is not None and here.key == row.key:
                self._rows[at] = row  # the newest objects, whether or not they changed
                if not self.same(here, row):
                    self.dataChanged.emit(self.index(at), self.index(at))
                continue
            moved = self.row_of(row.key)
            if moved > at:
                self.beginRemoveRows(QModelIndex(), moved, moved)
                del self._rows[moved]
                self.endRemoveRows()
            self.beginInsertRows(QModelIndex(), at, at)
            self._rows.insert(at, row)
            self.endInsertRows()


def _heading(row: object) -> bool:
    return bool(getattr(row, "heading", False))
