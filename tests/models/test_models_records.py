"""The records API: write_new / read / rewrite, revisions, failures, sessions and locking."""

from __future__ import annotations

import datetime as dt

import peewee
import pytest

from models import crypto
from models.db import DB
from models.errors import DiskFull, NotUnlocked, RecordUnreadable
from models.journal import JournalEntry, entries_of, write_entry
from models.records import SharedRecord
from models.session import Keyring


class Note(SharedRecord):
    """A tiny shared workbook record, as a workbook module would define one."""

    sealed_fields = ("title", "body")
    title = peewee.BlobField()
    body = peewee.BlobField()
    status = peewee.CharField(default="draft")  # structural, plain


@pytest.fixture
def notes(vault):
    DB.create_tables([Note])
    return Note


TEXTS = {
    "emoji": "We laughed 😂🙂❤️‍🩹 and then 👩‍❤️‍👨 — family: 👨‍👩‍👧‍👦",
    "rtl": "שלום, מה שלומך? السلام عليكم ورحمة الله",
    "mixed-direction": "I said \u202bלא\u202c and meant it.\u200f",
    "combining": "e\u0301 n\u0303 a\u030a — Z\u0351\u0300a\u0303l\u0304g\u0305o",
    "cjk": "今日はありがとう。我们谈了很久。",
    "control": "tab\there\nnew line\r\nand a NUL \x00 in the middle",
    "empty": "",
    "100kB": ("Long letter, line after line. ✓ ünïcödé. " * 2500)[:100_000],
}


def _fresh(model, row):
    """The row as stored, not the object in memory."""
    return model.get_by_id(row.id)


def _memory(row) -> dict:
    return dict(row.__data__)


def _fill_the_vault() -> None:
    pages = DB.execute_sql("PRAGMA page_count").fetchone()[0]
    DB.execute_sql(f"PRAGMA max_page_count = {pages}")


def _unfill_the_vault() -> None:
    DB.execute_sql("PRAGMA max_page_count = 1073741823")


# -- round trips ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", list(TEXTS.values()), ids=list(TEXTS))
def test_private_round_trip(session_a, text):
    keyring = session_a.keyring
    entry = write_entry(keyring, 1, text[:200], text)
    assert entry.revision == 1
    stored = _fresh(JournalEntry, entry)
    opened = stored.read(keyring)
    assert opened["title"] == text[:200] and opened["body"] == text
    # The date is sealed too, and is a real, zoned timestamp.
    assert dt.datetime.fromisoformat(opened["written_at"]).tzinfo is not None
    if text:
        assert text.encode() not in bytes(stored.body)


@pytest.mark.parametrize("text", list(TEXTS.values()), ids=list(TEXTS))
def test_shared_round_trip_for_both_partners(notes, couple, session_a, text):
    note = notes.write_new(session_a.keyring, {"status": "open"}, title=text[:50], body=text)
    stored = _fresh(notes, note)
    assert stored.status == "open"
    assert stored.read(session_a.keyring) == {"title": text[:50], "body": text}
    assert stored.read(Keyring({2: couple.plan.bundles[2]})) == {"title": text[:50], "body": text}


def test_fields_left_out_are_empty_and_unknown_fields_are_refused(notes, session_a):
    note = notes.write_new(session_a.keyring, title="only a title")
    assert _fresh(notes, note).read(session_a.keyring) == {"title": "only a title", "body": ""}
    with pytest.raises(ValueError):
        notes.write_new(session_a.keyring, title="t", mood="sunny")
    with pytest.raises(ValueError):
        note.rewrite(session_a.keyring, mood="sunny")
    assert notes.select().count() == 1
    assert _fresh(notes, note).revision == 1


