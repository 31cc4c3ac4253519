"""The one window: a frame that shows setup, unlock, a notice, the resting page or the
workbooks, and locks from anywhere.

Its menus are built in ui/main_menus.py, the dialogs they open in ui/main_dialogs.py,
and the workbook tabs come from ui/workbooks/registry.py.

Before the unlock page first paints, only what it needs is imported and built (#9,
make bench): the file is opened (peewee and the models) right after that paint, or at
the first key typed; the menus' actions and shortcuts right after it too; the notice,
the resting page and the workbooks when first shown; dialogs when first opened.
"""

from __future__ import annotations

import linecache
import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QStackedWidget

from models.errors import TrellisError
from ui import main_dialogs, settings
from ui.clipboard import ClipboardGuard
from ui.errors import describe_without_content
from ui.idle import IdleWatcher, LockKey, close_every_dialog
from ui.main_menus import MainActions, MenuAction, build_frame, build_menus
from ui.notice import NoticePage
from ui.pause import PausePage
from ui.tasks import TaskRunner
from ui.texts import counted, explain, text
from ui.unlock import UnlockPage
from ui.widgets.common import named

if TYPE_CHECKING:
    import datetime as dt

    from models.keys import Argon2Cost, KeyBundle
    from models.session import Session
    from models.unsaved import SealedWords
    from models.vault import Vault
    from ui.setup import SetupPage
    from ui.workbench import Workbench

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Owns the open vault and the session; pages only ask it to move on."""

    first_painted = Signal()  # once, right after the window's first paint

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
        self.unlock_page = UnlockPage(self.tasks)
        self.pages.addWidget(self.unlock_page)
        self._notice: NoticePage | None = None  # these when first shown (properties below)
        self._workbench: Workbench | None = None
        self._pause_page: PausePage | None = None
        self._menu_actions: MainActions | None = None
        self.setup_page: SetupPage | None = None
        self._open_after_paint = False
        self.setCentralWidget(self.pages)
        self.status = named(QLabel(), "statusText", "Status")
        self.statusBar().addWidget(self.status, 1)

        self.unlock_page.unlocked.connect(self._unlocked)
        for field in (self.unlock_page.first, self.unlock_page.second):  # typed before opening
            field.edit.textEdited.connect(lambda _typed: self._open_deferred())

        self.idle = IdleWatcher(settings.IDLE_LOCK_MINUTES.get() * 60_000, self)
        self.idle.idle.connect(self._idle_lock)
        self.lock_key = LockKey(self)
        self.lock_key.pressed.connect(self._lock_key_pressed)
        self._menu_frame = build_frame(self)  # its actions and shortcuts after the paint
        self._painted_once = False
        geometry = settings.WINDOW_GEOMETRY.get()
        if not geometry or not self.restoreGeometry(QByteArray.fromBase64(geometry.encode())):
            self.resize(900, 640)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        super().paintEvent(event)
        if not self._painted_once:
            self._painted_once = True
            QTimer.singleShot(0, self._painted)  # once the whole window has painted

    def _painted(self) -> None:
        """Right after the first paint: the menus' actions and shortcuts, then the file."""
        self.menu_actions  # noqa: B018 (builds them)
        self._watch_everything()
        if self._open_after_paint:
            self._open_deferred()
        self.first_painted.emit()
        linecache.clearcache()  # see Workbench.finish_building

    def _watch_everything(self) -> None:
        """Idle time and Ctrl+L, watched by filters on the app only after the first paint:
        PySide6 wraps whatever they see, which made ~80 Qt classes before it (#9)."""
        app = QApplication.instance()
        if app is not None:  # installing twice only moves them to the front
            app.installEventFilter(self.idle)
            app.installEventFilter(self.lock_key)

    @property
    def menu_actions(self) -> MainActions:
        """The menus' actions and shortcuts, built after the first paint or when asked for."""
        if self._menu_actions is None:
            self._menu_actions = build_menus(self, self._menu_frame)
            self._update_actions()
        return self._menu_actions

    lock_action, pause_action = MenuAction("lock"), MenuAction("pause")
    change_action, rename_action = MenuAction("change_password"), MenuAction("rename")
    preferences_action, safety_action = MenuAction("preferences"), MenuAction("safety")
    check_action = MenuAction("check")

    @property
    def notice(self) -> NoticePage:
        """What stands in for the unlock page when the file does not open."""
        if self._notice is None:
            self._notice = NoticePage()
            self._notice.try_again.connect(self.start)
            self._notice.open_other.connect(lambda: self._open(main_dialogs.other_file(self)))
            self._notice.new_vault.connect(lambda: self._open(main_dialogs.new_file(self)))
            self._notice.quit.connect(self.close)
            self.pages.addWidget(self._notice)
        return self._notice

    @property
    def workbench(self) -> Workbench:
        """The workbook tabs while unlocked."""
        if self._workbench is None:
            from ui.workbench import Workbench

            self._workbench = Workbench()
            self._workbench.check_requested.connect(self.check_file)
            self.pages.addWidget(self._workbench)
        return self._workbench

    @property
    def pause_page(self) -> PausePage:
        """The resting page (File → Pause)."""
        if self._pause_page is None:
            self._pause_page = PausePage()
            self._pause_page.resume.connect(self._resume)
            self.pages.addWidget(self._pause_page)
        return self._pause_page

    def _update_actions(self) -> None:
        if self._menu_actions is None:
            return  # set when they are built
        unlocked = self.session is not None
        for action in self._menu_actions.only_while_unlocked():
            action.setEnabled(unlocked)
        resting = self._pause_page is not None and self.pages.currentWidget() is self._pause_page
        self._menu_actions.pause.setEnabled(self.vault is not None and not resting)

    def _set_title(self, key: str, **values: object) -> None:
        self.setWindowTitle(text("app", key, **values))

    # flow

    def start(self) -> None:
        """Open the vault, or start setup if there is none yet; explain any problem."""
        self._close_vault()
        self._open_after_paint = False
        if self._open_file():
            self._show_unlock()

    def start_soon(self) -> None:
        """The unlock page now, the file right after its first paint (or at the first key
        typed): peewee and the models never hold up that paint (#9). No file yet: setup
        at once; a file that does not open: the notice in the page's place then."""
        self._close_vault()
        try:
            os.stat(self.vault_path)
        except (FileNotFoundError, NotADirectoryError):
            self.start()
            return
        except OSError:
            pass  # the file check after the paint says what is wrong, on the notice
        self._open_after_paint = True
        self.pages.setCurrentWidget(self.unlock_page)
        self.unlock_page.first.edit.setFocus()
        self._set_title("title_locked")
        self._update_actions()
        if self._painted_once:
            QTimer.singleShot(0, self._open_deferred)

    def _open_deferred(self) -> None:
        """Open the file the unlock page is showing for; what was typed stays typed."""
        if not self._open_after_paint:
            return
        self._open_after_paint = False
        if self._open_file():
            assert self.vault is not None
            self.unlock_page.show_for(self.vault, keep_typed=True)
            self._update_actions()

    def _open_file(self) -> bool:
        """Open ``vault_path``; False (with setup or the notice showing) when it did not."""
        from models import vault as vault_module

        try:
            state = vault_module.inspect(self.vault_path)
            if state == "missing":
                self._show_setup()
                return False
            self.vault = vault_module.Vault.open(self.vault_path)
        except (TrellisError, OSError) as error:
            log.info("vault did not open: %s", type(error).__name__)
            self.notice.explain(explain(error, path=str(self.vault_path),
                                        folder=str(self.vault_path.parent)))
            self.pages.setCurrentWidget(self.notice)
            self.status.setText("")
            self._set_title("title")
            self._update_actions()
            return False
        return True

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
            from models.session import Keyring

            opened = Keyring(dict(bundles))
            previous = self.vault.last_unlocked(opened)
            went_back_inside = bool(self.vault.went_back(opened))
            opened.clear()
            self.session = self.vault.start_session(bundles, note=False)  # Workbench notes
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
        self._watch_everything()
        self.idle.start()
        main_dialogs.offer_kept_words(self)
        main_dialogs.check_not_older(self, went_back_inside)
        main_dialogs.check_structure(self)
        # linecache is cleared once every tab is built (Workbench.finish_building).

    def _unlock_failed(self, error: Exception) -> None:
        """Unlocking stopped half-way: lock again, so nothing stays open behind the page."""
        if not isinstance(error, TrellisError):
            log.error("unlocking stopped half-way: %s",
                      describe_without_content(type(error), error, error.__traceback__))
        if self._workbench is not None:
            self._workbench.clear_all()
        if self.vault is not None:  # the opening, if not sealed yet: see Workbench
            self.vault.note_opened()
        if self.session is not None:
            self.session.lock()
            self.session = None
        if self._workbench is not None:
            self._workbench.wait_for_reading()
        self._own_last_opened = None
        self._show_unlock()
        self.status.setText(text("status", "locked"))
        message = explain(error) if isinstance(error, TrellisError) else text("damage",
                                                                               "unlock_failed")
        self.unlock_page.message.say(message)

    def _show_workbooks(self) -> None:
        """Build the tabs of the registry for this session (ui/workbooks/registry.py)."""
        assert self.vault is not None and self.session is not None
        from ui.workbooks import WorkbookContext

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
        if self.session is not None and self._workbench is not None:
            self._workbench.remember_tab()
        close_every_dialog(self)  # before the keys go: a dialog saves what it holds
        unsaved = self._workbench.clear_all() if self._workbench is not None else []
        if self.session is not None:
            main_dialogs.keep_words(self, unsaved)
            main_dialogs.remember_facts()
            self.session.lock()
            self.session = None
            if self._workbench is not None:  # a read under way stops without the keys
                self._workbench.wait_for_reading()
        self._own_last_opened = None
        self.status.setText(message or text("status", "locked"))
        if self.vault is not None:
            self._show_unlock()
        self._update_actions()

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

