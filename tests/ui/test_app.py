"""Start-up pieces: arguments, the error dialog and what it logs, light imports."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

import app
from ui import errors

ROOT = Path(__file__).resolve().parents[2]


def test_version_flag(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        app.parse_args(["--version"])
    assert done.value.code == 0
    assert "Trellis 0.1.0" in capsys.readouterr().out


def test_vault_and_demo_arguments() -> None:
    args = app.parse_args(["--vault", "/tmp/x.vault", "--demo"])
    assert args.vault == Path("/tmp/x.vault") and args.demo


def test_unexpected_error_logs_no_content(monkeypatch, caplog, tmp_path, qapp) -> None:
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    saved = sys.excepthook
    try:
        errors.install(tmp_path / "trellis.log")
        secret = "Marigold-private-sentence-4471"
        try:
            raise ValueError(f"could not parse {secret}")
        except ValueError as error:
            with caplog.at_level(logging.ERROR, logger="trellis.crash"):
                sys.excepthook(type(error), error, error.__traceback__)
    finally:
        sys.excepthook = saved
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "ValueError" in logged and "test_app.py" in logged
    assert secret not in logged
    assert shown and "Nothing you saved has been lost" in shown[0]
    assert secret not in shown[0]


def test_start_up_imports_no_pdf_libraries() -> None:
    code = (
        "import sys, app, ui.main_window; "
        "print(sorted(m for m in ('reportlab', 'pypdf') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    ).stdout.strip()
    assert out == "[]"


def test_main_window_loads_menu_dialogs_only_when_asked(tmp_path) -> None:
    """The Pause page is built with the window; the dialogs behind menus load when used."""
    code = (
        "import sys, pathlib; from PySide6.QtWidgets import QApplication; "
        "app = QApplication([]); from ui.main_window import MainWindow; "
        f"w = MainWindow(pathlib.Path({str(tmp_path / 'x.vault')!r})); "
        "print(sorted(m for m in ('ui.rename', 'ui.change_password', 'ui.preferences') "
        "if m in sys.modules), w.pause_page.objectName())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    ).stdout.strip()
    assert out == "[] pausePage"


def test_demo_vault_opens_with_printed_passwords(tmp_path) -> None:
    from models import vault as vault_module
    from models.demo import create_demo_vault
    from models.journal import entries_of
    from models.keys import FAST_TEST_COST

    path = tmp_path / "demo.vault"
    people = create_demo_vault(path, FAST_TEST_COST)
    vault = vault_module.Vault.open(path)
    try:
        for partner, (name, password) in people.items():
            who, bundle = vault_module.try_password(vault.slots("password"), password)
            assert who == partner
            session = vault.start_session({who: bundle})
            assert session.name_of(partner) == name
            assert entries_of(session.keyring, partner), "each demo partner has journal entries"
    finally:
        vault.close()


def test_every_error_a_person_can_meet_has_a_sentence() -> None:
    import inspect as pyinspect

    import exports.errors
    import models.errors
    from models.errors import PasswordRejected, TrellisError
    from ui.texts import explain

    kinds = [
        member
        for module in (models.errors, exports.errors)
        for _, member in pyinspect.getmembers(module, pyinspect.isclass)
        if issubclass(member, TrellisError)
    ]
    assert len(kinds) > 10
    unexpected = explain(RuntimeError("x"))
    for kind in kinds:
        if kind is PasswordRejected:
            continue
        error = kind.__new__(kind)
        error.uuid = "abc"  # RecordUnreadable names its record
        assert explain(error) != unexpected or kind.key == "unexpected", kind.__name__
    for reason in ("too_short", "blank", "same_as_partner"):
        assert explain(PasswordRejected(reason)) != unexpected


def test_unwritable_log_folder_does_not_stop_start_up(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        app.setup_logging(blocker / "log")
        added = [h for h in root.handlers if h not in before]
        assert len(added) == 1 and not isinstance(added[0], logging.FileHandler)
    finally:
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
