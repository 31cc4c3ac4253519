"""Boundary agreements: lifecycle, revisions, confirmations, pausing, proposed changes,
reviews, search. ``bundles`` are each partner's fresh password proofs."""

from __future__ import annotations

import datetime as dt

import pytest

from models import agreements as A
from models.agreements import AgreementIncomplete, AgreementNotAllowed
from models.errors import DiskFull
from models.keys import KeyBundle
from models.proof import FreshProof, NeedsBoth, NeedsOwner
from models.session import Session

WORDS = {
    "title": "Phones at dinner",
    "category": "phones",
    "wording": "Phones stay in the hall while we eat together.",
    "in_practice": "Both phones on the shelf by the door from 7 to 8.",
    "not_ok": "Checking messages under the table.",
}


@pytest.fixture
def bundles(session_both: Session, couple, vault) -> dict[int, FreshProof]:
    return {p: vault.check_password(p, couple.passwords[p]) for p in (1, 2)}


def both(bundles) -> tuple[FreshProof, FreshProof]:
    return (bundles[1], bundles[2])


def agreed(keys, bundles) -> A.AgreementView:
    view = A.create(keys, 1, **WORDS)
    A.propose(keys, view.uuid, 1)
    A.confirm(keys, view.uuid, 1, bundles[1])
    return A.confirm(keys, view.uuid, 2, bundles[2])


def test_create_draft_then_full_agreement(session_both: Session, bundles) -> None:
    keys = session_both.keyring
    draft = A.create(keys, 2, title="Time apart")
    assert draft.status == "draft" and draft.proposed_by == 2
    assert draft.current.text["category"] == "other"
    view = agreed(keys, bundles)
    assert view.status == "agreed"
    assert view.agreed_revision == 1 and view.agreed_at is not None
    assert set(view.confirmations) == {1, 2}
    assert view.next_review_on == dt.date.today() + dt.timedelta(days=14)
    assert [e.kind for e in A.events(keys, view.uuid)] == [
        "created", "proposed", "confirmed", "confirmed", "agreed",
    ]


def test_propose_needs_title_and_wording(session_both: Session) -> None:
    keys = session_both.keyring
    view = A.create(keys, 1, title="  ")
    with pytest.raises(AgreementIncomplete) as missing:
        A.propose(keys, view.uuid, 1)
    assert missing.value.fields == ("title", "wording")
    assert A.get(view.uuid).status == "draft"


def test_one_confirmation_is_not_agreement(session_both: Session, bundles) -> None:
    keys = session_both.keyring
    view = A.create(keys, 1, **WORDS)
    A.propose(keys, view.uuid, 1)
    view = A.confirm(keys, view.uuid, 1, bundles[1])
    assert view.status == "proposed" and set(view.confirmations) == {1}
    again = A.confirm(keys, view.uuid, 1, bundles[1])
    assert again.status == "proposed", "the same partner twice is still one confirmation"


def test_confirm_rejects_a_proof_from_another_vault_or_person(session_both: Session,
                                                             bundles) -> None:
    keys = session_both.keyring
    view = A.create(keys, 1, **WORDS)
    A.propose(keys, view.uuid, 1)
    stranger = FreshProof(1, KeyBundle(b"\x01" * 32, b"\x02" * 32))
    with pytest.raises(NeedsOwner):
        A.confirm(keys, view.uuid, 1, stranger)
    with pytest.raises(NeedsOwner):
        A.confirm(keys, view.uuid, 1, bundles[2])  # partner 2 cannot confirm for 1
    stale = FreshProof(1, bundles[1].bundle, made_at=bundles[1].made_at - 3600)
    with pytest.raises(NeedsOwner):
        A.confirm(keys, view.uuid, 1, stale)
    assert A.view(keys, A.get(view.uuid)).confirmations == {}


