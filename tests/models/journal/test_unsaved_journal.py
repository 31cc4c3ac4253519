"""Journal words whose save failed at a lock are kept sealed under their owner's own
journal key (#10): the owner gets them back when their journal opens again; the other
partner's password, recovery key or journal key opens none of them; and the words never
reach the vault file or its WAL.

The full disk is real: ``PRAGMA max_page_count`` holds the file at its size, so SQLite
refuses the save as it would on a full disk."""

from __future__ import annotations

import pytest

from models import crypto
from models import vault as vault_module
from models.db import DB
from models.errors import DiskFull, SealBroken
from models.journal import (
    EntryDraft,
    UnsavedEntry,
    keep_unsaved,
    keep_unsaved_plan,
    load_entries,
    open_journal,
    save_entry,
    take_unsaved,
)
from models.journal.unsaved import _KEPT
from models.keys import KeyBundle
from models.proof import NeedsOwner
from models.session import Keyring
from tests.models.kept_helpers import alone, disk_freed, disk_full, kept_blobs

CANARY = "Thistledown-4417"
DRAFT = EntryDraft(title=f"{CANARY} title", body=f"{CANARY} body " * 400,
                   feelings=("tired",), own_feelings=(f"{CANARY} own",), safety=4,
                   tags=("trigger",))
CHANGED = EntryDraft(title="Before", body=f"{CANARY} changed " * 400)


@pytest.fixture
def kept_at_lock(vault, couple):
    """Partner 1, alone, writes; the disk is full when Trellis locks, so the save fails
    and the words are kept before the keys go."""
    session = alone(vault, couple, 1)
    keys = session.keyring
    saved = save_entry(keys, 1, EntryDraft(title="Before", body="Saved before the disk filled."))
    disk_full()
    with pytest.raises(DiskFull):
        save_entry(keys, 1, DRAFT)  # a new entry, typed since the last save
    with pytest.raises(DiskFull):
        save_entry(keys, 1, CHANGED, saved.uuid)
    keep_unsaved(keys, 1, None, DRAFT)
    keep_unsaved(keys, 1, saved.uuid, CHANGED)
    session.lock()
    disk_freed()
    return saved


def test_a_save_that_fails_at_lock_keeps_the_words_sealed_and_the_owner_gets_them_back(
        vault, couple, kept_at_lock) -> None:
    sealed = kept_blobs(_KEPT)
    assert len(sealed) == 2
    assert not any(CANARY.encode() in blob for blob in sealed)

    keys = alone(vault, couple, 1).keyring
    kept = take_unsaved(keys, 1)
    assert kept.entries == (UnsavedEntry(None, DRAFT),
                            UnsavedEntry(kept_at_lock.uuid, CHANGED))
    assert kept.plan is None
    assert not take_unsaved(keys, 1), "taken once, they are no longer kept"
    assert kept_blobs(_KEPT) == []
    # Nothing was saved meanwhile: the entry is as it was before the disk filled.
    entries, damaged = load_entries(keys, 1)
    assert damaged == [] and [e.body for e in entries] == ["Saved before the disk filled."]


@pytest.mark.parametrize("way", ["password", "recovery key"])
def test_the_other_partner_opens_none_of_them(vault, couple, kept_at_lock, way) -> None:
    keys = alone(vault, couple, 2, way).keyring
    assert not take_unsaved(keys, 2)  # nothing of theirs, and nothing says A has any
    with pytest.raises(NeedsOwner):
        take_unsaved(keys, 1)
    # Nor does B's journal key passed off as A's: the sealed words do not open with it.
    stolen = Keyring({1: KeyBundle(keys.workbook_key(), keys.journal_key(2))})
    assert not take_unsaved(stolen, 1)
    for aad, blob in getattr(DB.obj, _KEPT)[1]:
        with pytest.raises(SealBroken):
            crypto.unseal(keys.journal_key(2), blob, aad)
    with pytest.raises(SealBroken):
        crypto.unseal(keys.workbook_key(), *reversed(getattr(DB.obj, _KEPT)[1][0]))
    # They are still kept for their owner.
    owner = alone(vault, couple, 1).keyring
    assert len(take_unsaved(owner, 1).entries) == 2


def test_together_they_open_only_with_the_owners_fresh_password(vault, couple,
                                                                kept_at_lock) -> None:
    bundles = {p: vault_module.try_password(vault.slots("password"), couple.passwords[p])[1]
               for p in (1, 2)}
    keys = vault.start_session(bundles).keyring
    with pytest.raises(NeedsOwner):
        take_unsaved(keys, 1)
    with pytest.raises(NeedsOwner):
        open_journal(keys, 1, vault.check_password(2, couple.passwords[2]))
    open_journal(keys, 1, vault.check_password(1, couple.passwords[1]))
    assert [e.draft for e in take_unsaved(keys, 1).entries][0] == DRAFT


def test_an_entrys_latest_words_and_the_coping_plan_come_back(vault, couple) -> None:
    keys = alone(vault, couple, 1).keyring
    keep_unsaved(keys, 1, "e1", EntryDraft(body="first try"))
    keep_unsaved(keys, 1, None, EntryDraft(body="a new one"))
    keep_unsaved(keys, 1, "e1", EntryDraft(body="second try"))
    keep_unsaved_plan(keys, 1, {"helps": "cold water", "triggers": ""})
    with pytest.raises(ValueError):
        keep_unsaved_plan(keys, 1, {"not a section": "x"})
    kept = take_unsaved(keys, 1)
    assert [(e.uuid, e.draft.body) for e in kept.entries] == [
        (None, "a new one"), ("e1", "second try")]
    assert kept.plan == {"helps": "cold water", "triggers": ""}


def test_keeping_needs_the_owners_key_held(vault, couple) -> None:
    keys = alone(vault, couple, 2).keyring
    with pytest.raises(NeedsOwner):
        keep_unsaved(keys, 1, None, DRAFT)
    assert kept_blobs(_KEPT) == []


def test_kept_words_never_reach_the_file_or_its_wal(vault, couple, kept_at_lock) -> None:
    keys = alone(vault, couple, 1).keyring
    keep_unsaved_plan(keys, 1, {"triggers": f"{CANARY} plan"})
    for checkpoint in (False, True):
        if checkpoint:
            DB.execute_sql("PRAGMA wal_checkpoint(PASSIVE)")
        files = [path for path in couple.family() if path.exists()]
        assert couple.path.with_name(couple.path.name + "-wal") in files
        for path in files:
            data = path.read_bytes()
            for encoding in ("utf-8", "utf-16-le"):
                assert CANARY.encode(encoding) not in data, path.name
    assert take_unsaved(keys, 1).plan == {"triggers": f"{CANARY} plan"}
