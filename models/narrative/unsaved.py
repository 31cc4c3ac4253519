"""Story words whose save failed as the private pages closed or Trellis locked, kept
sealed under their owner's own journal key until that owner's story opens again.

A page that could not save (a full disk, a file that cannot be written) hands what it
holds to :func:`keep_unsaved` while its owner's key is still held; :func:`take_unsaved`
opens them only with that key held again (their session alone, or their story opened
with their fresh password) and lets them go from here. The other partner's keys open
none of them, and nothing here answers whether the other partner has any.

Kept in memory, never as a row (a new row would fail as the save did), on the open
database object, as the journal's are (:mod:`models.kept_private`): closing Trellis
lets them go.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from models.kept_private import keep_sealed, take_sealed
from models.narrative.drafts import require_held
from models.narrative.views import FIELDS, KINDS, PAGES
from models.session import Keyring

_LABEL = "narrative_unsaved"


@dataclass(frozen=True)
class UnsavedDraft:
    """One draft's words as they were typed: ``uuid`` None for one never saved."""

    kind: str  # one of KINDS
    uuid: str | None
    fields: Mapping[str, str]  # the fields the page writes, as typed


def keep_unsaved(keys: Keyring, owner: int, kind: str, uuid: str | None,
                 fields: Mapping[str, str]) -> None:
    """Keep ``fields``, the words of ``owner``'s draft ``uuid`` of ``kind`` (None for
    one never saved) that did not save, sealed with ``owner``'s journal key. ValueError
    for an unknown kind or field; :class:`~models.proof.NeedsOwner` without that key.

    The values are kept as typed, unchecked (a date that does not read yet is still
    their words); :func:`~models.narrative.save_draft` checks them when they are saved.
    """
    require_held(keys, owner)
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    unknown = set(fields) - set(FIELDS[kind])
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    keep_sealed(keys, owner, _LABEL, {"kind": kind, "uuid": uuid,
                                      "fields": {k: str(v) for k, v in fields.items()}})


def _piece(piece: Mapping[str, Any]) -> UnsavedDraft:
    kind = str(piece["kind"])
    if kind not in KINDS:
        raise ValueError("an unknown kind of piece")
    fields = {str(k): str(v) for k, v in piece["fields"].items() if k in FIELDS[kind]}
    return UnsavedDraft(kind, None if piece["uuid"] is None else str(piece["uuid"]), fields)


def take_unsaved(keys: Keyring, owner: int) -> tuple[UnsavedDraft, ...]:
    """``owner``'s kept words, opened with their journal key, and let go from here:
    one piece per draft (its latest words; a page of PAGES is one draft whatever its
    uuid), pieces never saved of a list kept apart, in the order they were first kept.

    Needs that key held (:class:`~models.proof.NeedsOwner` otherwise). A piece that does
    not open with it stays kept and is not returned.
    """
    require_held(keys, owner)
    drafts: dict[tuple[str, str | int], UnsavedDraft] = {}
    for number, piece in enumerate(take_sealed(keys, owner, _LABEL, _piece)):
        place: str | int = "page" if piece.kind in PAGES else (
            piece.uuid if piece.uuid is not None else number)
        earlier = drafts.get((piece.kind, place))
        if earlier is not None and piece.uuid is None:
            piece = UnsavedDraft(piece.kind, earlier.uuid, piece.fields)  # the page it was
        drafts[(piece.kind, place)] = piece  # later words replace earlier, in its place
    return tuple(drafts.values())