@pytest.mark.parametrize("status", ["draft", "agreed", "under_review", "paused", "retired"])
def test_confirm_only_when_proposed_or_a_change_is(session_both: Session, bundles, status) -> None:
    keys = session_both.keyring
    view = _in_status(keys, bundles, status)
    with pytest.raises(AgreementNotAllowed):
        A.confirm(keys, view.uuid, 1, bundles[1])


def _in_status(keys, bundles, status: str) -> A.AgreementView:
    if status == "draft":
        return A.create(keys, 1, **WORDS)
    if status == "proposed":
        view = A.create(keys, 1, **WORDS)
        return A.propose(keys, view.uuid, 1)
    view = agreed(keys, bundles)
    if status == "under_review":
        return A.start_review(keys, view.uuid, 1)
    if status == "paused":
        return A.withdraw(keys, view.uuid, 2)
    if status == "retired":
        return A.retire(keys, view.uuid, 1, proofs=both(bundles))
    return view


@pytest.mark.parametrize("status", ["proposed", "agreed", "under_review", "paused"])
def test_withdraw_from_every_active_state(session_both: Session, bundles, status) -> None:
    keys = session_both.keyring
    view = _in_status(keys, bundles, status)
    after = A.withdraw(keys, view.uuid, 2, "I'd like us to talk about this first.")
    assert after.status == "paused" and after.needs_discussion
    assert after.confirmations == {}
    last = A.events(keys, view.uuid)[-1]
    assert last.kind == "withdrawn" and last.partner == 2
    assert last.note == "I'd like us to talk about this first."


@pytest.mark.parametrize("status", ["draft", "retired"])
def test_nothing_to_withdraw(session_both: Session, bundles, status) -> None:
    keys = session_both.keyring
    view = _in_status(keys, bundles, status)
    with pytest.raises(AgreementNotAllowed):
        A.withdraw(keys, view.uuid, 1)


def test_paused_resumes_only_with_both_confirming_again(session_both: Session, bundles) -> None:
    keys = session_both.keyring
    view = agreed(keys, bundles)
    A.withdraw(keys, view.uuid, 1)
    resumed = A.propose(keys, view.uuid, 1)
    assert resumed.status == "proposed" and not resumed.needs_discussion
    assert A.confirm(keys, view.uuid, 2, bundles[2]).status == "proposed"
    assert A.confirm(keys, view.uuid, 1, bundles[1]).status == "agreed"


def test_draft_edits_stay_in_one_revision(session_both: Session) -> None:
    keys = session_both.keyring
    view = A.create(keys, 1, title="Time")
    for typed in ("Time a", "Time ap", "Time apart"):
        view = A.edit(keys, view.uuid, 1, title=typed)
    assert view.current.number == 1 and view.current.text["title"] == "Time apart"
    assert len(A.revisions(keys, view.uuid)) == 1


def test_agreed_words_cannot_be_typed_over(session_both, bundles) -> None:
    keys = session_both.keyring
    view = agreed(keys, bundles)
    with pytest.raises(AgreementNotAllowed):
        A.edit(keys, view.uuid, 2, wording="Phones whenever.")
    after = A.view(keys, A.get(view.uuid))
    assert after.status == "agreed" and after.current.text["wording"] == WORDS["wording"]
    assert set(after.confirmations) == {1, 2} and after.next_review_on is not None


def test_a_proposed_change_leaves_the_agreed_words_in_force(session_both, bundles) -> None:
    keys = session_both.keyring
    view = agreed(keys, bundles)
    review_on = view.next_review_on
    proposal = A.propose_change(keys, view.uuid, 2)
    assert proposal.status == "agreed" and proposal.pending_change
    new_words = "Phones stay in the hall until the dishes are done."
    changed = A.edit(keys, view.uuid, 2, wording=new_words)
    assert changed.status == "agreed", "typing never changes the status"
    assert changed.in_force is not None and changed.in_force.text["wording"] == WORDS["wording"]
    assert changed.current.text["wording"] == new_words
    assert changed.next_review_on == review_on
    history = A.revisions(keys, view.uuid)
    assert [r.text["wording"] for r in history] == [WORDS["wording"], new_words]
    assert history[1].author == 2
    A.confirm(keys, view.uuid, 1, bundles[1])
    final = A.confirm(keys, view.uuid, 2, bundles[2])
    assert final.status == "agreed" and final.agreed_revision == 2 and not final.pending_change
    assert final.in_force is not None and final.in_force.text["wording"] == new_words


