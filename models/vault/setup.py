"""A new couple's keys and slots, made before the file is touched (pure, slow)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from models import crypto, keys
from models.errors import PasswordRejected
from models.keys import Argon2Cost, KeyBundle, SlotData

PARTNERS = (1, 2)


@dataclass(frozen=True)
class SetupPlan:
    """Everything a new vault needs, computed before the file is touched."""

    vault_id: str
    names: dict[int, str]
    bundles: dict[int, KeyBundle]
    slots: list[SlotData]
    recovery_keys: dict[int, bytes]


def prepare_setup(
    names: dict[int, str], passwords: dict[int, str], cost: Argon2Cost | None = None
) -> SetupPlan:
    """Make keys and slots for a new couple (slow: calibrates and runs Argon2id).

    ``cost=None`` calibrates to about half a second on this computer.
    """
    for partner in PARTNERS:
        keys.check_new_password(passwords[partner])
    if passwords[1] == passwords[2]:
        raise PasswordRejected("same_as_partner")
    cost = cost or keys.calibrate()
    vault_id = uuid.uuid4().hex
    workbook_key = crypto.new_key()
    bundles, slots, recovery_keys = {}, [], {}
    for partner in PARTNERS:
        bundle = KeyBundle(workbook_key, crypto.new_key())
        recovery = keys.new_recovery_key()
        bundles[partner] = bundle
        recovery_keys[partner] = recovery
        slots.append(keys.seal_password_slot(vault_id, partner, passwords[partner], bundle, cost))
        slots.append(keys.seal_recovery_slot(vault_id, partner, recovery, bundle))
    return SetupPlan(vault_id, dict(names), bundles, slots, recovery_keys)
