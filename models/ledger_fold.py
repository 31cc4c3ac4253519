"""Adding up a stream of facts, verified once while the keys are held.

:func:`fold` verifies a stream as :func:`models.ledger.verify` does and adds its facts up
with a workbook's :class:`Reducer`; what it verified and what it added up to stay in the
keyring's memo (:mod:`models.ledger_memo`), so the next call verifies only the facts
appended since. :func:`fold_many` and :func:`fold_some` do the same for many streams in
a few queries whatever their number (loading every agreement, or a first page of them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from models import ledger
from models.damage import RecordDamaged
from models.db import DB
from models.ledger import GENESIS, Fact
from models.ledger_memo import Head, Memo, as_head, memo_of, stored_head
from models.session import Keyring

S = TypeVar("S")


@dataclass(frozen=True)
class Reducer(Generic[S]):
    """How a workbook adds up one stream: a fresh state, one step per fact (raising
    ValueError, TypeError or KeyError for facts that do not add up), and a copy (the
    remembered state is shared with callers, so it is copied before it grows)."""

    name: str
    needs_signature: frozenset[str]
    start: Callable[[], S]
    step: Callable[[S, Fact], None]
    copy: Callable[[S], S]


@dataclass(frozen=True)
class Folded(Generic[S]):
    """What a verified stream adds up to, and how many facts it has. ``state`` may be
    shared with other callers: read it, never change it."""

    state: S
    count: int


def _fold_rows(keys: Keyring, stream: str, reducer: Reducer[S], rows: list[tuple[Any, ...]],
               after: tuple[Head, Folded[S]] | None,
               publics: ledger.PublicKeys) -> tuple[Head, Folded[S]]:
    """Verify ``rows`` (seq, body, signatures), oldest first, after what was already
    verified (``after``), and add them up."""
    if after is not None and not rows:
        return after
    aead = keys.cipher(keys.workbook_key())
    if after is None:
        expected, previous, state, count = 0, GENESIS, reducer.start(), 0
    else:
        known, folded = after
        expected, previous = known.seq + 1, known.digest
        state, count = reducer.copy(folded.state), folded.count
    opened: list[Fact] = []
    for seq, body, signatures in rows:
        fact, previous = ledger.open_entry(aead, publics, stream, expected, previous, seq, body,
                                     signatures, reducer.needs_signature)
        opened.append(fact)
        expected += 1
    for fact in opened:  # every fact verified before any is added up
        reducer.step(state, fact)
    count += len(opened)
    seq, body, signatures = rows[-1] if rows else (-1, b"", "")
    return Head(count, seq, bytes(body), str(signatures), previous), Folded(state, count)


def _rows(stream: str, since: int | None = None) -> list[tuple[Any, ...]]:
    """A stream's stored entries (seq, body, signatures), all or from ``since`` on."""
    where = "stream = ?"
    args: list[Any] = [stream]
    if since is not None:
        where += " AND seq >= ?"
        args.append(since)
    rows: list[tuple[Any, ...]] = DB.execute_sql(
        f"SELECT seq, body, signatures FROM ledger_entry WHERE {where} ORDER BY seq",
        args).fetchall()
    return rows


def _fold_one(keys: Keyring, memo: Memo, stream: str, reducer: Reducer[S],
              stored: Head | None, publics: ledger.PublicKeys) -> Folded[S]:
    """One stream: remembered, extended by what was appended, or verified whole."""
    if stored is None:
        return Folded(reducer.start(), 0)
    known: tuple[Head, Folded[S]] | None = memo.folded.get((stream, reducer.name))
    result: tuple[Head, Folded[S]] | None = None
    if known is not None and known[0].same_as(stored):
        return known[1]
    if known is not None and known[0].seq < stored.seq and (
            stored.count - known[0].count == stored.seq - known[0].seq):
        rows = _rows(stream, since=known[0].seq)
        if rows and as_head(known[0].count, *rows[0]).same_as(known[0]):
            result = _fold_rows(keys, stream, reducer, rows[1:], known, publics)
    if result is None:
        result = _fold_rows(keys, stream, reducer, _rows(stream), None, publics)
    head, folded = result
    if folded.count:
        memo.heads[stream] = head
        memo.folded[(stream, reducer.name)] = result
    return folded


def fold(keys: Keyring, stream: str, reducer: Reducer[S]) -> Folded[S]:
    """Verify ``stream`` (as :func:`verify` does) and add its facts up with ``reducer``,
    verifying only facts appended since this keyring last did (see above)."""
    memo = memo_of(keys)
    return _fold_one(keys, memo, stream, reducer, stored_head(stream), ledger.PublicKeys(keys))


