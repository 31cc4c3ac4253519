"""Noticing (#12): kept and missed are the doer's to note, "I noticed" the person with
the need's, one line each, shown as dated words; a miss the doer noted early reads as
honesty; what was noted since the last review is said in words. No label anywhere in
the tab holds a rate, a percentage or a streak. Canary: a commitment's words and its
notes never reach the vault file, its -wal or -shm, nor the settings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from models import needs
from tests.ui.conftest import NAMES, PASSWORDS
from tests.ui.needs.commitment_helpers import commitments_page, share_a_need
from tests.ui.needs.frame_helpers import every_text, open_together, settle
from tests.ui.needs.test_commitments import _active
from ui.dates import day
from ui.texts import text
from ui.workbooks.needs.noticing import NoteDialog
from ui.workbooks.needs.tab import NeedsTab

CANARY = "Shearwater-5581"
SCOREKEEPING = re.compile(r"%|\brat(e|es|ed|io)\b|\bstreaks?\b|\bscores?\b|\bfailed\b",
                          re.IGNORECASE)


@pytest.fixture(autouse=True)
def shared_need(existing_vault, vault_path) -> None:
    share_a_need(vault_path, existing_vault)


def _note(qtbot, window, page, kind: str, by: int, line: str) -> None:
    dialog = page.noticing.ask(kind, by)
    assert isinstance(dialog, NoteDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.line, line)
    dialog.submit()
    settle(window)


def _shown(page) -> list[str]:
    return [label.text() for label in page.noticing.labels]


def test_notes_are_dated_words_and_an_early_miss_reads_as_honesty(qtbot, window) -> None:
    page = commitments_page(qtbot, window)
    _active(qtbot, window, page)  # partner 2 does it, for partner 1's need
    buttons = {key for key, b in page.noticing.buttons.items() if not b.isHidden()}
    assert buttons == {("kept", 2), ("missed", 2), ("noticed", 1)}
    assert page.noticing.since.text() == text("needs_notes", "since_start_none")

    _note(qtbot, window, page, "missed", 2, "I forgot to say it on Tuesday")
    notes, _ = needs.load_notes(window.session.keyring, page.chosen().uuid)
    assert [(n.kind, n.early) for n in notes] == [("missed", True)]
    assert _shown(page) == [text("needs_notes", "line_missed_early", date=day(notes[0].noted_at),
                                 name=NAMES[2], line="I forgot to say it on Tuesday")]
    _note(qtbot, window, page, "kept", 2, "Said it before sleep")
    _note(qtbot, window, page, "noticed", 1, "I heard it and slept better")
    shown = _shown(page)
    assert len(shown) == 3 and shown[0].endswith("“I heard it and slept better”")
    assert NAMES[1] in shown[0] and NAMES[2] in shown[1]
    kinds = ", ".join(text("needs_notes", k) for k in (
        "kind_missed_early", "kind_kept", "kind_noticed"))
    assert page.noticing.since.text() == text("needs_notes", "since_start", kinds=kinds)

    # A kind that is not the partner's to note is refused with a kind sentence.
    dialog = page.noticing.ask("kept", 1)
    qtbot.keyClicks(dialog.line, "not mine to say")
    dialog.submit()
    assert dialog.isVisible() and dialog.message.text()
    dialog.reject()
    # An empty line asks for one, and loses nothing.
    dialog = page.noticing.ask("noticed", 1)
    dialog.submit()
    assert dialog.isVisible() and dialog.message.text() == text("needs_notes", "line_missing")
    dialog.reject()
    settle(window)
    assert len(needs.load_notes(window.session.keyring, page.chosen().uuid)[0]) == 3


def test_no_rate_percentage_or_streak_in_any_label_of_the_tab(qtbot, window) -> None:
    page = commitments_page(qtbot, window)
    _active(qtbot, window, page)
    for kind, by in (("kept", 2), ("missed", 2), ("noticed", 1)):
        _note(qtbot, window, page, kind, by, f"a line {kind}")
    tab = window.workbench.findChild(NeedsTab)
    open_together(qtbot, window, 1)
    tab.private["mine"].new_need("reassurance")
    seen: list[str] = []
    for key in tab.listed():
        shown = tab.show_page(key)
        settle(window)
        seen += every_text(shown)
    seen += every_text(tab)
    assert any("a line missed" in words for words in seen)  # the notes were looked at
    found = sorted({words for words in seen if SCOREKEEPING.search(words)})
    assert found == []


def _files(vault_path: Path, tmp_path: Path) -> list[Path]:
    files = [vault_path.with_name(vault_path.name + suffix) for suffix in ("", "-wal", "-shm")]
    return files + [p for p in (tmp_path / "qs").rglob("*") if p.is_file()]


def test_commitment_words_and_notes_never_reach_the_disk_in_plaintext(
        qtbot, window, vault_path, tmp_path) -> None:
    page = commitments_page(qtbot, window)
    _active(qtbot, window, page, f"{CANARY} what")
    _note(qtbot, window, page, "missed", 2, f"{CANARY} missed")
    _note(qtbot, window, page, "noticed", 1, f"{CANARY} noticed")
    assert sum(CANARY in line for line in _shown(page)) == 2
    settle(window)
    window.lock()
    QApplication.processEvents()
    for path in _files(vault_path, tmp_path):
        if path.is_file():
            data = path.read_bytes()
            for form in (CANARY.encode(), CANARY.encode("utf-16-le"), CANARY.lower().encode()):
                assert form not in data, path.name


def test_what_was_noted_since_the_last_review_starts_again_after_one(qtbot, window) -> None:
    from models.proof import prove

    page = commitments_page(qtbot, window)
    uuid = _active(qtbot, window, page)
    _note(qtbot, window, page, "missed", 2, "Forgot on Sunday")
    proofs = [prove(window.vault.slot_of(p, "password"), PASSWORDS[p]) for p in (1, 2)]
    needs.decide_review(window.session.keyring, proofs, uuid, "keep")
    page.ctx.changes.announce("needs", uuid)
    settle(window)
    assert page.chosen().latest_review is not None
    assert page.noticing.since.text() == text("needs_notes", "since_review_none")
    _note(qtbot, window, page, "kept", 2, "Said it on Monday")
    assert page.noticing.since.text() == text(
        "needs_notes", "since_review_one", kinds=text("needs_notes", "kind_kept"))
    assert len(_shown(page)) == 2  # every note stays listed, dated
