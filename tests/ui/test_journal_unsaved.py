"""Journal words typed since the last save, when that save fails as Trellis locks or the
journal closes (#10): kept sealed with their owner's own journal key, never with the
workbook key the other partner holds; offered back only when that owner's journal opens
again, alone or with their password typed then; never shown to the other partner.

The full disk is real: ``PRAGMA max_page_count`` holds the file at its size on the GUI
thread's connection, so SQLite refuses the save as it would on a full disk."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models import journal
from models.db import DB
from models.journal.unsaved import _KEPT
from tests.ui.conftest import PASSWORDS, unlock_solo, unlock_together
from tests.ui.test_journal import every_text, journal_tab, open_together
from ui.kept_words import KeptWordsDialog
from ui.main_window import MainWindow
from ui.texts import text
from ui.workbooks.journal.page import COPING, JournalPage

CANARY = "Marshmallow-3391"


def _disk_full() -> None:
    pages = DB.execute_sql("PRAGMA page_count").fetchone()[0]
    DB.execute_sql(f"PRAGMA max_page_count = {pages}")


def _disk_freed() -> None:
    DB.execute_sql("PRAGMA max_page_count = 1073741823")


def _sealed() -> list[bytes]:
    return [blob for pieces in getattr(DB.obj, _KEPT, {}).values() for _, blob in pieces]


def _holding(words: str) -> list[str]:
    return [t for t in every_text() if words in t]


def _type_new_entry(qtbot, page: JournalPage) -> None:
    page.new_entry()
    qtbot.keyClicks(page.editor.title, f"{CANARY} title")
    page.editor.body.setPlainText(f"{CANARY} words typed since the last save. " * 80)
    page.sections.setCurrentIndex(COPING)
    qtbot.keyClicks(page.coping.areas["helps"], f"{CANARY} helps")
    qtbot.keyClicks(page.coping.areas["people"], "x")
    page.coping.areas["people"].setPlainText("Ring my sister. " * 300)
    page.sections.setCurrentIndex(0)
    assert page.editor._timer.isActive()  # nothing saved yet: autosave is waiting


def _lock_with_a_full_disk(qtbot, window: MainWindow) -> None:
    _disk_full()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.session is None
    _disk_freed()


def _files(tmp_path: Path) -> list[Path]:
    return [p for p in (tmp_path / "vault").iterdir() if p.is_file()]


def test_alone_a_failed_save_at_lock_is_kept_for_its_owner_only(
        qtbot, window, existing_vault, tmp_path: Path) -> None:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    page = journal_tab(window).page
    assert page is not None
    _type_new_entry(qtbot, page)

    _lock_with_a_full_disk(qtbot, window)

    assert _holding(CANARY) == [], "nothing readable is left while locked"
    assert window._kept == [], "not handed to the window's workbook-key seal"
    sealed = _sealed()
    assert len(sealed) == 2 and not any(CANARY.encode() in blob for blob in sealed)
    for path in _files(tmp_path):
        assert CANARY.encode() not in path.read_bytes(), path.name

    # The other partner alone: their journal opens, nothing of A's anywhere.
    unlock_solo(qtbot, window, PASSWORDS[2])
    other = journal_tab(window).page
    assert other is not None and other.owner == 2
    assert _holding(CANARY) == []
    assert window.findChild(KeptWordsDialog) is None
    assert other.message.text() != text("journal", "put_back")
    assert len(_sealed()) == 2
    window.lock()

    # The owner alone: back where they were typed, and saved now.
    unlock_solo(qtbot, window, PASSWORDS[1])
    page = journal_tab(window).page
    assert page is not None
    assert page.message.text() == text("journal", "put_back")
    assert page.editor.title.text() == f"{CANARY} title"
    assert page.editor.body.toPlainText().startswith(f"{CANARY} words typed")
    assert page.coping.areas["helps"].toPlainText() == f"{CANARY} helps"
    keys = window.session.keyring
    entries, damaged = journal.load_entries(keys, 1)
    assert damaged == [] and [e.title for e in entries] == [f"{CANARY} title"]
    assert journal.load_plan(keys, 1).sections["helps"] == f"{CANARY} helps"
    assert _sealed() == []


def test_together_they_come_back_only_when_the_owner_opens_with_their_password(
        qtbot, window, existing_vault) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    page = open_together(qtbot, window, 1)
    _type_new_entry(qtbot, page)

    _lock_with_a_full_disk(qtbot, window)
    assert _holding(CANARY) == [] and len(_sealed()) == 2

    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    tab = journal_tab(window)
    assert tab.page is None and _holding(CANARY) == []  # the gate: nothing opened
    other = open_together(qtbot, window, 2)
    assert _holding(CANARY) == [] and other.message.text() != text("journal", "put_back")
    other.close_requested.emit()
    QApplication.processEvents()
    assert len(_sealed()) == 2

    page = open_together(qtbot, window, 1)
    assert page.message.text() == text("journal", "put_back")
    assert page.editor.title.text() == f"{CANARY} title"
    assert [e.title for e in journal.load_entries(window.session.keyring, 1)[0]] == [
        f"{CANARY} title"]


def test_closing_the_journal_together_after_a_failed_save_keeps_the_words(
        qtbot, window, existing_vault) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    page = open_together(qtbot, window, 1)
    _type_new_entry(qtbot, page)
    _disk_full()
    window.workbench.setCurrentIndex(0)  # another tab: the journal closes
    _disk_freed()
    tab = journal_tab(window)
    assert tab.page is None and _holding(CANARY) == [] and len(_sealed()) == 2

    page = open_together(qtbot, window, 1)
    assert page.editor.title.text() == f"{CANARY} title"
    assert page.message.text() == text("journal", "put_back")
