"""The agreements export runs outside the app's process: reading and opening the
agreements, laying out and writing the PDF all happen in a child process, so the GUI
keeps answering while it runs (on a thread of the app's own process, the garbage
collector walking reportlab's objects held the window still for a quarter of a second
at a time); Stop, closing the dialog and locking each stop it and leave no file (#9)."""

from __future__ import annotations

import io
import threading
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer

import exports.agreements as export
import exports.agreements.export as export_module
import exports.agreements.layout as layout
import exports.house_style.document as document
from models import agreements
from tests import child_jobs
from tests.ui.conftest import open_workbook
from tests.ui.export_helpers import Told
from ui.workbooks.agreements import AgreementsTab
from ui.workbooks.agreements.export_dialog import ExportDialog

TITLE = "Phones at dinner"


def _open_dialog(qtbot, window, target: Path) -> ExportDialog:
    tab = open_workbook(qtbot, window, AgreementsTab, together=False, partner=1)
    view = agreements.create(window.session.keyring, 1, title=TITLE,
                             wording="We leave our phones in the hall during dinner.")
    agreements.propose(window.session.keyring, view.uuid, 1)  # a draft is left out
    tab.export()
    dialog = tab.dialog
    assert isinstance(dialog, ExportDialog)
    dialog.target.setText(str(target))
    return dialog


class Ticks:
    """A 5 ms timer on the GUI thread, counting its ticks."""

    def __init__(self) -> None:
        self.count = 0
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.count += 1


def test_reading_and_building_never_run_in_the_apps_process(
        qtbot, window, existing_vault, tmp_path, monkeypatch) -> None:
    """Fails if gathering or laying out runs on the GUI thread, or anywhere in this
    process: the export's worker only waits for the child and relays what it says."""
    here: dict[str, int] = {}

    def watched(name: str, real: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            here[name] = threading.get_ident()
            return real(*args, **kwargs)

        return call

    for module, name in ((export, "gather"), (export_module, "gather"),
                         (export, "export_agreements"), (export_module, "export_agreements"),
                         (layout, "draw_document"), (document, "build_document")):
        monkeypatch.setattr(module, name, watched(name, getattr(module, name)))
    told = Told(monkeypatch)
    target = tmp_path / "out.pdf"
    dialog = _open_dialog(qtbot, window, target)
    ticks = Ticks()
    ticks_while_working: list[int] = []
    dialog.progress.valueChanged.connect(lambda _: ticks_while_working.append(ticks.count))

    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    assert dialog.stop_button.isVisible()
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=60000)

    gui = threading.get_ident()
    assert gui not in here.values()
    assert here == {}  # none of it in this process: the child read, laid out and wrote
    assert told.steps == ["gathered"] and told.reports > 0
    assert len(set(ticks_while_working)) > 1  # the GUI answered while the child worked
    pages = PdfReader(io.BytesIO(target.read_bytes())).pages
    assert TITLE in " ".join(page.extract_text() for page in pages)
    assert not dialog.stop_button.isVisible()
    assert "Saved to" in dialog.message.text()


def test_stop_while_the_pdf_is_built_leaves_no_file(
        qtbot, window, existing_vault, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(export, "export_from_vault", child_jobs.held_agreements)
    told = Told(monkeypatch)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "agreements.pdf"
    dialog = _open_dialog(qtbot, window, target)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "holding" in told.steps, timeout=60000)
    assert list(folder.iterdir()), "the export had begun writing"
    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30000)
    qtbot.waitUntil(lambda: "Stopped" in dialog.message.text(), timeout=5000)
    assert list(folder.iterdir()) == [] and dialog.saved_path is None
    assert told.reports < child_jobs.LONG_STEPS  # stopped at a next step, not at its end
    assert not dialog.stop_button.isVisible() and not dialog.progress.isVisible()
    assert dialog.submit_button.isEnabled()  # and it can export again


def test_closing_the_dialog_while_it_reads_ends_the_child_at_once(
        qtbot, window, existing_vault, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(export, "export_from_vault", child_jobs.slow_agreements)
    told = Told(monkeypatch)
    target = tmp_path / "closed.pdf"
    dialog = _open_dialog(qtbot, window, target)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "reading" in told.steps, timeout=60000)
    dialog.reject()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30000)
    assert told.ended == [3]  # it ended itself (nothing was written), not after its read
    assert not target.exists() and list(tmp_path.glob("*.pdf*")) == []


def test_locking_stops_a_long_export_instead_of_waiting_for_it(
        qtbot, window, existing_vault, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(export, "export_from_vault", child_jobs.held_agreements)
    told = Told(monkeypatch)
    target = tmp_path / "locked.pdf"
    dialog = _open_dialog(qtbot, window, target)
    qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "holding" in told.steps, timeout=60000)
    window.lock()
    assert window.session is None and not window.tasks.busy
    assert told.ended and told.ended[0] is not None  # the child is gone, keys and all
    assert told.reports < child_jobs.LONG_STEPS  # stopped at a next step, not at its end
    assert not target.exists() and list(tmp_path.glob("*.pdf*")) == []
    assert list(tmp_path.glob(".*.part")) == []
