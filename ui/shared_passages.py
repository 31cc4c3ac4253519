"""Passages shared on purpose from the partners' journals, for the screens that show them
where they went: Home's "For our next session" and an agreement's notes.

They are sealed with the workbook key (:func:`models.journal.load_passages`), so both
partners read them without a password; a withdrawn passage is never among them. One
:class:`SharedPassages` per session, hung off ``ctx.changes``, reads them when a screen
first asks and again only when one is shared or withdrawn (announced as
``"shared_passages"`` with its uuid): never on an autosave. :class:`PassageRows` holds
one destination's passages as rows and follows each change row by row.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from models import journal
from models.damage import Damage
from models.errors import TrellisError
from models.journal import SharedPassage
from ui.dates import day
from ui.texts import text
from ui.workbooks import WorkbookContext

log = logging.getLogger(__name__)

WORKBOOK = "shared_passages"  # what ctx.changes announces when a passage comes or goes
UUID = Qt.ItemDataRole.UserRole
WORDS = Qt.ItemDataRole.UserRole + 1
AUTHOR = Qt.ItemDataRole.UserRole + 2
EXCERPT_CHARS = 140

Index = QModelIndex | QPersistentModelIndex


def whose(passage: SharedPassage, names: dict[int, str]) -> str:
    """"Shared from Sam's journal on 3 May 2026" (or "coping plan")."""
    key = "from_coping_plan" if passage.source == "coping_plan" else "from_journal"
    return text("shared_passages", key, name=names.get(passage.author, ""),
                date=day(passage.shared_at))


class SharedPassages(QObject):
    """The session's shared passages, read once and again after each change;
    ``updated`` carries the uuid of the passage that changed ("" for several)."""

    updated = Signal(str)

    def __init__(self, ctx: WorkbookContext) -> None:
        super().__init__(ctx.changes)
        self._ctx = ctx
        self._passages: list[SharedPassage] | None = None
        self.damaged: list[Damage] = []
        ctx.changes.changed.connect(self._changed)

    def passages(self, destination: str | None = None,
                 target: str | None = None) -> list[SharedPassage]:
        """The passages shared to ``destination`` (and ``target``), oldest first; every
        one for None."""
        if self._ctx.session.locked:
            self._passages, self.damaged = None, []
            return []
        if self._passages is None:
            self._read()
        assert self._passages is not None
        return [p for p in self._passages if destination in (None, p.destination)
                and target in (None, p.target)]

    def _read(self) -> None:
        try:
            self._passages, self.damaged = journal.load_passages(self._ctx.session.keyring)
        except TrellisError as error:
            log.info("shared passages not read: %s", type(error).__name__)
            self._passages, self.damaged = [], [Damage("shared_passage", "all", "record",
                                                       type(error).__name__)]

    def _changed(self, workbook: str, uuid: str) -> None:
        if workbook != WORKBOOK or self._ctx.session.locked:
            return
        if self._passages is not None:  # nobody asked yet: read when someone does
            self._read()
        self.updated.emit(uuid)


def passages_of(ctx: WorkbookContext) -> SharedPassages:
    """The session's :class:`SharedPassages` (made on first use)."""
    found = ctx.changes.findChild(SharedPassages)
    return found if found is not None else SharedPassages(ctx)


class PassageRows(QAbstractListModel):
    """Passages as list rows, oldest first: who shared each and when, and the start of
    its words. :meth:`show` inserts and removes single rows, never resets."""

    def __init__(self, names: dict[int, str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names = names
        self._rows: list[SharedPassage] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 (Qt API)
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        passage = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            words = " ".join(passage.text.split())
            if len(words) > EXCERPT_CHARS:
                words = words[:EXCERPT_CHARS].rsplit(" ", 1)[0] + "…"
            return f"{whose(passage, self._names)}\n{words}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{whose(passage, self._names)}: {passage.text}"
        if role == UUID:
            return passage.uuid
        if role == WORDS:
            return passage.text
        if role == AUTHOR:
            return passage.author
        return None

    def passage_at(self, row: int) -> SharedPassage | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, uuid: str) -> int:
        return next((row for row, p in enumerate(self._rows) if p.uuid == uuid), -1)

    def show(self, passages: Sequence[SharedPassage]) -> None:
        """Show ``passages`` (oldest first): one rowsRemoved per passage gone, one
        rowsInserted per passage come; the others stay as they are."""
        wanted = {p.uuid for p in passages}
        for row in reversed(range(len(self._rows))):
            if self._rows[row].uuid not in wanted:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._rows[row]
                self.endRemoveRows()
        for row, passage in enumerate(passages):
            if row < len(self._rows) and self._rows[row].uuid == passage.uuid:
                continue
            self.beginInsertRows(QModelIndex(), row, row)
            self._rows.insert(row, passage)
            self.endInsertRows()

    def clear(self) -> None:
        self.show([])
