"""The conversations about moments we missed each other, as list rows.

One row per entry, newest first; an entry that could not be opened gets a row of its own
at the end, with no words from it. :meth:`MisattunementRows.show` inserts, removes and
changes single rows: a new entry is one ``rowsInserted``, a side added one
``dataChanged``, never a reset. A row says whose side is still awaited, never who was
at fault.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from models.damage import Damage
from ui.dates import day
from ui.texts import text

KEY = Qt.ItemDataRole.UserRole  # the entry's uuid, or "damaged:<uuid>"

Index = QModelIndex | QPersistentModelIndex


def words(key: str, **values: object) -> str:
    return text("needs_misattunement", key, **values)


def shorten(line: str, most: int = 60) -> str:
    line = " ".join(line.split())
    return line if len(line) <= most else line[:most].rsplit(" ", 1)[0] + "…"


def about(entry: Any, needs: Mapping[str, Any], commitments: Mapping[str, Any]) -> str:
    """What the entry touched, in the couple's own words (a need's title, a commitment's
    what), or a plain phrase when it touched nothing in particular."""
    if entry.commitment:
        found = commitments.get(entry.commitment)
        if found is None:
            return words("about_unknown")
        return words("about_commitment", what=shorten(found.fields.get("what", "")))
    if entry.need:
        need = needs.get(entry.need)
        return words("about_need", title=shorten(need.title)) if need else words(
            "about_unknown")
    return words("about_none")


@dataclass(frozen=True, slots=True)
class ConversationRow:
    key: str
    display: str
    spoken: str


def entry_row(entry: Any, names: Mapping[int, str], needs: Mapping[str, Any],
              commitments: Mapping[str, Any]) -> ConversationRow:
    values = {"date": day(entry.opened_at), "about": about(entry, needs, commitments),
              "opener": names.get(entry.opened_by, "")}
    waiting = entry.waiting_for
    if waiting is not None:  # a request to talk, whether or not it was set down
        name = names.get(waiting, "")
        display = words("row_waiting", name=name, **values)
        spoken = words("row_spoken_waiting", name=name, **values)
    else:
        display = words("row_set_down" if entry.paused else "row_both", **values)
        spoken = words("row_spoken_both", **values)
    return ConversationRow(entry.uuid, display, spoken)


def arrange(entries: Sequence[Any], damaged: Sequence[Damage], names: Mapping[int, str],
            needs: Mapping[str, Any], commitments: Mapping[str, Any]
            ) -> list[ConversationRow]:
    """Newest first; what could not be opened at the end, without any of its words."""
    ordered = sorted(entries, key=lambda e: (e.opened_at, e.uuid), reverse=True)
    rows = [entry_row(e, names, needs, commitments) for e in ordered]
    rows.extend(ConversationRow(f"damaged:{d.uuid}", words("damaged_row"),
                                words("damaged_row")) for d in damaged)
    return rows


class MisattunementRows(QAbstractListModel):
    """The rows, held once; :meth:`show` changes only the rows that changed."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ConversationRow] = []

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
        if role == KEY:
            return row.key
        return None

    def row_of(self, key: str) -> int:
        for number, row in enumerate(self._rows):
            if row.key == key:
                return number
        return -1

    def key_at(self, row: int) -> str:
        return self._rows[row].key if 0 <= row < len(self._rows) else ""

    def show(self, rows: Sequence[ConversationRow]) -> None:
        """Make the list ``rows`` with single-row removals, insertions and changes."""
        wanted = {row.key for row in rows}
        for number in range(len(self._rows) - 1, -1, -1):
            if self._rows[number].key not in wanted:
                self.beginRemoveRows(QModelIndex(), number, number)
                del self._rows[number]
                self.endRemoveRows()
        for number, row in enumerate(rows):
            here = self.row_of(row.key)
            if here == number:
                if self._rows[number] != row:
                    self._rows[number] = row
                    index = self.index(number, 0)
                    self.dataChanged.emit(index, index)
                continue
            if here >= 0:  # moved: out of its old place, into its new one
                self.beginRemoveRows(QModelIndex(), here, here)
                del self._rows[here]
                self.endRemoveRows()
            self.beginInsertRows(QModelIndex(), number, number)
            self._rows.insert(number, row)
            self.endInsertRows()