def test_discarding_a_change_loses_nothing_agreed(session_both, bundles) -> None:
    keys = session_both.keyring
    view = agreed(keys, bundles)
    A.propose_change(keys, view.uuid, 1)
    A.edit(keys, view.uuid, 1, wording="Something else entirely.")
    A.confirm(keys, view.uuid, 1, bundles[1])
    back = A.discard_change(keys, view.uuid, 2)
    assert back.status == "agreed" and not back.pending_change
    assert back.current.text == view.current.text and set(back.confirmations) == {1, 2}
    assert [e.kind for e in A.events(keys, view.uuid)][-1] == "change_discarded"
    with pytest.raises(AgreementNotAllowed):
        A.discard_change(keys, view.uuid, 2)


def test_a_change_that_reads_the_same_is_not_a_new_version(session_both, bundles) -> None:
    keys = session_both.keyring
    view = agreed(keys, bundles)
    A.propose_change(keys, view.uuid, 1)
    A.edit(keys, view.uuid, 1, wording="Phones stay in the hall while we eat together!")
    A.edit(keys, view.uuid, 1, wording=WORDS["wording"])  # typed, then undone
    with pytest.raises(AgreementNotAllowed):
        A.confirm(keys, view.uuid, 1, bundles[1])
    assert len(A.revisions(keys, view.uuid)) == 1


def test_paused_agreement_keeps_its_agreed_words_in_force(session_both, bundles) -> None:
    keys = session_both.keyring
    view = agreed(keys, bundles)
    paused = A.withdraw(keys, view.uuid, 2)
    assert paused.status == "paused"
    assert paused.in_force is not None and paused.in_force.text == view.current.text


def test_changing_only_why_it_matters_keeps_agreement(session_both, bundles) -> None:
    keys = session_both.keyring
    view = agreed(keys, bundles)
    after = A.edit(keys, view.uuid, 1, why_1="Dinner is when I feel closest to you.")
    assert after.status == "agreed"
    assert after.current.number == 2 and after.agreed_revision == 2
    assert set(after.confirmations) == {1, 2}


def test_unchanged_edit_writes_nothing(session_both, bundles) -> None:
    keys = session_both.keyring
    view = agreed(keys, bundles)
    before = A.get(view.uuid).updated_at
    after = A.edit(keys, view.uuid, 1, title=WORDS["title"])
    assert after.current.number == 1 and A.get(view.uuid).updated_at == before


def test_unknown_field_or_category_is_refused(session_both) -> None:
    keys = session_both.keyring
    with pytest.raises(ValueError):
        A.create(keys, 1, colour="blue")
    with pytest.raises(ValueError):
        A.create(keys, 1, category="secrets")


def test_retired_cannot_be_edited(session_both, bundles) -> None:
    keys = session_both.keyring
    view = _in_status(keys, bundles, "retired")
    with pytest.raises(AgreementNotAllowed):
        A.edit(keys, view.uuid, 1, title="new")
    assert A.revisions(keys, view.uuid)[0].text["title"] == WORDS["title"]


def test_delete_only_drafts(session_both, bundles) -> None:
    keys = session_both.keyring
    draft = A.create(keys, 1, title="Maybe later")
    A.delete_draft(keys, draft.uuid)
    assert [a.uuid for a in A.all_agreements(keys)] == []
    view = agreed(keys, bundles)
    with pytest.raises(AgreementNotAllowed):
        A.delete_draft(keys, view.uuid)


