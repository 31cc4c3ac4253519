"""The one window: a frame that shows setup, unlock, a notice, the resting page or the
workbooks, and locks from anywhere.

Its menus are built in ui/main_menus.py, the dialogs they open in ui/main_dialogs.py,
and the workbook tabs come from ui/workbooks/registry.py.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStackedWidget

from models import vault as vault_module
from models.errors import TrellisError
from models.keys import Argon2Cost, KeyBundle
from models.session import Keyring, Session
from models.unsaved import SealedWords, UnsavedWords, open_words, seal_words
from models.vault import Vault
from ui import main_dialogs, settings
from ui.clipboard import ClipboardGuard
from ui.errors import describe_without_content
from ui.idle import IdleWatcher, LockKey, close_every_dialog
from ui.main_menus import build_menus
from ui.notice import NoticePage
from ui.pause import PausePage
from ui.tasks import TaskRunner
from ui.texts import counted, explain, text
from ui.unlock import UnlockPage
from ui.widgets.common import named
from ui.workbench import Workbench
from ui.workbooks import WorkbookContext

if TYPE_CHECKING:
    from ui.setup import SetupPage

# Setup, dialogs and workbooks are imported when first needed (ui/main_dialogs.py,
# ui/workbooks/registry.py): the unlock window should appear within twice a bare Qt
# window's time (make bench).

log = logging.getLogger(__name__)


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
        # SQLite's check of the whole file after unlocking, beside whatever else runs.
        self.structure_check = TaskRunner(self)
        self._structure_known: Vault | None = None  # the open file whose check was answered
        self._cost = cost
        self._own_last_opened: dt.datetime | None = None
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
        self.notice.open_other.connect(lambda: self._open(main_dialogs.other_file(self)))
        self.notice.new_vault.connect(lambda: self._open(main_dialogs.new_file(self)))
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
        self.menu_actions = build_menus(self)
        # The actions tests and the tour reach for by name.
        self.lock_action, self.pause_action = self.menu_actions.lock, self.menu_actions.pause
        self.change_action, self.rename_action = (self.menu_actions.change_password,
                                                  self.menu_actions.rename)
        self.preferences_action, self.safety_action = (self.menu_actions.preferences,
                                                       self.menu_actions.safety)
        self.check_action = self.menu_actions.check
        geometry = settings.WINDOW_GEOMETRY.get()
        if not geometry or not self.restoreGeometry(QByteArray.fromBase64(geometry.encode())):
            self.resize(900, 640)
        self._update_actions()

    def _update_actions(self) -> None:
        unlocked = self.session is not None
        for action in self.menu_actions.only_while_unlocked():
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
        went_back_inside = False
        try:
            # Read before start_session writes "now", with only the keys just opened:
            # each partner can read only their own last opening.
            opened = Keyring(dict(bundles))
            previous = self.vault.last_unlocked(opened)
            went_back_inside = bool(self.vault.went_back(opened))
            opened.clear()
            self.session = self.vault.start_session(bundles)
            for damage in self.session.names_damaged:  # a name that did not open
                number = int(damage.uuid.rpartition(" ")[2] or 0)
                if number in (1, 2) and not self.session.names.get(number):
                    self.session.names[number] = text("damage", "name_placeholder",
                                                      number=number)
            own = None if self.session.together else previous.get(self.session.partners[0])
            self._own_last_opened = own
            self._show_workbooks()
            self.pages.setCurrentWidget(self.workbench)
            self.workbench.show_last_tab()
            self._show_names()
        except Exception as error:  # noqa: BLE001 (never left open behind the unlock page)
            self._unlock_failed(error)
            return
        self._update_actions()
        self.idle.start()
        self._offer_kept_words()
        main_dialogs.check_not_older(self, went_back_inside)
        self._check_structure()

    def _check_structure(self) -> None:
        """Opening no longer reads the whole file: SQLite's quick check of it runs now,
        on a worker, once per opened file. Problems get the calm notice; an answer that
        comes after a lock is dropped (and the next unlock asks again)."""
        vault, session = self.vault, self.session
        if vault is None or vault is self._structure_known:
            return

        def checked(problems: tuple[str, ...]) -> None:
            if session is None or self.session is not session:
                return
            self._structure_known = vault
            if problems:
                log.warning("the file's structure check found %d problem(s)", len(problems))
                main_dialogs.structure_damaged(self)

        def failed(error: BaseException) -> None:
            log.info("the file's structure check did not finish: %s", type(error).__name__)

        self.structure_check.run(vault.check_structure, checked, failed)

    def _unlock_failed(self, error: Exception) -> None:
        """Unlocking stopped half-way: lock again, so nothing stays open behind the page."""
        if not isinstance(error, TrellisError):
            log.error("unlocking stopped half-way: %s",
                      describe_without_content(type(error), error, error.__traceback__))
        self.workbench.clear_all()
        if self.session is not None:
            self.session.lock()
            self.session = None
        self.workbench.wait_for_reading()
        self._own_last_opened = None
        self._show_unlock()
        self.status.setText(text("status", "locked"))
        message = explain(error) if isinstance(error, TrellisError) else text("damage",
                                                                               "unlock_failed")
        self.unlock_page.message.say(message)

    def _show_workbooks(self) -> None:
        """Build the tabs of the registry for this session (ui/workbooks/registry.py)."""
        assert self.vault is not None and self.session is not None
        self.workbench.show_session(WorkbookContext(
            self.vault, self.session, self.tasks, own_last_opened=self._own_last_opened))

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

    def lock(self, message: str | None = None) -> None:
        """Drop every key and decrypted value, and return to the unlock page."""
        self.idle.stop()
        if self.tasks.busy:
            # An export stops at its next step and leaves no file, so locking never
            # waits for a long one to finish.
            self.tasks.stop_all()
            # A password check already under way (a KDF, a second or so) finishes and
            # reaches its dialog while the dialog is still there; afterwards it would
            # reach a deleted one.
            self.tasks.wait()
            QCoreApplication.sendPostedEvents()
        app = QApplication.instance()
        if isinstance(app, QApplication):  # while every widget still holds its text
            self.clipboard_guard.clear_ours(app.topLevelWidgets())
        if self.session is not None:
            self.workbench.remember_tab()
        close_every_dialog(self)  # before the keys go: a dialog saves what it holds
        unsaved = self.workbench.clear_all()
        if self.session is not None:
            self.keep(unsaved)
            main_dialogs.remember_facts()
            self.session.lock()
            self.session = None
            self.workbench.wait_for_reading()  # a read under way stops without the keys
        self._own_last_opened = None
        self.status.setText(message or text("status", "locked"))
        if self.vault is not None:
            self._show_unlock()
        self._update_actions()

    def keep(self, unsaved: list[UnsavedWords]) -> None:
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
            if pieces is not None:
                self._kept.remove(sealed)
                main_dialogs.kept_words(self, pieces)
                return  # one at a time; the rest wait for the next unlock

    def check_file(self) -> None:
        """Help → Check this workbook file…: a read-only check of every entry."""
        main_dialogs.file_check(self)

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

    def renamed(self) -> None:
        """After File → Rename: every tab is built again, so no screen keeps an old name."""
        if self.vault is None or self.session is None:
            return
        current = self.workbench.currentIndex()
        self._show_workbooks()
        self.workbench.setCurrentIndex(current)
        self._show_names()

    def show_guide(self) -> None:
        """Help → User guide… (F1), at the page for the tab showing."""
        showing = self.pages.currentWidget() is self.workbench and self.session is not None
        main_dialogs.guide(self, self.workbench.current_workbook() if showing else "")

    def apply_idle_minutes(self, minutes: int) -> None:
        self.idle.set_timeout_ms(minutes * 60_000)

    def _open(self, path: Path | None) -> None:
        """Open ``path`` instead (from the notice's Open another… or New…)."""
        if path is not None:
            self.vault_path = path
            self.start()

    # closing

    def _close_vault(self) -> None:
        if self.session is not None:
            self.lock()
        if self.vault is not None:
            self.structure_check.wait()  # its own connection closes before the file does
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
