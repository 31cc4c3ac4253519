"""What exists of one partner's journal, counted under their own key.

An owner's entries and their coping plan are counted together in one
:mod:`models.manifest` count (named for the journal's table), so a removed entry, a
removed plan or a row moved in from the other partner is damage wherever either is
read, and a file from before the coping plan needs no count of its own to start from.
"""

from __future__ import annotations

from collections.abc import Iterable

from models import manifest
from models.journal.tables import CopingPlanRow, JournalEntry
from models.session import Keyring

COUNTED = JournalEntry._meta.table_name


def plan_uuids(owner: int) -> list[str]:
    return manifest.owner_uuids(CopingPlanRow._meta.table_name, owner)


def entry_uuids(owner: int) -> list[str]:
    return manifest.owner_uuids(COUNTED, owner)


def check(keys: Keyring, owner: int, entries: Iterable[str] | None = None,
          plans: Iterable[str] | None = None) -> None:
    """Compare every journal row of ``owner`` with their count; the uuids already read
    may be passed in. Raises :class:`~models.damage.RecordDamaged` on a difference."""
    present = list(entry_uuids(owner) if entries is None else entries)
    present += plan_uuids(owner) if plans is None else plans
    manifest.check(keys, owner, COUNTED, present)


def note(keys: Keyring, owner: int, added: Iterable[str] = (),
         removed: Iterable[str] = ()) -> None:
    """Count journal rows added or removed (inside the caller's transaction)."""
    manifest.note(keys, owner, COUNTED, added=added, removed=removed)
