"""Keys, slots and sealed values: what a wrong key, a changed byte or a moved value does."""

from __future__ import annotations

import json
import random
import secrets
import string
from pathlib import Path

import peewee
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import crypto, keys
from models import vault as vault_module
from models.errors import (
    NotUnlocked,
    PasswordRejected,
    RecordUnreadable,
    SealBroken,
    WrongPassword,
    WrongRecoveryKey,
)
from models.journal import JournalEntry, entries_of, write_entry
from models.keys import KeyBundle
from models.records import PrivateRecord, SharedRecord
from models.schema import KeySlot, Partner
from models.session import Keyring

# -- records of other tables, to move ciphertext into ------------------------------------


class StrayJournal(PrivateRecord):
    """Same columns as JournalEntry, another table."""

    sealed_fields = ("written_at", "title", "body")
    written_at = peewee.BlobField()
    title = peewee.BlobField()
    body = peewee.BlobField()


class CardNote(SharedRecord):
    sealed_fields = ("title", "body")
    title = peewee.BlobField()
    body = peewee.BlobField()


class CardNoteCopy(SharedRecord):
    sealed_fields = ("title", "body")
    title = peewee.BlobField()
    body = peewee.BlobField()


def _random_password(rng: random.Random) -> str:
    alphabet = string.ascii_letters + string.digits + string.punctuation + " äøß✓"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))


# -- passwords ---------------------------------------------------------------------------


def test_wrong_passwords_never_open_and_the_right_one_does(vault, couple):
    slots = vault.slots("password")
    rng = random.Random(0xC0FFEE)
    tried = 0
    for _ in range(100):
        wrong = _random_password(rng)
        if wrong in couple.passwords.values():
            continue
        with pytest.raises(WrongPassword):
            vault_module.try_password(slots, wrong)
        tried += 1
    assert tried == 100
    # Near misses are wrong too.
    for wrong in (couple.passwords[1] + " ", couple.passwords[1].upper(), couple.passwords[1][:-1]):
        with pytest.raises(WrongPassword):
            vault_module.try_password(slots, wrong)
    for partner in (1, 2):
        who, bundle = vault_module.try_password(slots, couple.passwords[partner])
        assert who == partner
        assert bundle == couple.plan.bundles[partner]


def test_wrong_recovery_keys_never_open(vault, couple):
    slots = vault.slots("recovery")
    for _ in range(50):
        raw = keys.new_recovery_key()
        with pytest.raises(WrongRecoveryKey):
            vault_module.try_recovery_key(slots, " ".join(keys.format_recovery_key(raw)))
    with pytest.raises(WrongRecoveryKey):
        vault_module.try_recovery_key(slots, "not a key at all")
    for partner in (1, 2):
        assert vault_module.try_recovery_key(slots, couple.recovery_text(partner)) == (
            partner,
            couple.plan.bundles[partner],
        )


# -- changed bytes -----------------------------------------------------------------------


def test_random_bit_flips_are_all_detected(vault, session_both_owners):
    keyring = session_both_owners.keyring
    rng = random.Random(20240611)
    originals: dict[str, dict[str, str]] = {}
    for i in range(12):
        owner = 1 + i % 2
        body = f"entry {i} " + "ü✓ 日本 " * rng.randint(0, 300)
        row = write_entry(keyring, owner, f"title {i}", body)
        originals[row.uuid] = row.read(keyring)
    names_before = vault.names(keyring)
    assert names_before == {1: "Avery", 2: "Blake"}

    entry_ids = [row.id for row in JournalEntry.select(JournalEntry.id)]
    targets = [("entry", rid, f) for rid in entry_ids for f in JournalEntry.sealed_fields]
    targets += [("name", n, "sealed_name") for n in (1, 2)]
    regions = {"version": 0, "nonce": 0, "ciphertext+tag": 0}

    for flip in range(1000):
        kind, rid, field = rng.choice(targets)
        if kind == "entry":
            original = bytes(getattr(JournalEntry.get_by_id(rid), field))
        else:
            original = bytes(Partner.get_by_id(rid).sealed_name)
        bit = rng.randrange(len(original) * 8)
        byte = bit // 8
        regions[
            "version" if byte == 0 else "nonce" if byte <= crypto.NONCE_BYTES else "ciphertext+tag"
        ] += 1
        damaged = bytearray(original)
        damaged[byte] ^= 1 << (bit % 8)
        context = f"flip {flip}: {kind} {rid} {field} bit {bit}"

        if kind == "entry":
            JournalEntry.update({field: bytes(damaged)}).where(JournalEntry.id == rid).execute()
            row = JournalEntry.get_by_id(rid)
            with pytest.raises(RecordUnreadable) as caught:
                row.read(keyring)
            assert (caught.value.table, caught.value.uuid, caught.value.field) == (
                "journal_entry",
                row.uuid,
                field,
            ), context
            assert originals[row.uuid]["body"] not in str(caught.value)
            JournalEntry.update({field: original}).where(JournalEntry.id == rid).execute()
        else:
            Partner.update(sealed_name=bytes(damaged)).where(Partner.number == rid).execute()
            stored = Partner.get_by_id(rid).sealed_name
            with pytest.raises(SealBroken):
                crypto.unseal(keyring.workbook_key(), stored, vault_module._name_aad(rid))
            # The vault shows no garbage for a broken name, and the other name still opens.
            names = vault.names(keyring)
            assert names[rid] == "", context
            assert names[3 - rid] == names_before[3 - rid], context
            Partner.update(sealed_name=original).where(Partner.number == rid).execute()

    assert all(regions.values()), regions  # the flips really covered every part
    for row in JournalEntry.select():
        assert row.read(keyring) == originals[row.uuid]
    assert vault.names(keyring) == names_before


