"""Story words whose save failed as the private pages closed or Trellis locked (#11) are
kept sealed under their owner's own journal key: the owner gets them back when their
story opens again; the other partner's password, recovery key or journal key opens none
of them; and the words never reach the vault file or its WAL.

The full disk is real: ``PRAGMA max_page_count`` holds the file at its size, so SQLite
refuses the save as it would on a full disk."""

from __future__ import annotations

import pytest

from models import crypto, narrative
from models import vault as vault_module
from models.db import DB
from models.errors import DiskFull, SealBroken
from models.kept_private import attribute
from models.keys import KeyBundle
from models.narrative import UnsavedDraft, keep_unsaved, take_unsaved
from models.proof import NeedsOwner
from models.session import Keyring
from tests.models.kept_helpers import alone, disk_freed, disk_full, kept_blobs

CANARY = "Heronsbill-2281"
KEPT = attribute("narrative_unsaved")
LETTER = {"did": f"{CANARY} what I did " * 300, "chose": f"{CANARY} I chose it"}
MOMENT = {"what": f"{CANARY} we walked " * 300, "happened_on": "2026-11-0"}


@pytest.fixture
def kept_at_lock(vault, couple):
    """Partner 1, alone, writes; the disk is full when Trellis locks, so the saves fail
    and the words are kept before the keys go."""
    session = alone(vault, couple, 1)
    keys = session.keyring
    letter = narrative.save_draft(keys, 1, "letter", {"did": "Saved before the disk filled."})
    disk_full()
    with pytest.raises(DiskFull):
        narrative.save_draft(keys, 1, "letter", LETTER, letter.uuid)
    with pytest.raises(DiskFull):
        narrative.save_draft(keys, 1, "exception", {**MOMENT, "happened_on": ""})
    keep_unsaved(keys, 1, "letter", letter.uuid, LETTER)
    keep_unsaved(keys, 1, "exception", None, MOMENT)  # a date half typed is kept as typed
    session.lock()
    disk_freed()
    return letter


def test_a_save_that_fails_at_lock_keeps_the_words_sealed_and_the_owner_gets_them_back(
        vault, couple, kept_at_lock) -> None:
    sealed = kept_blobs(KEPT)
    assert len(sealed) == 2
    assert not any(CANARY.encode() in blob for blob in sealed)

    keys = alone(vault, couple, 1).keyring
    assert take_unsaved(keys, 1) == (UnsavedDraft("letter", kept_at_lock.uuid, LETTER),
                                     UnsavedDraft("exception", None, MOMENT))
    assert take_unsaved(keys, 1) == (), "taken once, they are no longer kept"
    assert kept_blobs(KEPT) == []
    # Nothing was saved meanwhile: the letter is as it was before the disk filled.
    drafts, damaged = narrative.load_drafts(keys, 1)
    assert damaged == [] and [d.fields["did"] for d in drafts] == [
        "Saved before the disk filled."]


@pytest.mark.parametrize("way", ["password", "recovery key"])
def test_the_other_partner_opens_none_of_them(vault, couple, kept_at_lock, way) -> None:
    keys = alone(vault, couple, 2, way).keyring
    assert take_unsaved(keys, 2) == ()  # nothing of theirs, and nothing says A has any
    with pytest.raises(NeedsOwner):
        take_unsaved(keys, 1)
    # Nor does B's journal key passed off as A's: the sealed words do not open with it.
    stolen = Keyring({1: KeyBundle(keys.workbook_key(), keys.journal_key(2))})
    assert take_unsaved(stolen, 1) == ()
    for aad, blob in getattr(DB.obj, KEPT)[1]:
        for key in (keys.journal_key(2), keys.workbook_key()):
            with pytest.raises(SealBroken):
                crypto.unseal(key, blob, aad)
    # They are still kept for their owner.
    assert len(take_unsaved(alone(vault, couple, 1).keyring, 1)) == 2


def test_together_they_open_only_with_the_owners_fresh_password(vault, couple,
                                                                kept_at_lock) -> None:
    bundles = {p: vault_module.try_password(vault.slots("password"), couple.passwords[p])[1]
               for p in (1, 2)}
    keys = vault.start_session(bundles).keyring
    with pytest.raises(NeedsOwner):
        take_unsaved(keys, 1)
    narrative.open_story(keys, 2, vault.check_password(2, couple.passwords[2]))
    assert take_unsaved(keys, 2) == ()
    with pytest.raises(NeedsOwner):
        take_unsaved(keys, 1)
    narrative.open_story(keys, 1, vault.check_password(1, couple.passwords[1]))
    assert take_unsaved(keys, 1)[0].fields == LETTER


def test_a_drafts_latest_words_come_back_in_its_place(session_a) -> None:
    keys = session_a.keyring
    keep_unsaved(keys, 1, "problem", None, {"name": "first try"})
    keep_unsaved(keys, 1, "exception", "m1", {"what": "one"})
    keep_unsaved(keys, 1, "exception", None, {"what": "a new one"})
    keep_unsaved(keys, 1, "problem", "p1", {"name": "second try"})
    keep_unsaved(keys, 1, "exception", None, {"what": "another new one"})
    keep_unsaved(keys, 1, "exception", "m1", {"what": "two"})
    assert take_unsaved(keys, 1) == (
        UnsavedDraft("problem", "p1", {"name": "second try"}),
        UnsavedDraft("exception", "m1", {"what": "two"}),
        UnsavedDraft("exception", None, {"what": "a new one"}),
        UnsavedDraft("exception", None, {"what": "another new one"}))


def test_only_known_kinds_and_fields_are_kept_and_only_with_the_owners_key(
        vault, couple) -> None:
    keys = alone(vault, couple, 2).keyring
    with pytest.raises(NeedsOwner):
        keep_unsaved(keys, 1, "letter", None, LETTER)
    with pytest.raises(ValueError):
        keep_unsaved(keys, 2, "diary", None, {"what": "x"})
    with pytest.raises(ValueError):
        keep_unsaved(keys, 2, "impact", None, {"did": "a letter's field"})
    assert kept_blobs(KEPT) == []


def test_kept_words_never_reach_the_file_or_its_wal(vault, couple, kept_at_lock) -> None:
    keys = alone(vault, couple, 1).keyring
    keep_unsaved(keys, 1, "impact", None, {"not_ready": f"{CANARY} not ready"})
    for checkpoint in (False, True):
        if checkpoint:
            DB.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")
        files = [path for path in couple.family() if path.exists()]
        assert couple.path.with_name(couple.path.name + "-wal") in files
        for path in files:
            data = path.read_bytes()
            for encoding in ("utf-8", "utf-16-le"):
                assert CANARY.encode(encoding) not in data, path.name
    assert take_unsaved(keys, 1)[-1].fields == {"not_ready": f"{CANARY} not ready"}
