"""The consent check-in as the tab shows it, held once: the couple's items as a Qt list
model, and the latest shared comparison beside them.

The item list, the answer dialog, the reveal button and the comparison all read from
here. Adding an item inserts one row, setting one aside removes one; a list read again
(its rest arriving from a worker, or a change made elsewhere) is merged in, rows coming
and going in place, never a reset; a saved answer or a reveal reads the shared
comparison again, and :attr:`ConsentBoard.compared` tells the views only when it
changed. Nothing private is held: each partner's answers stay inside their own answer
dialog.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from models import consent
from models.consent import Comparison, Item
from models.damage import Damage
from models.session import Keyring
from ui.texts import text

UUID = Qt.ItemDataRole.UserRole

Index = QModelIndex | QPersistentModelIndex


class ConsentBoard(QAbstractListModel):
    """The items in the couple's order, then each one that could not be opened (with
    no words of its own), and the latest comparison or the damage that hides it."""

    compared = Signal()  # the shared comparison (or its damage) is not what it was

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[Item] = []
        self._damaged: list[Damage] = []
        self._gone: set[str] = set()  # set aside here: a read begun earlier may hold them
        self._added: dict[str, int] = {}  # added here → the change number it came with
        self.changes = 0  # counts this board's own additions (see :meth:`added_since`)
        self.comparison: Comparison | None = None
        self.reveal_damage: Damage | None = None

    # Qt's side

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._items) + len(self._damaged)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not index.isValid() or not 0 <= row < self.rowCount():
            return None
        item = self.item_at(row)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                    Qt.ItemDataRole.ToolTipRole):
            return item.label if item is not None else text("consent_checkin", "damaged_item")
        if role == Qt.ItemDataRole.FontRole and item is None:
            font = QFont()
            font.setItalic(True)
            return font
        if role == UUID:
            return item.uuid if item is not None else self._damaged[row - len(self._items)].uuid
        return None

    # reading

    def items(self) -> list[Item]:
        return list(self._items)

    def damaged(self) -> list[Damage]:
        return list(self._damaged)

    def item_count(self) -> int:
        """How many items open (without copying them)."""
        return len(self._items)

    def item_at(self, row: int) -> Item | None:
        """The item in ``row``; None for a row that could not be opened."""
        return self._items[row] if 0 <= row < len(self._items) else None

    def outcome_of(self, uuid: str) -> consent.Outcome | None:
        """Where ``uuid`` stands on the shared page now (None: not revealed)."""
        return None if self.comparison is None else self.comparison.outcome_of(uuid)

    def added_since(self, change: int) -> set[str]:
        """Items added here after :attr:`changes` was ``change``: a read that began
        then may not hold them, and merging it keeps them."""
        return {uuid for uuid, number in self._added.items() if number > change}

    # changing

    def add(self, item: Item) -> None:
        """A new item, listed last among those that open."""
        row = len(self._items)
        self.changes += 1
        self._added[item.uuid] = self.changes
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.append(item)
        self.endInsertRows()

    def remove(self, uuid: str) -> None:
        """An item set aside leaves the list."""
        self._gone.add(uuid)
        row = next((n for n, item in enumerate(self._items) if item.uuid == uuid), -1)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._items[row]
        self.endRemoveRows()

    def merge(self, items: list[Item], damaged: list[Damage],
              keep: set[str] | frozenset[str] = frozenset()) -> None:
        """Show the list as read (``items`` in order, every one): rows it no longer has
        leave, rows it adds come in at their place, a run at a time, and a row whose
        words changed is updated in place. Items in ``keep`` (added here after the read
        began) and items set aside here are left as they are."""
        wanted = [item for item in items if item.uuid not in self._gone]
        listed = {item.uuid for item in wanted} | set(keep)
        self._remove_runs(lambda item: item.uuid not in listed)
        here = {item.uuid for item in self._items}
        row, run = 0, []
        for item in wanted:
            if item.uuid not in here:
                run.append(item)
                continue
            row = self._insert_run(row, run)
            run = []
            while row < len(self._items) and self._items[row].uuid != item.uuid:
                row += 1  # an item kept from here, listed before this one
            if row < len(self._items):
                if self._items[row] != item:
                    self._items[row] = item
                    changed = self.index(row, 0)
                    self.dataChanged.emit(changed, changed)
                row += 1
        self._insert_run(row, run)
        self._set_damaged(damaged)

    def _remove_runs(self, leaves: Any) -> None:
        row = len(self._items) - 1
        while row >= 0:
            if not leaves(self._items[row]):
                row -= 1
                continue
            last = row
            while row > 0 and leaves(self._items[row - 1]):
                row -= 1
            self.beginRemoveRows(QModelIndex(), row, last)
            del self._items[row:last + 1]
            self.endRemoveRows()
            row -= 1

    def _insert_run(self, row: int, run: list[Item]) -> int:
        """Insert ``run`` before ``row``; the row after it."""
        if not run:
            return row
        self.beginInsertRows(QModelIndex(), row, row + len(run) - 1)
        self._items[row:row] = run
        self.endInsertRows()
        return row + len(run)

    def _set_damaged(self, damaged: list[Damage]) -> None:
        if damaged == self._damaged:
            return
        first = len(self._items)
        if self._damaged:
            self.beginRemoveRows(QModelIndex(), first, first + len(self._damaged) - 1)
            self._damaged = []
            self.endRemoveRows()
        if damaged:
            self.beginInsertRows(QModelIndex(), first, first + len(damaged) - 1)
            self._damaged = list(damaged)
            self.endInsertRows()

    def reread(self, keys: Keyring) -> None:
        """Read the shared comparison again; tell the views only if it moved."""
        comparison, damage = consent.load_latest_reveal(keys)
        if (comparison, damage) == (self.comparison, self.reveal_damage):
            return
        self.comparison, self.reveal_damage = comparison, damage
        self.compared.emit()