def test_rewrite_makes_a_new_revision_and_keeps_other_fields(notes, session_a):
    keyring = session_a.keyring
    note = notes.write_new(keyring, title="Agreement", body="We will talk on Sundays.")
    first_blobs = (bytes(note.title), bytes(note.body))

    note.rewrite(keyring, body="We will talk on Sundays and Wednesdays. 🙂")
    assert note.revision == 2
    stored = _fresh(notes, note)
    assert stored.revision == 2
    assert stored.read(keyring) == {
        "title": "Agreement",
        "body": "We will talk on Sundays and Wednesdays. 🙂",
    }
    # Every field was resealed, the unchanged title included (new nonce, new revision).
    assert bytes(stored.title) != first_blobs[0] and bytes(stored.body) != first_blobs[1]

    note.rewrite(keyring, {"status": "agreed"}, title="Our agreement")
    stored = _fresh(notes, note)
    assert (stored.revision, stored.status) == (3, "agreed")
    assert stored.read(keyring)["title"] == "Our agreement"

    entry = write_entry(keyring, 1, "t", "one")
    for expected_revision, body in enumerate(["two", "three", "four"], start=2):
        entry.rewrite(keyring, body=body)
        assert _fresh(JournalEntry, entry).revision == expected_revision
        assert _fresh(JournalEntry, entry).read(keyring)["body"] == body


def test_records_sealed_with_the_documented_associated_data_open(notes, session_a):
    """Records keep the one format of crypto.aad_for: table | uuid | revision | field."""
    keyring = session_a.keyring
    key = keyring.journal_key(1)
    uuid = "0123456789abcdef0123456789abcdef"
    values = {"written_at": "2024-05-01T10:00:00+02:00", "title": "old", "body": "from v1"}
    JournalEntry.insert(
        uuid=uuid,
        revision=7,
        owner=1,
        **{
            field: crypto.seal(key, text.encode(), crypto.aad_for("journal_entry", uuid, 7, field))
            for field, text in values.items()
        },
    ).execute()
    assert JournalEntry.get(JournalEntry.uuid == uuid).read(keyring) == values


def test_entries_of_opens_only_that_partners_journal(session_both_owners):
    keyring = session_both_owners.keyring
    mine = {write_entry(keyring, 1, f"mine {i}", "…").uuid for i in range(3)}
    theirs = {write_entry(keyring, 2, f"theirs {i}", "…").uuid for i in range(2)}
    assert {row.uuid for row, _ in entries_of(keyring, 1)} == mine
    assert {row.uuid for row, _ in entries_of(keyring, 2)} == theirs
    opened = entries_of(keyring, 1)
    dates = [values["written_at"] for _, values in opened]
    assert dates == sorted(dates, reverse=True)


# -- failures leave everything as it was ------------------------------------------------


def test_a_failed_private_rewrite_changes_nothing(session_a):
    keyring = session_a.keyring
    entry = write_entry(keyring, 1, "title", "short body")
    entry.rewrite(keyring, body="second body")
    stored_before = _memory(_fresh(JournalEntry, entry))
    memory_before = _memory(entry)

    _fill_the_vault()
    with pytest.raises(DiskFull):
        entry.rewrite(keyring, title="new title", body="x" * 200_000)
    assert _memory(entry) == memory_before
    assert _memory(_fresh(JournalEntry, entry)) == stored_before
    assert entry.read(keyring)["body"] == "second body"
    assert _fresh(JournalEntry, entry).read(keyring)["title"] == "title"

    _unfill_the_vault()
    entry.rewrite(keyring, body="third body")  # the same object can still be used
    assert (_fresh(JournalEntry, entry).revision, entry.revision) == (3, 3)
    assert _fresh(JournalEntry, entry).read(keyring)["body"] == "third body"


def test_a_failed_shared_rewrite_changes_nothing(notes, session_a):
    keyring = session_a.keyring
    note = notes.write_new(keyring, title="title", body="body")
    long_ago = dt.datetime(2020, 1, 2, 3, 4, 5)
    notes.update(updated_at=long_ago).where(notes.id == note.id).execute()
    note = _fresh(notes, note)
    stored_before = _memory(note)
    memory_before = _memory(note)
    dirty_before = set(note._dirty)

    _fill_the_vault()
    with pytest.raises(DiskFull):
        note.rewrite(keyring, {"status": "agreed"}, body="y" * 200_000)
    assert _memory(note) == memory_before
    assert set(note._dirty) == dirty_before
    assert _memory(_fresh(notes, note)) == stored_before
    assert note.read(keyring) == {"title": "title", "body": "body"}