# -- moved ciphertext --------------------------------------------------------------------


def _blobs(row: PrivateRecord | SharedRecord) -> dict[str, bytes]:
    return {f: bytes(getattr(row, f)) for f in row.sealed_fields}


def test_ciphertext_moved_to_another_row_does_not_open(session_a):
    keyring = session_a.keyring
    first = write_entry(keyring, 1, "first title", "first body")
    second = write_entry(keyring, 1, "second title", "second body")

    JournalEntry.update(title=first.title).where(JournalEntry.id == second.id).execute()
    with pytest.raises(RecordUnreadable) as caught:
        JournalEntry.get_by_id(second.id).read(keyring)
    assert (caught.value.uuid, caught.value.field) == (second.uuid, "title")

    # Even every sealed column of a row, copied whole, does not open elsewhere.
    JournalEntry.update(_blobs(first)).where(JournalEntry.id == second.id).execute()
    with pytest.raises(RecordUnreadable):
        JournalEntry.get_by_id(second.id).read(keyring)
    # The source row is fine.
    assert JournalEntry.get_by_id(first.id).read(keyring)["body"] == "first body"


def test_ciphertext_at_another_revision_does_not_open(session_a):
    keyring = session_a.keyring
    entry = write_entry(keyring, 1, "title", "body one")
    JournalEntry.update(revision=JournalEntry.revision + 1).where(
        JournalEntry.id == entry.id
    ).execute()
    with pytest.raises(RecordUnreadable):
        JournalEntry.get_by_id(entry.id).read(keyring)

    # A rewritten record's new ciphertext does not open at the old revision either.
    JournalEntry.update(revision=1).where(JournalEntry.id == entry.id).execute()
    row = JournalEntry.get_by_id(entry.id)
    row.rewrite(keyring, body="body two")
    assert row.revision == 2
    JournalEntry.update(revision=1).where(JournalEntry.id == entry.id).execute()
    with pytest.raises(RecordUnreadable):
        JournalEntry.get_by_id(entry.id).read(keyring)
    JournalEntry.update(revision=2).where(JournalEntry.id == entry.id).execute()
    assert JournalEntry.get_by_id(entry.id).read(keyring)["body"] == "body two"


def test_ciphertext_moved_to_another_field_does_not_open(session_a):
    keyring = session_a.keyring
    entry = write_entry(keyring, 1, "a title", "a body")
    JournalEntry.update(body=entry.title).where(JournalEntry.id == entry.id).execute()
    with pytest.raises(RecordUnreadable) as caught:
        JournalEntry.get_by_id(entry.id).read(keyring)
    assert caught.value.field == "body"


def test_ciphertext_moved_to_another_table_does_not_open(vault, session_a):
    from models.db import DB

    DB.create_tables([StrayJournal, CardNote, CardNoteCopy])
    keyring = session_a.keyring

    entry = write_entry(keyring, 1, "private title", "private body")
    # Same uuid, revision, owner and bytes: only the table differs.
    StrayJournal.insert(
        uuid=entry.uuid, revision=entry.revision, owner=1, **_blobs(entry)
    ).execute()
    stray = StrayJournal.get(StrayJournal.uuid == entry.uuid)
    with pytest.raises(RecordUnreadable) as caught:
        stray.read(keyring)
    assert caught.value.table == "stray_journal"
    assert entry.read(keyring)["body"] == "private body"

    note = CardNote.write_new(keyring, title="shared title", body="shared body")
    CardNoteCopy.insert(uuid=note.uuid, revision=note.revision, **_blobs(note)).execute()
    with pytest.raises(RecordUnreadable):
        CardNoteCopy.get(CardNoteCopy.uuid == note.uuid).read(keyring)
    assert CardNote.get_by_id(note.id).read(keyring) == {
        "title": "shared title",
        "body": "shared body",
    }


