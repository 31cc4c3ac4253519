"""What Trellis leaves around a vault: one instance per file however it is reached, a
private log, a backup before every migration, and no plain trace of who opened it when.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import stat

import pytest

from models import migrations, paths
from models.db import DB
from models.errors import VaultInUse
from models.vault import Vault, connection


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# -- one running app per vault file -----------------------------------------------------


def test_a_symlink_to_an_open_vault_is_refused(couple, vault, tmp_path):
    link = tmp_path / "elsewhere.vault"
    link.symlink_to(couple.path)
    with pytest.raises(VaultInUse):
        Vault.open(link)
    assert DB.obj is vault._database
    assert not (tmp_path / "elsewhere.vault.lock").exists()


def test_a_hard_link_to_an_open_vault_is_refused(couple, vault, tmp_path):
    other_folder = tmp_path / "other-folder"
    other_folder.mkdir()
    link = other_folder / "copy-that-is-not-a-copy.vault"
    os.link(couple.path, link)
    with pytest.raises(VaultInUse):
        Vault.open(link)
    assert DB.obj is vault._database
    assert sorted(p.name for p in other_folder.iterdir()) == [link.name]  # no .lock left


def test_a_vault_opened_through_a_symlink_is_the_real_file(couple, tmp_path):
    link = tmp_path / "shortcut.vault"
    link.symlink_to(couple.path)
    vault = Vault.open(link)
    try:
        assert vault.path == couple.path.resolve()
        with pytest.raises(VaultInUse):
            Vault.open(couple.path)
        assert link.is_symlink()
        assert not (tmp_path / "shortcut.vault-wal").exists()
    finally:
        vault.close()
    Vault.open(link).close()  # and once closed, it opens again either way
    Vault.open(couple.path).close()


def test_the_inode_lock_is_removed_when_the_vault_closes(couple, tmp_path, monkeypatch):
    locks = tmp_path / "locks"
    monkeypatch.setattr(paths, "lock_dir", lambda: locks)
    vault = Vault.open(couple.path)
    info = couple.path.stat()
    held = locks / f"{info.st_dev}-{info.st_ino}.lock"
    assert held.exists() and _mode(held) == 0o600
    assert held.read_text().split() == [str(os.getpid()), f"{info.st_dev}:{info.st_ino}"]
    vault.close()
    assert list(locks.iterdir()) == []


def test_an_unwritable_lock_folder_does_not_stop_opening(couple, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setattr(paths, "lock_dir", lambda: blocker / "locks")
    vault = Vault.open(couple.path)
    try:
        with pytest.raises(VaultInUse):  # the lock beside the file still holds
            Vault.open(couple.path)
    finally:
        vault.close()


# -- migrations ---------------------------------------------------------------------------


def _as_schema_3_with_plain_openings(path) -> None:
    """Make ``path`` look like a file from before step 4: a plain last_unlocked_at."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("ALTER TABLE partner DROP COLUMN sealed_last_seen")
        connection.execute("ALTER TABLE partner ADD COLUMN last_unlocked_at DATETIME")
        connection.execute("UPDATE partner SET last_unlocked_at = '2011-03-04 12:34:56'")
        connection.execute("PRAGMA user_version = 3")
        connection.commit()
    finally:
        connection.close()


