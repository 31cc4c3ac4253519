"""Sharing a need: only its owner, with their fresh password; each share of one draft is
the next version of the same shared need; withdrawing empties every version and pauses
the commitments that serve it; the draft stays private throughout."""

from __future__ import annotations

import pytest

from models import needs
from models.damage import RecordDamaged
from models.proof import FreshProof, NeedsOwner


@pytest.fixture
def world(session_both, vault, couple):
    """A together session; ``proof(p)`` is partner p typing their password now."""
    keys = session_both.keyring

    def proof(partner: int) -> FreshProof:
        return vault.check_password(partner, couple.passwords[partner])

    def draft(owner: int, **fields: str) -> needs.NeedDraft:
        needs.open_needs(keys, owner, proof(owner))
        try:
            return needs.save_draft(keys, owner, fields)
        finally:
            needs.close_needs(keys, owner)

    return keys, proof, draft


def test_sharing_needs_the_owners_fresh_password(world) -> None:
    keys, proof, draft = world
    mine = draft(1, title="Hearing from you", safe_signs="A text when late")
    with pytest.raises(NeedsOwner):
        needs.share_need(keys, None, mine.uuid)
    with pytest.raises(NeedsOwner):
        needs.share_need(keys, proof(2), mine.uuid)
    fresh = proof(1)
    with pytest.raises(NeedsOwner):
        needs.share_need(keys, FreshProof(1, fresh.bundle, made_at=fresh.made_at - 3600),
                         mine.uuid)
    assert needs.load_needs(keys) == ([], [])
    shared = needs.share_need(keys, fresh, mine.uuid)
    assert (shared.owner, shared.source, shared.version) == (1, mine.uuid, 1)
    assert shared.fields == mine.fields and shared.title == "Hearing from you"
    assert shared.importance == 1
    assert needs.load_needs(keys) == ([shared], [])
    assert not keys.holds_journal(1)  # shared with the proof's key alone


def test_an_empty_need_has_nothing_to_share(world) -> None:
    keys, proof, draft = world
    empty = draft(1, helps="Only this")
    with pytest.raises(ValueError):
        needs.share_need(keys, proof(1), empty.uuid)
    assert needs.load_needs(keys) == ([], [])


def test_sharing_again_is_the_next_version_of_the_same_need(world) -> None:
    keys, proof, draft = world
    mine = draft(1, card="predictability", importance="2")
    first = needs.share_need(keys, proof(1), mine.uuid)
    assert first.title == "predictability" and first.importance == 2
    needs.open_needs(keys, 1, proof(1))
    needs.save_draft(keys, 1, {"importance": "3", "words": "Plans said a day ahead"},
                     mine.uuid)
    needs.close_needs(keys, 1)
    second = needs.share_need(keys, proof(1), mine.uuid)
    assert (second.uuid, second.version, second.importance) == (first.uuid, 2, 3)
    assert needs.load_needs(keys) == ([second], [])
    assert needs.versions_of(keys, first.uuid) == [first, second]
    theirs = needs.share_need(keys, proof(2), draft(2, title="Space to think").uuid)
    assert needs.load_needs(keys) == ([second, theirs], [])


def test_withdrawing_is_the_owners_and_a_share_brings_it_back(world, vault) -> None:
    keys, proof, draft = world
    mine = draft(1, title="Being believed", words="When I say I am scared")
    shared = needs.share_need(keys, proof(1), mine.uuid)
    with pytest.raises(NeedsOwner):
        needs.withdraw_need(keys, None, shared.uuid)
    with pytest.raises(NeedsOwner):
        needs.withdraw_need(keys, proof(2), shared.uuid)
    needs.withdraw_need(keys, proof(1), shared.uuid)
    needs.withdraw_need(keys, proof(1), shared.uuid)  # twice changes nothing
    assert needs.load_needs(keys) == ([], [])
    assert needs.versions_of(keys, shared.uuid) == []
    stored = vault._database.execute_sql("SELECT withdrawn FROM needs_shared").fetchall()
    assert stored == [(1,)]
    again = needs.share_need(keys, proof(1), mine.uuid)
    assert (again.uuid, again.version) == (shared.uuid, 2)
    assert needs.load_needs(keys) == ([again], [])
    with pytest.raises(RecordDamaged):
        needs.withdraw_need(keys, proof(1), "no-such-need")


def test_deleting_the_draft_leaves_the_shared_need(world) -> None:
    keys, proof, draft = world
    mine = draft(2, title="Appreciation")
    shared = needs.share_need(keys, proof(2), mine.uuid)
    needs.open_needs(keys, 2, proof(2))
    needs.delete_draft(keys, 2, mine.uuid)
    needs.close_needs(keys, 2)
    assert needs.load_needs(keys) == ([shared], [])
    with pytest.raises(RecordDamaged):
        needs.share_need(keys, proof(2), mine.uuid)