# -- key slots ---------------------------------------------------------------------------


def _edit_kdf(partner: int, **changes: object) -> None:
    row = KeySlot.get((KeySlot.partner == partner) & (KeySlot.kind == "password"))
    kdf = json.loads(row.kdf)
    kdf.update(changes)
    KeySlot.update(kdf=json.dumps(kdf, sort_keys=True)).where(KeySlot.id == row.id).execute()


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda k: {"memory_kib": k["memory_kib"] // 2}, id="memory-halved"),
        pytest.param(lambda k: {"memory_kib": k["memory_kib"] * 2}, id="memory-doubled"),
        pytest.param(lambda k: {"memory_kib": 8}, id="memory-minimum"),
        pytest.param(lambda k: {"iterations": k["iterations"] + 1}, id="iterations-raised"),
        pytest.param(lambda k: {"lanes": k["lanes"] + 1}, id="lanes-raised"),
        pytest.param(lambda k: {"iterations": 0}, id="iterations-zero"),
        pytest.param(lambda k: {"lanes": 0}, id="lanes-zero"),
        pytest.param(lambda k: {"memory_kib": 0}, id="memory-zero"),
        pytest.param(
            lambda k: {"salt": secrets.token_hex(len(k["salt"]) // 2)}, id="salt-replaced"
        ),
        pytest.param(
            lambda k: {"salt": ("0" if k["salt"][0] != "0" else "1") + k["salt"][1:]},
            id="salt-one-nibble",
        ),
        pytest.param(lambda k: {"salt": k["salt"][:8]}, id="salt-too-short"),
        pytest.param(lambda k: {"algorithm": "argon2i"}, id="algorithm"),
    ],
)
def test_edited_kdf_parameters_break_unlock(vault, couple, edit):
    password = couple.passwords[1]
    assert vault_module.try_password(vault.slots("password"), password)[0] == 1
    original = KeySlot.get((KeySlot.partner == 1) & (KeySlot.kind == "password")).kdf
    _edit_kdf(1, **edit(json.loads(original)))
    assert KeySlot.get((KeySlot.partner == 1) & (KeySlot.kind == "password")).kdf != original

    with pytest.raises(WrongPassword):
        vault_module.try_password(vault.slots("password"), password)
    # The untouched partner still gets in; restoring the parameters restores the slot.
    assert vault_module.try_password(vault.slots("password"), couple.passwords[2])[0] == 2
    KeySlot.update(kdf=original).where(
        (KeySlot.partner == 1) & (KeySlot.kind == "password")
    ).execute()
    assert vault_module.try_password(vault.slots("password"), password)[0] == 1


def test_swapped_slot_owners_break_unlock(vault, couple):
    slots = {row.partner: row.id for row in KeySlot.select().where(KeySlot.kind == "password")}
    KeySlot.update(partner=0).where(KeySlot.id == slots[1]).execute()
    KeySlot.update(partner=1).where(KeySlot.id == slots[2]).execute()
    KeySlot.update(partner=2).where(KeySlot.id == slots[1]).execute()
    for partner in (1, 2):
        with pytest.raises(WrongPassword):
            vault_module.try_password(vault.slots("password"), couple.passwords[partner])


def test_edited_recovery_slot_breaks_recovery(vault, couple):
    row = KeySlot.get((KeySlot.partner == 1) & (KeySlot.kind == "recovery"))
    kdf = json.loads(row.kdf)
    kdf["salt"] = secrets.token_hex(16)
    KeySlot.update(kdf=json.dumps(kdf, sort_keys=True)).where(KeySlot.id == row.id).execute()
    with pytest.raises(WrongRecoveryKey):
        vault_module.try_recovery_key(vault.slots("recovery"), couple.recovery_text(1))
    assert vault_module.try_recovery_key(vault.slots("recovery"), couple.recovery_text(2))[0] == 2


# -- one partner's journal against the other --------------------------------------------


def test_partner_b_cannot_open_partner_a_journal(vault, couple, session_a):
    a_rows = [
        write_entry(session_a.keyring, 1, f"A's title {i}", f"A's private body {i}")
        for i in range(5)
    ]
    a_bundle = couple.plan.bundles[1]

    who, b_by_password = vault_module.try_password(vault.slots("password"), couple.passwords[2])
    assert who == 2
    who, b_by_recovery = vault_module.try_recovery_key(
        vault.slots("recovery"), couple.recovery_text(2)
    )
    assert who == 2
    assert b_by_password == b_by_recovery

    assert b_by_password.workbook_key == a_bundle.workbook_key
    assert b_by_password.journal_key != a_bundle.journal_key

    # B's credentials do not open A's slots.
    with pytest.raises(SealBroken):
        keys.open_password_slot(vault.slot_of(1, "password"), couple.passwords[2])
    with pytest.raises(SealBroken):
        keys.open_recovery_slot(vault.slot_of(1, "recovery"), couple.plan.recovery_keys[2])

    for bundle in (b_by_password, b_by_recovery):
        as_b = Keyring({2: bundle})
        # B's journal key placed where A's should be: the key itself is wrong.
        impostor = Keyring({1: KeyBundle(bundle.workbook_key, bundle.journal_key)})
        for row in a_rows:
            stored = JournalEntry.get_by_id(row.id)
            with pytest.raises(NotUnlocked):
                stored.read(as_b)
            with pytest.raises(RecordUnreadable):
                stored.read(impostor)
        with pytest.raises(RecordUnreadable):
            entries_of(impostor, 1)

    # Control: A's own key opens them, and B's own entries open for B.
    assert [r.read(session_a.keyring)["title"] for r in a_rows] == [
        f"A's title {i}" for i in range(5)
    ]
    b_row = write_entry(Keyring({2: b_by_password}), 2, "B's title", "B's body")
    assert JournalEntry.get_by_id(b_row.id).read(Keyring({2: b_by_recovery}))["body"] == "B's body"
    with pytest.raises(RecordUnreadable):
        JournalEntry.get_by_id(b_row.id).read(Keyring({2: a_bundle}))


# -- password change and reset ------------------------------------------------------------


def _raw(paths: list[Path]) -> bytes:
    return b"".join(p.read_bytes() for p in paths if p.exists())


def _assert_old_slot_gone(couple, old_slot, new_slot) -> None:
    raw = _raw(couple.family())
    assert old_slot.sealed not in raw
    assert old_slot.kdf.salt not in raw
    assert old_slot.kdf.salt.hex().encode() not in raw
    assert new_slot.kdf.salt.hex().encode() in raw  # the scan does find what is there
    assert new_slot.sealed in raw


def test_password_change_rewraps_and_purges_the_old_slot(vault, couple):
    old_slot = vault.slot_of(1, "password")
    raw = _raw(couple.family())
    assert old_slot.sealed in raw and old_slot.kdf.salt.hex().encode() in raw

    new_password = "violet meadow gently 93"
    vault.change_password(1, couple.passwords[1], new_password)
    new_slot = vault.slot_of(1, "password")
    assert new_slot.kdf.salt != old_slot.kdf.salt
    assert keys.Argon2Cost(
        new_slot.kdf.memory_kib, new_slot.kdf.iterations, new_slot.kdf.lanes
    ) == keys.Argon2Cost(old_slot.kdf.memory_kib, old_slot.kdf.iterations, old_slot.kdf.lanes)

    slots = vault.slots("password")
    with pytest.raises(WrongPassword):
        vault_module.try_password(slots, couple.passwords[1])
    assert vault_module.try_password(slots, new_password) == (1, couple.plan.bundles[1])
    assert vault_module.try_recovery_key(vault.slots("recovery"), couple.recovery_text(1)) == (
        1,
        couple.plan.bundles[1],
    )
    assert vault_module.try_password(slots, couple.passwords[2])[0] == 2

    _assert_old_slot_gone(couple, old_slot, new_slot)  # while the vault is open
    vault.close()
    _assert_old_slot_gone(couple, old_slot, new_slot)  # and after

    reopened = vault_module.Vault.open(couple.path)
    try:
        with pytest.raises(WrongPassword):
            vault_module.try_password(reopened.slots("password"), couple.passwords[1])
        assert vault_module.try_password(reopened.slots("password"), new_password)[0] == 1
    finally:
        reopened.close()


def test_reset_by_recovery_key_rewraps_and_purges_the_old_slot(vault, couple):
    old_slot = vault.slot_of(2, "password")
    new_password = "saffron bridge calmly 55"
    text = couple.recovery_text(2).lower().replace(" ", "-")
    partner, bundle = vault.reset_password(text, new_password)
    assert (partner, bundle) == (2, couple.plan.bundles[2])
    new_slot = vault.slot_of(2, "password")

    slots = vault.slots("password")
    with pytest.raises(WrongPassword):
        vault_module.try_password(slots, couple.passwords[2])
    assert vault_module.try_password(slots, new_password) == (2, couple.plan.bundles[2])
    assert vault_module.try_recovery_key(vault.slots("recovery"), couple.recovery_text(2))[0] == 2
    assert vault_module.try_password(slots, couple.passwords[1])[0] == 1

    _assert_old_slot_gone(couple, old_slot, new_slot)
    vault.close()
    _assert_old_slot_gone(couple, old_slot, new_slot)


def test_password_changes_that_are_refused(vault, couple):
    before = vault.slot_of(1, "password")
    with pytest.raises(WrongPassword):
        vault.change_password(1, "not the current password", "violet meadow gently 93")
    with pytest.raises(PasswordRejected) as caught:
        vault.change_password(1, couple.passwords[1], "short")
    assert caught.value.reason == "too_short"
    with pytest.raises(PasswordRejected) as caught:
        vault.change_password(1, couple.passwords[1], " " * 12)
    assert caught.value.reason == "blank"
    with pytest.raises(PasswordRejected) as caught:
        vault.change_password(1, couple.passwords[1], couple.passwords[2])
    assert caught.value.reason == "same_as_partner"
    with pytest.raises(PasswordRejected) as caught:
        vault.reset_password(couple.recovery_text(1), couple.passwords[2])
    assert caught.value.reason == "same_as_partner"
    with pytest.raises(PasswordRejected):
        vault.reset_password(couple.recovery_text(1), "tiny")
    with pytest.raises(WrongRecoveryKey):
        vault.reset_password(" ".join(keys.format_recovery_key(bytes(20))), "long enough pass 1")

    # Nothing changed.
    assert vault.slot_of(1, "password") == before
    assert vault_module.try_password(vault.slots("password"), couple.passwords[1])[0] == 1


def test_setup_refuses_shared_or_short_passwords():
    with pytest.raises(PasswordRejected) as caught:
        vault_module.prepare_setup(
            {1: "A", 2: "B"}, {1: "same password 123", 2: "same password 123"}, keys.FAST_TEST_COST
        )
    assert caught.value.reason == "same_as_partner"
    with pytest.raises(PasswordRejected) as caught:
        vault_module.prepare_setup(
            {1: "A", 2: "B"}, {1: "long enough 12345", 2: "short"}, keys.FAST_TEST_COST
        )
    assert caught.value.reason == "too_short"


def test_setup_makes_distinct_keys_and_salts(setup_plan):
    bundles = setup_plan.bundles
    assert bundles[1].workbook_key == bundles[2].workbook_key
    assert bundles[1].journal_key != bundles[2].journal_key
    assert len({bundles[1].workbook_key, bundles[1].journal_key, bundles[2].journal_key}) == 3
    assert all(len(k) == 32 for b in bundles.values() for k in (b.workbook_key, b.journal_key))
    salts = [slot.kdf.salt for slot in setup_plan.slots]
    assert len(set(salts)) == len(salts) == 4
    assert setup_plan.recovery_keys[1] != setup_plan.recovery_keys[2]
    assert all(len(r) * 8 >= 128 for r in setup_plan.recovery_keys.values())


# -- recovery key formatting ----------------------------------------------------------------


@settings(max_examples=300, database=None, deadline=None)
@given(raw=st.binary(min_size=keys.RECOVERY_BYTES, max_size=keys.RECOVERY_BYTES))
def test_recovery_key_format_round_trip(raw):
    groups = keys.format_recovery_key(raw)
    assert len(groups) == 8 and all(len(g) == keys.RECOVERY_GROUP for g in groups)
    assert not set("".join(groups)) & set("ILOU")  # no look-alike letters are printed
    assert keys.parse_recovery_key(" ".join(groups)) == raw
    assert keys.parse_recovery_key("".join(groups)) == raw
    assert keys.parse_recovery_key("-".join(groups).lower()) == raw


@settings(max_examples=200, database=None, deadline=None)
@given(
    raw=st.binary(min_size=keys.RECOVERY_BYTES, max_size=keys.RECOVERY_BYTES),
    seed=st.integers(0, 2**32),
)
def test_recovery_key_parse_forgives_lookalikes_and_noise(raw, seed):
    rng = random.Random(seed)
    text = "".join(keys.format_recovery_key(raw))
    messy = []
    for ch in text:
        if ch == "0":
            ch = rng.choice("0Oo")
        elif ch == "1":
            ch = rng.choice("1IiLl")
        elif ch == "V":
            ch = rng.choice("VvUu")
        elif ch.isalpha():
            ch = rng.choice([ch, ch.lower()])
        messy.append(ch + rng.choice(["", "", " ", "-", " - ", "  "]))
    assert keys.parse_recovery_key("".join(messy)) == raw


def test_recovery_key_parse_rejects_wrong_length():
    raw = keys.new_recovery_key()
    text = "".join(keys.format_recovery_key(raw))
    assert keys.parse_recovery_key(text) == raw
    assert keys.parse_recovery_key(text[:-1]) is None
    assert keys.parse_recovery_key(text + "7") is None
    assert keys.parse_recovery_key(text[:16]) is None
    assert keys.parse_recovery_key("") is None
    assert keys.parse_recovery_key("- - -") is None
    assert keys.parse_recovery_key(text[:-1] + "é") is None  # not in the alphabet


def test_an_edited_slot_asking_for_huge_cost_is_refused_quickly(couple, vault) -> None:
    import json

    from models.schema import KeySlot

    row = KeySlot.get((KeySlot.partner == 1) & (KeySlot.kind == "password"))
    params = json.loads(row.kdf)
    params["memory_kib"] = 64 * 1024 * 1024  # 64 GiB
    KeySlot.update(kdf=json.dumps(params, sort_keys=True)).where(KeySlot.id == row.id).execute()
    with pytest.raises(vault_module.WrongPassword):
        vault_module.try_password(vault.slots("password"), couple.passwords[1])


# -- bounded parameters, damaged slots, even unlock time (#6) -------------------------


@pytest.fixture
def derivations(monkeypatch):
    """Every Argon2id derivation asked for, by its parameters. One asking for more than
    1 GiB, 40 passes or 16 lanes is recorded and refused here instead of run, so a test
    of the old code cannot stall the machine."""
    asked: list[keys.KdfParams] = []
    real = keys.derive_password_key

    def spy(password: str, kdf: keys.KdfParams) -> bytes:
        asked.append(kdf)
        if kdf.memory_kib > 1024 * 1024 or kdf.iterations > 40 or kdf.lanes > 16:
            raise SealBroken("refused by the test")
        return real(password, kdf)

    monkeypatch.setattr(keys, "derive_password_key", spy)
    return asked


def test_kdf_bounds_are_what_calibration_can_pick():
    assert keys.MAX_MEMORY_KIB == 1024 * 1024  # 1 GiB, where calibration stops
    assert keys.MAX_ITERATIONS == 40
    assert keys.FLOOR_LANES <= keys.MAX_LANES <= 16


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param({"memory_kib": 2 * 1024 * 1024}, id="memory-2GiB"),
        pytest.param({"memory_kib": 1024 * 1024 + 1}, id="memory-just-over-1GiB"),
        pytest.param({"iterations": 41}, id="iterations-41"),
        pytest.param({"iterations": 64}, id="iterations-64"),
        pytest.param({"lanes": 17}, id="lanes-17"),
        pytest.param({"lanes": 4096, "memory_kib": 8 * 4096}, id="lanes-4096"),
        pytest.param({"salt": "00" * 4096}, id="salt-4KiB"),
        pytest.param({"salt": "zz" * 16}, id="salt-not-hex"),
        pytest.param({"salt": 7}, id="salt-a-number"),
        pytest.param({"iterations": True}, id="iterations-a-boolean"),
        pytest.param({"iterations": "3"}, id="iterations-a-string"),
        pytest.param({"lanes": -1}, id="lanes-negative"),
        pytest.param({"memory_kib": "9" * 5000}, id="memory-5000-digits"),
    ],
)
def test_out_of_bounds_slot_is_refused_before_any_work_and_the_other_unlocks(
    vault, couple, derivations, edit
):
    _edit_kdf(1, **edit)
    slots = vault.slots("password")
    assert [slot.partner for slot in slots] == [2]  # the damaged slot cannot be tried
    with pytest.raises(WrongPassword):
        vault_module.try_password(slots, couple.passwords[1])
    assert vault_module.try_password(slots, couple.passwords[2])[0] == 2
    assert all(kdf.memory_kib <= 1024 * 1024 and kdf.iterations <= 40 and kdf.lanes <= 16
               for kdf in derivations), derivations


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param("not json", id="not-json"),
        pytest.param("[]", id="a-list"),
        pytest.param("{}", id="empty-object"),
        pytest.param(b"\xff\xfe\x00", id="bytes-not-utf8"),
    ],
)
def test_a_damaged_slot_of_one_partner_never_stops_the_other(vault, couple, damage):
    """Partner 1's slot damaged: partner 2 unlocks, changes their password and gets a
    fresh proof; partner 1 mends their slot with the recovery key."""
    vault._database.execute_sql(  # raw: the model's TextField would refuse the bytes
        "UPDATE key_slot SET kdf = ? WHERE partner = 1 AND kind = 'password'", (damage,)
    )
    assert vault.find_slot(1, "password") is None
    with pytest.raises(WrongPassword):
        vault_module.try_password(vault.slots("password"), couple.passwords[1])
    assert vault_module.try_password(vault.slots("password"), couple.passwords[2])[0] == 2
    assert vault.check_password(2, couple.passwords[2]).partner == 2

    vault.change_password(2, couple.passwords[2], "new harbour words 2")
    assert vault_module.try_password(vault.slots("password"), "new harbour words 2")[0] == 2

    partner, _ = vault.reset_password(couple.recovery_text(1), "mended lantern words 1")
    assert partner == 1
    slots = vault.slots("password")
    assert vault_module.try_password(slots, "mended lantern words 1") == (1, couple.plan.bundles[1])
    assert vault_module.try_password(slots, "new harbour words 2")[0] == 2


