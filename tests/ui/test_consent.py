"""The Consent check-in tab: the starter list, private answers in solo sessions, the
reveal only together, and nothing left on screen after locking."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLineEdit, QTextBrowser
from shiboken6 import isValid

from models import consent
from tests.ui.conftest import (
    NAMES,
    PASSWORDS,
    open_workbook,
    unlock_solo,
    unnamed_controls,
    visible_texts,
)
from tests.ui.test_agreements import seed
from ui.workbooks.agreement_words import starter_items
from ui.workbooks.consent import ConsentTab
from ui.workbooks.consent_answers import AnswerDialog


def open_tab(qtbot, window, together: bool = False, partner: int = 1) -> ConsentTab:
    return open_workbook(qtbot, window, ConsentTab, together, partner)


def test_starter_list_once_and_controls_named(qtbot, window, existing_vault) -> None:
    tab = open_tab(qtbot, window)
    labels = [item.label for item in tab.items]
    assert labels == starter_items()
    assert unnamed_controls(tab) == []
    tab.answer_button.click()
    assert unnamed_controls(tab.answer_dialog) == []
    tab.answer_dialog.reject()
    tab.item_list.setCurrentRow(0)
    tab.archive_button.click()
    tab.dialog.reject()
    tab = open_tab(qtbot, window, partner=2)
    assert [item.label for item in tab.items] == labels, "the starter list is added once"


def test_add_and_set_aside_items(qtbot, window, existing_vault) -> None:
    tab = open_tab(qtbot, window)
    count = tab.item_list.count()
    qtbot.keyClicks(tab.new_item, "Dancing in the kitchen")
    tab.add_button.click()
    assert tab.item_list.count() == count + 1
    assert tab.item_list.item(count).text() == "Dancing in the kitchen"
    assert tab.new_item.text() == ""
    tab.item_list.setCurrentRow(0)
    first = tab.items[0].label
    tab.archive_button.click()
    assert first in tab.dialog.findChild(type(tab.reveal_note), "consent_archiveIntro").text()
    tab.dialog.buttons.accepted.emit()
    assert first not in [item.label for item in tab.items]
    assert tab.item_list.count() == count


def _pick(dialog: AnswerDialog, row: int, answer: str) -> None:
    for button in dialog.choices[dialog.items[row].uuid].buttons():
        if button.property("answer") == answer:
            button.click()
            return
    raise AssertionError(answer)


def _answer(tab: ConsentTab, choose) -> AnswerDialog:
    tab.answer_button.click()
    dialog = tab.answer_dialog
    assert isinstance(dialog, AnswerDialog) and dialog.isVisible()
    for row in range(len(dialog.items)):
        _pick(dialog, row, choose(row))
    return dialog


def test_answer_privately_apart_then_reveal_together(qtbot, window, existing_vault) -> None:
    tab = open_tab(qtbot, window, partner=1)
    assert not tab.reveal_button.isEnabled()
    assert "both of you here" in tab.reveal_note.text()
    assert "0 of 10" in tab.answer_note.text()
    assert not tab.who.isVisible()
    first = {0: "yes", 1: "maybe", 2: "no", 3: "yes"}
    dialog = _answer(tab, lambda row: first.get(row, "not_now"))
    note = dialog.notes[dialog.items[1].uuid]
    qtbot.keyClicks(note, "Juniper-5520 only on weekends")
    dialog.reject()
    assert not isValid(dialog) or not dialog.isVisible()
    assert "10 of 10" in tab.answer_note.text()
    mine = consent.my_answers(window.session.keyring, 1)
    assert mine[tab.items[1].uuid].note == "Juniper-5520 only on weekends", "saved on closing"

    tab = open_tab(qtbot, window, partner=2)
    assert "0 of 10" in tab.answer_note.text()
    tab.answer_button.click()
    blank = tab.answer_dialog
    assert all(group.checkedButton() is None for group in blank.choices.values()), \
        "the other partner's answers never show"
    assert all(field.text() == "" for field in blank.notes.values())
    blank.reject()
    second = {0: "yes", 1: "yes", 2: "yes", 3: "maybe"}
    _answer(tab, lambda row: second.get(row, "yes")).reject()
    assert not tab.reveal_button.isEnabled()

    tab = open_tab(qtbot, window, together=True)
    assert tab.who.isVisible()
    assert f"{NAMES[2]}, please look away while {NAMES[1]} answers" in tab.answer_note.text()
    assert tab.reveal_button.isEnabled()
    assert "both answered everything" in tab.reveal_note.text()
    tab.reveal_button.click()
    shown = tab.comparison.toPlainText()
    labels = [item.label for item in tab.items]
    assert "A shared yes" in shown and "Maybes to talk about" in shown
    assert "respected as it is — no explanation needed" in shown
    yes_part, rest = shown.split("Maybes to talk about")
    talk_part, respected_part = rest.split("Respected as it is")
    assert labels[0] in yes_part
    assert labels[1] in talk_part and labels[3] in talk_part
    assert labels[2] in respected_part and labels[4] in respected_part
    assert "Juniper-5520" not in shown and NAMES[1] not in shown and NAMES[2] not in shown
    assert "since" in respected_part

    window.lock()
    left = visible_texts() + [w.toPlainText() for w in QApplication.allWidgets()
                              if isinstance(w, QTextBrowser)]
    assert not any(labels[1] in words or "Juniper" in words for words in left)


def test_reveal_waits_for_both_answers_when_together(qtbot, window, existing_vault,
                                                     vault_path) -> None:
    def build(keys, bundles):
        consent.add_starter_items(keys, starter_items())
        for item in consent.items(keys):
            consent.answer(keys, 1, item.uuid, "yes")

    seed(vault_path, existing_vault, build)
    tab = open_tab(qtbot, window, together=True)
    assert not tab.reveal_button.isEnabled()
    assert "answers every item privately first" in tab.reveal_note.text()
    tab.who.setCurrentIndex(tab.who.findData(2))
    dialog = _answer(tab, lambda row: "maybe" if row else "yes")
    assert dialog.owner == 2
    dialog.reject()
    assert tab.reveal_button.isEnabled()
    tab.reveal_button.click()
    comparison = consent.latest_reveal(window.session.keyring)
    assert comparison is not None
    assert [e.outcome for e in comparison.items].count("yes") == 1


def test_private_note_saved_when_locking(qtbot, window, existing_vault) -> None:
    tab = open_tab(qtbot, window, partner=2)
    tab.answer_button.click()
    dialog = tab.answer_dialog
    _pick(dialog, 0, "maybe")
    field = dialog.notes[dialog.items[0].uuid]
    assert isinstance(field, QLineEdit)
    qtbot.keyClicks(field, "after we talk")
    item = dialog.items[0].uuid
    window.lock()
    unlock_solo(qtbot, window, PASSWORDS[2])
    saved = consent.my_answers(window.session.keyring, 2)[item]
    assert (saved.answer, saved.note) == ("maybe", "after we talk")