def test_step_4_empties_the_plain_openings_after_a_backup(couple):
    _as_schema_3_with_plain_openings(couple.path)
    assert b"2011-03-04 12:34:56" in couple.path.read_bytes()
    vault = Vault.open(couple.path)
    try:
        assert DB.execute_sql("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        rows = DB.execute_sql("SELECT last_unlocked_at, sealed_last_seen FROM partner").fetchall()
        assert rows == [(None, None), (None, None)]
        session = vault.start_session({1: couple.plan.bundles[1]})
        assert vault.last_unlocked(session.keyring)[1] is not None
    finally:
        vault.close()
    assert b"2011-03-04 12:34:56" not in couple.path.read_bytes()  # zeroed, not just unlinked
    backups = list(couple.path.parent.glob(f"{couple.path.name}.schema3-*.bak"))
    assert len(backups) == 1 and _mode(backups[0]) == 0o600


def test_every_migration_on_open_is_backed_up_first(couple, monkeypatch):
    """Whatever version a file is at, opening never migrates without a copy first."""
    calls = []
    real = connection.backup_before_migration

    def spy(path, database, current):
        calls.append(current)
        real(path, database, current)

    monkeypatch.setattr(connection, "backup_before_migration", spy)
    _as_schema_3_with_plain_openings(couple.path)
    Vault.open(couple.path).close()
    assert calls == [3]
    Vault.open(couple.path).close()
    assert calls == [3]  # nothing to migrate, nothing copied


# -- the log --------------------------------------------------------------------------------


@pytest.fixture
def app_logging(tmp_path):
    import app

    root = logging.getLogger()
    before = list(root.handlers)
    folder = tmp_path / "logs"
    yield app, folder
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


def test_the_log_and_its_rotations_are_private(app_logging):
    app, folder = app_logging
    log_file = app.setup_logging(folder)
    logging.getLogger("trellis.test").warning("a line")
    assert _mode(log_file) == 0o600
    handler = next(h for h in logging.getLogger().handlers if isinstance(h, app.PrivateLogHandler))
    handler.doRollover()
    logging.getLogger("trellis.test").warning("after rotation")
    assert sorted(p.name for p in folder.iterdir()) == ["trellis.log", "trellis.log.1"]
    assert all(_mode(p) == 0o600 for p in folder.iterdir())
    assert _mode(folder) & 0o077 == 0


def test_a_log_left_readable_by_others_is_made_private(app_logging):
    app, folder = app_logging
    folder.mkdir(mode=0o700)
    for name in ("trellis.log", "trellis.log.1"):
        (folder / name).write_text("an earlier run\n")
        (folder / name).chmod(0o644)
    app.setup_logging(folder)
    logging.getLogger("trellis.test").warning("a line")
    assert {p.name: _mode(p) for p in folder.iterdir()} == {
        "trellis.log": 0o600, "trellis.log.1": 0o600}


def test_after_an_unclean_shutdown_the_whole_integrity_check_runs(couple, monkeypatch):
    """A write-ahead log left with content means the last session did not close: then
    PRAGMA integrity_check (which compares indexes with tables). After a clean close,
    opening checks only the small tables it reads, so a large file opens as fast as a
    small one (#9); the whole quick check runs after unlocking (Vault.check_structure)."""
    import peewee

    from models.vault import Vault
    from models.vault.connection import OPENING_TABLES

    ran: list[str] = []
    original = peewee.SqliteDatabase.execute_sql

    def spy(self, sql, *args, **kwargs):
        if sql.startswith("PRAGMA") and ("quick_check" in sql or "integrity_check" in sql):
            ran.append(sql)
        return original(self, sql, *args, **kwargs)

    monkeypatch.setattr(peewee.SqliteDatabase, "execute_sql", spy)
    Vault.open(couple.path).close()
    assert ran == [f"PRAGMA quick_check({table})" for table in OPENING_TABLES]
    wal = couple.path.with_name(couple.path.name + "-wal")
    wal.write_bytes(b"\x00" * 32)  # what a crash leaves: a log SQLite will discard
    ran.clear()
    Vault.open(couple.path).close()
    assert ran == ["PRAGMA integrity_check(1)"]


def test_a_second_backup_in_the_same_second_goes_beside_the_first(couple, monkeypatch):
    """A file copied back and opened again within one second: its second migration
    backup must not fail on the first one's name."""
    import shutil
    import sqlite3

    from models.vault import Vault
    from models.vault import connection as vault_connection

    moment = vault_connection.now()
    monkeypatch.setattr(vault_connection, "now", lambda: moment)
    older = couple.path.with_name("older.copy")
    connection = sqlite3.connect(couple.path)
    connection.execute("PRAGMA user_version = 6")
    connection.commit()
    connection.close()
    shutil.copy(couple.path, older)
    for _ in range(2):
        shutil.copy(older, couple.path)
        Vault.open(couple.path).close()
    backups = sorted(p.name for p in couple.path.parent.glob("*.bak"))
    assert len(backups) == 2 and backups[0] != backups[1]
