"""Commitments (#12): proposed for a shared need by one partner; "This would help" and
"I can do this" each with that partner's own password typed then (the other's refused);
active once both said yes; paused at once by either; resumed only with both passwords;
changed words are proposed again; a calm note beside words that ask for surveillance;
a linked agreement; the list model checked by qtmodeltester and updated per row."""

from __future__ import annotations

import pytest

from models import needs
from models.proof import NeedsBoth, NeedsOwner, prove
from tests.ui.conftest import NAMES, PASSWORDS, flush_deletes
from tests.ui.needs.commitment_helpers import NEED, commitments_page, propose, share_a_need
from tests.ui.needs.frame_helpers import password, settle
from ui.dates import day
from ui.texts import text


@pytest.fixture(autouse=True)
def shared_need(existing_vault, vault_path) -> None:
    share_a_need(vault_path, existing_vault)


def _visible_steps(page) -> set[str]:
    return {key for key, button in page.steps.buttons.items() if not button.isHidden()}


def test_propose_then_each_confirms_with_their_own_password(qtbot, window) -> None:
    page = commitments_page(qtbot, window)
    assert page.model.rowCount() == 0 and page.propose_button.isEnabled()
    written = propose(qtbot, window, page, "Text before plans change", "each time",
                      "a message on my phone before the change")
    commitment = page.chosen()
    assert written is not None and commitment == written
    assert commitment is not None and commitment.state == "proposed" and commitment.doer == 2
    assert page.model.rowCount() == 1 and "Text before plans change" in page.list.item(0).text()
    assert NEED in page.values["need"].text() and NAMES[1] in page.values["need"].text()
    assert text("needs_commitments", "helps_waiting", name=NAMES[1]) in (
        page.values["state"].text())
    assert _visible_steps(page) == {"helps_1", "can_do_2", "pause_1", "pause_2", "change"}

    changed: list[int] = []
    page.model.dataChanged.connect(lambda first, _last, _roles: changed.append(first.row()))
    # "This would help" is partner 1's to say: partner 2's password is refused.
    page.steps.buttons["helps_1"].click()
    asked = page.steps.dialog
    password(qtbot, window, asked, {1: PASSWORDS[2]})
    assert asked.isVisible() and text("fresh_password", "wrong", name=NAMES[1]) in (
        asked.message.text())
    asked.reject()
    flush_deletes()
    assert not page.chosen().helps_confirmed
    # Nor can partner 2's own proof say it for partner 1's need.
    keys = window.session.keyring
    with pytest.raises(NeedsOwner):
        needs.confirm_commitment(keys, prove(window.vault.slot_of(2, "password"),
                                             PASSWORDS[2]), commitment.uuid, partner=1)

    page.steps.buttons["helps_1"].click()
    password(qtbot, window, page.steps.dialog, {1: PASSWORDS[1]})
    assert page.chosen().helps_confirmed and page.chosen().state == "proposed"
    assert text("needs_commitments", "helps_said", name=NAMES[1]) in page.values["state"].text()
    assert _visible_steps(page) == {"can_do_2", "pause_1", "pause_2", "change"}
    page.steps.buttons["can_do_2"].click()
    password(qtbot, window, page.steps.dialog, {2: PASSWORDS[2]})
    active = page.chosen()
    assert active.state == "active" and active.since is not None
    assert page.values["state"].text().endswith(
        text("needs_commitments", "active_since", date=day(active.since)))
    assert page.message.text() == text("needs_steps", "active")
    assert changed and set(changed) == {0}  # its row only, never a reset
    assert _visible_steps(page) == {"pause_1", "pause_2", "change"}


def _active(qtbot, window, page, what: str = "Say goodnight in words"):
    propose(qtbot, window, page, what, "every evening", "we both hear it")
    uuid = page.chosen().uuid
    keys = window.session.keyring
    for partner in (1, 2):
        needs.confirm_commitment(keys, prove(window.vault.slot_of(partner, "password"),
                                             PASSWORDS[partner]), uuid)
    page.ctx.changes.announce("needs", uuid)
    settle(window)
    assert page.chosen().state == "active"
    return uuid


