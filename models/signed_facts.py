"""The small steps every workbook's facts share (#8): dating, digesting, recording.

A workbook's state lives as facts in its ledger streams (:mod:`models.ledger`), each
dated in UTC, its words kept only as a digest, signed by whoever must agree. How a
workbook adds its facts up stays in its own ``facts.py``; these are the parts that
read and write them the same way everywhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Protocol, TypeVar

from models import ledger
from models.damage import Damage, RecordDamaged
from models.ledger import Fact
from models.session import Keyring


def utc_now() -> str:
    """This moment in UTC, as facts are dated."""
    return dt.datetime.now(dt.UTC).isoformat()


def words_digest(words: Any) -> str:
    """A digest of words as JSON (a piece's fields, a need's, a note's line)."""
    return hashlib.sha256(json.dumps(words, sort_keys=True, ensure_ascii=False)
                          .encode()).hexdigest()


def record(keys: Keyring, stream: str, kind: str, *, sign_with: Mapping[int, bytes]
           | None = None, **data: Any) -> Fact:
    """Append one fact (inside the caller's transaction), dated now and signed by
    ``sign_with`` (who signed is listed as ``signers``)."""
    signers = sorted(sign_with or {})
    extra: dict[str, Any] = {"signers": signers} if signers else {}
    return ledger.append(keys, stream, kind, sign_with=sign_with, at=utc_now(), **extra,
                         **data)


def at_of(fact: Fact) -> dt.datetime:
    """When ``fact`` was recorded; ValueError for a date without its time zone."""
    moment = dt.datetime.fromisoformat(str(fact.get("at")))
    if moment.tzinfo is None:
        raise ValueError("a date without its time zone")
    return moment


def partner(value: Any) -> int:
    """``value`` when it names a partner (1 or 2); ValueError otherwise."""
    if type(value) is not int or value not in (1, 2):
        raise ValueError("not a partner")
    return value


def stream_damage(stream: str, exc: Exception) -> RecordDamaged:
    """The damage a stream that does not add up is shown as (table and name from the
    stream's own name, "needs/shared" → needs, shared)."""
    table, _, name = stream.partition("/")
    return RecordDamaged(Damage(table, name, "state", type(exc).__name__))


class _Shared(Protocol):
    @property
    def author(self) -> int: ...

    @property
    def withdrawn(self) -> bool: ...


T = TypeVar("T", bound=_Shared)


def apply_withdrawn(by_uuid: dict[str, T], uuid: str, by: int) -> None:
    """Mark shared copy ``uuid`` withdrawn by ``by`` in a reducer's state; ValueError
    unless its own author takes back a copy that is still shown."""
    copy = by_uuid.get(uuid)
    if copy is None or copy.withdrawn or copy.author != by:
        raise ValueError("withdrawn by someone else, or twice")
    # Every such state is a frozen dataclass; the protocol cannot say so to mypy.
    by_uuid[uuid] = replace(copy, withdrawn=True)  # type: ignore[type-var]