@pytest.mark.parametrize(
    "decision, status",
    [("keep", "agreed"), ("adjust", "under_review"), ("pause", "paused"), ("retire", "retired")],
)
def test_review_decisions(session_both, bundles, decision, status) -> None:
    keys = session_both.keyring
    view = agreed(keys, bundles)
    A.start_review(keys, view.uuid, 1)
    when = dt.date(2026, 12, 1)
    A.rate_review(keys, view.uuid, 1, bundles[1], works=4, follow=5)
    A.rate_review(keys, view.uuid, 2, bundles[2], works=3, follow=None)  # rather not
    after = A.decide_review(
        keys, view.uuid, both(bundles), reviewed_on=when,
        helps="The shelf by the door.", hard="Work calls in the evening.", decision=decision,
        partner=2,
    )
    assert after.status == status
    review = A.reviews(keys, view.uuid)[0]
    assert review.ratings == {1: 4, 2: 3} and review.follow_through == {1: 5, 2: None}
    assert review.hard == "Work calls in the evening." and review.decision == decision
    assert review.together is True
    if decision == "keep":
        assert after.next_review_on == when + dt.timedelta(days=14)
    if decision == "pause":
        assert after.needs_discussion
    if decision == "adjust":
        A.propose_change(keys, view.uuid, 1)
        edited = A.edit(keys, view.uuid, 1, wording="Phones stay in the hall on weekdays.")
        assert edited.status == "under_review" and edited.pending_change


def test_review_ratings_are_checked(session_both, bundles) -> None:
    keys = session_both.keyring
    view = agreed(keys, bundles)
    with pytest.raises(ValueError):
        A.rate_review(keys, view.uuid, 1, bundles[1], works=6, follow=1)
    assert A.reviews(keys, view.uuid) == []


def test_private_ratings_stay_private_until_decided_together(session_both, bundles) -> None:
    keys = session_both.keyring
    view = agreed(keys, bundles)
    A.rate_review(keys, view.uuid, 1, bundles[1], works=2, follow=3)
    assert not keys.holds_journal(1) and not keys.holds_journal(2), "nothing stays open"
    with pytest.raises(NeedsOwner):
        A.my_rating(keys, view.uuid, 1, bundles[2])
    assert A.my_rating(keys, view.uuid, 1, bundles[1]) == A.MyRating(2, 3)
    with pytest.raises(NeedsOwner):
        A.rate_review(keys, view.uuid, 2, bundles[1], works=5, follow=5)
    with pytest.raises(NeedsBoth):
        A.decide_review(keys, view.uuid, (bundles[1],), reviewed_on=dt.date.today(),
                        helps="", hard="", decision="keep", partner=1)
    assert A.reviews(keys, view.uuid) == []
    A.decide_review(keys, view.uuid, both(bundles), reviewed_on=dt.date.today(),
                    helps="", hard="", decision="keep", partner=1)
    review = A.reviews(keys, view.uuid)[0]
    assert review.ratings == {1: 2, 2: None} and review.follow_through == {1: 3, 2: None}


def test_a_review_alone_is_recorded_as_alone(session_a: Session, couple, vault) -> None:
    keys = session_a.keyring
    proofs = {p: vault.check_password(p, couple.passwords[p]) for p in (1, 2)}
    view = agreed(keys, proofs)
    after = A.note_review_alone(keys, view.uuid, 1, reviewed_on=dt.date.today(),
                                helps="Dinner felt calmer.", hard="")
    assert after.status == "agreed" and after.next_review_on == view.next_review_on
    review = A.reviews(keys, view.uuid)[0]
    assert review.together is False and review.by_partner == 1 and review.decision == ""
    assert review.ratings == {1: None, 2: None}
    with pytest.raises(NeedsBoth):
        A.decide_review(keys, view.uuid, (proofs[1],), reviewed_on=dt.date.today(),
                        helps="", hard="", decision="retire", partner=1)
    with pytest.raises(NeedsBoth):
        A.retire(keys, view.uuid, 1, proofs=(proofs[1],))
    assert A.view(keys, A.get(view.uuid)).status == "agreed"


