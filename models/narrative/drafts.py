"""Each partner's private drafts: opening them all, saving one, deleting one.

A draft is one :class:`~models.narrative.tables.NarrativeDraft` row sealed with its
author's journal key; its kind, words and both dates are one sealed JSON value. Reading
or writing needs the owner's key held (their session alone, or :func:`open_story` with
their fresh proof in a together session); :class:`~models.proof.NeedsOwner` otherwise.

Opening all of an owner's drafts is one query and one cipher; a row that does not open
is a :class:`~models.damage.Damage` in its place, and the owner's count of rows
(:mod:`models.narrative.counting`) is checked once, so a removed draft is damage too:
:class:`models.private_drafts.PrivateDrafts` does that for every workbook.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from operator import attrgetter

from models.damage import Damage
from models.narrative import counting
from models.narrative.tables import NarrativeDraft
from models.narrative.views import FIELDS, HEARD, KINDS, LISTS, PAGES, TRUTH, VIEWS, Draft
from models.private_drafts import PrivateDrafts, now, parse_date, require_held
from models.private_drafts import close_private as close_story
from models.private_drafts import open_private as open_story
from models.session import Keyring

__all__ = ["TABLE", "check_fields", "close_story", "delete_draft", "load_draft", "load_drafts",
           "now", "open_story", "page_of", "require_held", "save_draft"]

TABLE = NarrativeDraft._meta.table_name


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
    return Draft(uuid, owner, kind, fields, parse_date(data["written_at"]),
                 parse_date(data["updated_at"]))


def _order(draft: Draft) -> tuple[int, dt.datetime, str]:
    return KINDS.index(draft.kind), draft.written_at, draft.uuid


DRAFTS = PrivateDrafts(NarrativeDraft, counting.COUNT, _draft, _order)


def load_drafts(keys: Keyring, owner: int) -> tuple[list[Draft], list[Damage]]:
    """Every draft of ``owner`` (pages in PAGES order, then list items oldest first)
    and what could not be opened. One query, one cipher; the owner's count of rows is
    checked once. Needs their key held (:class:`NeedsOwner` otherwise)."""
    return DRAFTS.load_all(keys, owner)


def load_draft(keys: Keyring, owner: int, uuid: str) -> Draft:
    """One of ``owner``'s drafts, opened; :class:`RecordDamaged` when it is missing,
    someone else's or does not open. Needs their key held."""
    return DRAFTS.load_one(keys, owner, uuid)


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
        uuid = DRAFTS.add(keys, owner, _content(kind, full, moment, moment))
        return Draft(uuid, owner, kind, full, moment, moment)
    full = {**before.fields, **fields}
    DRAFTS.rewrite(keys, before.uuid, _content(kind, full, before.written_at, moment))
    return Draft(before.uuid, owner, kind, full, before.written_at, moment)


def delete_draft(keys: Keyring, owner: int, uuid: str) -> None:
    """Delete one of ``owner``'s list items for good (the file zeroes its bytes) and
    count it gone; a page is emptied instead (every field, private ones too). Needs
    their key held; only a draft of theirs that opens."""
    require_held(keys, owner)
    draft = load_draft(keys, owner, uuid)
    if draft.kind in PAGES:
        empty = {name: "" for name in FIELDS[draft.kind]}
        DRAFTS.rewrite(keys, uuid, _content(draft.kind, empty, draft.written_at, now()))
        return
    if draft.kind not in LISTS:  # pragma: no cover - KINDS is PAGES + LISTS
        raise ValueError(draft.kind)
    DRAFTS.delete(keys, owner, uuid)
