"""Who is unlocked right now, and the keys that came with them.

A :class:`Session` is either *solo* (one partner) or *together* (both typed their own
password). ``lock()`` drops every key; Python cannot promise the bytes are wiped from
memory, so the keys are held in one place only and every reference is let go.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from models.damage import Damage
from models.errors import NotUnlocked
from models.keys import KeyBundle


class Keyring:
    """The keys one session holds: the shared workbook key and unlocked journal keys."""

    def __init__(self, bundles: dict[int, KeyBundle]) -> None:
        self._workbook: bytes | None = None
        self._journals: dict[int, bytes] = {}
        for partner, bundle in bundles.items():
            self._workbook = bundle.workbook_key
            self._journals[partner] = bundle.journal_key

    def workbook_key(self) -> bytes:
        if self._workbook is None:
            raise NotUnlocked("no one is unlocked")
        return self._workbook

    def journal_key(self, partner: int) -> bytes:
        key = self._journals.get(partner)
        if key is None:
            raise NotUnlocked(f"partner {partner}'s journal is not unlocked")
        return key

    def holds_journal(self, partner: int) -> bool:
        return partner in self._journals

    def hold_journal(self, partner: int, journal_key: bytes) -> None:
        """Keep ``partner``'s journal key for a moment (after a fresh proof); let it go
        with :meth:`forget_journal` when the private view closes."""
        self._journals[partner] = journal_key

    def forget_journal(self, partner: int) -> None:
        self._journals.pop(partner, None)

    def clear(self) -> None:
        self._workbook = None
        self._journals.clear()


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