def test_reviews_due_today_or_overdue(session_both, bundles) -> None:
    keys = session_both.keyring
    soon = agreed(keys, bundles)
    later = agreed(keys, bundles)
    A.set_cadence(keys, later.uuid, 30)
    draft = A.create(keys, 1, title="Not yet agreed")
    today = dt.date.today()
    assert A.reviews_due(keys, today) == []
    due = A.reviews_due(keys, today + dt.timedelta(days=14))
    assert [a.uuid for a in due] == [soon.uuid]
    due = A.reviews_due(keys, today + dt.timedelta(days=40))
    assert [a.uuid for a in due] == [soon.uuid, later.uuid]
    assert draft.uuid not in {a.uuid for a in due}


def test_search_across_all_words(session_both, bundles) -> None:
    keys = session_both.keyring
    agreed(keys, bundles)
    A.create(keys, 2, title="Evenings out", wording="We tell each other who will be there.",
             why_2="Knowing helps me stay calm.")
    everything = A.all_agreements(keys)
    assert [a.current.text["title"] for a in A.search(everything, "CALM")] == ["Evenings out"]
    assert [a.current.text["title"] for a in A.search(everything, "hall shelf")] == [
        "Phones at dinner"
    ]
    assert A.search(everything, "hall calm") == []
    assert len(A.search(everything, "")) == 2


def test_agreement_words_never_reach_disk_in_plaintext(session_both, bundles, vault,
                                                       couple) -> None:
    keys = session_both.keyring
    marker = "Honeysuckle-agreement-9087"
    view = A.create(keys, 1, title=marker, wording=marker + " wording", why_2=marker)
    A.propose(keys, view.uuid, 1)
    A.withdraw(keys, view.uuid, 2, note=marker + " note")
    for path in couple.family():
        if path.exists():
            data = path.read_bytes()
            assert marker.encode() not in data and marker.encode("utf-16-le") not in data


def test_full_disk_leaves_no_half_written_agreement(session_both, bundles) -> None:
    from models.db import DB

    keys = session_both.keyring
    view = A.create(keys, 1, **WORDS)
    A.propose(keys, view.uuid, 1)
    pages = DB.execute_sql("PRAGMA page_count").fetchone()[0]
    DB.execute_sql(f"PRAGMA max_page_count = {pages}")
    try:
        with pytest.raises(DiskFull):
            for _ in range(50):  # fill the last free pages, then fail
                A.create(keys, 1, title="filler", wording="x" * 4000)
    finally:
        DB.execute_sql("PRAGMA max_page_count = 1073741823")
    # Every agreement that exists has its words: the failed one left no bare row behind.
    for row in A.Agreement.select():
        assert A.revisions(keys, row.uuid), row.uuid
    still = A.view(keys, A.get(view.uuid))
    assert still.status == "proposed"
    assert still.current.text == {**{f: "" for f in A.TEXT_FIELDS}, **WORDS}
    assert A.confirm(keys, view.uuid, 1, bundles[1]).confirmations.keys() == {1}


def test_one_damaged_agreement_stays_in_its_place(session_both: Session, bundles) -> None:
    keys = session_both.keyring
    good = agreed(keys, bundles)
    hurt = A.create(keys, 2, title="A walk", wording="On Sundays.")
    odd = A.create(keys, 1, title="Evenings", wording="Phones away at nine.")
    row = A.AgreementRevision.get(A.AgreementRevision.agreement == A.get(hurt.uuid))
    sealed = bytearray(row.wording)
    sealed[-1] ^= 0x01
    A.AgreementRevision.update(wording=bytes(sealed)).where(
        A.AgreementRevision.id == row.id).execute()
    A.Agreement.update(updated_at="not a date").where(
        A.Agreement.uuid == odd.uuid).execute()

    views, damaged = A.load_all(keys)

    assert [v.uuid for v in views] == [good.uuid]
    assert sorted(d.uuid for d in damaged) == sorted([hurt.uuid, odd.uuid])
    assert all("A walk" not in d.detail and "Evenings" not in d.detail for d in damaged)
