"""The Agreements tab: typing with autosave, proposing, confirming with passwords,
withdrawing, reviewing, search and filters, history, locking, and the therapy export."""

from __future__ import annotations

import datetime as dt
import importlib.util
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QPushButton, QTextBrowser
from shiboken6 import isValid

from models import agreements, consent
from models.agreements import Agreement, AgreementView
from models.proof import FreshProof
from models.session import Keyring
from models.vault import SetupPlan, Vault
from tests.ui.conftest import (
    NAMES,
    PASSWORDS,
    open_workbook,
    unlock_solo,
    unlock_together,
    unnamed_controls,
    visible_texts,
)
from ui.widgets.fresh_password import FreshPasswordDialog
from ui.workbooks.agreements import AgreementsTab
from ui.workbooks.agreements.dialogs import ConfirmDialog, NoteDialog
from ui.workbooks.agreements.history import HistoryDialog, word_diff
from ui.workbooks.agreements.list import MARK
from ui.workbooks.agreements.review import RatingDialog, ReviewDialog

PHONES = {
    "title": "Phones at dinner",
    "category": "phones",
    "wording": "We leave both phones in the hall basket until the dishes are done.",
    "in_practice": "Weeknights at about seven; an expected urgent call is mentioned first.",
    "not_ok": "Checking messages under the table.",
}
DRINKS = {
    "title": "Telling each other about work drinks",
    "category": "contact_others",
    "wording": "Whoever is invited to after-work drinks mentions it the same day.",
}
WALKS = {
    "title": "Sunday walk",
    "category": "communication",
    "wording": "A walk on Sunday morning to talk about how the week felt.",
}


# -- helpers ---------------------------------------------------------------------------


def seed(vault_path: Path, plan: SetupPlan,
         build: Callable[[Keyring, dict[int, FreshProof]], Any]) -> Any:
    """Write straight through the models before the window opens the vault; ``build``
    gets each partner's fresh proof, as if both had just typed their passwords."""
    vault = Vault.open(vault_path)
    try:
        session = vault.start_session(dict(plan.bundles))
        result = build(session.keyring, {p: FreshProof(p, plan.bundles[p]) for p in (1, 2)})
        session.lock()
    finally:
        vault.close()
    return result


def agreed(keys: Keyring, bundles: dict[int, FreshProof], **words: str) -> AgreementView:
    view = agreements.create(keys, 1, **words)
    agreements.propose(keys, view.uuid, 1)
    agreements.confirm(keys, view.uuid, 1, bundles[1])
    return agreements.confirm(keys, view.uuid, 2, bundles[2])


def review_became_due(keys: Keyring, uuid: str, on: dt.date) -> None:
    """Time passing, as the facts would tell it: the next review is now ``on``."""
    from models.agreements import facts as agreement_facts
    from models.db import writing

    days = Agreement.get(Agreement.uuid == uuid).cadence_days
    with writing():
        agreement_facts.record(keys, uuid, "cadence", days=days, next_review_on=on.isoformat())
        Agreement.update(next_review_on=on).where(Agreement.uuid == uuid).execute()


def open_tab(qtbot, window, together: bool = True, partner: int = 1) -> AgreementsTab:
    return open_workbook(qtbot, window, AgreementsTab, together, partner)


def listed(tab: AgreementsTab) -> list[str]:
    """The titles the list shows, in order, as its model gives them to the view."""
    model = tab.list.model()
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def select(tab: AgreementsTab, title: str) -> AgreementView:
    for row, shown in enumerate(listed(tab)):
        if shown == title:
            tab.list.setCurrentIndex(tab.list.model().index(row, 0))  # as a click does
            assert tab.editor.view is not None
            return tab.editor.view
    raise AssertionError(f"{title!r} is not in the list")


def stored(window, uuid: str) -> AgreementView:
    return agreements.view(window.session.keyring, agreements.get(uuid))


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def gone(dialog) -> bool:
    return not isValid(dialog) or not dialog.isVisible()


def type_at_end(qtbot, area: QPlainTextEdit, words: str) -> None:
    area.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(area, words)


def submit(qtbot, dialog) -> None:
    click(qtbot, dialog.findChild(type(dialog.buttons.buttons()[0]),
                                  dialog.objectName().replace("Dialog", "Submit")))


