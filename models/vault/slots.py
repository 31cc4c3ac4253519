"""The key slots of an open vault, and the count of failed unlock tries.

A part of :class:`models.vault.Vault` (it inherits these methods): a slot a partner
can try, one re-wrapped after a password change, and the back-off counter kept in the
file so that restarting does not reset it.
"""

from __future__ import annotations

import logging
import sqlite3

import peewee

from models.db import DB, writing
from models.errors import SealBroken, TrellisError, VaultDamaged
from models.keys import KdfParams, KeyBundle, SlotData, SlotKind
from models.schema import KeySlot, VaultFact
from models.vault.password_change import prepare_password_change, prepare_reset
from models.vault.setup import PARTNERS

# A plain VaultFact: it tells someone holding the file only how many tries failed.
FAILED_UNLOCKS = "failed_unlocks"
_MAX_COUNTED_FAILURES = 10_000

log = logging.getLogger(__name__)


class PasswordNotChanged(TrellisError):
    """The new key slot was not saved: the current password still opens Trellis."""

    key = "password_not_changed"


class PasswordChangedNotTidied(TrellisError):
    """The new password is saved, but the old slot's bytes could not be purged from the
    file yet (the checkpoint failed); closing the vault tries again."""

    key = "password_changed_not_tidied"


class KeySlots:
    """Key slots and failed tries: the part of :class:`~models.vault.Vault` that lets
    someone in."""

    vault_id: str
    _database: peewee.SqliteDatabase

    def slots(self, kind: SlotKind) -> list[SlotData]:
        """The slots of ``kind`` that can be tried, by partner.

        A slot whose stored parameters are unreadable or out of bounds is left out: it
        could not open anyway, and it must not stop the other partner's slot.
        """
        try:
            rows = DB.execute_sql(
                "SELECT partner, CAST(kdf AS BLOB), sealed FROM key_slot WHERE kind = ?"
                " ORDER BY partner",
                (kind,),
            ).fetchall()
        except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
            raise VaultDamaged(type(exc).__name__) from exc
        found = []
        for partner, kdf, sealed in rows:
            if type(partner) is not int or partner not in PARTNERS:
                continue
            if not isinstance(sealed, bytes) or not isinstance(kdf, bytes):
                continue
            try:
                params = KdfParams.from_json(kdf)
            except SealBroken:
                log.info("partner %d's %s slot is damaged", partner, kind)
                continue
            found.append(SlotData(self.vault_id, partner, kind, params, sealed))
        return found

    def find_slot(self, partner: int, kind: SlotKind) -> SlotData | None:
        """``partner``'s slot of ``kind``, or ``None`` when it is missing or damaged."""
        for slot in self.slots(kind):
            if slot.partner == partner:
                return slot
        return None

    def slot_of(self, partner: int, kind: SlotKind) -> SlotData:
        slot = self.find_slot(partner, kind)
        if slot is None:
            raise VaultDamaged(f"no usable {kind} slot for partner {partner}")
        return slot

    def replace_slot(self, slot: SlotData) -> None:
        """Store a re-wrapped slot, then purge the old one's bytes from file and WAL.

        Says exactly what happened: :class:`PasswordNotChanged` when the new slot was
        not saved (the old password still works), :class:`PasswordChangedNotTidied`
        when it was saved but the old bytes could not be purged yet. A damaged or
        missing slot is written anew.
        """
        try:
            with writing():
                changed = KeySlot.update(kdf=slot.kdf.to_json(), sealed=slot.sealed).where(
                    (KeySlot.partner == slot.partner) & (KeySlot.kind == slot.kind)
                ).execute()
                if not changed:
                    KeySlot.create(partner=slot.partner, kind=slot.kind,
                                   kdf=slot.kdf.to_json(), sealed=slot.sealed)
        except TrellisError as exc:
            raise PasswordNotChanged(exc.key) from exc
        # secure_delete zeroed the old cell in the new page image; a truncating
        # checkpoint moves that image into the file and empties the WAL.
        try:
            busy = self._database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except (peewee.DatabaseError, sqlite3.DatabaseError, OSError) as exc:
            raise PasswordChangedNotTidied(type(exc).__name__) from exc
        if busy:
            raise PasswordChangedNotTidied("checkpoint busy")

    def change_password(self, partner: int, old: str, new: str) -> None:
        """Re-wrap ``partner``'s slot under a new password (slow; the old one must fit).

        Keeps the slot's cost. The recovery key is untouched and still works.
        """
        slot = self.slot_of(partner, "password")
        other = self.find_slot(3 - partner, "password")
        self.replace_slot(prepare_password_change(slot, other, old, new))

    def reset_password(self, recovery_text: str, new: str) -> tuple[int, KeyBundle]:
        """Set a new password for whoever's recovery key this is (slow)."""
        partner, bundle, slot = prepare_reset(
            self.slots("recovery"), self.slots("password"), recovery_text, new
        )
        self.replace_slot(slot)
        return partner, bundle

    # failed tries, kept in the file so that restarting does not reset the back-off

    def failed_unlocks(self) -> int:
        """How many unlock tries failed since the last one that opened."""
        try:
            row = VaultFact.get_or_none(VaultFact.name == FAILED_UNLOCKS)
            count = int(row.value) if row is not None else 0
        except (peewee.DatabaseError, sqlite3.DatabaseError, ValueError, TypeError):
            return 0
        return max(0, min(count, _MAX_COUNTED_FAILURES))

    def note_failed_unlock(self) -> int:
        """Count one more failed try; returns the new count."""
        count = min(self.failed_unlocks() + 1, _MAX_COUNTED_FAILURES)
        with writing():
            VaultFact.insert(name=FAILED_UNLOCKS, value=str(count)).on_conflict_replace().execute()
        return count

    def clear_failed_unlocks(self) -> None:
        """Someone got in: the back-off starts again from nothing."""
        if self.failed_unlocks():
            with writing():
                VaultFact.delete().where(VaultFact.name == FAILED_UNLOCKS).execute()
