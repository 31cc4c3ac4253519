"""Setup and unlock at one keyboard: hand-overs, no secret shown to the other partner,
Show buttons out of the Tab chain, and the "If you feel unsafe" page (issue 7)."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from tests.ui.conftest import flush_deletes
from ui.safety import show_safety


def safety_dialog(window) -> QDialog | None:
    return window.findChild(QDialog, "safetyDialog")


def test_safety_page_is_calm_window_modal_and_goes_away(qtbot, window) -> None:
    show_safety(window)
    dialog = safety_dialog(window)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "If you feel unsafe"
    assert dialog.accessibleName() == "If you feel unsafe"
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    words = dialog.body.text()
    for needed in ("Ctrl+L", "Nothing has to be answered", "therapist on your own",
                   "emergency services", "helpline in your country", "afraid of the other"):
        assert needed in words, needed
    assert not re.search(r"\d{3}", words), "no phone numbers written into the app"
    qtbot.mouseClick(dialog.findChild(QPushButton, "safetyClose"), Qt.MouseButton.LeftButton)
    flush_deletes()
    assert safety_dialog(window) is None, "deleted on close"
