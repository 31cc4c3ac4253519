"""The Consent check-in tab at one keyboard: private answers open only with their
owner's password typed just now (and close again), the reveal and setting aside are
moments both choose, a step back shows at once, and the export needs both passwords."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QTextBrowser
from shiboken6 import isValid

from models import consent
from models.proof import FreshProof
from models.vault import SetupPlan, Vault
from tests.ui.conftest import (
    NAMES,
    PASSWORDS,
    open_workbook,
    unlock_solo,
    unnamed_controls,
    visible_texts,
)
from ui.texts import text
from ui.widgets.fresh_password import FreshPasswordDialog
from ui.workbooks.agreements.export_dialog import ExportDialog
from ui.workbooks.consent import ConsentTab
from ui.workbooks.consent import answers as consent_answers
from ui.workbooks.consent.answers import AnswerDialog
from ui.workbooks.consent.words import starter_items


def open_tab(qtbot, window, together: bool = False, partner: int = 1) -> ConsentTab:
    return open_workbook(qtbot, window, ConsentTab, together, partner)


def seed(vault_path: Path, plan: SetupPlan, answers: dict[int, list[consent.Answer]],
         reveal: bool = False) -> None:
    """Starter list, answers written through the models, and perhaps a reveal."""
    vault = Vault.open(vault_path)
    try:
        session = vault.start_session(dict(plan.bundles))
        keys = session.keyring
        proofs = {p: FreshProof(p, plan.bundles[p]) for p in (1, 2)}
        consent.add_starter_items(keys, starter_items())
        for partner, values in answers.items():
            for item, value in zip(consent.items(keys), values, strict=False):
                consent.answer(keys, partner, item.uuid, value, proof=proofs[partner])
        if reveal:
            consent.reveal(keys, proofs.values())
        session.lock()
    finally:
        vault.close()


def prove(qtbot, window, dialog: FreshPasswordDialog, passwords: dict[int, str]) -> None:
    """Type each named partner's password into the fresh-password dialog and wait."""
    assert set(dialog.fields) == set(passwords)
    for partner, password in passwords.items():
        qtbot.keyClicks(dialog.fields[partner].edit, password)
    dialog.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)


def _pick(dialog: AnswerDialog, row: int, answer: str) -> None:
    """Choose the row's item, then click its answer in the editor below the table."""
    dialog.show_item(dialog.items[row].uuid)
    assert dialog.editor.uuid == dialog.items[row].uuid
    dialog.editor.buttons[answer].click()


def _note(dialog: AnswerDialog, row: int) -> QLineEdit:
    """The private note field, showing the row's item."""
    dialog.show_item(dialog.items[row].uuid)
    return dialog.editor.note


def _answer_solo(tab: ConsentTab, choose) -> AnswerDialog:
    tab.answer_button.click()
    dialog = tab.answer_dialog
    assert isinstance(dialog, AnswerDialog) and dialog.isVisible()
    for row in range(len(dialog.items)):
        _pick(dialog, row, choose(row))
    return dialog


def _open_together(qtbot, window, tab: ConsentTab, owner: int) -> AnswerDialog:
    tab.who.setCurrentIndex(tab.who.findData(owner))
    tab.answer_button.click()
    assert tab.answer_dialog is None, "nothing opens before the password"
    prove(qtbot, window, tab.fresh, {owner: PASSWORDS[owner]})
    dialog = tab.answer_dialog
    assert isinstance(dialog, AnswerDialog) and dialog.owner == owner
    return dialog


def listed(tab: ConsentTab) -> list[str]:
    """The rows the item list shows, as its model gives them to the view."""
    model = tab.item_list.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def choose_row(tab: ConsentTab, row: int) -> None:
    tab.item_list.setCurrentIndex(tab.item_list.model().index(row, 0))  # as a click does


def groups(tab: ConsentTab) -> dict[str, str]:
    """The comparison's text split into its three groups."""
    shown = tab.comparison.toPlainText()
    yes, talk, respected = (text("consent_checkin", k)
                            for k in ("group_yes", "group_talk", "group_respected"))
    assert shown.index(yes) < shown.index(talk) < shown.index(respected)
    return {"yes": shown[shown.index(yes):shown.index(talk)],
            "talk": shown[shown.index(talk):shown.index(respected)],
            "respected": shown[shown.index(respected):]}


