"""Drivers for narrative re-authoring's actions in ``models/rules.py``.

Partner 1 owns the OWNER actions. Each driver sets up what its action needs with proofs
of its own (``world.proof``), then takes the action with exactly the ``proofs`` the
harness hands it. The harness calls a driver several times in one vault (refused
first, then allowed), so each checks only what its own call set up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from models import narrative
from models.narrative import Draft, JointParagraph
from models.proof import FreshProof

if TYPE_CHECKING:  # the harness imports this module; importing it back would be a circle
    from tests.models.test_models_rules import World


def _only(proofs: list[FreshProof]) -> FreshProof | None:
    """The one proof an OWNER action takes (the harness hands over at most one)."""
    assert len(proofs) <= 1
    return proofs[0] if proofs else None


def _in_story(world: World, proof: FreshProof | None, act: Callable[[], object]) -> object:
    """Open partner 1's story with ``proof`` as the UI does, act, close it again."""
    if proof is not None:
        narrative.open_story(world.keys, 1, proof)
    try:
        return act()
    finally:
        narrative.close_story(world.keys, 1)
        assert not world.keys.holds_journal(1)


def _draft(world: World, words: str) -> Draft:
    def act() -> Draft:
        return narrative.save_draft(world.keys, 1, "exception", {"what": words})

    draft = _in_story(world, world.proof(1), act)
    assert isinstance(draft, Draft)
    return draft


def write(world: World, proofs: list[FreshProof]) -> object:
    def act() -> object:
        draft = narrative.save_draft(world.keys, 1, "values", {"hopes": "Slow mornings."})
        assert narrative.page_of(narrative.load_drafts(world.keys, 1)[0], "values") == draft
        return draft

    return _in_story(world, _only(proofs), act)


def share(world: World, proofs: list[FreshProof]) -> object:
    draft = _draft(world, "We walked the long way home.")
    piece = narrative.share_piece(world.keys, _only(proofs), draft.uuid)
    assert piece.author == 1 and piece in narrative.load_shared(world.keys)[0]
    return piece


def withdraw(world: World, proofs: list[FreshProof]) -> object:
    draft = _draft(world, "Shared, then taken back.")
    piece = narrative.share_piece(world.keys, world.proof(1), draft.uuid)
    narrative.withdraw_piece(world.keys, _only(proofs), piece.uuid)
    assert piece.uuid not in [p.uuid for p in narrative.load_shared(world.keys)[0]]
    return None


def wish_joint(world: World, proofs: list[FreshProof]) -> object:
    story = narrative.wish_joint(world.keys, 1, True)
    assert 1 in story.wished_by
    return story


def _open_joint(world: World) -> None:
    for partner in (1, 2):
        narrative.wish_joint(world.keys, partner, True)


def write_joint(world: World, proofs: list[FreshProof]) -> object:
    _open_joint(world)
    before = narrative.load_joint(world.keys)[0].latest
    kept = before.paragraphs if before else ()
    version = narrative.save_joint(world.keys, 1, [*kept, JointParagraph(1, f"Line {len(kept)}")])
    assert narrative.load_joint(world.keys)[0].latest == version
    return version


def confirm_joint(world: World, proofs: list[FreshProof]) -> object:
    version = write_joint(world, [])
    assert isinstance(version, narrative.JointVersion)
    confirmed = narrative.confirm_joint(world.keys, _only(proofs), version.version, partner=1)
    assert narrative.load_joint(world.keys)[0].latest == confirmed
    assert confirmed.confirmed_by == {1} and not confirmed.settled
    return confirmed


def name_roles(world: World, proofs: list[FreshProof]) -> object:
    roles = narrative.name_roles(world.keys, proofs, 2)
    assert narrative.load_roles(world.keys) == roles and roles.caused() == 1
    return roles


def clear_roles(world: World, proofs: list[FreshProof]) -> object:
    narrative.name_roles(world.keys, [world.proof(1), world.proof(2)], 1)
    roles = narrative.clear_roles(world.keys, 2)
    assert roles.hurt is None and narrative.load_roles(world.keys).hurt is None
    return roles


def export(world: World, proofs: list[FreshProof]) -> object:
    # What an export reads: shared pieces only, with the workbook key alone.
    draft = _draft(world, "For our therapist.")
    narrative.share_piece(world.keys, world.proof(1), draft.uuid)
    pieces, damaged = narrative.load_shared(world.keys)
    assert damaged == [] and "For our therapist." in [p.fields["what"] for p in pieces]
    assert not world.keys.holds_journal(1)
    return pieces


DRIVERS = {
    "narrative.write": write,
    "narrative.share": share,
    "narrative.withdraw": withdraw,
    "narrative.wish_joint": wish_joint,
    "narrative.write_joint": write_joint,
    "narrative.confirm_joint": confirm_joint,
    "narrative.name_roles": name_roles,
    "narrative.clear_roles": clear_roles,
    "narrative.export": export,
}
