"""Opening the agreements in two parts, so the list shows at once however many there are.

The tab opens a first page on the GUI thread: the agreements changed most recently
(:func:`models.agreements.load_recent`). When that page is full, every agreement is read
on a worker with a connection of its own to the vault file (:func:`~models.agreements.load_all`)
and handed to the list a batch at a time, between which the GUI answers as usual. That
read begins once the first page is on screen (:meth:`AgreementsLoad.begin_after`), so
nothing competes with painting it. With
fewer agreements than a page, the first read was all of them: the whole read then runs
at once on the GUI thread and costs little, because what the first read verified is
remembered for this thread's connection.

Whole reads of one unlocked session run on one reading thread
(:class:`ui.workbooks.session_reader.SessionReader`),
the agreements first and then Home's list of what is waiting, so two whole reads never
compete for the processor. Home takes the agreements from the list once it holds them
all (:meth:`SessionReader.agreements_now`) instead of opening every one a second time. A
lock clears the keys, so a read under way stops at its next agreement; whatever comes
back after a lock is dropped, and no widget is touched.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from models import agreements
from models.agreements import AgreementView
from models.damage import Damage
from ui.errors import describe_without_content
from ui.texts import explain
from ui.workbooks import WorkbookContext
from ui.workbooks.agreements.model import AgreementRows
from ui.workbooks.session_reader import reader_of

log = logging.getLogger(__name__)

# The first page: about three screens of the list at the smallest text size (rows of
# three lines), as the journal's, opened in a few tens of milliseconds whatever the
# workbook holds, most of it checking their facts' signatures (at 10,000 agreements
# 200 took 80 ms, 100 about 50; 60 about a quarter less than 100, side by side on a
# busy machine: 0.07-0.15 s against 0.19-0.24 s). The rest follows from the worker right
# after the first paint. A list this short or shorter is opened whole at once.
PAGE = 60
BATCH = 250  # rows handed to the list per turn of the event loop
START_AT_LATEST_MS = 500  # the rest is read after the first paint, or after this at most


class AgreementsLoad(QObject):
    """The agreements of one tab, opened in two parts (see the module).

    :meth:`first_page` returns what the list shows first; the rest then arrives as
    ``arrived`` signals (views and damaged entries, a batch each, on the GUI thread) and
    ``finished`` says the list is whole ("") or why it could not be ("a sentence").
    """

    arrived = Signal(object, object)  # list[AgreementView], list[Damage]
    finished = Signal(str)

    def __init__(self, ctx: WorkbookContext, parent: QObject) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.loading = False
        self.whole = False  # every agreement has been handed to the list
        self._views: list[AgreementView] = []
        self._damaged: list[Damage] = []
        self._turn = QTimer(self)
        self._turn.setSingleShot(True)
        self._turn.setInterval(0)
        self._turn.timeout.connect(self._next_batch)
        self._began = False
        self._painted: QWidget | None = None  # what must paint before the rest is read

    def first_page(self) -> tuple[list[AgreementView], list[Damage]]:
        """The agreements to show at once; starts reading the rest when there is more."""
        keys = self._ctx.session.keyring
        views, damaged = agreements.load_recent(keys, PAGE)
        reader = reader_of(self._ctx)
        assert reader is not None
        reader.large = len(views) + len(damaged) >= PAGE
        if not reader.large:
            # That was every agreement; the whole read adds only agreements whose row
            # is gone, and verifies nothing again.
            self.whole = True
            return agreements.load_all(keys)
        self.loading = reader.listing = True
        QTimer.singleShot(START_AT_LATEST_MS, self, self._begin)
        return views, damaged

    def offer(self, rows: AgreementRows) -> None:
        """Let Home take every agreement from ``rows`` (the list) once all are there,
        instead of opening them again (:meth:`SessionReader.agreements_now`)."""
        reader = reader_of(self._ctx)
        assert reader is not None
        reader.offer_agreements(
            self, lambda: (rows.views(), rows.damaged()) if self.whole else None)

    def begin_after(self, widget: QWidget) -> None:
        """Read the rest right after ``widget`` (the list) first paints the first page;
        at once when it is not on screen (another tab is shown), and in any case within
        :data:`START_AT_LATEST_MS`."""
        if not self.loading or self._began:
            return
        self._painted = widget
        widget.installEventFilter(self)
        QTimer.singleShot(0, self, self._begin_unless_showing)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self._painted and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            self._painted = None
            QTimer.singleShot(0, self, self._begin)  # once this paint is done
        return False

    def _begin_unless_showing(self) -> None:
        if self._painted is None or not self._painted.isVisible():
            self._begin()

    def _begin(self) -> None:
        if self._began or not self.loading or self._ctx.session.locked:
            return
        self._began = True
        if self._painted is not None:
            self._painted.removeEventFilter(self)
            self._painted = None
        reader = reader_of(self._ctx)
        assert reader is not None
        keys = self._ctx.session.keyring
        reader.run(self._ctx, self, lambda: agreements.load_all(keys), self._read,
                   self._failed)

    def _read(self, result: tuple[list[AgreementView], list[Damage]]) -> None:
        self._views, self._damaged = list(result[0]), list(result[1])
        self._turn.start()

    def _failed(self, error: BaseException) -> None:
        """The worker could not read: read here instead, as the tab always did."""
        log.warning("older agreements did not load on a worker: %s",
                    describe_without_content(type(error), error, error.__traceback__))
        try:
            self._read(agreements.load_all(self._ctx.session.keyring))
        except Exception as again:  # noqa: BLE001 (the first page stays usable)
            log.error("older agreements could not be opened: %s",
                      describe_without_content(type(again), again, again.__traceback__))
            self._stop()
            self.finished.emit(explain(again))
            self._settled()

    def _next_batch(self) -> None:
        if self._ctx.session.locked:
            self._stop()
            return
        if self._views:
            batch, self._views = self._views[:BATCH], self._views[BATCH:]
            self.arrived.emit(batch, [])
            self._turn.start()
            return
        if self._damaged:
            damaged, self._damaged = self._damaged, []
            self.arrived.emit([], damaged)
        self._stop()
        self.whole = True
        self.finished.emit("")
        self._settled()

    def _settled(self) -> None:
        """Tell Home (through the session's reader) that the list's reading ended."""
        reader = reader_of(self._ctx, create=False)
        if reader is not None:
            reader.listing = False
            reader.settled.emit()

    def _stop(self) -> None:
        """Nothing more arrives; nothing read is kept here."""
        self._turn.stop()
        self._views, self._damaged = [], []
        self.loading = False
