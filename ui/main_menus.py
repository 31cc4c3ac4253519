"""The main window's actions, menus and toolbar, built in one place.

Every action is also added to the window itself, so its shortcut works whichever page
has focus. What an action does is the window's (or a dialog's in ui/main_dialogs.py).
Before the first paint only the frame is built (the menus' titles, the toolbar with
Pause and Lock); the menus' actions, their shortcuts and the dialogs behind them come
right after it (#9).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolBar

from ui.texts import text
from ui.widgets.common import named

if TYPE_CHECKING:
    from PySide6.QtGui import QKeySequence

    from ui.main_window import MainWindow


class MainActions(NamedTuple):  # NamedTuples: no dataclasses before the first paint (#9)
    lock: QAction
    pause: QAction
    session_packet: QAction
    change_password: QAction
    rename: QAction
    preferences: QAction
    quit: QAction
    safety: QAction
    guide: QAction
    check: QAction
    privacy: QAction
    about: QAction
    toolbar: QToolBar

    def only_while_unlocked(self) -> tuple[QAction, ...]:
        return (self.lock, self.session_packet, self.change_password, self.rename, self.check)


class MenuFrame(NamedTuple):
    """What shows before the first paint: the menu bar's titles and the toolbar, so the
    page below never moves when the rest is filled in after it."""

    file_menu: QMenu
    help_menu: QMenu
    toolbar: QToolBar
    pause: QAction
    lock: QAction


class MenuAction:
    """``window.lock_action`` and the like: one of the menus' actions, which are built
    after the first paint or when first asked for (``MainWindow.menu_actions``)."""

    def __init__(self, field: str) -> None:
        self.field = field

    def __get__(self, window: MainWindow, owner: object = None) -> QAction:
        action: QAction = getattr(window.menu_actions, self.field)
        return action


def menu(key: str) -> str:
    return text("menu", key)


def _action(window: MainWindow, words: str, name: str,
            shortcut: QKeySequence.StandardKey | str | None = None) -> QAction:
    action = QAction(words, window)
    action.setObjectName(name)
    if shortcut is not None:
        from PySide6.QtGui import QKeySequence  # its enums: after the first paint

        action.setShortcut(QKeySequence(shortcut))
    window.addAction(action)  # shortcuts work whichever page has focus
    return action


def build_frame(window: MainWindow) -> MenuFrame:
    """The File and Help menus' titles and the toolbar with Pause and Lock, empty of
    everything else (``build_menus`` fills them in after the first paint)."""
    file_menu = window.menuBar().addMenu(menu("file"))
    file_menu.setObjectName("fileMenu")
    help_menu = window.menuBar().addMenu(menu("help"))
    help_menu.setObjectName("helpMenu")
    pause = _action(window, menu("pause"), "pauseAction")
    pause.setToolTip(menu("pause_tip"))
    lock = _action(window, menu("lock"), "lockAction")
    pause.setEnabled(False)  # until the file is open (MainWindow._update_actions)
    lock.setEnabled(False)
    # Pause stays in sight on every page, not only in a menu.
    toolbar = named(QToolBar(menu("toolbar"), window), "mainToolbar", menu("toolbar"))
    toolbar.setMovable(False)
    toolbar.setFloatable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.toggleViewAction().setEnabled(False)
    toolbar.addAction(pause)
    toolbar.addAction(lock)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    return MenuFrame(file_menu, help_menu, toolbar, pause, lock)


def build_menus(window: MainWindow, frame: MenuFrame) -> MainActions:
    """Every action of ``window``'s menus, with its shortcut, in the menus of ``frame``,
    connected to what it does."""
    from PySide6.QtGui import QKeySequence

    from ui import main_dialogs  # the dialogs load when the menus are built, not before

    frame.lock.setShortcut(QKeySequence("Ctrl+L"))
    actions = MainActions(
        lock=frame.lock,
        pause=frame.pause,
        session_packet=_action(window, menu("session_packet"), "sessionPacketAction"),
        change_password=_action(window, menu("change_password"), "changePasswordAction"),
        rename=_action(window, menu("rename"), "renameAction"),
        preferences=_action(window, menu("preferences"), "preferencesAction"),
        quit=_action(window, menu("quit"), "quitAction", QKeySequence.StandardKey.Quit),
        safety=_action(window, menu("unsafe"), "safetyAction"),
        guide=_action(window, text("guide", "menu"), "guideAction", "F1"),
        check=_action(window, text("file_check", "menu"), "fileCheckAction"),
        privacy=_action(window, menu("privacy"), "privacyAction"),
        about=_action(window, menu("about"), "aboutAction"),
        toolbar=frame.toolbar,
    )
    actions.session_packet.setToolTip(menu("session_packet_tip"))
    actions.lock.triggered.connect(lambda: window.lock())
    actions.pause.triggered.connect(window.pause)
    actions.session_packet.triggered.connect(lambda: main_dialogs.session_packet(window))
    actions.change_password.triggered.connect(lambda: main_dialogs.change_password(window))
    actions.rename.triggered.connect(lambda: main_dialogs.rename(window))
    actions.preferences.triggered.connect(lambda: main_dialogs.preferences(window))
    actions.quit.triggered.connect(window.close)
    actions.safety.triggered.connect(lambda: main_dialogs.safety(window))
    actions.guide.triggered.connect(window.show_guide)
    actions.check.triggered.connect(window.check_file)
    actions.privacy.triggered.connect(lambda: main_dialogs.privacy(window))
    actions.about.triggered.connect(lambda: main_dialogs.about(window))

    for action in (actions.pause, actions.lock, None, actions.session_packet, None,
                   actions.change_password,
                   actions.rename, actions.preferences, None, actions.quit):
        if action is None:
            frame.file_menu.addSeparator()
        else:
            frame.file_menu.addAction(action)
    for action in (actions.safety, actions.guide, actions.check, actions.privacy,
                   actions.about):
        frame.help_menu.addAction(action)
    return actions
