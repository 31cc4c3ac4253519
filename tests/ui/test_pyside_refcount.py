"""#4: PySide6 6.12.0 on Python 3.11 leaks a reference to None on every void Qt call,
and Trellis aborted ("none_dealloc") after a few thousand of them. These tests fail on
any PySide6 build that does that, and type as long as a real evening's writing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from models import agreements
from tests.ui.conftest import open_workbook
from tests.ui.test_agreements import seed
from ui.workbooks.agreements import AgreementsTab

TOOL = Path(__file__).resolve().parents[2] / "tools" / "pyside_none_refcount.py"
MORTAL_NONE = pytest.mark.skipif(
    sys.version_info >= (3, 12), reason="None is immortal from Python 3.12: it cannot leak"
)


def none_drift_per_call(calls: int = 300) -> float:
    """A short in-process probe: few enough calls that a leaking build survives it."""
    widget = QListWidget()
    item = QListWidgetItem("row")
    widget.addItem(item)
    item.setData(Qt.ItemDataRole.UserRole, "warm-up")
    before = sys.getrefcount(None)
    for _ in range(calls):
        item.setData(Qt.ItemDataRole.UserRole, "value")
    return (sys.getrefcount(None) - before) / calls


@MORTAL_NONE
def test_no_qt_call_leaks_references_to_none() -> None:
    # A child process: on a leaking build the many calls would abort this one.
    result = subprocess.run(
        [sys.executable, str(TOOL), "20000"],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "LEAKS" not in result.stdout
    assert result.stdout.count(" ok") == 4, result.stdout


@MORTAL_NONE
def test_the_probe_sees_no_drift_in_this_process(qapp) -> None:
    assert abs(none_drift_per_call()) < 0.01


def test_typing_an_evenings_worth_with_autosave_running(qtbot, window, existing_vault,
                                                        vault_path) -> None:
    drift = none_drift_per_call() if sys.version_info < (3, 12) else 0.0
    assert abs(drift) < 0.01, "this PySide6 build leaks None; typing would abort (see #4)"
    # A workbook of a few months: every save touches the list beside the editor.
    seed(vault_path, existing_vault, lambda keys, bundles: [
        agreements.create(keys, 1, title=f"Agreement {n}", wording="Words.") for n in range(40)
    ])
    tab = open_workbook(qtbot, window, AgreementsTab, together=False, partner=1)
    tab.new_agreement()
    editor = tab.editor
    editor._timer.setInterval(5)  # save after every short pause, as a slow typist would
    area = editor.areas["wording"]
    area.setFocus()
    sentence = "We talk about plans for the evening before either of us makes them. "
    typed = ""
    while len(typed) < 5000:
        qtbot.keyClicks(area, sentence)
        typed += sentence
        qtbot.waitUntil(lambda: editor.saved_note.text() == "Saved.", timeout=5000)
    assert len(typed) >= 5000
    assert editor.view is not None
    assert editor.view.current.text["wording"] == typed
