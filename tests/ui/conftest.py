"""GUI fixtures: a fresh vault and window per test, fast key derivation, no real settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QLineEdit, QWidget

from models import vault as vault_module
from models.keys import FAST_TEST_COST
from ui.main_window import MainWindow

NAMES = {1: "Wrenfield", 2: "Ottoline"}
PASSWORDS = {1: "cedar lantern window", 2: "harbour pebble sunrise"}


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, qapp: QApplication) -> None:
    QCoreApplication.setOrganizationName("TrellisTests")
    QCoreApplication.setApplicationName("TrellisTests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))


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
