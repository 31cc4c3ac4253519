"""Narrative words never reach the disk in plaintext, and the private fields (how true
the story feels, dismissed hints, what I am not ready to say) never reach a shared
piece, a fact or a digest, even when everything else is shared."""

from __future__ import annotations

import json

from models import ledger, narrative
from models.narrative import FIELDS, KINDS, PRIVATE_FIELDS, JointParagraph, NarrativeJoint
from models.narrative import NarrativePiece as Piece
from tests.models.canary_helpers import (
    assert_nothing_on_disk,
    canary_vault,
    check_the_scan_finds,
    hits,
)
from tests.models.canary_helpers import marker as _marker


def _value(kind: str, name: str, marker: str) -> str:
    """A valid value for the field, carrying the marker where the field is free text."""
    fixed = {("story", "truth"): "7", ("stand", "view"): "mixed", ("heard", "heard"): "partly",
             ("exception", "happened_on"): "2026-11-02"}
    return fixed.get((kind, name), f"Ünïcode ✓ {marker} words")


def test_the_scan_finds_a_planted_marker(tmp_path) -> None:
    check_the_scan_finds(tmp_path, "utf-16-le")


def test_no_narrative_word_reaches_the_disk_and_no_private_one_is_shared(tmp_path) -> None:
    markers: dict[str, str] = {}
    private: list[str] = []
    # The truth rating is a number (no marker fits): it is checked by its field's name.
    with canary_vault(tmp_path) as canary:
        keys, proof = canary.keys, canary.proof
        for owner in (1, 2):
            narrative.open_story(keys, owner, proof(owner))
            for kind in KINDS:
                fields = {}
                for name in FIELDS[kind]:
                    marker = markers[f"{owner}.{kind}.{name}"] = _marker(f"{owner}{kind}{name}")
                    fields[name] = _value(kind, name, marker)
                    if name in PRIVATE_FIELDS.get(kind, ()) and marker in fields[name]:
                        private.append(marker)
                draft = narrative.save_draft(keys, owner, kind, fields)
                # Rewritten once, then shared twice: every version, every field.
                narrative.save_draft(keys, owner, kind, {FIELDS[kind][0]: fields[FIELDS[kind][0]]},
                                     draft.uuid)
                narrative.share_piece(keys, proof(owner), draft.uuid)
                narrative.share_piece(keys, proof(owner), draft.uuid)
            gone = narrative.save_draft(keys, owner, "exception",
                                        {"what": markers.setdefault(f"{owner}.gone",
                                                                    _marker("gone"))})
            narrative.delete_draft(keys, owner, gone.uuid)
            narrative.close_story(keys, owner)
        for partner in (1, 2):
            narrative.wish_joint(keys, partner, True)
        joint = [markers.setdefault(f"joint{n}", _marker(f"joint{n}")) for n in (1, 2, 3)]
        narrative.save_joint(keys, 1, [JointParagraph(1, joint[0])])
        narrative.confirm_joint(keys, proof(1), 1)
        narrative.save_joint(keys, 2, [JointParagraph(1, joint[0]), JointParagraph(2, joint[1])])
        narrative.save_joint(keys, 1, [JointParagraph(2, joint[1]), JointParagraph(1, joint[2])])
        narrative.name_roles(keys, [proof(1), proof(2)], 2)

        assert len(private) == 4  # dismissed and not_ready, for each partner
        pieces, damaged = narrative.load_shared(keys)
        assert damaged == [] and len(pieces) == 2 * 2 * len(KINDS)
        assert {p.fields.get("did") for p in pieces if p.kind == "letter"} >= {
            _value("letter", "did", markers["1.letter.did"])}

        # Every shared row and every fact, opened: no private word, and the digests are
        # of the shareable fields alone.
        opened_rows = [row.read(keys)["fields"] for row in Piece.select()]
        opened_rows += [row.read(keys)["paragraphs"] for row in NarrativeJoint.select()]
        facts = [fact for stream in ledger.streams("narrative/")
                 for fact in ledger.verify(keys, stream)]
        opened_facts = [json.dumps(fact.data, ensure_ascii=False) for fact in facts]
        assert len(opened_rows) == len(pieces) + 2 and len(facts) > len(pieces)
        for text in opened_rows + opened_facts:
            assert not any(marker in text for marker in private)
        names = {name for fields in PRIVATE_FIELDS.values() for name in fields}
        for text in opened_rows[:len(pieces)]:
            assert not names & set(json.loads(text))
        assert not any(names & set(fact.data) for fact in facts)
        for piece in pieces:
            said = [f for f in facts if f.kind == "shared" and f.get("piece") == piece.uuid]
            assert [f.get("words") for f in said] == [
                narrative.facts.fields_digest(piece.kind, piece.fields)]
        # Nor may a shared piece's view of its fields hold them.
        assert not any(marker in value for piece in pieces for value in piece.fields.values()
                       for marker in private)

        assert_nothing_on_disk(canary, list(markers.values()))
    assert hits(list(markers.values()), canary.folder) == []
