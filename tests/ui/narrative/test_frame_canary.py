"""Canary (#11): words typed into every step, a moment and a shared copy never reach the
disk in plaintext: not the vault file, its -wal or -shm, nor the settings."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from models import narrative
from tests.ui.conftest import PASSWORDS, unlock_together
from tests.ui.narrative.frame_helpers import open_together
from tests.ui.narrative.test_frame_share import _share
from ui.workbooks.narrative.steps import STEPS, StepPage

CANARY = "Cormorant-6613"


def _files(vault_path: Path, tmp_path: Path) -> list[Path]:
    files = [vault_path.with_name(vault_path.name + suffix) for suffix in ("", "-wal", "-shm")]
    return files + [p for p in (tmp_path / "qs").rglob("*") if p.is_file()]


def _nowhere(paths: list[Path]) -> None:
    assert paths[0].is_file()
    for path in paths:
        if path.is_file():
            data = path.read_bytes()
            for form in (CANARY.encode(), CANARY.encode("utf-16-le"), CANARY.lower().encode()):
                assert form not in data, path.name


def test_words_typed_never_reach_the_disk_in_plaintext(qtbot, window, existing_vault,
                                                       vault_path, tmp_path) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    tab = open_together(qtbot, window, 1)
    typed = 0
    for kind in STEPS:
        page = tab.show_page(kind)
        assert isinstance(page, StepPage)
        for key, editor in page.editors.items():
            if isinstance(editor, QPlainTextEdit | QLineEdit) and editor.isVisibleTo(page):
                qtbot.keyClicks(editor, f"{CANARY} {kind} {key}")
                typed += 1
        page.flush()
    moments = tab.show_page("exception")
    for key in ("what", "made_possible", "says_value", "noticed_by"):
        qtbot.keyClicks(moments.editors[key], f"{CANARY} moment {key}")
    moments.flush()
    dialog = tab.private["story"].share()
    _share(qtbot, window, dialog, 1, PASSWORDS[1])
    assert typed == 18  # every text field of the five steps, the guard's included
    drafts, _ = narrative.load_drafts(window.session.keyring, 1)
    saved = [v for d in drafts for v in d.fields.values() if CANARY in v]
    assert len(saved) == typed + 4  # all saved (sealed), so the check below means something
    _nowhere(_files(vault_path, tmp_path))  # while open, the -wal holds the latest writes
    window.lock()
    _nowhere(_files(vault_path, tmp_path))
