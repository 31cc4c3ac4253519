"""A partner's private drafts in one table: opening them all, one, saving, deleting (#8).

Each workbook whose partners write privately before sharing (narrative re-authoring,
the needs map, and the next ones) keeps its drafts as :class:`~models.records.PrivateRecord`
rows whose one sealed ``content`` column is a JSON value, sealed with the owner's
journal key and counted by an :class:`~models.manifest.OwnerCount`. The workbook says
what its JSON means (``parse``) and how its drafts are ordered; :class:`PrivateDrafts`
does the rest the same way for all of them:

- reading or writing needs the owner's key held (:func:`require_held`; their session
  alone, or :func:`open_private` with their fresh proof in a together session, the
  journal's own step), :class:`~models.proof.NeedsOwner` otherwise;
- opening all of an owner's drafts is one query and one cipher; a row that does not
  open is a :class:`~models.damage.Damage` in its place, and the owner's count is
  checked once, so a removed draft is damage too;
- adding and deleting a row changes the count in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from models import crypto
from models.damage import LOW_LEVEL, Damage, RecordDamaged, contained
from models.db import DB, writing
from models.errors import SealBroken, TrellisError
from models.manifest import OwnerCount
from models.owner_keys import close_journal, open_journal
from models.owner_keys import require_held as _require_journal
from models.proof import FreshProof, NeedsOwner
from models.records import PrivateRecord
from models.session import Keyring

D = TypeVar("D")

COLUMN = "content"
_HEADER = 1 + crypto.NONCE_BYTES
_SHORTEST = _HEADER + 16  # and the tag
_NOT_OPENING: tuple[type[Exception], ...] = (SealBroken, KeyError, IndexError, *LOW_LEVEL)


def now() -> dt.datetime:
    """This moment in local time, aware: what saves are dated with."""
    return dt.datetime.now().astimezone()


def parse_date(text: Any) -> dt.datetime:
    """A stored date (ISO 8601 with its time zone) in local time; ValueError otherwise."""
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a date without its time zone")
    return moment.astimezone()


def open_private(keys: Keyring, owner: int, proof: FreshProof | None) -> None:
    """Hold ``owner``'s journal key from their fresh ``proof`` (the same key, and the
    same step, as opening their journal); :class:`NeedsOwner` for anyone else's or a
    stale proof."""
    open_journal(keys, owner, proof)


def close_private(keys: Keyring, owner: int) -> None:
    """Let go of ``owner``'s key if :func:`open_private` (or the journal) took it; the
    key of the partner who unlocked alone stays."""
    close_journal(keys, owner)


def require_held(keys: Keyring, owner: int) -> None:
    """Raise :class:`NeedsOwner` unless ``keys`` holds ``owner``'s journal key."""
    if owner not in (1, 2):
        raise NeedsOwner(f"no partner {owner}")
    _require_journal(keys, owner)


def _invalid_tag() -> type[Exception]:
    from cryptography.exceptions import InvalidTag

    return InvalidTag


