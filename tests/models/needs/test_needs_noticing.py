"""Noticing: who does a commitment notes kept or missed, the person with the need notes
what they noticed, each with one line; a note by the wrong partner is refused; a miss
the doer noted before anyone else said anything is early (honesty); the notes since
the last review are per commitment, and nothing anywhere is a rate or a streak."""

from __future__ import annotations

import dataclasses

import pytest

from models import needs
from models.db import writing
from models.needs import misattunement
from models.proof import FreshProof


@pytest.fixture
def world(session_both, vault, couple):
    keys = session_both.keyring

    def proof(partner: int) -> FreshProof:
        return vault.check_password(partner, couple.passwords[partner])

    needs.open_needs(keys, 1, proof(1))
    draft = needs.save_draft(keys, 1, {"title": "Reassurance"})
    needs.close_needs(keys, 1)
    need = needs.share_need(keys, proof(1), draft.uuid)
    made = needs.propose_commitment(keys, 1, need.uuid, 2, {"what": "Say goodnight"})
    return keys, proof, made


def _active(keys, proof, made):
    needs.confirm_commitment(keys, proof(1), made.uuid)
    return needs.confirm_commitment(keys, proof(2), made.uuid)


def test_notes_wait_until_both_confirmed(world) -> None:
    keys, proof, made = world
    with pytest.raises(ValueError):
        needs.note(keys, 2, made.uuid, "kept", "Said it at ten")
    _active(keys, proof, made)
    kept = needs.note(keys, 2, made.uuid, "kept", "  Said it at ten ")
    assert (kept.by, kept.kind, kept.line, kept.early) == (2, "kept", "Said it at ten", False)
    assert needs.load_notes(keys) == ([kept], [])
    assert needs.load_notes(keys, made.uuid) == ([kept], [])


@pytest.mark.parametrize(("by", "kind"), [(1, "kept"), (1, "missed"), (2, "noticed"),
                                          (2, "failed"), (3, "kept")])
def test_a_note_by_the_wrong_partner_or_kind_is_refused(world, by, kind) -> None:
    keys, proof, made = world
    _active(keys, proof, made)
    with pytest.raises(ValueError):
        needs.note(keys, by, made.uuid, kind, "A line")
    assert needs.load_notes(keys) == ([], [])


def test_one_line_only(world) -> None:
    keys, proof, made = world
    _active(keys, proof, made)
    with pytest.raises(ValueError):
        needs.note(keys, 2, made.uuid, "kept", "One\nTwo")
    with pytest.raises(ValueError):
        needs.note(keys, 2, made.uuid, "kept", "x" * 501)


def test_a_miss_noted_first_is_early_and_after_someone_spoke_is_not(world) -> None:
    keys, proof, made = world
    _active(keys, proof, made)
    first = needs.note(keys, 2, made.uuid, "missed", "I forgot, I am sorry")
    assert first.early
    noticed = needs.note(keys, 1, made.uuid, "noticed", "I waited up")
    assert not noticed.early
    later = needs.note(keys, 2, made.uuid, "missed", "Yes, I missed it")
    assert not later.early
    kept = needs.note(keys, 2, made.uuid, "kept", "Said it")
    assert not kept.early
    after_misattunement_free = needs.note(keys, 2, made.uuid, "missed", "Fell asleep")
    assert after_misattunement_free.early
    misattunement.open_misattunement(keys, 1, commitment=made.uuid,
                                     what_happened="No goodnight again")
    assert not needs.note(keys, 2, made.uuid, "missed", "After the talk").early
    notes, damaged = needs.load_notes(keys, made.uuid)
    assert damaged == [] and [n.early for n in notes] == [True, False, False, False, True,
                                                          False]


def test_notes_since_the_last_review(world) -> None:
    keys, proof, made = world
    _active(keys, proof, made)
    before = needs.note(keys, 2, made.uuid, "kept", "Before the review")
    assert needs.notes_since_review(keys) == {made.uuid: [before]}
    signers = {p: proof(p).bundle.journal_key for p in (1, 2)}
    with writing():  # as models.needs.reviews.decide_review does, inside its transaction
        needs.review_decided(keys, made.uuid, "keep", sign_with=signers)
    assert needs.notes_since_review(keys) == {}
    after = needs.note(keys, 1, made.uuid, "noticed", "You remembered")
    assert needs.notes_since_review(keys) == {made.uuid: [after]}
    assert needs.load_commitment(keys, made.uuid).latest_review == "keep"


def test_no_rate_streak_or_failed_in_any_view() -> None:
    words = " ".join(f.name for view in (needs.Need, needs.NeedDraft, needs.Commitment,
                                         needs.Note) for f in dataclasses.fields(view))
    words += " " + " ".join((*needs.STATES, *needs.NOTE_KINDS, *needs.LATELY))
    for banned in ("rate", "percent", "streak", "fail", "score", "compliance"):
        assert banned not in words.lower()


def test_a_paused_commitment_still_takes_notes_and_a_damaged_one_refuses(world, vault) -> None:
    keys, proof, made = world
    _active(keys, proof, made)
    needs.pause_commitment(keys, 1, made.uuid)
    assert needs.note(keys, 2, made.uuid, "missed", "Paused, and I missed it").early
    with writing():
        vault._database.execute_sql("UPDATE needs_commitment SET doer = 1")
    from models.damage import RecordDamaged

    with pytest.raises(RecordDamaged):
        needs.note(keys, 1, made.uuid, "kept", "Not mine to note")