@pytest.mark.parametrize("who", ["partner 1", "partner 2", "wrong"])
def test_unlock_tries_every_slot_whoever_it_is(vault, couple, derivations, who):
    """The time taken must not say whose password it was: same work every time."""
    password = {"partner 1": couple.passwords[1], "partner 2": couple.passwords[2],
                "wrong": "nobody's password at all"}[who]
    slots = vault.slots("password")
    try:
        vault_module.try_password(slots, password)
    except WrongPassword:
        assert who == "wrong"
    assert sorted(kdf.salt for kdf in derivations) == sorted(s.kdf.salt for s in slots)


def test_together_unlock_time_does_not_say_who_typed_first(vault, couple, derivations):
    slots = vault.slots("password")
    counts = []
    for first, second in ((1, 2), (2, 1)):
        derivations.clear()
        opened = vault_module.try_two_passwords(
            slots, couple.passwords[first], couple.passwords[second]
        )
        assert set(opened) == {1, 2}
        counts.append(len(derivations))
    assert counts == [3, 3]


def test_an_edited_costly_slot_does_not_slow_the_other_partner(vault, couple, derivations):
    """Different costs mean one slot was edited: the cheaper is tried first, and the
    partner whose slot it is does not wait for the other derivation."""
    original = json.loads(KeySlot.get((KeySlot.partner == 1) & (KeySlot.kind == "password")).kdf)
    _edit_kdf(1, iterations=original["iterations"] + 30)  # in bounds, but 31x the work
    slots = vault.slots("password")
    assert vault_module.try_password(slots, couple.passwords[2])[0] == 2
    assert len(derivations) == 1 and derivations[0].iterations == original["iterations"]


