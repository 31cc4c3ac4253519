"""Opening the consent list in two parts, so the tab shows at once however long it is.

The list is read when the tab is first shown, not at unlock. On the GUI thread the
check-in's facts are verified (once while the keys are held; an answer or a reveal
afterwards reads only what was added since) and the first :data:`PAGE` rows are opened
(:func:`models.consent.load_first`). When there are more, the whole list is read on the
session's reading thread with a connection of its own (:func:`models.consent.load_items`)
and merged into the board below the first page, rows coming in, never a reset. A list
read again after a change made elsewhere is read the same way and merged in place, so
the choice and the scroll position stay.

A lock clears the keys, so a read under way stops; whatever comes back after a lock is
dropped and no widget is touched.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal

from models import consent
from models.consent import Item
from models.damage import Damage
from ui.errors import describe_without_content
from ui.texts import explain
from ui.workbooks import WorkbookContext
from ui.workbooks.consent.model import ConsentBoard

# The session's one reading thread, kept beside ctx.changes: whole reads of one session
# run one at a time, so the agreements' and this list's never compete.
from ui.workbooks.session_reader import reader_of

log = logging.getLogger(__name__)

# The first page: more than a tall window shows, opened in a few milliseconds. A list
# this short or shorter is read whole at once, as before.
PAGE = 200


class ConsentLoad(QObject):
    """Reads the list into ``board`` (see the module); ``finished`` says the list is
    whole ("") or why it could not be read ("a sentence")."""

    finished = Signal(str)

    def __init__(self, ctx: WorkbookContext, board: ConsentBoard, parent: QObject) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._board = board
        self.loading = False
        self._again = False  # a change was announced while reading: read once more
        self._read_once = False

    def start(self) -> None:
        """Read the list: the first time its first page here and the rest on the
        reading thread; again (after a change made elsewhere), a short list here and a
        long one on the reading thread, merged in when it comes."""
        if self._ctx.session.locked:
            return
        if self.loading:
            self._again = True
            return
        keys = self._ctx.session.keyring
        began = self._board.changes
        first, self._read_once = not self._read_once, True
        if first or self._board.rowCount() <= PAGE:
            items, damaged, whole = consent.load_first(keys, PAGE)
            if whole or first:
                # The first time the board is empty, so a first page only adds rows.
                self._board.merge(items, damaged, self._board.added_since(began))
                self._board.reread(keys)
            if whole:
                self.finished.emit("")
                return
        self.loading = True
        reader = reader_of(self._ctx)
        assert reader is not None
        reader.run(self._ctx, self, lambda: consent.load_items(keys),
                   lambda result: self._read(result, began),
                   lambda error: self._failed(error, began))

    def _read(self, result: tuple[list[Item], list[Damage]], began: int) -> None:
        self.loading = False
        items, damaged = result
        self._board.merge(items, damaged, self._board.added_since(began))
        self._board.reread(self._ctx.session.keyring)
        self._done()

    def _failed(self, error: BaseException, began: int) -> None:
        """The worker could not read: read here instead, as the tab always did."""
        log.warning("the consent list did not load on a worker: %s",
                    describe_without_content(type(error), error, error.__traceback__))
        self.loading = False
        try:
            items, damaged = consent.load_items(self._ctx.session.keyring)
        except Exception as again:  # noqa: BLE001 (the first page stays usable)
            log.error("the consent list could not be opened: %s",
                      describe_without_content(type(again), again, again.__traceback__))
            self._again = False
            self.finished.emit(explain(again))
            return
        self._board.merge(items, damaged, self._board.added_since(began))
        self._board.reread(self._ctx.session.keyring)
        self._done()

    def _done(self) -> None:
        if self._again:
            self._again = False
            self.start()
            return
        self.finished.emit("")
