"""Commitments: proposed by either partner; confirmed by the person with the need ("this
would help") and by the doer ("I can do this"), each with their own fresh password;
active once both confirmed the current words; paused by one at once; resumed only by
both; changed words are proposed again."""

from __future__ import annotations

import pytest

from models import needs
from models.damage import RecordDamaged
from models.proof import FreshProof, NeedsBoth, NeedsOwner

WORDS = {"what": "Text when I will be late", "how_often": "Every time",
         "how_seen": "A message before seven"}


@pytest.fixture
def world(session_both, vault, couple):
    keys = session_both.keyring

    def proof(partner: int) -> FreshProof:
        return vault.check_password(partner, couple.passwords[partner])

    def shared(owner: int, title: str) -> needs.Need:
        needs.open_needs(keys, owner, proof(owner))
        try:
            draft = needs.save_draft(keys, owner, {"title": title})
        finally:
            needs.close_needs(keys, owner)
        return needs.share_need(keys, proof(owner), draft.uuid)

    need = shared(1, "Predictability")
    return keys, proof, shared, need


def test_proposed_until_both_confirm_each_with_their_own_password(world) -> None:
    keys, proof, _, need = world
    made = needs.propose_commitment(keys, 1, need.uuid, 2, WORDS)
    assert (made.state, made.need, made.needs, made.doer, made.need_owner) == (
        "proposed", need.uuid, (need.uuid,), 2, 1)
    assert (made.helps_confirmed, made.can_do_confirmed, made.since) == (False, False, None)
    assert made.waiting_for() == (1, 2) and made.version == 1
    with pytest.raises(NeedsOwner):
        needs.confirm_commitment(keys, None, made.uuid)
    # One partner's proof cannot confirm the other's part.
    with pytest.raises(NeedsOwner):
        needs.confirm_commitment(keys, proof(2), made.uuid, partner=1)
    fresh = proof(1)
    with pytest.raises(NeedsOwner):
        needs.confirm_commitment(keys, FreshProof(1, fresh.bundle, made_at=fresh.made_at - 3600),
                                 made.uuid)
    helps = needs.confirm_commitment(keys, fresh, made.uuid)
    assert (helps.state, helps.helps_confirmed, helps.can_do_confirmed) == (
        "proposed", True, False)
    assert needs.confirm_commitment(keys, proof(1), made.uuid) == helps  # again: nothing
    active = needs.confirm_commitment(keys, proof(2), made.uuid)
    assert (active.state, active.helps_confirmed, active.can_do_confirmed) == (
        "active", True, True)
    assert active.since is not None and active.waiting_for() == ()
    assert needs.load_commitments(keys) == ([active], [])


def test_a_partner_with_no_part_cannot_confirm(world) -> None:
    keys, proof, _, need = world
    own = needs.propose_commitment(keys, 1, need.uuid, 1, {"what": "Write my plans down"})
    with pytest.raises(NeedsOwner):
        needs.confirm_commitment(keys, proof(2), own.uuid)
    both = needs.confirm_commitment(keys, proof(1), own.uuid)  # both parts are theirs
    assert (both.state, both.helps_confirmed, both.can_do_confirmed) == ("active", True, True)


def test_pausing_takes_one_and_resuming_takes_both(world) -> None:
    keys, proof, _, need = world
    made = needs.propose_commitment(keys, 2, need.uuid, 2, WORDS)
    needs.confirm_commitment(keys, proof(1), made.uuid)
    active = needs.confirm_commitment(keys, proof(2), made.uuid)
    paused = needs.pause_commitment(keys, 2, made.uuid)
    assert (paused.state, paused.paused_by) == ("paused", 2)
    assert needs.pause_commitment(keys, 1, made.uuid) == paused  # twice: nothing
    fresh = proof(1)
    for proofs in ([], [proof(1)], [proof(2)], [proof(1), proof(1)],
                   [FreshProof(1, fresh.bundle, made_at=fresh.made_at - 3600), proof(2)]):
        with pytest.raises(NeedsBoth):
            needs.resume_commitment(keys, proofs, made.uuid)
    assert needs.load_commitment(keys, made.uuid) == paused
    resumed = needs.resume_commitment(keys, [proof(1), proof(2)], made.uuid)
    assert (resumed.state, resumed.paused_by, resumed.since) == ("active", None, active.since)
    with pytest.raises(ValueError):
        needs.resume_commitment(keys, [proof(1), proof(2)], made.uuid)


