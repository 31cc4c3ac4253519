"""Reviewing a commitment together (#12): each rates privately, revealed only when both
decide together with their passwords at that moment; cadences set by one; what is due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from models import needs
from models.errors import RecordUnreadable
from models.keys import KeyBundle
from models.needs import reviews
from models.needs.conversation_tables import NeedsRating
from models.proof import FreshProof, NeedsBoth, NeedsOwner
from models.session import Keyring
from models.vault import Vault


@dataclass
class Together:
    vault: Vault
    keys: Keyring
    passwords: dict[int, str]
    commitment: str

    def proof(self, partner: int) -> FreshProof:
        return self.vault.check_password(partner, self.passwords[partner])


def make_active(keys, proof, words: str = "I text you when I leave work.") -> str:
    """Partner 1's shared need, and partner 2's commitment to it, confirmed by both."""
    needs.open_needs(keys, 1, proof(1))
    draft = needs.save_draft(keys, 1, {"title": "Knowing when you are on your way"})
    needs.close_needs(keys, 1)
    need = needs.share_need(keys, proof(1), draft.uuid)
    made = needs.propose_commitment(keys, 1, need.uuid, 2,
                                    {"what": words, "how_often": "Every workday",
                                     "how_seen": "A message before six"})
    needs.confirm_commitment(keys, proof(1), made.uuid)
    assert needs.confirm_commitment(keys, proof(2), made.uuid).state == "active"
    return made.uuid


@pytest.fixture
def together(vault, couple, session_both) -> Together:
    keys = session_both.keyring
    world = Together(vault, keys, couple.passwords, "")
    world.commitment = make_active(keys, world.proof)
    return world


def _commitment(world: Together):
    return needs.load_commitment(world.keys, world.commitment)


def test_a_rating_stays_private_until_decided(together: Together) -> None:
    keys, uuid = together.keys, together.commitment
    reviews.rate_commitment(keys, together.proof(1), uuid, "partly")
    assert reviews.my_rating(keys, together.proof(1), uuid, 1) == "partly"
    with pytest.raises(NeedsOwner):  # the other partner's password opens nothing
        reviews.my_rating(keys, together.proof(2), uuid, 1)
    with pytest.raises(NeedsOwner):
        reviews.my_rating(keys, None, uuid, 1)
    assert reviews.my_rating(keys, together.proof(2), uuid, 2) is None
    assert reviews.load_reviews(keys) == ([], [])
    assert not keys.holds_journal(1) and not keys.holds_journal(2)
    row, = NeedsRating.select()
    # Sealed with the owner's journal key: the workbook key does not open it.
    with pytest.raises(RecordUnreadable):
        row.read(Keyring({1: KeyBundle(keys.workbook_key(), keys.workbook_key())}))


def test_rating_again_replaces_it(together: Together) -> None:
    keys, uuid = together.keys, together.commitment
    reviews.rate_commitment(keys, together.proof(2), uuid, "not_yet")
    reviews.rate_commitment(keys, together.proof(2), uuid, "helping")
    assert reviews.my_rating(keys, together.proof(2), uuid, 2) == "helping"
    assert NeedsRating.select().count() == 1


def test_rating_needs_the_owners_own_password(together: Together) -> None:
    with pytest.raises(NeedsOwner):
        reviews.rate_commitment(together.keys, None, together.commitment, "helping")
    with pytest.raises(NeedsOwner):  # naming partner 1 with partner 2's password
        reviews.rate_commitment(together.keys, together.proof(2), together.commitment,
                                "helping", owner=1)
    assert NeedsRating.select().count() == 0


@pytest.mark.parametrize("rating", ["", "good", "50%", "failed", "Helping"])
def test_only_the_four_ratings(together: Together, rating: str) -> None:
    with pytest.raises(ValueError):
        reviews.rate_commitment(together.keys, together.proof(1), together.commitment, rating)


def test_alone_a_partner_rates_with_the_key_their_session_holds(vault, couple,
                                                                session_a) -> None:
    keys = session_a.keyring

    def proof(partner: int):
        return vault.check_password(partner, couple.passwords[partner])

    uuid = make_active(keys, proof)
    reviews.rate_commitment(keys, None, uuid, "helping", owner=1)
    assert reviews.my_rating(keys, None, uuid, 1) == "helping"


def test_deciding_needs_both_fresh_passwords(together: Together, monkeypatch) -> None:
    keys, uuid = together.keys, together.commitment
    reviews.rate_commitment(keys, together.proof(1), uuid, "helping")
    stale = together.proof(2)
    for proofs in ([], [together.proof(1)], [together.proof(2), together.proof(2)]):
        with pytest.raises(NeedsBoth):
            reviews.decide_review(keys, proofs, uuid, "keep")
    monkeypatch.setattr("models.proof.FRESH_SECONDS", -1.0)
    with pytest.raises(NeedsBoth):
        reviews.decide_review(keys, [together.proof(1), stale], uuid, "keep")
    monkeypatch.undo()
    assert reviews.load_reviews(keys) == ([], [])
    assert reviews.my_rating(keys, together.proof(1), uuid, 1) == "helping"


def test_deciding_reveals_both_ratings_together(together: Together) -> None:
    keys, uuid = together.keys, together.commitment
    reviews.rate_commitment(keys, together.proof(1), uuid, "helping")
    review = reviews.decide_review(keys, [together.proof(1), together.proof(2)], uuid, "keep",
                                   "Keep it; the message before six helps.",
                                   reviewed_on=dt.date(2026, 11, 20))
    assert review.ratings == {1: "helping", 2: "rather_not"}  # 2 did not rate
    assert (review.decision, review.reviewed_on) == ("keep", dt.date(2026, 11, 20))
    assert reviews.load_reviews(keys) == ([review], [])
    assert reviews.load_reviews(keys, uuid) == ([review], [])
    assert reviews.load_reviews(keys, "0" * 32) == ([], [])
    # The private ratings are gone: the next review starts afresh.
    assert reviews.my_rating(keys, together.proof(1), uuid, 1) is None
    assert NeedsRating.select().count() == 0
    mark = reviews.latest_reviews(keys)[uuid]
    assert (mark.decision, mark.reviewed_on) == ("keep", dt.date(2026, 11, 20))
    assert _commitment(together).latest_review == "keep"
    assert _commitment(together).state == "active"


def test_pause_then_keep_then_retire(together: Together) -> None:
    keys, uuid = together.keys, together.commitment

    def both():
        return [together.proof(1), together.proof(2)]

    reviews.decide_review(keys, both(), uuid, "pause")
    assert _commitment(together).state == "paused"
    assert reviews.due_reviews(keys, dt.date.today() + dt.timedelta(days=400)) == []
    reviews.decide_review(keys, both(), uuid, "keep")
    assert _commitment(together).state == "active"
    reviews.decide_review(keys, both(), uuid, "change", "Before five on Fridays.")
    assert _commitment(together).state == "active"
    assert _commitment(together).latest_review == "change"
    reviews.decide_review(keys, both(), uuid, "retire")
    assert _commitment(together).state == "retired"
    assert [r.decision for r in reviews.load_reviews(keys, uuid)[0]] == [
        "pause", "keep", "change", "retire"]
    with pytest.raises(ValueError):
        reviews.rate_commitment(keys, together.proof(1), uuid, "helping")
    with pytest.raises(ValueError):
        reviews.decide_review(keys, both(), uuid, "keep")


@pytest.mark.parametrize("decision", ["", "adjust", "fail", "done"])
def test_only_the_four_decisions(together: Together, decision: str) -> None:
    with pytest.raises(ValueError):
        reviews.decide_review(together.keys, [together.proof(1), together.proof(2)],
                              together.commitment, decision)


def test_cadence_and_what_is_due(together: Together) -> None:
    keys, uuid = together.keys, together.commitment
    since = _commitment(together).since
    assert since is not None
    start = since.date()
    assert reviews.review_cadence(keys, uuid) == 14
    assert reviews.due_reviews(keys, start + dt.timedelta(days=13)) == []
    assert reviews.due_reviews(keys, start + dt.timedelta(days=14)) == [uuid]
    reviews.set_review_cadence(keys, 2, uuid, 7)
    assert reviews.review_cadence(keys, uuid) == 7
    assert reviews.due_reviews(keys, start + dt.timedelta(days=7)) == [uuid]
    on = start + dt.timedelta(days=8)
    reviews.decide_review(keys, [together.proof(1), together.proof(2)], uuid, "keep",
                          reviewed_on=on)
    assert reviews.due_reviews(keys, on + dt.timedelta(days=6)) == []
    assert reviews.due_reviews(keys, on + dt.timedelta(days=7)) == [uuid]


@pytest.mark.parametrize("days", [0, -3, 366, 2.5, "14"])
def test_a_cadence_is_1_to_365_days(together: Together, days) -> None:
    with pytest.raises(ValueError):
        reviews.set_review_cadence(together.keys, 1, together.commitment, days)
    assert reviews.review_cadence(together.keys, together.commitment) == 14


def test_a_proposed_commitment_is_not_due(vault, couple, session_both) -> None:
    keys = session_both.keyring

    def proof(partner: int):
        return vault.check_password(partner, couple.passwords[partner])

    uuid = make_active(keys, proof)
    needs.change_commitment(keys, 1, uuid, {"what": "I call you when I leave work."})
    assert reviews.due_reviews(keys, dt.date.today() + dt.timedelta(days=100)) == []


def test_unknown_commitment_is_refused(together: Together) -> None:
    with pytest.raises(ValueError):
        reviews.set_review_cadence(together.keys, 1, "f" * 32, 7)
    with pytest.raises(ValueError):
        reviews.rate_commitment(together.keys, together.proof(1), "f" * 32, "helping")
