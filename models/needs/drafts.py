"""Each partner's private needs: opening them all, saving one, deleting one.

A draft is one :class:`~models.needs.tables.NeedDraftRow` sealed with its owner's
journal key; its words and both dates are one sealed JSON value. Reading or writing
needs the owner's key held (their session alone, or :func:`open_needs` with their fresh
proof in a together session, the journal's own step); :class:`NeedsOwner` otherwise.

Opening all of an owner's drafts is one query and one cipher; a row that does not open
is a :class:`~models.damage.Damage` in its place, and the owner's count of rows
(:mod:`models.needs.counting`) is checked once, so a removed draft is damage too.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from models import crypto
from models.damage import LOW_LEVEL, Damage, RecordDamaged, contained
from models.db import DB, writing
from models.errors import SealBroken, TrellisError
from models.journal.opening import close_journal, open_journal
from models.journal.opening import require_held as _require_journal
from models.needs import counting
from models.needs.tables import NeedDraftRow
from models.needs.views import CARDS, IMPORTANCE_TEXT, LATELY, NEED_FIELDS, NeedDraft
from models.proof import FreshProof, NeedsOwner
from models.session import Keyring

TABLE = NeedDraftRow._meta.table_name
_HEADER = 1 + crypto.NONCE_BYTES
_SHORTEST = _HEADER + 16  # and the tag


def now() -> dt.datetime:
    """This moment in local time, aware: what saves are dated with."""
    return dt.datetime.now().astimezone()


def open_needs(keys: Keyring, owner: int, proof: FreshProof | None) -> None:
    """Hold ``owner``'s journal key from their fresh ``proof`` (the same key, and the
    same step, as opening their journal); :class:`NeedsOwner` for anyone else's or a
    stale proof."""
    open_journal(keys, owner, proof)


def close_needs(keys: Keyring, owner: int) -> None:
    """Let go of ``owner``'s key if :func:`open_needs` (or the journal) took it; the
    key of the partner who unlocked alone stays."""
    close_journal(keys, owner)


def require_held(keys: Keyring, owner: int) -> None:
    """Raise :class:`NeedsOwner` unless ``keys`` holds ``owner``'s journal key."""
    if owner not in (1, 2):
        raise NeedsOwner(f"no partner {owner}")
    _require_journal(keys, owner)


