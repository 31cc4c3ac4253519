"""Schema migrations: run in order, one transaction each, after a private backup copy."""

from __future__ import annotations

import hashlib
import sqlite3
import stat

import pytest

from models import migrations
from models import vault as vault_module
from models.db import DB
from models.errors import WriteFailed
from models.journal import JournalEntry, write_entry
from models.session import Keyring
from models.vault import Vault


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _user_version(path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA user_version").fetchone()[0]
    finally:
        connection.close()


def _tables(path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    finally:
        connection.close()


@pytest.fixture
def future_step(monkeypatch):
    """Append a step to the schema's history, as the next release would."""

    def install(step) -> int:
        version = migrations.SCHEMA_VERSION + 1
        monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, (version, step)])
        monkeypatch.setattr(migrations, "SCHEMA_VERSION", version)
        return version

    return install


def test_vault_file_is_private(couple):
    assert _mode(couple.path) == 0o600
    assert _mode(couple.path.parent) & 0o077 == 0


def test_a_future_step_runs_once_after_a_private_backup(couple, future_step):
    keyring = Keyring(couple.plan.bundles)
    vault = Vault.open(couple.path)
    try:
        entry = write_entry(keyring, 1, "before the upgrade", "kept safe")
    finally:
        vault.close()
    old_version = _user_version(couple.path)
    assert old_version == migrations.SCHEMA_VERSION
    before = couple.path.read_bytes()
    assert not list(couple.path.parent.glob("*.bak"))

    runs = []

    def add_reminders() -> None:
        runs.append(DB.execute_sql("PRAGMA user_version").fetchone()[0])
        DB.execute_sql("CREATE TABLE reminder (id INTEGER PRIMARY KEY, sealed BLOB)")

    new_version = future_step(add_reminders)
    vault = Vault.open(couple.path)
    try:
        assert runs == [old_version]  # ran once, on the old schema
        assert DB.execute_sql("PRAGMA user_version").fetchone()[0] == new_version
        assert JournalEntry.get(JournalEntry.uuid == entry.uuid).read(keyring) == entry.read(
            keyring
        )
    finally:
        vault.close()

    assert _user_version(couple.path) == new_version
    assert "reminder" in _tables(couple.path)
    assert _mode(couple.path) == 0o600

    backups = list(couple.path.parent.glob(f"{couple.path.name}.schema{old_version}-*.bak"))
    assert len(backups) == 1
    backup = backups[0]
    assert _mode(backup) == 0o600
    assert hashlib.sha256(backup.read_bytes()).digest() == hashlib.sha256(before).digest()
    assert _user_version(backup) == old_version
    assert "reminder" not in _tables(backup)

    # Opening again runs nothing and copies nothing.
    Vault.open(couple.path).close()
    assert runs == [old_version]
    assert len(list(couple.path.parent.glob("*.bak"))) == 1


