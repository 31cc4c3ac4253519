"""The letter of accountability (#11): autosave into the owner's private draft, the
gentle notes beside it (shown after typing stops, one spot set aside at a time and for
good, never saved into the letter's words), the impact statement beside its section
when it was shared, the agreements it links, and sharing through the share dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models import agreements, narrative
from models import vault as vault_module
from models.proof import FreshProof
from tests.ui.conftest import (
    NAMES,
    PASSWORDS,
    flush_deletes,
    unlock_solo,
    unlock_together,
    visible_texts,
)
from ui import theme
from ui.main_window import MainWindow
from ui.texts import text
from ui.widgets.fresh_password import FreshPasswordDialog
from ui.workbooks import WorkbookContext
from ui.workbooks.narrative.hints_panel import HINTS_MS
from ui.workbooks.narrative.letter import SECTIONS, LetterPage
from ui.workbooks.narrative.sections import AUTOSAVE_MS

SORRY = "I'm sorry you feel hurt."
SORRY_AGAIN = "I lied to you for months, and I'm sorry you feel that way about it."


def alone(qtbot, window: MainWindow, partner: int = 1) -> WorkbookContext:
    """``partner`` unlocked alone (their journal key held), and a context for a page."""
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[partner])
    return WorkbookContext(window.vault, window.session, window.tasks)


def build(qtbot, page_type, ctx: WorkbookContext, owner: int, size=(900, 600)):
    page = page_type(ctx, owner)
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    return page


def seed(vault_path: Path, plan, work) -> object:
    """Run ``work(keys, proofs)`` on the file with both partners' keys, then close it."""
    vault = vault_module.Vault.open(vault_path)
    try:
        session = vault.start_session(dict(plan.bundles))
        proofs = {p: FreshProof(p, plan.bundles[p]) for p in (1, 2)}
        keys = session.keyring
        for partner in (1, 2):
            keys.hold_journal(partner, plan.bundles[partner].journal_key)
        result = work(keys, proofs)
        session.lock()
    finally:
        vault.close()
    return result


def letter_of(ctx: WorkbookContext, owner: int = 1) -> narrative.Draft | None:
    drafts, damaged = narrative.load_drafts(ctx.session.keyring, owner)
    assert damaged == []
    return narrative.page_of(drafts, "letter")


def type_into(qtbot, page: LetterPage, section: str, words: str) -> None:
    area = page.areas[section]
    area.setFocus()
    qtbot.keyClicks(area, words)


# -- the sections ---------------------------------------------------------------------------


def test_the_sections_come_in_order_each_with_a_line_of_guidance_and_a_name(
        qtbot, window, existing_vault) -> None:
    page = build(qtbot, LetterPage, alone(qtbot, window), 1)
    assert SECTIONS == ("did", "chose", "impact", "not_your_fault", "how", "differently",
                        "who_checks", "not_asking")
    tops = [page.sections[key].mapTo(page, page.sections[key].rect().topLeft()).y()
            for key in SECTIONS]
    assert tops == sorted(tops)  # "how I got there" after the impact, never before
    for key in SECTIONS:
        guide = page.sections[key].guide.text()
        assert guide and "___" not in guide and "[" not in guide  # never fill-in-the-blank
        assert page.areas[key].accessibleName() and page.areas[key].objectName()
    for widget in page.findChildren(type(page.share_button)):
        assert widget.objectName() and widget.accessibleName()


def test_the_letter_saves_after_typing_stops_and_flush_saves_at_once(
        qtbot, window, existing_vault) -> None:
    ctx = alone(qtbot, window)
    page = build(qtbot, LetterPage, ctx, 1)
    heard = []
    ctx.changes.changed.connect(lambda workbook, uuid: heard.append((workbook, uuid)))
    assert letter_of(ctx) is None  # nothing written: no draft
    type_into(qtbot, page, "did", "I met someone from work in secret, three times.")
    qtbot.waitUntil(lambda: letter_of(ctx) is not None, timeout=AUTOSAVE_MS * 5)
    draft = letter_of(ctx)
    assert draft is not None
    assert draft.fields["did"] == "I met someone from work in secret, three times."
    assert heard and heard[-1] == ("narrative", draft.uuid)
    type_into(qtbot, page, "not_asking", "I am not asking you to forgive me.")
    page.flush()
    assert letter_of(ctx).fields["not_asking"] == "I am not asking you to forgive me."
    page.close()
    again = build(qtbot, LetterPage, ctx, 1)
    assert again.areas["did"].toPlainText() == "I met someone from work in secret, three times."


