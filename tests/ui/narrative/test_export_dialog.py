"""Export for our therapist… (#11): the dialog saves a PDF of what was shared, never a
draft, read and written in a child process that gets the workbook key through a pipe
only; a lock stops it and leaves no file; Stop keeps every choice."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PasswordType, PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

import exports.narrative.export as narrative_export
from exports import in_child
from models import narrative
from models import vault as vault_module
from models.proof import FreshProof
from models.vault import Vault
from tests import child_jobs
from tests.exports.narrative import narrative_jobs
from tests.ui.conftest import NAMES, PASSWORDS, flush_deletes, unlock_solo, unlock_together
from ui.main_window import MainWindow
from ui.workbooks import WorkbookContext
from ui.workbooks.narrative.export_dialog import NarrativeExportDialog

SHARED = "KqSharedPreferredZz the walk on Sundays"
DRAFT = "KqDraftOnlyZz not shared with anyone"
PRIVATE = "KqNotReadyZz kept back"
PDF_PASSWORD = "willow path at dusk"


@pytest.fixture
def seeded(vault_path: Path, existing_vault: vault_module.SetupPlan) -> vault_module.SetupPlan:
    """Partner 1 shared their preferred story; partner 2 has only private drafts."""
    vault = Vault.open(vault_path)
    try:
        session = vault.start_session(dict(existing_vault.bundles))
        keys = session.keyring
        proofs = {p: FreshProof(p, existing_vault.bundles[p]) for p in (1, 2)}
        for partner in (1, 2):
            narrative.open_story(keys, partner, proofs[partner])
        preferred = narrative.save_draft(keys, 1, "preferred", {"title": "Slowly",
                                                                 "text": SHARED})
        narrative.share_piece(keys, proofs[1], preferred.uuid)
        narrative.save_draft(keys, 2, "values", {"values": DRAFT})
        narrative.save_draft(keys, 2, "impact", {"feelings": DRAFT, "not_ready": PRIVATE})
        session.lock()
    finally:
        vault.close()
    return existing_vault


@pytest.fixture
def opened(qtbot, window: MainWindow, seeded) -> Iterator[MainWindow]:
    window.start()
    yield window


def export_dialog(window: MainWindow) -> NarrativeExportDialog:
    assert window.session is not None
    dialog = NarrativeExportDialog(WorkbookContext(window.vault, window.session, window.tasks),
                                   window)
    dialog.open()
    return dialog


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def pdf_words(path: Path, password: str | None = None) -> str:
    reader = PdfReader(path)
    if password is not None:
        assert reader.decrypt(password) != PasswordType.NOT_DECRYPTED
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


class Told:
    """What the export's child told the worker, and how it ended."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.steps: list[str] = []
        self.reports = 0
        self.ended: list[int | None] = []
        real_run, real_end = in_child.run, in_child._end

        def run(job: Any, order: Any, *, progress=None, step=None,  # type: ignore[no-untyped-def]
                **kwargs: Any) -> Path:
            def heard_step(name: str) -> None:
                self.steps.append(name)
                if step is not None:
                    step(name)

            def heard_progress(fraction: float) -> None:
                self.reports += 1
                if progress is not None:
                    progress(fraction)

            return real_run(job, order, progress=heard_progress, step=heard_step, **kwargs)

        def end(child: Any, writes: Path | None) -> None:
            real_end(child, writes)
            self.ended.append(child.returncode)

        monkeypatch.setattr(in_child, "run", run)
        monkeypatch.setattr(in_child, "_end", end)


def test_the_dialog_saves_what_was_shared_and_no_draft(
        qtbot, opened: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    told = Told(monkeypatch)
    window = opened
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    dialog = export_dialog(window)
    qtbot.keyClicks(dialog.password.edit, PDF_PASSWORD)
    qtbot.keyClicks(dialog.again.edit, PDF_PASSWORD)
    target = tmp_path / "stories.pdf"
    dialog.target.setText(str(target))
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=60000)
    assert told.steps == ["gathered"] and len(told.ended) == 1  # read and written in a child
    assert dialog.open_pdf.isVisible() and str(target) in dialog.message.text()
    text = pdf_words(target, PDF_PASSWORD)
    assert "KqSharedPreferredZz" in text and NAMES[1] in text
    assert "KqDraftOnlyZz" not in text and "KqNotReadyZz" not in text
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert dialog.password.value() == ""  # the PDF's password is not kept


def test_initials_and_no_session_date(qtbot, opened: MainWindow, tmp_path: Path) -> None:
    window = opened
    unlock_solo(qtbot, window, PASSWORDS[2])
    dialog = export_dialog(window)
    dialog.use_initials.setChecked(True)
    dialog.no_date.setChecked(True)
    target = tmp_path / "stories.pdf"
    dialog.target.setText(str(target))
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=60000)
    text = pdf_words(target)
    assert "W. · version 1" in text and NAMES[1] not in text
    assert "For our session on" not in text


