"""Each partner's private needs: opening them all, saving one, deleting one.

A draft is one :class:`~models.needs.tables.NeedDraftRow` sealed with its owner's
journal key; its words and both dates are one sealed JSON value. Reading or writing
needs the owner's key held (their session alone, or :func:`open_needs` with their fresh
proof in a together session, the journal's own step); :class:`NeedsOwner` otherwise.

Opening all of an owner's drafts is one query and one cipher; a row that does not open
is a :class:`~models.damage.Damage` in its place, and the owner's count of rows
(:mod:`models.needs.counting`) is checked once, so a removed draft is damage too
(:class:`models.private_drafts.PrivateDrafts`, as for every workbook's drafts).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

from models.damage import Damage
from models.needs import counting
from models.needs.tables import NeedDraftRow
from models.needs.views import CARDS, IMPORTANCE_TEXT, LATELY, NEED_FIELDS, NeedDraft
from models.private_drafts import PrivateDrafts, now, parse_date, require_held
from models.private_drafts import close_private as close_needs
from models.private_drafts import open_private as open_needs
from models.session import Keyring

__all__ = ["TABLE", "check_fields", "close_needs", "delete_draft", "load_draft", "load_drafts",
           "now", "open_needs", "owner_of", "require_held", "save_draft"]

TABLE = NeedDraftRow._meta.table_name


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
    return NeedDraft(uuid, owner, fields, parse_date(data["written_at"]),
                     parse_date(data["updated_at"]))


def _order(draft: NeedDraft) -> tuple[dt.datetime, str]:
    return draft.written_at, draft.uuid


DRAFTS = PrivateDrafts(NeedDraftRow, counting.COUNT, _draft, _order)


def load_drafts(keys: Keyring, owner: int) -> tuple[list[NeedDraft], list[Damage]]:
    """Every draft of ``owner``, oldest first, and what could not be opened. One query,
    one cipher; the owner's count of rows is checked once. Needs their key held
    (:class:`NeedsOwner` otherwise)."""
    return DRAFTS.load_all(keys, owner)


def load_draft(keys: Keyring, owner: int, uuid: str) -> NeedDraft:
    """One of ``owner``'s drafts, opened; :class:`RecordDamaged` when it is missing,
    someone else's or does not open. Needs their key held."""
    return DRAFTS.load_one(keys, owner, uuid)


def owner_of(uuid: str) -> int | None:
    """The plain owner of draft ``uuid`` (None when there is no such row)."""
    return DRAFTS.owner_of(uuid)


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
        uuid = DRAFTS.add(keys, owner, _content(full, moment, moment))
        return NeedDraft(uuid, owner, full, moment, moment)
    before = load_draft(keys, owner, uuid)
    full = {**before.fields, **fields}
    DRAFTS.rewrite(keys, uuid, _content(full, before.written_at, moment))
    return NeedDraft(uuid, owner, full, before.written_at, moment)


def delete_draft(keys: Keyring, owner: int, uuid: str) -> None:
    """Delete one of ``owner``'s drafts for good (the file zeroes its bytes) and count
    it gone. A need shared from it stays shared until its owner withdraws it. Needs
    their key held; only a draft of theirs that opens."""
    require_held(keys, owner)
    load_draft(keys, owner, uuid)
    DRAFTS.delete(keys, owner, uuid)
