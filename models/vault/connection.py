"""Connecting to a vault file: its pragmas, SQLite's own check, and migrations.

A file that was not closed cleanly gets the whole integrity check; before any
migration the file is copied beside itself, never over an earlier copy.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

import peewee

from models import migrations
from models.db import DB, PRAGMAS, writing
from models.errors import VaultDamaged, VaultFolderNotWritable, VaultFromNewerVersion


def now() -> dt.datetime:
    """The time, in whole seconds (UTC), as the vault stores it."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def connect(path: Path) -> peewee.SqliteDatabase:
    if not os.access(path.parent, os.W_OK):
        raise VaultFolderNotWritable("folder is read-only")
    # A write-ahead log left with content means the last session did not close cleanly
    # (a crash, a power cut): then the whole check, which also compares every index with
    # its table, so rows an index lost are found. Otherwise the quick one.
    wal = path.with_name(path.name + "-wal")
    unclean = wal.exists() and wal.stat().st_size > 0
    database = peewee.SqliteDatabase(str(path), pragmas=PRAGMAS, autoconnect=False)
    try:
        database.connect()
        # Reading the schema proves the file is readable SQLite.
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
        pragma = "integrity_check(1)" if unclean else "quick_check"
        check = database.execute_sql(f"PRAGMA {pragma}").fetchone()
    except (peewee.DatabaseError, sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        database.close()
        raise VaultDamaged(type(exc).__name__) from exc
    if check is None or check[0] != "ok":
        database.close()
        raise VaultDamaged(f"{pragma} failed")
    DB.initialize(database)
    return database


def migrate(path: Path, database: peewee.SqliteDatabase, backup: bool) -> None:
    current = database.execute_sql("PRAGMA user_version").fetchone()[0]
    if current > migrations.SCHEMA_VERSION:
        raise VaultFromNewerVersion(current, migrations.SCHEMA_VERSION)
    steps = migrations.pending(current)
    if steps and backup:
        backup_before_migration(path, database, current)
    for version, step in steps:
        with writing():
            step()
            database.execute_sql(f"PRAGMA user_version = {version}")
    if steps:
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def backup_before_migration(path: Path, database: peewee.SqliteDatabase, current: int) -> None:
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    stamp = now().strftime("%Y%m%d-%H%M%S")
    # Never over an earlier backup: a file copied back and opened again within the same
    # second gets a second backup beside the first, numbered.
    for attempt in range(1000):
        suffix = "" if attempt == 0 else f"-{attempt}"
        backup = path.with_name(f"{path.name}.schema{current}-{stamp}{suffix}.bak")
        try:
            fd = os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            break
        except FileExistsError:
            continue
    else:
        raise VaultFolderNotWritable("no free name for a backup")
    with os.fdopen(fd, "wb") as out, path.open("rb") as src:
        shutil.copyfileobj(src, out)
        out.flush()
        os.fsync(out.fileno())
