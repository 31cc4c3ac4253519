"""Helpers for the tests of the "Needs map" frame (#12): finding the tab, opening one
partner's needs at the keyboard, typing a password into the dialog asked, and every
word a widget holds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.conftest import PASSWORDS
from tests.ui.narrative.frame_helpers import every_text
from ui.main_window import MainWindow
from ui.widgets.fresh_password import FreshPasswordDialog
from ui.workbooks.needs import NeedsTab

__all__ = ["ask_open", "every_text", "needs_tab", "open_together", "password", "settle"]


def settle(window: MainWindow) -> None:
    for _ in range(3):
        QApplication.processEvents()
    window.tasks.wait()
    QApplication.processEvents()


def needs_tab(window: MainWindow) -> NeedsTab:
    """The tab, shown (its chosen page is built once it shows)."""
    tab = window.workbench.findChild(NeedsTab)
    assert tab is not None
    window.workbench.setCurrentWidget(tab)
    settle(window)
    return tab


def password(qtbot, window: MainWindow, dialog: FreshPasswordDialog | None,
             typed: dict[int, str]) -> None:
    """Type each partner's password into ``dialog`` and submit; wait for the check."""
    assert isinstance(dialog, FreshPasswordDialog) and dialog.isVisible()
    assert set(dialog.partners) == set(typed)
    for partner, words in typed.items():
        qtbot.keyClicks(dialog.fields[partner].edit, words)
    dialog.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    settle(window)


def ask_open(qtbot, tab: NeedsTab, partner: int) -> FreshPasswordDialog:
    qtbot.mouseClick(tab.gate.buttons[partner], Qt.MouseButton.LeftButton)
    dialog = tab.fresh
    assert isinstance(dialog, FreshPasswordDialog) and dialog.isVisible()
    return dialog


def open_together(qtbot, window: MainWindow, partner: int) -> NeedsTab:
    """Together: ``partner`` opens their own needs with their password, typed now."""
    tab = needs_tab(window)
    tab.show_page("mine")
    password(qtbot, window, ask_open(qtbot, tab, partner), {partner: PASSWORDS[partner]})
    assert tab.owner == partner
    return tab
