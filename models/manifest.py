"""What exists of each partner's private rows, sealed with that partner's own key.

A private record (a journal entry, a consent answer, a private rating) is sealed with its
owner's journal key, but *that it exists* is a row anyone with the file can delete, or
move to the other partner by editing ``owner``. So for each owner and table a
:class:`PrivateManifest` keeps, under the owner's key, how many rows there are and a
set digest of their uuids (a sum of hashes, so adding or removing one row costs the
same however many there are). Reading all of an owner's rows compares: a row gone,
moved away or slipped in is damage, never a silent loss.

What it costs (#9): saving one private row never reads the others. :func:`note` opens the
owner's few manifest rows and moves the count and the sum by the rows added or removed;
:func:`check`, which hashes every uuid, runs only where every row of that owner is read
anyway (opening their answers, their journal, their ratings), never per save. The sum
keeps its evidence: it is sealed under the owner's key, so the other partner cannot
adjust it to cover a change; a row removed changes the count; a row moved in from the
other owner, or written by anyone else, does not open under this owner's key and is
damage on its own. So the sum only has to tell apart sets of this owner's own rows.

It tells nothing new to someone holding the file: the ``owner`` column of private rows
was already plain (how many rows each partner has); the manifest's own words are sealed.
A file from before manifests gets them once, from the rows as they are, the first time
each owner's key is at hand; a fact in the ledger then says every owner's manifests
exist, so a deleted manifest is damage too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import peewee

from models.damage import Damage, RecordDamaged
from models.db import DB, writing
from models.records import PrivateRecord
from models.session import Keyring

_MOD = 1 << 256
STREAM = "vault/manifests"


class PrivateManifest(PrivateRecord):
    """One owner's count and set digest of one private table's rows."""

    sealed_fields = ("table_name", "count", "digest")
    table_name = peewee.BlobField()
    count = peewee.BlobField()
    digest = peewee.BlobField()


TABLES = [PrivateManifest]


def _hash(table: str, uuid: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{table}|{uuid}".encode()).digest(), "big")


def _find(keys: Keyring, owner: int, table: str) -> tuple[PrivateManifest | None, int, int]:
    for row in PrivateManifest.select().where(PrivateManifest.owner == owner):
        values = row.read(keys)
        if values["table_name"] == table:
            return row, int(values["count"]), int(values["digest"], 16)
    return None, 0, 0


def _started() -> bool:
    from models import ledger

    return bool(ledger.streams(STREAM))


def note(keys: Keyring, owner: int, table: str, added: Iterable[str] = (),
         removed: Iterable[str] = ()) -> None:
    """Count rows added to and removed from ``owner``'s ``table`` (inside the caller's
    transaction, with ``owner``'s journal key in ``keys``)."""
    row, count, digest = _find(keys, owner, table)
    for uuid in added:
        count, digest = count + 1, (digest + _hash(table, uuid)) % _MOD
    for uuid in removed:
        count, digest = count - 1, (digest - _hash(table, uuid)) % _MOD
    values = {"table_name": table, "count": str(count), "digest": f"{digest:064x}"}
    with writing():
        if row is None:
            PrivateManifest.write_new(keys, {"owner": owner}, **values)
        else:
            row.rewrite(keys, None, **values)


def check(keys: Keyring, owner: int, table: str, uuids: Iterable[str]) -> None:
    """``uuids`` must be exactly the rows ``owner``'s manifest counts for ``table``.

    Before manifests existed in this file, the first check makes them from the rows as
    they are (and, once both owners' are made, notes that in the ledger)."""
    present = list(uuids)
    row, count, digest = _find(keys, owner, table)
    if row is None:
        if _started():
            raise RecordDamaged(Damage(table, f"private rows of {owner}", "record",
                                       "no manifest"))
        note(keys, owner, table, added=present)
        return
    have = sum(_hash(table, uuid) for uuid in present) % _MOD
    if count != len(present) or digest != have:
        raise RecordDamaged(Damage(table, f"private rows of {owner}", "record",
                                   "rows differ from the owner's own count"))


def start(keys: Keyring, tables: Iterable[str]) -> None:
    """A new file: every owner's manifests exist from the start (empty), and a fact in
    the ledger says so. ``keys`` holds both journal keys (only setup has them)."""
    from models import ledger

    with writing():
        for owner in (1, 2):
            for table in tables:
                note(keys, owner, table)
        ledger.append(keys, STREAM, "started")


def owner_uuids(table: str, owner: int) -> list[str]:
    """The uuids of ``owner``'s rows in private ``table``, from the plain index (nothing
    opened)."""
    rows = DB.execute_sql(f"SELECT uuid FROM {table} WHERE owner = ?", (owner,)).fetchall()
    return [str(uuid) for (uuid,) in rows]


@dataclass(frozen=True)
class OwnerCount:
    """Each owner's count of one private table that came after manifests began.

    A file from before the table has no such count: it is made, from the rows there are
    (none before the owner's first save), the first time the owner's key is at hand,
    and a ``counted`` fact in ``stream`` says so; from then on a missing count is damage.
    ``memo`` names the working memory that remembers the fact was seen."""

    table: str
    stream: str
    memo: str

    def uuids(self, owner: int) -> list[str]:
        """The uuids of ``owner``'s rows, from the plain index (nothing opened)."""
        return owner_uuids(self.table, owner)

    def started(self, keys: Keyring, owner: int) -> bool:
        """True once ``owner``'s count exists (a fact says so); reads only."""
        from models import ledger

        memo = keys.memo(self.memo, owner)
        if not memo.get("started"):
            facts = ledger.verify(keys, self.stream)
            memo["started"] = any(fact.kind == "counted" and fact.get("owner") == owner
                                  for fact in facts)
        return bool(memo["started"])

    def start(self, keys: Keyring, owner: int) -> None:
        """Make ``owner``'s count once (from the rows there are) and note in the ledger
        that it exists."""
        from models import ledger

        if self.started(keys, owner):
            return
        with writing():
            note(keys, owner, self.table, added=self.uuids(owner))
            ledger.append(keys, self.stream, "counted", owner=owner)
        keys.memo(self.memo, owner)["started"] = True

    def check(self, keys: Keyring, owner: int, present: Iterable[str]) -> None:
        """Compare ``present`` (every row of ``owner``) with their count; raises
        :class:`~models.damage.RecordDamaged` on a difference."""
        self.start(keys, owner)
        check(keys, owner, self.table, present)

    def note(self, keys: Keyring, owner: int, added: Iterable[str] = (),
             removed: Iterable[str] = ()) -> None:
        """Count rows added or removed (inside the caller's transaction; call
        :meth:`start` before the rows change)."""
        note(keys, owner, self.table, added=added, removed=removed)
