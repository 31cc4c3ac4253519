"""What Home lists as waiting: confirmations, pauses, reviews due, a reveal — for whoever
is signed in, and never anything the other partner keeps privately."""

from __future__ import annotations

import datetime as dt

import pytest

from models import agreements as A
from models import consent as C
from models.journal import write_entry
from models.proof import FreshProof
from models.records import PrivateRecord
from models.session import Keyring, Session
from models.vault import Vault
from models.waiting import (
    PausedForTalk,
    RevealOpen,
    ReviewDue,
    Target,
    ToConfirm,
    waiting_for,
)

WORDS = {"title": "Phones at dinner", "wording": "Phones stay in the hall while we eat."}
PRIVATE_NOTE = "only-blake-wrote-this-privately"


@pytest.fixture
def proofs(session_both: Session, couple, vault: Vault) -> dict[int, FreshProof]:
    return {p: vault.check_password(p, couple.passwords[p]) for p in (1, 2)}


def alone(vault: Vault, proofs: dict[int, FreshProof], partner: int) -> Session:
    return vault.start_session({partner: proofs[partner].bundle})


def proposed(keys: Keyring, by: int = 1, **words: str) -> A.AgreementView:
    view = A.create(keys, by, **{**WORDS, **words})
    return A.propose(keys, view.uuid, by)


def agreed(keys: Keyring, proofs: dict[int, FreshProof], **words: str) -> A.AgreementView:
    view = proposed(keys, **words)
    A.confirm(keys, view.uuid, 1, proofs[1])
    return A.confirm(keys, view.uuid, 2, proofs[2])


def test_a_new_workbook_has_nothing_waiting(session_both: Session) -> None:
    waiting = waiting_for(session_both)
    assert waiting.items == [] and waiting.no_agreements


def test_a_draft_waits_for_no_one_but_is_no_longer_a_new_workbook(session_both) -> None:
    A.create(session_both.keyring, 1, title="Sunday walk")
    waiting = waiting_for(session_both)
    assert waiting.items == [] and not waiting.no_agreements


def test_together_a_proposal_waits_for_whoever_has_not_confirmed(session_both, proofs) -> None:
    keys = session_both.keyring
    view = proposed(keys)
    assert waiting_for(session_both).items == [
        ToConfirm(view.uuid, "Phones at dinner", change=False, partners=(1, 2))]
    A.confirm(keys, view.uuid, 2, proofs[2])
    assert waiting_for(session_both).items == [
        ToConfirm(view.uuid, "Phones at dinner", change=False, partners=(1,))]
    A.confirm(keys, view.uuid, 1, proofs[1])
    assert waiting_for(session_both).items == []


def test_alone_only_your_own_confirmation_is_listed(session_both, proofs, vault) -> None:
    view = proposed(session_both.keyring)
    A.confirm(session_both.keyring, view.uuid, 2, proofs[2])
    first, second = alone(vault, proofs, 1), alone(vault, proofs, 2)
    assert waiting_for(first).items == [
        ToConfirm(view.uuid, "Phones at dinner", change=False, partners=(1,))]
    assert waiting_for(second).items == [], "nothing about what the other has not done"


def test_a_proposed_change_waits_for_confirmation(session_both, proofs) -> None:
    keys = session_both.keyring
    view = agreed(keys, proofs)
    A.propose_change(keys, view.uuid, 2)
    A.edit(keys, view.uuid, 2, title="Phones away at dinner")
    item = waiting_for(session_both).items[0]
    assert item == ToConfirm(view.uuid, "Phones away at dinner", change=True, partners=(1, 2))
    assert item.target == Target("agreements", view.uuid)


def test_a_pause_is_listed_with_its_shared_note(session_both, proofs, vault) -> None:
    keys = session_both.keyring
    view = agreed(keys, proofs)
    A.withdraw(keys, view.uuid, 2, "Let's talk about weekends in our next session.")
    for session in (session_both, alone(vault, proofs, 1), alone(vault, proofs, 2)):
        [item] = waiting_for(session).items
        assert isinstance(item, PausedForTalk)
        assert item.note == "Let's talk about weekends in our next session."
        assert item.paused_by == 2 and item.target == Target("agreements", view.uuid)