# -- the gentle notes -----------------------------------------------------------------------


def test_typing_sorry_you_shows_a_note_after_the_pause_and_it_selects_its_words(
        qtbot, window, existing_vault) -> None:
    page = build(qtbot, LetterPage, alone(qtbot, window), 1)
    type_into(qtbot, page, "did", SORRY)
    assert page.hints.notes == [] and page.hints.pending()  # nothing while typing
    qtbot.waitUntil(lambda: bool(page.hints.notes), timeout=HINTS_MS * 10)
    note = next(n for n in page.hints.notes if "sorry you" in n.quoted.lower())
    assert note.section == "did" and note.why.text()
    assert "sorry you" in note.where.text().lower()
    assert text("narrative_fields", "letter_did") in note.where.text()
    page.areas["not_asking"].setFocus()
    qtbot.mouseClick(note.show_button, Qt.MouseButton.LeftButton)
    area = page.areas["did"]
    assert area.textCursor().selectedText() == note.quoted
    assert area.hasFocus()
    assert area.toPlainText() == SORRY  # never rewritten
    # No count, no score: no note says how many there are.
    words = " ".join(visible_texts())
    assert "%" not in words and "score" not in words.lower()


def test_not_this_time_sets_aside_only_that_spot_and_it_stays_aside_after_reopening(
        qtbot, window, existing_vault) -> None:
    ctx = alone(qtbot, window)
    page = build(qtbot, LetterPage, ctx, 1)
    type_into(qtbot, page, "did", SORRY + " " + SORRY_AGAIN)
    qtbot.waitUntil(lambda: len([n for n in page.hints.notes
                                 if "sorry you" in n.quoted.lower()]) == 2,
                    timeout=HINTS_MS * 10)
    first, second = [n for n in page.hints.notes if "sorry you" in n.quoted.lower()]
    assert first.hint.spot != second.hint.spot  # the same words in two sentences
    kept_spot, gone_spot = second.hint.spot, first.hint.spot
    qtbot.mouseClick(first.dismiss, Qt.MouseButton.LeftButton)
    flush_deletes()
    spots = [n.hint.spot for n in page.hints.notes]
    assert gone_spot not in spots and kept_spot in spots
    draft = letter_of(ctx)
    assert draft is not None and gone_spot in draft.fields["dismissed"].split("\n")
    assert draft.fields["did"] == SORRY + " " + SORRY_AGAIN  # the words as typed

    page.close()
    again = build(qtbot, LetterPage, ctx, 1)
    spots = [n.hint.spot for n in again.hints.notes]
    assert gone_spot not in spots and kept_spot in spots


def test_no_note_is_ever_saved_into_the_letters_words_or_a_shared_copy(
        qtbot, window, existing_vault) -> None:
    ctx = alone(qtbot, window)
    page = build(qtbot, LetterPage, ctx, 1)
    typed = {"did": SORRY, "chose": "It just happened, but I chose to hide it.",
             "not_asking": "We both need to move on."}
    for key, words in typed.items():
        type_into(qtbot, page, key, words)
    qtbot.waitUntil(lambda: len(page.hints.notes) >= 3, timeout=HINTS_MS * 10)
    notes = [(n.why.text(), n.where.text()) for n in page.hints.notes]
    qtbot.mouseClick(page.hints.notes[0].dismiss, Qt.MouseButton.LeftButton)
    page.flush()
    draft = letter_of(ctx)
    assert draft is not None
    for key in narrative.FIELDS["letter"]:
        if key == "dismissed":
            continue
        assert draft.fields[key] == typed.get(key, "")
    shareable = " ".join(v for k, v in draft.fields.items() if k != "dismissed")
    for why, where in notes:
        assert why not in shareable and where not in shareable


