"""The "My journal" tab: a partner's private journal and coping plan.

Alone, the partner who unlocked has their own journal key already, so their journal
opens at once. Together at one keyboard, the tab shows only the gate: an "Open my
journal" button for each partner, named. Opening asks that partner's password at that
moment (:func:`ui.widgets.fresh_password.ask_fresh`); :func:`models.journal.open_journal`
then holds their journal key in the session's keyring, and it is let go again
(:func:`models.journal.close_journal`) when the journal closes: Close my journal,
switching to another tab, a lock (the tab is hidden, then deleted), or
``journal/idle_minutes`` without a key press, click or scroll anywhere, whatever dialog
is open. Closing saves what was typed first, closes the journal's dialogs and deletes
the open page, so no word, row or date of it stays in any widget. When that save fails
(a full disk), the words are sealed with the owner's own journal key
(:mod:`models.journal.unsaved`), and put back when that owner's journal next opens.

Opening reads a first page of entries on the task runner and shows it; the rest join
the list from a second read on the same worker (:mod:`ui.workbooks.journal.loading`).

Nothing in this tab, closed or open, says anything about the other partner's journal.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout
from shiboken6 import isValid

from models import journal
from models.damage import Damage
from models.errors import TrellisError
from models.proof import FreshProof
from models.unsaved import UnsavedWords
from ui.texts import explain
from ui.workbooks import WorkbookContext
from ui.workbooks.journal.gate import JournalGate
from ui.workbooks.journal.loading import First, first_page
from ui.workbooks.journal.page import JournalPage
from ui.workbooks.private_pages import PrivatePagesTab

log = logging.getLogger(__name__)


class JournalTab(PrivatePagesTab):
    """The gate (together, while closed) or one partner's open journal."""

    def __init__(self, ctx: WorkbookContext) -> None:
        super().__init__(ctx, "journal")
        self.page: JournalPage | None = None
        self.owner: int | None = None
        self.loading: int | None = None  # whose entries are being read right now
        self._left = False  # the tab was left while they were read
        self._opening_soon = False  # alone: shown, the first page is asked for next turn
        self.gate = JournalGate(ctx)
        self.gate.open_requested.connect(self.ask_to_open)
        self.stack = QStackedWidget()
        self.stack.setObjectName("journalStack")
        self.stack.addWidget(self.gate)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # opening (together, the password is asked by PrivatePagesTab.ask_to_open)

    def is_open(self) -> bool:
        return self.page is not None

    def open_private(self, owner: int, proof: FreshProof | None) -> bool:
        return self.open_journal(owner, proof)

    def open_journal(self, owner: int, proof: FreshProof | None) -> bool:
        """Open ``owner``'s journal: with their fresh ``proof`` together, with the
        session's own key alone. A first page of entries is read and decrypted on a
        worker; the page shows when it is here. False (and a kind sentence) when it
        cannot start: then nothing was opened and no key is held."""
        if self.ctx.session.locked or self.page is not None or self.loading is not None:
            return False
        if self.together and not self.isVisible():
            return False  # the tab was left while the password was checked
        keys = self.ctx.session.keyring
        held = False
        try:
            if proof is not None:
                journal.open_journal(keys, owner, proof)
                held = True
            else:
                journal.require_held(keys, owner)
        except TrellisError as error:
            log.info("the journal did not open: %s", type(error).__name__)
            self.gate.message.say(explain(error))
            return False
        self.loading, self._left = owner, False
        self.gate.opening(self.ctx.session.name_of(owner))
        session = self.ctx.session

        def done(read: First) -> None:
            if isValid(self) and not session.locked:
                self._opened(owner, held, *read)

        def failed(error: BaseException) -> None:
            if not isValid(self) or session.locked:
                return
            self.loading = None
            if held:
                journal.close_journal(keys, owner)
            self.gate.opened_or_not()
            if not isinstance(error, TrellisError):
                log.error("the journal did not open: %s", type(error).__name__)
            self.gate.message.say(explain(error))

        self.ctx.tasks.run(lambda: first_page(keys, owner), done, failed)
        return True

    def _opened(self, owner: int, held: bool, entries: list[journal.Entry],
                damaged: list[Damage], whole: bool, index: journal.SearchIndex) -> None:
        """The first page is read: show it, unless the tab was left meanwhile."""
        self.loading = None
        self.gate.opened_or_not()
        if self._left and self.together:
            if held:
                journal.close_journal(self.ctx.session.keyring, owner)
            return
        page = JournalPage(self.ctx, owner, entries, damaged, whole, index)
        self.page, self.owner = page, owner
        self.closed_by_idle = False
        page.close_requested.connect(self.close_journal)
        page.damaged_pane.check_requested.connect(self.check_requested)
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        if whole:
            self._put_back(page, owner)
        else:  # words kept for an older entry go back once that entry is listed
            page.loaded.connect(lambda: self._put_back(page, owner) if self.page is page
                                else None)
        if self.together:
            self.watch_idle()

    def _put_back(self, page: JournalPage, owner: int) -> None:
        """Words of this owner's that did not save when their journal last went: only
        now, with their own key held again."""
        try:
            kept = journal.take_unsaved(self.ctx.session.keyring, owner)
        except TrellisError as error:
            log.info("kept journal words not taken: %s", type(error).__name__)
            return
        if kept:
            page.put_back(kept)

    # closing

    def close_private(self) -> None:
        self.close_journal()

    def close_journal(self) -> None:
        """Save, close the journal's dialogs, let go of its key and every word shown."""
        page, owner = self.page, self.owner
        if page is None or owner is None:
            return
        self.stop_watching()
        if self.together:
            self.guard_clipboard([page])
        try:
            if not self.ctx.session.locked and not page.flush():
                page.keep_unsaved()  # for the owner to get back, sealed with their key
        finally:
            page.close_dialogs()
            page.clear()
            self.page = self.owner = None
            self.stack.removeWidget(page)
            page.hide()
            page.setParent(None)
            page.deleteLater()
            if self.together and not self.ctx.session.locked:
                journal.close_journal(self.ctx.session.keyring, owner)
            self.stack.setCurrentWidget(self.gate)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        """Alone, the journal opens the first time its tab is shown (not at unlock:
        nothing private is decrypted before it is asked for)."""
        super().showEvent(event)
        self._left = False
        if not self.together and self.page is None and self.loading is None:
            # After this turn of the event loop: a lock removing every tab shows each in
            # turn for a moment, and nothing should be read for that.
            self._opening_soon = True
            QTimer.singleShot(0, self, self._open_if_shown)

    def first_paint_pending(self) -> bool:
        """Alone, while the first page is asked for or read, what paints is the gate's
        'opening' line: the workbench builds the other tabs after the list's paint, not
        before it (they took 0.3 s on the GUI thread while the page waited, #9)."""
        return self._opening_soon or self.loading is not None

    def _open_if_shown(self) -> None:
        self._opening_soon = False
        if self.isVisible() and not self.ctx.session.locked and self.page is None:
            self.open_journal(self.ctx.session.partners[0], None)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        """Another tab, a lock or the resting page: together, the journal closes."""
        self._left = True
        super().hideEvent(event)

    def flush(self) -> None:
        """Save what is typed but not saved yet (before a lock)."""
        if self.page is not None:
            self.page.flush()

    def unsaved(self) -> list[UnsavedWords]:
        """Before a lock, after :meth:`flush`: words that still did not save are sealed
        with their owner's own journal key (never handed to the window, which seals
        with the workbook key both partners hold), so nothing is returned."""
        if self.page is not None:
            self.page.keep_unsaved()
        return []

    def select(self, uuid: str) -> None:
        if self.page is not None and uuid:
            self.page.select(uuid)
