"""About the letter I was given (#11): the letter's shared versions, newest first, read
only when the partner who was hurt asks; their private answers (do I feel heard, what
landed, what is missing) save, list newest first with their dates, and share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models import narrative
from models.proof import FreshProof
from tests.ui.conftest import PASSWORDS, flush_deletes, unlock_together, visible_texts
from tests.ui.narrative.test_letter import alone, build, seed
from ui import theme
from ui.texts import text
from ui.widgets.fresh_password import FreshPasswordDialog
from ui.workbooks import WorkbookContext
from ui.workbooks.narrative.heard import HeardPage
from ui.workbooks.narrative.letter import LetterPage
from ui.workbooks.narrative.sections import AUTOSAVE_MS

FIRST = "Mossgrove-1: I lied about where I was."
SECOND = "Mossgrove-2: I lied to you about where I was on three evenings in May."


def share_two_versions(keys, proofs) -> list[str]:
    """Partner 1 shares their letter twice: versions 1 and 2 of one draft."""
    draft = narrative.save_draft(keys, 1, "letter", {"did": FIRST})
    first = narrative.share_piece(keys, proofs[1], draft.uuid)
    narrative.save_draft(keys, 1, "letter", {"did": SECOND}, draft.uuid)
    second = narrative.share_piece(keys, proofs[1], draft.uuid)
    return [first.uuid, second.uuid]


def answers_of(ctx, owner: int = 2) -> list[narrative.Draft]:
    drafts, damaged = narrative.load_drafts(ctx.session.keyring, owner)
    assert damaged == []
    return [d for d in drafts if d.kind == "heard"]


def test_the_letter_is_read_only_when_asked_newest_version_first(
        qtbot, window, existing_vault, vault_path) -> None:
    first, second = seed(vault_path, existing_vault, share_two_versions)
    page = build(qtbot, HeardPage, alone(qtbot, window, 2), 2)
    versions = [page.versions.itemData(i) for i in range(page.versions.count())]
    assert versions == [second, first]
    assert page.versions.itemText(0).startswith("Version 2")
    words = " ".join(visible_texts())
    assert "Mossgrove" not in words and not page.letter.isVisible()  # not until asked
    qtbot.mouseClick(page.read, Qt.MouseButton.LeftButton)
    assert page.letter.isVisible() and SECOND in page.letter.toPlainText()
    assert page.letter.isReadOnly()
    page.versions.setCurrentIndex(1)
    assert FIRST in page.letter.toPlainText() and SECOND not in page.letter.toPlainText()
    qtbot.mouseClick(page.put_away, Qt.MouseButton.LeftButton)
    assert not page.letter.isVisible() and page.letter.toPlainText() == ""
    assert page.read.isVisible()


def test_nothing_shared_says_so_once_and_asks_nothing(qtbot, window, existing_vault) -> None:
    page = build(qtbot, HeardPage, alone(qtbot, window, 2), 2)
    assert page.none_shared.isVisible() and not page.read.isVisible()
    assert page.none_shared.text() == text("narrative_heard", "none_shared")


def test_ones_own_letter_is_not_listed_as_given(
        qtbot, window, existing_vault, vault_path) -> None:
    seed(vault_path, existing_vault, share_two_versions)
    page = build(qtbot, HeardPage, alone(qtbot, window, 1), 1)
    assert page.versions.count() == 0 and page.none_shared.isVisible()


def test_answers_save_list_newest_first_and_open_again(
        qtbot, window, existing_vault, vault_path) -> None:
    first, second = seed(vault_path, existing_vault, share_two_versions)
    ctx = alone(qtbot, window, 2)
    page = build(qtbot, HeardPage, ctx, 2)
    assert page.answers_none.isVisible()
    page.about.setCurrentIndex(page.about.findData(first))
    assert answers_of(ctx) == []  # choosing a version alone writes nothing
    qtbot.mouseClick(page.choice_buttons["partly"], Qt.MouseButton.LeftButton)
    page.landed.setFocus()
    qtbot.keyClicks(page.landed, "That you named the evenings.")
    qtbot.waitUntil(lambda: len(answers_of(ctx)) == 1, timeout=AUTOSAVE_MS * 5)
    answer = answers_of(ctx)[0]
    assert (answer.fields["letter"], answer.fields["heard"], answer.fields["landed"]) == (
        first, "partly", "That you named the evenings.")
    assert not page.answers_none.isVisible()
    line = page.findChild(type(page.none_shared), "heardAnswerLine_0")
    assert line is not None and "Partly" in line.text() and "version 1" in line.text()

    qtbot.mouseClick(page.new_answer, Qt.MouseButton.LeftButton)
    assert page.landed.toPlainText() == "" and not page.choice_buttons["partly"].isChecked()
    page.about.setCurrentIndex(page.about.findData(second))
    qtbot.mouseClick(page.choice_buttons["not_yet"], Qt.MouseButton.LeftButton)
    page.missing.setFocus()
    qtbot.keyClicks(page.missing, "Why you chose to keep going.")
    page.flush()
    assert len(answers_of(ctx)) == 2
    assert [a.fields["heard"] for a in page.answers] == ["not_yet", "partly"]  # newest first

    opening = page.findChild(type(page.read), "heardAnswerOpen_1")
    qtbot.mouseClick(opening, Qt.MouseButton.LeftButton)
    assert page.landed.toPlainText() == "That you named the evenings."
    assert page.choice_buttons["partly"].isChecked()
    assert page.about.currentData() == first
    page.close()
    again = build(qtbot, HeardPage, ctx, 2)
    assert len(again.answers) == 2


def test_an_answer_is_shared_only_through_share_this_answer(
        qtbot, window, existing_vault, vault_path) -> None:
    seed(vault_path, existing_vault, share_two_versions)
    ctx = alone(qtbot, window, 2)
    page = build(qtbot, HeardPage, ctx, 2)
    qtbot.mouseClick(page.choice_buttons["yes"], Qt.MouseButton.LeftButton)
    page.flush()
    keys = ctx.session.keyring
    assert narrative.load_shared(keys, "heard")[0] == []  # saved, not shared
    sharing = page.findChild(type(page.read), "heardAnswerShare_0")
    assert sharing is not None and sharing.accessibleName()
    qtbot.mouseClick(sharing, Qt.MouseButton.LeftButton)
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if w.objectName() == "narrativeShareDialog" and w.isVisible())
    dialog.submit()
    fresh = dialog.fresh
    assert isinstance(fresh, FreshPasswordDialog) and fresh.partners == (2,)
    qtbot.keyClicks(fresh.fields[2].edit, PASSWORDS[2])
    fresh.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    qtbot.waitUntil(lambda: bool(narrative.load_shared(keys, "heard")[0]), timeout=5000)
    piece = narrative.load_shared(keys, "heard")[0][0]
    assert (piece.author, piece.fields["heard"]) == (2, "yes")
    flush_deletes()


def test_the_heard_page_scrolls_at_900x600_with_the_largest_text(
        qtbot, window, existing_vault, vault_path, plain_look_afterwards) -> None:
    seed(vault_path, existing_vault, share_two_versions)
    theme.apply_theme(QApplication.instance(), "light", "larger")
    page = build(qtbot, HeardPage, alone(qtbot, window, 2), 2)
    qtbot.mouseClick(page.read, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert page._scroll.verticalScrollBar().maximum() > 0
    assert page._scroll.horizontalScrollBar().maximum() == 0
    page.grab().save("/tmp/n4_heard_900x600.png")


def test_together_the_other_partners_unshared_letter_and_answers_never_show(
        qtbot, window, existing_vault, vault_path) -> None:
    def write_privately(keys, proofs) -> None:
        narrative.save_draft(keys, 1, "letter", {"did": "Fernhollow-55 not shared"})
        narrative.save_draft(keys, 1, "heard", {"landed": "Fernhollow-66 private answer"})

    seed(vault_path, existing_vault, write_privately)
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    ctx = WorkbookContext(window.vault, window.session, window.tasks)
    narrative.open_story(ctx.session.keyring, 2, FreshProof(2, existing_vault.bundles[2]))
    heard = build(qtbot, HeardPage, ctx, 2)
    letter = build(qtbot, LetterPage, ctx, 2)
    assert heard.versions.count() == 0 and heard.answers == []
    assert all(area.toPlainText() == "" for area in letter.areas.values())
    assert "Fernhollow" not in " ".join(visible_texts())