def test_starter_list_once_and_controls_named(qtbot, window, existing_vault) -> None:
    tab = open_tab(qtbot, window)
    labels = [item.label for item in tab.items]
    assert labels == starter_items()
    assert unnamed_controls(tab) == []
    tab.answer_button.click()
    assert unnamed_controls(tab.answer_dialog) == []
    tab.answer_dialog.reject()
    choose_row(tab, 0)
    tab.archive_button.click()
    assert unnamed_controls(tab.fresh) == []
    tab.fresh.reject()
    tab = open_tab(qtbot, window, partner=2)
    assert [item.label for item in tab.items] == labels, "the starter list is added once"


def test_adding_takes_one_and_setting_aside_takes_both_passwords(qtbot, window,
                                                                  existing_vault) -> None:
    tab = open_tab(qtbot, window)  # alone: adding is never loosening
    count = len(listed(tab))
    qtbot.keyClicks(tab.new_item, "Dancing in the kitchen")
    tab.add_button.click()
    assert len(listed(tab)) == count + 1
    assert listed(tab)[count] == "Dancing in the kitchen"
    assert tab.new_item.text() == ""
    choose_row(tab, 0)
    first = tab.items[0].label
    tab.archive_button.click()
    asking = tab.fresh
    assert isinstance(asking, FreshPasswordDialog) and asking.partners == (1, 2)
    assert first in asking.findChild(type(tab.reveal_note), "freshPasswordIntro").text()
    asking.reject()
    assert first in [item.label for item in tab.items], "Not now changes nothing"
    # One partner typing both passwords they don't hold gets nowhere.
    choose_row(tab, 0)
    tab.archive_button.click()
    prove(qtbot, window, tab.fresh, {1: PASSWORDS[1], 2: PASSWORDS[1]})
    assert tab.fresh is not None and "isn't Ottoline's password" in tab.fresh.message.text()
    tab.fresh.reject()
    assert first in [item.label for item in tab.items]
    choose_row(tab, 0)
    tab.archive_button.click()
    prove(qtbot, window, tab.fresh, PASSWORDS)
    assert first not in [item.label for item in tab.items]
    assert first not in listed(tab) and len(listed(tab)) == count


def test_together_answers_open_only_with_the_named_partners_password(
        qtbot, window, existing_vault, vault_path) -> None:
    seed(vault_path, existing_vault, {1: ["yes"]})
    tab = open_tab(qtbot, window, together=True)
    keys = window.session.keyring
    assert tab.who.isVisible()
    assert f"{NAMES[2]}, please look away while {NAMES[1]} answers" in tab.answer_note.text()
    # Finding 1 of #5: choosing "Who is answering: Wrenfield" opens nothing by itself.
    tab.who.setCurrentIndex(tab.who.findData(1))
    tab.answer_button.click()
    asking = tab.fresh
    assert isinstance(asking, FreshPasswordDialog) and asking.partners == (1,)
    assert f"{NAMES[1]}'s password" in asking.fields[1].edit.accessibleName()
    assert NAMES[1] in asking.findChild(type(tab.reveal_note), "freshPasswordIntro").text()
    # The other partner's password does not open them.
    prove(qtbot, window, asking, {1: PASSWORDS[2]})
    assert tab.answer_dialog is None and not keys.holds_journal(1)
    assert "isn't Wrenfield's password" in asking.message.text()
    asking.reject()

    dialog = _open_together(qtbot, window, tab, 1)
    assert dialog.chosen(dialog.items[0].uuid) == "yes", "their own saved answer"
    assert keys.holds_journal(1) and not keys.holds_journal(2), "only the owner's key, now"
    _pick(dialog, 1, "not_now")
    dialog.reject()
    assert not keys.holds_journal(1), "closing lets the key go"
    assert tab.answer_dialog is None

    other = _open_together(qtbot, window, tab, 2)
    assert all(other.chosen(item.uuid) is None for item in other.items), \
        "the other partner's answers never show"
    assert other.editor.chosen() is None and other.editor.note.text() == ""
    assert keys.holds_journal(2) and not keys.holds_journal(1)
    other.reject()
    assert not keys.holds_journal(2)


