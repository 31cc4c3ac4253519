"""Helpers for the tests of the "Our stories" frame: finding the tab, opening one
partner's pages at the keyboard, naming the roles, and every word a widget holds."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from models import narrative
from models.proof import prove
from tests.ui.conftest import PASSWORDS, flush_deletes
from ui.main_window import MainWindow
from ui.widgets.fresh_password import FreshPasswordDialog
from ui.workbooks.narrative import NarrativeTab


def settle(window: MainWindow) -> None:
    for _ in range(3):
        QApplication.processEvents()
    window.tasks.wait()
    QApplication.processEvents()


def narrative_tab(window: MainWindow) -> NarrativeTab:
    """The tab, shown (its chosen page is built once it shows)."""
    tab = window.workbench.findChild(NarrativeTab)
    assert tab is not None
    window.workbench.setCurrentWidget(tab)
    settle(window)
    return tab


def ask_open(qtbot, tab: NarrativeTab, partner: int) -> FreshPasswordDialog:
    qtbot.mouseClick(tab.gate.buttons[partner], Qt.MouseButton.LeftButton)
    dialog = tab.fresh
    assert isinstance(dialog, FreshPasswordDialog) and dialog.isVisible()
    return dialog


def type_password(qtbot, window: MainWindow, dialog: FreshPasswordDialog, partner: int,
                  password: str) -> None:
    qtbot.keyClicks(dialog.fields[partner].edit, password)
    dialog.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    settle(window)


def open_together(qtbot, window: MainWindow, partner: int) -> NarrativeTab:
    """Together: ``partner`` opens their own pages with their password, typed now."""
    tab = narrative_tab(window)
    type_password(qtbot, window, ask_open(qtbot, tab, partner), partner, PASSWORDS[partner])
    assert tab.owner == partner
    return tab


def name_roles(window: MainWindow, hurt: int) -> None:
    """Both partners name the roles (their passwords typed now), as the roles dialog does."""
    keys = window.session.keyring
    proofs = [prove(window.vault.slot_of(p, "password"), PASSWORDS[p]) for p in (1, 2)]
    narrative.name_roles(keys, proofs, hurt)
    tab = window.workbench.findChild(NarrativeTab)
    tab.ctx.changes.announce("narrative", "")


def every_text(root: QWidget | None = None) -> list[str]:
    """Every string a live widget holds or says, and each list row's words."""
    flush_deletes()
    widgets = QApplication.allWidgets() if root is None else [root, *root.findChildren(QWidget)]
    texts: list[str] = []
    for widget in widgets:
        texts += [widget.windowTitle(), widget.accessibleName(),
                  widget.accessibleDescription(), widget.toolTip()]
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(min(model.rowCount(), 400)):
                value = model.index(row, 0).data()
                if isinstance(value, str):
                    texts.append(value)
    return [t for t in texts if t]
