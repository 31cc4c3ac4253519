"""What the "Needs map" tab's pages read between us, held once per session (#12).

The shared needs, the commitments and the notes since each one's last review are read
whole once, off the GUI thread on a connection of its own (:meth:`NeedsStore.begin`),
and the pages take them from here: opening the map when the tab already read them costs
only drawing. After that a change announced for "needs" re-reads only the record named:
a commitment (:func:`models.needs.load_commitment` and its notes), or a shared need
(:func:`models.needs.sharing.versions_of`, with the commitments serving it, which a
withdrawal pauses). A uuid that is neither (a misattunement, a review's own) changes
nothing here. A lock drops everything held; what a read brings back after a lock is
dropped unread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal

from models.damage import Damage, RecordDamaged
from models.db import own_connection
from models.errors import TrellisError
from ui.errors import describe_without_content
from ui.tasks import TaskRunner
from ui.workbooks import WorkbookContext
from ui.workbooks.needs.map_words import MapData, asks_watching

log = logging.getLogger(__name__)


@dataclass
class Read:
    """One whole read: what the pages show, and what could not be opened."""

    needs: list[Any] = field(default_factory=list)
    commitments: list[Any] = field(default_factory=list)
    notes: dict[str, list[Any]] = field(default_factory=dict)
    damaged: dict[str, Damage] = field(default_factory=dict)  # by record uuid
    # (commitment uuid, version) → whether its words ask for surveillance
    watching: dict[tuple[str, int], bool] = field(default_factory=dict)
    seconds: float = 0.0  # how long the whole read took (the benchmark prints it)


def read_all(keys: Any) -> Read:
    """Every shared need, commitment and note since each one's last review. Holds no
    widget and no context: run on a worker, inside :func:`own_connection`."""
    from models import needs as model

    began = time.perf_counter()
    shared, damaged = model.load_needs(keys)
    commitments, broken = model.load_commitments(keys)
    notes = model.notes_since_review(keys)
    return Read(list(shared), list(commitments), notes,
                {d.uuid: d for d in (*damaged, *broken)},
                seconds=time.perf_counter() - began)


class NeedsStore(QObject):
    """One session's needs, commitments and notes, kept in step with every change.

    ``changed`` carries the uuids re-read (empty after a whole read)."""

    changed = Signal(object)  # set[str]
    marked = Signal()  # every commitment's surveillance mark is known (see mark_all)

    def __init__(self, ctx: WorkbookContext, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("needsStore")
        self._ctx = ctx
        self._read: Read | None = None
        self._reading = False
        self._marks_known = False
        self._marking: Read | None = None  # the read whose marks are being asked
        self._missed: list[str] = []  # changes announced while the whole read was out
        self._waiting: list[Callable[[], None]] = []
        self.runner = TaskRunner(self)  # found by the workbench's wait_for_reading
        self.reads = 0  # whole reads made (tests read it)
        self.re_read: list[str] = []  # records re-read one by one (tests read it)
        ctx.changes.changed.connect(self._on_change)

    # -- what the pages take --------------------------------------------------------

    def data(self) -> tuple[MapData, int] | None:
        """What the map shows and how many records could not be opened; None until the
        first read came back (and after a lock)."""
        if self._dropped():
            return None
        read = self._read
        if read is None:
            return None
        names = {p: self._ctx.session.name_of(p) for p in (1, 2)}
        return MapData(list(read.needs), list(read.commitments), dict(read.notes),
                       names, self._watching), len(read.damaged)

    def marks_known(self) -> bool:
        """Whether every commitment's surveillance mark is known (asked on the worker
        after the map's first paint; until then :meth:`_watching` says False)."""
        return self._marks_known

    def _watching(self, commitment: Any) -> bool:
        """Whether ``commitment``'s words ask for surveillance, asked once per version;
        False for one not asked yet (the map adds the mark when it is known)."""
        read = self._read
        if read is None:
            return False
        key = (commitment.uuid, commitment.version)
        found = read.watching.get(key)
        if found is None:
            if not self._marks_known:
                return False
            found = read.watching[key] = asks_watching(commitment)
        return found

    def mark_all(self) -> None:
        """Ask every commitment's words on the worker, once per whole read (about half
        a millisecond each: too long for 500 on the GUI thread). The map asks after its
        first paint, so this never competes with drawing it."""
        read, session = self._read, self._ctx.session
        if read is None or self._marking is read or self._dropped():
            return
        self._marking = read
        commitments = list(read.commitments)

        def work() -> dict[tuple[str, int], bool]:
            return {(c.uuid, c.version): asks_watching(c) for c in commitments}

        def done(found: dict[tuple[str, int], bool]) -> None:
            if session.locked or self._read is not read:
                return
            for key, value in found.items():
                read.watching.setdefault(key, value)
            self._marks_known = True
            self.marked.emit()
            self.changed.emit({uuid for (uuid, _v), value in found.items() if value})

        def failed(error: BaseException) -> None:
            log.info("surveillance marks not found: %s", type(error).__name__)
            if not session.locked and self._read is read:
                self._marks_known = True
                self.marked.emit()

        self.runner.run(work, done, failed)

    def read_now(self) -> tuple[MapData, int] | None:
        """Read here, on the GUI thread, when nothing was read yet (a page that cannot
        wait); otherwise what is held."""
        if self._read is None and not self._dropped():
            self._read = read_all(self._ctx.session.keyring)
            self.reads += 1
        return self.data()

    def begin(self, then: Callable[[], None] | None = None) -> None:
        """Read everything on a worker (once per session); ``then`` runs on the GUI
        thread when it is held (at once when it already is)."""
        if self._dropped():
            return
        if self._read is not None:
            if then is not None:
                then()
            return
        if then is not None:
            self._waiting.append(then)
        if self._reading:
            return
        self._reading = True
        session, keys = self._ctx.session, self._ctx.session.keyring

        def work() -> Read:
            with own_connection():
                return read_all(keys)

        def alive() -> bool:
            return not session.locked

        self.runner.run(work, lambda read: self._arrived(read) if alive() else None,
                        lambda error: self._failed(error) if alive() else None)

    def _arrived(self, read: Read) -> None:
        self._reading = False
        if self._read is None:  # read_now may have been first
            self._read = read
            self.reads += 1
            # What changed while the worker read may have been read before the change.
            missed, self._missed = self._missed, []
            for uuid in dict.fromkeys(missed):
                self._apply(uuid, announce=False)
        self._flush_waiting()

    def _failed(self, error: BaseException) -> None:
        self._reading = False
        log.warning("the needs did not load on a worker: %s",
                    describe_without_content(type(error), error, error.__traceback__))
        try:
            self.read_now()
        except Exception as again:  # noqa: BLE001 (the pages say what they could not open)
            log.error("the needs could not be opened: %s", type(again).__name__)
            self._read = Read(damaged={"all": Damage("needs_shared", "all", "record",
                                                      type(again).__name__)})
        self._flush_waiting()

    def _flush_waiting(self) -> None:
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then()
        self.changed.emit(set())

    def _dropped(self) -> bool:
        """After a lock nothing is held (and nothing is read again)."""
        if self._ctx.session.locked:
            self._read, self._waiting, self._marks_known = None, [], False
            self._missed, self._marking = [], None
            return True
        return False

    # -- one change -------------------------------------------------------------------

    def _on_change(self, workbook: str, uuid: str) -> None:
        if workbook != "needs" or self._dropped():
            return
        if self._read is None:
            if self._reading:
                self._missed.append(uuid)
            return
        self._apply(uuid, announce=True)

    def _apply(self, uuid: str, announce: bool) -> None:
        try:
            touched = self.refresh(uuid)
        except (TrellisError, ValueError) as error:
            log.info("a needs record was not re-read: %s", type(error).__name__)
            return
        if touched and announce:
            self.changed.emit(touched)

    def refresh(self, uuid: str) -> set[str]:
        """Re-read the one record ``uuid`` names (and, for a need, the commitments that
        serve it); the uuids re-read. Nothing for a record that is neither."""
        read = self._read
        if read is None or not uuid:
            return set()
        known_need = any(n.uuid == uuid for n in read.needs)
        if known_need or not any(c.uuid == uuid for c in read.commitments):
            if self._refresh_need(read, uuid, known_need):
                serving = [c.uuid for c in read.commitments
                           if uuid in (c.needs or (c.need,))]
                for commitment in serving:
                    self._refresh_commitment(read, commitment)
                return {uuid, *serving}
            if known_need:
                return {uuid}
        return {uuid} if self._refresh_commitment(read, uuid) else set()

    def _refresh_need(self, read: Read, uuid: str, known: bool) -> bool:
        """Re-read one shared need; False when ``uuid`` is not (and was not) one."""
        from models.needs import sharing

        self.re_read.append(uuid)
        try:
            versions = sharing.versions_of(self._ctx.session.keyring, uuid)
        except RecordDamaged as damage:
            read.damaged[uuid] = damage.damage
            read.needs = [n for n in read.needs if n.uuid != uuid]
            return True
        read.damaged.pop(uuid, None)
        if not versions:  # withdrawn, or never a need
            read.needs = [n for n in read.needs if n.uuid != uuid]
            return known
        latest = versions[-1]
        at = next((i for i, n in enumerate(read.needs) if n.uuid == uuid), None)
        if at is None:
            read.needs.append(latest)
        else:
            read.needs[at] = latest
        return True

    def _refresh_commitment(self, read: Read, uuid: str) -> bool:
        """Re-read one commitment and its notes since its last review; False when
        ``uuid`` is not one (and was not held)."""
        from models import needs as model

        keys = self._ctx.session.keyring
        held = any(c.uuid == uuid for c in read.commitments)
        if not held:
            try:
                model.facts.commitment(keys, uuid)
            except RecordDamaged as damage:
                if damage.damage.detail == "no facts":
                    return False  # a misattunement's, a review's: not shown here
        if uuid not in self.re_read:
            self.re_read.append(uuid)
        try:
            fresh = model.load_commitment(keys, uuid)
        except RecordDamaged as damage:
            read.damaged[uuid] = damage.damage
            read.commitments = [c for c in read.commitments if c.uuid != uuid]
            read.notes.pop(uuid, None)
            return True
        read.damaged.pop(uuid, None)
        at = next((i for i, c in enumerate(read.commitments) if c.uuid == uuid), None)
        if at is None:
            read.commitments.append(fresh)
            read.commitments.sort(key=lambda c: (c.created_at, c.uuid))
        else:
            read.commitments[at] = fresh
        read.watching[(uuid, fresh.version)] = asks_watching(fresh)
        since = model.facts.commitment(keys, uuid).reviewed_at
        notes, _damaged = model.load_notes(keys, commitment=uuid, since=since)
        if notes:
            read.notes[uuid] = notes
        else:
            read.notes.pop(uuid, None)
        return True


def store_of(ctx: WorkbookContext) -> NeedsStore:
    """The session's one store (made on first use, beside the tabs' ``ctx.changes``)."""
    found = ctx.changes.findChild(NeedsStore)
    if found is None:
        found = NeedsStore(ctx, ctx.changes)
    return found
