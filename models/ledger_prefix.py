"""Whether the file went back: a short mark of every fact so far, kept outside the file
and compared the next time (an older copy put back, or facts removed).

The mark is the count of facts and a running digest of them in the order they were
written (each one's stream, number and the sha256 of its sealed bytes: digests only,
no content and no key). Facts are only ever appended, so the digest is carried on
from where it last stopped on this connection, and kept now and then so that an
earlier count is cheap too.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from models.db import DB, change_stamp


def _fact_count() -> int:
    return int(DB.execute_sql("SELECT count(*) FROM ledger_entry").fetchone()[0])


KEPT_EVERY = 1024  # facts between the copies of the running digest a _Prefix keeps


@dataclass
class _Prefix:
    """The running digest of the file's first ``count`` facts (in the order they were
    written), kept between calls on one connection: only digests, never content."""

    connection: Any
    version: Any
    count: int = 0
    last_id: int = -(1 << 63)  # before any row id
    last_body: bytes = b""  # sha256 of the last counted fact's sealed bytes
    running: Any = field(default_factory=lambda: hashlib.sha256(b"trellis ledger prefix v1"))
    marks: dict[int, bytes] = field(default_factory=dict)  # count → digest, as asked
    # (count, last id, running digest) about every KEPT_EVERY facts: an earlier count is
    # hashed on from the nearest one before it, not from the first fact.
    kept: list[tuple[int, int, Any]] = field(default_factory=list)


_PREFIX: list[_Prefix] = []  # at most one: the latest connection's


def _prefix_state() -> _Prefix:
    """The remembered running digest if it still describes this file: the same
    connection, nothing written by any other since (``data_version``), and the last
    fact it counted still there unchanged. Otherwise a fresh start."""
    connection, version = change_stamp()
    if _PREFIX:
        known = _PREFIX[0]
        if known.connection is connection and known.version == version:
            if known.count == 0:
                return known
            row = connection.execute("SELECT body FROM ledger_entry WHERE id = ?",
                                     (known.last_id,)).fetchone()
            if row is not None and isinstance(row[0], bytes) and (
                    hashlib.sha256(row[0]).digest() == known.last_body):
                return known
    _PREFIX[:] = [_Prefix(connection, version)]
    return _PREFIX[0]


def _facts_after(last_id: int, limit: int) -> Any:
    return DB.execute_sql("SELECT id, stream, seq, body FROM ledger_entry WHERE id > ? "
                          "ORDER BY id LIMIT ?", (last_id, limit))


def _feed(running: Any, chunk: list[Any]) -> list[bytes]:
    """Feed facts (id, stream, seq, body) to ``running``: each one's stream, number and
    the sha256 of its sealed bytes, in one piece (the same bytes as one at a time).
    Returns the sha256 of each body."""
    sha256 = hashlib.sha256
    hashed = [sha256(bytes(body)).digest() for _, _, _, body in chunk]
    running.update(b"".join(f"{stream}|{seq}|".encode() + digest for
                            (_, stream, seq, _), digest in zip(chunk, hashed, strict=True)))
    return hashed


def _carry_on(state: _Prefix, limit: int) -> int:
    """Count up to ``limit`` more facts into ``state``; returns how many there were."""
    rows = _facts_after(state.last_id, limit)
    read = 0
    # A few thousand facts at a time (the first unlock of a large file hashes them all).
    while chunk := rows.fetchmany(KEPT_EVERY):
        hashed = _feed(state.running, chunk)
        state.count += len(chunk)
        state.last_id, state.last_body = chunk[-1][0], hashed[-1]
        read += len(chunk)
        if state.count - (state.kept[-1][0] if state.kept else 0) >= KEPT_EVERY:
            state.kept.append((state.count, state.last_id, state.running.copy()))
    return read


def _earlier_digest(state: _Prefix, count: int) -> bytes:
    """The digest of the first ``count`` facts, fewer than ``state`` has counted: hashed
    on from the nearest kept copy before ``count``; ``state`` itself stays as it is."""
    running, counted, last_id = hashlib.sha256(b"trellis ledger prefix v1"), 0, -(1 << 63)
    for kept_count, kept_id, kept_running in reversed(state.kept):
        if kept_count <= count:
            running, counted, last_id = kept_running.copy(), kept_count, kept_id
            break
    rows = _facts_after(last_id, count - counted)
    while chunk := rows.fetchmany(KEPT_EVERY):
        _feed(running, chunk)
    digest: bytes = running.digest()
    return digest


def _prefix_digest(count: int) -> bytes:
    """The digest of the first ``count`` facts: each one's stream, number and the
    sha256 of its sealed bytes. Facts are only ever appended, so the running digest is
    carried on from where it last stopped, and each unlock and lock hashes only the
    facts written since (the first time in a process, all of them, unless
    :func:`hash_ahead` did while the password was checked)."""
    state = _prefix_state()
    if count in state.marks:
        return state.marks[count]
    if count < state.count:
        digest = _earlier_digest(state, count)
    else:
        _carry_on(state, count - state.count)
        count, digest = state.count, state.running.copy().digest()
    if len(state.marks) > 16:
        state.marks.clear()
    state.marks[count] = digest
    return digest


def hash_ahead(facts: int = 2 * KEPT_EVERY) -> bool:
    """Carry the running digest of :func:`seen_mark` and :func:`went_back` on by up to
    ``facts`` facts, before either is asked: while a password is checked, so that the
    unlock's checks find it done. Digests of sealed bytes only; it needs no key. True
    once every fact in the file is counted (or they cannot be read)."""
    from models.damage import LOW_LEVEL

    try:
        return _carry_on(_prefix_state(), facts) < facts
    except LOW_LEVEL:
        return True


def file_id() -> str:
    """The open file's own id (a random hex string made at setup), to key the mark."""
    from models.schema import VaultFact

    row = VaultFact.get_or_none(VaultFact.name == "vault_id")
    return "" if row is None else str(row.value)


def seen_mark() -> str:
    """A short mark of every fact in the file so far (digests only, no content), for the
    app to keep *outside* the file and compare next time: see :func:`went_back`.
    Empty when the facts cannot be read (the file check says why)."""
    from models.damage import LOW_LEVEL

    try:
        count = _fact_count()
        return f"{count}:{_prefix_digest(count).hex()}"
    except LOW_LEVEL:
        return ""


def went_back(mark: str) -> bool:
    """True when the file no longer holds every fact it held when ``mark`` was taken: an
    older copy was put back, or facts were removed. Appending new facts is fine."""
    try:
        count_text, digest = mark.split(":", 1)
        count = int(count_text)
    except ValueError:
        return False  # no usable mark: nothing to compare with
    from models.damage import LOW_LEVEL

    try:
        if _fact_count() < count:
            return True
        return _prefix_digest(count).hex() != digest
    except LOW_LEVEL:
        return True  # the facts it held can no longer be read
