"""The one window: a frame that shows setup, unlock, a notice or the workbooks."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
)

from models import vault as vault_module
from models.errors import TrellisError
from models.keys import Argon2Cost, KeyBundle
from models.session import Session
from models.vault import Vault
from ui import settings
from ui.idle import IdleWatcher
from ui.notice import NoticePage
from ui.tasks import TaskRunner
from ui.texts import explain, text
from ui.unlock import UnlockPage
from ui.widgets.common import named
from ui.workbench import Workbench

if TYPE_CHECKING:
    from ui.setup import SetupPage

# Setup, dialogs and workbooks are imported when first needed: the unlock window
# should appear within twice a bare Qt window's time (make bench).

log = logging.getLogger(__name__)
VERSION = "0.1.0"


class MainWindow(QMainWindow):
    """Owns the open vault and the session; pages only ask it to move on."""

    def __init__(self, vault_path: Path, cost: Argon2Cost | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(text("app", "title"))
        self.setAccessibleName(text("app", "title"))
        self.vault_path = Path(vault_path)
        self.vault: Vault | None = None
        self.session: Session | None = None
        self.tasks = TaskRunner(self)
        self._cost = cost

        self.pages = named(QStackedWidget(), "pages", text("app", "title"))
        self.notice = NoticePage()
        self.unlock_page = UnlockPage(self.tasks)
        self.workbench = Workbench()
        self.setup_page: SetupPage | None = None
        for page in (self.notice, self.unlock_page, self.workbench):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)
        self.status = named(QLabel(), "statusText", "Status")
        self.statusBar().addWidget(self.status, 1)

        self.unlock_page.unlocked.connect(self._unlocked)
        self.notice.try_again.connect(self.start)
        self.notice.open_other.connect(self._open_other)
        self.notice.new_vault.connect(self._new_vault)
        self.notice.quit.connect(self.close)

        self.idle = IdleWatcher(settings.IDLE_LOCK_MINUTES.get() * 60_000, self)
        self.idle.idle.connect(self._idle_lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self._build_menus()
        geometry = settings.WINDOW_GEOMETRY.get()
        if not geometry or not self.restoreGeometry(QByteArray.fromBase64(geometry.encode())):
            self.resize(900, 640)
        self._set_unlocked_actions(False)

    # menus

    def _action(self, label: str, name: str, shortcut: QKeySequence | str | None = None) -> QAction:
        action = QAction(text("menu", label), self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        self.addAction(action)  # shortcuts work whichever page has focus
        return action

    def _build_menus(self) -> None:
        self.lock_action = self._action("lock", "lockAction", "Ctrl+L")
        self.lock_action.triggered.connect(lambda: self.lock())
        self.change_action = self._action("change_password", "changePasswordAction")
        self.change_action.triggered.connect(self._change_password)
        self.preferences_action = self._action("preferences", "preferencesAction")
        self.preferences_action.triggered.connect(self._preferences)
        self.quit_action = self._action("quit", "quitAction", QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.about_action = self._action("about", "aboutAction")
        self.about_action.triggered.connect(self._about)
        self.privacy_action = self._action("privacy", "privacyAction")
        self.privacy_action.triggered.connect(self._privacy)
        file_menu = self.menuBar().addMenu(text("menu", "file"))
        file_menu.setObjectName("fileMenu")
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.change_action)
        file_menu.addAction(self.preferences_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu(text("menu", "help"))
        help_menu.setObjectName("helpMenu")
        help_menu.addAction(self.privacy_action)
        help_menu.addAction(self.about_action)

    def _set_unlocked_actions(self, unlocked: bool) -> None:
        self.lock_action.setEnabled(unlocked)
        self.change_action.setEnabled(unlocked)

    # flow

    def start(self) -> None:
        """Open the vault, or start setup if there is none yet; explain any problem."""
        self._close_vault()
        try:
            state = vault_module.inspect(self.vault_path)
            if state == "missing":
                self._show_setup()
                return
            self.vault = Vault.open(self.vault_path)
        except (TrellisError, OSError) as error:
            log.info("vault did not open: %s", type(error).__name__)
            self.notice.explain(
                explain(error, path=str(self.vault_path), folder=str(self.vault_path.parent))
            )
            self.pages.setCurrentWidget(self.notice)
            self.status.setText("")
            return
        self._show_unlock()

    def _show_setup(self) -> None:
        if self.setup_page is not None:
            self.pages.removeWidget(self.setup_page)
            self.setup_page.deleteLater()
        from ui.setup import SetupPage

        self.setup_page = SetupPage(self.vault_path, self.tasks, self._cost)
        self.setup_page.created.connect(self._created)
        self.pages.addWidget(self.setup_page)
        self.pages.setCurrentWidget(self.setup_page)
        self.setWindowTitle(text("setup", "window_title"))

    def _created(self, vault: Vault, bundles: dict[int, KeyBundle]) -> None:
        self.vault = vault
        if self.setup_page is not None:
            self.pages.removeWidget(self.setup_page)
            self.setup_page.deleteLater()
            self.setup_page = None
        self._unlocked(bundles)

    def _show_unlock(self) -> None:
        assert self.vault is not None
        self.unlock_page.show_for(self.vault)
        self.pages.setCurrentWidget(self.unlock_page)
        self.setWindowTitle(text("app", "title"))

    def _unlocked(self, bundles: dict[int, KeyBundle]) -> None:
        assert self.vault is not None
        previous = self.vault.last_unlocked()
        try:
            self.session = self.vault.start_session(bundles)
        except TrellisError as error:
            self.unlock_page.message.say(explain(error))
            return
        self.workbench.show_session(self.vault, self.session, previous, self.tasks)
        self.pages.setCurrentWidget(self.workbench)
        self._set_unlocked_actions(True)
        names = self.session.names
        if self.session.together:
            self.status.setText(text("status", "together", first=names[1], second=names[2]))
        else:
            self.status.setText(text("status", "solo", name=names[self.session.partners[0]]))
        self.idle.start()

    def lock(self, message: str | None = None) -> None:
        """Drop every key and decrypted value, and return to the unlock page."""
        self.idle.stop()
        for dialog in self.findChildren(QDialog):
            dialog.reject()
        self.workbench.clear_all()
        if self.session is not None:
            self.session.lock()
            self.session = None
        self._set_unlocked_actions(False)
        self.status.setText(message or text("status", "locked"))
        if self.vault is not None:
            self._show_unlock()

    def _idle_lock(self) -> None:
        if self.session is not None:
            minutes = max(1, round(self.idle.interval_ms() / 60_000))
            self.lock(text("status", "locked_after_idle", minutes=minutes))

    def _change_password(self) -> None:
        if self.vault is None or self.session is None:
            return
        from ui.change_password import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.vault, self.session, self.tasks, self)
        if dialog.exec() == ChangePasswordDialog.DialogCode.Accepted:
            self.status.setText(text("change_password", "done"))

    def _preferences(self) -> None:
        from ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self)
        if dialog.exec() == PreferencesDialog.DialogCode.Accepted:
            self.apply_idle_minutes(dialog.save())

    def apply_idle_minutes(self, minutes: int) -> None:
        self.idle.set_timeout_ms(minutes * 60_000)

    def _open_other(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, text("notice", "open_other"),
                                              str(self.vault_path.parent))
        if path:
            self.vault_path = Path(path)
            self.start()

    def _new_vault(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, text("notice", "new_vault"),
                                              str(Path.home() / "trellis.vault"))
        if path:
            self.vault_path = Path(path)
            self.start()

    def _about(self) -> None:
        QMessageBox.about(self, text("menu", "about").replace("&", ""),
                          text("app", "about", version=VERSION))

    def _privacy(self) -> None:
        box = QMessageBox(self)
        box.setObjectName("privacyDialog")
        box.setWindowTitle(text("privacy", "title"))
        box.setText(text("privacy", "long"))
        box.exec()

    # closing

    def _close_vault(self) -> None:
        if self.session is not None:
            self.lock()
        if self.vault is not None:
            self.vault.close()
            self.vault = None

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        settings.WINDOW_GEOMETRY.set(bytes(self.saveGeometry().toBase64().data()).decode())
        self.tasks.wait()
        self._close_vault()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        super().closeEvent(event)
