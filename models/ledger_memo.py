"""What the ledger remembers while the keys are held: each stream's last entry as this
connection knows it, and what verified streams add up to (:mod:`models.ledger_fold`).

Verifying a chain opens every fact and checks every signature; a screen that showed
10,000 agreements did that for each one several times per action. A stream is verified
once and what it adds up to is kept in the keyring's memo (dropped on lock), keyed by the
stream's last entry: its number, its sealed bytes (a fresh random nonce each time, so no
two entries share them), its signatures, and how many entries the stream has. An
appended fact changes that key, and only the new facts are then verified, chained to the
remembered digest. The memo is also thrown away whenever the file was changed by any
other connection (SQLite's ``data_version``: another program, another thread's
connection, a database tool) or the stored public keys changed, so only what this
connection itself wrote is ever taken on trust from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from models.db import DB, change_stamp
from models.session import Keyring


@dataclass(frozen=True)
class Head:
    """A stream's last entry as stored, and, once verified, the digest after it."""

    count: int
    seq: int
    body: bytes
    signatures: str
    digest: bytes = b""  # known once the entry is verified or written here

    def same_as(self, other: Head) -> bool:
        return (self.count, self.seq, self.body, self.signatures) == (
            other.count, other.seq, other.body, other.signatures)


@dataclass
class Memo:
    """One connection's memo: what it verified, valid while its stamp holds."""

    connection: Any = None
    version: Any = None
    partner_keys: Any = None
    heads: dict[str, Head] = field(default_factory=dict)
    # (stream, reducer name) → (the head it was verified to, what it added up to)
    folded: dict[tuple[str, str], tuple[Head, Any]] = field(default_factory=dict)


def memo_of(keys: Keyring) -> Memo:
    """This keyring's memo of verified streams, emptied when anything but this connection
    changed the file, or when the stored public keys changed."""
    store = keys.memo("ledger")  # one memo per connection (each thread has its own)
    connection, version = change_stamp()
    memo = store.get(id(connection))
    partner_keys = tuple(connection.execute(
        "SELECT partner, sealed FROM partner_key ORDER BY partner").fetchall())
    if (memo is None or memo.connection is not connection or memo.version != version
            or memo.partner_keys != partner_keys):
        store.pop(id(connection), None)
        while len(store) >= 3:  # connections of threads long gone: the oldest goes
            del store[next(iter(store))]
        memo = store[id(connection)] = Memo(connection, version, partner_keys)
    assert isinstance(memo, Memo)
    return memo


HEAD_SQL = ("SELECT seq, body, signatures, (SELECT count(*) FROM ledger_entry "
             "WHERE stream = ?1) FROM ledger_entry WHERE stream = ?1 ORDER BY seq DESC LIMIT 1")


def stored_head(stream: str) -> Head | None:
    """The stream's last entry and how many it has, as stored now (None: no facts)."""
    row = DB.execute_sql(HEAD_SQL, (stream,)).fetchone()
    if row is None:
        return None
    seq, body, signatures, count = row
    return Head(count, seq, body if isinstance(body, bytes) else b"", str(signatures))



def as_head(count: int, seq: Any, body: Any, signatures: Any) -> Head:
    """A stored entry as a :class:`Head` (a body that is not bytes never matches)."""
    return Head(count, seq, body if isinstance(body, bytes) else b"", str(signatures))