def test_a_pause_decided_in_a_review_has_no_old_note(session_both, proofs) -> None:
    keys = session_both.keyring
    view = agreed(keys, proofs)
    A.withdraw(keys, view.uuid, 1, "An older note.")
    A.propose(keys, view.uuid, 1)
    A.confirm(keys, view.uuid, 1, proofs[1])
    A.confirm(keys, view.uuid, 2, proofs[2])
    A.decide_review(keys, view.uuid, (proofs[1], proofs[2]), reviewed_on=dt.date.today(),
                    helps="", hard="", decision="pause", partner=1)
    [item] = waiting_for(session_both).items
    assert isinstance(item, PausedForTalk) and item.note == "" and item.paused_by == 1


def test_reviews_due_today_or_overdue_most_overdue_first(session_both, proofs) -> None:
    keys = session_both.keyring
    soon = agreed(keys, proofs, title="Soon")
    later = agreed(keys, proofs, title="Later")
    A.set_cadence(keys, later.uuid, 30)
    today = dt.date.today()
    assert waiting_for(session_both, today).items == []
    in_40_days = today + dt.timedelta(days=40)
    assert waiting_for(session_both, in_40_days).items == [
        ReviewDue(soon.uuid, "Soon", today + dt.timedelta(days=14)),
        ReviewDue(later.uuid, "Later", today + dt.timedelta(days=30)),
    ]


def test_items_not_yet_revealed_together(session_both, proofs) -> None:
    keys = session_both.keyring
    assert waiting_for(session_both).items == [], "no list, nothing to reveal"
    C.add_starter_items(keys, ["Holding hands", "A back rub"])
    assert waiting_for(session_both).items == [], "our starter list asks nothing of anyone"
    C.add_item(keys, "Breakfast in bed", 1)
    assert waiting_for(session_both).items == [RevealOpen(1, first=True)]
    for partner in (1, 2):
        for item in C.items(keys):
            C.answer(keys, partner, item.uuid, "yes", proof=proofs[partner])
    C.reveal(keys, proofs.values())
    assert waiting_for(session_both).items == []
    C.add_item(keys, "A slow dance", 2)
    [item] = waiting_for(session_both).items
    assert item == RevealOpen(1, first=False) and item.target == Target("consent")


def test_order_is_confirm_pause_review_reveal(session_both, proofs) -> None:
    keys = session_both.keyring
    C.add_item(keys, "Holding hands", 1)
    due = agreed(keys, proofs, title="Due")
    paused = agreed(keys, proofs, title="Paused")
    A.withdraw(keys, paused.uuid, 1)
    proposed(keys, title="New")
    later = dt.date.today() + dt.timedelta(days=20)
    kinds = [item.kind for item in waiting_for(session_both, later).items]
    assert kinds == ["confirm", "paused", "review", "reveal"]
    assert due.uuid in {getattr(i, "uuid", "") for i in waiting_for(session_both, later).items}


def test_alone_nothing_private_of_the_other_changes_the_list(session_both, proofs, vault,
                                                             monkeypatch) -> None:
    """Partner 2's private answers, rating and journal are invisible to partner 1's Home:
    the list is the same before and after partner 2 writes them, and opening it never
    opens a private record at all."""
    keys = session_both.keyring
    view = agreed(keys, proofs)
    C.add_starter_items(keys, ["Holding hands", "A back rub"])
    C.add_item(keys, "Breakfast in bed", 1)
    second_only = proposed(keys, title="Second only")
    A.confirm(keys, second_only.uuid, 2, proofs[2])
    first = alone(vault, proofs, 1)
    later = dt.date.today() + dt.timedelta(days=20)
    before = waiting_for(first, later)

    for item in C.items(keys):
        C.answer(keys, 2, item.uuid, "no", note=PRIVATE_NOTE, proof=proofs[2])
    A.rate_review(keys, view.uuid, 2, proofs[2], works=1, follow=1)
    write_entry(alone(vault, proofs, 2).keyring, 2, PRIVATE_NOTE, PRIVATE_NOTE)

    def no_private_reads(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("Home opened a private record")

    monkeypatch.setattr(PrivateRecord, "read", no_private_reads)
    after = waiting_for(first, later)
    assert after == before
    assert PRIVATE_NOTE not in repr(after)
    assert [item.kind for item in after.items] == ["confirm", "review", "reveal"]
