"""Sharing a passage on purpose: the author's fresh password, signed facts naming the
author, withdrawing by the author only, and a database edit of who or where is damage."""

from __future__ import annotations

import dataclasses
import sqlite3
import time

import pytest

from models import ledger
from models.damage import RecordDamaged
from models.journal import (
    facts,
    load_passages,
    share_passage,
    shared_passages,
    withdraw_passage,
)
from models.journal.tables import SharedPassageRow
from models.proof import NeedsOwner

AGREEMENT = "a" * 32


@pytest.fixture
def proof(vault, couple):
    return lambda partner: vault.check_password(partner, couple.passwords[partner])


def sql(couple, statement: str) -> None:
    connection = sqlite3.connect(couple.path)
    try:
        connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def test_a_shared_passage_is_read_by_both_oldest_first(session_both, proof) -> None:
    keys = session_both.keyring
    first = share_passage(keys, proof(1), "I felt scared when the phone buzzed.", "session")
    second = share_passage(keys, proof(2), "What helps me: a walk first.", "agreement",
                           AGREEMENT, source="coping_plan")
    assert (first.author, first.destination, first.target, first.source) == (
        1, "session", None, "journal")
    assert (second.author, second.target, second.source) == (2, AGREEMENT, "coping_plan")
    assert first.shared_at.tzinfo is not None
    assert shared_passages(keys) == [first, second]
    assert shared_passages(keys, "session") == [first]
    assert shared_passages(keys, "agreement", AGREEMENT) == [second]
    assert shared_passages(keys, "agreement", "b" * 32) == []
    assert not keys.holds_journal(1) and not keys.holds_journal(2)


def test_sharing_needs_the_authors_fresh_password(session_both, proof) -> None:
    keys = session_both.keyring
    with pytest.raises(NeedsOwner):
        share_passage(keys, None, "words", "session")
    with pytest.raises(NeedsOwner):
        share_passage(keys, proof(2), "words", "session", author=1)
    stale = dataclasses.replace(proof(1), made_at=time.monotonic() - 3600)
    with pytest.raises(NeedsOwner):
        share_passage(keys, stale, "words", "session")
    for bad in (dict(text=" ", destination="session"), dict(text="w", destination="email"),
                dict(text="w", destination="agreement"),
                dict(text="w", destination="session", target=AGREEMENT)):
        with pytest.raises(ValueError):
            share_passage(keys, proof(1), **bad)  # type: ignore[arg-type]
    assert shared_passages(keys) == []
    assert share_passage(keys, proof(1), "words", "session", author=1).author == 1


def test_only_the_author_withdraws_and_a_withdrawn_passage_is_gone(session_both, proof,
                                                                   couple) -> None:
    keys = session_both.keyring
    kept = share_passage(keys, proof(1), "kept words", "session")
    taken = share_passage(keys, proof(1), "taken back words", "session")
    with pytest.raises(NeedsOwner):
        withdraw_passage(keys, None, taken.uuid)
    with pytest.raises(NeedsOwner):
        withdraw_passage(keys, proof(2), taken.uuid)
    assert shared_passages(keys) == [kept, taken]
    withdraw_passage(keys, proof(1), taken.uuid)
    withdraw_passage(keys, proof(1), taken.uuid)  # twice changes nothing
    assert load_passages(keys) == ([kept], [])
    # The words are gone from the row as well, not only hidden.
    row = SharedPassageRow.get(SharedPassageRow.uuid == taken.uuid)
    assert row.read(keys)["text"] == "" and row.withdrawn
    with pytest.raises(RecordDamaged):
        withdraw_passage(keys, proof(1), "f" * 32)


@pytest.mark.parametrize("edit", [
    "UPDATE shared_passage SET author = 2",
    "UPDATE shared_passage SET destination = 'agreement', target = '{agreement}'",
    "UPDATE shared_passage SET source = 'coping_plan'",
    "UPDATE shared_passage SET withdrawn = 1",
])
def test_a_database_edit_of_who_or_where_is_damage(vault, session_both, proof, couple,
                                                   edit) -> None:
    keys = session_both.keyring
    target = share_passage(keys, proof(1), "my words", "session")
    other = share_passage(keys, proof(2), "their words", "session")
    sql(couple, edit.format(agreement=AGREEMENT) + f" WHERE uuid = '{target.uuid}'")
    passages, damaged = load_passages(keys)
    assert passages == [other]
    assert [(d.table, d.uuid) for d in damaged] == [("shared_passage", target.uuid)]


def test_a_passage_in_someone_elses_name_is_damage(vault, session_both, proof, couple) -> None:
    """The other partner holds the workbook key: a row and an unsigned fact they write
    in partner 1's name do not count, nor do words they reseal."""
    keys = session_both.keyring
    mine = share_passage(keys, proof(2), "their words", "session")
    forged = SharedPassageRow.write_new(keys, {"author": 1, "destination": "session",
                                               "source": "journal"}, text="forged")
    passages, damaged = load_passages(keys)
    assert passages == [mine] and [d.uuid for d in damaged] == [forged.uuid]
    row = SharedPassageRow.get(SharedPassageRow.uuid == mine.uuid)
    row.rewrite(keys, text="words changed afterwards")
    passages, damaged = load_passages(keys)
    assert passages == [] and {d.uuid for d in damaged} == {forged.uuid, mine.uuid}
    # An unsigned fact appended in partner 1's name breaks the stream: nothing is believed.
    ledger.append(keys, facts.STREAM, "shared", passage=forged.uuid, by=1,
                  destination="session", target=None, source="journal",
                  words=facts.words_digest("forged"), signers=[1], at="2024-01-01T00:00:00")
    passages, damaged = load_passages(keys)
    assert passages == [] and [d.what for d in damaged] == ["state"]


def test_a_removed_passage_is_damage(vault, session_both, proof, couple) -> None:
    keys = session_both.keyring
    gone = share_passage(keys, proof(1), "words", "session")
    kept = share_passage(keys, proof(2), "other words", "session")
    sql(couple, f"DELETE FROM shared_passage WHERE uuid = '{gone.uuid}'")
    passages, damaged = load_passages(keys)
    assert passages == [kept] and [(d.uuid, d.detail) for d in damaged] == [
        (gone.uuid, "missing")]
