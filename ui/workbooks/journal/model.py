"""One owner's journal entries on screen, held once while their journal is open: a Qt
list model with one row per entry, newest first, and the filter the search box, the
tag and feeling filters and the calendar drive.

A save replaces its row (``dataChanged``, one per save), a new entry goes first
(``rowsInserted``), a deleted one goes (``rowsRemoved``); the model is reset only when
the journal opens. Nothing here is written anywhere: the rows live as long as the open
journal, and go with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from models.damage import Damage
from ui.dates import day
from ui.texts import text
from ui.workbooks.journal.words import feeling_label, tag_label

if TYPE_CHECKING:
    from models.journal import Entry

UUID = Qt.ItemDataRole.UserRole
DETAIL = Qt.ItemDataRole.UserRole + 1
DAMAGED = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
TITLE_CHARS = 60


def title_of(entry: Entry) -> str:
    """The entry's title, or the start of its first line, or "Untitled entry"."""
    title = entry.title.strip()
    if title:
        return title
    first = next((line.strip() for line in entry.body.splitlines() if line.strip()), "")
    first = first.lstrip("#-* ").strip()
    if len(first) > TITLE_CHARS:
        first = first[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"
    return first or text("journal", "untitled")


@cache
def _day_words(written: dt.date) -> str:
    return day(written)


class EntryRow:
    """One row, made once per save. What it says (title, date and feelings, what a
    screen reader hears) is worked out the first time a view asks, so opening a journal
    of thousands of entries costs only the rows on screen. Compared by identity."""

    __slots__ = ("uuid", "entry", "tags", "feelings", "day", "_words")

    def __init__(self, uuid: str, entry: Entry | None) -> None:
        self.uuid = uuid
        self.entry = entry
        self.tags = frozenset(entry.tags) if entry is not None else frozenset()
        self.feelings = frozenset(entry.feelings) if entry is not None else frozenset()
        self.day = entry.day if entry is not None else None
        self._words: tuple[str, str, str] | None = None

    def words(self) -> tuple[str, str, str]:
        """(title, detail, spoken)."""
        if self._words is None:
            self._words = _describe(self.entry)
        return self._words

    @property
    def title(self) -> str:
        return self.words()[0]

    @property
    def detail(self) -> str:
        return self.words()[1]

    @property
    def spoken(self) -> str:
        return self.words()[2]


def _describe(entry: Entry | None) -> tuple[str, str, str]:
    if entry is None:
        title = text("journal", "damaged_row")
        return title, text("journal", "damaged_detail"), title
    title = title_of(entry)
    written = _day_words(entry.day)
    felt = ", ".join(feeling_label(f) for f in entry.feelings)
    detail = f"{written} · {felt}" if felt else written
    tags = ", ".join(tag_label(t) for t in entry.tags)
    spoken = text("journal", "row_spoken", title=title, date=written,
                  feelings=felt or text("journal", "row_no_feelings"),
                  tags=tags or text("journal", "row_no_tags"))
    return title, detail, spoken


def describe(entry: Entry) -> EntryRow:
    return EntryRow(entry.uuid, entry)


def describe_damaged(damage: Damage) -> EntryRow:
    return EntryRow(damage.uuid, None)


class EntryRows(QAbstractListModel):
    """Every entry of the open journal, newest first, then those that could not be
    opened."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[EntryRow] = []
        self._where: dict[str, int] = {}

    # Qt's side

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.title
        if role == DETAIL:
            return row.detail
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return row.spoken
        if role == UUID:
            return row.uuid
        if role == DAMAGED:
            return row.entry is None
        return None

    # reading

    def at(self, row: int) -> EntryRow:
        return self._rows[row]

    def all_rows(self) -> list[EntryRow]:
        return self._rows

    def row_of(self, uuid: str | None) -> int:
        return -1 if uuid is None else self._where.get(uuid, -1)

    def entry_of(self, uuid: str | None) -> Entry | None:
        row = self.row_of(uuid)
        return None if row < 0 else self._rows[row].entry

    def entries(self) -> list[Entry]:
        return [row.entry for row in self._rows if row.entry is not None]

    def days(self) -> set[dt.date]:
        """The days the owner wrote on (for their own calendar)."""
        return {row.day for row in self._rows if row.day is not None}

    # changing

    def load(self, entries: Iterable[Entry], damaged: Iterable[Damage]) -> None:
        """Take in the whole journal as it opens (the one reset of the model)."""
        self.beginResetModel()
        self._rows = [describe(e) for e in entries]
        self._rows += [describe_damaged(d) for d in damaged]
        self._reindex()
        self.endResetModel()

    def put(self, entry: Entry) -> None:
        """Show ``entry``: its row is replaced in place, or a new row goes first."""
        fresh = describe(entry)
        row = self.row_of(entry.uuid)
        if row >= 0:
            self._rows[row] = fresh
            index = self.index(row, 0)
            self.dataChanged.emit(index, index)
            return
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows.insert(0, fresh)
        self._reindex()
        self.endInsertRows()

    def remove(self, uuid: str) -> None:
        row = self.row_of(uuid)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self._reindex()
        self.endRemoveRows()

    def clear(self) -> None:
        """Let every row go (the journal is closing)."""
        self.beginResetModel()
        self._rows = []
        self._where = {}
        self.endResetModel()

    def _reindex(self) -> None:
        self._where = {row.uuid: number for number, row in enumerate(self._rows)}


class EntryFilter(QSortFilterProxyModel):
    """The rows that match the search, the tag, the feeling and the day chosen.

    ``found`` is the set of uuids the search index returned for the words typed (None
    with nothing typed). The entry open in the editor (``pinned``) stays listed while it
    is written, so typing never hides what one is typing into. Entries that could not
    be opened stay while no day is chosen: nothing is known about them.
    """

    def __init__(self, rows: EntryRows, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(rows)
        self.rows = rows
        self.found: set[str] | None = None
        self.tag: str | None = None
        self.feeling: str | None = None
        self.day: dt.date | None = None
        self.pinned: str | None = None
        self._verdicts: dict[EntryRow, bool] = {}

    def set_filters(self, found: set[str] | None, tag: str | None, feeling: str | None,
                    chosen_day: dt.date | None) -> None:
        self.beginFilterChange()
        self.found, self.tag, self.feeling, self.day = found, tag, feeling, chosen_day
        # Every row's verdict in one pass, so Qt's call per row is a look-up (typing in
        # the search box filters thousands of rows per key).
        self._verdicts = self._judge_all()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _judge_all(self) -> dict[EntryRow, bool]:
        """:meth:`matches` for every row at once, narrowing a list per filter."""
        rows = self.rows.all_rows()
        keep = rows
        if self.found is not None:
            found = self.found
            keep = [r for r in keep if r.uuid in found or r.entry is None]
        if self.tag is not None:
            keep = [r for r in keep if r.entry is None or self.tag in r.tags]
        if self.feeling is not None:
            keep = [r for r in keep if r.entry is None or self.feeling in r.feelings]
        if self.day is not None:
            keep = [r for r in keep if r.day == self.day]
        verdicts = dict.fromkeys(rows, False)
        verdicts.update(dict.fromkeys(keep, True))
        return verdicts

    @property
    def narrowed(self) -> bool:
        return (self.found is not None or self.tag is not None or self.feeling is not None
                or self.day is not None)

    def pin(self, uuid: str | None) -> None:
        before, self.pinned = self.pinned, uuid
        row = self.rows.row_of(before)
        if before != uuid and row >= 0 and not self.matches(self.rows.at(row)):
            index = self.rows.index(row, 0)
            self.rows.dataChanged.emit(index, index)  # it may go now

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        row = self.rows.at(source_row)
        verdict = self._verdicts.get(row)
        if verdict is None:  # a row saved or added since: judged on its own
            verdict = self._verdicts[row] = self.matches(row)
        return verdict or row.uuid == self.pinned

    def matches(self, row: EntryRow) -> bool:
        if row.entry is None:
            return self.day is None
        if self.found is not None and row.uuid not in self.found:
            return False
        if self.tag is not None and self.tag not in row.tags:
            return False
        if self.feeling is not None and self.feeling not in row.feelings:
            return False
        return self.day is None or row.day == self.day

    def uuid_at(self, row: int) -> str:
        return str(self.index(row, 0).data(UUID))

    def row_of(self, uuid: str | None) -> int:
        source = self.rows.row_of(uuid)
        if source < 0:
            return -1
        return self.mapFromSource(self.rows.index(source, 0)).row()
