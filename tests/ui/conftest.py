"""GUI fixtures: a fresh vault and window per test, fast key derivation, no real settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QLineEdit, QWidget

from models import vault as vault_module
from models.keys import FAST_TEST_COST
from ui.main_window import MainWindow

W = TypeVar("W", bound=QWidget)

NAMES = {1: "Wrenfield", 2: "Ottoline"}
PASSWORDS = {1: "cedar lantern window", 2: "harbour pebble sunrise"}


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, qapp: QApplication) -> None:
    QCoreApplication.setOrganizationName("TrellisTests")
    QCoreApplication.setApplicationName("TrellisTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))


@pytest.fixture
def plain_look_afterwards(qapp: QApplication) -> Iterator[None]:
    """The QApplication outlives a test that changes the theme: give back its look."""
    from ui import theme

    style, sheet = qapp.style().name(), qapp.styleSheet()
    palette, font = qapp.palette(), qapp.font()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)
    theme._current = None


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vault" / "trellis.vault"


@pytest.fixture
def existing_vault(vault_path: Path) -> vault_module.SetupPlan:
    plan = vault_module.prepare_setup(NAMES, PASSWORDS, FAST_TEST_COST)
    vault_module.Vault.create(vault_path, plan).close()
    return plan


@pytest.fixture
def window(qtbot, vault_path: Path) -> Iterator[MainWindow]:
    win = MainWindow(vault_path, cost=FAST_TEST_COST)
    qtbot.addWidget(win)
    win.resize(900, 640)
    win.show()
    yield win
    win.tasks.wait()
    win.close()


def flush_deletes() -> None:
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()


def visible_texts() -> list[str]:
    """Every string any live widget holds: labels, fields, buttons, window titles."""
    flush_deletes()
    texts = []
    for widget in QApplication.allWidgets():
        texts.append(widget.windowTitle())
        texts.append(widget.accessibleName())
        texts.append(widget.accessibleDescription())
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QComboBox):
            texts.extend(widget.itemText(i) for i in range(widget.count()))
    return texts


def unnamed_controls(root: QWidget) -> list[str]:
    """Interactive widgets under ``root`` missing an objectName or accessible name."""
    missing = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QAbstractButton | QLineEdit | QComboBox):
            if not widget.objectName() or not widget.accessibleName():
                missing.append(f"{type(widget).__name__} '{widget.objectName()}'")
    return missing


def wait_for_tabs(qtbot, window) -> None:
    """Only the tab showing is built before the first paint after unlocking; wait for the
    others (built right after it) so a test can look any tab up."""
    if window.session is not None:
        qtbot.waitUntil(lambda: not window.workbench.building, timeout=10000)


def unlock_solo(qtbot, window, password: str) -> None:
    page = window.unlock_page
    page.one.setChecked(True)
    page.first.edit.clear()
    qtbot.keyClicks(page.first.edit, password)
    qtbot.keyClick(page.first.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    wait_for_tabs(qtbot, window)


def unlock_together(qtbot, window, first: str, second: str) -> None:
    page = window.unlock_page
    page.both.setChecked(True)
    qtbot.keyClicks(page.first.edit, first)
    qtbot.keyClicks(page.second.edit, second)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    wait_for_tabs(qtbot, window)


def open_workbook(qtbot, window, tab_type: type[W], together: bool, partner: int) -> W:
    """Unlock (after locking any open session) and show the tab of ``tab_type``."""
    if window.session is not None:
        window.lock()
    else:
        window.start()
    if together:
        unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    else:
        unlock_solo(qtbot, window, PASSWORDS[partner])
    tab = window.workbench.findChild(tab_type)
    window.workbench.setCurrentWidget(tab)
    return tab
