"""No word of a misattunement entry, a review note or a private rating reaches the disk
in plaintext (file, -wal, -shm), and the facts hold digests, never words."""

from __future__ import annotations

import json

from models import ledger
from models.needs import misattunement as mis
from models.needs import reviews
from models.needs.conversation_tables import NeedsRating
from tests.models.canary_helpers import (
    assert_nothing_on_disk,
    canary_vault,
    check_the_scan_finds,
    hits,
    marker,
)
from tests.models.needs.test_reviews import make_active


def test_the_scan_finds_a_planted_marker(tmp_path) -> None:
    check_the_scan_finds(tmp_path, "utf-32-le")


def test_no_conversation_word_reaches_the_disk(tmp_path) -> None:
    markers: list[str] = []

    def words(label: str) -> str:
        markers.append(marker(label))
        return f"Ünïcode ✓ {markers[-1]} words"

    with canary_vault(tmp_path) as canary:
        keys, proof = canary.keys, canary.proof
        commitment = make_active(keys, proof)
        # Every field of an entry, each side edited once, what we will try twice.
        entry = mis.open_misattunement(keys, 1, commitment=commitment,
                                       what_happened=words("happened1"), felt=words("felt1"),
                                       needed=words("needed1"))
        mis.add_side(keys, 2, entry.uuid, happened=words("happened2"), felt=words("felt2"),
                     needed=words("needed2"))
        mis.add_side(keys, 1, entry.uuid, happened=words("happened1b"), felt=words("felt1b"),
                     needed=words("needed1b"))
        mis.set_try_next(keys, 2, entry.uuid, words("try"))
        try_next = mis.set_try_next(keys, 1, entry.uuid, words("try2")).try_next
        mis.set_paused(keys, 1, entry.uuid, True)
        # Ratings (keys, no free words: their rows are checked below), then a review note.
        reviews.rate_commitment(keys, proof(1), commitment, "not_yet")
        reviews.rate_commitment(keys, proof(2), commitment, "partly")
        rows = [bytes(row.content) for row in NeedsRating.select()]
        assert len(rows) == 2
        for blob in rows:
            for plain in (commitment, "not_yet", "partly", "rated_at"):
                assert plain.encode() not in blob
        review = reviews.decide_review(keys, [proof(1), proof(2)], commitment, "keep",
                                       words("note"))
        reviews.rate_commitment(keys, proof(1), commitment, "helping")  # waiting, private

        loaded, damaged = mis.load_misattunements(keys)
        assert damaged == [] and loaded[0].try_next == try_next and loaded[0].paused
        assert reviews.load_reviews(keys) == ([review], [])
        assert review.ratings == {1: "not_yet", 2: "partly"}
        # The facts hold digests and keys, never the words.
        facts = [fact for prefix in (mis.PREFIX, reviews.PREFIX)
                 for stream in ledger.streams(prefix) for fact in ledger.verify(keys, stream)]
        assert len(facts) >= 7
        opened = json.dumps([fact.data for fact in facts], ensure_ascii=False)
        assert not any(marker in opened for marker in markers)

        assert_nothing_on_disk(canary, markers)
    assert hits(markers, canary.folder) == []
