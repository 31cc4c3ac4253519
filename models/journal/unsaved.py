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
The sealing and keeping are :mod:`models.kept_private`'s, shared with the narrative's
private pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from models.journal.opening import require_held
from models.journal.views import COPING_SECTIONS, EntryDraft
from models.kept_private import attribute, keep_sealed, take_sealed
from models.session import Keyring

_LABEL = "journal_unsaved"
_KEPT = attribute(_LABEL)  # on the open database object: {owner: [(aad, blob)]}


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


def _keep(keys: Keyring, owner: int, piece: dict[str, Any]) -> None:
    require_held(keys, owner)
    keep_sealed(keys, owner, _LABEL, piece)


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
    entries: dict[str | int, UnsavedEntry] = {}
    plan: dict[str, str] | None = None
    for number, piece in enumerate(take_sealed(keys, owner, _LABEL, _piece)):
        if isinstance(piece, UnsavedEntry):
            # An entry's latest words replace its earlier ones; new entries stay apart.
            place: str | int = piece.uuid if piece.uuid is not None else number
            entries.pop(place, None)
            entries[place] = piece
        else:
            plan = piece
    return UnsavedJournal(tuple(entries.values()), plan)


def _piece(piece: Mapping[str, Any]) -> UnsavedEntry | dict[str, str]:
    """One kept piece as it was kept: an entry, or the coping plan's sections."""
    if piece["kind"] == "plan":
        return {str(k): str(v) for k, v in piece["sections"].items() if k in COPING_SECTIONS}
    uuid = None if piece["uuid"] is None else str(piece["uuid"])
    return UnsavedEntry(uuid, _draft(piece["draft"]))
