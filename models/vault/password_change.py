"""A new password slot for a partner: after the old password, or their recovery key.

The slow parts (Argon2id) are pure functions any thread can run; storing the new slot
is :meth:`models.vault.Vault.replace_slot`.
"""

from __future__ import annotations

from models import keys
from models.errors import PasswordRejected, SealBroken, WrongPassword
from models.keys import Argon2Cost, KeyBundle, SlotData
from models.vault.unlocking import try_recovery_key


def rewrap_password(
    slot: SlotData, bundle: KeyBundle, new_password: str, cost: Argon2Cost
) -> SlotData:
    """A fresh password slot (new salt) for the same bundle (slow)."""
    keys.check_new_password(new_password)
    return keys.seal_password_slot(slot.vault_id, slot.partner, new_password, bundle, cost)


def prepare_password_change(
    slot: SlotData, other: SlotData | None, old: str, new: str
) -> SlotData:
    """The re-wrapped slot for a password change (slow; pure, any thread).

    Raises :class:`WrongPassword` if ``old`` does not open ``slot`` and
    :class:`PasswordRejected` if ``new`` is weak or opens the other partner's slot.
    ``other`` is ``None`` when the other partner's slot is damaged: no password opens
    it, so there is nothing to compare with.
    """
    try:
        bundle = keys.open_password_slot(slot, old)
    except SealBroken as exc:
        raise WrongPassword("current password did not fit") from exc
    _check_not_partners(other, new)
    return rewrap_password(slot, bundle, new, cost_of(slot))


def prepare_reset(
    recovery_slots: list[SlotData], password_slots: list[SlotData], recovery_text: str, new: str
) -> tuple[int, KeyBundle, SlotData]:
    """Who the recovery key belongs to, their bundle and their new password slot (slow).

    Also mends a partner's damaged password slot: the new one is written in its place.
    """
    partner, bundle = try_recovery_key(recovery_slots, recovery_text)
    by_partner = {slot.partner: slot for slot in password_slots}
    _check_not_partners(by_partner.get(3 - partner), new)
    model = by_partner.get(partner) or by_partner.get(3 - partner)
    cost = cost_of(model) if model is not None else Argon2Cost()
    vault_id = recovery_slots[0].vault_id
    return partner, bundle, keys.seal_password_slot(vault_id, partner, new, bundle, cost)


def _check_not_partners(other: SlotData | None, password: str) -> None:
    """Refuse a password that opens the other partner's slot: it would blur who is who."""
    keys.check_new_password(password)
    if other is None:
        return
    try:
        keys.open_password_slot(other, password)
    except SealBroken:
        return
    raise PasswordRejected("same_as_partner")


def cost_of(slot: SlotData) -> Argon2Cost:
    return Argon2Cost(slot.kdf.memory_kib, slot.kdf.iterations, slot.kdf.lanes)
