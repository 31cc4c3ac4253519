"""Whose journal opens: only its owner's key, from their session alone or their fresh
password. The other partner's password and recovery key open nothing of it."""

from __future__ import annotations

import pytest

from models import journal
from models import vault as vault_module
from models.damage import RecordDamaged
from models.journal import EntryDraft, load_entries, load_plan, save_entry, save_plan
from models.keys import KeyBundle
from models.proof import FreshProof, NeedsOwner
from models.session import Keyring

SECRET = EntryDraft(title="A's title", body="A's own words", own_feelings=("A's word",),
                    tags=("just_for_me",))


@pytest.fixture
def written(vault, couple):
    """Partner 1's journal with two entries and a coping plan, written alone."""
    _, bundle = vault_module.try_password(vault.slots("password"), couple.passwords[1])
    keys = vault.start_session({1: bundle}).keyring
    entries = [save_entry(keys, 1, SECRET), save_entry(keys, 1, EntryDraft(body="more"))]
    save_plan(keys, 1, {"helps": "A walk on my own"})
    return entries


def _b_bundles(vault, couple) -> dict[str, KeyBundle]:
    by_password = vault_module.try_password(vault.slots("password"), couple.passwords[2])
    by_recovery = vault_module.try_recovery_key(vault.slots("recovery"), couple.recovery_text(2))
    assert by_password[0] == by_recovery[0] == 2
    return {"password": by_password[1], "recovery key": by_recovery[1]}


@pytest.mark.parametrize("way", ["password", "recovery key"])
def test_the_other_partners_password_or_recovery_key_opens_nothing(vault, couple, written,
                                                                   way) -> None:
    bundle = _b_bundles(vault, couple)[way]
    keys = vault.start_session({2: bundle}).keyring
    for call in (lambda: load_entries(keys, 1), lambda: load_plan(keys, 1),
                 lambda: save_entry(keys, 1, EntryDraft(body="by B")),
                 lambda: save_plan(keys, 1, {"helps": "by B"}),
                 lambda: journal.open_journal(keys, 1, FreshProof(2, bundle))):
        with pytest.raises(NeedsOwner):
            call()
    # A proof naming partner 1 that carries B's key (no prove() makes one) is refused.
    with pytest.raises(NeedsOwner):
        journal.open_journal(keys, 1, FreshProof(1, bundle))
    # Even B's key forced into partner 1's place opens no entry and no plan.
    forced = Keyring({1: bundle})
    entries, damaged = load_entries(forced, 1)
    assert entries == [] and {d.uuid for d in damaged} >= {e.uuid for e in written}
    with pytest.raises(RecordDamaged):
        load_plan(forced, 1)
    assert load_entries(keys, 2) == ([], [])  # B's own journal opens, empty


def test_together_nothing_opens_without_the_owners_fresh_proof(vault, couple, written,
                                                               session_both) -> None:
    keys = session_both.keyring
    calls = (lambda o: load_entries(keys, o), lambda o: load_plan(keys, o),
             lambda o: save_entry(keys, o, EntryDraft(body="x")),
             lambda o: journal.delete_entry(keys, o, written[0].uuid),
             lambda o: journal.entries_for_export(keys, o, None))
    for owner in (1, 2):
        for call in calls:
            with pytest.raises(NeedsOwner):
                call(owner)
    proof_a = vault.check_password(1, couple.passwords[1])
    chosen, _ = journal.entries_for_export(keys, 1, proof_a, include_just_for_me=True)
    assert chosen[0].body == SECRET.body
    assert not keys.holds_journal(1)  # an export opens with the proof, holds nothing
    journal.open_journal(keys, 1, proof_a)
    assert {e.uuid for e in load_entries(keys, 1)[0]} == {e.uuid for e in written}
    with pytest.raises(NeedsOwner):
        load_entries(keys, 2)
    journal.close_journal(keys, 1)
    with pytest.raises(NeedsOwner):
        load_entries(keys, 1)


def test_an_export_always_asks_again_even_alone(vault, couple, written) -> None:
    _, bundle = vault_module.try_password(vault.slots("password"), couple.passwords[1])
    keys = vault.start_session({1: bundle}).keyring
    with pytest.raises(NeedsOwner):
        journal.entries_for_export(keys, 1, None)
    with pytest.raises(NeedsOwner):
        journal.entries_for_export(keys, 1, vault.check_password(2, couple.passwords[2]))
    proof = vault.check_password(1, couple.passwords[1])
    assert journal.entries_for_export(keys, 1, proof)[0] == [written[1]]  # not just_for_me
    chosen, _ = journal.entries_for_export(keys, 1, proof, include_just_for_me=True)
    assert [e.uuid for e in chosen] == [e.uuid for e in written]  # oldest first
    assert journal.entries_for_export(keys, 1, proof, tags=("trigger",))[0] == []
