"""Authenticated encryption for everything Trellis writes.

One format for every sealed value: a version byte, a fresh random 96-bit nonce, then
the AES-256-GCM ciphertext with its tag. The associated data is always supplied by the
caller and binds the ciphertext to where it lives, so a value copied elsewhere fails
to open.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from models.errors import SealBroken

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

FORMAT_V1 = 1
NONCE_BYTES = 12
KEY_BYTES = 32
_HEADER = 1 + NONCE_BYTES
_TAG_BYTES = 16


def new_key() -> bytes:
    """Return a fresh random 256-bit key."""
    import secrets  # not at start-up: the unlock window imports this module (#9)

    return secrets.token_bytes(KEY_BYTES)


def seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    """Encrypt ``plaintext`` under ``key``, bound to ``aad``."""
    return seal_with(cipher(key), plaintext, aad)


def seal_with(aead: AESGCM, plaintext: bytes, aad: bytes) -> bytes:
    """:func:`seal` with a cipher made once by :func:`cipher` (a fresh nonce each time)."""
    nonce = os.urandom(NONCE_BYTES)
    return bytes([FORMAT_V1]) + nonce + aead.encrypt(nonce, plaintext, aad)


def unseal(key: bytes, blob: bytes, aad: bytes) -> bytes:
    """Decrypt a value made by :func:`seal`.

    Raises :class:`SealBroken` for a wrong key, a changed byte, a wrong place (aad)
    or an unknown format; never returns garbage.
    """
    return unseal_with(cipher(key), blob, aad)


def cipher(key: bytes) -> AESGCM:
    """A reusable cipher for opening many values under one key (see :func:`unseal_with`)."""
    # Imported here, not at the top: the unlock window shows before any key work,
    # and loading the crypto backend would only delay it.
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    return AESGCM(key)


def unseal_with(aead: AESGCM, blob: bytes, aad: bytes) -> bytes:
    """:func:`unseal` with a cipher made once by :func:`cipher`."""
    if not isinstance(blob, bytes | bytearray | memoryview):
        raise SealBroken("not a sealed value")
    data = bytes(blob)
    if len(data) < _HEADER + _TAG_BYTES or data[0] != FORMAT_V1:
        raise SealBroken("unknown or truncated format")
    try:
        return aead.decrypt(data[1:_HEADER], data[_HEADER:], aad)
    except Exception as exc:
        # Imported only when a value does not open: under Qt every import statement
        # passes shiboken's import hook (about 4 µs), once per value opened otherwise.
        from cryptography.exceptions import InvalidTag

        if isinstance(exc, InvalidTag):
            raise SealBroken("authentication failed") from exc
        raise


def aad_for(*parts: str | int) -> bytes:
    """Build associated data from labelled parts, unambiguously joined."""
    text = "|".join(str(p).replace("\\", "\\\\").replace("|", "\\|") for p in parts)
    return ("trellis|v1|" + text).encode()