# -- tests -----------------------------------------------------------------------------


def test_controls_are_named(qtbot, window, existing_vault, vault_path) -> None:
    seed(vault_path, existing_vault, lambda keys, bundles: agreed(keys, bundles, **PHONES))
    tab = open_tab(qtbot, window)
    assert unnamed_controls(tab) == []
    view = select(tab, PHONES["title"])
    for dialog in (ConfirmDialog(tab.ctx, view, tab), ReviewDialog(tab.ctx, view, tab),
                   HistoryDialog(tab.ctx, view.uuid, tab),
                   NoteDialog("agreements_withdraw", tab, who=NAMES)):
        qtbot.addWidget(dialog)
        assert unnamed_controls(dialog) == [], dialog.objectName()
    tab.export()
    assert unnamed_controls(tab.dialog) == []


def test_write_propose_and_confirm_with_each_password(qtbot, window, existing_vault) -> None:
    tab = open_tab(qtbot, window)
    tab.list.setFocus()
    qtbot.keyClick(tab.list, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor = tab.editor
    assert editor.view is not None and editor.view.status == "draft"
    assert editor.title.hasFocus()
    qtbot.keyClicks(editor.title, PHONES["title"])
    qtbot.keyClicks(editor.areas["wording"], PHONES["wording"])
    qtbot.waitUntil(lambda: editor.saved_note.text() == "Saved.", timeout=3000)
    uuid = editor.view.uuid
    assert stored(window, uuid).current.text["wording"] == PHONES["wording"]
    assert tab.list.current_data() == PHONES["title"]

    assert not tab.buttons["confirm"].isVisible()
    click(qtbot, tab.buttons["propose"])
    assert stored(window, uuid).status == "proposed"
    assert "confirm it with your own password" in editor.message.text()

    click(qtbot, tab.buttons["confirm"])
    dialog = tab.dialog
    assert isinstance(dialog, ConfirmDialog)
    dialog.who.setCurrentIndex(dialog.who.findData(2))
    qtbot.keyClicks(dialog.password.edit, PASSWORDS[1])  # someone else's password
    qtbot.keyClick(dialog.password.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    assert dialog.isVisible()
    assert f"isn't {NAMES[2]}'s password" in dialog.message.text()
    assert dialog.password.value() == ""
    assert stored(window, uuid).confirmations == {}
    qtbot.keyClicks(dialog.password.edit, PASSWORDS[2])
    submit(qtbot, dialog)
    qtbot.waitUntil(lambda: gone(dialog), timeout=10000)
    assert set(stored(window, uuid).confirmations) == {2}
    assert f"{NAMES[2]} confirmed." in editor.message.text()
    assert f"{NAMES[2]} has confirmed this version" in editor.status_line.text()

    click(qtbot, tab.buttons["confirm"])
    second = tab.dialog
    assert second is not dialog
    assert [second.who.itemData(i) for i in range(second.who.count())] == [1]
    qtbot.keyClicks(second.password.edit, PASSWORDS[1])
    submit(qtbot, second)
    qtbot.waitUntil(lambda: gone(second), timeout=10000)
    assert stored(window, uuid).status == "agreed"
    assert "You've both confirmed" in editor.message.text()
    assert tab.buttons["review"].isVisible() and not tab.buttons["propose"].isVisible()


def test_proposing_without_words_points_at_them(qtbot, window, existing_vault) -> None:
    tab = open_tab(qtbot, window, together=False)
    tab.new_agreement()
    click(qtbot, tab.buttons["propose"])
    assert tab.editor.view is not None and tab.editor.view.status == "draft"
    assert "Nothing you wrote is lost" in tab.editor.message.text()
    assert "needed before proposing" in tab.editor.labels["title"].text()
    assert "needed before proposing" in tab.editor.labels["wording"].text()
    assert tab.editor.title.hasFocus()
    qtbot.keyClicks(tab.editor.title, "Sunday walk")
    assert "needed" not in tab.editor.labels["title"].text()


def test_withdraw_consent_pauses_for_a_conversation(qtbot, window, existing_vault,
                                                    vault_path) -> None:
    seed(vault_path, existing_vault, lambda keys, bundles: agreed(keys, bundles, **PHONES))
    tab = open_tab(qtbot, window, together=False, partner=2)
    view = select(tab, PHONES["title"])
    click(qtbot, tab.buttons["withdraw"])
    dialog = tab.dialog
    assert isinstance(dialog, NoteDialog)
    assert "always okay" in dialog.findChild(type(tab.editor.status_line),
                                             "agreements_withdrawIntro").text()
    qtbot.keyClicks(dialog.note, "I'd like to talk about weekends.")
    submit(qtbot, dialog)
    fresh = stored(window, view.uuid)
    assert fresh.status == "paused" and fresh.needs_discussion
    assert tab.list.current_data(MARK) == "Needs a conversation"
    assert "Pausing is always okay" in tab.editor.status_line.text()
    assert tab.buttons["propose"].text() == "Propose again"
    events = agreements.events(window.session.keyring, view.uuid)
    assert (events[-1].kind, events[-1].partner) == ("withdrawn", 2)
    assert events[-1].note == "I'd like to talk about weekends."


def fresh_dialog(tab) -> FreshPasswordDialog:
    dialogs = [d for d in tab.findChildren(FreshPasswordDialog) if d.isVisible()]
    assert len(dialogs) == 1, dialogs
    return dialogs[0]


def type_passwords(qtbot, window, dialog: FreshPasswordDialog,
                   passwords: dict[int, str]) -> None:
    for partner, typed in passwords.items():
        qtbot.keyClicks(dialog.fields[partner].edit, typed)
    click(qtbot, dialog.buttons.buttons()[0] if dialog.buttons.buttons()[0].objectName()
          == "freshPasswordSubmit" else dialog.findChild(QPushButton, "freshPasswordSubmit"))
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)


def test_record_a_review_together_with_private_ratings(qtbot, window, existing_vault,
                                                       vault_path) -> None:
    seed(vault_path, existing_vault, lambda keys, bundles: agreed(keys, bundles, **PHONES))
    tab = open_tab(qtbot, window)
    view = select(tab, PHONES["title"])
    assert tab.buttons["review"].text() == "Start review"
    click(qtbot, tab.buttons["review"])
    assert stored(window, view.uuid).status == "under_review"
    dialog = tab.dialog
    assert isinstance(dialog, ReviewDialog)
    assert not dialog.alone_button.isVisible(), "together, a review is never 'alone'"
    # Partner 1 rates privately: only after their own password.
    click(qtbot, dialog.rate_buttons[1])
    ask = fresh_dialog(dialog)
    assert list(ask.fields) == [1]
    type_passwords(qtbot, window, ask, {1: PASSWORDS[2]})  # the other one's password
    assert ask.isVisible() and "isn't Wrenfield's password" in ask.message.text()
    assert not [d for d in dialog.findChildren(RatingDialog) if d.isVisible()]
    type_passwords(qtbot, window, ask, {1: PASSWORDS[1]})
    rating = next(d for d in dialog.findChildren(RatingDialog) if d.isVisible())
    rating.combos["works"].setCurrentIndex(rating.combos["works"].findData(4))
    rating.combos["follow"].setCurrentIndex(rating.combos["follow"].findData(5))
    submit(qtbot, rating)
    assert not window.session.keyring.holds_journal(1), "the private key is not kept"
    qtbot.keyClicks(dialog.helps, "The basket by the door.")
    qtbot.keyClicks(dialog.hard, "Work calls on Thursdays.")
    submit(qtbot, dialog)
    assert "what you decide" in dialog.message.text()
    dialog.findChild(type(dialog.decision.buttons()[0]), "reviewDecision_keep").click()
    submit(qtbot, dialog)
    ask = fresh_dialog(dialog)
    assert sorted(ask.fields) == [1, 2]
    type_passwords(qtbot, window, ask, {1: PASSWORDS[1], 2: PASSWORDS[2]})
    qtbot.waitUntil(lambda: gone(dialog), timeout=5000)
    [review] = agreements.reviews(window.session.keyring, view.uuid)
    assert review.together is True
    assert review.ratings == {1: 4, 2: None} and review.follow_through == {1: 5, 2: None}
    assert (review.helps, review.hard, review.decision) == (
        "The basket by the door.", "Work calls on Thursdays.", "keep")
    fresh = stored(window, view.uuid)
    assert fresh.status == "agreed"
    assert fresh.next_review_on == dt.date.today() + dt.timedelta(days=fresh.cadence_days)
    assert "review is saved" in tab.editor.message.text()


def test_a_review_alone_is_kept_as_alone_and_decides_nothing(qtbot, window, existing_vault,
                                                             vault_path) -> None:
    seed(vault_path, existing_vault, lambda keys, bundles: agreed(keys, bundles, **PHONES))
    tab = open_tab(qtbot, window, together=False, partner=2)
    view = select(tab, PHONES["title"])
    click(qtbot, tab.buttons["review"])
    dialog = tab.dialog
    click(qtbot, dialog.rate_buttons[2])  # their own session: no password asked again
    rating = next(d for d in dialog.findChildren(RatingDialog) if d.isVisible())
    submit(qtbot, rating)  # "rather not rate" is an answer
    qtbot.keyClicks(dialog.helps, "Dinner felt calmer this week.")
    click(qtbot, dialog.alone_button)
    assert gone(dialog)
    [review] = agreements.reviews(window.session.keyring, view.uuid)
    assert review.together is False and review.by_partner == 2 and review.decision == ""
    assert stored(window, view.uuid).status == "under_review"
    assert "done alone" in tab.editor.message.text()


def test_typing_never_unagrees_and_a_change_is_proposed_beside(qtbot, window, existing_vault,
                                                               vault_path) -> None:
    seed(vault_path, existing_vault, lambda keys, bundles: agreed(keys, bundles, **PHONES))
    tab = open_tab(qtbot, window, together=False, partner=2)
    view = select(tab, PHONES["title"])
    before = stored(window, view.uuid)
    wording = tab.editor.areas["wording"]
    assert wording.isReadOnly() and tab.editor.title.isReadOnly()
    type_at_end(qtbot, wording, " Weekends too.")
    tab.flush()
    after = stored(window, view.uuid)
    assert after.status == "agreed" and after.current.text == before.current.text
    assert after.confirmations == before.confirmations
    assert after.next_review_on == before.next_review_on
    assert "Propose a change" in tab.editor.edit_hint.text()

    click(qtbot, tab.buttons["change"])
    assert not wording.isReadOnly()
    assert tab.editor.in_force.isVisible() and PHONES["wording"] in tab.editor.in_force.text()
    type_at_end(qtbot, wording, " Weekends too.")
    tab.flush()
    proposal = stored(window, view.uuid)
    assert proposal.status == "agreed" and proposal.pending_change
    assert proposal.in_force is not None
    assert proposal.in_force.text["wording"] == PHONES["wording"]
    assert {"confirm", "discard"} <= {s for s, b in tab.buttons.items() if b.isVisible()}
    # The agreed words stand: who is still to confirm is said of the change, not of them.
    status = tab.editor.status_line.text()
    assert "proposed change is waiting for" in status and "Waiting for" not in status
    # Undo the typing: the proposal reads as the agreed words, so there is nothing to confirm.
    wording.selectAll()
    qtbot.keyClicks(wording, PHONES["wording"])
    tab.flush()
    assert len(agreements.revisions(window.session.keyring, view.uuid)) == 1
    click(qtbot, tab.buttons["discard"])
    back = stored(window, view.uuid)
    assert back.status == "agreed" and not back.pending_change
    assert back.current.text == before.current.text and set(back.confirmations) == {1, 2}
    assert wording.isReadOnly()


def test_retiring_an_agreed_agreement_needs_both(qtbot, window, existing_vault,
                                                 vault_path) -> None:
    seed(vault_path, existing_vault, lambda keys, bundles: agreed(keys, bundles, **PHONES))
    tab = open_tab(qtbot, window, together=False)
    view = select(tab, PHONES["title"])
    click(qtbot, tab.buttons["retire"])
    submit(qtbot, tab.dialog)
    ask = fresh_dialog(tab)
    assert sorted(ask.fields) == [1, 2]
    click(qtbot, ask.findChild(QPushButton, "freshPasswordCancel"))
    assert stored(window, view.uuid).status == "agreed", "one partner alone cannot retire it"
    click(qtbot, tab.buttons["retire"])
    submit(qtbot, tab.dialog)
    type_passwords(qtbot, window, fresh_dialog(tab), {1: PASSWORDS[1], 2: PASSWORDS[2]})
    assert stored(window, view.uuid).status == "retired"


def test_search_filters_as_you_type_without_decrypting(qtbot, window, existing_vault,
                                                       vault_path, monkeypatch) -> None:
    def build(keys, bundles):
        agreed(keys, bundles, **PHONES)
        agreements.create(keys, 1, **DRINKS)
        agreements.create(keys, 2, **WALKS)

    seed(vault_path, existing_vault, build)
    tab = open_tab(qtbot, window, together=False)
    assert len(listed(tab)) == 3
    opened = []
    monkeypatch.setattr(agreements.AgreementRevision, "read",
                        lambda self, keys: opened.append(self) or {})
    qtbot.keyClicks(tab.search, "under the TAB")  # in "what is not OK", any case
    assert listed(tab) == [PHONES["title"]]
    tab.search.clear()
    qtbot.keyClicks(tab.search, "sunday")
    assert listed(tab) == [WALKS["title"]]
    qtbot.keyClicks(tab.search, " nothing-like-this")
    assert listed(tab) == [] and tab.empty.isVisible()
    assert "Nothing matches “sunday nothing-like-this”" in tab.empty.text()
    assert opened == [], "searching works on the views opened once"
    tab.search.clear()
    assert len(listed(tab)) == 3 and not tab.empty.isVisible()


def test_search_sets_accents_and_case_aside() -> None:
    from ui.workbooks.agreements.model import fold

    assert fold("Café au LAIT, Straße") == "cafe au lait, strasse"
    assert fold("Phones at DINNER") == "phones at dinner"
    assert all(word in fold("Crème brûlée on Sundays") for word in fold("creme BRULEE").split())


def test_status_category_and_due_filters(qtbot, window, existing_vault, vault_path) -> None:
    def build(keys, bundles):
        phones = agreed(keys, bundles, **PHONES)
        drinks = agreed(keys, bundles, **DRINKS)
        agreements.withdraw(keys, drinks.uuid, 1)
        agreements.create(keys, 2, **WALKS)
        review_became_due(keys, phones.uuid, dt.date.today() - dt.timedelta(days=3))

    seed(vault_path, existing_vault, build)
    tab = open_tab(qtbot, window)

    def shown() -> set[str]:
        return set(listed(tab))

    tab.status_filter.setCurrentIndex(tab.status_filter.findData("agreed"))
    assert shown() == {PHONES["title"]}
    assert tab.list.model().index(0, 0).data(MARK) == "Review due"
    tab.status_filter.setCurrentIndex(tab.status_filter.findData("paused"))
    assert shown() == {DRINKS["title"]}
    tab.status_filter.setCurrentIndex(tab.status_filter.findData("due"))
    assert shown() == {PHONES["title"]}
    tab.status_filter.setCurrentIndex(0)
    tab.category_filter.setCurrentIndex(tab.category_filter.findData("communication"))
    assert shown() == {WALKS["title"]}
    tab.status_filter.setCurrentIndex(tab.status_filter.findData("agreed"))
    assert shown() == set() and tab.empty.isVisible()
    tab.category_filter.setCurrentIndex(0)
    tab.status_filter.setCurrentIndex(0)
    assert shown() == {PHONES["title"], DRINKS["title"], WALKS["title"]}


def test_history_shows_two_versions_side_by_side(qtbot, window, existing_vault,
                                                 vault_path) -> None:
    seed(vault_path, existing_vault, lambda keys, bundles: agreed(keys, bundles, **PHONES))
    tab = open_tab(qtbot, window, together=False, partner=2)
    view = select(tab, PHONES["title"])
    click(qtbot, tab.buttons["change"])
    type_at_end(qtbot, tab.editor.areas["wording"], " Weekends too.")
    tab.flush()
    assert stored(window, view.uuid).status == "agreed", "the agreed words stay in force"
    assert stored(window, view.uuid).current.author == 2
    click(qtbot, tab.buttons["history"])
    dialog = tab.dialog
    assert isinstance(dialog, HistoryDialog)
    assert dialog.earlier.currentData() == 1 and dialog.later.currentData() == 2
    assert NAMES[1] in dialog.earlier.currentText() and NAMES[2] in dialog.later.currentText()
    left, right = dialog.left.toPlainText(), dialog.right.toPlainText()
    assert PHONES["wording"] in left and "Weekends too." not in left
    assert "Weekends too." in right
    assert "background-color:#d6ead0" in dialog.right.toHtml().replace(" ", "")
    assert "withdrew" not in dialog.timeline.toPlainText()
    assert "proposed a change" in dialog.timeline.toPlainText()
    dialog.later.setCurrentIndex(0)
    assert dialog.right.toPlainText() == left


def test_word_diff_marks_only_changed_words() -> None:
    before, after = word_diff("we leave both phones", "we leave our phones\noutside")
    assert "both" in before and "line-through" in before
    assert before.count("<span") == 1
    assert after.count("<span") == 2 and "<br>" in after
    same_left, same_right = word_diff("a <b> & c", "a <b> & c")
    assert "<span" not in same_left + same_right and "&lt;b&gt;" in same_left


def test_writer_and_why_attribution(qtbot, window, existing_vault, vault_path) -> None:
    uuid = seed(vault_path, existing_vault,
                lambda keys, bundles: agreements.create(keys, 1, **WALKS).uuid)
    tab = open_tab(qtbot, window, together=False, partner=2)
    select(tab, WALKS["title"])
    assert not tab.editor.writer.isVisible()
    assert tab.editor.areas["why_1"].isReadOnly()
    assert f"Only {NAMES[1]} writes here" in tab.editor.areas["why_1"].placeholderText()
    assert not tab.editor.areas["why_2"].isReadOnly()
    qtbot.keyClicks(tab.editor.areas["why_2"], "It gives the week a shape.")
    tab.flush()
    assert stored(window, uuid).current.author == 2
    window.lock()

    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    tab = window.workbench.findChild(AgreementsTab)
    select(tab, WALKS["title"])
    editor = tab.editor
    assert editor.writer.isVisibleTo(tab) and editor.writer.count() == 2
    editor.writer.setCurrentIndex(editor.writer.findData(1))
    type_at_end(qtbot, editor.areas["why_2"], " And time outside.")
    qtbot.keyClicks(editor.areas["in_practice"], "From the bridge to the bakery.")
    tab.flush()
    fresh = stored(window, uuid)
    assert fresh.current.text["why_2"] == "It gives the week a shape. And time outside."
    assert fresh.current.author == 1, "the writer's words were saved last"
    assert NAMES[1] in editor.written_by.text()


def test_retire_and_delete_draft(qtbot, window, existing_vault, vault_path) -> None:
    def build(keys, bundles):
        agreed(keys, bundles, **PHONES)
        agreements.create(keys, 1, **WALKS)

    seed(vault_path, existing_vault, build)
    tab = open_tab(qtbot, window, together=False)
    draft = select(tab, WALKS["title"])
    assert not tab.buttons["retire"].isVisible()
    click(qtbot, tab.buttons["delete"])
    submit(qtbot, tab.dialog)
    assert [v.uuid for v in agreements.all_agreements(window.session.keyring)
            if v.uuid == draft.uuid] == []
    assert len(listed(tab)) == 1 and tab.editor.view is None
    assert "draft was deleted" in tab.editor.message.text()

    view = select(tab, PHONES["title"])
    assert not tab.buttons["delete"].isVisible()
    click(qtbot, tab.buttons["retire"])
    qtbot.keyClicks(tab.dialog.note, "It did its job.")
    submit(qtbot, tab.dialog)
    type_passwords(qtbot, window, fresh_dialog(tab), {1: PASSWORDS[1], 2: PASSWORDS[2]})
    assert stored(window, view.uuid).status == "retired"
    assert tab.editor.title.isReadOnly() and tab.editor.areas["wording"].isReadOnly()
    assert [step for step, b in tab.buttons.items() if b.isVisible()] == ["history"]


def test_pending_words_are_saved_when_locking(qtbot, window, existing_vault) -> None:
    tab = open_tab(qtbot, window, together=False)
    tab.new_agreement()
    qtbot.keyClicks(tab.editor.title, "Lanterns-before-bed")
    qtbot.keyClicks(tab.editor.areas["wording"], "Quillfeather-1188 stays between us.")
    assert tab.editor._timer.isActive(), "autosave still waiting for a pause"
    window.lock()
    unlock_solo(qtbot, window, PASSWORDS[1])
    tab = window.workbench.findChild(AgreementsTab)
    select(tab, "Lanterns-before-bed")
    assert tab.editor.areas["wording"].toPlainText() == "Quillfeather-1188 stays between us."


def test_switching_tabs_and_agreements_saves_at_once(qtbot, window, existing_vault,
                                                     vault_path) -> None:
    uuids = seed(vault_path, existing_vault, lambda keys, bundles: [
        agreements.create(keys, 1, **WALKS).uuid, agreements.create(keys, 1, **DRINKS).uuid])
    tab = open_tab(qtbot, window, together=False)
    select(tab, WALKS["title"])
    qtbot.keyClicks(tab.editor.areas["not_ok"], "Phones on the walk.")
    select(tab, DRINKS["title"])
    assert stored(window, uuids[0]).current.text["not_ok"] == "Phones on the walk."
    assert tab.list.current_data() == DRINKS["title"]
    assert tab.editor.view is not None and tab.editor.view.uuid == uuids[1]
    qtbot.keyClicks(tab.editor.areas["not_ok"], "Finding out afterwards.")
    window.workbench.setCurrentIndex(0)
    assert stored(window, uuids[1]).current.text["not_ok"] == "Finding out afterwards."


def test_lock_leaves_no_agreement_text_anywhere(qtbot, window, existing_vault,
                                                vault_path) -> None:
    marker = "Marigold-4471"
    seed(vault_path, existing_vault, lambda keys, bundles: agreed(
        keys, bundles, **{**PHONES, "title": f"{marker} phones", "not_ok": marker}))
    tab = open_tab(qtbot, window)
    select(tab, f"{marker} phones")
    tab.history()
    tab.search.setText(marker)

    def everything() -> str:
        texts = visible_texts()
        for widget in QApplication.allWidgets():
            if isinstance(widget, QPlainTextEdit | QTextBrowser):
                texts.append(widget.toPlainText())
        return "\n".join(texts)

    assert marker in everything()
    window.lock()
    left = everything()
    assert marker not in left
    assert NAMES[1] not in left and NAMES[2] not in left


@pytest.mark.skipif(importlib.util.find_spec("exports.agreements") is None,
                    reason="exports.agreements is not there yet")
def test_export_for_therapy(qtbot, window, existing_vault, vault_path, tmp_path) -> None:
    def build(keys, bundles):
        agreed(keys, bundles, **PHONES)
        items = consent.items(keys) or [consent.add_item(keys, "Kissing", None)]
        for partner in (1, 2):
            for item in items:
                consent.answer(keys, partner, item.uuid, "yes", proof=bundles[partner])
        consent.reveal(keys, bundles.values())

    seed(vault_path, existing_vault, build)
    tab = open_tab(qtbot, window)
    click(qtbot, tab.export_button)
    dialog = tab.dialog
    assert dialog.consent.isEnabled()
    dialog.consent.setChecked(True)  # both approve with their passwords at export time
    target = tmp_path / "out" / "agreements.pdf"
    target.parent.mkdir()
    dialog.target.setText(str(target))
    dialog.use_initials.setChecked(True)
    dialog.no_date.setChecked(True)
    qtbot.keyClicks(dialog.password.edit, "short")
    qtbot.keyClicks(dialog.again.edit, "short")
    click(qtbot, dialog.submit_button)
    assert "at least 8 characters" in dialog.message.text() and not target.exists()
    dialog.password.clear()
    dialog.again.clear()
    click(qtbot, dialog.submit_button)
    assert isinstance(dialog.fresh, FreshPasswordDialog) and dialog.fresh.partners == (1, 2)
    for partner in (1, 2):
        qtbot.keyClicks(dialog.fresh.fields[partner].edit, PASSWORDS[partner])
    dialog.fresh.submit()
    qtbot.waitUntil(lambda: target.exists() and not window.tasks.busy, timeout=30000)
    assert "Saved to" in dialog.message.text(), dialog.message.text()
    assert target.exists() and target.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert dialog.open_pdf.isVisible()


def test_export_leaves_consent_out_when_alone(qtbot, window, existing_vault) -> None:
    tab = open_tab(qtbot, window, together=False)
    tab.export()
    dialog = tab.dialog
    assert not dialog.consent.isEnabled()
    assert "revealed it together" in dialog.consent_note.text()
