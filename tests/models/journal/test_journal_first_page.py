"""A long journal opens with a first page (#10, #9): the entries added last, in order by
their sealed dates, while the whole read stays the judge of damage and counts; and the
search index takes texts made elsewhere and answers a query erased back to at once."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from models import bulk
from models.journal import (
    Entry,
    EntryDraft,
    SearchIndex,
    load_entries,
    load_recent,
    save_entry,
)
from models.journal.tables import JournalEntry
from models.proof import NeedsOwner

NOW = dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC)


def test_the_first_page_is_the_newest_entries_and_says_when_it_is_all(session_a) -> None:
    keys = session_a.keyring
    bulk.fill_journal(keys, 1, [f"Evening {n}" for n in range(7)])
    everything, damaged = load_entries(keys, 1)
    assert damaged == [] and len(everything) == 7

    first, none, whole = load_recent(keys, 1, 3)
    assert first == everything[:3] and none == [] and whole is False
    all_of_them = load_recent(keys, 1, 7)
    assert all_of_them == (everything, [], True)
    assert load_recent(keys, 1, 50)[2] is True
    with pytest.raises(NeedsOwner):  # only with the owner's key held
        load_recent(keys, 2, 3)


def test_only_the_whole_read_names_damage_and_a_missing_row(session_a, couple) -> None:
    keys = session_a.keyring
    saved = [save_entry(keys, 1, EntryDraft(title=f"t{n}", body=f"words {n}")) for n in range(5)]
    connection = sqlite3.connect(couple.path)
    try:
        table = JournalEntry._meta.table_name
        connection.execute(f"UPDATE {table} SET body = x'00' WHERE uuid = ?", (saved[4].uuid,))
        connection.execute(f"DELETE FROM {table} WHERE uuid = ?", (saved[0].uuid,))
        connection.commit()
    finally:
        connection.close()
    first, damaged, whole = load_recent(keys, 1, 2)  # the newest opens not: left out
    assert [e.uuid for e in first] == [saved[3].uuid] and damaged == [] and not whole
    # A page holding every row is the whole read: damage and the count are there.
    everything = load_recent(keys, 1, 10)
    assert everything[2] is True and everything[:2] == load_entries(keys, 1)
    assert {d.uuid for d in everything[1]} >= {saved[4].uuid}
    assert len(everything[1]) == 2  # and the row that went missing, by its count


def entry(uuid: str, body: str) -> Entry:
    return Entry(uuid, 1, NOW, NOW, EntryDraft(body=body))


def test_texts_made_elsewhere_join_except_those_known_better() -> None:
    index = SearchIndex([entry("a", "kettle on"), entry("b", "rain again")])
    made_on_a_worker = SearchIndex([entry("a", "old words"), entry("c", "kettle too")])
    assert index.find("kettle") == {"a"}
    index.take(made_on_a_worker, skip={"a"})
    assert index.find("kettle") == {"a", "c"} and index.find("old") == set()
    assert index.holds("c", "KETTLE too") and not index.holds("b", "kettle")
    assert not index.holds("unknown", "kettle")


def test_erasing_back_gives_what_a_fresh_search_gives() -> None:
    bodies = ["the kettle and the rain", "rain at the station", "kettle, tea, quiet",
              "the théatre at night", "nothing alike"] * 20
    entries = [entry(str(n), body) for n, body in enumerate(bodies)]
    typed = SearchIndex(entries)
    query = "the rain"
    steps = [query[:end] for end in range(1, len(query) + 1)]
    steps += steps[-2::-1] + ["k", "ke", "the k", "theat", "thea"]
    for step in steps:
        assert typed.find(step) == SearchIndex(entries).find(step), step
    typed.update(entry("0", "a new kettle"))  # a change forgets the answers kept
    assert typed.find("the rain") == SearchIndex(
        [entry("0", "a new kettle"), *entries[1:]]).find("the rain")