class PrivateDrafts(Generic[D]):
    """The drafts in ``model``'s table: ``parse(uuid, owner, content)`` makes one from
    its opened JSON (ValueError, KeyError or IndexError when it does not add up), and
    ``order`` sorts an owner's drafts."""

    def __init__(self, model: type[PrivateRecord], count: OwnerCount,
                 parse: Callable[[str, int, str], D], order: Callable[[D], Any]) -> None:
        self.model = model
        self.table: str = model._meta.table_name
        self.count = count
        self.parse = parse
        self.order = order

    def _opener(self, keys: Keyring, owner: int) -> Callable[[Any, Any, Any], D]:
        decrypt = keys.cipher(keys.journal_key(owner)).decrypt

        def open_row(uuid: Any, revision: Any, blob: Any) -> D:
            if not isinstance(blob, bytes) or len(blob) < _SHORTEST or (
                    blob[0] != crypto.FORMAT_V1):
                raise SealBroken("unknown or truncated format")
            aad = f"trellis|v1|{self.table}|{uuid}|{revision}|{COLUMN}".encode()
            content = decrypt(blob[1:_HEADER], blob[_HEADER:], aad).decode()
            return self.parse(str(uuid), owner, content)

        return open_row

    def load_all(self, keys: Keyring, owner: int) -> tuple[list[D], list[Damage]]:
        """Every draft of ``owner`` in order, and what could not be opened. One query,
        one cipher; the owner's count of rows is checked once. Needs their key held."""
        require_held(keys, owner)
        table, whose = self.table, f"drafts of {owner}"
        try:
            rows: list[tuple[Any, ...]] = DB.execute_sql(
                f"SELECT uuid, revision, {COLUMN} FROM {table} WHERE owner = ?",
                (owner,)).fetchall()
        except LOW_LEVEL as exc:
            return [], [Damage(table, whose, "record", type(exc).__name__)]
        open_row = self._opener(keys, owner)
        not_opening = (_invalid_tag(), *_NOT_OPENING)
        drafts: list[D] = []
        damaged: list[Damage] = []
        for row in rows:
            try:
                drafts.append(open_row(*row))
            except not_opening as exc:
                damaged.append(Damage(table, str(row[0]), "words", type(exc).__name__))
        try:
            with contained(table, whose):
                self.count.check(keys, owner, [str(row[0]) for row in rows])
        except RecordDamaged as exc:
            damaged.append(exc.damage)
        except TrellisError as exc:  # the count itself did not open
            damaged.append(Damage(table, whose, "record", exc.key))
        drafts.sort(key=self.order)
        return drafts, damaged

    def load_one(self, keys: Keyring, owner: int, uuid: str) -> D:
        """One of ``owner``'s drafts, opened; :class:`RecordDamaged` when it is missing,
        someone else's or does not open. Needs their key held."""
        require_held(keys, owner)
        with contained(self.table, uuid):
            row = DB.execute_sql(f"SELECT uuid, revision, {COLUMN}, owner FROM {self.table} "
                                 "WHERE uuid = ?", (uuid,)).fetchone()
            if row is None or row[3] != owner:
                raise RecordDamaged(Damage(self.table, uuid, "record", "missing"))
            try:
                return self._opener(keys, owner)(*row[:3])
            except (_invalid_tag(), *_NOT_OPENING) as exc:
                raise RecordDamaged(Damage(self.table, uuid, "words",
                                           type(exc).__name__)) from exc

    def owner_of(self, uuid: str) -> int | None:
        """The plain owner of draft ``uuid`` (None when there is no such row)."""
        row = DB.execute_sql(f"SELECT owner FROM {self.table} WHERE uuid = ?",
                             (uuid,)).fetchone()
        return None if row is None else int(row[0])

    def add(self, keys: Keyring, owner: int, content: str) -> str:
        """Write a new draft of ``owner`` holding ``content`` and count it; its uuid."""
        self.count.start(keys, owner)
        with writing():
            row = self.model.write_new(keys, {"owner": owner}, **{COLUMN: content})
            self.count.note(keys, owner, added=[row.uuid])
        return str(row.uuid)

    def rewrite(self, keys: Keyring, uuid: str, content: str) -> None:
        """Seal ``content`` into draft ``uuid`` as its next revision."""
        with contained(self.table, uuid):
            row = self.model.get(self.model.uuid == uuid)
            row.rewrite(keys, None, **{COLUMN: content})

    def delete(self, keys: Keyring, owner: int, uuid: str) -> None:
        """Delete ``owner``'s draft ``uuid`` for good (the file zeroes its bytes) and
        count it gone; :class:`RecordDamaged` when it is not there."""
        self.count.start(keys, owner)
        model = self.model
        with writing():
            deleted = model.delete().where(
                (model.uuid == uuid) & (model.owner == owner)).execute()
            if deleted != 1:
                raise RecordDamaged(Damage(self.table, uuid, "record", "missing"))
            self.count.note(keys, owner, removed=[uuid])
