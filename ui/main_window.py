"""The one window: a frame that shows setup, unlock, a notice, the resting page or the
workbooks, and locks from anywhere."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QWidget,
)

from models import vault as vault_module
from models.errors import TrellisError
from models.keys import Argon2Cost, KeyBundle
from models.session import Keyring, Session
from models.unsaved import SealedWords, UnsavedWords, open_words, seal_words
from models.vault import Vault
from ui import settings
from ui.clipboard import ClipboardGuard
from ui.errors import describe_without_content
from ui.idle import IdleWatcher, LockKey, close_every_dialog
from ui.notice import NoticePage
from ui.pause import PausePage
from ui.tasks import TaskRunner
from ui.texts import counted, explain, text
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
        self._own_last_opened: dt.datetime | None = None
        self._went_back_inside = False
        # Words whose save failed at lock, sealed until the same partners are back.
        self._kept: list[SealedWords] = []
        self.clipboard_guard = ClipboardGuard(self)

        self.pages = named(QStackedWidget(), "pages", text("app", "title"))
        self.notice = NoticePage()
        self.unlock_page = UnlockPage(self.tasks)
        self.workbench = Workbench()
        self.pause_page = PausePage()
        self.setup_page: SetupPage | None = None
        for page in (self.notice, self.unlock_page, self.workbench, self.pause_page):
            self.pages.addWidget(page)
        self.setCentralWidget(self.pages)
        self.status = named(QLabel(), "statusText", "Status")
        self.statusBar().addWidget(self.status, 1)

        self.unlock_page.unlocked.connect(self._unlocked)
        self.workbench.check_requested.connect(self.check_file)
        self.notice.try_again.connect(self.start)
        self.notice.open_other.connect(self._open_other)
        self.notice.new_vault.connect(self._new_vault)
        self.notice.quit.connect(self.close)
        self.pause_page.resume.connect(self._resume)

        self.idle = IdleWatcher(settings.IDLE_LOCK_MINUTES.get() * 60_000, self)
        self.idle.idle.connect(self._idle_lock)
        self.lock_key = LockKey(self)
        self.lock_key.pressed.connect(self._lock_key_pressed)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
            app.installEventFilter(self.lock_key)
        self._build_menus()
        geometry = settings.WINDOW_GEOMETRY.get()
        if not geometry or not self.restoreGeometry(QByteArray.fromBase64(geometry.encode())):
            self.resize(900, 640)
        self._update_actions()

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
        self.pause_action = self._action("pause", "pauseAction")
        self.pause_action.setToolTip(text("menu", "pause_tip"))
        self.pause_action.triggered.connect(self.pause)
        self.change_action = self._action("change_password", "changePasswordAction")
        self.change_action.triggered.connect(self._change_password)
        self.rename_action = self._action("rename", "renameAction")
        self.rename_action.triggered.connect(self._rename)
        self.preferences_action = self._action("preferences", "preferencesAction")
        self.preferences_action.triggered.connect(self._preferences)
        self.quit_action = self._action("quit", "quitAction", QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.about_action = self._action("about", "aboutAction")
        self.about_action.triggered.connect(self._about)
        self.privacy_action = self._action("privacy", "privacyAction")
        self.privacy_action.triggered.connect(self._privacy)
        self.safety_action = self._action("unsafe", "safetyAction")
        self.safety_action.triggered.connect(self._safety)
        self.guide_action = QAction(text("guide", "menu"), self)
        self.guide_action.setObjectName("guideAction")
        self.guide_action.setShortcut(QKeySequence("F1"))
        self.guide_action.triggered.connect(self.show_guide)
        self.addAction(self.guide_action)  # F1 works whichever page has focus
        self.check_action = QAction(text("file_check", "menu"), self)
        self.check_action.setObjectName("fileCheckAction")
        self.check_action.triggered.connect(self.check_file)
        file_menu = self.menuBar().addMenu(text("menu", "file"))
        file_menu.setObjectName("fileMenu")
        file_menu.addAction(self.pause_action)
        file_menu.addAction(self.lock_action)
        file_menu.addSeparator()
        file_menu.addAction(self.change_action)
        file_menu.addAction(self.rename_action)
        file_menu.addAction(self.preferences_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        help_menu = self.menuBar().addMenu(text("menu", "help"))
        help_menu.setObjectName("helpMenu")
        help_menu.addAction(self.safety_action)
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self.check_action)
        help_menu.addAction(self.privacy_action)
        help_menu.addAction(self.about_action)
        # Pause stays in sight on every page, not only in a menu.
        toolbar = QToolBar(text("menu", "toolbar"), self)
        named(toolbar, "mainToolbar", text("menu", "toolbar"))
        toolbar.setMovable(False)
        toolbar.setFloatable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.toggleViewAction().setEnabled(False)
        toolbar.addAction(self.pause_action)
        toolbar.addAction(self.lock_action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        self.toolbar = toolbar

    def _update_actions(self) -> None:
        unlocked = self.session is not None
        for action in (self.lock_action, self.change_action, self.rename_action,
                       self.check_action):
            action.setEnabled(unlocked)
        resting = self.pages.currentWidget() is self.pause_page
        self.pause_action.setEnabled(self.vault is not None and not resting)

    def _set_title(self, key: str, **values: object) -> None:
        self.setWindowTitle(text("app", key, **values))

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
            self._set_title("title")
            self._update_actions()
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
        self._update_actions()

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
        self._set_title("title_locked")
        self._update_actions()

    def _unlocked(self, bundles: dict[int, KeyBundle]) -> None:
        assert self.vault is not None
        # Home shows a partner only their own last opening, and in a together session
        # no one's: when the other last opened Trellis is theirs to tell.
        try:
            # Read before start_session writes "now", with only the keys just opened:
            # each partner can read only their own last opening.
            opened = Keyring(dict(bundles))
            previous = self.vault.last_unlocked(opened)
            self._went_back_inside = bool(self.vault.went_back(opened))
            opened.clear()
            self.session = self.vault.start_session(bundles)
            for damage in self.session.names_damaged:  # a name that did not open
                number = int(damage.uuid.rpartition(" ")[2] or 0)
                if number in (1, 2) and not self.session.names.get(number):
                    self.session.names[number] = text("damage", "name_placeholder",
                                                      number=number)
            own = None if self.session.together else previous.get(self.session.partners[0])
            self._own_last_opened = own
            self.workbench.show_session(self.vault, self.session, own, self.tasks)
            self.pages.setCurrentWidget(self.workbench)
            self._show_last_tab()
            self._show_names()
        except Exception as error:  # noqa: BLE001 (never left open behind the unlock page)
            self._unlock_failed(error)
            return
        self._update_actions()
        self.idle.start()
        self._offer_kept_words()
        self._check_not_older()

    def _check_not_older(self) -> None:
        """Say so, once, when this file no longer holds facts it held the last time it
        was open here (an older copy was put back, or facts were removed)."""
        from models import ledger

        setting = settings.seen_facts(ledger.file_id())
        mark = setting.get()
        inside, self._went_back_inside = self._went_back_inside, False
        if inside or (mark and ledger.went_back(mark)):
            box = QMessageBox(QMessageBox.Icon.Warning, text("went_back", "title"),
                              text("went_back", "body"), QMessageBox.StandardButton.Ok, self)
            box.setObjectName("wentBackNotice")
            box.setAccessibleName(text("went_back", "title"))
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        self._remember_facts()

    def _remember_facts(self) -> None:
        if self.vault is None or self.session is None:
            return
        from models import ledger

        settings.seen_facts(ledger.file_id()).set(ledger.seen_mark())

    def _unlock_failed(self, error: Exception) -> None:
        """Unlocking stopped half-way: lock again, so nothing stays open behind the page."""
        if not isinstance(error, TrellisError):
            log.error("unlocking stopped half-way: %s",
                      describe_without_content(type(error), error, error.__traceback__))
        self.workbench.clear_all()
        if self.session is not None:
            self.session.lock()
            self.session = None
        self._own_last_opened = None
        self._show_unlock()
        self.status.setText(text("status", "locked"))
        message = explain(error) if isinstance(error, TrellisError) else text("damage",
                                                                               "unlock_failed")
        self.unlock_page.message.say(message)

    def _show_names(self) -> None:
        """Status bar and window title say who is here (after unlocking or renaming)."""
        assert self.session is not None
        names = self.session.names
        if self.session.together:
            self.status.setText(text("status", "together", first=names[1], second=names[2]))
            self._set_title("title_together", first=names[1], second=names[2])
        else:
            name = names[self.session.partners[0]]
            self.status.setText(text("status", "solo", name=name))
            self._set_title("title_solo", name=name)

    def _remember_tab(self) -> None:
        """Keep which workbook tab was showing (its objectName only) for the next unlock."""
        page = self.workbench.currentWidget()
        if page is not None and page.objectName():
            settings.LAST_TAB.set(page.objectName())

    def _show_last_tab(self) -> None:
        name = settings.LAST_TAB.get()
        page = self.workbench.findChild(QWidget, name) if name else None
        if page is not None and self.workbench.indexOf(page) >= 0:
            self.workbench.setCurrentWidget(page)

    def lock(self, message: str | None = None) -> None:
        """Drop every key and decrypted value, and return to the unlock page."""
        self.idle.stop()
        if self.tasks.busy:
            # A password check already under way (a KDF, a second or so) finishes and
            # reaches its dialog while the dialog is still there; afterwards it would
            # reach a deleted one.
            self.tasks.wait()
            QCoreApplication.sendPostedEvents()
        app = QApplication.instance()
        if isinstance(app, QApplication):  # while every widget still holds its text
            self.clipboard_guard.clear_ours(app.topLevelWidgets())
        if self.session is not None:
            self._remember_tab()
        close_every_dialog(self)  # before the keys go: a dialog saves what it holds
        unsaved = self.workbench.clear_all()
        if self.session is not None:
            self._keep(unsaved)
            self._remember_facts()
            self.session.lock()
            self.session = None
        self._own_last_opened = None
        self.status.setText(message or text("status", "locked"))
        if self.vault is not None:
            self._show_unlock()
        self._update_actions()

    def _keep(self, unsaved: list[UnsavedWords]) -> None:
        """Seal words that could not be saved, while the workbook key is still here."""
        if not unsaved or self.session is None or self.session.locked:
            return
        try:
            self._kept.append(seal_words(self.session.keyring, self.session.partners, unsaved))
        except TrellisError as error:
            log.info("could not keep unsaved words: %s", type(error).__name__)

    def _offer_kept_words(self) -> None:
        """After unlocking, offer back words kept over the lock, to the same partners."""
        if self.session is None:
            return
        for sealed in list(self._kept):
            pieces = open_words(self.session.keyring, self.session.partners, sealed)
            if pieces is None:
                continue
            self._kept.remove(sealed)
            from ui.kept_words import KeptWordsDialog

            dialog = KeptWordsDialog(pieces, dict(self.session.names), self.workbench.restore,
                                     self)
            dialog.finished.connect(lambda _result, d=dialog: self._kept_words_closed(d))
            dialog.open()
            return  # one at a time; the rest wait for the next unlock

    def _kept_words_closed(self, dialog: QDialog) -> None:
        from ui.kept_words import KeptWordsDialog

        if isinstance(dialog, KeptWordsDialog):
            if dialog.pieces:  # "Not now", or a lock: sealed again for the next time
                self._keep(dialog.pieces)
                dialog.pieces = []
            dialog.words.clear()
        dialog.deleteLater()

    def check_file(self) -> None:
        """Help → Check this workbook file…: a read-only check of every entry."""
        if self.session is None or self.session.locked:
            return
        from ui.file_check import FileCheckDialog

        dialog = FileCheckDialog(self.session.keyring, self.tasks, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _lock_key_pressed(self) -> None:
        if self.session is not None:
            self.lock()

    def pause(self) -> None:
        """Lock at once and show the resting page; Continue leads to the unlock page."""
        if self.vault is None:
            return
        self.lock(text("status", "paused"))
        self.pages.setCurrentWidget(self.pause_page)
        self._set_title("title_paused")
        self._update_actions()

    def _resume(self) -> None:
        if self.vault is not None:
            self._show_unlock()

    def _idle_lock(self) -> None:
        if self.session is not None:
            minutes = max(1, round(self.idle.interval_ms() / 60_000))
            self.lock(counted("status", "locked_after_idle", minutes, minutes=minutes))

    def _change_password(self) -> None:
        if self.vault is None or self.session is None:
            return
        from ui.change_password import ChangePasswordDialog

        # Window-modal, no nested event loop: a lock meanwhile simply deletes it.
        dialog = ChangePasswordDialog(self.vault, self.session, self.tasks, self)
        dialog.accepted.connect(self._password_changed)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _password_changed(self) -> None:
        message = text("change_password", "done")
        self.status.setText(message)
        box = QMessageBox(QMessageBox.Icon.Information, text("change_password", "window_title"),
                          message, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("passwordChangedMessage")
        box.setAccessibleName(text("change_password", "window_title"))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _rename(self) -> None:
        if self.vault is None or self.session is None:
            return
        from ui.rename import RenameDialog
        from ui.workbooks import WorkbookContext

        dialog = RenameDialog(WorkbookContext(self.vault, self.session, self.tasks), self)
        dialog.renamed.connect(self._renamed)
        dialog.open()

    def _renamed(self) -> None:
        if self.vault is None or self.session is None:
            return
        # Every tab is built again, so no screen keeps an old name.
        current = self.workbench.currentIndex()
        self.workbench.show_session(self.vault, self.session, self._own_last_opened, self.tasks)
        self.workbench.setCurrentIndex(current)
        self._show_names()

    def show_guide(self) -> None:
        """Help → User guide… (F1), at the page for the tab showing."""
        from ui.guide import page_for, show_guide

        showing = self.pages.currentWidget() is self.workbench and self.session is not None
        show_guide(self, page_for(self.workbench.current_workbook() if showing else ""))

    def _safety(self) -> None:
        from ui.safety import show_safety

        show_safety(self)

    def _preferences(self) -> None:
        from ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self)
        dialog.accepted.connect(lambda: self.apply_idle_minutes(dialog.save()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

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
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # no nested event loop: a lock meanwhile simply closes it

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
            app.removeEventFilter(self.lock_key)
        super().closeEvent(event)