def test_unlock_can_be_cancelled_between_slots(vault, couple, derivations, monkeypatch):
    import threading

    cancel = threading.Event()
    cancel.set()
    with pytest.raises(vault_module.UnlockCancelled):
        vault_module.try_password(vault.slots("password"), couple.passwords[1], cancel)
    assert derivations == []

    later = threading.Event()
    real = keys.derive_password_key

    def cancel_during_the_first(password: str, kdf: keys.KdfParams) -> bytes:
        later.set()  # the person pressed Stop while this derivation ran
        return real(password, kdf)

    monkeypatch.setattr(keys, "derive_password_key", cancel_during_the_first)
    with pytest.raises(vault_module.UnlockCancelled):
        vault_module.try_two_passwords(
            vault.slots("password"), couple.passwords[1], couple.passwords[2], later
        )


def test_failed_tries_are_counted_in_the_file(couple, opened):
    vault = opened(vault_module.Vault.open(couple.path))
    assert vault.failed_unlocks() == 0
    assert [vault.note_failed_unlock() for _ in range(4)] == [1, 2, 3, 4]
    vault.close()
    vault = opened(vault_module.Vault.open(couple.path))  # a restart does not reset it
    assert vault.failed_unlocks() == 4
    from models.schema import VaultFact

    assert VaultFact.get_by_id(vault_module.FAILED_UNLOCKS).value == "4"  # only a number
    VaultFact.update(value="lots").where(VaultFact.name == vault_module.FAILED_UNLOCKS).execute()
    assert vault.failed_unlocks() == 0  # an edited count is not an error
    vault.note_failed_unlock()
    vault.clear_failed_unlocks()
    assert vault.failed_unlocks() == 0


