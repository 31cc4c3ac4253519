"""What exists of one partner's need drafts, counted under their own key.

As for the narrative drafts (:mod:`models.narrative.counting`): each owner's drafts
have their own :mod:`models.manifest` count, so a removed draft, or one moved in from
the other partner, is damage when the owner's drafts are read. A file from before the
needs map gets the count, empty, the first time the owner's key is at hand, and a fact
in the ``needs/counted`` stream says so; from then on a missing count is damage.
"""

from __future__ import annotations

from collections.abc import Iterable

from models import ledger, manifest
from models.db import DB, writing
from models.needs.tables import NeedDraftRow
from models.session import Keyring

COUNTED = NeedDraftRow._meta.table_name
STREAM = "needs/counted"
_MEMO = "needs drafts counted"


def draft_uuids(owner: int) -> list[str]:
    """The uuids of ``owner``'s draft rows, from the plain index (nothing opened)."""
    rows = DB.execute_sql(f"SELECT uuid FROM {COUNTED} WHERE owner = ?", (owner,)).fetchall()
    return [str(uuid) for (uuid,) in rows]


def started(keys: Keyring, owner: int) -> bool:
    """True once ``owner``'s count exists (a fact says so); reads only."""
    memo = keys.memo(_MEMO, owner)
    if not memo.get("started"):
        facts = ledger.verify(keys, STREAM)
        memo["started"] = any(fact.kind == "counted" and fact.get("owner") == owner
                              for fact in facts)
    return bool(memo["started"])


def start(keys: Keyring, owner: int) -> None:
    """Make ``owner``'s count once (from the rows there are: none before their first
    save) and note in the ledger that it exists."""
    if started(keys, owner):
        return
    with writing():
        manifest.note(keys, owner, COUNTED, added=draft_uuids(owner))
        ledger.append(keys, STREAM, "counted", owner=owner)
    keys.memo(_MEMO, owner)["started"] = True


def check(keys: Keyring, owner: int, present: Iterable[str]) -> None:
    """Compare ``present`` (every draft row of ``owner``) with their count; raises
    :class:`~models.damage.RecordDamaged` on a difference."""
    start(keys, owner)
    manifest.check(keys, owner, COUNTED, present)


def note(keys: Keyring, owner: int, added: Iterable[str] = (),
         removed: Iterable[str] = ()) -> None:
    """Count drafts added or removed (inside the caller's transaction; call
    :func:`start` before the rows change)."""
    manifest.note(keys, owner, COUNTED, added=added, removed=removed)
