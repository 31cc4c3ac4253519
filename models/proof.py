"""Fresh proofs: a partner typed their own password a moment ago.

Private things (consent answers, private ratings, later the journal and drafts) open in
a together session only with their owner's :class:`FreshProof`, and every step that
loosens a boundary needs one from each partner. The UI asks for the password in a
dialog that names the partner, runs :func:`prove` off the GUI thread, and hands the
proof to the model function, which checks it with :func:`require_owner` or
:func:`require_both`. One path for every workbook.

A proof is only as good as the moment it was made: it goes stale after
``FRESH_SECONDS`` and is never stored.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from models import keys as key_module
from models.errors import SealBroken, TrellisError, WrongPassword
from models.keys import KeyBundle, SlotData
from models.session import Keyring

FRESH_SECONDS = 120.0


class NeedsOwner(TrellisError):
    """A private thing was asked for without its owner's fresh password."""

    key = "needs_owner"


class NeedsBoth(TrellisError):
    """A step that loosens a boundary was asked for without both fresh passwords."""

    key = "needs_both"


@dataclass(frozen=True, eq=False)
class FreshProof:
    """``partner`` opened their own password slot at ``made_at`` (monotonic seconds)."""

    partner: int
    bundle: KeyBundle = field(repr=False)
    made_at: float = field(default_factory=time.monotonic)

    def is_fresh(self, now: float | None = None) -> bool:
        moment = time.monotonic() if now is None else now
        return 0 <= moment - self.made_at <= FRESH_SECONDS


def prove(slot: SlotData, password: str) -> FreshProof:
    """Check ``password`` against one partner's password slot (slow: Argon2id).

    Pure and thread-safe: read the slot on the GUI thread, prove on a worker.
    Raises :class:`WrongPassword` when it is not that partner's password.
    """
    if slot.kind != "password":
        raise ValueError("a proof needs a password slot")
    try:
        bundle = key_module.open_password_slot(slot, password)
    except SealBroken as exc:
        raise WrongPassword("not this partner's password") from exc
    return FreshProof(slot.partner, bundle)


def _check(keys: Keyring, proof: FreshProof) -> None:
    if not proof.is_fresh():
        raise NeedsOwner("stale")
    if proof.bundle.workbook_key != keys.workbook_key():
        raise NeedsOwner("from another vault")


def require_owner(keys: Keyring, proof: FreshProof | None, partner: int) -> bytes:
    """The journal key of ``partner``, if ``proof`` is theirs and fresh."""
    if proof is None or proof.partner != partner:
        raise NeedsOwner(f"partner {partner}'s own password is needed")
    _check(keys, proof)
    return proof.bundle.journal_key


def require_both(keys: Keyring, proofs: Iterable[FreshProof | None]) -> dict[int, FreshProof]:
    """Both partners' fresh proofs, by partner; raises :class:`NeedsBoth` otherwise."""
    by_partner: dict[int, FreshProof] = {}
    for proof in proofs:
        if proof is None:
            continue
        try:
            _check(keys, proof)
        except NeedsOwner as exc:
            raise NeedsBoth(str(exc)) from exc
        by_partner[proof.partner] = proof
    if set(by_partner) != {1, 2}:
        raise NeedsBoth("both partners' passwords are needed")
    return by_partner
