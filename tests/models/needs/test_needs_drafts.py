"""Each partner's needs: private drafts that only their own key opens (their session
alone, or their fresh password in a together session); saving keeps what was not
given; bad choices are refused with nothing lost."""

from __future__ import annotations

import dataclasses

import pytest

from models import needs
from models.damage import RecordDamaged
from models.needs import NEED_FIELDS, NeedDraft
from models.proof import FreshProof, NeedsOwner


@pytest.fixture
def written(session_a):
    """Partner 1's needs, written in their session alone."""
    keys = session_a.keyring
    first = needs.save_draft(keys, 1, {"card": "reassurance", "title": "Hearing from you",
                                       "importance": "3", "lately": "partly"})
    second = needs.save_draft(keys, 1, {"title": "Quiet evenings", "helps": "A walk"})
    return keys, [first, second]


def test_every_field_saves_and_opens(written) -> None:
    keys, saved = written
    drafts, damaged = needs.load_drafts(keys, 1)
    assert damaged == [] and drafts == saved
    for draft in drafts:
        assert tuple(draft.fields) == NEED_FIELDS and draft.written_at.tzinfo is not None
    assert drafts[0].fields["importance"] == "3" and drafts[1].fields["importance"] == ""


def test_saving_keeps_what_was_not_given(written) -> None:
    keys, (first, _) = written
    again = needs.save_draft(keys, 1, {"safe_signs": "You text when late"}, first.uuid)
    assert again.uuid == first.uuid and again.written_at == first.written_at
    assert (again.fields["title"], again.fields["safe_signs"]) == ("Hearing from you",
                                                                  "You text when late")
    assert needs.load_draft(keys, 1, first.uuid) == again


@pytest.mark.parametrize("fields", [{"colour": "blue"}, {"importance": "4"},
                                    {"importance": "high"}, {"lately": "failed"},
                                    {"card": "sex"}, {"title": 3}])
def test_bad_fields_are_refused_and_nothing_is_lost(written, fields) -> None:
    keys, (first, _) = written
    with pytest.raises(ValueError):
        needs.save_draft(keys, 1, fields, first.uuid)
    with pytest.raises(ValueError):
        needs.save_draft(keys, 1, fields)
    assert needs.load_drafts(keys, 1) == (written[1], [])


def test_deleting_a_draft_counts_it_gone(written) -> None:
    keys, (first, second) = written
    needs.delete_draft(keys, 1, first.uuid)
    assert needs.load_drafts(keys, 1) == ([second], [])
    with pytest.raises(RecordDamaged):
        needs.delete_draft(keys, 1, first.uuid)


def test_the_other_partners_key_never_opens_them(written, vault, couple) -> None:
    keys, (first, _) = written
    with pytest.raises(NeedsOwner):
        needs.load_drafts(keys, 2)
    with pytest.raises(NeedsOwner):
        needs.save_draft(keys, 2, {"title": "Not mine"})
    # Partner 2, alone in their own session, cannot open partner 1's.
    partner2 = vault.start_session({2: vault.check_password(2, couple.passwords[2]).bundle})
    with pytest.raises(NeedsOwner):
        needs.load_drafts(partner2.keyring, 1)
    with pytest.raises(NeedsOwner):
        needs.load_draft(partner2.keyring, 1, first.uuid)
    # Even handed partner 2's journal key, a row of partner 1 is theirs, never opens.
    with pytest.raises(RecordDamaged):
        needs.load_draft(partner2.keyring, 2, first.uuid)


def test_together_needs_the_owners_fresh_password(session_both, vault, couple) -> None:
    keys = session_both.keyring
    with pytest.raises(NeedsOwner):
        needs.load_drafts(keys, 1)
    with pytest.raises(NeedsOwner):
        needs.open_needs(keys, 1, None)
    with pytest.raises(NeedsOwner):
        needs.open_needs(keys, 1, vault.check_password(2, couple.passwords[2]))
    fresh = vault.check_password(1, couple.passwords[1])
    stale = FreshProof(1, fresh.bundle, made_at=fresh.made_at - 3600)
    with pytest.raises(NeedsOwner):
        needs.open_needs(keys, 1, stale)
    assert not keys.holds_journal(1)
    needs.open_needs(keys, 1, fresh)
    draft = needs.save_draft(keys, 1, {"title": "Being asked first"})
    assert needs.load_drafts(keys, 1) == ([draft], [])
    with pytest.raises(NeedsOwner):  # partner 2's are still closed
        needs.load_drafts(keys, 2)
    needs.close_needs(keys, 1)
    assert not keys.holds_journal(1)
    with pytest.raises(NeedsOwner):
        needs.load_drafts(keys, 1)


def test_a_moved_or_removed_draft_is_damage_and_the_rest_open(written, vault) -> None:
    keys, (first, second) = written
    vault._database.execute_sql("DELETE FROM needs_draft WHERE uuid = ?", (first.uuid,))
    drafts, damaged = needs.load_drafts(keys, 1)
    assert drafts == [second] and [d.uuid for d in damaged] == ["private rows of 1"]


def test_a_draft_is_a_frozen_view(written) -> None:
    _, (first, _) = written
    assert isinstance(first, NeedDraft)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.owner = 2  # type: ignore[misc]
    assert not first.is_empty()
