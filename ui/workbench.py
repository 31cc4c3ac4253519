"""The unlocked window's content: one tab per workbook, Home first."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

from models.session import Session
from models.unsaved import UnsavedWords
from models.vault import Vault
from ui.errors import describe_without_content
from ui.tasks import TaskRunner
from ui.texts import text
from ui.widgets.common import named
from ui.workbooks import WorkbookContext
from ui.workbooks.damaged import DamagedPart

log = logging.getLogger(__name__)


class Workbench(QTabWidget):
    """Holds the workbook tabs while unlocked; ``clear_all`` destroys them on lock.

    A tab that cannot be built is replaced by a calm :class:`DamagedPart`, so one
    damaged part never keeps anyone from the others (or from locking).
    """

    check_requested = Signal()  # a tab asks for Help → Check this workbook file…

    def __init__(self) -> None:
        super().__init__()
        named(self, "workbooks", "Workbooks")
        self.tabBar().setAccessibleName(self.accessibleName())
        self.setDocumentMode(True)

    def show_session(
        self, vault: Vault, session: Session, own_last_opened: dt.datetime | None,
        tasks: TaskRunner,
    ) -> None:
        """Build every tab for ``session``; ``own_last_opened`` as :class:`HomeTab` takes it."""
        self.clear_all()
        ctx = WorkbookContext(vault, session, tasks)

        def agreements_tab() -> QWidget:
            # Imported on first unlock, not at start-up: the unlock window should show fast.
            from ui.workbooks.agreements import AgreementsTab

            return AgreementsTab(ctx)

        def consent_tab() -> QWidget:
            from ui.workbooks.consent import ConsentTab

            return ConsentTab(ctx)

        def home_tab() -> QWidget:
            from ui.home import HomeTab  # reads the agreements: imported on unlock too

            home = HomeTab(ctx, own_last_opened)
            home.go_to.connect(self.go_to)
            return home

        self._add(home_tab, text("home", "tab"), "homeTab")
        self._add(agreements_tab, text("agreements", "tab"), "agreementsTab")
        self._add(consent_tab, text("consent_checkin", "tab"), "consentTab")

    def go_to(self, workbook: str, uuid: str) -> None:
        """Show the tab of ``workbook`` and, when it can, the record ``uuid`` in it."""
        page = self.findChild(QWidget, f"{workbook}Tab")
        if page is None or self.indexOf(page) < 0:
            return
        self.setCurrentWidget(page)
        select = getattr(page, "select", None)
        if uuid and callable(select):
            select(uuid)

    def current_workbook(self) -> str:
        """The workbook key of the tab showing ("home", "agreements", …; "" for none)."""
        page = self.currentWidget()
        return page.objectName().removesuffix("Tab") if page is not None else ""

    def _add(self, build: Callable[[], QWidget], label: str, name: str) -> None:
        try:
            page = build()
        except Exception as error:  # noqa: BLE001 (one part that fails never stops the rest)
            log.error("the %s tab could not be opened: %s", name,
                      describe_without_content(type(error), error, error.__traceback__))
            page = DamagedPart(label, f"{name}Damaged")
        requested = getattr(page, "check_requested", None)
        if requested is not None:
            requested.connect(self.check_requested)
        self.addTab(page, label)

    def restore(self, piece: UnsavedWords) -> bool:
        """Show the tab that takes ``piece`` back (words kept over a lock); False if
        none can."""
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
        unsaved = self.flush_all()
        while self.count():
            page = self.widget(0)
            self.removeTab(0)
            page.hide()
            page.setParent(None)
            page.deleteLater()
        return unsaved
