"""The key hierarchy: password and recovery slots that each open one partner's bundle.

Everything here is pure computation (no database): the vault stores and loads
:class:`SlotData`, and the slow parts (Argon2id) can run on any thread.

A bundle is the shared workbook key plus that partner's own journal key. A slot seals
it with AES-256-GCM under a key derived from the password (Argon2id) or the recovery
key (HKDF); the slot's owner, kind and KDF parameters are the associated data, so a
slot whose parameters were edited does not open.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Literal, TypeVar

from models import crypto
from models.errors import PasswordRejected, SealBroken

SlotKind = Literal["password", "recovery"]
T = TypeVar("T")

MIN_PASSWORD_CHARS = 10
FLOOR_MEMORY_KIB = 64 * 1024
FLOOR_ITERATIONS = 3
FLOOR_LANES = 4
TARGET_SECONDS = 0.5
# Bounds on stored parameters, checked before any derivation: calibration never goes
# past them, so only an edited or damaged slot asks for more (and it would not open).
MAX_MEMORY_KIB = 1024 * 1024  # 1 GiB: calibration stops doubling memory here
MAX_ITERATIONS = 40  # calibration stops raising iterations here
MAX_LANES = 16  # calibration keeps FLOOR_LANES
MIN_SALT_BYTES = 16  # every slot Trellis makes has a 16-byte salt
MAX_SALT_BYTES = 64
_ALGORITHMS = ("argon2id", "hkdf-sha256")
_BUNDLE_V1 = 1

# Two Argon2id derivations running at once in one process were seen to deadlock
# (cryptography 50 on this machine), so every derivation takes this lock.
_ARGON2_LOCK = threading.Lock()

# Recovery keys are written in groups from an alphabet without look-alike letters.
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})
RECOVERY_BYTES = 20  # 160 bits, 32 characters
RECOVERY_GROUP = 4


@dataclass(frozen=True)
class KdfParams:
    """How a slot's key is derived. Stored in the clear beside the slot."""

    algorithm: str
    salt: bytes
    memory_kib: int = 0
    iterations: int = 0
    lanes: int = 0

    def to_json(self) -> str:
        import json

        return json.dumps(
            {
                "algorithm": self.algorithm,
                "salt": self.salt.hex(),
                "memory_kib": self.memory_kib,
                "iterations": self.iterations,
                "lanes": self.lanes,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str | bytes) -> KdfParams:
        """Read stored parameters; anything malformed or out of bounds is a slot that
        does not open (:class:`SealBroken`), checked before any derivation runs."""
        import json

        try:
            raw = json.loads(text)
            params = cls(
                algorithm=_exact(raw["algorithm"], str),
                salt=bytes.fromhex(_exact(raw["salt"], str)),
                memory_kib=_exact(raw["memory_kib"], int),
                iterations=_exact(raw["iterations"], int),
                lanes=_exact(raw["lanes"], int),
            )
        except (ValueError, TypeError, KeyError, RecursionError) as exc:
            # json and fromhex raise ValueError subclasses (UnicodeDecodeError included)
            raise SealBroken("unreadable key derivation parameters") from exc
        params.check()
        return params

    def check(self) -> None:
        """Refuse parameters Trellis never writes, before they cost any time or memory."""
        if self.algorithm not in _ALGORITHMS:
            raise SealBroken("unknown key derivation")
        if not MIN_SALT_BYTES <= len(self.salt) <= MAX_SALT_BYTES:
            raise SealBroken("salt length out of range")
        if self.algorithm == "hkdf-sha256":
            if (self.memory_kib, self.iterations, self.lanes) != (0, 0, 0):
                raise SealBroken("recovery slot with a cost")
            return
        if not (
            1 <= self.lanes <= MAX_LANES
            and 1 <= self.iterations <= MAX_ITERATIONS
            and 8 * self.lanes <= self.memory_kib <= MAX_MEMORY_KIB
        ):
            # Only an edited slot asks for more than calibration ever picks; refuse it
            # rather than exhaust memory or stall the unlock.
            raise SealBroken("key derivation cost out of range")

    def work(self) -> int:
        """Relative cost of one derivation (memory × passes), to order slots by."""
        return self.memory_kib * self.iterations

    def with_new_salt(self) -> KdfParams:
        return KdfParams(
            self.algorithm, _salt(), self.memory_kib, self.iterations, self.lanes
        )


@dataclass(frozen=True)
class Argon2Cost:
    """Argon2id cost; the default is the floor DESIGN.md sets for real vaults."""

    memory_kib: int = FLOOR_MEMORY_KIB
    iterations: int = FLOOR_ITERATIONS
    lanes: int = FLOOR_LANES

    def params(self) -> KdfParams:
        return KdfParams(
            "argon2id", _salt(), self.memory_kib, self.iterations, self.lanes
        )


# Only for tests and throwaway demos: far below the floor, never offered to users.
FAST_TEST_COST = Argon2Cost(memory_kib=1024, iterations=1, lanes=1)


@dataclass(frozen=True)
class KeyBundle:
    """What a slot opens: the shared workbook key and one partner's journal key."""

    workbook_key: bytes
    journal_key: bytes

    def to_bytes(self) -> bytes:
        return bytes([_BUNDLE_V1]) + self.workbook_key + self.journal_key

    @classmethod
    def from_bytes(cls, data: bytes) -> KeyBundle:
        if len(data) != 1 + 2 * crypto.KEY_BYTES or data[0] != _BUNDLE_V1:
            raise SealBroken("unknown bundle format")
        k = crypto.KEY_BYTES
        return cls(workbook_key=data[1 : 1 + k], journal_key=data[1 + k :])


@dataclass(frozen=True)
class SlotData:
    """One stored key slot, as loaded from or written to the vault."""

    vault_id: str
    partner: int
    kind: SlotKind
    kdf: KdfParams
    sealed: bytes

    def aad(self) -> bytes:
        return _slot_aad(self.vault_id, self.partner, self.kind, self.kdf)


def _salt() -> bytes:
    """A fresh 16-byte salt. (``secrets`` and ``json`` are imported where used: the
    unlock window imports this module before its first paint, #9.)"""
    import secrets

    return secrets.token_bytes(16)


def _exact(value: object, kind: type[T]) -> T:
    """``value`` if it is exactly of ``kind`` (JSON ``true`` is not the number 1)."""
    if not isinstance(value, kind) or type(value) is not kind:
        raise TypeError(f"expected {kind.__name__}")
    return value


def _slot_aad(vault_id: str, partner: int, kind: str, kdf: KdfParams) -> bytes:
    return crypto.aad_for("key_slot", vault_id, partner, kind, kdf.to_json())


def load_derivation() -> None:
    """Import Argon2id and AES-GCM, kept off the start (#9): the unlock page does it when
    the first key of a password is typed, so the password check does not (about 20 ms)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: F401
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id  # noqa: F401


def derive_password_key(password: str, kdf: KdfParams) -> bytes:
    """Stretch a password with Argon2id under the slot's stored parameters."""
    if kdf.algorithm != "argon2id":
        raise SealBroken("unknown key derivation")
    kdf.check()
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id  # kept off start-up

    with _ARGON2_LOCK:
        try:
            return Argon2id(
                salt=kdf.salt,
                length=crypto.KEY_BYTES,
                iterations=kdf.iterations,
                lanes=kdf.lanes,
                memory_cost=kdf.memory_kib,
            ).derive(password.encode("utf-8"))
        except (ValueError, OverflowError) as exc:
            # Stored parameters Argon2id refuses (zero, too short a salt): the slot was
            # edited or damaged, so it does not open, like any other changed slot.
            raise SealBroken("unusable key derivation parameters") from exc


def derive_recovery_key(recovery: bytes, kdf: KdfParams) -> bytes:
    """Expand a recovery key (already 160 random bits) with HKDF-SHA256."""
    if kdf.algorithm != "hkdf-sha256":
        raise SealBroken("unknown key derivation")
    kdf.check()
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(
        algorithm=hashes.SHA256(),
        length=crypto.KEY_BYTES,
        salt=kdf.salt,
        info=b"trellis recovery slot v1",
    ).derive(recovery)


TRIAL_RUNS = 3  # calibration times each cost this many times and keeps the fastest


def calibrate(target_seconds: float = TARGET_SECONDS) -> Argon2Cost:
    """Pick an Argon2id cost that takes about ``target_seconds`` here, never below the floor.

    Each cost is timed :data:`TRIAL_RUNS` times and the fastest run counts: a run slowed
    by whatever else the machine was doing says nothing about the machine, and a busy
    moment must not decide the cost (it picked 64 MiB on a busy machine where a quiet one
    got 128 MiB). The fastest run is what an attacker's dedicated machine would see.
    """
    probe_salt = _salt()

    def timed(cost: Argon2Cost) -> float:
        params = KdfParams("argon2id", probe_salt, cost.memory_kib, cost.iterations,
                           cost.lanes)
        fastest = float("inf")
        for _ in range(TRIAL_RUNS):
            start = time.perf_counter()
            derive_password_key("calibration", params)
            fastest = min(fastest, time.perf_counter() - start)
        return fastest

    cost = Argon2Cost()
    seconds = timed(cost)  # the first run pays for page faults; the fastest counts
    # Memory is what makes guessing costly on GPUs: spend the budget there first.
    while seconds * 2.2 < target_seconds and cost.memory_kib < MAX_MEMORY_KIB:
        cost = Argon2Cost(cost.memory_kib * 2, cost.iterations, cost.lanes)
        seconds = timed(cost)
    for _ in range(2):  # scale iterations, then check once and correct
        if abs(seconds - target_seconds) < target_seconds * 0.15:
            break
        iterations = max(FLOOR_ITERATIONS, round(cost.iterations * target_seconds / seconds))
        cost = Argon2Cost(cost.memory_kib, min(iterations, MAX_ITERATIONS), cost.lanes)
        seconds = timed(cost)
    return cost


def check_new_password(password: str) -> None:
    """Refuse a new password that is too short to protect a journal."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise PasswordRejected("too_short")
    if not password.strip():
        raise PasswordRejected("blank")


def password_strength(password: str) -> int:
    """A rough 0–3 guide for the strength hint: 0 too short, 1 fair, 2 good, 3 strong.

    Length carries most of the weight; a few unrelated words beat symbol soup.
    """
    if len(password) < MIN_PASSWORD_CHARS:
        return 0
    words = len([w for w in password.replace("-", " ").split() if len(w) >= 3])
    classes = sum(
        [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )
    if len(password) >= 20 or words >= 4:
        return 3
    if len(password) >= 14 or words >= 3 or classes >= 3:
        return 2
    return 1


def seal_password_slot(
    vault_id: str, partner: int, password: str, bundle: KeyBundle, cost: Argon2Cost
) -> SlotData:
    """Make a password slot for ``partner`` (slow: runs Argon2id)."""
    kdf = cost.params()
    key = derive_password_key(password, kdf)
    aad = _slot_aad(vault_id, partner, "password", kdf)
    return SlotData(vault_id, partner, "password", kdf, crypto.seal(key, bundle.to_bytes(), aad))


def seal_recovery_slot(
    vault_id: str, partner: int, recovery: bytes, bundle: KeyBundle
) -> SlotData:
    """Make a recovery-key slot for ``partner``."""
    kdf = KdfParams("hkdf-sha256", _salt())
    key = derive_recovery_key(recovery, kdf)
    aad = _slot_aad(vault_id, partner, "recovery", kdf)
    return SlotData(vault_id, partner, "recovery", kdf, crypto.seal(key, bundle.to_bytes(), aad))


def open_password_slot(slot: SlotData, password: str) -> KeyBundle:
    """Open a password slot; raises :class:`SealBroken` if the password does not fit."""
    key = derive_password_key(password, slot.kdf)
    return KeyBundle.from_bytes(crypto.unseal(key, slot.sealed, slot.aad()))


def open_recovery_slot(slot: SlotData, recovery: bytes) -> KeyBundle:
    """Open a recovery slot; raises :class:`SealBroken` if the key does not fit."""
    key = derive_recovery_key(recovery, slot.kdf)
    return KeyBundle.from_bytes(crypto.unseal(key, slot.sealed, slot.aad()))


def new_recovery_key() -> bytes:
    """Return 160 fresh random bits for a recovery key."""
    import secrets

    return secrets.token_bytes(RECOVERY_BYTES)


def format_recovery_key(raw: bytes) -> list[str]:
    """Write a recovery key as groups of four characters, for people to copy."""
    number = int.from_bytes(raw, "big")
    chars = []
    for _ in range(len(raw) * 8 // 5):
        chars.append(_ALPHABET[number & 31])
        number >>= 5
    text = "".join(reversed(chars))
    return [text[i : i + RECOVERY_GROUP] for i in range(0, len(text), RECOVERY_GROUP)]


def parse_recovery_key(text: str) -> bytes | None:
    """Read a typed recovery key, forgiving case, spaces, dashes and look-alikes.

    Returns ``None`` when it cannot be a recovery key (wrong length or letters).
    """
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_LOOKALIKES)
    if len(cleaned) != RECOVERY_BYTES * 8 // 5:
        return None
    number = 0
    for ch in cleaned:
        index = _ALPHABET.find(ch)
        if index < 0:
            return None
        number = (number << 5) | index
    return number.to_bytes(RECOVERY_BYTES, "big")
