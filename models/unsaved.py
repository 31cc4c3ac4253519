"""Words that could not be saved when the session locked, kept sealed in memory only.

When the last save fails at lock (a full disk, a file that cannot be written), the
words are sealed with the workbook key before the keyring is cleared, so nothing
readable stays behind while Trellis is locked. They open again only in a session of the
same partners who were there, and never touch the disk: closing Trellis lets them go.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from models import crypto
from models.errors import TrellisError
from models.session import Keyring


@dataclass(frozen=True)
class UnsavedWords:
    """One agreement's fields that did not save, and who was writing."""

    agreement: str  # uuid
    title: str
    fields: dict[str, str]
    writer: int


@dataclass(frozen=True)
class SealedWords:
    """:class:`UnsavedWords` sealed under the workbook key, for ``partners`` only."""

    partners: tuple[int, ...]
    blob: bytes
    aad: bytes


def seal_words(keys: Keyring, partners: tuple[int, ...],
               pieces: list[UnsavedWords]) -> SealedWords:
    """Seal ``pieces`` while ``keys`` still hold the workbook key (before the lock)."""
    aad = crypto.aad_for("unsaved", *partners, crypto.new_key().hex())
    plain = json.dumps([piece.__dict__ for piece in pieces]).encode()
    return SealedWords(tuple(sorted(partners)), crypto.seal(keys.workbook_key(), plain, aad),
                       aad)


def open_words(keys: Keyring, partners: tuple[int, ...],
               sealed: SealedWords) -> list[UnsavedWords] | None:
    """The kept words, for a session of exactly the partners who wrote them; None for
    anyone else or when they do not open (the workbook key changed meanwhile)."""
    if tuple(sorted(partners)) != sealed.partners:
        return None
    try:
        plain = crypto.unseal(keys.workbook_key(), sealed.blob, sealed.aad)
        pieces = json.loads(plain)
        return [UnsavedWords(str(p["agreement"]), str(p["title"]),
                             {str(k): str(v) for k, v in p["fields"].items()}, int(p["writer"]))
                for p in pieces]
    except (TrellisError, ValueError, KeyError, TypeError):
        return None
