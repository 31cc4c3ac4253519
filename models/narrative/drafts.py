"""Each partner's private drafts: opening them all, saving one, deleting one.

A draft is one :class:`~models.narrative.tables.NarrativeDraft` row sealed with its
author's journal key; its kind, words and both dates are one sealed JSON value. Reading
or writing needs the owner's key held (their session alone, or :func:`open_story` with
their fresh proof in a together session); :class:`~models.proof.NeedsOwner` otherwise.

Opening all of an owner's drafts is one query and one cipher; a row that does not open
is a :class:`~models.damage.Damage` in its place, and the owner's count of rows
(:mod:`models.narrative.counting`) is checked once, so a removed draft is damage too.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from operator import attrgetter
from typing import Any

from models import crypto
from models.damage import LOW_LEVEL, Damage, RecordDamaged, contained
from models.db import DB, writing
from models.errors import SealBroken, TrellisError
from models.journal.opening import close_journal, open_journal
from models.journal.opening import require_held as _require_journal
from models.narrative import counting
from models.narrative.tables import NarrativeDraft
from models.narrative.views import FIELDS, HEARD, KINDS, LISTS, PAGES, TRUTH, VIEWS, Draft
from models.proof import FreshProof, NeedsOwner
from models.session import Keyring

TABLE = NarrativeDraft._meta.table_name
_HEADER = 1 + crypto.NONCE_BYTES
_SHORTEST = _HEADER + 16  # and the tag


def now() -> dt.datetime:
    """This moment in local time, aware: what saves are dated with."""
    return dt.datetime.now().astimezone()


def open_story(keys: Keyring, owner: int, proof: FreshProof | None) -> None:
    """Hold ``owner``'s journal key from their fresh ``proof`` (the same key, and the
    same step, as opening their journal); :class:`NeedsOwner` for anyone else's or a
    stale proof."""
    open_journal(keys, owner, proof)


def close_story(keys: Keyring, owner: int) -> None:
    """Let go of ``owner``'s key if :func:`open_story` (or the journal) took it; the
    key of the partner who unlocked alone stays."""
    close_journal(keys, owner)


def require_held(keys: Keyring, owner: int) -> None:
    """Raise :class:`NeedsOwner` unless ``keys`` holds ``owner``'s journal key."""
    if owner not in (1, 2):
        raise NeedsOwner(f"no partner {owner}")
    _require_journal(keys, owner)


# -- opening ------------------------------------------------------------------------------


def _invalid_tag() -> type[Exception]:
    from cryptography.exceptions import InvalidTag

    return InvalidTag


def _date(text: Any) -> dt.datetime:
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError("a date without its time zone")
    return moment


def _content(kind: str, fields: Mapping[str, str], written_at: dt.datetime,
             updated_at: dt.datetime) -> str:
    return json.dumps({"kind": kind, "fields": dict(fields), "written_at": written_at.isoformat(),
                       "updated_at": updated_at.isoformat()}, ensure_ascii=False)


def _draft(uuid: str, owner: int, content: str) -> Draft:
    """The draft a row's opened ``content`` describes; ValueError when it does not add up."""
    data = json.loads(content)
    kind = data["kind"]
    if kind not in KINDS:
        raise ValueError("an unknown kind of piece")
    stored = data["fields"]
    if not isinstance(stored, dict) or not all(isinstance(v, str) for v in stored.values()):
        raise ValueError("fields are not text")
    if set(stored) - set(FIELDS[kind]):
        raise ValueError("unknown fields")
    # A field added after the row was written reads as empty.
    fields = {name: stored.get(name, "") for name in FIELDS[kind]}
    return Draft(uuid, owner, kind, fields, _date(data["written_at"]).astimezone(),
                 _date(data["updated_at"]).astimezone())


class _Opener:
    """Opens draft rows read as plain tuples with one cipher."""

    def __init__(self, keys: Keyring, owner: int) -> None:
        self.decrypt = keys.cipher(keys.journal_key(owner)).decrypt
        self.owner = owner

    def open(self, uuid: Any, revision: Any, blob: Any) -> Draft:
        if not isinstance(blob, bytes) or len(blob) < _SHORTEST or blob[0] != crypto.FORMAT_V1:
            raise SealBroken("unknown or truncated format")
        aad = f"trellis|v1|{TABLE}|{uuid}|{revision}|content".encode()
        content = self.decrypt(blob[1:_HEADER], blob[_HEADER:], aad).decode()
        return _draft(str(uuid), self.owner, content)


_NOT_OPENING: tuple[type[Exception], ...] = (SealBroken, KeyError, IndexError, *LOW_LEVEL)


def _order(draft: Draft) -> tuple[int, dt.datetime, str]:
    return KINDS.index(draft.kind), draft.written_at, draft.uuid


