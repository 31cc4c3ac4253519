"""One damaged narrative row never hides the rest: a plain column edited against its
signed facts, flipped words, a removed or moved draft are each named in their place."""

from __future__ import annotations

import pytest

from models import narrative
from models.damage import RecordDamaged
from models.file_check import check_file
from models.narrative import JointParagraph
from tests.models.file_helpers import flip as _flip
from tests.models.file_helpers import sql


@pytest.fixture
def shared(vault, couple, session_a):
    """Partner 1 alone: three exceptions, each shared once."""
    keys = session_a.keyring
    proof = vault.check_password(1, couple.passwords[1])
    drafts = [narrative.save_draft(keys, 1, "exception", {"what": f"moment {n}"})
              for n in range(3)]
    pieces = [narrative.share_piece(keys, proof, d.uuid) for d in drafts]
    return keys, drafts, pieces


@pytest.mark.parametrize(("column", "value"), [
    ("author", 2), ("kind", "heard"), ("source", "0" * 32), ("version", 2), ("withdrawn", 1)])
def test_a_plain_column_edited_is_damage_of_that_piece_only(shared, couple, column,
                                                            value) -> None:
    keys, _, pieces = shared
    hurt = pieces[1]
    sql(couple, f"UPDATE narrative_piece SET {column} = ? WHERE uuid = ?", value, hurt.uuid)
    loaded, damaged = narrative.load_shared(keys)
    assert loaded == [pieces[0], pieces[2]]
    assert [(d.table, d.uuid, d.what) for d in damaged] == [("narrative_piece", hurt.uuid,
                                                             "state")]
    assert hurt.uuid in {d.uuid for d in check_file(keys).damaged}


def test_flipped_or_swapped_words_are_damage(shared, couple) -> None:
    keys, _, pieces = shared
    row = narrative.NarrativePiece.get(narrative.NarrativePiece.uuid == pieces[0].uuid)
    sql(couple, "UPDATE narrative_piece SET fields = ? WHERE uuid = ?", _flip(bytes(row.fields)),
        pieces[0].uuid)
    loaded, damaged = narrative.load_shared(keys)
    assert loaded == pieces[1:] and [d.uuid for d in damaged] == [pieces[0].uuid]


def test_a_removed_piece_is_damage(shared, couple) -> None:
    keys, _, pieces = shared
    sql(couple, "DELETE FROM narrative_piece WHERE uuid = ?", pieces[2].uuid)
    loaded, damaged = narrative.load_shared(keys)
    assert loaded == pieces[:2]
    assert [(d.uuid, d.detail) for d in damaged] == [(pieces[2].uuid, "missing")]


def test_a_damaged_draft_hides_only_itself(shared, couple) -> None:
    keys, drafts, _ = shared
    row = narrative.NarrativeDraft.get(narrative.NarrativeDraft.uuid == drafts[1].uuid)
    sql(couple, "UPDATE narrative_draft SET content = ? WHERE uuid = ?",
        _flip(bytes(row.content)), drafts[1].uuid)
    opened, damaged = narrative.load_drafts(keys, 1)
    assert opened == [drafts[0], drafts[2]]
    assert [(d.uuid, d.what) for d in damaged] == [(drafts[1].uuid, "words")]


def test_a_removed_or_moved_draft_is_damage(shared, couple) -> None:
    keys, drafts, _ = shared
    sql(couple, "DELETE FROM narrative_draft WHERE uuid = ?", drafts[0].uuid)
    opened, damaged = narrative.load_drafts(keys, 1)
    assert opened == drafts[1:]
    assert [(d.uuid, d.what) for d in damaged] == [("private rows of 1", "record")]
    sql(couple, "UPDATE narrative_draft SET owner = 2 WHERE uuid = ?", drafts[1].uuid)
    opened, damaged = narrative.load_drafts(keys, 1)
    assert opened == drafts[2:] and [d.uuid for d in damaged] == ["private rows of 1"]


def test_a_removed_count_is_damage(shared, couple) -> None:
    keys, drafts, _ = shared
    # Partner 1's manifests are their journal's and their drafts'; remove them all.
    sql(couple, "DELETE FROM private_manifest WHERE owner = 1")
    keys.memo("narrative drafts counted", 1).clear()
    opened, damaged = narrative.load_drafts(keys, 1)
    assert opened == drafts and [d.uuid for d in damaged] == ["private rows of 1"]


def test_a_damaged_joint_version_hides_only_itself(vault, couple, session_both) -> None:
    keys = session_both.keyring
    for partner in (1, 2):
        narrative.wish_joint(keys, partner, True)
    first = narrative.save_joint(keys, 1, [JointParagraph(1, "One.")])
    narrative.confirm_joint(keys, vault.check_password(1, couple.passwords[1]), 1)
    second = narrative.save_joint(keys, 2, [JointParagraph(1, "One."), JointParagraph(2, "Two.")])
    sql(couple, "UPDATE narrative_joint SET version = 7 WHERE version = 1")
    story, damaged = narrative.load_joint(keys)
    assert story.versions == (second,) and [d.what for d in damaged] == ["state"]
    assert first.version == 1
    with pytest.raises(RecordDamaged):  # never written on top of what does not verify
        narrative.save_joint(keys, 1, [JointParagraph(1, "One."), JointParagraph(2, "Two."),
                                       JointParagraph(1, "Three.")])


def test_the_file_check_is_clean_for_a_sound_file(shared) -> None:
    keys, _, _ = shared
    report = check_file(keys)
    assert report.ok, report.damaged