def test_alone_own_answers_open_directly_with_no_counts(qtbot, window, existing_vault) -> None:
    tab = open_tab(qtbot, window, partner=1)
    assert not tab.who.isVisible()
    assert not tab.reveal_button.isEnabled()
    assert "both of you here" in tab.reveal_note.text()
    first = {0: "yes", 1: "maybe", 2: "no", 3: "yes"}
    dialog = _answer_solo(tab, lambda row: first.get(row, "not_now"))
    assert tab.fresh is None, "alone, the partner who unlocked needs no second password"
    note = _note(dialog, 1)
    qtbot.keyClicks(note, "Juniper-5520 only on weekends")
    dialog.reject()
    assert not isValid(dialog) or not dialog.isVisible()
    assert window.session.keyring.holds_journal(1), "a solo session keeps its own key"
    mine = consent.my_answers(window.session.keyring, 1)
    assert mine[tab.items[1].uuid].note == "Juniper-5520 only on weekends", "saved on closing"
    assert not any(re.search(r"\b\d+ of \d+\b", words) for words in visible_texts()), \
        "no progress counts on consent answers"


def test_reveal_is_a_moment_both_choose(qtbot, window, existing_vault, vault_path) -> None:
    count = len(starter_items())
    seed(vault_path, existing_vault, {1: ["yes", "maybe", "no", "yes"] + ["not_now"] * 6,
                                      2: ["yes", "yes", "yes"]})
    tab = open_tab(qtbot, window, together=True)
    assert tab.reveal_button.isEnabled()
    tab.reveal_button.click()
    asking = tab.fresh
    assert isinstance(asking, FreshPasswordDialog) and asking.partners == (1, 2)
    assert "ready" in asking.findChild(type(tab.reveal_note), "freshPasswordIntro").text()
    asking.reject()
    assert consent.latest_reveal(window.session.keyring) is None, "Not now reveals nothing"

    tab.reveal_button.click()
    prove(qtbot, window, tab.fresh, PASSWORDS)
    said = tab.message.text()
    assert said == text("consent_checkin", "reveal_not_ready")
    assert NAMES[1] not in said and NAMES[2] not in said, "not by whom"
    assert consent.latest_reveal(window.session.keyring) is None

    dialog = _open_together(qtbot, window, tab, 2)
    for row in range(3, count):
        _pick(dialog, row, "maybe" if row == 3 else "yes")
    dialog.reject()
    tab.reveal_button.click()
    prove(qtbot, window, tab.fresh, PASSWORDS)
    keys = window.session.keyring
    assert not keys.holds_journal(1) and not keys.holds_journal(2)
    part = groups(tab)
    labels = [item.label for item in tab.items]
    assert labels[0] in part["yes"]
    assert text("consent_checkin", "group_yes_line") in part["yes"]
    assert labels[1] in part["talk"] and labels[3] in part["talk"]
    assert labels[2] in part["respected"] and labels[4] in part["respected"]
    assert "since" in part["respected"]
    shown = tab.comparison.toPlainText()
    assert NAMES[1] not in shown and NAMES[2] not in shown

    window.lock()
    left = visible_texts() + [w.toPlainText() for w in QApplication.allWidgets()
                              if isinstance(w, QTextBrowser)]
    assert not any(labels[1] in words for words in left)


def test_stepping_back_after_a_reveal_shows_at_once_and_says_what_the_other_sees(
        qtbot, window, existing_vault, vault_path) -> None:
    count = len(starter_items())
    seed(vault_path, existing_vault, {1: ["yes"] * count, 2: ["yes"] * (count - 1) + ["no"]},
         reveal=True)
    tab = open_tab(qtbot, window, together=True)
    first, last = tab.items[0].label, tab.items[-1].label
    assert first in groups(tab)["yes"]
    dialog = _open_together(qtbot, window, tab, 1)
    _pick(dialog, 0, "not_now")
    # While the private answers are still open, the shared page has already moved.
    assert first not in groups(tab)["yes"] and first in groups(tab)["respected"]
    said = dialog.message.text()
    assert NAMES[2] in said and first in said
    assert text("consent_checkin", "group_respected") in said
    _pick(dialog, 0, "yes")
    assert first in groups(tab)["respected"], "a move back toward yes waits for a reveal"
    assert "until you next reveal together" in dialog.message.text()
    _pick(dialog, count - 1, "maybe")  # already honoured as not now: nothing to move
    assert dialog.message.text() == text("consent_answers", "waits", label=last)
    assert last in groups(tab)["respected"]
    dialog.reject()
    assert first in groups(tab)["respected"]


