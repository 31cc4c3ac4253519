"""Drivers for the consent check-in's actions in ``models/rules.py``.

Each sets up what its action needs with proofs of its own (``world.proof``), then takes
the action with exactly the ``proofs`` the rule harness hands it. Partner 1 owns the
OWNER actions. The harness calls a driver several times in one vault (refused first,
then allowed), so each checks only what its own call set up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from models import consent
from models.proof import FreshProof

if TYPE_CHECKING:  # the harness imports this module; importing it back would be a circle
    from tests.models.test_models_rules import World


def _item(world: World, label: str = "Holding hands in public") -> consent.Item:
    return consent.add_item(world.keys, label, 2)


def _only(proofs: list[FreshProof]) -> FreshProof | None:
    """The one proof an OWNER action takes (the harness hands over at most one)."""
    assert len(proofs) <= 1
    return proofs[0] if proofs else None


def add_item(world: World, proofs: list[FreshProof]) -> object:
    added = consent.add_item(world.keys, "A long hug when one of us comes home", 1)
    assert added.uuid in [i.uuid for i in consent.items(world.keys)]
    return added


def answer(world: World, proofs: list[FreshProof]) -> object:
    item = _item(world)
    consent.answer(world.keys, 1, item.uuid, "not_now", "not this month", _only(proofs))
    mine = consent.my_answers(world.keys, 1, world.proof(1))
    assert (mine[item.uuid].answer, mine[item.uuid].note) == ("not_now", "not this month")
    assert not world.keys.holds_journal(1), "a proof opens one step, not the session"
    return mine


def set_aside_item(world: World, proofs: list[FreshProof]) -> object:
    kept, leaving = _item(world, "Kissing"), _item(world, "Sex")
    consent.set_aside_item(world.keys, leaving.uuid, proofs)
    left = [i.uuid for i in consent.items(world.keys)]
    assert kept.uuid in left and leaving.uuid not in left
    return kept


def reveal(world: World, proofs: list[FreshProof]) -> object:
    item = _item(world)
    for partner in (1, 2):
        consent.answer(world.keys, partner, item.uuid, "yes", proof=world.proof(partner))
    shown = consent.reveal(world.keys, proofs)
    assert shown.outcome_of(item.uuid) == "yes"
    assert not world.keys.holds_journal(1) and not world.keys.holds_journal(2)
    return shown


DRIVERS: dict[str, Callable[[World, list[FreshProof]], object]] = {
    "consent.add_item": add_item,
    "consent.answer": answer,
    "consent.set_aside_item": set_aside_item,
    "consent.reveal": reveal,
}
