"""Shared passages as signed facts, in one ledger stream (``journal/passages``).

- ``shared`` {passage, by, destination, target, source, words}: signed by its author
  (``by``) with the key derived from their journal key, so the other partner, who holds
  the workbook key too, cannot share in their name or move a passage elsewhere;
  ``words`` is a digest of the text as shared.
- ``withdrawn`` {passage, by}: signed by the same author; afterwards the passage is
  not shown and its text is emptied.

The rows of :class:`~models.journal.tables.SharedPassageRow` are only an index: reading
compares each with these facts, and a row without a fact, a fact without a row, or a
column that differs (author, destination, target, source, withdrawn) is damage.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from models import ledger, ledger_fold
from models.damage import Damage, RecordDamaged
from models.journal.views import DESTINATIONS, SOURCES
from models.ledger import Fact
from models.session import Keyring
from models.signed_facts import apply_withdrawn

STREAM = "journal/passages"
SIGNED = ("shared", "withdrawn")


def words_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class PassageFact:
    """What the signed facts say about one passage."""

    author: int
    destination: str
    target: str | None
    source: str
    words: str
    shared_at: dt.datetime
    withdrawn: bool = False


@dataclass
class Passages:
    """Every passage ever shared, in the order shared (withdrawn ones too)."""

    by_uuid: dict[str, PassageFact] = field(default_factory=dict)


def record(keys: Keyring, kind: str, author: int, journal_key: bytes, **data: Any) -> Fact:
    """Append one fact signed by ``author`` (inside the caller's transaction)."""
    return ledger.append(keys, STREAM, kind, sign_with={author: journal_key},
                         at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                         by=author, signers=[author], **data)


def _apply(state: Passages, fact: Fact) -> None:
    uuid, by = str(fact.get("passage")), int(fact.get("by"))
    if fact.signed_by != {by}:
        raise ValueError("not signed by its author")
    if fact.kind == "shared":
        destination, target = str(fact.get("destination")), fact.get("target")
        if uuid in state.by_uuid or destination not in DESTINATIONS:
            raise ValueError("shared twice, or to nowhere")
        if (destination == "agreement") != isinstance(target, str):
            raise ValueError("an agreement note without its agreement")
        source = str(fact.get("source"))
        if source not in SOURCES:
            raise ValueError("from nowhere")
        state.by_uuid[uuid] = PassageFact(
            by, destination, target, source, str(fact.get("words")),
            dt.datetime.fromisoformat(str(fact.get("at"))))
    elif fact.kind == "withdrawn":
        apply_withdrawn(state.by_uuid, uuid, by)
    else:
        raise ValueError(f"unknown fact {fact.kind!r}")


def _copy(state: Passages) -> Passages:
    return Passages(dict(state.by_uuid))


REDUCER = ledger_fold.Reducer("journal passages", frozenset(SIGNED), Passages, _apply, _copy)


def derive(keys: Keyring) -> Passages:
    """Verify the stream and add it up (only facts appended since, once verified
    while these keys are held); :class:`RecordDamaged` if it does not add up. The
    result may be shared: read it, never change it."""
    try:
        return ledger_fold.fold(keys, STREAM, REDUCER).state
    except (ValueError, TypeError, KeyError) as exc:
        raise RecordDamaged(Damage("shared_passage", "all", "state",
                                   type(exc).__name__)) from exc
