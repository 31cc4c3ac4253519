"""The unlocked window's content: one tab per workbook, in the registry's order."""

from __future__ import annotations

import linecache
import logging

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QTabWidget, QWidget

from models.unsaved import UnsavedWords
from ui import settings
from ui.errors import describe_without_content
from ui.tasks import TaskRunner
from ui.widgets.common import named
from ui.workbooks import WorkbookContext, registry
from ui.workbooks.damaged import DamagedPart

log = logging.getLogger(__name__)
WORKBOOK_KEY = "workbook"  # the Qt property on each tab that holds its registry key
UNPAINTED_MS = 250  # builds the other tabs even if the window never paints (minimised)
OPENING_MS = 1000  # ... or when the tab showing paints, but its own read is not back yet


class _NotYetBuilt(QWidget):
    """Holds a tab's place (its title in the tab bar) until the tab is built, just after
    the first paint of the tab showing. It holds nothing anyone wrote."""

    def __init__(self, book: registry.Workbook) -> None:
        super().__init__()
        self.book = book
        self.setObjectName(f"{book.object_name}NotYetBuilt")


class Workbench(QTabWidget):
    """Holds the workbook tabs while unlocked; ``clear_all`` destroys them on lock.

    A tab that cannot be built is replaced by a calm :class:`DamagedPart`, so one
    damaged part never keeps anyone from the others (or from locking).
    """

    check_requested = Signal()  # a tab asks for Help → Check this workbook file…

    def __init__(self) -> None:
        super().__init__()
        self._ctx: WorkbookContext | None = None  # the session whose tabs are shown
        named(self, "workbooks", "Workbooks")
        self.tabBar().setAccessibleName(self.accessibleName())
        self.setDocumentMode(True)
        # Only the tab showing is built before the first paint after unlocking; the
        # others are built right after it (or at once when one is asked for).
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.timeout.connect(self.finish_building)
        # The fallback for a window that never paints counts from when the event loop is
        # back, not from building the first tab: the rest of the unlock runs in between,
        # and on a busy machine it took longer than the fallback, which then built every
        # other tab before the first one could paint.
        self._arm = QTimer(self)
        self._arm.setSingleShot(True)
        self._arm.setInterval(0)
        self._arm.timeout.connect(self._arm_fallback)
        self._painted_page: QWidget | None = None
        self._adding = False
        self.currentChanged.connect(self._shown)

    @property
    def building(self) -> bool:
        """True while some tab of the session is still waiting to be built."""
        return any(isinstance(self.widget(index), _NotYetBuilt)
                   for index in range(self.count()))

    def show_session(self, ctx: WorkbookContext) -> None:
        """Build a tab for every workbook in the registry that ``ctx.session`` shows."""
        self.clear_all()
        self._ctx = ctx
        books = registry.shown_in(ctx.session.together)
        last = settings.LAST_TAB.get()
        first = next((book for book in books if book.object_name == last),
                     books[0] if books else None)
        self._adding = True
        try:
            for book in books:
                if book is first:
                    self._add(book, ctx)
                else:
                    self.addTab(_NotYetBuilt(book), book.label())
            page = self.page_of(first.key, build=False) if first is not None else None
            if page is not None:
                self.setCurrentWidget(page)
        finally:
            self._adding = False
        self._painted_page = page
        if page is not None:
            page.installEventFilter(self)
        # The window's visibility, not this widget's: the unlock shows this page only
        # after building it, and a hidden page took the fallback at once (its other tabs
        # were then built before the first paint, as soon as the event loop was back).
        if page is None or not self.window().isVisible():
            self._later.start(0)
        else:
            self._arm.start()

    def _arm_fallback(self) -> None:
        if self._painted_page is not None and not self._later.isActive():
            self._later.start(UNPAINTED_MS)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self._painted_page and event.type() == QEvent.Type.Paint:
            pending = getattr(watched, "first_paint_pending", None)
            if callable(pending) and pending():
                # The tab paints a stand-in while it reads on a worker (the journal
                # alone): building the other tabs now would hold its result until they
                # are all built. Its own paint comes when the read is here.
                self._arm.stop()
                if self._later.interval() != OPENING_MS:  # from the first such paint
                    self._later.start(OPENING_MS)
                return False
            watched.removeEventFilter(self)
            self._painted_page = None
            self._later.start(0)  # runs once this paint has reached the screen
        return False

    def _shown(self, index: int) -> None:
        if not self._adding and isinstance(self.widget(index), _NotYetBuilt):
            self.finish_building()

    def finish_building(self) -> None:
        """Build every tab still waiting (after the first paint, or when one is asked
        for). Does nothing once the session is gone (a lock cancels it)."""
        self._arm.stop()
        self._later.stop()
        if self._painted_page is not None:
            self._painted_page.removeEventFilter(self)
            self._painted_page = None
        ctx = self._ctx
        if ctx is None or ctx.session.locked:
            return
        for index in range(self.count()):
            holder = self.widget(index)
            if not isinstance(holder, _NotYetBuilt) or self._ctx is not ctx:
                continue
            page = self._build(holder.book, ctx)
            showing = self.currentWidget()
            self._adding = True
            self.blockSignals(True)  # the tab showing stays the same: no one is told
            try:
                self.removeTab(index)
                self.insertTab(index, page, holder.book.label())
                if showing is not holder and showing is not None:
                    self.setCurrentWidget(showing)
            finally:
                self.blockSignals(False)
                self._adding = False
            holder.deleteLater()
        if self._ctx is ctx:  # the vault seals this opening (it hashes every fact)
            ctx.changes.tabs_built()
            ctx.vault.note_opened()
        # PySide6 reads every imported module's source and linecache keeps it (~7 MiB
        # with the workbooks in; a traceback reads again what it needs): cleared once
        # every tab is built, after the first paint (it took 10-20 ms before it).
        linecache.clearcache()

    def wait_for_reading(self, msecs: int = 20000) -> bool:
        """After the keys are gone (a lock, or closing): wait for every reading thread the
        session's tabs started (their runners hang off ``ctx.changes``). Each read stops at
        its next step without the keys, so this is short; afterwards nothing reads the
        file, which can then be closed. False if one did not end in ``msecs``."""
        ctx, self._ctx = self._ctx, None
        if ctx is None:
            return True
        ended = [runner.wait(msecs) for runner in ctx.changes.findChildren(TaskRunner)]
        return all(ended)

    def go_to(self, workbook: str, uuid: str) -> None:
        """Show the tab of ``workbook`` and, when it can, the record ``uuid`` in it."""
        page = self.page_of(workbook)
        if page is None:
            return
        self.setCurrentWidget(page)
        select = getattr(page, "select", None)
        if uuid and callable(select):
            select(uuid)

    def current_workbook(self) -> str:
        """The workbook key of the tab showing ("home", "agreements", …; "" for none)."""
        page = self.currentWidget()
        return str(page.property(WORKBOOK_KEY) or "") if page is not None else ""

    def page_of(self, workbook: str, build: bool = True) -> QWidget | None:
        """The tab of ``workbook`` (its stand-in if it could not be built), if shown."""
        if build:
            self.finish_building()
        for index in range(self.count()):
            page = self.widget(index)
            if page is not None and page.property(WORKBOOK_KEY) == workbook:
                return page
        return None

    def remember_tab(self) -> None:
        """Keep which workbook tab is showing (its objectName only) for the next unlock."""
        page = self.currentWidget()
        if page is not None and page.objectName():
            settings.LAST_TAB.set(page.objectName())

    def show_last_tab(self) -> None:
        name = settings.LAST_TAB.get()
        page = self.findChild(QWidget, name) if name else None
        if page is not None and self.indexOf(page) >= 0:
            self.setCurrentWidget(page)

    def _add(self, book: registry.Workbook, ctx: WorkbookContext) -> None:
        self.addTab(self._build(book, ctx), book.label())

    def _build(self, book: registry.Workbook, ctx: WorkbookContext) -> QWidget:
        label = book.label()
        try:
            page = book.build(ctx)
            page.setObjectName(book.object_name)  # the name the last-tab memory keeps
        except Exception as error:  # noqa: BLE001 (one part that fails never stops the rest)
            log.error("the %s tab could not be opened: %s", book.object_name,
                      describe_without_content(type(error), error, error.__traceback__))
            page = DamagedPart(label, f"{book.object_name}Damaged")
        for name, slot in (("check_requested", self.check_requested), ("go_to", self.go_to)):
            signal = getattr(page, name, None)
            if isinstance(signal, SignalInstance):
                signal.connect(slot)
        page.setProperty(WORKBOOK_KEY, book.key)
        return page

    def restore(self, piece: UnsavedWords) -> bool:
        """Show the tab that takes ``piece`` back (words kept over a lock); False if
        none can."""
        self.finish_building()
        for index in range(self.count()):
            restore = getattr(self.widget(index), "restore", None)
            if restore is None:
                continue
            self.setCurrentIndex(index)
            if restore(piece):
                return True
        return False

    def flush_all(self) -> list[UnsavedWords]:
        """Save what a tab still holds (autosave waiting for a pause), while keys are
        here; returns the words that still could not be saved."""
        unsaved: list[UnsavedWords] = []
        for index in range(self.count()):
            page = self.widget(index)
            flush = getattr(page, "flush", None)
            if flush is None:
                continue
            try:
                flush()
                unsaved += getattr(page, "unsaved", list)()
            except Exception as error:  # noqa: BLE001 (locking goes on whatever happens)
                log.info("could not save before locking: %s", type(error).__name__)
        return unsaved

    def clear_all(self) -> list[UnsavedWords]:
        """Save pending edits, then remove and delete every tab, so no decrypted text
        stays in a widget. Returns the words that could not be saved."""
        self._arm.stop()
        self._later.stop()  # a tab not built yet never will be for this session
        if self._ctx is not None and not self._ctx.session.locked:
            self._ctx.vault.note_opened()  # if not yet, while the keys are here
        if self._painted_page is not None:
            self._painted_page.removeEventFilter(self)
            self._painted_page = None
        unsaved = self.flush_all()
        self._adding = True  # showing a tab not built yet while leaving never builds it
        try:
            self._remove_every_tab()
        finally:
            self._adding = False
        return unsaved

    def _remove_every_tab(self) -> None:
        while self.count():
            page = self.widget(0)
            self.removeTab(0)
            if page is None:
                continue
            page.hide()
            page.setParent(None)
            page.deleteLater()
