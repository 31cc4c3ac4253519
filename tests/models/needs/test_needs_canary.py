"""Needs map words never reach the disk in plaintext: distinctive words in every field
of a need (drafted, rewritten, shared twice, withdrawn, deleted), of a commitment
(proposed, changed) and of every kind of note are found neither in the vault file nor
in its WAL, while the vault is open and after it is closed."""

from __future__ import annotations

from models import needs
from tests.models.canary_helpers import (
    assert_nothing_on_disk,
    canary_vault,
    check_the_scan_finds,
    hits,
    marker,
)

CHOICES = {"card": "comfort", "importance": "3", "lately": "partly"}


def test_the_scan_finds_a_planted_marker(tmp_path) -> None:
    check_the_scan_finds(tmp_path, "utf-16-be")


def test_no_needs_word_reaches_the_vault_or_its_wal(tmp_path) -> None:
    markers: dict[str, str] = {}

    def words(label: str) -> str:
        planted = markers[label] = marker(label.replace(".", ""))
        return f"Ünïcode ✓ {planted} words"

    with canary_vault(tmp_path) as canary:
        keys, proof = canary.keys, canary.proof
        shared = {}
        for owner in (1, 2):
            needs.open_needs(keys, owner, proof(owner))
            fields = {name: CHOICES.get(name) or words(f"{owner}.{name}")
                      for name in needs.NEED_FIELDS}
            draft = needs.save_draft(keys, owner, fields)
            needs.share_need(keys, proof(owner), draft.uuid)
            needs.save_draft(keys, owner, {"title": words(f"{owner}.title2")}, draft.uuid)
            shared[owner] = needs.share_need(keys, proof(owner), draft.uuid)
            gone = needs.save_draft(keys, owner, {"words": words(f"{owner}.gone")})
            needs.share_need(keys, proof(owner), gone.uuid)
            withdrawn = needs.load_needs(keys)[0][-1]
            assert withdrawn.source == gone.uuid
            needs.withdraw_need(keys, proof(owner), withdrawn.uuid)
            needs.delete_draft(keys, owner, gone.uuid)
            needs.close_needs(keys, owner)

        made = needs.propose_commitment(
            keys, 1, shared[1].uuid, 2,
            {name: words(f"c.{name}") for name in needs.COMMITMENT_FIELDS},
            also_serves=[shared[2].uuid])
        needs.change_commitment(keys, 2, made.uuid, {"what": words("c.what2")})
        needs.confirm_commitment(keys, proof(1), made.uuid)
        needs.confirm_commitment(keys, proof(2), made.uuid)
        for by, kind in ((2, "kept"), (2, "missed"), (1, "noticed")):
            needs.note(keys, by, made.uuid, kind, words(f"n.{kind}"))

        assert needs.load_needs(keys)[1] == [] and len(needs.load_notes(keys)[0]) == 3
        assert len(markers) == 2 * (len(needs.NEED_FIELDS) - len(CHOICES) + 2) + 4 + 3
        assert_nothing_on_disk(canary, list(markers.values()))
    assert hits(list(markers.values()), canary.folder) == []
