"""Export for our therapist… on the needs map (#12): the dialog saves a PDF of what was
shared, never a draft, read and written in a child process that gets the workbook key
through a pipe only; a lock stops it and leaves no file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pypdf import PasswordType, PdfReader
from PySide6.QtCore import Qt

import exports.needs.export as needs_export
from models import needs
from models import vault as vault_module
from models.proof import FreshProof
from models.vault import Vault
from tests import child_jobs
from tests.exports.needs import needs_jobs
from tests.ui.conftest import NAMES, PASSWORDS, flush_deletes, unlock_solo, unlock_together
from tests.ui.narrative.test_export_dialog import Told
from ui.main_window import MainWindow
from ui.workbooks import WorkbookContext
from ui.workbooks.needs.export_dialog import NeedsExportDialog

SHARED = "KqSharedNeedZz a text when plans change"
DRAFT = "KqDraftOnlyZz not shared with anyone"
PDF_PASSWORD = "willow path at dusk"


@pytest.fixture
def seeded(vault_path: Path, existing_vault: vault_module.SetupPlan) -> vault_module.SetupPlan:
    """Partner 1 shared a need; partner 2 has only a private draft."""
    vault = Vault.open(vault_path)
    try:
        session = vault.start_session(dict(existing_vault.bundles))
        keys = session.keyring
        proofs = {p: FreshProof(p, existing_vault.bundles[p]) for p in (1, 2)}
        for partner in (1, 2):
            needs.open_needs(keys, partner, proofs[partner])
        draft = needs.save_draft(keys, 1, {"card": "predictability", "words": SHARED,
                                           "importance": "2"})
        needs.share_need(keys, proofs[1], draft.uuid)
        needs.save_draft(keys, 2, {"title": DRAFT, "helps": DRAFT})
        session.lock()
    finally:
        vault.close()
    return existing_vault


@pytest.fixture
def opened(qtbot, window: MainWindow, seeded) -> MainWindow:
    window.start()
    return window


def export_dialog(window: MainWindow) -> NeedsExportDialog:
    assert window.session is not None
    dialog = NeedsExportDialog(WorkbookContext(window.vault, window.session, window.tasks),
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


def test_the_dialog_saves_what_was_shared_and_no_draft(
        qtbot, opened: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    told = Told(monkeypatch)
    window = opened
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    dialog = export_dialog(window)
    qtbot.keyClicks(dialog.password.edit, PDF_PASSWORD)
    qtbot.keyClicks(dialog.again.edit, PDF_PASSWORD)
    target = tmp_path / "needs.pdf"
    dialog.target.setText(str(target))
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=60000)
    assert told.steps == ["gathered"] and len(told.ended) == 1  # read and written in a child
    assert dialog.open_pdf.isVisible() and str(target) in dialog.message.text()
    text = pdf_words(target, PDF_PASSWORD)
    assert "KqSharedNeedZz" in text and NAMES[1] in text and "Predictability" in text
    assert "KqDraftOnlyZz" not in text
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert dialog.password.value() == ""  # the PDF's password is not kept


def test_initials_and_no_session_date(qtbot, opened: MainWindow, tmp_path: Path) -> None:
    window = opened
    unlock_solo(qtbot, window, PASSWORDS[2])
    dialog = export_dialog(window)
    dialog.use_initials.setChecked(True)
    dialog.no_date.setChecked(True)
    target = tmp_path / "needs.pdf"
    dialog.target.setText(str(target))
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=60000)
    text = pdf_words(target)
    assert "W. · version 1" in text and NAMES[1] not in text
    assert "For our session on" not in text


def test_locking_stops_the_export_and_leaves_no_file(
        qtbot, opened: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(needs_export, "export_from_vault", needs_jobs.held_needs)
    told = Told(monkeypatch)
    window = opened
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    dialog = export_dialog(window)
    target = tmp_path / "needs.pdf"
    dialog.target.setText(str(target))
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: "holding" in told.steps, timeout=60000)
    assert told.steps[0] == "gathered"  # read in the child, then its file begun
    assert list(tmp_path.glob(".*.part")), "the file was begun"
    window.lock()
    assert window.session is None and not window.tasks.busy
    assert told.ended and told.ended[0] is not None  # the child is gone, key and all
    assert told.reports < child_jobs.LONG_STEPS  # stopped at a next step, not at its end
    assert not target.exists() and list(tmp_path.glob("*.pdf*")) == []
    assert list(tmp_path.glob(".*.part")) == []
    flush_deletes()
    assert window.findChild(NeedsExportDialog) is None


def test_every_control_is_named(qtbot, opened: MainWindow) -> None:
    from tests.ui.conftest import unnamed_controls

    window = opened
    unlock_solo(qtbot, window, PASSWORDS[1])
    dialog = export_dialog(window)
    assert unnamed_controls(dialog) == []


def test_the_tabs_export_button_opens_it_and_it_saves(
        qtbot, window: MainWindow, seeded, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QPushButton

    from tests.ui.conftest import open_workbook
    from ui.workbooks.needs import NeedsTab

    tab = open_workbook(qtbot, window, NeedsTab, together=True, partner=1)
    button = tab.findChild(QPushButton, "needsExportButton")
    assert button is not None
    qtbot.waitUntil(button.isVisible, timeout=10000)
    click(qtbot, button)
    dialog = window.findChild(NeedsExportDialog)
    assert dialog is not None and dialog.isVisible()
    target = tmp_path / "from-the-tab.pdf"
    dialog.target.setText(str(target))
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=60000)
    assert "KqSharedNeedZz" in pdf_words(target)