def test_sharing_the_letter_copies_its_words_never_the_notes_set_aside(
        qtbot, window, existing_vault) -> None:
    ctx = alone(qtbot, window)
    page = build(qtbot, LetterPage, ctx, 1)
    type_into(qtbot, page, "did", SORRY)
    qtbot.waitUntil(lambda: bool(page.hints.notes), timeout=HINTS_MS * 10)
    spot = page.hints.notes[0].hint.spot
    why = page.hints.notes[0].why.text()
    qtbot.mouseClick(page.hints.notes[0].dismiss, Qt.MouseButton.LeftButton)
    dialog = page.share()
    assert dialog is not None
    shown = " ".join(label.text() for label in dialog.fields.values())
    assert SORRY in shown and spot not in shown and why not in shown
    dialog.submit()
    fresh = dialog.fresh
    assert isinstance(fresh, FreshPasswordDialog) and fresh.partners == (1,)
    qtbot.keyClicks(fresh.fields[1].edit, PASSWORDS[1])
    fresh.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    qtbot.waitUntil(lambda: bool(narrative.load_shared(ctx.session.keyring, "letter")[0]),
                    timeout=5000)
    pieces, damaged = narrative.load_shared(ctx.session.keyring, "letter")
    assert damaged == [] and len(pieces) == 1
    assert pieces[0].fields["did"] == SORRY and "dismissed" not in pieces[0].fields
    assert all(spot not in v and why not in v for v in pieces[0].fields.values())
    flush_deletes()


def test_the_share_line_says_the_partner_who_was_hurt_chooses_when_to_read(
        qtbot, window, existing_vault) -> None:
    page = build(qtbot, LetterPage, alone(qtbot, window), 1)
    line = text("narrative_letter", "share_line")
    assert "the partner who was hurt chooses when to read" in line.lower()
    assert "session" in line
    assert line in visible_texts()
    empty = page.share()
    assert empty is None and page.message.text() == text("narrative_letter",
                                                         "nothing_to_share")


# -- beside the letter: the impact statement, the agreements ---------------------------------


def test_the_impact_statement_shared_by_the_other_partner_shows_beside_read_only(
        qtbot, window, existing_vault, vault_path) -> None:
    def share_impact(keys, proofs):
        draft = narrative.save_draft(keys, 2, "impact", {
            "feelings": "Numb, then furious.", "not_ready": "Quillwort-7730"})
        narrative.share_piece(keys, proofs[2], draft.uuid)

    seed(vault_path, existing_vault, share_impact)
    page = build(qtbot, LetterPage, alone(qtbot, window), 1)
    assert page.shared_impact.isVisible() and page.shared_impact.isReadOnly()
    shown = page.shared_impact.toPlainText()
    assert "Numb, then furious." in shown
    assert text("narrative_fields", "impact_feelings") in shown
    assert "Quillwort-7730" not in " ".join(visible_texts()) + shown
    assert NAMES[2] in page.shared_impact_line.text()


def test_an_impact_statement_shared_while_the_letter_is_open_appears_beside_it(
        qtbot, window, existing_vault) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    ctx = WorkbookContext(window.vault, window.session, window.tasks)
    keys = ctx.session.keyring
    for partner in (1, 2):  # as each one's "Open my story" does, with their password
        narrative.open_story(keys, partner, FreshProof(partner, existing_vault.bundles[partner]))
    page = build(qtbot, LetterPage, ctx, 1)
    assert not page.shared_impact.isVisible()
    draft = narrative.save_draft(keys, 2, "impact", {"body": "I stopped sleeping."})
    piece = narrative.share_piece(keys, FreshProof(2, existing_vault.bundles[2]), draft.uuid)
    ctx.changes.announce("narrative", piece.uuid)
    assert page.shared_impact.isVisible()
    assert "I stopped sleeping." in page.shared_impact.toPlainText()


