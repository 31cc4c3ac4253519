"""Whose private rows are open: the owner's journal key held in the session's keyring.

One key opens all of a partner's private words (their journal, their drafts in every
workbook), so one step opens them. Alone, the partner who unlocked holds their own
journal key for the whole session. In a together session no journal key is held: the UI
asks the owner's password at that moment (:func:`models.proof.prove`) and calls
:func:`open_journal`, then :func:`close_journal` when the workbook closes (lock, idle,
another tab). Every reading or writing function checks :func:`require_held` first.
"""

from __future__ import annotations

from models import ledger
from models.damage import RecordDamaged
from models.keys import KeyBundle
from models.proof import FreshProof, NeedsOwner, require_owner
from models.session import Keyring

# The keyring's memo that says a journal key came from open_journal (so close_journal
# may let it go); it goes with the key itself (Keyring.forget_journal, hold_journal).
_OPENED = "journal opened with a proof"


def require_held(keys: Keyring, owner: int) -> None:
    """Raise :class:`NeedsOwner` unless ``keys`` holds ``owner``'s journal key."""
    if not keys.holds_journal(owner):
        raise NeedsOwner(f"partner {owner}'s journal is not open")


def open_journal(keys: Keyring, owner: int, proof: FreshProof | None) -> None:
    """Hold ``owner``'s journal key, from their fresh ``proof``, until
    :func:`close_journal`. Raises :class:`NeedsOwner` for anyone else's or a stale proof."""
    journal_key = require_owner(keys, proof, owner)
    if keys.holds_journal(owner) and keys.journal_key(owner) == journal_key:
        return  # held already (their session alone, or open): closing leaves it so
    try:  # a proof carrying someone else's key (never one prove() made) opens nothing
        ledger.check_own_key(keys, owner, journal_key)
    except RecordDamaged as exc:
        raise NeedsOwner(f"not partner {owner}'s own key") from exc
    keys.hold_journal(owner, journal_key)
    keys.memo(_OPENED, owner)["opened"] = True


def close_journal(keys: Keyring, owner: int) -> None:
    """Let go of ``owner``'s journal key if :func:`open_journal` took it; a key the
    session held before (the partner who unlocked alone) stays."""
    if keys.holds_journal(owner) and keys.memo(_OPENED, owner).get("opened"):
        keys.forget_journal(owner)


def proof_keyring(keys: Keyring, owner: int, proof: FreshProof | None) -> Keyring:
    """A keyring for one step that opens ``owner``'s rows with their fresh ``proof``
    only, whatever the session holds (an export always asks the password again)."""
    journal_key = require_owner(keys, proof, owner)
    return Keyring({owner: KeyBundle(keys.workbook_key(), journal_key)})