def test_changed_words_are_proposed_again_and_need_both(world) -> None:
    keys, proof, shared, need = world
    other = shared(2, "Space after an argument")
    made = needs.propose_commitment(keys, 1, need.uuid, 2, WORDS)
    needs.confirm_commitment(keys, proof(1), made.uuid)
    needs.confirm_commitment(keys, proof(2), made.uuid)
    changed = needs.change_commitment(keys, 2, made.uuid, {"how_often": "Most days"},
                                      also_serves=[other.uuid])
    assert (changed.state, changed.version, changed.helps_confirmed,
            changed.can_do_confirmed, changed.since) == ("proposed", 2, False, False, None)
    assert changed.fields == {**WORDS, "how_often": "Most days"}
    assert changed.needs == (need.uuid, other.uuid)
    assert needs.change_commitment(keys, 1, made.uuid, {"how_often": "Most days"}) == changed
    needs.confirm_commitment(keys, proof(2), made.uuid)
    assert needs.load_commitment(keys, made.uuid).state == "proposed"
    assert needs.confirm_commitment(keys, proof(1), made.uuid).state == "active"


@pytest.mark.parametrize("fields", [{"what": ""}, {"what": "x", "rate": "90%"},
                                    {"what": 5}])
def test_bad_words_are_refused(world, fields) -> None:
    keys, _, _, need = world
    with pytest.raises(ValueError):
        needs.propose_commitment(keys, 1, need.uuid, 2, fields)
    assert needs.load_commitments(keys) == ([], [])


def test_a_commitment_serves_shared_needs_and_real_agreements(world) -> None:
    keys, proof, _, need = world
    with pytest.raises(ValueError):
        needs.propose_commitment(keys, 1, "not-a-need", 2, WORDS)
    with pytest.raises(ValueError):
        needs.propose_commitment(keys, 1, need.uuid, 2, WORDS, agreement="no-such")
    with pytest.raises(ValueError):
        needs.propose_commitment(keys, 1, need.uuid, 3, WORDS)
    assert needs.load_commitments(keys) == ([], [])


def test_withdrawing_a_need_pauses_its_commitments(world) -> None:
    keys, proof, _, need = world
    made = needs.propose_commitment(keys, 2, need.uuid, 2, WORDS)
    needs.withdraw_need(keys, proof(1), need.uuid)
    after = needs.load_commitment(keys, made.uuid)
    assert (after.state, after.paused_by) == ("paused", 1)
    with pytest.raises(ValueError):  # while its need is withdrawn it stays paused
        needs.resume_commitment(keys, [proof(1), proof(2)], made.uuid)
    assert needs.load_commitment(keys, made.uuid) == after


def test_a_review_decided_together_moves_the_state(world) -> None:
    keys, proof, _, need = world
    made = needs.propose_commitment(keys, 1, need.uuid, 2, WORDS)
    signers = {p: proof(p).bundle.journal_key for p in (1, 2)}
    with pytest.raises(ValueError):
        needs.review_decided(keys, made.uuid, "pause", sign_with={1: signers[1]})
    from models.db import writing

    with writing():
        needs.review_decided(keys, made.uuid, "pause", sign_with=signers)
    paused = needs.load_commitment(keys, made.uuid)
    assert (paused.state, paused.latest_review) == ("paused", "pause")
    with writing():
        needs.review_decided(keys, made.uuid, "keep", sign_with=signers)
    kept = needs.load_commitment(keys, made.uuid)  # resumed: proposed, nobody confirmed
    assert (kept.state, kept.latest_review) == ("proposed", "keep")
    with writing():
        needs.review_decided(keys, made.uuid, "retire", sign_with=signers)
    retired = needs.load_commitment(keys, made.uuid)
    assert (retired.state, retired.latest_review) == ("retired", "retire")
    with pytest.raises(ValueError):
        needs.change_commitment(keys, 1, made.uuid, {"what": "Something else"})


def test_missing_commitment_is_damage(world) -> None:
    keys, _, _, _ = world
    with pytest.raises(RecordDamaged):
        needs.load_commitment(keys, "nothing-here")