def test_no_impact_statement_shared_means_nothing_beside(qtbot, window, existing_vault) -> None:
    page = build(qtbot, LetterPage, alone(qtbot, window), 1)
    assert not page.shared_impact.isVisible()


def test_agreements_are_linked_by_uuid_and_saved_in_the_letter(
        qtbot, window, existing_vault, vault_path) -> None:
    made = seed(vault_path, existing_vault, lambda keys, proofs: [
        agreements.create(keys, 1, title="Phones at dinner", category="phones",
                          wording="Both phones in the hall basket.").uuid,
        agreements.create(keys, 1, title="Late nights", category="transparency",
                          wording="Home by eleven, or a message by ten.").uuid])
    ctx = alone(qtbot, window)
    page = build(qtbot, LetterPage, ctx, 1)
    links = page.links
    for uuid in made:
        links.choice.setCurrentIndex(links.choice.findData(uuid))
        qtbot.mouseClick(links.link, Qt.MouseButton.LeftButton)
    page.flush()
    assert letter_of(ctx).fields["agreements"].split(",") == made
    remove = links.findChild(type(links.link), "letterAgreementRemove_0")
    assert remove is not None and "Phones at dinner" in remove.accessibleName()
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    page.flush()
    assert letter_of(ctx).fields["agreements"] == made[1]


# -- room ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(900, 600), (1400, 900)])
def test_the_letter_scrolls_at_900x600_with_the_largest_text_and_screenshots(
        qtbot, window, existing_vault, size, plain_look_afterwards) -> None:
    theme.apply_theme(QApplication.instance(), "light", "larger")
    ctx = alone(qtbot, window)
    page = build(qtbot, LetterPage, ctx, 1, size)
    type_into(qtbot, page, "did", SORRY + " Mistakes were made, but it just happened.")
    type_into(qtbot, page, "chose", "We both let things slide.")
    qtbot.waitUntil(lambda: len(page.hints.notes) >= 2, timeout=HINTS_MS * 10)
    QApplication.processEvents()
    scroll = page.findChild(type(page._scroll), "letterScroll")
    assert scroll.verticalScrollBar().maximum() > 0  # it scrolls rather than clips
    assert page.share_button.sizeHint().width() <= page.share_button.width()
    for note in page.hints.notes:
        assert note.dismiss.width() >= note.dismiss.sizeHint().width()
    page.grab().save(f"/tmp/n4_letter_hints_{size[0]}x{size[1]}.png")


def test_a_section_grows_with_its_words_and_keeps_the_cursor_in_view(
        qtbot, window, existing_vault) -> None:
    page = build(qtbot, LetterPage, alone(qtbot, window), 1)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    area = page.areas["not_asking"]
    short = area.height()
    type_into(qtbot, page, "not_asking", "I am not asking you for a timeline.")
    for _ in range(8):
        qtbot.keyClick(area, Qt.Key.Key_Return)
        qtbot.keyClicks(area, "Nor for closeness.")
    qtbot.waitUntil(lambda: area.height() > short)  # the page is laid out again

    def in_view() -> bool:
        cursor = area.viewport().mapTo(page._scroll.viewport(), area.cursorRect().center())
        return 0 <= cursor.y() <= page._scroll.viewport().height()

    qtbot.waitUntil(in_view)


def test_clear_lets_every_word_go_and_saves_nothing(qtbot, window, existing_vault) -> None:
    ctx = alone(qtbot, window)
    page = build(qtbot, LetterPage, ctx, 1)
    type_into(qtbot, page, "did", SORRY)
    page.flush()
    type_into(qtbot, page, "did", " Not saved yet.")
    qtbot.waitUntil(lambda: bool(page.hints.notes), timeout=HINTS_MS * 10)
    page.clear()  # as the tab does when the private pages close
    assert all(area.toPlainText() == "" for area in page.areas.values())
    assert page.hints.notes == [] and not page.hints.pending()
    page.flush()
    assert letter_of(ctx).fields["did"] == SORRY  # nothing emptied, nothing more saved