def test_private_answers_close_after_a_quiet_while(qtbot, window, existing_vault,
                                                   monkeypatch) -> None:
    monkeypatch.setattr(consent_answers, "PRIVATE_IDLE_MS", 400)
    tab = open_tab(qtbot, window, together=True)
    keys = window.session.keyring
    dialog = _open_together(qtbot, window, tab, 2)
    _pick(dialog, 0, "maybe")
    qtbot.keyClicks(_note(dialog, 0), "after we talk")
    assert keys.holds_journal(2)
    qtbot.waitUntil(lambda: tab.answer_dialog is None, timeout=5000)
    assert not keys.holds_journal(2)
    assert NAMES[2] in tab.message.text() and "quiet" in tab.message.text()
    item = tab.items[0].uuid
    window.lock()
    unlock_solo(qtbot, window, PASSWORDS[2])
    saved = consent.my_answers(window.session.keyring, 2)[item]
    assert (saved.answer, saved.note) == ("maybe", "after we talk"), "saved before closing"


def test_lock_saves_and_forgets_the_held_key(qtbot, window, existing_vault) -> None:
    tab = open_tab(qtbot, window, together=True)
    keys = window.session.keyring
    dialog = _open_together(qtbot, window, tab, 2)
    _pick(dialog, 0, "maybe")
    field = _note(dialog, 0)
    assert isinstance(field, QLineEdit)
    qtbot.keyClicks(field, "after we talk")
    item = dialog.items[0].uuid
    window.lock()
    assert not keys.holds_journal(2)
    unlock_solo(qtbot, window, PASSWORDS[2])
    saved = consent.my_answers(window.session.keyring, 2)[item]
    assert (saved.answer, saved.note) == ("maybe", "after we talk")


def test_export_includes_the_comparison_only_with_both_passwords(
        qtbot, window, existing_vault, vault_path, tmp_path) -> None:
    count = len(starter_items())
    seed(vault_path, existing_vault, {1: ["yes"] * count, 2: ["yes"] * count}, reveal=True)
    tab = open_tab(qtbot, window, together=True)
    dialog = ExportDialog(tab.ctx, tab)
    qtbot.addWidget(dialog)
    assert unnamed_controls(dialog) == []
    ticks = [box.objectName() for box in dialog.findChildren(QCheckBox)]
    assert not [name for name in ticks if "Agree" in name], \
        "no tick box either partner could tick for the other"
    dialog.consent.setChecked(True)
    target = tmp_path / "out.pdf"
    dialog.target.setText(str(target))
    assert dialog.submit_button.isEnabled()
    dialog.submit_button.click()
    asking = dialog.fresh
    assert isinstance(asking, FreshPasswordDialog) and asking.partners == (1, 2)
    asking.reject()
    assert not target.exists(), "Not now: nothing is saved"
    dialog.submit_button.click()
    prove(qtbot, window, dialog.fresh, {1: PASSWORDS[1], 2: PASSWORDS[1]})
    assert not target.exists()
    dialog.fresh.reject()
    dialog.submit_button.click()
    prove(qtbot, window, dialog.fresh, PASSWORDS)
    qtbot.waitUntil(lambda: target.exists() and not window.tasks.busy, timeout=30000)
    words = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert tab.items[0].label in words
    assert "Both open to" in words
    # The next export asks again: one approval is for one PDF.
    again = tmp_path / "again.pdf"
    dialog.target.setText(str(again))
    dialog.submit_button.click()
    assert isinstance(dialog.fresh, FreshPasswordDialog) and dialog.fresh.isVisible()
    dialog.fresh.reject()
    assert not again.exists()
