"""Drivers for the needs map's actions in ``models/rules.py``.

Partner 1 owns the OWNER actions. Each driver sets up what its action needs with proofs
of its own (``world.proof``), then takes the action with exactly the ``proofs`` the
harness hands it. The harness calls a driver several times in one vault (refused
first, then allowed), so each checks only what its own call set up.

M1 wrote the drivers for needs, commitments and notes; M2 adds those for
misattunements and reviews below them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from models import needs
from models.needs import Commitment, Need, NeedDraft, reviews
from models.needs import misattunement as conversations
from models.proof import FreshProof

if TYPE_CHECKING:  # the harness imports this module; importing it back would be a circle
    from tests.models.test_models_rules import World


def _only(proofs: list[FreshProof]) -> FreshProof | None:
    """The one proof an OWNER action takes (the harness hands over at most one)."""
    assert len(proofs) <= 1
    return proofs[0] if proofs else None


def _in_needs(world: World, owner: int, proof: FreshProof | None,
              act: Callable[[], object]) -> object:
    """Open ``owner``'s needs with ``proof`` as the UI does, act, close them again."""
    if proof is not None:
        needs.open_needs(world.keys, owner, proof)
    try:
        return act()
    finally:
        needs.close_needs(world.keys, owner)
        assert not world.keys.holds_journal(owner)


def _draft(world: World, owner: int, title: str) -> NeedDraft:
    def act() -> NeedDraft:
        return needs.save_draft(world.keys, owner, {"title": title})

    draft = _in_needs(world, owner, world.proof(owner), act)
    assert isinstance(draft, NeedDraft)
    return draft


def _need(world: World, owner: int = 1, title: str = "Reassurance") -> Need:
    return needs.share_need(world.keys, world.proof(owner), _draft(world, owner, title).uuid)


def _commitment(world: World, doer: int = 2, *, active: bool = False) -> Commitment:
    made = needs.propose_commitment(world.keys, 2, _need(world).uuid, doer,
                                    {"what": "Check in at lunch"})
    if active:
        needs.confirm_commitment(world.keys, world.proof(1), made.uuid)
        made = needs.confirm_commitment(world.keys, world.proof(2), made.uuid)
        assert made.state == "active"
    return made


def write(world: World, proofs: list[FreshProof]) -> object:
    def act() -> object:
        draft = needs.save_draft(world.keys, 1, {"title": "Being asked first"})
        assert draft in needs.load_drafts(world.keys, 1)[0]
        return draft

    return _in_needs(world, 1, _only(proofs), act)


def share(world: World, proofs: list[FreshProof]) -> object:
    draft = _draft(world, 1, "Predictability")
    need = needs.share_need(world.keys, _only(proofs), draft.uuid)
    assert need.owner == 1 and need in needs.load_needs(world.keys)[0]
    return need


def withdraw(world: World, proofs: list[FreshProof]) -> object:
    need = _need(world, 1, "Shared, then taken back")
    needs.withdraw_need(world.keys, _only(proofs), need.uuid)
    assert need.uuid not in [n.uuid for n in needs.load_needs(world.keys)[0]]
    return None


def propose_commitment(world: World, proofs: list[FreshProof]) -> object:
    made = _commitment(world)
    assert made.state == "proposed" and made in needs.load_commitments(world.keys)[0]
    return made


def change_commitment(world: World, proofs: list[FreshProof]) -> object:
    made = _commitment(world, active=True)
    changed = needs.change_commitment(world.keys, 1, made.uuid, {"how_often": "Weekdays"})
    assert (changed.state, changed.version) == ("proposed", 2)
    return changed


def confirm_commitment(world: World, proofs: list[FreshProof]) -> object:
    # Partner 1 has the need (partner 2 does it): partner 1's part is "this would help".
    made = _commitment(world)
    confirmed = needs.confirm_commitment(world.keys, _only(proofs), made.uuid, partner=1)
    assert confirmed.helps_confirmed and not confirmed.can_do_confirmed
    assert needs.load_commitment(world.keys, made.uuid) == confirmed
    return confirmed


def pause_commitment(world: World, proofs: list[FreshProof]) -> object:
    made = _commitment(world, active=True)
    paused = needs.pause_commitment(world.keys, 2, made.uuid)
    assert (paused.state, paused.paused_by) == ("paused", 2)
    return paused


