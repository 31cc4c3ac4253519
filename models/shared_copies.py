"""Copies shared on purpose, checked against the facts that name them (#8).

A workbook that lets a partner share private words (a journal passage, a narrative
piece, a need) writes a copy sealed with the workbook key into its own table, and a
fact its author signs in the ledger. The rows are only an index: reading compares each
with its facts, and a row without its fact, a fact without its row, a column that
differs or words whose digest differs is damage in that row's place, never a silent
loss. Taking a copy back is its author's alone: a signed ``withdrawn`` fact, and the
row's words emptied in the same transaction.

The workbook keeps what its facts and columns are; the steps here are the same for all.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterable
from typing import Any, Protocol, TypeVar

from models.damage import LOW_LEVEL, Damage, RecordDamaged, contained
from models.db import writing
from models.errors import TrellisError
from models.proof import FreshProof, require_owner
from models.records import SealedRecord
from models.session import Keyring

S = TypeVar("S")
C = TypeVar("C")
F = TypeVar("F")
R = TypeVar("R", bound=SealedRecord)


class _HasUuid(Protocol):
    @property
    def uuid(self) -> Any: ...


class _Withdrawable(Protocol):
    @property
    def withdrawn(self) -> bool: ...


W = TypeVar("W", bound=_Withdrawable)
U = TypeVar("U", bound=_HasUuid)


def load_verified(table: str, derive: Callable[[], S], model: type[R],
                  verify: Callable[[S, R], U | None], said: Callable[[S], Iterable[str]],
                  order: Callable[[S], Iterable[str]] | None = None,
                  ) -> tuple[list[U], list[Damage]]:
    """The copies in ``model``'s table that verify, in the facts' ``order`` (the order
    ``said`` names the rows in, unless given), and what did not.

    ``derive`` adds up the facts; ``verify(state, row)`` returns the row's copy, None
    when it is not shown (withdrawn, an older version), or raises
    :class:`RecordDamaged`; ``said`` lists every row the facts name, so a row gone
    missing is damage too."""
    read = read_rows(table, derive, model)
    if isinstance(read, Damage):
        return [], [read]
    state, rows = read
    found, damaged = verify_rows(table, rows, lambda row: verify(state, row), said(state))
    by_uuid = {str(copy.uuid): copy for copy in found}
    return [by_uuid[uuid] for uuid in (order or said)(state) if uuid in by_uuid], damaged


def to_withdraw(keys: Keyring, proof: FreshProof | None, table: str, uuid: str,
                said: W | None, author: Callable[[W], int]) -> tuple[W, bytes] | None:
    """What the facts say of copy ``uuid`` and its author's journal key, from their
    fresh ``proof`` (:class:`~models.proof.NeedsOwner` otherwise); None when it is
    withdrawn already (withdrawing twice changes nothing)."""
    if said is None:
        raise RecordDamaged(Damage(table, uuid, "record", "not shared"))
    journal_key = require_owner(keys, proof, author(said))
    return None if said.withdrawn else (said, journal_key)


def read_rows(table: str, derive: Callable[[], S], model: type[R]) -> tuple[S, list[R]] | Damage:
    """What the facts add up to (``derive``) and every row of ``model``; one damage for
    the whole table when the facts do not add up or the table does not read."""
    try:
        return derive(), list(model.select())
    except RecordDamaged as exc:
        return exc.damage
    except LOW_LEVEL as exc:  # the table itself did not read
        return Damage(table, "all", "record", type(exc).__name__)


def verify_rows(table: str, rows: Iterable[R], verify: Callable[[R], C | None],
                said: Iterable[str]) -> tuple[list[C], list[Damage]]:
    """Every copy in ``rows`` that verifies, in the rows' order, and what did not.

    ``verify(row)`` returns the row's copy, None when it is not shown (withdrawn, an
    older version), or raises :class:`RecordDamaged`; ``said`` lists every row the facts
    name, so a row gone missing is damage too."""
    found: list[C] = []
    damaged: list[Damage] = []
    seen: set[str] = set()
    for row in rows:
        uuid = str(row.uuid)
        try:
            with contained(table, uuid):
                seen.add(uuid)
                copy = verify(row)
        except RecordDamaged as exc:
            damaged.append(exc.damage)
            continue
        except TrellisError as exc:  # sealed words that did not open
            damaged.append(Damage(table, uuid, "words", type(exc).__name__))
            continue
        if copy is not None:
            found.append(copy)
    damaged += [Damage(table, uuid, "record", "missing") for uuid in said if uuid not in seen]
    return found, damaged


def signed(table: str, row: _HasUuid, said: F | None) -> F:
    """The facts' word on ``row``; :class:`RecordDamaged` when no signed fact names it."""
    if said is None:
        raise RecordDamaged(Damage(table, str(row.uuid), "state", "no signed fact"))
    return said


def same_columns(table: str, row: _HasUuid, plain: tuple[Any, ...],
                 stated: tuple[Any, ...]) -> None:
    """:class:`RecordDamaged` unless ``row``'s plain columns are what its facts say."""
    if plain != stated:
        raise RecordDamaged(Damage(table, str(row.uuid), "state", "columns differ from facts"))


def same_words(table: str, row: _HasUuid, digest: str, stated: str) -> None:
    """:class:`RecordDamaged` unless the digest of ``row``'s words is what its facts say."""
    if digest != stated:
        raise RecordDamaged(Damage(table, str(row.uuid), "words", "words differ from facts"))


def fields_of(table: str, row: _HasUuid, sealed: str, names: Collection[str],
              what: str) -> dict[str, str]:
    """The fields a copy's opened JSON holds: exactly ``names``, every one text;
    :class:`RecordDamaged` ("not ``what``") otherwise."""
    loaded: Any = json.loads(sealed)
    if not isinstance(loaded, dict) or set(loaded) != set(names) or not all(
            isinstance(value, str) for value in loaded.values()):
        raise RecordDamaged(Damage(table, str(row.uuid), "words", f"not {what}"))
    return loaded


def withdraw_row(keys: Keyring, model: type[R], uuid: str, record: Callable[[], object],
                 **emptied: str) -> None:
    """Take back the copy in row ``uuid`` of ``model``: ``record`` appends the author's
    signed fact, and the row is marked withdrawn with ``emptied`` words, in one
    transaction; :class:`RecordDamaged` when the row is missing."""
    table = model._meta.table_name
    with writing():
        row = model.get_or_none(model.uuid == uuid)
        if row is None:
            raise RecordDamaged(Damage(table, uuid, "record", "missing"))
        record()
        with contained(table, uuid):
            row.rewrite(keys, {"withdrawn": True}, **emptied)
