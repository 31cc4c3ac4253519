"""One damaged needs row never hides the rest: a plain column edited by SQL against its
signed facts, flipped words, a removed row are each a Damage in their place, and the
file check names them."""

from __future__ import annotations

import sqlite3

import pytest

from models import needs
from models.damage import RecordDamaged
from models.file_check import check_file
from tests.models.file_helpers import flip as _flip
from tests.models.file_helpers import sql


@pytest.fixture
def world(vault, couple, session_a):
    """Partner 1 alone: three shared needs, an active commitment for each with a note."""
    keys = session_a.keyring

    def proof(partner: int):
        return vault.check_password(partner, couple.passwords[partner])

    shared, made, notes = [], [], []
    for n in range(3):
        draft = needs.save_draft(keys, 1, {"title": f"Need {n}", "importance": "2"})
        shared.append(needs.share_need(keys, proof(1), draft.uuid))
        commitment = needs.propose_commitment(keys, 1, shared[-1].uuid, 2,
                                              {"what": f"Commitment {n}"})
        needs.confirm_commitment(keys, proof(1), commitment.uuid)
        made.append(needs.confirm_commitment(keys, proof(2), commitment.uuid))
        notes.append(needs.note(keys, 2, commitment.uuid, "kept", f"Line {n}"))
    assert check_file(keys).ok
    return keys, shared, made, notes


@pytest.mark.parametrize(("column", "value"), [
    ("owner", 2), ("need", "0" * 32), ("source", "0" * 32), ("version", 2), ("withdrawn", 1)])
def test_a_shared_need_column_edited_is_damage_of_that_need_only(world, couple, column,
                                                                 value) -> None:
    keys, shared, _, _ = world
    sql(couple, f"UPDATE needs_shared SET {column} = ? WHERE need = ?", value, shared[1].uuid)
    loaded, damaged = needs.load_needs(keys)
    assert loaded == [shared[0], shared[2]]
    assert [(d.table, d.what) for d in damaged] == [("needs_shared", "state")]
    assert not check_file(keys).ok


@pytest.mark.parametrize(("column", "value"), [
    ("need", "0" * 32), ("serves", ""), ("doer", 1), ("agreement", "0" * 32),
    ("state", "paused"), ("state", "failed"), ("version", 2), ("paused_by", 1)])
def test_a_commitment_column_edited_is_damage_of_that_one_only(world, couple, column,
                                                               value) -> None:
    keys, _, made, _ = world
    sql(couple, f"UPDATE needs_commitment SET {column} = ? WHERE uuid = ?", value, made[1].uuid)
    loaded, damaged = needs.load_commitments(keys)
    assert loaded == [made[0], made[2]]
    assert [(d.table, d.uuid, d.what) for d in damaged] == [
        ("needs_commitment", made[1].uuid, "state")]
    with pytest.raises(RecordDamaged):
        needs.load_commitment(keys, made[1].uuid)
    with pytest.raises(RecordDamaged):  # nothing is written on top of it
        needs.pause_commitment(keys, 1, made[1].uuid)
    report = check_file(keys)
    assert ("needs_commitment", made[1].uuid) in {(d.table, d.uuid) for d in report.damaged}


@pytest.mark.parametrize(("column", "value"), [("by_partner", 1), ("kind", "missed"),
                                               ("early", 1), ("commitment", "0" * 32)])
def test_a_note_column_edited_is_damage_of_that_note_only(world, couple, column,
                                                          value) -> None:
    keys, _, _, notes = world
    sql(couple, f"UPDATE needs_note SET {column} = ? WHERE uuid = ?", value, notes[1].uuid)
    loaded, damaged = needs.load_notes(keys)
    assert loaded == [notes[0], notes[2]]
    assert notes[1].uuid in {d.uuid for d in damaged}
    assert all(d.table == "needs_note" for d in damaged)


@pytest.mark.parametrize(("table", "column"), [("needs_shared", "fields"),
                                               ("needs_commitment", "fields"),
                                               ("needs_note", "line"),
                                               ("needs_draft", "content")])
def test_flipped_words_are_damage_in_their_place(world, couple, table, column) -> None:
    keys, shared, made, notes = world
    connection = sqlite3.connect(couple.path)
    try:
        rows = connection.execute(f"SELECT id, {column} FROM {table} ORDER BY id").fetchall()
        row_id, blob = rows[1]
        connection.execute(f"UPDATE {table} SET {column} = ? WHERE id = ?", (_flip(blob), row_id))
        connection.commit()
    finally:
        connection.close()
    loaded = {"needs_shared": lambda: needs.load_needs(keys),
              "needs_commitment": lambda: needs.load_commitments(keys),
              "needs_note": lambda: needs.load_notes(keys),
              "needs_draft": lambda: needs.load_drafts(keys, 1)}[table]()
    assert len(loaded[0]) == 2 and len(loaded[1]) == 1
    assert loaded[1][0].table == table and loaded[1][0].what == "words"
    assert table in {d.table for d in check_file(keys).damaged}


def test_removed_rows_are_damage_and_the_rest_load(world, couple) -> None:
    keys, shared, made, notes = world
    sql(couple, "DELETE FROM needs_commitment WHERE uuid = ?", made[0].uuid)
    sql(couple, "DELETE FROM needs_note WHERE uuid = ?", notes[2].uuid)
    sql(couple, "DELETE FROM needs_shared WHERE need = ?", shared[1].uuid)
    assert needs.load_needs(keys)[0] == [shared[0], shared[2]]
    assert needs.load_commitments(keys)[0] == made[1:]
    assert needs.load_notes(keys)[0] == notes[:2]
    damaged = check_file(keys).damaged
    assert {("needs_commitment", made[0].uuid), ("needs_note", notes[2].uuid)} <= {
        (d.table, d.uuid) for d in damaged}
    assert "needs_shared" in {d.table for d in damaged}
