"""One damaged review never hides the others: a plain column edited against its signed
fact, flipped words, a removed review, a review fact without both signatures, a removed
private rating or count are each named in their place."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from models import ledger
from models.damage import RecordDamaged
from models.db import writing
from models.needs import reviews
from models.needs.conversation_tables import NeedsReview
from tests.models.file_helpers import flip as _flip
from tests.models.file_helpers import sql
from tests.models.needs.test_reviews import make_active


@pytest.fixture
def decided(vault, couple, session_both):
    """Two active commitments, three reviews decided together."""
    keys = session_both.keyring

    def proof(partner: int):
        return vault.check_password(partner, couple.passwords[partner])

    first, second = make_active(keys, proof), make_active(keys, proof, "I call at lunch.")
    made = []
    for n, uuid in enumerate((first, first, second)):
        reviews.rate_commitment(keys, proof(1), uuid, "partly")
        made.append(reviews.decide_review(keys, [proof(1), proof(2)], uuid, "keep",
                                          f"note {n}", reviewed_on=dt.date(2026, 11, 1 + n)))
    return keys, proof, made


@pytest.mark.parametrize(("column", "value"), [
    ("decision", "retire"), ("reviewed_on", "2026-01-01"), ("commitment", "0" * 32)])
def test_a_review_column_edited_is_damage_of_that_review_only(decided, couple, column,
                                                              value) -> None:
    keys, _, made = decided
    sql(couple, f"UPDATE needs_review SET {column} = ? WHERE uuid = ?", value, made[1].uuid)
    loaded, damaged = reviews.load_reviews(keys)
    assert loaded == [made[0], made[2]]
    assert [(d.table, d.uuid) for d in damaged] == [("needs_review", made[1].uuid)]


def test_flipped_or_swapped_words_are_damage(decided, couple) -> None:
    keys, _, made = decided
    row = NeedsReview.get(NeedsReview.uuid == made[0].uuid)
    sql(couple, "UPDATE needs_review SET ratings = ? WHERE uuid = ?", _flip(bytes(row.ratings)),
        made[0].uuid)
    sql(couple, "UPDATE needs_review SET note = ? WHERE uuid = ?", bytes(row.note),
        made[2].uuid)
    loaded, damaged = reviews.load_reviews(keys)
    assert loaded == [made[1]]
    assert sorted(d.uuid for d in damaged) == sorted([made[0].uuid, made[2].uuid])


def test_a_removed_review_is_damage(decided, couple) -> None:
    keys, _, made = decided
    sql(couple, "DELETE FROM needs_review WHERE uuid = ?", made[2].uuid)
    loaded, damaged = reviews.load_reviews(keys)
    assert loaded == made[:2] and [(d.uuid, d.detail) for d in damaged] == [
        (made[2].uuid, "missing")]


def test_a_review_fact_without_both_signatures_is_damage(decided) -> None:
    keys, _, made = decided
    with writing():  # what the workbook key alone could write
        ledger.append(keys, reviews.PREFIX + made[2].commitment, "reviewed", at="x", by=1,
                      review="1" * 32, decision="retire", reviewed_on="2026-11-09",
                      words="", signers=[1, 2])
    loaded, damaged = reviews.load_reviews(keys)
    assert loaded == made[:2]
    assert [(d.uuid, d.what) for d in damaged] == [(made[2].commitment, "state")]
    assert made[2].commitment not in reviews.latest_reviews(keys)


def test_a_removed_private_rating_or_count_is_damage(decided, couple) -> None:
    keys, proof, made = decided
    uuid = made[0].commitment
    reviews.rate_commitment(keys, proof(1), uuid, "helping")
    reviews.rate_commitment(keys, proof(1), made[2].commitment, "not_yet")
    sql(couple, "DELETE FROM needs_rating WHERE uuid = (SELECT min(uuid) FROM needs_rating)")
    with pytest.raises(RecordDamaged) as caught:
        reviews.my_rating(keys, proof(1), uuid, 1)
    assert caught.value.damage.uuid == "private rows of 1"


def test_a_rating_moved_to_the_other_partner_is_damage(decided, couple) -> None:
    keys, proof, made = decided
    reviews.rate_commitment(keys, proof(1), made[0].commitment, "helping")
    sql(couple, "UPDATE needs_rating SET owner = 2")
    with pytest.raises(RecordDamaged):
        reviews.my_rating(keys, proof(2), made[0].commitment, 2)
    with pytest.raises(RecordDamaged):
        reviews.my_rating(keys, proof(1), made[0].commitment, 1)


def test_a_flipped_rating_is_damage_never_another_rating(decided, couple) -> None:
    keys, proof, made = decided
    reviews.rate_commitment(keys, proof(1), made[0].commitment, "helping")
    row = sqlite3.connect(couple.path).execute("SELECT uuid, content FROM needs_rating") \
        .fetchone()
    sql(couple, "UPDATE needs_rating SET content = ? WHERE uuid = ?", _flip(bytes(row[1])),
        row[0])
    with pytest.raises(RecordDamaged) as caught:
        reviews.my_rating(keys, proof(1), made[0].commitment, 1)
    assert (caught.value.damage.uuid, caught.value.damage.what) == (row[0], "words")


def test_a_sound_file_has_no_damage(decided) -> None:
    keys, _, made = decided
    assert reviews.load_reviews(keys) == (made, [])


def test_a_removed_count_of_ratings_is_damage(decided, couple) -> None:
    keys, proof, made = decided
    reviews.rate_commitment(keys, proof(1), made[0].commitment, "helping")
    sql(couple, "DELETE FROM private_manifest WHERE owner = 1")
    with pytest.raises(RecordDamaged) as caught:
        reviews.my_rating(keys, proof(1), made[0].commitment, 1)
    assert caught.value.damage.uuid == "private rows of 1"
