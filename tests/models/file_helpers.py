"""Reading and editing a vault file behind the models' back, as damage and migration
tests do (#8): a statement run on the file, a flipped byte, its schema version and
tables, the file as it was before a schema step."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any


def _run(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    try:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()


def sql(couple: Any, statement: str, *args: object) -> None:
    """Run one ``statement`` on ``couple``'s file, as someone editing it could."""
    connection = sqlite3.connect(couple.path)
    try:
        connection.execute(statement, args)
        connection.commit()
    finally:
        connection.close()


def flip(blob: bytes) -> bytes:
    """``blob`` with one bit of its last byte flipped."""
    return blob[:-1] + bytes([blob[-1] ^ 1])


def schema_version(path: Path) -> int:
    """The file's ``PRAGMA user_version``."""
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])
    finally:
        connection.close()


def table_names(path: Path) -> set[str]:
    """Every table in the file."""
    connection = sqlite3.connect(path)
    try:
        return {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        connection.close()


def back_to_step(path: Path, version: int, tables: Iterable[str]) -> None:
    """The file as schema ``version`` left it: ``tables`` (the later steps') dropped."""
    _run(path, *(f"DROP TABLE {table}" for table in tables),
         f"PRAGMA user_version = {int(version)}")


def remove_counts_of(path: Path, owner: int) -> None:
    """Delete ``owner``'s counts of private rows, as someone editing the file could."""
    _run(path, f"DELETE FROM private_manifest WHERE owner = {int(owner)}")
