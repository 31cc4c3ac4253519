"""Connecting to a vault file: its pragmas, SQLite's own check, and migrations.

Opening costs the same for a small file and a large one. A file that was not closed
cleanly (its write-ahead log still holds content: a crash, a power cut) gets the whole
integrity check before anything reads it. A file closed cleanly gets only what opening
relies on checked: its size against its own header (a cut-off copy) and the small tables
opening and unlocking read. The rest of a large file is not read on the opening path:
:func:`check_structure` runs SQLite's quick check over all of it, on a worker thread,
when the app asks for it after unlocking; until then a damaged page shows where it is
read, as damage to that record (:mod:`models.damage`), and Help → Check this workbook
file runs the whole check. Before any migration the file is copied beside itself,
never over an earlier copy.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

import peewee

from models import migrations
from models.db import DB, PRAGMAS, own_connection, writing
from models.errors import VaultDamaged, VaultFolderNotWritable, VaultFromNewerVersion

# The tables opening and unlocking read (the vault id, names, key slots, signing keys):
# checked on every opening, whatever the size of the rest of the file.
OPENING_TABLES = ("vault_fact", "partner", "key_slot", "partner_key")


def now() -> dt.datetime:
    """The time, in whole seconds (UTC), as the vault stores it."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def unclean(path: Path) -> bool:
    """True when the last session did not close the file: its write-ahead log still
    holds content (a clean close checkpoints it and leaves it empty or gone)."""
    wal = path.with_name(path.name + "-wal")
    try:
        return wal.stat().st_size > 0
    except OSError:
        return False


def connect(path: Path) -> peewee.SqliteDatabase:
    if not os.access(path.parent, os.W_OK):
        raise VaultFolderNotWritable("folder is read-only")
    # After a crash: the whole check, which also compares every index with its table, so
    # rows an index lost are found. Otherwise only what opening relies on.
    whole = unclean(path)
    database = peewee.SqliteDatabase(str(path), pragmas=PRAGMAS, autoconnect=False)
    try:
        if not whole:
            _check_size(path)
        database.connect()
        # Reading the schema proves the file is readable SQLite.
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
        if whole:
            checks = ["integrity_check(1)"]
        else:
            present = {row[0] for row in database.execute_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
            checks = [f"quick_check({table})" for table in OPENING_TABLES if table in present]
        for pragma in checks:
            check = database.execute_sql(f"PRAGMA {pragma}").fetchone()
            if check is None or check[0] != "ok":
                raise VaultDamaged(f"{pragma.partition('(')[0]} failed")
    except VaultDamaged:
        database.close()
        raise
    except (peewee.DatabaseError, sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        database.close()
        raise VaultDamaged(type(exc).__name__) from exc
    DB.initialize(database)
    return database


def _check_size(path: Path) -> None:
    """A file shorter than its own header says (when SQLite would trust the header's
    size: it was written with the change counter it carries) was cut off: damaged.
    Reads 100 bytes, however large the file."""
    try:
        with path.open("rb") as file:
            header = file.read(100)
        size = path.stat().st_size
    except OSError as exc:
        raise VaultDamaged(type(exc).__name__) from exc
    if size == 0:
        return  # a file Vault.create has just made (opening refuses an empty one earlier)
    if len(header) < 100:
        raise VaultDamaged("truncated header")
    page = int.from_bytes(header[16:18], "big")
    page = 65536 if page == 1 else page
    pages = int.from_bytes(header[28:32], "big")
    if pages and header[24:28] == header[92:96] and pages * page > size:
        raise VaultDamaged("shorter than its header says")


def check_structure() -> tuple[str, ...]:
    """SQLite's quick check of the whole open file (every page and record, not the
    indexes against their tables: that is the file check's integrity check). Reads the
    whole file, so call it off the GUI thread after unlocking; on a thread of its own it
    uses a connection of its own. Returns SQLite's problem lines, none when the file is
    sound. Changes nothing."""
    with own_connection():
        try:
            rows = DB.execute_sql("PRAGMA quick_check(20)").fetchall()
        except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
            return (type(exc).__name__,)
    lines = tuple(str(row[0]) for row in rows)
    return () if lines == ("ok",) else lines


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
