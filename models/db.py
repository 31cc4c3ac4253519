"""The one database handle every model uses, and how writes fail politely.

``DB`` is a peewee proxy bound by :mod:`models.vault` when a vault file opens, as in
vorta's ``store/models.py``; models never open files themselves.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import peewee

from models.errors import DiskFull, WriteFailed

DB = peewee.DatabaseProxy()

PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": 2,  # FULL: an acknowledged write survives power loss
    "foreign_keys": 1,
    "secure_delete": 1,  # freed pages are zeroed, so replaced key slots leave no trace
    "temp_store": 2,  # MEMORY: sorts and temp tables never touch the disk
}


class BaseModel(peewee.Model):
    class Meta:
        database = DB
        legacy_table_names = False


@contextmanager
def writing() -> Iterator[None]:
    """Run a write in one transaction; a failure rolls back and names its cause.

    The last committed state stays intact whatever happens inside.
    """
    try:
        with DB.atomic():
            yield
    except (peewee.OperationalError, sqlite3.OperationalError) as exc:
        if any("full" in str(cause).lower() for cause in _chain(exc)):
            raise DiskFull("the disk or the vault is full") from exc
        raise WriteFailed(type(exc).__name__) from exc
    except (peewee.DatabaseError, sqlite3.DatabaseError, OSError) as exc:
        raise WriteFailed(type(exc).__name__) from exc


@contextmanager
def own_connection() -> Iterator[None]:
    """The models' database on this thread: peewee keeps one connection per thread, so
    a worker opens its own to the same file (WAL lets it read while the GUI thread
    writes) and closes that one afterwards, even if the vault was closed meanwhile. On a
    thread whose connection is already open, it uses that one and leaves it open."""
    database = DB.obj
    opened_here = database.connect(reuse_if_open=True)
    try:
        yield
    finally:
        if opened_here:
            database.close()


def change_stamp() -> tuple[Any, Any]:
    """This thread's connection and SQLite's count of changes committed to the file by
    any *other* connection (``PRAGMA data_version``; this connection's own writes leave
    it as it is). Two equal stamps mean nothing but this connection wrote in between, so
    what it remembers of the file is still true; a remembered speed-up checks this first.
    """
    connection = DB.connection()
    return connection, connection.execute("PRAGMA data_version").fetchone()[0]


def _chain(exc: BaseException | None) -> Iterator[BaseException]:
    """An error and the ones it was raised while handling.

    When a disk fills, SQLite may undo the whole transaction itself; the rollback that
    follows then fails ("no transaction is active") and hides the real cause beneath it.
    """
    while exc is not None:
        yield exc
        exc = exc.__context__