def test_either_pauses_at_once_and_resuming_takes_both(qtbot, window) -> None:
    page = commitments_page(qtbot, window)
    uuid = _active(qtbot, window, page)
    page.steps.buttons["pause_2"].click()  # no password, no question: at once
    settle(window)
    paused = needs.load_commitment(window.session.keyring, uuid)
    assert paused.state == "paused" and paused.paused_by == 2
    assert text("needs_commitments", "paused_by", name=NAMES[2]) in page.values["state"].text()
    assert _visible_steps(page) == {"resume", "change"}

    page.steps.buttons["resume"].click()
    asked = page.steps.dialog
    assert asked.partners == (1, 2)
    password(qtbot, window, asked, {1: PASSWORDS[1], 2: PASSWORDS[1]})  # one typed twice
    assert asked.isVisible() and page.chosen().state == "paused"
    asked.reject()
    flush_deletes()
    with pytest.raises(NeedsBoth):  # one proof alone resumes nothing
        needs.resume_commitment(window.session.keyring,
                                [prove(window.vault.slot_of(1, "password"), PASSWORDS[1])],
                                uuid)
    page.steps.buttons["resume"].click()
    password(qtbot, window, page.steps.dialog, {1: PASSWORDS[1], 2: PASSWORDS[2]})
    assert page.chosen().state == "active"
    assert page.message.text() == text("needs_steps", "resumed")


def test_changed_words_are_proposed_again_until_both_confirm(qtbot, window) -> None:
    page = commitments_page(qtbot, window)
    _active(qtbot, window, page)
    page.steps.change()
    dialog = page.steps.dialog
    assert dialog.areas["what"].toPlainText() == "Say goodnight in words"
    assert not dialog.doer.isEnabled() and not dialog.need.isEnabled()
    dialog.areas["what"].setPlainText("Say goodnight, and good morning")
    dialog.submit()
    settle(window)
    now = page.chosen()
    assert now.state == "proposed" and now.fields["what"] == "Say goodnight, and good morning"
    assert not now.helps_confirmed and not now.can_do_confirmed
    assert page.message.text() == text("needs_steps", "changed")
    assert page.model.rowCount() == 1


def test_a_calm_note_beside_words_that_ask_for_surveillance(qtbot, window) -> None:
    page = commitments_page(qtbot, window, together=False, partner=2)
    dialog = page.propose()
    qtbot.keyClicks(dialog.areas["what"], "Text when I leave work")
    dialog.check_words()
    assert dialog.surveillance.isHidden()
    qtbot.keyClicks(dialog.areas["how_seen"], "share your location with me")
    qtbot.waitUntil(lambda: not dialog.surveillance.isHidden(), timeout=3000)
    why = dialog.surveillance.why.text()
    assert why and dialog.surveillance.whys == [
        n.why for n in needs.surveillance_notes("share your location with me")]
    assert "%" not in why
    assert dialog.writer.isHidden()  # alone: written by who unlocked
    dialog.submit()  # a note, never a stop
    settle(window)
    assert page.chosen() is not None and not page.surveillance.isHidden()
    assert page.surveillance.why.text() == why


def test_a_commitment_links_to_an_agreement(qtbot, window) -> None:
    from models import agreements

    page = commitments_page(qtbot, window)
    keys = window.session.keyring
    agreement = agreements.create(keys, 1, title="Phones at dinner")
    dialog = page.propose()
    dialog.agreement.setCurrentIndex(dialog.agreement.findData(agreement.uuid))
    qtbot.keyClicks(dialog.areas["what"], "Phone face down at dinner")
    dialog.submit()
    settle(window)
    assert page.chosen().agreement == agreement.uuid
    assert page.values["agreement"].text() == "Phones at dinner"


def test_the_list_model_passes_qtmodeltester(qtbot, qtmodeltester, window) -> None:
    page = commitments_page(qtbot, window)
    for what in ("One", "Two", "Three"):
        propose(qtbot, window, page, what)
    assert page.model.rowCount() == 3
    assert [page.list.item(r).text().split(" · ")[0] for r in range(3)] == [
        "Three", "Two", "One"]
    qtmodeltester.check(page.model)


def test_alone_only_the_steps_and_notes_of_who_unlocked_show(qtbot, window) -> None:
    page = commitments_page(qtbot, window, together=False, partner=2)
    propose(qtbot, window, page, "Say goodnight in words")
    uuid = page.chosen().uuid
    assert page.chosen().doer == 2  # the other partner than the need's owner
    assert _visible_steps(page) == {"helps_1", "can_do_2", "pause_2", "change"}
    assert "pause_1" not in page.steps.buttons  # a pause is by someone who is here
    keys = window.session.keyring
    for partner in (1, 2):
        needs.confirm_commitment(keys, prove(window.vault.slot_of(partner, "password"),
                                             PASSWORDS[partner]), uuid)
    page.ctx.changes.announce("needs", uuid)
    settle(window)
    shown = {key for key, b in page.noticing.buttons.items() if not b.isHidden()}
    assert shown == {("kept", 2), ("missed", 2)}  # "I noticed" is partner 1's to say
    assert set(page.noticing.buttons) == {(k, 2) for k in needs.NOTE_KINDS}
