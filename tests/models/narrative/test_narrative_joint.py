"""The joint story: written only while both want it, each paragraph naming its author,
the other partner's paragraphs kept word for word, settled only when both confirm the
same words with their passwords; confirmed versions are kept."""

from __future__ import annotations

import pytest

from models import narrative
from models.narrative import JointParagraph as P
from models.proof import FreshProof, NeedsOwner


@pytest.fixture
def world(vault, couple, session_both):
    keys = session_both.keyring

    def proof(partner: int) -> FreshProof:
        return vault.check_password(partner, couple.passwords[partner])

    return keys, proof


@pytest.fixture
def both_wish(world):
    keys, proof = world
    narrative.wish_joint(keys, 1, True)
    narrative.wish_joint(keys, 2, True)
    return keys, proof


def test_it_opens_only_when_both_wish_it(world) -> None:
    keys, _ = world
    story, damaged = narrative.load_joint(keys)
    assert damaged == [] and not story.open and story.latest is None and story.settled is None
    story = narrative.wish_joint(keys, 1, True)
    assert story.wished_by == {1} and not story.open
    with pytest.raises(ValueError):
        narrative.save_joint(keys, 1, [P(1, "We are learning.")])
    assert narrative.wish_joint(keys, 2, True).open
    narrative.save_joint(keys, 1, [P(1, "We are learning.")])
    story = narrative.wish_joint(keys, 2, False)  # taking a wish back keeps the words
    assert not story.open and story.latest.paragraphs == (P(1, "We are learning."),)
    with pytest.raises(ValueError):
        narrative.save_joint(keys, 1, [P(1, "More.")])


def test_one_confirmation_does_not_settle(both_wish) -> None:
    keys, proof = both_wish
    version = narrative.save_joint(keys, 1, [P(1, "We choose honesty.")])
    confirmed = narrative.confirm_joint(keys, proof(1), version.version)
    assert confirmed.confirmed_by == {1} and not confirmed.settled
    story, _ = narrative.load_joint(keys)
    assert story.settled is None and story.latest == confirmed
    both = narrative.confirm_joint(keys, proof(2), version.version)
    assert both.settled
    story, damaged = narrative.load_joint(keys)
    assert damaged == [] and story.settled == both and len(story.versions) == 1


def test_unconfirmed_words_are_rewritten_in_place(both_wish) -> None:
    keys, _ = both_wish
    first = narrative.save_joint(keys, 1, [P(1, "Draft one.")])
    second = narrative.save_joint(keys, 2, [P(1, "Draft one."), P(2, "My part.")])
    third = narrative.save_joint(keys, 1, [P(1, "Draft one, better."), P(2, "My part.")])
    assert first.version == second.version == third.version == 1
    story, _ = narrative.load_joint(keys)
    assert [v.paragraphs for v in story.versions] == [third.paragraphs]


def test_an_edit_after_a_confirmation_is_a_new_version_and_keeps_the_old(both_wish) -> None:
    keys, proof = both_wish
    narrative.save_joint(keys, 1, [P(1, "We rebuild slowly.")])
    confirmed = narrative.confirm_joint(keys, proof(1), 1)
    edited = narrative.save_joint(keys, 2, [P(1, "We rebuild slowly."), P(2, "Together.")])
    assert edited.version == 2 and edited.confirmed_by == frozenset()
    story, damaged = narrative.load_joint(keys)
    assert damaged == [] and story.versions == (confirmed, edited)
    # The old version can no longer be confirmed; the new one needs both again.
    with pytest.raises(ValueError):
        narrative.confirm_joint(keys, proof(2), 1)
    narrative.confirm_joint(keys, proof(2), 2)
    assert narrative.load_joint(keys)[0].settled is None
    settled = narrative.confirm_joint(keys, proof(1), 2)
    assert settled.settled and narrative.load_joint(keys)[0].settled == settled
    # And an edit after settling starts version 3; the settled one stays settled.
    narrative.save_joint(keys, 1, [P(2, "Together."), P(1, "We rebuild slowly.")])
    story, _ = narrative.load_joint(keys)
    assert [v.version for v in story.versions] == [1, 2, 3] and story.settled == settled


def test_the_same_words_again_change_nothing(both_wish) -> None:
    keys, proof = both_wish
    version = narrative.save_joint(keys, 1, [P(1, "Steady.")])
    narrative.confirm_joint(keys, proof(1), 1)
    again = narrative.save_joint(keys, 1, [P(1, "Steady."), P(1, "  ")])  # a blank is dropped
    assert again.version == version.version and again.confirmed_by == {1}
    assert len(narrative.load_joint(keys)[0].versions) == 1


def test_the_other_partners_paragraphs_are_protected(both_wish) -> None:
    keys, _ = both_wish
    narrative.save_joint(keys, 1, [P(1, "Mine."), P(1, "Also mine.")])
    before = narrative.save_joint(keys, 2, [P(1, "Mine."), P(2, "Theirs."), P(1, "Also mine.")])
    for attempt in (
        [P(1, "Mine."), P(2, "Theirs.")],  # dropped one
        [P(1, "Mine!"), P(2, "Theirs."), P(1, "Also mine.")],  # changed one
        [P(1, "Mine."), P(2, "Theirs."), P(1, "Also mine."), P(1, "Slipped in.")],  # added
        [],  # dropped all
    ):
        with pytest.raises(ValueError):
            narrative.save_joint(keys, 2, attempt)
    assert narrative.load_joint(keys)[0].latest == before
    # Their own words are free; the other's may move.
    moved = narrative.save_joint(keys, 2, [P(1, "Also mine."), P(1, "Mine."),
                                           P(2, "Theirs, rewritten.")])
    assert moved.paragraphs[2] == P(2, "Theirs, rewritten.")


def test_confirming_takes_the_confirmers_fresh_proof(both_wish) -> None:
    keys, proof = both_wish
    narrative.save_joint(keys, 1, [P(1, "Ours.")])
    fresh = proof(1)
    stale = FreshProof(1, fresh.bundle, made_at=fresh.made_at - 3600)
    for attempt in (None, stale):
        with pytest.raises(NeedsOwner):
            narrative.confirm_joint(keys, attempt, 1)
    with pytest.raises(NeedsOwner):  # never in the other partner's name
        narrative.confirm_joint(keys, proof(2), 1, partner=1)
    assert narrative.load_joint(keys)[0].latest.confirmed_by == frozenset()


def test_confirmations_are_signed_facts(both_wish) -> None:
    from models import ledger

    keys, proof = both_wish
    narrative.save_joint(keys, 1, [P(1, "Signed.")])
    narrative.confirm_joint(keys, proof(2), 1)
    facts = ledger.verify(keys, narrative.facts.JOINT, ["confirmed"])
    confirmed = [f for f in facts if f.kind == "confirmed"]
    assert [(f.get("by"), f.signed_by) for f in confirmed] == [(2, frozenset({2}))]
