"""The unlocked window's content: one tab per workbook, Home first."""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from models.errors import TrellisError
from models.session import Session
from models.vault import Vault
from ui.tasks import TaskRunner
from ui.texts import text
from ui.widgets.common import body_label, named, title_label
from ui.workbooks import WorkbookContext

log = logging.getLogger(__name__)


def _own_line(moment: dt.datetime | None) -> str:
    if moment is None:
        return text("home", "own_first_time")
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
        if not session.together:
            layout.addWidget(body_label(_own_line(own_last_opened), "ownLastOpened"))
        layout.addSpacing(12)
        layout.addWidget(QLabel(f"<b>{text('home', 'vault_location')}</b>"))
        layout.addWidget(location)
        layout.addSpacing(12)
        layout.addWidget(QLabel(f"<b>{text('home', 'privacy_heading')}</b>"))
        layout.addWidget(body_label(text("privacy", "short"), "homePrivacy"))
        layout.addStretch(1)


class Workbench(QTabWidget):
    """Holds the workbook tabs while unlocked; ``clear_all`` destroys them on lock."""

    def __init__(self) -> None:
        super().__init__()
        named(self, "workbooks", "Workbooks")
        self.setDocumentMode(True)

    def show_session(
        self, vault: Vault, session: Session, own_last_opened: dt.datetime | None,
        tasks: TaskRunner,
    ) -> None:
        """Build every tab for ``session``; ``own_last_opened`` as :class:`HomeTab` takes it."""
        self.clear_all()
        ctx = WorkbookContext(vault, session, tasks)
        self.addTab(HomeTab(vault, session, own_last_opened), text("home", "tab"))
        # Imported on first unlock, not at start-up: the unlock window should show fast.
        from ui.workbooks.agreements import AgreementsTab
        from ui.workbooks.consent import ConsentTab

        self.addTab(AgreementsTab(ctx), text("agreements", "tab"))
        self.addTab(ConsentTab(ctx), text("consent_checkin", "tab"))

    def flush_all(self) -> None:
        """Save what a tab still holds (autosave waiting for a pause), while keys are here."""
        for index in range(self.count()):
            flush = getattr(self.widget(index), "flush", None)
            if flush is None:
                continue
            try:
                flush()
            except TrellisError as error:  # locking goes on; the tab already said why
                log.info("could not save before locking: %s", type(error).__name__)

    def clear_all(self) -> None:
        """Save pending edits, then remove and delete every tab, so no decrypted text
        stays in a widget."""
        self.flush_all()
        while self.count():
            page = self.widget(0)
            self.removeTab(0)
            page.hide()
            page.setParent(None)
            page.deleteLater()
