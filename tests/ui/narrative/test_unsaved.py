"""Story words typed since the last save, when that save fails as the private pages close
or Trellis locks (#11): kept sealed with their owner's own journal key (never the
workbook key the other partner holds), put back and saved when that owner's story opens
again, alone or with their password typed then; never shown to the other partner.

The full disk is real: ``PRAGMA max_page_count`` holds the file at its size on the GUI
thread's connection, so SQLite refuses the save as it would on a full disk."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from models import narrative
from models.db import DB
from models.kept_private import attribute
from tests.ui.conftest import PASSWORDS, unlock_solo, unlock_together
from tests.ui.narrative.frame_helpers import every_text, narrative_tab, open_together
from ui.main_window import MainWindow
from ui.texts import text
from ui.workbooks.narrative import NarrativeTab
from ui.workbooks.narrative.exceptions import ExceptionsPage
from ui.workbooks.narrative.heard import HeardPage
from ui.workbooks.narrative.impact import ImpactPage
from ui.workbooks.narrative.letter import LetterPage
from ui.workbooks.narrative.steps import ProblemPage

CANARY = "Quillwort-5032"
LONG = f"{CANARY} words typed since the last save. " * 600  # more than a free page holds
PUT_BACK = text("narrative", "put_back")
WAITING = text("narrative", "put_back_waiting")
DISK_FULL = text("errors", "disk_full")


def _disk_full() -> None:
    pages = DB.execute_sql("PRAGMA page_count").fetchone()[0]
    DB.execute_sql(f"PRAGMA max_page_count = {pages}")


def _disk_freed() -> None:
    DB.execute_sql("PRAGMA max_page_count = 1073741823")


def _sealed() -> list[bytes]:
    kept = getattr(DB.obj, attribute("narrative_unsaved"), {})
    return [blob for pieces in kept.values() for _, blob in pieces]


def _holding(words: str) -> list[str]:
    return [t for t in every_text() if words in t]


def _type(qtbot, tab: NarrativeTab) -> None:
    """Words on a step page, in the letter and in a new moment, none saved yet."""
    problem = tab.show_page("problem")
    assert isinstance(problem, ProblemPage)
    qtbot.keyClicks(problem.editors["name"], f"{CANARY} the fog")
    problem.editors["shows_up"].setPlainText(LONG)
    letter = tab.show_page("letter")
    assert isinstance(letter, LetterPage)
    qtbot.keyClicks(letter.areas["did"], f"{CANARY} what I did")
    letter.areas["chose"].setPlainText(LONG)
    moments = tab.show_page("exception")
    assert isinstance(moments, ExceptionsPage)
    moments.editors["what"].setPlainText(LONG)
    qtbot.keyClicks(moments.editors["noticed_by"], f"{CANARY} noticed")
    assert problem._timer.isActive() and letter.keeper._timer.isActive()  # none saved yet


def _saved_back(window: MainWindow, owner: int) -> None:
    drafts, damaged = narrative.load_drafts(window.session.keyring, owner)
    assert damaged == []
    by_kind = {d.kind: d.fields for d in drafts}
    assert by_kind["problem"]["name"] == f"{CANARY} the fog"
    assert by_kind["problem"]["shows_up"] == LONG
    assert by_kind["letter"]["did"] == f"{CANARY} what I did"
    assert by_kind["exception"]["noticed_by"] == f"{CANARY} noticed"
    assert _sealed() == []


def test_together_closing_after_a_failed_save_keeps_them_for_their_owner_only(
        qtbot, window, existing_vault) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    tab = open_together(qtbot, window, 1)
    _type(qtbot, tab)
    _disk_full()
    page = tab.private["exception"]
    page.flush()  # open, the page says why its words did not save
    assert page.message.text() == DISK_FULL

    qtbot.mouseClick(tab.close_button, Qt.MouseButton.LeftButton)
    _disk_freed()
    assert tab.owner is None and tab.private == {}
    assert _holding(CANARY) == [], "nothing readable is left in any widget"
    sealed = _sealed()
    assert len(sealed) == 3 and not any(CANARY.encode() in blob for blob in sealed)

    # The other partner opens their own story: nothing of the first partner's.
    tab = open_together(qtbot, window, 2)
    assert _holding(CANARY) == [] and tab.message.text() != PUT_BACK
    assert len(_sealed()) == 3
    qtbot.mouseClick(tab.close_button, Qt.MouseButton.LeftButton)

    # The owner opens theirs with their password: saved, and a calm line says so.
    tab = open_together(qtbot, window, 1)
    assert tab.message.text() == PUT_BACK
    _saved_back(window, 1)
    tab.show_page("problem")
    assert tab.private["problem"].editors["shows_up"].toPlainText() == LONG


def test_still_full_when_the_story_opens_again_the_words_wait_in_their_page(
        qtbot, window, existing_vault) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    tab = open_together(qtbot, window, 1)
    _type(qtbot, tab)
    _disk_full()
    window.workbench.setCurrentIndex(0)  # another tab: the story closes
    assert _holding(CANARY) == [] and len(_sealed()) == 3

    tab = open_together(qtbot, window, 1)  # the disk is still full
    assert tab.message.text() == WAITING
    problem = tab.private["problem"]
    assert problem.editors["shows_up"].toPlainText() == LONG
    assert problem.message.text() == DISK_FULL
    assert tab.private["exception"].editors["noticed_by"].text() == f"{CANARY} noticed"
    assert narrative.load_drafts(window.session.keyring, 1)[0] == []

    _disk_freed()
    qtbot.mouseClick(tab.close_button, Qt.MouseButton.LeftButton)  # saves as it closes
    assert _sealed() == []
    tab = open_together(qtbot, window, 1)
    assert tab.message.text() not in (PUT_BACK, WAITING)
    _saved_back(window, 1)


def _files(tmp_path: Path) -> list[Path]:
    return [p for p in (tmp_path / "vault").iterdir() if p.is_file()]


def test_alone_a_failed_save_at_lock_is_kept_for_its_owner_only(
        qtbot, window, existing_vault, tmp_path: Path) -> None:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    tab = narrative_tab(window)
    _type(qtbot, tab)
    impact = tab.show_page("impact")
    assert isinstance(impact, ImpactPage)
    impact.areas["not_ready"].setPlainText(f"{CANARY} not ready " * 300)
    heard = tab.show_page("heard")
    assert isinstance(heard, HeardPage)
    heard.landed.setPlainText(f"{CANARY} landed " * 300)

    _disk_full()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.session is None
    _disk_freed()

    assert _holding(CANARY) == [], "nothing readable is left while locked"
    assert window._kept == [], "not handed to the window's workbook-key seal"
    sealed = _sealed()
    assert len(sealed) == 5 and not any(CANARY.encode() in blob for blob in sealed)
    DB.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")
    files = _files(tmp_path)
    assert any(p.name.endswith("-wal") for p in files)
    for path in files:
        assert CANARY.encode() not in path.read_bytes(), path.name

    # The other partner alone: their story opens, nothing of the first partner's.
    unlock_solo(qtbot, window, PASSWORDS[2])
    other = narrative_tab(window)
    assert other.owner == 2 and other.private
    assert _holding(CANARY) == [] and other.message.text() != PUT_BACK
    assert len(_sealed()) == 5
    window.lock()

    # The owner alone: saved as their story opens, with a calm line.
    unlock_solo(qtbot, window, PASSWORDS[1])
    tab = narrative_tab(window)
    assert tab.message.text() == PUT_BACK
    _saved_back(window, 1)
    drafts = narrative.load_drafts(window.session.keyring, 1)[0]
    assert [d.fields["not_ready"] for d in drafts if d.kind == "impact"] == [
        f"{CANARY} not ready " * 300]
    assert [d.fields["landed"] for d in drafts if d.kind == "heard"] == [
        f"{CANARY} landed " * 300]


def test_together_a_lock_after_a_failed_save_keeps_them_too(qtbot, window,
                                                             existing_vault) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    _type(qtbot, open_together(qtbot, window, 1))
    _disk_full()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.session is None
    _disk_freed()
    assert _holding(CANARY) == [] and window._kept == [] and len(_sealed()) == 3

    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    tab = narrative_tab(window)
    assert tab.owner is None and _holding(CANARY) == []  # the gate: nothing opened
    tab = open_together(qtbot, window, 1)
    assert tab.message.text() == PUT_BACK
    _saved_back(window, 1)
