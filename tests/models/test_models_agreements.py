"""Boundary agreements: lifecycle, revisions, confirmations, withdrawal, reviews, search."""

from __future__ import annotations

import datetime as dt

import pytest

from models import agreements as A
from models import vault as vault_module
from models.agreements import AgreementIncomplete, AgreementNotAllowed
from models.errors import DiskFull
from models.keys import KeyBundle
from models.session import Session

WORDS = {
    "title": "Phones at dinner",
    "category": "phones",
    "wording": "Phones stay in the hall while we eat together.",
    "in_practice": "Both phones on the shelf by the door from 7 to 8.",
    "not_ok": "Checking messages under the table.",
}


@pytest.fixture
def bundles(session_both: Session, couple, vault) -> dict[int, KeyBundle]:
    slots = vault.slots("password")
    return {p: vault_module.try_password(slots, couple.passwords[p])[1] for p in (1, 2)}


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


def test_confirm_rejects_a_bundle_from_another_vault(session_both: Session) -> None:
    keys = session_both.keyring
    view = A.create(keys, 1, **WORDS)
    A.propose(keys, view.uuid, 1)
    stranger = KeyBundle(b"\x01" * 32, b"\x02" * 32)
    with pytest.raises(AgreementNotAllowed):
        A.confirm(keys, view.uuid, 1, stranger)


@pytest.mark.parametrize("status", ["draft", "agreed", "under_review", "paused", "retired"])
def test_confirm_only_when_proposed(session_both: Session, bundles, status) -> None:
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
        return A.retire(keys, view.uuid, 1)
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


def test_edit_after_agreement_makes_new_revision_and_needs_both(session_both, bundles) -> None:
    keys = session_both.keyring
    view = agreed(keys, bundles)
    new_words = "Phones stay in the hall until the dishes are done."
    changed = A.edit(keys, view.uuid, 2, wording=new_words)
    assert changed.status == "proposed"
    assert changed.current.number == 2 and changed.agreed_revision == 1
    assert changed.confirmations == {}
    history = A.revisions(keys, view.uuid)
    assert [r.text["wording"] for r in history] == [WORDS["wording"], new_words]
    assert history[1].author == 2
    A.confirm(keys, view.uuid, 1, bundles[1])
    final = A.confirm(keys, view.uuid, 2, bundles[2])
    assert final.status == "agreed" and final.agreed_revision == 2


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
    A.delete_draft(draft.uuid)
    assert [a.uuid for a in A.all_agreements(keys)] == []
    view = agreed(keys, bundles)
    with pytest.raises(AgreementNotAllowed):
        A.delete_draft(view.uuid)


@pytest.mark.parametrize(
    "decision, status",
    [("keep", "agreed"), ("adjust", "under_review"), ("pause", "paused"), ("retire", "retired")],
)
def test_review_decisions(session_both, bundles, decision, status) -> None:
    keys = session_both.keyring
    view = agreed(keys, bundles)
    A.start_review(keys, view.uuid, 1)
    when = dt.date(2026, 12, 1)
    after = A.record_review(
        keys, view.uuid, reviewed_on=when, ratings={1: 4, 2: 3}, follow_through={1: 5, 2: 2},
        helps="The shelf by the door.", hard="Work calls in the evening.", decision=decision,
        partner=2,
    )
    assert after.status == status
    review = A.reviews(keys, view.uuid)[0]
    assert review.ratings == {1: 4, 2: 3} and review.follow_through == {1: 5, 2: 2}
    assert review.hard == "Work calls in the evening." and review.decision == decision
    if decision == "keep":
        assert after.next_review_on == when + dt.timedelta(days=14)
    if decision == "pause":
        assert after.needs_discussion
    if decision == "adjust":
        edited = A.edit(keys, view.uuid, 1, wording="Phones stay in the hall on weekdays.")
        assert edited.status == "proposed"


def test_review_ratings_are_checked(session_both, bundles) -> None:
    keys = session_both.keyring
    view = agreed(keys, bundles)
    with pytest.raises(ValueError):
        A.record_review(keys, view.uuid, reviewed_on=dt.date.today(), ratings={1: 6, 2: 3},
                        follow_through={1: 1, 2: 1}, helps="", hard="", decision="keep",
                        partner=1)
    assert A.reviews(keys, view.uuid) == []


def test_reviews_due_today_or_overdue(session_both, bundles) -> None:
    keys = session_both.keyring
    soon = agreed(keys, bundles)
    later = agreed(keys, bundles)
    A.set_cadence(later.uuid, 30)
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
