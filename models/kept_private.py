"""Private words whose save failed, kept sealed in memory under their owner's journal key.

The private journal (:mod:`models.journal.unsaved`) and the narrative's private pages
(:mod:`models.narrative.unsaved`) both keep the words a failed save could not write as
the private part closed or Trellis locked, for their owner alone to get back. This is
the part they share: each piece is JSON sealed with the owner's journal key, with a
label of its own (``journal_unsaved``, ``narrative_unsaved``) in its associated data,
and opened only while that key is held again.

Kept in memory, never as a row: the saves this is for failed because the file could not
be written (a full disk, a write error), and a new row would fail the same way. The
pieces hang off the open database object (one attribute per label), so they last while
this file is open in this process; closing Trellis lets them go.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from models import crypto
from models.db import DB
from models.errors import NotUnlocked, SealBroken
from models.proof import NeedsOwner
from models.session import Keyring

T = TypeVar("T")
Sealed = tuple[bytes, bytes]  # (associated data, sealed bytes)


def attribute(label: str) -> str:
    """The open database object's attribute that holds the pieces kept under ``label``:
    ``{owner: [(aad, blob), ...]}``, oldest first."""
    return f"_trellis_{label}"


def _kept(label: str, create: bool) -> dict[int, list[Sealed]]:
    database = DB.obj
    if database is None:
        if create:
            raise NotUnlocked("no workbook file is open")
        return {}
    kept: dict[int, list[Sealed]] | None = getattr(database, attribute(label), None)
    if kept is None:
        kept = {}
        if create:
            setattr(database, attribute(label), kept)
    return kept


def _require_held(keys: Keyring, owner: int) -> None:
    if not keys.holds_journal(owner):
        raise NeedsOwner(f"partner {owner}'s journal key is not held")


def keep_sealed(keys: Keyring, owner: int, label: str, piece: Mapping[str, Any]) -> None:
    """Seal ``piece`` (JSON) with ``owner``'s journal key and keep it in memory under
    ``label``. Needs that key held (:class:`~models.proof.NeedsOwner` otherwise)."""
    _require_held(keys, owner)
    aad = crypto.aad_for(label, owner, crypto.new_key().hex())
    blob = crypto.seal(keys.journal_key(owner), json.dumps(dict(piece)).encode(), aad)
    _kept(label, create=True).setdefault(owner, []).append((aad, blob))


def take_sealed(keys: Keyring, owner: int, label: str,
                read: Callable[[Mapping[str, Any]], T]) -> list[T]:
    """``owner``'s pieces kept under ``label``, oldest first, each opened with their
    journal key and turned into what the caller keeps by ``read``; they are let go from
    here. A piece that does not open with that key, or that ``read`` refuses (ValueError,
    KeyError, TypeError), stays kept and is not returned. Needs the key held."""
    _require_held(keys, owner)
    kept = _kept(label, create=False)
    key = keys.journal_key(owner)
    taken: list[T] = []
    left: list[Sealed] = []
    for aad, blob in kept.get(owner, []):
        try:
            taken.append(read(json.loads(crypto.unseal(key, blob, aad))))
        except (SealBroken, ValueError, KeyError, TypeError):
            left.append((aad, blob))
    if left:
        kept[owner] = left
    else:
        kept.pop(owner, None)
    return taken
