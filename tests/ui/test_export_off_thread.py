"""The agreements export runs entirely off the GUI thread: reading and opening the
agreements as well as laying out and writing the PDF; the GUI keeps answering while it
runs, and Stop leaves no file behind (#9)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer

import exports.agreements as export
from models import agreements
from tests.ui.conftest import open_workbook
from ui.workbooks.agreements import AgreementsTab
from ui.workbooks.agreements.export_dialog import ExportDialog

SLOW_GATHER = 0.6  # seconds a stand-in for a big workbook's reading takes


def _open_dialog(qtbot, window, target: Path) -> ExportDialog:
    tab = open_workbook(qtbot, window, AgreementsTab, together=False, partner=1)
    agreements.create(window.session.keyring, 1, title="Phones at dinner",
                      wording="We leave our phones in the hall during dinner.")
    tab.export()
    dialog = tab.dialog
    assert isinstance(dialog, ExportDialog)
    dialog.target.setText(str(target))
    return dialog


class Ticks:
    """A 5 ms timer on the GUI thread; the largest gap between ticks is the longest
    the GUI could not answer."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = time.perf_counter()
        self.largest = 0.0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.largest = max(self.largest, now - self.last)
        self.last = now

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.largest


def test_reading_and_building_run_on_the_worker_and_the_gui_keeps_answering(
        qtbot, window, existing_vault, tmp_path, monkeypatch) -> None:
    threads: dict[str, int] = {}
    real_gather, real_export = export.gather, export.export_agreements

    def gather(*args, **kwargs):
        threads["gather"] = threading.get_ident()
        time.sleep(SLOW_GATHER)  # as long as reading a big workbook takes
        return real_gather(*args, **kwargs)

    def export_agreements(*args, **kwargs):
        threads["build"] = threading.get_ident()
        return real_export(*args, **kwargs)

    monkeypatch.setattr(export, "gather", gather)
    monkeypatch.setattr(export, "export_agreements", export_agreements)
    target = tmp_path / "out.pdf"
    dialog = _open_dialog(qtbot, window, target)
    ticks = Ticks()
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.stop_button.isVisible()
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=30000)
    largest = ticks.stop()

    gui = threading.get_ident()
    assert threads["gather"] != gui and threads["build"] != gui
    # Responsiveness, not speed: the reading alone takes SLOW_GATHER, and the GUI must
    # not wait for it (a generous bound for a busy machine).
    assert largest < 0.25, f"the GUI stood still for {largest * 1000:.0f} ms"
    assert target.read_bytes().startswith(b"%PDF")
    assert not dialog.stop_button.isVisible()
    assert "Saved to" in dialog.message.text()


def test_stop_while_the_pdf_is_built_leaves_no_file(
        qtbot, window, existing_vault, tmp_path, monkeypatch) -> None:
    reached, release = threading.Event(), threading.Event()
    real_export = export.export_agreements

    def export_agreements(target, data, password=None, progress=None):
        def held(fraction: float) -> None:
            if fraction >= 0.05 and not reached.is_set():  # the temp file exists now
                reached.set()
                release.wait(10)
            assert progress is not None
            progress(fraction)

        return real_export(target, data, password=password, progress=held)

    monkeypatch.setattr(export, "export_agreements", export_agreements)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "agreements.pdf"
    dialog = _open_dialog(qtbot, window, target)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(reached.is_set, timeout=30000)
    assert list(folder.iterdir()), "the export had begun writing"
    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30000)
    qtbot.waitUntil(lambda: "Stopped" in dialog.message.text(), timeout=5000)
    assert list(folder.iterdir()) == [] and dialog.saved_path is None
    assert not dialog.stop_button.isVisible() and not dialog.progress.isVisible()
    assert dialog.submit_button.isEnabled()  # and it can export again


def test_closing_the_dialog_stops_the_export(
        qtbot, window, existing_vault, tmp_path, monkeypatch) -> None:
    reached, release = threading.Event(), threading.Event()
    real_gather = export.gather

    def gather(*args, **kwargs):
        reached.set()
        release.wait(10)
        return real_gather(*args, **kwargs)

    monkeypatch.setattr(export, "gather", gather)
    target = tmp_path / "closed.pdf"
    dialog = _open_dialog(qtbot, window, target)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(reached.is_set, timeout=30000)
    dialog.reject()
    release.set()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30000)
    assert not target.exists() and list(tmp_path.glob("*.pdf*")) == []


def test_locking_stops_a_long_export_instead_of_waiting_for_it(
        qtbot, window, existing_vault, tmp_path, monkeypatch) -> None:
    steps = {"taken": 0}
    started = threading.Event()

    def export_agreements(target, data, password=None, progress=None):
        assert progress is not None
        for step in range(2000):  # a stand-in for a very long PDF: 20 s if never stopped
            steps["taken"] = step + 1
            started.set()
            time.sleep(0.01)
            progress(0.05 + step / 4000)
        raise AssertionError("the export was never told to stop")

    monkeypatch.setattr(export, "export_agreements", export_agreements)
    target = tmp_path / "locked.pdf"
    dialog = _open_dialog(qtbot, window, target)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(started.is_set, timeout=30000)
    window.lock()
    assert window.session is None and not window.tasks.busy
    assert steps["taken"] < 2000  # stopped at a next step, not run to its end
    assert not target.exists() and list(tmp_path.glob("*.pdf*")) == []