# -- an honest password change (#6) ---------------------------------------------------


def _failing_checkpoint(vault, monkeypatch) -> None:
    real = vault._database.execute_sql

    def execute_sql(sql, *args, **kwargs):
        if "wal_checkpoint" in sql:
            raise peewee.OperationalError("database or disk is full")
        return real(sql, *args, **kwargs)

    monkeypatch.setattr(vault._database, "execute_sql", execute_sql)


def test_a_failed_checkpoint_after_the_change_is_reported_as_saved(vault, couple, monkeypatch):
    _failing_checkpoint(vault, monkeypatch)
    with pytest.raises(vault_module.PasswordChangedNotTidied) as caught:
        vault.change_password(1, couple.passwords[1], "violet meadow gently 93")
    assert not isinstance(caught.value, peewee.PeeweeException)
    slots = vault.slots("password")
    assert vault_module.try_password(slots, "violet meadow gently 93")[0] == 1
    with pytest.raises(WrongPassword):
        vault_module.try_password(slots, couple.passwords[1])
    monkeypatch.undo()
    old_sealed = KeySlot.get((KeySlot.partner == 2) & (KeySlot.kind == "password")).sealed
    vault.close()  # the close's checkpoint finishes the tidying
    assert old_sealed in _raw(couple.family())  # partner 2's slot is untouched, of course
    reopened = vault_module.Vault.open(couple.path)
    try:
        assert vault_module.try_password(
            reopened.slots("password"), "violet meadow gently 93"
        )[0] == 1
    finally:
        reopened.close()