def load_drafts(keys: Keyring, owner: int) -> tuple[list[Draft], list[Damage]]:
    """Every draft of ``owner`` (pages in PAGES order, then list items oldest first)
    and what could not be opened. One query, one cipher; the owner's count of rows is
    checked once. Needs their key held (:class:`NeedsOwner` otherwise)."""
    require_held(keys, owner)
    try:
        rows: list[tuple[Any, ...]] = DB.execute_sql(
            f"SELECT uuid, revision, content FROM {TABLE} WHERE owner = ?", (owner,)).fetchall()
    except LOW_LEVEL as exc:
        return [], [Damage(TABLE, f"drafts of {owner}", "record", type(exc).__name__)]
    opener = _Opener(keys, owner)
    not_opening = (_invalid_tag(), *_NOT_OPENING)
    drafts: list[Draft] = []
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
    drafts.sort(key=_order)
    return drafts, damaged


def load_draft(keys: Keyring, owner: int, uuid: str) -> Draft:
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


def page_of(drafts: Iterable[Draft], kind: str) -> Draft | None:
    """The page of ``kind`` among ``drafts`` (the first written, should there be two)."""
    pages = [draft for draft in drafts if draft.kind == kind]
    return min(pages, key=attrgetter("written_at", "uuid")) if pages else None


# -- saving -------------------------------------------------------------------------------


def check_fields(kind: str, fields: Mapping[str, str]) -> None:
    """Raise ValueError for an unknown kind or field, a value that is not text, or a
    choice the screens never offer (view, heard, truth, a date that is not YYYY-MM-DD)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    unknown = set(fields) - set(FIELDS[kind])
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    if not all(isinstance(value, str) for value in fields.values()):
        raise ValueError("not text")
    choices = {("stand", "view"): VIEWS, ("heard", "heard"): HEARD, ("story", "truth"): TRUTH}
    for (owner_kind, name), allowed in choices.items():
        if kind == owner_kind and name in fields and fields[name] not in allowed:
            raise ValueError(f"{name} must be one of {allowed}")
    if kind == "exception" and fields.get("happened_on"):
        day = fields["happened_on"]
        try:
            dt.date.fromisoformat(day)
        except ValueError as exc:
            raise ValueError("happened_on is YYYY-MM-DD") from exc
        if len(day) != 10:
            raise ValueError("happened_on is YYYY-MM-DD")


def save_draft(keys: Keyring, owner: int, kind: str, fields: Mapping[str, str],
               uuid: str | None = None) -> Draft:
    """Save ``fields`` into one of ``owner``'s drafts of ``kind`` and return it.

    A page (PAGES) is one per owner: with ``uuid`` None it rewrites their page of that
    kind if there is one, else starts it. A list item (LISTS) with ``uuid`` None is a
    new one. Fields not given keep their stored value. Raises ValueError for bad fields
    (:func:`check_fields`) or a ``uuid`` of another kind, :class:`NeedsOwner` without
    the owner's key, :class:`RecordDamaged` for a ``uuid`` not theirs or not opening.
    """
    require_held(keys, owner)
    check_fields(kind, fields)
    before: Draft | None = None
    if uuid is not None:
        before = load_draft(keys, owner, uuid)
        if before.kind != kind:
            raise ValueError(f"draft {uuid} is a {before.kind}, not a {kind}")
    elif kind in PAGES:
        drafts, _ = load_drafts(keys, owner)
        before = page_of(drafts, kind)
    moment = now()
    if before is None:
        full = {name: fields.get(name, "") for name in FIELDS[kind]}
        counting.start(keys, owner)
        with writing():
            row = NarrativeDraft.write_new(keys, {"owner": owner},
                                           content=_content(kind, full, moment, moment))
            counting.note(keys, owner, added=[row.uuid])
        return Draft(row.uuid, owner, kind, full, moment, moment)
    full = {**before.fields, **fields}
    _rewrite(keys, before.uuid, _content(kind, full, before.written_at, moment))
    return Draft(before.uuid, owner, kind, full, before.written_at, moment)


def _rewrite(keys: Keyring, uuid: str, content: str) -> None:
    with contained(TABLE, uuid):
        row = NarrativeDraft.get(NarrativeDraft.uuid == uuid)
        row.rewrite(keys, content=content)


def delete_draft(keys: Keyring, owner: int, uuid: str) -> None:
    """Delete one of ``owner``'s list items for good (the file zeroes its bytes) and
    count it gone; a page is emptied instead (every field, private ones too). Needs
    their key held; only a draft of theirs that opens."""
    require_held(keys, owner)
    draft = load_draft(keys, owner, uuid)
    if draft.kind in PAGES:
        empty = {name: "" for name in FIELDS[draft.kind]}
        _rewrite(keys, uuid, _content(draft.kind, empty, draft.written_at, now()))
        return
    if draft.kind not in LISTS:  # pragma: no cover - KINDS is PAGES + LISTS
        raise ValueError(draft.kind)
    counting.start(keys, owner)
    with writing():
        deleted = NarrativeDraft.delete().where(
            (NarrativeDraft.uuid == uuid) & (NarrativeDraft.owner == owner)).execute()
        if deleted != 1:
            raise RecordDamaged(Damage(TABLE, uuid, "record", "missing"))
        counting.note(keys, owner, removed=[uuid])
