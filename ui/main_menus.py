"""The main window's actions, menus and toolbar, built in one place.

Every action is also added to the window itself, so its shortcut works whichever page
has focus. What an action does is the window's (or a dialog's in ui/main_dialogs.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QToolBar

from ui import main_dialogs
from ui.texts import text
from ui.widgets.common import named

if TYPE_CHECKING:
    from ui.main_window import MainWindow


@dataclass(frozen=True)
class MainActions:
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


def menu(key: str) -> str:
    return text("menu", key)


def _action(window: MainWindow, words: str, name: str,
            shortcut: QKeySequence.StandardKey | str | None = None) -> QAction:
    action = QAction(words, window)
    action.setObjectName(name)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    window.addAction(action)  # shortcuts work whichever page has focus
    return action


def build_menus(window: MainWindow) -> MainActions:
    """File and Help menus and the toolbar of ``window``, connected to what they do."""
    actions = MainActions(
        lock=_action(window, menu("lock"), "lockAction", "Ctrl+L"),
        pause=_action(window, menu("pause"), "pauseAction"),
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
        toolbar=QToolBar(menu("toolbar"), window),
    )
    actions.pause.setToolTip(menu("pause_tip"))
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

    file_menu = window.menuBar().addMenu(menu("file"))
    file_menu.setObjectName("fileMenu")
    for action in (actions.pause, actions.lock, None, actions.session_packet, None,
                   actions.change_password,
                   actions.rename, actions.preferences, None, actions.quit):
        if action is None:
            file_menu.addSeparator()
        else:
            file_menu.addAction(action)
    help_menu = window.menuBar().addMenu(menu("help"))
    help_menu.setObjectName("helpMenu")
    for action in (actions.safety, actions.guide, actions.check, actions.privacy,
                   actions.about):
        help_menu.addAction(action)

    # Pause stays in sight on every page, not only in a menu.
    toolbar = named(actions.toolbar, "mainToolbar", menu("toolbar"))
    toolbar.setMovable(False)
    toolbar.setFloatable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.toggleViewAction().setEnabled(False)
    toolbar.addAction(actions.pause)
    toolbar.addAction(actions.lock)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
    return actions
