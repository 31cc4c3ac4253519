"""Names for the roles: the partner who was hurt, and the partner who caused the hurt.

Optional, set together: naming them needs both partners' fresh passwords and is signed
by both (``BOTH``); either partner may stop using them at any time (``ONE``), and they
can be named again (perhaps differently) later. The screens show the letter to the
partner who caused the hurt and the impact statement to the partner who was hurt when
the roles are named, and both to each when they are not.
"""

from __future__ import annotations

from collections.abc import Iterable

from models.damage import RecordDamaged
from models.db import writing
from models.narrative import facts
from models.narrative.views import Roles
from models.proof import FreshProof, require_both
from models.session import Keyring


def load_roles(keys: Keyring) -> Roles:
    """The roles as named, or not named. Roles whose facts do not verify read as not
    named (each partner then sees every page); the file check reports the damage."""
    try:
        state = facts.roles(keys)
    except RecordDamaged:
        return Roles(None, None)
    named_at = None if state.named_at is None else state.named_at.astimezone()
    return Roles(state.hurt, named_at)


def name_roles(keys: Keyring, proofs: Iterable[FreshProof | None], hurt: int) -> Roles:
    """Name ``hurt`` the partner who was hurt (the other caused the hurt): both partners'
    fresh proofs (:class:`~models.proof.NeedsBoth` otherwise), signed by both."""
    if hurt not in (1, 2):
        raise ValueError("not a partner")
    both = require_both(keys, proofs)
    with writing():
        facts.record(keys, facts.ROLES, "named",
                     sign_with={p: proof.bundle.journal_key for p, proof in both.items()},
                     hurt=hurt)
    return load_roles(keys)


def clear_roles(keys: Keyring, partner: int) -> Roles:
    """``partner`` stops using the names (either partner, no password)."""
    if partner not in (1, 2):
        raise ValueError("not a partner")
    if facts.roles(keys).hurt is not None:
        with writing():
            facts.record(keys, facts.ROLES, "cleared", by=partner)
    return load_roles(keys)