def test_a_change_that_could_not_be_saved_says_so_and_keeps_the_old(vault, couple, monkeypatch):
    def full(*args, **kwargs):
        raise peewee.OperationalError("database or disk is full")

    monkeypatch.setattr(KeySlot, "update", full)
    with pytest.raises(vault_module.PasswordNotChanged):
        vault.change_password(1, couple.passwords[1], "violet meadow gently 93")
    monkeypatch.undo()
    assert vault_module.try_password(vault.slots("password"), couple.passwords[1])[0] == 1


# -- when each partner last opened Trellis is theirs alone (#6) -----------------------


def test_last_opening_is_sealed_for_its_partner_only(vault, couple):
    from models.schema import Partner
    from models.session import Keyring

    columns = {r[1] for r in vault._database.execute_sql("PRAGMA table_info(partner)")}
    assert "last_unlocked_at" not in columns  # nothing plain says when anyone came
    only_1 = Keyring({1: couple.plan.bundles[1]})
    only_2 = Keyring({2: couple.plan.bundles[2]})
    assert vault.last_unlocked(only_2) == {2: None}

    session = vault.start_session({2: couple.plan.bundles[2]})
    seen = vault.last_unlocked(session.keyring)
    assert list(seen) == [2] and seen[2] is not None
    assert vault.last_unlocked(only_1) == {1: None}  # partner 1 learns nothing of 2's
    assert vault.last_unlocked() == {}
    sealed = Partner.get_by_id(2).sealed_last_seen
    assert seen[2].isoformat().encode() not in sealed
    rows = vault._database.execute_sql("SELECT * FROM partner").fetchall()
    assert all(type(value) in (int, bytes) or value is None for row in rows for value in row)

    # Moved to partner 1's row, partner 2's value opens for no one.
    Partner.update(sealed_last_seen=sealed).where(Partner.number == 1).execute()
    assert vault.last_unlocked(only_1) == {1: None}

    # Together, both just typed their password: both are noted, but the session
    # holds no journal key, so the session itself reads no one's.
    together = vault.start_session(dict(couple.plan.bundles))
    assert vault.last_unlocked(together.keyring) == {}
    both = vault.last_unlocked(Keyring(dict(couple.plan.bundles)))
    assert both[1] is not None and both[2] is not None


