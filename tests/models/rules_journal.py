"""Drivers for the journal's actions in ``models/rules.py``: every one is its owner's
(partner 1 here), with their fresh password in a together session.

Each driver opens partner 1's journal only with the proof the harness hands it (none,
partner 2's, or partner 1's), acts, and closes it again, so the next call starts with
no journal key held.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from models import journal
from models.journal import EntryDraft
from models.proof import FreshProof

if TYPE_CHECKING:  # the harness imports this module; importing it back would be a circle
    from tests.models.test_models_rules import World


def _only(proofs: list[FreshProof]) -> FreshProof | None:
    """The one proof an OWNER action takes (the harness hands over at most one)."""
    assert len(proofs) <= 1
    return proofs[0] if proofs else None


def _in_journal(world: World, proofs: list[FreshProof], act: Callable[[], object]) -> object:
    """Open partner 1's journal with ``proofs`` as the UI does, act, close it again."""
    proof = _only(proofs)
    if proof is not None:
        journal.open_journal(world.keys, 1, proof)
    try:
        return act()
    finally:
        journal.close_journal(world.keys, 1)
        assert not world.keys.holds_journal(1)


def write(world: World, proofs: list[FreshProof]) -> object:
    def act() -> object:
        entry = journal.save_entry(world.keys, 1, EntryDraft(body="Written at one keyboard."))
        assert entry.uuid in {e.uuid for e in journal.load_entries(world.keys, 1)[0]}
        return entry

    return _in_journal(world, proofs, act)


def coping_write(world: World, proofs: list[FreshProof]) -> object:
    def act() -> object:
        journal.save_plan(world.keys, 1, {"helps": "Cold water on my face."})
        assert journal.load_plan(world.keys, 1).sections["helps"] == "Cold water on my face."
        return None

    return _in_journal(world, proofs, act)


def share_passage(world: World, proofs: list[FreshProof]) -> object:
    shared = journal.share_passage(world.keys, _only(proofs), "A passage for our session.",
                                   "session", author=1)
    assert shared in journal.shared_passages(world.keys, "session")
    return shared


def withdraw_passage(world: World, proofs: list[FreshProof]) -> object:
    shared = journal.share_passage(world.keys, world.proof(1), "Shared, then taken back.",
                                   "session")
    journal.withdraw_passage(world.keys, _only(proofs), shared.uuid)
    assert shared not in journal.shared_passages(world.keys)
    return None


def export(world: World, proofs: list[FreshProof]) -> object:
    opened = world.proof(1)
    journal.open_journal(world.keys, 1, opened)
    try:
        journal.save_entry(world.keys, 1, EntryDraft(body="For the PDF."))
    finally:
        journal.close_journal(world.keys, 1)
    chosen, damaged = journal.entries_for_export(world.keys, 1, _only(proofs))
    assert "For the PDF." in [e.body for e in chosen] and damaged == []
    assert not world.keys.holds_journal(1)
    return chosen


DRIVERS = {
    "journal.write": write,
    "journal.share_passage": share_passage,
    "journal.withdraw_passage": withdraw_passage,
    "journal.export": export,
    "coping.write": coping_write,
}
