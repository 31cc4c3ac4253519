"""Opening a journal in two parts, so its list shows at once however long it is.

The tab reads a first page on the task runner (:func:`models.journal.load_recent`: the
:data:`PAGE` entries added last, in order by their sealed dates, with their search
index) and the page shows it.
When there is more, every entry is read once the list has painted that page (at once
if it is not on screen, within :data:`START_AT_LATEST_MS` in any case), on the task
runner too, with its search index made there as well
(:func:`models.journal.load_entries`, :class:`models.journal.SearchIndex`); a lock
waits for it, as for any work there. The older entries then join the list a batch at
a time, between which the window answers as usual: the list can be read, searched and
written in meanwhile.

The whole read is the judge. Entries the page holds already stay as they are, and so
do those saved or deleted since it opened; the search finds the older ones as they
come; the entries that could not be opened, and a count of rows that no longer
matches, come last. Should the whole read's newest entries not be the first page's
(a clock set back between two entries), the list takes the whole read's order in one
go. Whatever comes back after the journal closed or a lock is dropped unread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from models import journal
from models.damage import Damage
from models.db import own_connection
from models.session import Keyring
from ui.errors import describe_without_content
from ui.texts import explain
from ui.workbooks import WorkbookContext
from ui.workbooks.journal.model import EntryRows

if TYPE_CHECKING:
    from models.journal import Entry, SearchIndex

log = logging.getLogger(__name__)

PAGE = 60  # the first page: a few screens of the list, read in a few milliseconds
BATCH = 1000  # older entries handed to the list per turn of the event loop
START_AT_LATEST_MS = 500

Whole = tuple[list["Entry"], list[Damage], "SearchIndex"]
First = tuple[list["Entry"], list[Damage], bool, "SearchIndex"]


def first_page(keys: Keyring, owner: int) -> First:
    """On a worker: the first page of ``owner``'s journal, whether it is all of it,
    and its search index."""
    with own_connection():
        entries, damaged, whole = journal.load_recent(keys, owner, PAGE)
    return entries, damaged, whole, journal.SearchIndex(entries)


class JournalLoad(QObject):
    """The rest of one open journal, after its first page (see the module).

    ``rows`` and ``index`` are the page's own; ``query`` gives the words searched for
    now. ``touched`` holds the uuids saved or deleted since the journal opened (the
    page adds them). ``whole`` says the list holds every entry ("") or why the rest
    could not be read (a sentence); ``damaged`` lists what could not be opened.
    """

    whole = Signal(str)

    def __init__(self, ctx: WorkbookContext, owner: int, rows: EntryRows, index: SearchIndex,
                 query: Callable[[], str], parent: QObject) -> None:
        super().__init__(parent)
        self._ctx, self._owner = ctx, owner
        self._rows, self._index, self._query = rows, index, query
        self.loading = False
        self.touched: set[str] = set()
        self.damaged: list[Damage] = []
        self._waiting: list[Entry] = []
        self._began = False
        self._painted: QWidget | None = None
        self._turn = QTimer(self)
        self._turn.setSingleShot(True)
        self._turn.setInterval(0)
        self._turn.timeout.connect(self._next_batch)

    def begin_after(self, widget: QWidget) -> None:
        """Read the rest once ``widget`` (the list) has painted the first page."""
        self.loading = True
        self._painted = widget
        widget.installEventFilter(self)
        QTimer.singleShot(0, self, self._begin_unless_showing)
        QTimer.singleShot(START_AT_LATEST_MS, self, self._begin)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self._painted and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._painted = None
            QTimer.singleShot(0, self, self._begin)  # once this paint is done
        return False

    def _begin_unless_showing(self) -> None:
        if self._painted is not None and not self._painted.isVisible():
            self._begin()

    def _begin(self) -> None:
        if self._began or not self.loading or self._ctx.session.locked:
            return
        self._began = True
        if self._painted is not None and isValid(self._painted):
            self._painted.removeEventFilter(self)
        self._painted = None
        keys, owner, session = self._ctx.session.keyring, self._owner, self._ctx.session

        def read() -> Whole:  # a worker: no widget, only what it reads with
            with own_connection():
                entries, damaged = journal.load_entries(keys, owner)
            return entries, damaged, journal.SearchIndex(entries)

        def alive() -> bool:
            return isValid(self) and self.loading and not session.locked

        self._ctx.tasks.run(read, lambda whole: self._read(*whole) if alive() else None,
                            lambda error: self._failed(error) if alive() else None)

    def _read(self, entries: list[Entry], damaged: list[Damage], index: SearchIndex) -> None:
        rows = self._rows
        held = rows.entries()
        rest = [e for e in entries if not rows.holds(e.uuid) and e.uuid not in self.touched]
        skip = self.touched | {entry.uuid for entry in held}
        self._index.take(index, skip)
        query = self._query()
        if query:  # the older entries are searched as they come
            rows.found = self._index.find(query)
        self.damaged = damaged
        order = attrgetter("written_at", "uuid")
        if rest and held and order(rest[0]) > min(map(order, held)):
            # Not older than the first page: the whole read's order, in one go.
            rows.load(sorted(held + rest, key=order, reverse=True), damaged)
            self._done()
            return
        self._waiting = rest
        self._turn.start()

    def _next_batch(self) -> None:
        if self._ctx.session.locked or not self.loading:
            self.stop()
            return
        batch, self._waiting = self._waiting[:BATCH], self._waiting[BATCH:]
        if self._waiting:
            self._rows.append(batch)
            self._turn.start()
            return
        self._rows.append(batch, self.damaged)
        self._done()

    def _done(self) -> None:
        self.stop()
        self.whole.emit("")

    def _failed(self, error: BaseException) -> None:
        """The rest could not be read: the first page stays, and a sentence says why."""
        log.warning("the older journal entries were not read: %s",
                    describe_without_content(type(error), error, error.__traceback__))
        self.stop()
        self.whole.emit(explain(error))

    def stop(self) -> None:
        """Nothing more arrives; nothing read is kept here."""
        self._turn.stop()
        self._waiting = []
        self.loading = False
        if self._painted is not None and isValid(self._painted):
            self._painted.removeEventFilter(self)
        self._painted = None