# Errors that say a stream's facts do not verify or do not add up; fold_many keeps each
# with its stream, so one bad record never stops the others.
_NOT_ADDING_UP = (RecordDamaged, ValueError, TypeError, KeyError, AttributeError,
                  OverflowError)
# Up to this many changed streams are read one by one; more, and all are read at once.
_FEW = 64


def fold_many(keys: Keyring, prefix: str,
              reducer: Reducer[S]) -> dict[str, Folded[S] | Exception]:
    """:func:`fold` for every stream whose name starts with ``prefix``, in a few queries
    whatever their number: each stream's result, or the error its facts raised (a
    :class:`RecordDamaged`, the reducer's ValueError, TypeError or KeyError, or what a
    fact that is not Trellis's JSON raises)."""
    memo = memo_of(keys)
    publics = ledger.PublicKeys(keys)
    low, high = prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)
    results: dict[str, Folded[S] | Exception] = {}
    if any(name.startswith(prefix) for name, _ in memo.folded):
        # Verified before: only the last entry of each stream is read, to see which
        # streams grew or changed since.
        heads = DB.execute_sql(
            "SELECT e.stream, e.seq, e.body, e.signatures, h.n FROM (SELECT stream, "
            "max(seq) AS top, count(*) AS n FROM ledger_entry WHERE stream >= ? AND "
            "stream < ? GROUP BY stream) AS h JOIN ledger_entry AS e ON e.stream = h.stream "
            "AND e.seq = h.top", (low, high)).fetchall()
        stale: dict[str, Head] = {}
        for stream, seq, body, signatures, count in heads:
            stored = as_head(count, seq, body, signatures)
            known = memo.folded.get((stream, reducer.name))
            if known is not None and known[0].same_as(stored):
                results[stream] = known[1]
            else:
                stale[stream] = stored
        if len(stale) <= _FEW:
            for stream, stored in stale.items():
                try:
                    results[stream] = _fold_one(keys, memo, stream, reducer, stored, publics)
                except _NOT_ADDING_UP as exc:
                    results[stream] = exc
            return results
    cursor = DB.execute_sql(
        "SELECT stream, seq, body, signatures FROM ledger_entry WHERE stream >= ? AND "
        "stream < ? ORDER BY stream, seq", (low, high))
    _fold_cursor(keys, memo, reducer, cursor, results, publics)
    return results


def fold_some(keys: Keyring, streams: Iterable[str],
              reducer: Reducer[S]) -> dict[str, Folded[S] | Exception]:
    """:func:`fold_many` for the named streams only (a first page of a list), in one
    query per 500 streams; a stream with no facts is left out of the result."""
    memo = memo_of(keys)
    publics = ledger.PublicKeys(keys)
    names = sorted(set(streams))
    results: dict[str, Folded[S] | Exception] = {}
    for start in range(0, len(names), 500):
        chunk = names[start:start + 500]
        cursor = DB.execute_sql(
            "SELECT stream, seq, body, signatures FROM ledger_entry WHERE stream IN "
            f"({', '.join('?' * len(chunk))}) ORDER BY stream, seq", chunk)
        _fold_cursor(keys, memo, reducer, cursor, results, publics)
    return results


def _fold_cursor(keys: Keyring, memo: Memo, reducer: Reducer[S], cursor: Any,
                 results: dict[str, Folded[S] | Exception], publics: ledger.PublicKeys) -> None:
    """Add up every stream in ``cursor`` (stream, seq, body, signatures; ordered by
    stream and seq) not already in ``results``: remembered when its last entry is the
    one verified before, verified whole otherwise."""
    current: str | None = None
    rows: list[tuple[Any, ...]] = []

    def finish() -> None:
        if current is None or current in results:
            return
        known = memo.folded.get((current, reducer.name))
        if known is not None and known[0].same_as(as_head(len(rows), *rows[-1])):
            results[current] = known[1]
            return
        try:
            result = _fold_rows(keys, current, reducer, rows, None, publics)
        except _NOT_ADDING_UP as exc:
            results[current] = exc
            return
        memo.heads[current] = result[0]
        memo.folded[(current, reducer.name)] = result
        results[current] = result[1]

    for stream, seq, body, signatures in cursor:
        if stream != current:
            finish()
            current, rows = stream, []
        rows.append((seq, body, signatures))
    finish()
