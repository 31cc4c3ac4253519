"""Journal words whose save failed as the journal closed or Trellis locked, kept sealed
under their owner's own journal key until that owner opens their journal again.

:mod:`models.unsaved` keeps an agreement's words under the workbook key, which both
partners hold. A journal's words must open for their owner only, so :func:`keep_unsaved`
(an entry) and :func:`keep_unsaved_plan` (the coping plan) seal them with the owner's
journal key while it is still held, before the lock lets it go; :func:`take_unsaved`
opens them only with that key held again (the owner's session alone, or their journal
opened with their fresh password) and lets them go from here. The other partner's keys
open none of them, and nothing here answers whether the other partner has any.

They are kept in memory, not as a row in the file: the saves this is for failed because
the file could not be written (a full disk, a write error), and a new row would fail the
same way. They hang off the open database object, so they last while this file is open
in this process; closing Trellis lets them go, as it does an agreement's kept words.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from models import crypto
from models.db import DB
from models.errors import NotUnlocked, SealBroken
from models.journal.opening import require_held
from models.journal.views import COPING_SECTIONS, EntryDraft
from models.session import Keyring

_KEPT = "_trellis_journal_unsaved"  # on the open database object: {owner: [(aad, blob)]}


@dataclass(frozen=True)
class UnsavedEntry:
    """One entry's words as they were typed: ``uuid`` None for an entry never saved."""

    uuid: str | None
    draft: EntryDraft


@dataclass(frozen=True)
class UnsavedJournal:
    """What :func:`take_unsaved` gives back: entries, oldest kept first (one per entry,
    its latest words), and the coping plan's sections (None when none were kept)."""

    entries: tuple[UnsavedEntry, ...] = ()
    plan: Mapping[str, str] | None = None

    def __bool__(self) -> bool:
        return bool(self.entries) or self.plan is not None


def _kept(create: bool) -> dict[int, list[tuple[bytes, bytes]]]:
    database = DB.obj
    if database is None:
        if create:
            raise NotUnlocked("no workbook file is open")
        return {}
    kept: dict[int, list[tuple[bytes, bytes]]] | None = getattr(database, _KEPT, None)
    if kept is None:
        kept = {}
        if create:
            setattr(database, _KEPT, kept)
    return kept


def _keep(keys: Keyring, owner: int, piece: dict[str, Any]) -> None:
    require_held(keys, owner)
    aad = crypto.aad_for("journal_unsaved", owner, crypto.new_key().hex())
    blob = crypto.seal(keys.journal_key(owner), json.dumps(piece).encode(), aad)
    _kept(create=True).setdefault(owner, []).append((aad, blob))


def keep_unsaved(keys: Keyring, owner: int, uuid: str | None, draft: EntryDraft) -> None:
    """Keep ``draft``, the words of ``owner``'s entry ``uuid`` (None for a new entry)
    that did not save, sealed with ``owner``'s journal key. Needs that key held
    (:class:`~models.proof.NeedsOwner` otherwise)."""
    _keep(keys, owner, {"kind": "entry", "uuid": uuid, "draft": asdict(draft)})


def keep_unsaved_plan(keys: Keyring, owner: int, sections: Mapping[str, str]) -> None:
    """Keep the coping plan's ``sections`` that did not save, as :func:`keep_unsaved`."""
    unknown = set(sections) - set(COPING_SECTIONS)
    if unknown:
        raise ValueError(f"unknown sections {sorted(unknown)}")
    _keep(keys, owner, {"kind": "plan", "sections": dict(sections)})


def _draft(data: Mapping[str, Any]) -> EntryDraft:
    safety = data.get("safety")
    return EntryDraft(
        title=str(data["title"]), body=str(data["body"]), prompt=str(data["prompt"]),
        feelings=tuple(str(f) for f in data["feelings"]),
        own_feelings=tuple(str(w) for w in data["own_feelings"]),
        safety=None if safety is None else int(safety),
        tags=tuple(str(t) for t in data["tags"]))


def take_unsaved(keys: Keyring, owner: int) -> UnsavedJournal:
    """``owner``'s kept words, opened with their journal key, and let go from here.

    Needs that key held (:class:`~models.proof.NeedsOwner` otherwise). A piece that does
    not open with it stays kept and is not returned.
    """
    require_held(keys, owner)
    kept = _kept(create=False)
    pieces = kept.get(owner, [])
    key = keys.journal_key(owner)
    entries: dict[str | int, UnsavedEntry] = {}
    plan: dict[str, str] | None = None
    left: list[tuple[bytes, bytes]] = []
    for number, (aad, blob) in enumerate(pieces):
        try:
            piece = json.loads(crypto.unseal(key, blob, aad))
            if piece["kind"] == "plan":
                plan = {str(k): str(v) for k, v in piece["sections"].items()
                        if k in COPING_SECTIONS}
                continue
            uuid = None if piece["uuid"] is None else str(piece["uuid"])
            # An entry's latest words replace its earlier ones; new entries stay apart.
            place: str | int = uuid if uuid is not None else number
            entries.pop(place, None)
            entries[place] = UnsavedEntry(uuid, _draft(piece["draft"]))
        except (SealBroken, ValueError, KeyError, TypeError):
            left.append((aad, blob))
    if left:
        kept[owner] = left
    else:
        kept.pop(owner, None)
    return UnsavedJournal(tuple(entries.values()), plan)
