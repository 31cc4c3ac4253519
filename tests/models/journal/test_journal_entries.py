"""Writing and reading a journal: every field kept, newest first, rewrites and deletes,
and the older interface (write_entry, entries_of) reading the same rows."""

from __future__ import annotations

import dataclasses
import json
import time

import pytest

from models import journal
from models.damage import RecordDamaged
from models.journal import EntryDraft, load_entries, save_entry
from models.proof import NeedsOwner


def full_draft(n: int = 0) -> EntryDraft:
    return EntryDraft(title=f"A hard evening {n}", body=f"We talked about the phone. {n}\n\n- one",
                      prompt="either_what_helped", feelings=("hopeful", "sad"),
                      own_feelings=("raw", "a bit lighter"), safety=4,
                      tags=("trigger", "bring_to_session"))


def test_every_field_comes_back_as_saved(session_a) -> None:
    keys = session_a.keyring
    saved = save_entry(keys, 1, full_draft())
    entries, damaged = load_entries(keys, 1)
    assert damaged == []
    assert entries == [saved]
    entry = entries[0]
    assert entry.draft == full_draft()
    assert entry.owner == 1 and entry.written_at == entry.updated_at
    assert entry.written_at.tzinfo is not None and entry.day == entry.written_at.date()
    assert (entry.title, entry.tags, entry.feelings, entry.safety) == (
        "A hard evening 0", ("trigger", "bring_to_session"), ("hopeful", "sad"), 4)


def test_feelings_and_tags_are_kept_in_list_order_once(session_a) -> None:
    draft = EntryDraft(body="x", feelings=("tired", "calm", "tired"),
                       tags=("just_for_me", "trigger"), own_feelings=(" raw ", "", "raw"))
    entry = save_entry(session_a.keyring, 1, draft)
    assert entry.feelings == ("calm", "tired") and entry.tags == ("trigger", "just_for_me")
    assert entry.own_feelings == ("raw",)


@pytest.mark.parametrize("draft", [
    EntryDraft(feelings=("elated",)), EntryDraft(tags=("public",)), EntryDraft(safety=11),
    EntryDraft(safety=-1), EntryDraft(safety=True),  # type: ignore[arg-type]
])
def test_values_off_the_lists_are_refused_and_nothing_is_written(session_a, draft) -> None:
    with pytest.raises(ValueError):
        save_entry(session_a.keyring, 1, draft)
    assert load_entries(session_a.keyring, 1) == ([], [])


def test_newest_first_and_a_rewrite_keeps_its_written_date(session_a, monkeypatch) -> None:
    keys = session_a.keyring
    first = save_entry(keys, 1, full_draft(1))
    second = save_entry(keys, 1, full_draft(2))
    later = second.written_at.replace(year=second.written_at.year + 1)
    monkeypatch.setattr(journal.actions, "now", lambda: later)
    third = save_entry(keys, 1, full_draft(3))
    assert [e.uuid for e in load_entries(keys, 1)[0]][0] == third.uuid
    changed = dataclasses.replace(full_draft(1), body="Rewritten.", safety=None, tags=())
    rewritten = save_entry(keys, 1, changed, first.uuid)
    assert (rewritten.written_at, rewritten.updated_at) == (first.written_at, later)
    entries = {e.uuid: e for e in load_entries(keys, 1)[0]}
    assert entries[first.uuid] == rewritten and entries[first.uuid].draft == changed
    assert len(entries) == 3


def test_delete_removes_the_entry_and_its_count(session_a) -> None:
    keys = session_a.keyring
    kept = save_entry(keys, 1, full_draft(1))
    gone = save_entry(keys, 1, full_draft(2))
    journal.delete_entry(keys, 1, gone.uuid)
    assert load_entries(keys, 1) == ([kept], [])
    with pytest.raises(RecordDamaged):
        journal.delete_entry(keys, 1, gone.uuid)


def test_alone_the_other_partners_journal_needs_their_password(session_a) -> None:
    keys = session_a.keyring
    for call in (lambda: load_entries(keys, 2), lambda: save_entry(keys, 2, full_draft()),
                 lambda: journal.delete_entry(keys, 2, "0" * 32),
                 lambda: journal.load_entry(keys, 2, "0" * 32)):
        with pytest.raises(NeedsOwner):
            call()


def test_open_and_close_in_a_together_session(vault, couple, session_both) -> None:
    keys = session_both.keyring
    with pytest.raises(NeedsOwner):
        load_entries(keys, 1)
    with pytest.raises(NeedsOwner):
        journal.open_journal(keys, 1, None)
    with pytest.raises(NeedsOwner):
        journal.open_journal(keys, 1, vault.check_password(2, couple.passwords[2]))
    stale = vault.check_password(1, couple.passwords[1])
    with pytest.raises(NeedsOwner):
        journal.open_journal(keys, 1, dataclasses.replace(stale, made_at=time.monotonic() - 999))
    journal.open_journal(keys, 1, vault.check_password(1, couple.passwords[1]))
    saved = save_entry(keys, 1, full_draft())
    assert not keys.holds_journal(2)
    journal.close_journal(keys, 1)
    assert not keys.holds_journal(1)
    with pytest.raises(NeedsOwner):
        load_entries(keys, 1)
    journal.open_journal(keys, 1, vault.check_password(1, couple.passwords[1]))
    assert load_entries(keys, 1) == ([saved], [])


def test_closing_alone_keeps_the_key_the_session_unlocked_with(vault, couple, session_a) -> None:
    keys = session_a.keyring
    journal.open_journal(keys, 1, vault.check_password(1, couple.passwords[1]))
    journal.close_journal(keys, 1)
    assert keys.holds_journal(1)
    journal.close_journal(keys, 1)
    assert keys.holds_journal(1)


def test_the_older_interface_reads_new_entries(session_a) -> None:
    keys = session_a.keyring
    old = journal.write_entry(keys, 1, "Old way", "Title and words")
    new = save_entry(keys, 1, full_draft())
    opened = dict((row.uuid, values) for row, values in journal.entries_of(keys, 1))
    assert opened[old.uuid]["title"] == "Old way"
    assert opened[new.uuid]["body"] == full_draft().body
    assert json.loads(opened[new.uuid]["details"])["tags"] == ["trigger", "bring_to_session"]
    entries = {e.uuid: e for e in load_entries(keys, 1)[0]}
    assert entries[old.uuid].draft == EntryDraft(title="Old way", body="Title and words")
    assert len(entries) == 2
