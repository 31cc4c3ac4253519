"""Whose password or recovery key this is: each slot tried (pure, slow, any thread)."""

from __future__ import annotations

import threading

from models import keys
from models.errors import (
    PasswordRejected,
    SealBroken,
    TrellisError,
    WrongPassword,
    WrongRecoveryKey,
)
from models.keys import KeyBundle, SlotData


class UnlockCancelled(TrellisError):
    """The person stopped an unlock while the password was being checked."""

    key = "unlock_cancelled"


def try_password(
    slots: list[SlotData], password: str, cancel: threading.Event | None = None
) -> tuple[int, KeyBundle]:
    """Find whose password this is (slow: one Argon2id per slot).

    No name is stored in the clear, so the password itself says who is here. Every
    slot is tried even after one opened, so the time taken does not say whose password
    it was. Only slots asking for different costs (Trellis always gives both the same:
    one was edited) are tried cheapest first, stopping at the first that opens, so an
    edited slot cannot slow the other partner's unlock. ``cancel`` is checked before
    each slot: once set, :class:`UnlockCancelled` is raised.
    """
    even = len({(s.kdf.memory_kib, s.kdf.iterations, s.kdf.lanes) for s in slots}) <= 1
    order = slots if even else sorted(slots, key=lambda slot: slot.kdf.work())
    found: tuple[int, KeyBundle] | None = None
    for slot in order:
        if cancel is not None and cancel.is_set():
            raise UnlockCancelled("stopped while checking")
        try:
            bundle = keys.open_password_slot(slot, password)
        except SealBroken:
            continue
        if found is None:
            found = (slot.partner, bundle)
        if not even:
            break
    if found is None:
        raise WrongPassword("no slot opened")
    return found


def try_two_passwords(
    slots: list[SlotData], first: str, second: str, cancel: threading.Event | None = None
) -> dict[int, KeyBundle]:
    """Open a *together* session: each partner typed their own password (slow).

    The first password is tried against every slot (so the time says nothing about
    who typed first), the second against the other partner's. Raises
    :class:`WrongPassword` with ``which`` set to "first" or "second", or
    :class:`PasswordRejected` ("same_person") when both passwords are one partner's.
    """
    try:
        partner, bundle = try_password(slots, first, cancel)
    except WrongPassword as exc:
        raise WrongPassword("first") from exc
    others = [slot for slot in slots if slot.partner != partner]
    try:
        other, other_bundle = try_password(others, second, cancel)
    except WrongPassword as exc:
        if second == first:
            raise PasswordRejected("same_person") from exc
        mine = [slot for slot in slots if slot.partner == partner]
        try:
            try_password(mine, second, cancel)
        except WrongPassword:
            raise WrongPassword("second") from exc
        raise PasswordRejected("same_person") from exc
    return {partner: bundle, other: other_bundle}


def try_recovery_key(slots: list[SlotData], text: str) -> tuple[int, KeyBundle]:
    """Find whose recovery key this is; raises :class:`WrongRecoveryKey`."""
    raw = keys.parse_recovery_key(text)
    if raw is not None:
        for slot in slots:
            try:
                return slot.partner, keys.open_recovery_slot(slot, raw)
            except SealBroken:
                continue
    raise WrongRecoveryKey("no slot opened")
