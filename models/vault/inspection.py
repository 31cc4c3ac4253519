"""Before opening: what is this file? Read without writing a byte.

A regular file, SQLite, Trellis's application id, a schema this version understands,
the tables step 1 made and the vault id only Trellis writes. Anything else is refused
untouched: no lock file, no pragma, no -wal beside it.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from pathlib import Path

from models import migrations
from models.errors import NotATrellisFile, VaultDamaged, VaultFromNewerVersion

# PRAGMA application_id marks the file as ours ("TRLS").
APPLICATION_ID = 0x54524C53
_SQLITE_MAGIC = b"SQLite format 3\x00"
_UTF8 = 1  # the header's text encoding; Trellis files are always UTF-8
# What step 1 made in every Trellis file: with the application id and the vault id
# fact, the header a file must carry before Trellis writes anything to it.
_CORE_COLUMNS = {
    "vault_fact": {"name", "value"},
    "partner": {"number", "sealed_name"},
    "key_slot": {"partner", "kind", "kdf", "sealed"},
    "journal_entry": {"uuid", "owner"},
}
# What later steps added, by the schema version that added it: a file at that version
# or newer without them is damaged, said before opening rather than met as a query error.
_ADDED_COLUMNS = {
    8: {"journal_entry": {"details"}, "coping_plan": {"uuid", "owner"},
        "shared_passage": {"uuid", "author", "destination", "withdrawn"}},
}
VAULT_ID = re.compile(r"[0-9a-f]{32}")


def inspect(path: Path) -> str:
    """Say what is at ``path`` without writing anything.

    Returns ``"missing"`` (no vault yet: run setup) or ``"vault"``. Raises
    :class:`NotATrellisFile`, :class:`VaultDamaged` or :class:`VaultFromNewerVersion`.
    The file is read through a read-only connection, so neither a lock file nor a
    pragma touches a file that turns out not to be Trellis's.
    """
    real = Path(os.path.realpath(path))
    try:
        info = real.stat()
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    if stat.S_ISDIR(info.st_mode):
        raise NotATrellisFile("a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        # A FIFO would block the first read forever; a device is never a vault.
        raise NotATrellisFile("not a regular file")
    header = _read_header(real)
    if len(header) == 0:
        raise VaultDamaged("empty file")
    if not header.startswith(_SQLITE_MAGIC[: min(len(header), 16)]):
        raise NotATrellisFile("not an SQLite file")
    if len(header) < 100:
        raise VaultDamaged("truncated header")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id != APPLICATION_ID:
        raise NotATrellisFile("another program's database")
    version = int.from_bytes(header[60:64], "big")
    if version > migrations.SCHEMA_VERSION:
        raise VaultFromNewerVersion(version, migrations.SCHEMA_VERSION)
    if int.from_bytes(header[56:60], "big") != _UTF8:
        raise VaultDamaged("text encoding")
    _check_trellis_tables(real, version)
    return "vault"


def _read_header(path: Path) -> bytes:
    """The first 100 bytes, opened without blocking and checked to be a regular file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise VaultDamaged(type(exc).__name__) from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped since the stat
            raise NotATrellisFile("not a regular file")
        return os.read(fd, 100)
    except OSError as exc:
        raise VaultDamaged(type(exc).__name__) from exc
    finally:
        os.close(fd)


def _check_trellis_tables(path: Path, header_version: int) -> None:
    """Read-only: the schema Trellis made, and the vault id only Trellis writes."""
    if header_version < 1:
        # Trellis sets the version in the same transaction that makes its tables.
        raise NotATrellisFile("no Trellis schema")
    wal = path.with_name(path.name + "-wal")
    # Without a WAL the main file is the whole truth: read it as immutable, so SQLite
    # creates no -wal or -shm beside it. With one, read through it (a crash left it).
    query = "mode=ro" if _size(wal) else "mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?{query}", uri=True)
    except sqlite3.Error as exc:
        raise VaultDamaged(type(exc).__name__) from exc
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > migrations.SCHEMA_VERSION:
            raise VaultFromNewerVersion(version, migrations.SCHEMA_VERSION)
        if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise NotATrellisFile("another program's database")
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not tables & set(_CORE_COLUMNS):
            raise NotATrellisFile("no Trellis tables")
        expected = dict(_CORE_COLUMNS)
        for since, added in _ADDED_COLUMNS.items():
            if version >= since:
                for table, columns in added.items():
                    expected[table] = expected.get(table, set()) | columns
        for table, needed in expected.items():
            if table not in tables:
                raise VaultDamaged(f"table {table} missing")
            columns = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
            if not needed <= columns:
                raise VaultDamaged(f"table {table} changed")
        row = connection.execute(
            "SELECT value FROM vault_fact WHERE name = 'vault_id'"
        ).fetchone()
        if row is None or not isinstance(row[0], str) or not VAULT_ID.fullmatch(row[0]):
            raise VaultDamaged("no vault id")
    except (sqlite3.Error, UnicodeDecodeError, ValueError, OverflowError) as exc:
        raise VaultDamaged(type(exc).__name__) from exc
    finally:
        connection.close()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
