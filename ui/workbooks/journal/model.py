"""One owner's journal entries on screen, held once while their journal is open: a Qt
list model whose rows are the entries the search, the tag and feeling filters and the
calendar let through, newest first.

Every entry is held once, in a plain list; the model's rows are a second list, of the
entries shown, worked out in one pass whenever the filters change, so Qt never calls
back into Python once per entry to ask whether to show it. A change of filter that
only hides or brings back a few stretches of rows moves just those
(``rowsRemoved``/``rowsInserted``); any other is one reset. A save is one
``dataChanged`` (or its row goes, or comes, when it stops or starts matching); a new
entry goes first (``rowsInserted``); older entries read after the first page join at
the end. ``rearranging`` and ``rearranged`` come before and after any change that may
take a row away, so the list can keep (or let go of) the entry chosen. Nothing here is
written anywhere: the rows live as long as the open journal, and go with it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
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
# Stretches of rows a filter change moves one by one; with more, one reset costs less.
STRETCHES = 8


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
    """One entry as the list holds it, changed in place by a save. What it says (title,
    date and feelings, what a screen reader hears) is worked out the first time a view
    asks, so opening a journal of thousands of entries costs only the rows on screen.
    Compared by identity."""

    __slots__ = ("uuid", "entry", "tags", "feelings", "day", "_words")

    def __init__(self, uuid: str, entry: Entry | None) -> None:
        self.uuid = uuid
        self.set(entry)

    def set(self, entry: Entry | None) -> None:
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


def _stretches(longer: Sequence[EntryRow], shorter: Sequence[EntryRow],
               ) -> list[tuple[int, int]] | None:
    """Where ``longer`` holds rows ``shorter`` does not: (first, last) positions in
    ``longer``, when ``shorter`` is ``longer`` with only those taken out and there are
    at most :data:`STRETCHES` of them; otherwise None."""
    inside = {id(row) for row in shorter}
    found: list[tuple[int, int]] = []
    start, kept = -1, 0
    for number, row in enumerate(longer):
        if id(row) in inside:
            kept += 1
            if start >= 0:
                found.append((start, number - 1))
                start = -1
                if len(found) > STRETCHES:
                    return None
        elif start < 0:
            start = number
    if start >= 0:
        found.append((start, len(longer) - 1))
    return found if kept == len(shorter) and len(found) <= STRETCHES else None


class EntryRows(QAbstractListModel):
    """Every entry of the open journal (newest first, then those that could not be
    opened), and as rows those the filters let through.

    ``found`` is the set of uuids the search index returned for the words typed (None
    with nothing typed). The entry open in the editor (``pinned``) stays listed while it
    is written, so typing never hides what one is typing into. Entries that could not
    be opened stay while no day is chosen: nothing is known about them.
    """

    rearranging = Signal()
    rearranged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._all: list[EntryRow] = []
        self._by_uuid: dict[str, EntryRow] = {}
        self._shown: list[EntryRow] = []
        # uuid -> its row + _base; made again when asked after rows moved (a new entry
        # first only lowers _base: every other row is one further down).
        self._row_at: dict[str, int] | None = {}
        self._base = 0
        self._days: Counter[dt.date] = Counter()
        self.found: set[str] | None = None
        self.tag: str | None = None
        self.feeling: str | None = None
        self.day: dt.date | None = None
        self.pinned: str | None = None

    # Qt's side: the rows shown

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        row = self._shown[index.row()]
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

    def uuid_at(self, row: int) -> str:
        """The uuid of the entry shown at ``row``."""
        return self._shown[row].uuid

    def row_of(self, uuid: str | None) -> int:
        """The row showing ``uuid``, or -1 (not shown, or not in the journal)."""
        if uuid is None:
            return -1
        if self._row_at is None:
            self._row_at = {row.uuid: number for number, row in enumerate(self._shown)}
            self._base = 0
        key = self._row_at.get(uuid)
        return -1 if key is None else key - self._base

    def total(self) -> int:
        """Every entry held, shown or not (those that could not be opened too)."""
        return len(self._all)

    def holds(self, uuid: str) -> bool:
        return uuid in self._by_uuid

    def entry_of(self, uuid: str | None) -> Entry | None:
        row = self._by_uuid.get(uuid) if uuid is not None else None
        return None if row is None else row.entry

    def entries(self) -> list[Entry]:
        return [row.entry for row in self._all if row.entry is not None]

    def days(self) -> set[dt.date]:
        """The days the owner wrote on (for their own calendar)."""
        return set(self._days)

    @property
    def narrowed(self) -> bool:
        return (self.found is not None or self.tag is not None or self.feeling is not None
                or self.day is not None)

    def matches(self, row: EntryRow) -> bool:
        """Whether the filters let ``row`` through (the pinned entry aside)."""
        if row.entry is None:
            return self.day is None
        if self.found is not None and row.uuid not in self.found:
            return False
        if self.tag is not None and self.tag not in row.tags:
            return False
        if self.feeling is not None and self.feeling not in row.feelings:
            return False
        return self.day is None or row.day == self.day

    def _shows(self, row: EntryRow) -> bool:
        return row.uuid == self.pinned or self.matches(row)

    def _matching(self, rows: list[EntryRow]) -> list[EntryRow]:
        """:meth:`_shows` for every row at once, a list narrowed per filter."""
        pinned, keep = self.pinned, rows
        if self.found is not None:
            found = self.found
            keep = [r for r in keep if r.uuid in found or r.entry is None or r.uuid == pinned]
        if self.tag is not None:
            tag = self.tag
            keep = [r for r in keep if tag in r.tags or r.entry is None or r.uuid == pinned]
        if self.feeling is not None:
            feeling = self.feeling
            keep = [r for r in keep
                    if feeling in r.feelings or r.entry is None or r.uuid == pinned]
        if self.day is not None:
            chosen = self.day
            keep = [r for r in keep if r.day == chosen or r.uuid == pinned]
        return list(keep) if keep is rows else keep

    # changing what is held

    @contextmanager
    def _rearranging(self) -> Iterator[None]:
        self.rearranging.emit()
        try:
            yield
        finally:
            self.rearranged.emit()

    def load(self, entries: Iterable[Entry], damaged: Iterable[Damage]) -> None:
        """Take in the whole journal at once (as it opens: a reset)."""
        rows = [EntryRow(e.uuid, e) for e in entries]
        rows += [EntryRow(d.uuid, None) for d in damaged]
        with self._rearranging():
            self.beginResetModel()
            self._all = rows
            self._by_uuid = {row.uuid: row for row in rows}
            self._days = Counter(row.day for row in rows if row.day is not None)
            self._shown = self._matching(rows)
            self._row_at = None
            self.endResetModel()

    def append(self, entries: Iterable[Entry], damaged: Iterable[Damage] = ()) -> None:
        """Older entries (read after the first page) after every entry held, and
        entries that could not be opened last; those shown join the end of the rows."""
        rows = [EntryRow(e.uuid, e) for e in entries if e.uuid not in self._by_uuid]
        broken = [EntryRow(d.uuid, None) for d in damaged if d.uuid not in self._by_uuid]
        if not rows and not broken:
            return
        end = len(self._all)
        while end and self._all[end - 1].entry is None:
            end -= 1
        self._all[end:end] = rows
        self._all += broken
        self._by_uuid.update((row.uuid, row) for row in rows + broken)
        self._days.update(row.day for row in rows if row.day is not None)
        self._join(self._matching(rows), before_broken=True)
        self._join(self._matching(broken), before_broken=False)

    def _join(self, rows: list[EntryRow], before_broken: bool) -> None:
        if not rows:
            return
        at = len(self._shown)
        while before_broken and at and self._shown[at - 1].entry is None:
            at -= 1
        self.beginInsertRows(QModelIndex(), at, at + len(rows) - 1)
        self._shown[at:at] = rows
        self._row_at = None
        self.endInsertRows()

    def put(self, entry: Entry) -> None:
        """Show ``entry`` as saved: its row changes in place (one ``dataChanged``), or
        a new entry goes first."""
        row = self._by_uuid.get(entry.uuid)
        if row is None:
            row = self._by_uuid[entry.uuid] = EntryRow(entry.uuid, entry)
            self._all.insert(0, row)
            self._days[entry.day] += 1
            if self._shows(row):
                self.beginInsertRows(QModelIndex(), 0, 0)
                self._shown.insert(0, row)
                if self._row_at is not None:
                    self._base -= 1
                    self._row_at[row.uuid] = self._base
                self.endInsertRows()
            return
        if row.day != entry.day:  # a rewrite keeps its day; an entry put back may not
            self._forget_day(row.day)
            self._days[entry.day] += 1
        row.set(entry)
        shown, shows = self.row_of(entry.uuid), self._shows(row)
        if shown >= 0 and shows:
            index = self.index(shown, 0)
            self.dataChanged.emit(index, index)
        elif shown >= 0:
            self._take_out(shown)
        elif shows:
            self._become(self._matching(self._all))

    def remove(self, uuid: str) -> None:
        row = self._by_uuid.pop(uuid, None)
        if row is None:
            return
        shown = self.row_of(uuid)
        if shown >= 0:
            self._take_out(shown)
        self._all.remove(row)
        self._forget_day(row.day)

    def _forget_day(self, written: dt.date | None) -> None:
        """One entry fewer on ``written``: its mark goes with the last one."""
        if written is not None and written in self._days:
            self._days[written] -= 1
            if self._days[written] <= 0:
                del self._days[written]

    def clear(self) -> None:
        """Let every row go (the journal is closing)."""
        with self._rearranging():
            self.beginResetModel()
            self._all, self._shown, self._by_uuid = [], [], {}
            self._row_at = None
            self._days = Counter()
            self.found = None
            self.endResetModel()

    def _take_out(self, shown: int) -> None:
        with self._rearranging():
            self.beginRemoveRows(QModelIndex(), shown, shown)
            del self._shown[shown]
            self._row_at = None
            self.endRemoveRows()

    # changing what is shown

    def set_filters(self, found: set[str] | None, tag: str | None, feeling: str | None,
                    chosen_day: dt.date | None) -> None:
        """Show the entries holding the words searched for (``found``: uuids, None for
        every entry), with ``tag`` and ``feeling``, written on ``chosen_day``."""
        self.found, self.tag, self.feeling, self.day = found, tag, feeling, chosen_day
        self._become(self._matching(self._all))

    def note_found(self, uuid: str, holds: bool) -> None:
        """A saved entry holds the words searched for (or no longer does)."""
        if self.found is not None and (uuid in self.found) != holds:
            self.found = self.found | {uuid} if holds else self.found - {uuid}

    def pin(self, uuid: str | None) -> None:
        """Keep ``uuid`` listed whatever the filters say (None: nothing pinned); the
        entry pinned before goes if they would hide it."""
        before, self.pinned = self.pinned, uuid
        if before == uuid:
            return
        row = self._by_uuid.get(before) if before is not None else None
        shown = self.row_of(before)
        if row is not None and shown >= 0 and not self.matches(row):
            self._take_out(shown)
        if uuid is not None and uuid in self._by_uuid and self.row_of(uuid) < 0:
            self._become(self._matching(self._all))

    def _become(self, rows: list[EntryRow]) -> None:
        """Show ``rows`` instead: nothing when they are the same, a few stretches moved
        when only some go or come back, else one reset."""
        if rows == self._shown:  # EntryRow compares by identity
            return
        with self._rearranging():
            self._move_to(rows)

    def _move_to(self, rows: list[EntryRow]) -> None:
        before = self._shown
        if len(rows) < len(before):
            gone = _stretches(before, rows)
            for first, last in reversed(gone or ()):
                self.beginRemoveRows(QModelIndex(), first, last)
                del self._shown[first:last + 1]
                self._row_at = None
                self.endRemoveRows()
        else:
            back = _stretches(rows, before)
            for first, last in back or ():
                self.beginInsertRows(QModelIndex(), first, last)
                self._shown[first:first] = rows[first:last + 1]
                self._row_at = None
                self.endInsertRows()
        if self._shown == rows:
            return
        self.beginResetModel()  # not a few stretches (or not in the same order)
        self._shown = rows
        self._row_at = None
        self.endResetModel()
