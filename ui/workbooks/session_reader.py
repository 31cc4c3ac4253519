"""The session's one reading thread (#8): whole reads of one unlocked session's
workbook run one at a time on a thread of their own, so two whole reads (the agreements'
list, Home's list of what is waiting, the consent list) never compete for the processor.
It is kept beside the tabs' shared ``ctx.changes``; what comes back after a lock is
dropped unread and no widget is touched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from shiboken6 import isValid

from models.db import own_connection
from models.waiting import Opened
from ui.tasks import TaskRunner
from ui.workbooks import WorkbookContext


class SessionReader(QObject):
    """Whole reads of one unlocked session's workbook, one at a time on a thread of
    their own. One per session, kept beside the tabs' shared ``ctx.changes``; ``large``
    says the agreements fill more than a first page (Home then reads on this thread too).

    The agreements list offers what it holds (:meth:`offer_agreements`); ``settled``
    says its reading ended, with every agreement listed or not.
    """

    settled = Signal()

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.setObjectName("sessionReader")
        self.runner = TaskRunner(self)
        self.large = False
        self.listing = False  # the list is still reading older agreements
        self._lister: tuple[QObject, Callable[[], Opened | None]] | None = None

    def offer_agreements(self, owner: QObject, now: Callable[[], Opened | None]) -> None:
        """``now()`` gives every agreement as ``owner`` (the list) holds it, or None
        while it does not hold them all."""
        self._lister = (owner, now)

    def agreements_now(self) -> Opened | None:
        """Every agreement, opened and kept up to date by the list on screen (views and
        the entries that did not open), or None when no list holds them all."""
        if self._lister is None:
            return None
        owner, now = self._lister
        if not isValid(owner):
            self._lister = None
            return None
        return now()

    def run(self, ctx: WorkbookContext, owner: QObject, work: Callable[[], Any],
            done: Callable[[Any], None], failed: Callable[[BaseException], None]) -> None:
        """Run ``work`` on the reading thread, on its own connection. ``done`` or
        ``failed`` is called back on the GUI thread only while ``owner`` exists and the
        session is still unlocked: after a lock, what came back is dropped unread.
        ``work`` must hold no widget and no context, only what it reads with."""
        session = ctx.session

        def read() -> Any:
            with own_connection():
                return work()

        def alive() -> bool:
            return isValid(owner) and not session.locked

        self.runner.run(read, lambda result: done(result) if alive() else None,
                        lambda error: failed(error) if alive() else None)


def reader_of(ctx: WorkbookContext, create: bool = True) -> SessionReader | None:
    """The session's reading thread (made on first use when ``create``)."""
    found = ctx.changes.findChild(SessionReader)
    if found is None and create:
        found = SessionReader(ctx.changes)
    return found
