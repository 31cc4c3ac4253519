"""Schema step 8: a file whose entries have only their three sealed fields (written_at,
title, body) keeps opening them after the step, and they are rewritten in the new form."""

from __future__ import annotations

import sqlite3

import peewee
import pytest

from models import manifest, migrations
from models.errors import VaultDamaged
from models.journal import (
    EntryDraft,
    entries_of,
    load_entries,
    load_plan,
    save_entry,
    save_plan,
)
from models.journal.tables import JournalEntry
from models.records import PrivateRecord
from models.session import Keyring
from models.vault import Vault
from models.vault.inspection import inspect


class OldJournalEntry(PrivateRecord):
    """The entry as models/journal.py wrote it before step 8 (same table)."""

    sealed_fields = ("written_at", "title", "body")
    written_at = peewee.BlobField()
    title = peewee.BlobField()
    body = peewee.BlobField()

    class Meta:
        table_name = "journal_entry"


def _version(path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])
    finally:
        connection.close()


def _back_to_step_7(path) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute("ALTER TABLE journal_entry DROP COLUMN details")
        connection.execute("DROP TABLE coping_plan")
        connection.execute("DROP TABLE shared_passage")
        connection.execute("PRAGMA user_version = 7")
        connection.commit()
    finally:
        connection.close()


@pytest.fixture
def old_file(couple, opened):
    """A file at schema 7 with three entries of partner 1 in the old form (one of them
    rewritten once) and one of partner 2, each counted as the old code counted them."""
    keys = Keyring(dict(couple.plan.bundles))
    vault = opened(Vault.open(couple.path))
    written = {}
    for owner, at, title in ((1, "2024-03-01T20:15:00+01:00", "First"),
                             (1, "2024-03-09T07:05:00+01:00", "Second"),
                             (1, "2024-04-02T22:40:00+02:00", "Third"),
                             (2, "2024-03-05T12:00:00+01:00", "Theirs")):
        row = OldJournalEntry.write_new(keys, {"owner": owner}, written_at=at, title=title,
                                        body=f"{title} words")
        manifest.note(keys, owner, "journal_entry", added=[row.uuid])
        written[title] = row
    written["Second"].rewrite(keys, body="Second words, changed")
    vault.close()
    _back_to_step_7(couple.path)
    return keys, written


def test_old_entries_open_after_step_8(couple, opened, old_file) -> None:
    keys, written = old_file
    vault = opened(Vault.open(couple.path))
    assert _version(couple.path) == migrations.SCHEMA_VERSION >= 8
    entries, damaged = load_entries(keys, 1)
    assert damaged == []
    assert [(e.title, e.body) for e in entries] == [
        ("Third", "Third words"), ("Second", "Second words, changed"), ("First", "First words")]
    third = entries[0]
    assert third.written_at.isoformat() == "2024-04-02T22:40:00+02:00"
    assert third.updated_at == third.written_at and third.draft == EntryDraft("Third",
                                                                              "Third words")
    assert [e.title for e in load_entries(keys, 2)[0]] == ["Theirs"]
    assert [values["title"] for _, values in entries_of(keys, 1)] == ["Third", "Second", "First"]
    assert load_plan(keys, 1).updated_at is None
    vault.close()


def test_an_old_entry_rewritten_takes_the_new_form_and_keeps_its_date(couple, opened,
                                                                       old_file) -> None:
    keys, written = old_file
    opened(Vault.open(couple.path))
    first = written["First"]
    rewritten = save_entry(keys, 1, EntryDraft(title="First", body="Now with tags",
                                               tags=("small_win",)), first.uuid)
    assert rewritten.written_at.isoformat() == "2024-03-01T20:15:00+01:00"
    assert JournalEntry.get(JournalEntry.uuid == first.uuid).details is not None
    save_entry(keys, 1, EntryDraft(body="A new one"))
    save_plan(keys, 1, {"helps": "Breathing out slowly"})
    entries, damaged = load_entries(keys, 1)
    assert damaged == [] and len(entries) == 4
    assert {e.uuid: e for e in entries}[first.uuid].tags == ("small_win",)
    assert load_plan(keys, 1).sections["helps"] == "Breathing out slowly"


def test_a_file_at_step_8_without_the_new_column_is_refused_before_opening(couple) -> None:
    connection = sqlite3.connect(couple.path)
    try:
        connection.execute("ALTER TABLE journal_entry DROP COLUMN details")
        connection.commit()
    finally:
        connection.close()
    with pytest.raises(VaultDamaged):
        inspect(couple.path)
