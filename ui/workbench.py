"""The unlocked window's content: one tab per workbook, Home first."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from models.session import Session
from models.unsaved import UnsavedWords
from models.vault import Vault
from ui.errors import describe_without_content
from ui.tasks import TaskRunner
from ui.texts import text
from ui.widgets.common import body_label, named, title_label
from ui.workbooks import WorkbookContext
from ui.workbooks.damaged import DamagedPart

log = logging.getLogger(__name__)


def _own_line(moment: dt.datetime | None) -> str:
    if moment is None:
        return text("home", "own_first_time")
    if not isinstance(moment, dt.datetime):  # a column edited outside Trellis: say nothing
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return text("home", "own_last_opened",
                when=moment.astimezone().strftime("%A %d %B %Y, %H:%M"))


class HomeTab(QWidget):
    """Who is signed in, your own last opening (alone only), where the file lives.

    Never the other partner's activity: when someone opens Trellis alone is theirs to
    tell. ``own_last_opened`` is the signed-in partner's previous opening in a solo
    session and None together, where Home shows no one's.
    """

    def __init__(self, vault: Vault, session: Session, own_last_opened: dt.datetime | None):
        super().__init__()
        self.setObjectName("homeTab")
        if session.together:
            greeting = text("home", "greeting_together",
                            first=session.name_of(1), second=session.name_of(2))
        else:
            greeting = text("home", "greeting_solo", name=session.name_of(session.partners[0]))
        location = body_label(str(vault.path), "vaultLocation")
        location.setAccessibleName(text("home", "vault_location"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(title_label(greeting, "homeGreeting"))
        if not session.together and _own_line(own_last_opened):
            layout.addWidget(body_label(_own_line(own_last_opened), "ownLastOpened"))
        layout.addSpacing(12)
        layout.addWidget(QLabel(f"<b>{text('home', 'vault_location')}</b>"))
        layout.addWidget(location)
        layout.addSpacing(12)
        layout.addWidget(QLabel(f"<b>{text('home', 'privacy_heading')}</b>"))
        layout.addWidget(body_label(text("privacy", "short"), "homePrivacy"))
        layout.addStretch(1)


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

        self._add(lambda: HomeTab(vault, session, own_last_opened), text("home", "tab"),
                  "homeTab")
        self._add(agreements_tab, text("agreements", "tab"), "agreementsTab")
        self._add(consent_tab, text("consent_checkin", "tab"), "consentTab")

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