def check_fields(fields: Mapping[str, str]) -> None:
    """Raise ValueError for an unknown field, a value that is not text, or a choice the
    screens never offer (card, importance "1".."3", lately)."""
    unknown = set(fields) - set(NEED_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    if not all(isinstance(value, str) for value in fields.values()):
        raise ValueError("not text")
    choices = {"card": ("", *CARDS), "importance": IMPORTANCE_TEXT, "lately": LATELY}
    for name, allowed in choices.items():
        if name in fields and fields[name] not in allowed:
            raise ValueError(f"{name} must be one of {allowed}")


# -- opening ------------------------------------------------------------------------------


def _invalid_tag() -> type[Exception]:
    from cryptography.exceptions import InvalidTag

    return InvalidTag


def _date(text: Any) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a date without its time zone")
    return moment


def _content(fields: Mapping[str, str], written_at: dt.datetime,
             updated_at: dt.datetime) -> str:
    return json.dumps({"fields": dict(fields), "written_at": written_at.isoformat(),
                       "updated_at": updated_at.isoformat()}, ensure_ascii=False)


def _draft(uuid: str, owner: int, content: str) -> NeedDraft:
    """The draft a row's opened ``content`` describes; ValueError when it does not add up."""
    data = json.loads(content)
    stored = data["fields"]
    if not isinstance(stored, dict):
        raise ValueError("fields are not a mapping")
    check_fields(stored)
    # A field added after the row was written reads as empty.
    fields = {name: stored.get(name, "") for name in NEED_FIELDS}
    return NeedDraft(uuid, owner, fields, _date(data["written_at"]).astimezone(),
                     _date(data["updated_at"]).astimezone())


class _Opener:
    """Opens draft rows read as plain tuples with one cipher."""

    def __init__(self, keys: Keyring, owner: int) -> None:
        self.decrypt = keys.cipher(keys.journal_key(owner)).decrypt
        self.owner = owner

    def open(self, uuid: Any, revision: Any, blob: Any) -> NeedDraft:
        if not isinstance(blob, bytes) or len(blob) < _SHORTEST or blob[0] != crypto.FORMAT_V1:
            raise SealBroken("unknown or truncated format")
        aad = f"trellis|v1|{TABLE}|{uuid}|{revision}|content".encode()
        content = self.decrypt(blob[1:_HEADER], blob[_HEADER:], aad).decode()
        return _draft(str(uuid), self.owner, content)


_NOT_OPENING: tuple[type[Exception], ...] = (SealBroken, KeyError, IndexError, *LOW_LEVEL)


def load_drafts(keys: Keyring, owner: int) -> tuple[list[NeedDraft], list[Damage]]:
    """Every draft of ``owner``, oldest first, and what could not be opened. One query,
    one cipher; the owner's count of rows is checked once. Needs their key held
    (:class:`NeedsOwner` otherwise)."""
    require_held(keys, owner)
    try:
        rows: list[tuple[Any, ...]] = DB.execute_sql(
            f"SELECT uuid, revision, content FROM {TABLE} WHERE owner = ?", (owner,)).fetchall()
    except LOW_LEVEL as exc:
        return [], [Damage(TABLE, f"drafts of {owner}", "record", type(exc).__name__)]
    opener = _Opener(keys, owner)
    not_opening = (_invalid_tag(), *_NOT_OPENING)
    drafts: list[NeedDraft] = []
    damaged: list[Damage] = []
    for row in rows:
        try:
            drafts.append(opener.open(*row))
        except not_opening as exc:
            damaged.append(Damage(TABLE, str(row[0]), "words", type(exc).__name__))
    try:
        with contained(TABLE, f"drafts of {owner}"):
            counting.check(keys, owner, [str(row[0]) for row in rows])
    except RecordDamaged as exc:
        damaged.append(exc.damage)
    except TrellisError as exc:  # the count itself did not open
        damaged.append(Damage(TABLE, f"drafts of {owner}", "record", exc.key))
    drafts.sort(key=lambda draft: (draft.written_at, draft.uuid))
    return drafts, damaged


def load_draft(keys: Keyring, owner: int, uuid: str) -> NeedDraft:
    """One of ``owner``'s drafts, opened; :class:`RecordDamaged` when it is missing,
    someone else's or does not open. Needs their key held."""
    require_held(keys, owner)
    with contained(TABLE, uuid):
        row = DB.execute_sql(f"SELECT uuid, revision, content, owner FROM {TABLE} "
                             "WHERE uuid = ?", (uuid,)).fetchone()
        if row is None or row[3] != owner:
            raise RecordDamaged(Damage(TABLE, uuid, "record", "missing"))
        try:
            return _Opener(keys, owner).open(*row[:3])
        except (_invalid_tag(), *_NOT_OPENING) as exc:
            raise RecordDamaged(Damage(TABLE, uuid, "words", type(exc).__name__)) from exc


def owner_of(uuid: str) -> int | None:
    """The plain owner of draft ``uuid`` (None when there is no such row)."""
    row = DB.execute_sql(f"SELECT owner FROM {TABLE} WHERE uuid = ?", (uuid,)).fetchone()
    return None if row is None else int(row[0])


# -- saving -------------------------------------------------------------------------------


def save_draft(keys: Keyring, owner: int, fields: Mapping[str, str],
               uuid: str | None = None) -> NeedDraft:
    """Save ``fields`` into one of ``owner``'s drafts and return it: a new one when
    ``uuid`` is None. Fields not given keep their stored value (empty for a new one).
    Raises ValueError for bad fields (:func:`check_fields`), :class:`NeedsOwner` without
    the owner's key, :class:`RecordDamaged` for a ``uuid`` not theirs or not opening."""
    require_held(keys, owner)
    check_fields(fields)
    moment = now()
    if uuid is None:
        full = {name: fields.get(name, "") for name in NEED_FIELDS}
        counting.start(keys, owner)
        with writing():
            row = NeedDraftRow.write_new(keys, {"owner": owner},
                                         content=_content(full, moment, moment))
            counting.note(keys, owner, added=[row.uuid])
        return NeedDraft(row.uuid, owner, full, moment, moment)
    before = load_draft(keys, owner, uuid)
    full = {**before.fields, **fields}
    with contained(TABLE, uuid):
        stored = NeedDraftRow.get(NeedDraftRow.uuid == uuid)
        stored.rewrite(keys, content=_content(full, before.written_at, moment))
    return NeedDraft(uuid, owner, full, before.written_at, moment)


def delete_draft(keys: Keyring, owner: int, uuid: str) -> None:
    """Delete one of ``owner``'s drafts for good (the file zeroes its bytes) and count
    it gone. A need shared from it stays shared until its owner withdraws it. Needs
    their key held; only a draft of theirs that opens."""
    require_held(keys, owner)
    load_draft(keys, owner, uuid)
    counting.start(keys, owner)
    with writing():
        deleted = NeedDraftRow.delete().where(
            (NeedDraftRow.uuid == uuid) & (NeedDraftRow.owner == owner)).execute()
        if deleted != 1:
            raise RecordDamaged(Damage(TABLE, uuid, "record", "missing"))
        counting.note(keys, owner, removed=[uuid])