def test_facts_removed_since_a_partner_last_opened_are_noticed(vault, couple):
    from models import agreements, ledger
    from models.session import Keyring

    only_1 = Keyring({1: couple.plan.bundles[1]})
    session = vault.start_session({1: couple.plan.bundles[1]})
    agreements.create(session.keyring, 1, title="Walks", wording="A walk on Sundays.")
    assert ledger.LedgerEntry.select().count() > 0
    assert vault.went_back(only_1) == []  # facts added since: fine
    vault.start_session({1: couple.plan.bundles[1]})  # notes the file as it is now
    last = ledger.LedgerEntry.select().order_by(ledger.LedgerEntry.id.desc()).get()
    vault._database.execute_sql("DELETE FROM ledger_entry WHERE id = ?", (last.id,))
    assert vault.went_back(only_1) == [1]
    assert vault.went_back(Keyring({2: couple.plan.bundles[2]})) == []  # 2 never saw it
    assert vault.went_back(Keyring({})) == []


def test_both_signing_keys_are_known_from_setup(vault, couple):
    from models import ledger
    from models.errors import TrellisError
    from models.session import Keyring

    keyring = Keyring(dict(couple.plan.bundles))
    assert ledger.PartnerKey.select().count() == 2
    for partner in (1, 2):
        ledger.check_own_key(keyring, partner, couple.plan.bundles[partner].journal_key)
        with pytest.raises(TrellisError):  # the other's key is not theirs
            ledger.check_own_key(keyring, partner, couple.plan.bundles[3 - partner].journal_key)
