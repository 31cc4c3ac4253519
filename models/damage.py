"""Damage stays where it hit: what could not be opened or verified, record by record.

A loader that meets a record it cannot open (a flipped bit, a changed column, a broken
chain of facts) does not raise for the whole screen: it returns the records it could
open and a :class:`Damage` for each one it could not, so the screen shows that one as
"this entry could not be opened" in its place and everything else works as usual.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal

from models.errors import TrellisError

What = Literal["words", "state", "history", "record"]


@dataclass(frozen=True)
class Damage:
    """One record that could not be opened or verified; never holds its content."""

    table: str
    uuid: str
    what: What
    detail: str = ""  # a technical reason for the log and the file check, no content


class RecordDamaged(TrellisError):
    """A record's words or state could not be opened or verified."""

    key = "record_damaged"

    def __init__(self, damage: Damage) -> None:
        super().__init__(f"{damage.table} {damage.uuid}: {damage.what} {damage.detail}")
        self.damage = damage


# What reading a damaged row or page can raise below Trellis's own errors: SQLite's
# errors (peewee wraps some; iterating a cursor raises sqlite3's own), and a column
# edited into something that is not what its field expects.
def _low_level() -> tuple[type[Exception], ...]:
    import sqlite3

    import peewee

    return (peewee.DatabaseError, sqlite3.DatabaseError, peewee.DoesNotExist, ValueError,
            TypeError, KeyError, OverflowError, UnicodeDecodeError, AttributeError)


LOW_LEVEL = _low_level()


@contextmanager
def contained(table: str, uuid: str, what: What = "record") -> Iterator[None]:
    """Turn whatever a damaged row raises while it is read into :class:`RecordDamaged`
    naming ``table`` and ``uuid``: one bad record is reported, never an unexpected
    error. Trellis's own errors pass through unchanged."""
    try:
        yield
    except TrellisError:
        raise
    except LOW_LEVEL as exc:
        raise RecordDamaged(Damage(table, uuid, what, type(exc).__name__)) from exc