def test_a_failed_write_new_stores_nothing(notes, session_a):
    keyring = session_a.keyring
    write_entry(keyring, 1, "kept", "kept")
    _fill_the_vault()
    with pytest.raises(DiskFull):
        write_entry(keyring, 1, "lost", "z" * 200_000)
    with pytest.raises(DiskFull):
        notes.write_new(keyring, title="lost", body="z" * 200_000)
    assert JournalEntry.select().count() == 1
    assert notes.select().count() == 0


def test_a_rewrite_of_a_damaged_record_is_refused_and_changes_nothing(session_a):
    keyring = session_a.keyring
    entry = write_entry(keyring, 1, "title", "body")
    JournalEntry.update(title=b"\x01" + bytes(40)).where(JournalEntry.id == entry.id).execute()
    damaged = _fresh(JournalEntry, entry)
    before = _memory(damaged)
    with pytest.raises(RecordUnreadable):
        damaged.rewrite(keyring, body="new body")
    assert _memory(damaged) == before
    assert _memory(_fresh(JournalEntry, entry)) == before


# -- sessions -------------------------------------------------------------------------------


def test_private_records_need_their_owner_unlocked(vault, couple, session_a):
    entry_b = write_entry(Keyring({2: couple.plan.bundles[2]}), 2, "B's", "B's own words")
    stored = _fresh(JournalEntry, entry_b)
    before = _memory(stored)
    with pytest.raises(NotUnlocked):
        stored.read(session_a.keyring)
    with pytest.raises(NotUnlocked):
        stored.rewrite(session_a.keyring, body="overwritten by A")
    assert _memory(_fresh(JournalEntry, entry_b)) == before
    with pytest.raises(NotUnlocked):
        write_entry(session_a.keyring, 2, "in B's journal", "by A")
    assert JournalEntry.select().where(JournalEntry.owner == 2).count() == 1
    with pytest.raises(NotUnlocked):
        entries_of(session_a.keyring, 2)
    # The owner still reads it.
    assert stored.read(Keyring({2: couple.plan.bundles[2]}))["body"] == "B's own words"


def test_forgetting_a_journal_keeps_the_workbook(notes, session_both_owners):
    keyring = session_both_owners.keyring
    entry = write_entry(keyring, 1, "private", "private")
    note = notes.write_new(keyring, title="shared", body="shared")
    keyring.forget_journal(1)
    assert not keyring.holds_journal(1) and keyring.holds_journal(2)
    with pytest.raises(NotUnlocked):
        _fresh(JournalEntry, entry).read(keyring)
    assert _fresh(notes, note).read(keyring)["title"] == "shared"


def test_lock_drops_keys_and_names(notes, vault, session_both_owners):
    keyring = session_both_owners.keyring
    entry = write_entry(keyring, 2, "private", "private")
    note = notes.write_new(keyring, title="shared", body="shared")
    assert session_both_owners.together and not session_both_owners.locked
    assert session_both_owners.name_of(1) == "Avery" and session_both_owners.name_of(2) == "Blake"

    session_both_owners.lock()

    assert session_both_owners.locked and not session_both_owners.together
    assert session_both_owners.partners == ()
    assert session_both_owners.names == {} and session_both_owners.name_of(1) == ""
    with pytest.raises(NotUnlocked):
        keyring.workbook_key()
    for partner in (1, 2):
        assert not keyring.holds_journal(partner)
        with pytest.raises(NotUnlocked):
            keyring.journal_key(partner)
    with pytest.raises(NotUnlocked):
        _fresh(JournalEntry, entry).read(keyring)
    with pytest.raises(NotUnlocked):
        _fresh(notes, note).read(keyring)
    with pytest.raises(NotUnlocked):
        vault.names(keyring)
    with pytest.raises(NotUnlocked):
        notes.write_new(keyring, title="after lock")
    assert notes.select().count() == 1


def test_start_session_records_who_unlocked_for_them_alone(vault, couple):
    both = Keyring(dict(couple.plan.bundles))
    assert vault.last_unlocked(both) == {1: None, 2: None}
    session = vault.start_session({2: couple.plan.bundles[2]})
    assert session.partners == (2,) and not session.together
    assert session.names == {1: "Avery", 2: "Blake"}
    unlocked = vault.last_unlocked(both)
    assert unlocked[1] is None and unlocked[2] is not None
    assert vault.last_unlocked() == {}, "without a partner's own key, nothing is told"
