"""Damage stays where it hit: what could not be opened or verified, record by record.

A loader that meets a record it cannot open (a flipped bit, a changed column, a broken
chain of facts) does not raise for the whole screen: it returns the records it could
open and a :class:`Damage` for each one it could not, so the screen shows that one as
"this entry could not be opened" in its place and everything else works as usual.
"""

from __future__ import annotations

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
