"""Each partner's drafts: only their own key opens them (their session alone, or their
fresh password in a together session); saving keeps what was not given; bad choices
are refused with nothing lost; list items grow and go, pages are emptied."""

from __future__ import annotations

import datetime as dt

import pytest

from models import narrative
from models import vault as vault_module
from models.damage import RecordDamaged
from models.narrative import FIELDS, KINDS, Draft
from models.proof import FreshProof, NeedsOwner
from models.session import Keyring


@pytest.fixture
def written(session_a):
    """Partner 1's drafts, written in their session alone."""
    keys = session_a.keyring
    problem = narrative.save_draft(keys, 1, "problem", {"name": "The Fog",
                                                        "shows_up": "At night"})
    story = narrative.save_draft(keys, 1, "story", {"about_me": "I am too much",
                                                    "truth": "6"})
    exception = narrative.save_draft(keys, 1, "exception", {"what": "We laughed",
                                                            "happened_on": "2026-11-02"})
    return keys, [problem, story, exception]


def test_every_kind_saves_and_opens_with_every_field(session_a) -> None:
    keys = session_a.keyring
    saved = [narrative.save_draft(keys, 1, kind, {FIELDS[kind][-1]: ""}) for kind in KINDS]
    drafts, damaged = narrative.load_drafts(keys, 1)
    assert damaged == [] and drafts == saved
    assert [d.kind for d in drafts] == list(KINDS)
    for draft in drafts:
        assert tuple(draft.fields) == FIELDS[draft.kind]
        assert draft.written_at.tzinfo is not None and draft.is_empty()


def test_a_page_is_one_per_owner_and_keeps_what_was_not_given(written) -> None:
    keys, (problem, _, _) = written
    again = narrative.save_draft(keys, 1, "problem", {"effects_me": "I sleep badly"})
    assert again.uuid == problem.uuid and again.written_at == problem.written_at
    assert again.updated_at >= problem.updated_at
    assert (again.fields["name"], again.fields["shows_up"], again.fields["effects_me"]) == (
        "The Fog", "At night", "I sleep badly")
    drafts, damaged = narrative.load_drafts(keys, 1)
    assert damaged == [] and [d for d in drafts if d.kind == "problem"] == [again]
    assert narrative.page_of(drafts, "problem") == again
    assert narrative.page_of(drafts, "values") is None


def test_a_list_grows_and_an_item_is_saved_by_its_uuid(written) -> None:
    keys, (_, _, first) = written
    second = narrative.save_draft(keys, 1, "exception", {"what": "A quiet dinner"})
    changed = narrative.save_draft(keys, 1, "exception", {"noticed_by": "Our friend"},
                                   first.uuid)
    assert changed.fields["what"] == "We laughed" and changed.uuid == first.uuid
    drafts, _ = narrative.load_drafts(keys, 1)
    assert [d.uuid for d in drafts if d.kind == "exception"] == [first.uuid, second.uuid]


@pytest.mark.parametrize(("kind", "fields"), [
    ("nothing", {}),
    ("problem", {"forgiveness": "yes"}),
    ("story", {"truth": "11"}),
    ("story", {"truth": "seven"}),
    ("stand", {"view": "fine"}),
    ("heard", {"heard": "maybe"}),
    ("exception", {"happened_on": "2 Nov"}),
    ("exception", {"happened_on": "20261102"}),
    ("values", {"hopes": 3}),
])
def test_bad_input_is_refused_and_nothing_is_lost(written, kind, fields) -> None:
    keys, drafts = written
    with pytest.raises(ValueError):
        narrative.save_draft(keys, 1, kind, fields)
    assert narrative.load_drafts(keys, 1) == (drafts, [])


def test_a_uuid_of_another_kind_is_refused(written) -> None:
    keys, (problem, _, _) = written
    with pytest.raises(ValueError):
        narrative.save_draft(keys, 1, "exception", {"what": "x"}, problem.uuid)


