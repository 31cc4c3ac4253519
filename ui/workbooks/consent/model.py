"""The consent check-in as the tab shows it, held once: the couple's items as a Qt list
model, and the latest shared comparison beside them.

The item list, the answer dialog, the reveal button and the comparison all read from
here. Adding an item inserts one row, setting one aside removes one; a saved answer or
a reveal reads the shared comparison again, and :attr:`ConsentBoard.compared` tells
the views only when it changed. Nothing private is held: each partner's answers stay
inside their own answer dialog.
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
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
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

    def item_at(self, row: int) -> Item | None:
        """The item in ``row``; None for a row that could not be opened."""
        return self._items[row] if 0 <= row < len(self._items) else None

    def outcome_of(self, uuid: str) -> consent.Outcome | None:
        """Where ``uuid`` stands on the shared page now (None: not revealed)."""
        return None if self.comparison is None else self.comparison.outcome_of(uuid)

    # changing

    def load(self, keys: Keyring) -> None:
        """Read the list and the comparison again (opening the tab, or a change of
        several things elsewhere)."""
        items, damaged = consent.load_items(keys)
        self.beginResetModel()
        self._items, self._damaged = items, damaged
        self.endResetModel()
        self.comparison, self.reveal_damage = consent.load_latest_reveal(keys)
        self.compared.emit()

    def add(self, item: Item) -> None:
        """A new item, listed last among those that open."""
        row = len(self._items)
        self.beginInsertRows(QModelIndex(), row, row)
        self._items.append(item)
        self.endInsertRows()

    def remove(self, uuid: str) -> None:
        """An item set aside leaves the list."""
        row = next((n for n, item in enumerate(self._items) if item.uuid == uuid), -1)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._items[row]
        self.endRemoveRows()

    def reread(self, keys: Keyring) -> None:
        """Read the shared comparison again; tell the views only if it moved."""
        comparison, damage = consent.load_latest_reveal(keys)
        if (comparison, damage) == (self.comparison, self.reveal_damage):
            return
        self.comparison, self.reveal_damage = comparison, damage
        self.compared.emit()
