"""The agreements on screen, held once: a Qt list model with one row per agreement, and
the filter the search box and the two combo boxes drive.

Each row's words (title, status line, review marker, what a screen reader says) and its
search key (lower-cased, accents folded) are worked out once, when the agreement
changes, and kept. A change to one agreement replaces its row only (``dataChanged``),
a new one is inserted (``rowsInserted``), a deleted draft is removed
(``rowsRemoved``), and agreements read after the first page come in below it, a
batch at a time (``rowsInserted``); typing in the search box only changes the filter.
Nothing here is written anywhere: the rows live as long as the unlocked tab.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from models.agreements import AgreementView
from models.damage import Damage
from ui.dates import day
from ui.texts import text
from ui.workbooks.agreements.words import category_label, status_label

UUID = Qt.ItemDataRole.UserRole
DETAIL = Qt.ItemDataRole.UserRole + 1
MARK = Qt.ItemDataRole.UserRole + 2  # "review due" / "needs a conversation"
REVIEW = Qt.ItemDataRole.UserRole + 3
DAMAGED = Qt.ItemDataRole.UserRole + 4  # True for an agreement that could not be opened

Index = QModelIndex | QPersistentModelIndex


def fold(words: str) -> str:
    """Words as search compares them: lower-cased, with accents set aside (café → cafe)."""
    folded = words.casefold()
    if folded.isascii():  # most words: nothing to set aside (a character at a time is slow)
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def title_of(view: AgreementView) -> str:
    return view.current.text.get("title", "").strip() or text("agreements", "untitled")


def status_words(view: AgreementView, names: dict[int, str]) -> str:
    """The status as the list says it, with whose confirmation is still to come."""
    status = status_label(view.status)
    if view.status == "proposed" or view.pending_change:
        waiting = [p for p in (1, 2) if p not in view.confirmations]
        key = "row_change_proposed" if view.pending_change else "row_proposed"
        if len(waiting) == 1:
            return text("agreements", f"{key}_waiting", status=status,
                        name=names.get(waiting[0], ""))
        if view.pending_change:
            return text("agreements", key, status=status)
    return status


@dataclass(frozen=True, slots=True, eq=False)  # one row object per change: compared by identity
class AgreementRow:
    """One row, worked out once per change: what it shows and what search compares."""

    uuid: str
    view: AgreementView | None  # None for an agreement that could not be opened
    title: str
    detail: str
    mark: str
    review: str
    spoken: str
    key: str  # folded words of the current version, for search
    category: str

    def due(self, today: dt.date) -> bool:
        return self.view is not None and self.view.review_due(today)


def describe(view: AgreementView, today: dt.date, names: dict[int, str]) -> AgreementRow:
    """The row of one agreement."""
    mark = review = ""
    if view.status == "paused" and view.needs_discussion:
        mark = text("agreements", "needs_conversation")
    elif view.review_due(today):
        mark = text("agreements", "review_due")
    elif view.next_review_on is not None and view.status in ("agreed", "under_review"):
        review = text("agreements", "next_review", date=day(view.next_review_on))
    words = view.current.text
    category = category_label(words.get("category", "other"))
    status = status_words(view, names)
    title = title_of(view)
    spoken = text("agreements", "item_description", title=title, status=status,
                  category=category, review=mark or review).strip()
    return AgreementRow(view.uuid, view, title, f"{status} · {category}", mark, review, spoken,
                        fold("\n".join(words.values())), words.get("category", "other"))


def describe_damaged(damage: Damage) -> AgreementRow:
    """The row of an agreement that could not be opened: no words from it at all."""
    title = text("agreements", "damaged_row")
    return AgreementRow(damage.uuid, None, title, text("agreements", "damaged_detail"), "", "",
                        title, "", "")


class AgreementRows(QAbstractListModel):
    """Every agreement of the unlocked session, most recently changed first, then the
    ones that could not be opened. The one place the tab's views read from."""

    def __init__(self, names: dict[int, str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names = dict(names)
        self._rows: list[AgreementRow] = []
        self._where: dict[str, int] = {}
        self._damage: dict[str, Damage] = {}
        self._gone: set[str] = set()  # drafts deleted here: an older read may still hold them
        self._today = dt.date.today()

    # Qt's side

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return row.title
        if role == DETAIL:
            return row.detail
        if role == MARK:
            return row.mark
        if role == REVIEW:
            return row.review
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return row.spoken
        if role == UUID:
            return row.uuid
        if role == DAMAGED:
            return row.view is None
        return None

    # reading

    def at(self, row: int) -> AgreementRow:
        return self._rows[row]

    def all_rows(self) -> list[AgreementRow]:
        """Every row, in order (the list itself: read it, never change it)."""
        return self._rows

    def row_of(self, uuid: str | None) -> int:
        """The row of ``uuid``, or -1."""
        return -1 if uuid is None else self._where.get(uuid, -1)

    def view_of(self, uuid: str | None) -> AgreementView | None:
        row = self.row_of(uuid)
        return None if row < 0 else self._rows[row].view

    def damage_of(self, uuid: str | None) -> Damage | None:
        return None if uuid is None else self._damage.get(uuid)

    def views(self) -> list[AgreementView]:
        return [row.view for row in self._rows if row.view is not None]

    def damaged(self) -> list[Damage]:
        return list(self._damage.values())

    def damaged_count(self) -> int:
        return len(self._damage)

    # changing

    def load(self, views: Iterable[AgreementView], damaged: Iterable[Damage]) -> None:
        """Take in the first agreements at once (when the tab opens, before any view
        shows them: the one reset of the model)."""
        self.beginResetModel()
        self._today = dt.date.today()
        self._damage = {d.uuid: d for d in damaged}
        self._rows = [describe(v, self._today, self._names) for v in views]
        self._rows += [describe_damaged(d) for d in self._damage.values()]
        self._reindex()
        self.endResetModel()

    def add_older(self, views: Iterable[AgreementView], damaged: Iterable[Damage]) -> int:
        """Add agreements read after the first page: new views below the ones listed (and
        above the entries that could not be opened), new damaged entries last. A row
        already listed stays as it is (it is at least as fresh as an older read) and a
        draft deleted meanwhile stays gone. One ``rowsInserted`` per kind; returns how
        many rows came."""
        known = self._where.keys() | self._gone
        fresh = [describe(v, self._today, self._names) for v in views if v.uuid not in known]
        broken = [d for d in dict((d.uuid, d) for d in damaged).values() if d.uuid not in known]
        if fresh:
            at = len(self._rows)
            while at > 0 and self._rows[at - 1].view is None:
                at -= 1
            self.beginInsertRows(QModelIndex(), at, at + len(fresh) - 1)
            self._rows[at:at] = fresh
            self._reindex()
            self.endInsertRows()
        if broken:
            at = len(self._rows)
            self.beginInsertRows(QModelIndex(), at, at + len(broken) - 1)
            self._damage.update((d.uuid, d) for d in broken)
            self._rows += [describe_damaged(d) for d in broken]
            self._reindex()
            self.endInsertRows()
        return len(fresh) + len(broken)

    def merge(self, views: Iterable[AgreementView], damaged: Iterable[Damage]) -> None:
        """Take in a whole fresh read without a reset: rows that differ are replaced,
        rows no longer read are removed, new ones are added."""
        views, damaged = list(views), list(damaged)
        read = {v.uuid for v in views} | {d.uuid for d in damaged}
        for uuid in [row.uuid for row in self._rows if row.uuid not in read]:
            self.remove(uuid)
        for view in views:
            if view.uuid in self._where and self.view_of(view.uuid) != view:
                self.put(view)
        for damage in damaged:
            row = self.row_of(damage.uuid)
            if row >= 0 and self._rows[row].view is not None:
                self._damage[damage.uuid] = damage
                self._rows[row] = describe_damaged(damage)
                self.dataChanged.emit(self.index(row, 0), self.index(row, 0))
        self._gone -= read
        self.add_older(views, damaged)

    def put(self, view: AgreementView) -> None:
        """Show ``view``: its row is replaced in place, or a new row goes first."""
        fresh = describe(view, self._today, self._names)
        row = self.row_of(view.uuid)
        if row >= 0:
            self._rows[row] = fresh
            self._damage.pop(view.uuid, None)
            index = self.index(row, 0)
            self.dataChanged.emit(index, index)
            return
        self.beginInsertRows(QModelIndex(), 0, 0)
        self._rows.insert(0, fresh)
        self._damage.pop(view.uuid, None)
        self._reindex()
        self.endInsertRows()

    def remove(self, uuid: str) -> None:
        """Take the row of ``uuid`` away (a draft deleted)."""
        row = self.row_of(uuid)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self._damage.pop(uuid, None)
        self._gone.add(uuid)
        self._reindex()
        self.endRemoveRows()

    def touch(self, uuid: str | None) -> None:
        """Say that ``uuid``'s row changed, so a filter looks at it again."""
        row = self.row_of(uuid)
        if row >= 0:
            index = self.index(row, 0)
            self.dataChanged.emit(index, index)

    def new_day(self, today: dt.date) -> bool:
        """After midnight, "review due" may hold for more rows: work them out again."""
        if today == self._today or not self._rows:
            self._today = today
            return False
        self._today = today
        self._rows = [row if row.view is None else describe(row.view, today, self._names)
                      for row in self._rows]
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))
        return True

    def _reindex(self) -> None:
        self._where = {row.uuid: number for number, row in enumerate(self._rows)}


