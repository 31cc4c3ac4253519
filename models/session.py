"""Who is unlocked right now, and the keys that came with them.

A :class:`Session` is either *solo* (one partner) or *together* (both typed their own
password). ``lock()`` drops every key; Python cannot promise the bytes are wiped from
memory, so the keys are held in one place only and every reference is let go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from models import crypto
from models.damage import Damage
from models.errors import NotUnlocked
from models.keys import KeyBundle

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM


class Keyring:
    """The keys one session holds: the shared workbook key and unlocked journal keys.

    It also holds what is worth keeping only while these keys are held (:meth:`memo`):
    a cipher object per key, which chains of facts were already verified, where a
    partner's own rows are. All of it goes with the keys (:meth:`clear`), and what
    belongs to one partner's private rows goes when their key does
    (:meth:`forget_journal`), so nothing opened outlives the key that opened it.
    """

    def __init__(self, bundles: dict[int, KeyBundle]) -> None:
        self._workbook: bytes | None = None
        self._journals: dict[int, bytes] = {}
        self._ciphers: dict[bytes, AESGCM] = {}
        self._memos: dict[tuple[str, int | None], dict[Any, Any]] = {}
        for partner, bundle in bundles.items():
            self._workbook = bundle.workbook_key
            self._journals[partner] = bundle.journal_key

    @classmethod
    def shared_only(cls, workbook_key: bytes) -> Keyring:
        """The workbook key alone, for a reader of shared records that must hold no
        partner's journal key (an export built in a child process)."""
        ring = cls({})
        ring._workbook = workbook_key
        return ring

    def cipher(self, key: bytes) -> AESGCM:
        """One reusable AES-GCM object per key (making one per record showed in
        profiles of loading 10,000 agreements)."""
        aead = self._ciphers.get(key)
        if aead is None:
            aead = self._ciphers[key] = crypto.cipher(key)
        return aead

    def memo(self, name: str, owner: int | None = None) -> dict[Any, Any]:
        """Working memory named ``name`` that lives as long as these keys: cleared by
        :meth:`clear`, and, for an ``owner``'s private rows, when that partner's journal
        key is let go or replaced. Only ever a speed-up: whoever reads it checks it
        against the file (see :mod:`models.ledger`)."""
        return self._memos.setdefault((name, owner), {})

    def workbook_key(self) -> bytes:
        if self._workbook is None:
            raise NotUnlocked("no one is unlocked")
        return self._workbook

    def journal_key(self, partner: int) -> bytes:
        key = self._journals.get(partner)
        if key is None:
            raise NotUnlocked(f"partner {partner}'s journal is not unlocked")
        return key

    def forgetful(self) -> Keyring:
        """The same keys, remembering nothing: for a check that must read and verify
        everything afresh (:mod:`models.file_check`). Clear it when done."""
        ring = Keyring({})
        ring._workbook = self._workbook
        ring._journals = dict(self._journals)
        return ring

    def holds_journal(self, partner: int) -> bool:
        return partner in self._journals

    def hold_journal(self, partner: int, journal_key: bytes) -> None:
        """Keep ``partner``'s journal key for a moment (after a fresh proof); let it go
        with :meth:`forget_journal` when the private view closes."""
        if self._journals.get(partner) != journal_key:
            self._forget_private(partner)
        self._journals[partner] = journal_key

    def forget_journal(self, partner: int) -> None:
        key = self._journals.pop(partner, None)
        if key is not None and key not in self._journals.values() and key != self._workbook:
            self._ciphers.pop(key, None)
        self._forget_private(partner)

    def _forget_private(self, partner: int) -> None:
        for name in [name for name in self._memos if name[1] == partner]:
            del self._memos[name]

    def clear(self) -> None:
        self._workbook = None
        self._journals.clear()
        self._ciphers.clear()
        self._memos.clear()


@dataclass
class Session:
    """An unlocked stretch of use. Create through :mod:`models.vault`."""

    partners: tuple[int, ...]
    keyring: Keyring
    names: dict[int, str] = field(default_factory=dict)
    names_damaged: list[Damage] = field(default_factory=list)  # names that did not open

    @property
    def together(self) -> bool:
        return len(self.partners) == 2

    @property
    def locked(self) -> bool:
        return not self.partners

    def name_of(self, partner: int) -> str:
        return self.names.get(partner, "")

    def lock(self) -> None:
        """Forget every key and every decrypted name."""
        self.keyring.clear()
        self.names.clear()
        self.partners = ()