def resume_commitment(world: World, proofs: list[FreshProof]) -> object:
    made = _commitment(world, active=True)
    paused = needs.pause_commitment(world.keys, 1, made.uuid)
    try:
        resumed = needs.resume_commitment(world.keys, proofs, made.uuid)
    except Exception:
        assert needs.load_commitment(world.keys, made.uuid) == paused
        raise
    assert resumed.state == "active"
    return resumed


def note(world: World, proofs: list[FreshProof]) -> object:
    made = _commitment(world, active=True)
    noted = needs.note(world.keys, 2, made.uuid, "missed", "Forgot on Tuesday")
    assert noted.early and noted in needs.load_notes(world.keys, made.uuid)[0]
    return noted


def export(world: World, proofs: list[FreshProof]) -> object:
    # What an export reads: shared things only, with the workbook key alone.
    made = _commitment(world, active=True)
    needs.note(world.keys, 1, made.uuid, "noticed", "For our therapist")
    shared, hurt = needs.load_needs(world.keys)
    commitments, hurt_too = needs.load_commitments(world.keys)
    notes, hurt_notes = needs.load_notes(world.keys)
    assert hurt == hurt_too == hurt_notes == []
    assert made.uuid in [c.uuid for c in commitments]
    assert "For our therapist" in [n.line for n in notes] and shared
    assert not world.keys.holds_journal(1) and not world.keys.holds_journal(2)
    return notes


# -- M2: misattunements and reviews ----------------------------------------------------------


def misattunement(world: World, proofs: list[FreshProof]) -> object:
    entry = conversations.open_misattunement(world.keys, 2, what_happened="Late, no call")
    assert entry.waiting_for == 1 and entry in conversations.load_misattunements(world.keys)[0]
    return entry


def add_side(world: World, proofs: list[FreshProof]) -> object:
    entry = conversations.open_misattunement(world.keys, 1, what_happened="Late, no call")
    both = conversations.add_side(world.keys, 2, entry.uuid, happened="My phone died",
                                  felt="Rushed", needed="To be asked first")
    assert both.waiting_for is None and both.accounts[1] == entry.accounts[1]
    return both


def rate_review(world: World, proofs: list[FreshProof]) -> object:
    made = _commitment(world, active=True)
    reviews.rate_commitment(world.keys, _only(proofs), made.uuid, "partly", owner=1)
    assert reviews.my_rating(world.keys, world.proof(1), made.uuid, 1) == "partly"
    assert not world.keys.holds_journal(1)
    return None


def decide_review(world: World, proofs: list[FreshProof]) -> object:
    made = _commitment(world, active=True)
    reviews.rate_commitment(world.keys, world.proof(2), made.uuid, "helping")
    try:
        review = reviews.decide_review(world.keys, proofs, made.uuid, "pause")
    except Exception:  # nothing revealed, nothing decided
        assert reviews.load_reviews(world.keys, made.uuid) == ([], [])
        assert reviews.my_rating(world.keys, world.proof(2), made.uuid, 2) == "helping"
        raise
    assert review.ratings == {1: "rather_not", 2: "helping"}
    assert needs.load_commitment(world.keys, made.uuid).state == "paused"
    return review


def set_cadence(world: World, proofs: list[FreshProof]) -> object:
    made = _commitment(world, active=True)
    reviews.set_review_cadence(world.keys, 2, made.uuid, 7)
    assert reviews.review_cadence(world.keys, made.uuid) == 7
    return None


DRIVERS = {
    "needs.write": write,
    "needs.share": share,
    "needs.withdraw": withdraw,
    "needs.propose_commitment": propose_commitment,
    "needs.change_commitment": change_commitment,
    "needs.confirm_commitment": confirm_commitment,
    "needs.pause_commitment": pause_commitment,
    "needs.resume_commitment": resume_commitment,
    "needs.note": note,
    "needs.export": export,
    "needs.misattunement": misattunement,
    "needs.add_side": add_side,
    "needs.rate_review": rate_review,
    "needs.decide_review": decide_review,
    "needs.set_cadence": set_cadence,
}
