"""Sharing a draft makes a dated, versioned copy naming its author, without the private
fields; only the author shares (with their fresh password) and withdraws."""

from __future__ import annotations

import pytest

from models import narrative
from models.damage import RecordDamaged
from models.narrative import PRIVATE_FIELDS, shareable
from models.proof import FreshProof, NeedsOwner


@pytest.fixture
def world(vault, couple, session_both):
    keys = session_both.keyring

    def proof(partner: int) -> FreshProof:
        return vault.check_password(partner, couple.passwords[partner])

    return keys, proof


def _write(keys, proof, owner, kind, fields, uuid=None):
    narrative.open_story(keys, owner, proof(owner))
    try:
        return narrative.save_draft(keys, owner, kind, fields, uuid)
    finally:
        narrative.close_story(keys, owner)


def test_each_share_is_a_new_version_naming_the_author(world) -> None:
    keys, proof = world
    draft = _write(keys, proof, 1, "letter", {"did": "I lied to you", "dismissed": "spot"})
    first = narrative.share_piece(keys, proof(1), draft.uuid)
    _write(keys, proof, 1, "letter", {"did": "I lied to you for months"})
    second = narrative.share_piece(keys, proof(1), draft.uuid)
    third = narrative.share_piece(keys, proof(1), draft.uuid)
    assert [p.version for p in (first, second, third)] == [1, 2, 3]
    assert {p.author for p in (first, second, third)} == {1}
    assert {p.source for p in (first, second, third)} == {draft.uuid}
    assert first.fields["did"] == "I lied to you"
    assert second.fields["did"] == "I lied to you for months"
    assert tuple(first.fields) == shareable("letter") and "dismissed" not in first.fields
    assert first.shared_at.tzinfo is not None and first.shared_at <= third.shared_at
    pieces, damaged = narrative.load_shared(keys)
    assert damaged == [] and pieces == [first, second, third]
    assert narrative.versions_of(reversed(pieces), draft.uuid) == [first, second, third]
    assert narrative.load_shared(keys, kind="impact") == ([], [])
    assert narrative.load_shared(keys, author=2) == ([], [])
    assert narrative.load_shared(keys, kind="letter", author=1)[0] == pieces


def test_versions_are_per_draft(world) -> None:
    keys, proof = world
    one = _write(keys, proof, 1, "exception", {"what": "a walk"})
    two = _write(keys, proof, 1, "exception", {"what": "a call"})
    theirs = _write(keys, proof, 2, "impact", {"feelings": "numb", "not_ready": "later"})
    assert narrative.share_piece(keys, proof(1), one.uuid).version == 1
    assert narrative.share_piece(keys, proof(1), two.uuid).version == 1
    assert narrative.share_piece(keys, proof(1), one.uuid).version == 2
    piece = narrative.share_piece(keys, proof(2), theirs.uuid)
    assert (piece.author, piece.version, piece.fields["feelings"]) == (2, 1, "numb")
    assert "not_ready" not in piece.fields


def test_only_the_author_shares_with_their_fresh_proof(world) -> None:
    keys, proof = world
    draft = _write(keys, proof, 1, "story", {"about_me": "mine", "truth": "4"})
    fresh = proof(1)
    stale = FreshProof(1, fresh.bundle, made_at=fresh.made_at - 3600)
    for attempt in (None, proof(2), stale):
        with pytest.raises(NeedsOwner):
            narrative.share_piece(keys, attempt, draft.uuid)
    assert narrative.load_shared(keys) == ([], [])
    assert not keys.holds_journal(1)  # sharing opens nothing for the session


def test_an_empty_piece_is_not_shared(world) -> None:
    keys, proof = world
    # Only a private field written: there is nothing to share.
    draft = _write(keys, proof, 1, "impact", {"not_ready": "not yet"})
    assert draft.is_empty()
    with pytest.raises(ValueError):
        narrative.share_piece(keys, proof(1), draft.uuid)
    assert narrative.load_shared(keys) == ([], [])


def test_an_unknown_draft_is_damage_not_a_share(world) -> None:
    keys, proof = world
    with pytest.raises(RecordDamaged):
        narrative.share_piece(keys, proof(1), "0" * 32)


def test_withdrawing_is_the_authors_alone_and_empties_the_words(world) -> None:
    keys, proof = world
    draft = _write(keys, proof, 1, "values", {"values": "Being honest"})
    kept = narrative.share_piece(keys, proof(1), draft.uuid)
    taken = narrative.share_piece(keys, proof(1), draft.uuid)
    for attempt in (None, proof(2)):
        with pytest.raises(NeedsOwner):
            narrative.withdraw_piece(keys, attempt, taken.uuid)
    narrative.withdraw_piece(keys, proof(1), taken.uuid)
    narrative.withdraw_piece(keys, proof(1), taken.uuid)  # twice changes nothing
    assert narrative.load_shared(keys) == ([kept], [])
    row = narrative.NarrativePiece.get(narrative.NarrativePiece.uuid == taken.uuid)
    assert row.withdrawn and row.read(keys)["fields"] == ""
    # A share after a withdrawal is the next version, never a reused number.
    assert narrative.share_piece(keys, proof(1), draft.uuid).version == 3


def test_private_fields_are_never_shareable() -> None:
    for kind, private in PRIVATE_FIELDS.items():
        assert not set(private) & set(shareable(kind))