def test_deleting_a_list_item_removes_it_and_a_page_is_emptied(written) -> None:
    keys, (problem, story, exception) = written
    narrative.delete_draft(keys, 1, exception.uuid)
    narrative.delete_draft(keys, 1, story.uuid)
    drafts, damaged = narrative.load_drafts(keys, 1)
    assert damaged == [] and [d.uuid for d in drafts] == [problem.uuid, story.uuid]
    emptied = drafts[1]
    assert all(value == "" for value in emptied.fields.values())  # the private truth too
    with pytest.raises(RecordDamaged):
        narrative.load_draft(keys, 1, exception.uuid)


def test_dates_are_local_and_aware(session_a) -> None:
    before = dt.datetime.now().astimezone()
    draft = narrative.save_draft(session_a.keyring, 1, "values", {"values": "Honesty"})
    assert before <= draft.written_at <= narrative.now()
    assert draft.written_at.utcoffset() == before.utcoffset()


# -- privacy -------------------------------------------------------------------------------


def test_the_other_partners_keys_open_nothing(vault, couple, written) -> None:
    _, drafts = written
    _, bundle = vault_module.try_password(vault.slots("password"), couple.passwords[2])
    keys = vault.start_session({2: bundle}).keyring
    for call in (lambda: narrative.load_drafts(keys, 1),
                 lambda: narrative.load_draft(keys, 1, drafts[0].uuid),
                 lambda: narrative.save_draft(keys, 1, "values", {"values": "by B"}),
                 lambda: narrative.delete_draft(keys, 1, drafts[2].uuid),
                 lambda: narrative.open_story(keys, 1, FreshProof(2, bundle)),
                 lambda: narrative.open_story(keys, 1, FreshProof(1, bundle))):
        with pytest.raises(NeedsOwner):
            call()
    # Even B's key forced into partner 1's place opens none of A's drafts.
    forced = Keyring({1: bundle})
    opened, damaged = narrative.load_drafts(forced, 1)
    assert opened == [] and {d.uuid for d in damaged} >= {d.uuid for d in drafts}
    assert narrative.load_drafts(keys, 2) == ([], [])  # B's own, empty


def test_together_drafts_open_only_with_the_authors_fresh_proof(vault, couple, written,
                                                                session_both) -> None:
    _, drafts = written
    keys = session_both.keyring
    with pytest.raises(NeedsOwner):
        narrative.load_drafts(keys, 1)
    fresh = vault.check_password(1, couple.passwords[1])
    stale = FreshProof(1, fresh.bundle, made_at=fresh.made_at - 3600)
    for proof in (None, stale, vault.check_password(2, couple.passwords[2])):
        with pytest.raises(NeedsOwner):
            narrative.open_story(keys, 1, proof)
        assert not keys.holds_journal(1)
    narrative.open_story(keys, 1, fresh)
    assert narrative.load_drafts(keys, 1) == (drafts, [])
    with pytest.raises(NeedsOwner):  # the other partner's story stays closed
        narrative.load_drafts(keys, 2)
    narrative.close_story(keys, 1)
    with pytest.raises(NeedsOwner):
        narrative.save_draft(keys, 1, "values", {"values": "after closing"})


def test_closing_keeps_the_key_of_the_partner_who_unlocked_alone(written) -> None:
    keys, drafts = written
    narrative.close_story(keys, 1)
    assert narrative.load_drafts(keys, 1) == (drafts, [])


def test_drafts_are_sealed_whole_only_the_owner_is_plain(vault, written) -> None:
    from models.db import DB

    columns = [row[1] for row in DB.execute_sql("PRAGMA table_info(narrative_draft)")]
    assert set(columns) == {"id", "uuid", "revision", "owner", "content"}
    kinds = [bytes(row[0]) for row in DB.execute_sql("SELECT content FROM narrative_draft")]
    assert not any(kind.encode() in blob for kind in KINDS for blob in kinds)


def test_a_draft_view_is_frozen() -> None:
    draft = Draft("u", 1, "values", {"values": "", "hopes": ""}, narrative.now(),
                  narrative.now())
    with pytest.raises(AttributeError):
        draft.kind = "story"  # type: ignore[misc]
