"""One damaged misattunement entry never hides the others: a plain column edited against
its facts, flipped words, a removed side or entry, or broken facts are each named in
their place, and nothing is written on top of them."""

from __future__ import annotations

import pytest

from models.damage import RecordDamaged
from models.needs import misattunement as mis
from models.needs.conversation_tables import NeedsAccount, NeedsMisattunement
from tests.models.file_helpers import flip as _flip
from tests.models.file_helpers import sql
from tests.models.needs.test_reviews import make_active


@pytest.fixture
def entries(vault, couple, session_both):
    keys = session_both.keyring

    def proof(partner: int):
        return vault.check_password(partner, couple.passwords[partner])

    commitment = make_active(keys, proof)
    made = []
    for n in range(3):
        entry = mis.open_misattunement(keys, 1, what_happened=f"moment {n}",
                                       commitment=commitment)
        mis.add_side(keys, 2, entry.uuid, happened=f"my view {n}", felt="", needed="")
        made.append(mis.set_try_next(keys, 2, entry.uuid, f"try {n}"))
    return keys, made


@pytest.mark.parametrize(("column", "value"), [
    ("opened_by", 2), ("need", "b" * 32), ("commitment", None), ("commitment", "c" * 32),
    ("paused", 1)])
def test_an_entry_column_edited_is_damage_of_that_entry_only(entries, couple, column,
                                                             value) -> None:
    keys, made = entries
    hurt = made[1]
    sql(couple, f"UPDATE needs_misattunement SET {column} = ? WHERE uuid = ?", value, hurt.uuid)
    loaded, damaged = mis.load_misattunements(keys)
    assert loaded == [made[0], made[2]]
    assert [(d.table, d.uuid, d.what) for d in damaged] == [
        ("needs_misattunement", hurt.uuid, "state")]
    with pytest.raises(RecordDamaged):  # never written on top of it
        mis.set_try_next(keys, 1, hurt.uuid, "something else")


@pytest.mark.parametrize(("column", "value"), [("partner", 3), ("entry", "d" * 32),
                                                 ("partner", "two")])
def test_a_side_column_edited_is_damage(entries, couple, column, value) -> None:
    keys, made = entries
    side = NeedsAccount.get((NeedsAccount.entry == made[0].uuid) & (NeedsAccount.partner == 2))
    sql(couple, f"UPDATE needs_account SET {column} = ? WHERE uuid = ?", value, side.uuid)
    loaded, damaged = mis.load_misattunements(keys)
    assert loaded == made[1:]
    assert [(d.table, d.uuid) for d in damaged] == [("needs_account", side.uuid)]


def test_flipped_words_are_damage(entries, couple) -> None:
    keys, made = entries
    row = NeedsMisattunement.get(NeedsMisattunement.uuid == made[2].uuid)
    sql(couple, "UPDATE needs_misattunement SET try_next = ? WHERE uuid = ?",
        _flip(bytes(row.try_next)), made[2].uuid)
    side = NeedsAccount.get((NeedsAccount.entry == made[0].uuid) & (NeedsAccount.partner == 1))
    sql(couple, "UPDATE needs_account SET felt = ? WHERE uuid = ?", _flip(bytes(side.felt)),
        side.uuid)
    loaded, damaged = mis.load_misattunements(keys)
    assert loaded == [made[1]]
    assert sorted((d.uuid, d.what) for d in damaged) == sorted(
        [(made[2].uuid, "words"), (made[0].uuid, "words")])


def test_words_swapped_between_entries_are_damage(entries, couple) -> None:
    keys, made = entries
    row = NeedsMisattunement.get(NeedsMisattunement.uuid == made[0].uuid)
    sql(couple, "UPDATE needs_misattunement SET try_next = ? WHERE uuid = ?",
        bytes(row.try_next), made[1].uuid)
    loaded, damaged = mis.load_misattunements(keys)
    assert loaded == [made[0], made[2]] and [d.uuid for d in damaged] == [made[1].uuid]


def test_a_removed_side_or_entry_is_damage(entries, couple) -> None:
    keys, made = entries
    side = NeedsAccount.get((NeedsAccount.entry == made[0].uuid) & (NeedsAccount.partner == 2))
    sql(couple, "DELETE FROM needs_account WHERE uuid = ?", side.uuid)
    sql(couple, "DELETE FROM needs_misattunement WHERE uuid = ?", made[2].uuid)
    loaded, damaged = mis.load_misattunements(keys)
    assert loaded == [made[1]]
    assert sorted((d.uuid, d.detail) for d in damaged) == sorted(
        [(side.uuid, "missing"), (made[2].uuid, "missing")])


def test_an_entry_without_its_facts_or_with_broken_facts_is_damage(entries, couple) -> None:
    keys, made = entries
    sql(couple, "DELETE FROM ledger_entry WHERE stream = ?", mis.PREFIX + made[0].uuid)
    sql(couple, "DELETE FROM ledger_entry WHERE stream = ? AND seq = 1",
        mis.PREFIX + made[1].uuid)
    loaded, damaged = mis.load_misattunements(keys)
    assert loaded == [made[2]]
    assert {(d.uuid, d.what) for d in damaged} >= {(made[0].uuid, "state"),
                                                   (made[1].uuid, "state")}


def test_a_sound_file_has_no_damage(entries) -> None:
    keys, made = entries
    assert mis.load_misattunements(keys) == (made, [])