def test_locking_stops_the_export_and_leaves_no_file(
        qtbot, opened: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(narrative_export, "export_from_vault", narrative_jobs.held_narrative)
    told = Told(monkeypatch)
    window = opened
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    dialog = export_dialog(window)
    target = tmp_path / "stories.pdf"
    dialog.target.setText(str(target))
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: "holding" in told.steps, timeout=60000)
    assert told.steps[0] == "gathered"  # read in the child, then its file begun
    window.lock()
    assert window.session is None and not window.tasks.busy
    assert told.ended and told.ended[0] is not None  # the child is gone, key and all
    assert told.reports < child_jobs.LONG_STEPS  # stopped at a next step, not at its end
    assert not target.exists() and list(tmp_path.glob("*.pdf*")) == []
    assert list(tmp_path.glob(".*.part")) == []
    flush_deletes()
    assert window.findChild(NarrativeExportDialog) is None


def test_stop_leaves_no_file_and_keeps_the_choices(
        qtbot, opened: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(narrative_export, "export_from_vault", narrative_jobs.held_narrative)
    told = Told(monkeypatch)
    window = opened
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    dialog = export_dialog(window)
    dialog.use_initials.setChecked(True)
    folder = tmp_path / "out"
    folder.mkdir()
    dialog.target.setText(str(folder / "stories.pdf"))
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: "holding" in told.steps, timeout=60000)
    assert dialog.progress.isVisible() and list(folder.iterdir()), "the file was begun"
    click(qtbot, dialog.stop_button)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30000)
    qtbot.waitUntil(lambda: "Stopped" in dialog.message.text(), timeout=5000)
    assert list(folder.iterdir()) == [] and dialog.saved_path is None
    assert told.reports < child_jobs.LONG_STEPS
    assert dialog.use_initials.isChecked() and dialog.submit_button.isEnabled()


def test_the_childs_command_line_and_environment_hold_no_words_or_key(
        qtbot, opened: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(narrative_export, "export_from_vault",
                        narrative_jobs.telling_narrative)
    told = Told(monkeypatch)
    window = opened
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    dialog = export_dialog(window)
    qtbot.keyClicks(dialog.password.edit, PDF_PASSWORD)
    qtbot.keyClicks(dialog.again.edit, PDF_PASSWORD)
    dialog.target.setText(str(tmp_path / "stories.pdf"))
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=60000)
    assert window.session is not None
    key = window.session.keyring.workbook_key()
    started = " ".join(s for s in told.steps if s.startswith(("argv ", "env ")))
    assert started and "Kq" not in started and PDF_PASSWORD not in started
    for secret in (NAMES[1], NAMES[2], key.hex(), key.decode("latin-1")):
        assert secret not in started


def test_a_too_short_password_is_said_beside_it_and_nothing_is_written(
        qtbot, opened: MainWindow, tmp_path: Path) -> None:
    window = opened
    unlock_solo(qtbot, window, PASSWORDS[1])
    dialog = export_dialog(window)
    qtbot.keyClicks(dialog.password.edit, "short")
    qtbot.keyClicks(dialog.again.edit, "short")
    dialog.target.setText(str(tmp_path / "stories.pdf"))
    click(qtbot, dialog.submit_button)
    assert dialog.message.text() and not window.tasks.busy
    assert list(tmp_path.glob("*.pdf")) == []


def test_every_control_is_named(qtbot, opened: MainWindow) -> None:
    from tests.ui.conftest import unnamed_controls

    window = opened
    unlock_solo(qtbot, window, PASSWORDS[1])
    dialog = export_dialog(window)
    assert unnamed_controls(dialog) == []


def test_the_tabs_export_button_opens_it_and_it_saves(
        qtbot, window: MainWindow, seeded, tmp_path: Path) -> None:
    from tests.ui.conftest import open_workbook
    from ui.workbooks.narrative import NarrativeTab

    tab = open_workbook(qtbot, window, NarrativeTab, together=True, partner=1)
    button = tab.findChild(QPushButton, "narrativeExportButton")
    assert button is not None
    qtbot.waitUntil(button.isVisible, timeout=10000)
    click(qtbot, button)
    dialog = window.findChild(NarrativeExportDialog)
    assert dialog is not None and dialog.isVisible()
    target = tmp_path / "from-the-tab.pdf"
    dialog.target.setText(str(target))
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=60000)
    assert "KqSharedPreferredZz" in pdf_words(target)
