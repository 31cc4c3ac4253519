"""What the export dialogs' tests share (#8): listening to the export's child
(:class:`Told`), reading the PDF, and the checks every session export dialog
(:class:`~ui.widgets.shared_export.SessionExportDialog`) passes, each run by every
workbook's own test file with its :class:`SessionExportCase`."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pypdf import PasswordType, PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget

from exports import in_child
from models import vault as vault_module
from models.proof import FreshProof
from models.session import Keyring
from models.vault import Vault
from tests import child_jobs
from tests.ui.conftest import (
    NAMES,
    PASSWORDS,
    flush_deletes,
    open_workbook,
    unlock_solo,
    unlock_together,
    unnamed_controls,
)
from ui.main_window import MainWindow
from ui.widgets.shared_export import SessionExportDialog
from ui.workbooks import WorkbookContext

PDF_PASSWORD = "willow path at dusk"


class Told:
    """What the export's child told the worker (steps, progress reports), and how it
    ended."""

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


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def pdf_words(path: Path, password: str | None = None) -> str:
    reader = PdfReader(path)
    if password is not None:
        assert reader.decrypt(password) != PasswordType.NOT_DECRYPTED
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@dataclass(frozen=True)
class SessionExportCase:
    """One workbook's session export dialog and what its seeded vault shows.

    ``export`` is the module whose ``export_from_vault`` the child runs; ``held`` and
    ``telling`` its stand-ins (tests/exports/<workbook>/<workbook>_jobs.py). ``shown``
    must be in the PDF (the first of them shared by partner 1), ``kept_back`` never.
    """

    dialog: type[SessionExportDialog]
    export: ModuleType
    held: Callable[..., Path]
    telling: Callable[..., Path]
    shown: tuple[str, ...]
    kept_back: tuple[str, ...]
    file_name: str
    tab: Callable[[], type[QWidget]]  # imported when the test runs
    button: str


@contextmanager
def seeding(vault_path: Path,
            plan: vault_module.SetupPlan) -> Iterator[tuple[Keyring, dict[int, FreshProof]]]:
    """The vault opened together, its keys and both partners' fresh proofs, for a
    ``seeded`` fixture to write what it needs; locked and closed after."""
    vault = Vault.open(vault_path)
    try:
        session = vault.start_session(dict(plan.bundles))
        yield session.keyring, {p: FreshProof(p, plan.bundles[p]) for p in (1, 2)}
        session.lock()
    finally:
        vault.close()


def export_dialog(window: MainWindow, case: SessionExportCase) -> SessionExportDialog:
    assert window.session is not None
    dialog = case.dialog(WorkbookContext(window.vault, window.session, window.tasks), window)
    dialog.open()
    return dialog


def held_until_begun(qtbot, window: MainWindow, case: SessionExportCase, target: Path,
                     monkeypatch: pytest.MonkeyPatch,
                     initials: bool = False) -> tuple[Told, SessionExportDialog]:
    """Unlocked together, the dialog's export (by ``initials`` or names) started towards
    ``target`` and held in the child once its file is begun (``case.held``)."""
    monkeypatch.setattr(case.export, "export_from_vault", case.held)
    told = Told(monkeypatch)
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    dialog = export_dialog(window, case)
    dialog.use_initials.setChecked(initials)
    dialog.target.setText(str(target))
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: "holding" in told.steps, timeout=60000)
    assert told.steps[0] == "gathered"  # read in the child, then its file begun
    assert dialog.progress.isVisible() and list(target.parent.iterdir()), "file begun"
    return told, dialog


class SessionExportChecks:
    """Every check a session export dialog passes. A workbook's test module subclasses
    it and gives the fixtures ``case`` (its :class:`SessionExportCase`) and ``seeded``
    (a vault where partner 1 shared ``case.shown`` and partner 2 kept ``kept_back``)."""

    @pytest.fixture
    def opened(self, qtbot, window: MainWindow, seeded: object) -> MainWindow:
        window.start()
        return window

    def test_the_dialog_saves_what_was_shared_and_nothing_kept_back(
            self, qtbot, opened: MainWindow, case: SessionExportCase, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> None:
        told = Told(monkeypatch)
        window = opened
        unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
        dialog = export_dialog(window, case)
        qtbot.keyClicks(dialog.password.edit, PDF_PASSWORD)
        qtbot.keyClicks(dialog.again.edit, PDF_PASSWORD)
        target = tmp_path / case.file_name
        dialog.target.setText(str(target))
        click(qtbot, dialog.submit_button)
        qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=60000)
        assert told.steps == ["gathered"] and len(told.ended) == 1  # read and written in a child
        assert dialog.open_pdf.isVisible() and str(target) in dialog.message.text()
        text = pdf_words(target, PDF_PASSWORD)
        assert NAMES[1] in text and all(shown in text for shown in case.shown), text
        assert not any(kept in text for kept in case.kept_back)
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        assert dialog.password.value() == ""  # the PDF's password is not kept

    def test_initials_and_no_session_date(
            self, qtbot, opened: MainWindow, case: SessionExportCase, tmp_path: Path) -> None:
        window = opened
        unlock_solo(qtbot, window, PASSWORDS[2])
        dialog = export_dialog(window, case)
        dialog.use_initials.setChecked(True)
        dialog.no_date.setChecked(True)
        target = tmp_path / case.file_name
        dialog.target.setText(str(target))
        click(qtbot, dialog.submit_button)
        qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=60000)
        text = pdf_words(target)
        assert "W. · version 1" in text and NAMES[1] not in text
        assert "For our session on" not in text

    def test_locking_stops_the_export_and_leaves_no_file(
            self, qtbot, opened: MainWindow, case: SessionExportCase, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> None:
        window, target = opened, tmp_path / case.file_name
        told, _ = held_until_begun(qtbot, window, case, target, monkeypatch)
        assert list(tmp_path.glob(".*.part")), "the file was begun"
        window.lock()
        assert window.session is None and not window.tasks.busy
        assert told.ended and told.ended[0] is not None  # the child is gone, key and all
        assert told.reports < child_jobs.LONG_STEPS  # stopped at a next step, not at its end
        assert not target.exists() and list(tmp_path.glob("*.pdf*")) == []
        assert list(tmp_path.glob(".*.part")) == []
        flush_deletes()
        assert window.findChild(case.dialog) is None

    def test_stop_leaves_no_file_and_keeps_the_choices(
            self, qtbot, opened: MainWindow, case: SessionExportCase, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> None:
        window, folder = opened, tmp_path / "out"
        folder.mkdir()
        told, dialog = held_until_begun(qtbot, window, case, folder / case.file_name,
                                        monkeypatch, initials=True)
        click(qtbot, dialog.stop_button)
        qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30000)
        qtbot.waitUntil(lambda: "Stopped" in dialog.message.text(), timeout=5000)
        assert list(folder.iterdir()) == [] and dialog.saved_path is None
        assert told.reports < child_jobs.LONG_STEPS
        assert dialog.use_initials.isChecked() and dialog.submit_button.isEnabled()

    def test_the_childs_command_line_and_environment_hold_no_words_or_key(
            self, qtbot, opened: MainWindow, case: SessionExportCase, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(case.export, "export_from_vault", case.telling)
        told = Told(monkeypatch)
        window = opened
        unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
        dialog = export_dialog(window, case)
        qtbot.keyClicks(dialog.password.edit, PDF_PASSWORD)
        qtbot.keyClicks(dialog.again.edit, PDF_PASSWORD)
        dialog.target.setText(str(tmp_path / case.file_name))
        click(qtbot, dialog.submit_button)
        qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=60000)
        assert window.session is not None
        key = window.session.keyring.workbook_key()
        started = " ".join(s for s in told.steps if s.startswith(("argv ", "env ")))
        assert started and "Kq" not in started and PDF_PASSWORD not in started
        for secret in (NAMES[1], NAMES[2], key.hex(), key.decode("latin-1")):
            assert secret not in started

    def test_a_too_short_password_is_said_beside_it_and_nothing_is_written(
            self, qtbot, opened: MainWindow, case: SessionExportCase, tmp_path: Path) -> None:
        window = opened
        unlock_solo(qtbot, window, PASSWORDS[1])
        dialog = export_dialog(window, case)
        qtbot.keyClicks(dialog.password.edit, "short")
        qtbot.keyClicks(dialog.again.edit, "short")
        dialog.target.setText(str(tmp_path / case.file_name))
        click(qtbot, dialog.submit_button)
        assert dialog.message.text() and not window.tasks.busy
        assert list(tmp_path.glob("*.pdf")) == []

    def test_every_control_is_named(
            self, qtbot, opened: MainWindow, case: SessionExportCase) -> None:
        window = opened
        unlock_solo(qtbot, window, PASSWORDS[1])
        assert unnamed_controls(export_dialog(window, case)) == []

    def test_the_tabs_export_button_opens_it_and_it_saves(
            self, qtbot, window: MainWindow, seeded: object, case: SessionExportCase, tmp_path:
            Path) -> None:
        tab = open_workbook(qtbot, window, case.tab(), together=True, partner=1)
        button = tab.findChild(QPushButton, case.button)
        assert button is not None
        qtbot.waitUntil(button.isVisible, timeout=10000)
        click(qtbot, button)
        dialog = window.findChild(case.dialog)
        assert dialog is not None and dialog.isVisible()
        target = tmp_path / "from-the-tab.pdf"
        dialog.target.setText(str(target))
        click(qtbot, dialog.submit_button)
        qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=60000)
        assert case.shown[0] in pdf_words(target)