def test_a_failing_step_rolls_back_whole(couple, future_step, digests):
    before = couple.path.read_bytes()
    old_version = _user_version(couple.path)

    def half_done() -> None:
        DB.execute_sql("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        DB.execute_sql("INSERT INTO no_such_table VALUES (1)")  # fails midway

    future_step(half_done)
    with pytest.raises(WriteFailed):
        Vault.open(couple.path)
    assert DB.obj is None
    assert _user_version(couple.path) == old_version
    assert "half_done" not in _tables(couple.path)
    backups = list(couple.path.parent.glob("*.bak"))
    assert len(backups) == 1 and backups[0].read_bytes() == before


def test_fresh_vault_is_at_the_current_schema(couple):
    assert _user_version(couple.path) == migrations.SCHEMA_VERSION
    header = couple.path.read_bytes()[:100]
    assert int.from_bytes(header[68:72], "big") == vault_module.APPLICATION_ID
    assert int.from_bytes(header[60:64], "big") == migrations.SCHEMA_VERSION
    assert migrations.pending(migrations.SCHEMA_VERSION) == []
    assert [v for v, _ in migrations.pending(0)] == [v for v, _ in migrations.STEPS]
    versions = [v for v, _ in migrations.STEPS]
    assert versions == sorted(set(versions)) and versions[0] == 1


def test_step_3_marks_earlier_reviews_as_unknown_not_together(couple, opened):
    """A file from before reviews recorded who was there: its reviews keep no claim."""
    import datetime as dt

    from models import agreements
    from models.session import Keyring
    from models.vault import Vault

    vault = opened(Vault.open(couple.path))
    keys = Keyring(dict(couple.plan.bundles))
    proofs = {p: vault.check_password(p, couple.passwords[p]) for p in (1, 2)}
    view = agreements.create(keys, 1, title="Walks", wording="A walk on Sundays.")
    agreements.propose(keys, view.uuid, 1)
    for p in (1, 2):
        agreements.confirm(keys, view.uuid, p, proofs[p])
    agreements.decide_review(keys, view.uuid, (proofs[1], proofs[2]),
                             reviewed_on=dt.date.today(), helps="", hard="",
                             decision="keep", partner=1)
    vault.close()
    connection = sqlite3.connect(couple.path)
    try:
        connection.execute("UPDATE agreement_review SET together = NULL")
        connection.execute("ALTER TABLE agreement_review DROP COLUMN together")
        connection.execute("ALTER TABLE agreement_review DROP COLUMN by_partner")
        connection.execute("DROP TABLE review_rating")
        # A file from before step 5 has no facts either: they come as a carry-over.
        connection.execute("DROP TABLE ledger_entry")
        connection.execute("DROP TABLE partner_key")
        for table in ("agreement_revision", "agreement_event", "agreement_review",
                      "consent_item", "consent_reveal"):
            connection.execute(f"ALTER TABLE {table} DROP COLUMN echo")
        connection.execute("PRAGMA user_version = 2")
        connection.commit()
    finally:
        connection.close()
    vault = opened(Vault.open(couple.path))
    assert _user_version(couple.path) == migrations.SCHEMA_VERSION
    agreements.load_all(keys)  # the first unlock carries the old agreements over, once
    review = agreements.reviews(keys, view.uuid)[0]
    assert review.together is None and review.by_partner is None
    agreements.rate_review(keys, view.uuid, 1, proofs[1], works=3, follow=3)
    assert agreements.my_rating(keys, view.uuid, 1) == agreements.MyRating(3, 3)
    vault.close()


def test_step_7_counts_private_rows_from_the_first_time_their_owner_opens_them(couple,
                                                                                opened):
    """A file from before manifests: each owner's rows are counted the first time their
    key reads them; a row removed after that is damage."""
    from models.damage import RecordDamaged
    from models.journal import entries_of, write_entry
    from models.session import Keyring
    from models.vault import Vault

    vault = opened(Vault.open(couple.path))
    keys = Keyring(dict(couple.plan.bundles))
    for n in range(2):
        write_entry(keys, 1, f"entry {n}", "words")
    vault.close()
    connection = sqlite3.connect(couple.path)
    try:
        connection.execute("DROP TABLE private_manifest")
        connection.execute("DELETE FROM ledger_entry WHERE stream = 'vault/manifests'")
        connection.execute("PRAGMA user_version = 6")
        connection.commit()
    finally:
        connection.close()
    vault = opened(Vault.open(couple.path))
    assert len(entries_of(keys, 1)) == 2  # counted now, from the rows as they are
    vault.close()
    connection = sqlite3.connect(couple.path)
    connection.execute("DELETE FROM journal_entry WHERE id = (SELECT MIN(id) FROM journal_entry)")
    connection.commit()
    connection.close()
    vault = opened(Vault.open(couple.path))
    with pytest.raises(RecordDamaged):
        entries_of(keys, 1)
    vault.close()
