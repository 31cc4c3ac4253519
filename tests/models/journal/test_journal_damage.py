"""One damaged entry never hides the rest: each is named in its place, and a row removed,
moved to the other partner or stripped of its details is damage, never a quiet loss."""

from __future__ import annotations

import pytest

from models import bulk
from models.damage import RecordDamaged
from models.file_check import check_file
from models.journal import (
    EntryDraft,
    load_entries,
    load_passages,
    load_plan,
    save_entry,
    save_plan,
    share_passage,
)
from models.journal.tables import JournalEntry
from tests.models.file_helpers import flip as _flip
from tests.models.file_helpers import sql


@pytest.fixture
def journal_of_a(session_a):
    keys = session_a.keyring
    entries = [save_entry(keys, 1, EntryDraft(title=f"t{n}", body=f"words {n}", tags=("trigger",)))
               for n in range(5)]
    return keys, entries


@pytest.mark.parametrize("column", ["written_at", "title", "body", "details"])
def test_a_damaged_field_hides_only_its_entry(journal_of_a, couple, column) -> None:
    keys, entries = journal_of_a
    hurt = entries[2]
    row = JournalEntry.get(JournalEntry.uuid == hurt.uuid)
    sql(couple, f"UPDATE journal_entry SET {column} = ? WHERE uuid = ?",
        _flip(bytes(getattr(row, column))), hurt.uuid)
    opened, damaged = load_entries(keys, 1)
    assert {e.uuid for e in opened} == {e.uuid for e in entries} - {hurt.uuid}
    assert [(d.table, d.uuid, d.what) for d in damaged] == [("journal_entry", hurt.uuid, "words")]
    assert all("words" not in d.detail for d in damaged)


def test_details_dropped_to_pass_an_entry_off_as_older_is_damage(journal_of_a, couple) -> None:
    keys, entries = journal_of_a
    sql(couple, "UPDATE journal_entry SET details = NULL WHERE uuid = ?", entries[0].uuid)
    opened, damaged = load_entries(keys, 1)
    assert len(opened) == 4 and [d.uuid for d in damaged] == [entries[0].uuid]


def test_details_swapped_between_entries_are_damage(journal_of_a, couple) -> None:
    keys, entries = journal_of_a
    source = JournalEntry.get(JournalEntry.uuid == entries[0].uuid)
    sql(couple, "UPDATE journal_entry SET details = ? WHERE uuid = ?", bytes(source.details),
        entries[1].uuid)
    opened, damaged = load_entries(keys, 1)
    assert len(opened) == 4 and [d.uuid for d in damaged] == [entries[1].uuid]


def test_a_removed_entry_is_damage_and_the_rest_still_open(journal_of_a, couple) -> None:
    keys, entries = journal_of_a
    sql(couple, "DELETE FROM journal_entry WHERE uuid = ?", entries[3].uuid)
    opened, damaged = load_entries(keys, 1)
    assert len(opened) == 4
    assert [(d.uuid, d.detail) for d in damaged] == [
        ("private rows of 1", "rows differ from the owner's own count")]


def test_an_entry_moved_to_the_other_partner_is_damage_for_both(vault, couple,
                                                                session_both_owners) -> None:
    keys = session_both_owners.keyring
    mine = [save_entry(keys, 1, EntryDraft(body=f"mine {n}")) for n in range(2)]
    theirs = save_entry(keys, 2, EntryDraft(body="theirs"))
    sql(couple, "UPDATE journal_entry SET owner = 2 WHERE uuid = ?", mine[0].uuid)
    opened, damaged = load_entries(keys, 1)
    assert opened == [mine[1]] and [d.uuid for d in damaged] == ["private rows of 1"]
    opened, damaged = load_entries(keys, 2)
    assert opened == [theirs]
    assert {d.uuid for d in damaged} == {mine[0].uuid, "private rows of 2"}


def test_a_removed_coping_plan_is_damage_not_an_empty_plan(journal_of_a, couple) -> None:
    keys, _ = journal_of_a
    save_plan(keys, 1, {"triggers": "Phones buzzing at dinner"})
    assert load_plan(keys, 1).sections["triggers"] == "Phones buzzing at dinner"
    sql(couple, "DELETE FROM coping_plan")
    with pytest.raises(RecordDamaged):
        load_plan(keys, 1)
    assert len(load_entries(keys, 1)[1]) == 1  # the journal's count says so too


def test_the_file_check_names_journal_damage(vault, couple, session_both_owners) -> None:
    keys = session_both_owners.keyring
    entry = save_entry(keys, 1, EntryDraft(body="words"))
    save_plan(keys, 2, {"helps": "Tea"})
    passage = share_passage(keys, vault.check_password(1, couple.passwords[1]), "shared",
                            "session")
    assert check_file(keys).ok
    row = JournalEntry.get(JournalEntry.uuid == entry.uuid)
    sql(couple, "UPDATE journal_entry SET details = ? WHERE uuid = ?", _flip(bytes(row.details)),
        entry.uuid)
    sql(couple, "UPDATE coping_plan SET sections = X'00'")
    sql(couple, "UPDATE shared_passage SET author = 2")
    named = {(d.table, d.uuid) for d in check_file(keys).damaged}
    assert ("journal_entry", entry.uuid) in named
    assert "coping_plan" in {table for table, _ in named}
    assert ("shared_passage", passage.uuid) in named
    assert load_passages(keys)[0] == []


def test_bulk_filled_entries_open_as_saved_ones_do(session_a) -> None:
    keys = session_a.keyring
    texts = [f"Entry number {n}. " + "Some honest words about the day. " * (n % 7 + 1)
             for n in range(120)]
    uuids = bulk.fill_journal(keys, 1, texts)
    saved = save_entry(keys, 1, EntryDraft(body="Saved the usual way"))
    opened, damaged = load_entries(keys, 1)
    assert damaged == [] and len(opened) == 121
    assert opened[0] == saved and opened[-1].uuid == uuids[0]
    assert [e.body for e in reversed(opened[1:])] == texts
    assert check_file(keys).ok