class AgreementFilter(QSortFilterProxyModel):
    """The rows that match the search words and both filters.

    Agreements that could not be opened always stay: nothing is known about them, so
    nothing rules them out. The ``pinned`` agreement (the one open in the editor) stays
    while it is being changed, so typing never hides what one is typing into; the next
    change of the search or the filters looks at it like any other.
    """

    def __init__(self, rows: AgreementRows, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSourceModel(rows)
        self.rows = rows
        self.words: list[str] = []
        self.status: str | None = None
        self.category: str | None = None
        self.pinned: str | None = None
        self._today = dt.date.today()
        # Each row's verdict under the current filters, worked out in one pass when they
        # change, so the per-row call from Qt is a look-up; a row replaced since is a new
        # object, judged on its own when Qt asks.
        self._verdicts: dict[AgreementRow, bool] = {}

    def set_filters(self, query: str, status: str | None, category: str | None) -> None:
        """Apply the search words and both filters (in memory: nothing is decrypted)."""
        self.beginFilterChange()
        self.words = fold(query).split()
        self.status, self.category = status, category
        self.pinned = None
        self._today = dt.date.today()
        self._verdicts = self._judge_all()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _judge_all(self) -> dict[AgreementRow, bool]:
        rows = self.rows.all_rows()
        keep = rows
        if self.status == "due":
            keep = [r for r in keep if r.view is None or r.view.review_due(self._today)]
        elif self.status is not None:
            keep = [r for r in keep if r.view is None or r.view.status == self.status]
        if self.category is not None:
            keep = [r for r in keep if r.view is None or r.category == self.category]
        for word in self.words:
            keep = [r for r in keep if r.view is None or word in r.key]
        verdicts = dict.fromkeys(rows, False)
        verdicts.update(dict.fromkeys(keep, True))
        return verdicts

    def pin(self, uuid: str | None) -> None:
        """Keep ``uuid`` listed while it changes; the one pinned before is looked at again."""
        before, self.pinned = self.pinned, uuid
        row = self.rows.row_of(before)
        if before != uuid and row >= 0 and not self._matches(self.rows.at(row)):
            self.rows.touch(before)  # it no longer matches: now it may go

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        row = self.rows.at(source_row)
        if row.uuid == self.pinned:
            return True
        verdict = self._verdicts.get(row)
        if verdict is None:
            verdict = self._verdicts[row] = self._matches(row)
        return verdict

    def _matches(self, row: AgreementRow) -> bool:
        view = row.view
        if view is None:
            return True
        if self.status == "due":
            if not view.review_due(self._today):
                return False
        elif self.status is not None and view.status != self.status:
            return False
        if self.category is not None and row.category != self.category:
            return False
        key = row.key
        return all(word in key for word in self.words)

    def uuid_at(self, row: int) -> str:
        return str(self.index(row, 0).data(UUID))

    def row_of(self, uuid: str | None) -> int:
        """The row ``uuid`` has in the filtered list, or -1 when it is not shown."""
        source = self.rows.row_of(uuid)
        if source < 0:
            return -1
        return self.mapFromSource(self.rows.index(source, 0)).row()

    def filtering(self) -> bool:
        return bool(self.words) or self.status is not None or self.category is not None
