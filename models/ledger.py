"""The ledger: facts a partner relies on, append-only, chained, and signed by who made them.

Words live in sealed records; *state* — a confirmation, a pause, a reveal, a review
decision, which revision is current, which revision belongs to which agreement — lives
here, as facts. Each workbook record has its own stream (``"agreement/<uuid>"``) of
:class:`LedgerEntry` rows numbered 0, 1, 2…:

- the fact (a small JSON object) is sealed with AES-256-GCM under the workbook key; the
  associated data holds the stream, the number and the digest of the entry before it,
  so entries cannot be edited, moved, reordered or spliced between records;
- a confirmation, and every step that loosens a boundary, is also **signed** (Ed25519)
  by each partner it needs, with a key derived from that partner's own journal key.
  The other partner holds the workbook key and could write an unsigned fact, but not a
  signed one in someone else's name.

Plain columns (an agreement's status, its current revision…) stay as an index for
queries. A workbook checks them against the verified stream when it opens a record and
reports a mismatch as damage (:class:`~models.damage.RecordDamaged`), never trusting it.

Public keys are kept sealed under the workbook key and learned the first time a
partner's own key signs (trust on first use). Whenever that partner's key is at hand
again, :func:`check_own_key` compares: a replaced public key is reported.

What the file alone cannot show: an older copy of the *whole* file put back in place
(every stream then reads as it was on that day). See the README's privacy section.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import peewee

from models import crypto
from models.damage import Damage, RecordDamaged
from models.db import BaseModel, writing
from models.errors import SealBroken
from models.ledger_memo import memo_of, stored_head

# Whether the file went back lives in models.ledger_prefix; callers find it here.
from models.ledger_prefix import file_id as file_id
from models.ledger_prefix import hash_ahead as hash_ahead
from models.ledger_prefix import seen_mark as seen_mark
from models.ledger_prefix import went_back as went_back
from models.session import Keyring

GENESIS = bytes(32)
_SIGNING_INFO = b"trellis signing key v1"


class LedgerEntry(BaseModel):
    """One fact in one record's stream; see the module's docstring."""

    id = peewee.AutoField()
    stream = peewee.CharField()
    seq = peewee.IntegerField()
    body = peewee.BlobField()
    signatures = peewee.TextField(default="{}")  # JSON {partner: hex signature}

    class Meta:
        indexes = ((("stream", "seq"), True),)


class PartnerKey(BaseModel):
    """A partner's public signing key, sealed under the workbook key."""

    partner = peewee.IntegerField(primary_key=True)
    sealed = peewee.BlobField()


TABLES = [LedgerEntry, PartnerKey]


@dataclass(frozen=True)
class Fact:
    """One verified fact: its kind, who made it, its data, and who signed it."""

    seq: int
    kind: str
    data: dict[str, Any]
    signed_by: frozenset[int] = field(default_factory=frozenset)

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)


# -- keys -------------------------------------------------------------------------------


def load_signing() -> None:
    """Import what signing and checking facts needs, kept off the start (#9); the window
    does it while a password is checked (ui/unlock_ahead.py), not after."""
    from cryptography.exceptions import InvalidSignature  # noqa: F401
    from cryptography.hazmat.primitives import hashes, serialization  # noqa: F401
    from cryptography.hazmat.primitives.asymmetric import ed25519  # noqa: F401
    from cryptography.hazmat.primitives.kdf import hkdf  # noqa: F401


def _signing_seed(journal_key: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=_SIGNING_INFO).derive(journal_key)


def _private(journal_key: bytes) -> Any:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.from_private_bytes(_signing_seed(journal_key))


def public_key_of(journal_key: bytes) -> bytes:
    """The raw public signing key that belongs to a journal key."""
    from cryptography.hazmat.primitives import serialization

    return bytes(_private(journal_key).public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def _key_aad(partner: int) -> bytes:
    return f"trellis|v1|partner_key|{partner}".encode()


def _stored_public(keys: Keyring, partner: int) -> bytes | None:
    row = PartnerKey.get_or_none(PartnerKey.partner == partner)
    if row is None:
        return None
    return crypto.unseal(keys.workbook_key(), row.sealed, _key_aad(partner))


def check_own_key(keys: Keyring, partner: int, journal_key: bytes) -> None:
    """Learn ``partner``'s public key the first time, and check it every time after.

    Raises :class:`RecordDamaged` when the stored key is not the one that belongs to
    this partner's own journal key (it was replaced or damaged).
    """
    public = public_key_of(journal_key)
    try:
        stored = _stored_public(keys, partner)
    except SealBroken as exc:
        raise RecordDamaged(Damage("partner_key", str(partner), "state", "unseal")) from exc
    if stored is None:
        with writing():
            PartnerKey.insert(partner=partner, sealed=crypto.seal(
                keys.workbook_key(), public, _key_aad(partner))).execute()
    elif stored != public:
        raise RecordDamaged(Damage("partner_key", str(partner), "state", "replaced"))


# -- writing ----------------------------------------------------------------------------


def _aad(stream: str, seq: int, previous: bytes) -> bytes:
    return f"trellis|v1|ledger|{stream}|{seq}|{previous.hex()}".encode()


def _digest(previous: bytes, stream: str, seq: int, body: bytes) -> bytes:
    return hashlib.sha256(previous + f"|{stream}|{seq}|".encode() + body).digest()


def _head(keys: Keyring, stream: str) -> tuple[int, bytes]:
    """The next number and the digest to chain to (trusting what is stored: the
    chain is verified when read). Known without reading the stream again when its last
    entry is the one this keyring last verified or wrote."""
    stored = stored_head(stream)
    if stored is None:
        return 0, GENESIS
    known = memo_of(keys).heads.get(stream)
    if known is not None and known.same_as(stored):
        return known.seq + 1, known.digest
    previous = GENESIS
    seq = 0
    for row in LedgerEntry.select().where(LedgerEntry.stream == stream).order_by(
            LedgerEntry.seq):
        previous = _digest(previous, stream, row.seq, bytes(row.body))
        seq = row.seq + 1
    return seq, previous


def seal_entry(aead: Any, stream: str, seq: int, previous: bytes, kind: str,
               signers: Mapping[int, Any], data: Mapping[str, Any]) -> tuple[bytes, str, Fact]:
    """The stored form of one fact: its sealed body, its signatures (JSON) and the fact.

    ``signers`` maps partners to their private signing keys (:func:`signing_key`). The
    one format :func:`append` writes and the bulk writer (:mod:`models.bulk`) shares.
    """
    payload = json.dumps({"kind": kind, **data}, sort_keys=True, default=str).encode()
    body = crypto.seal_with(aead, payload, _aad(stream, seq, previous))
    digest = _digest(previous, stream, seq, body)
    signatures = {str(partner): key.sign(digest).hex() for partner, key in signers.items()}
    fact = Fact(seq, kind, {"kind": kind, **json.loads(payload)},
                frozenset(int(p) for p in signatures))
    return body, json.dumps(signatures, sort_keys=True), fact


def signing_key(journal_key: bytes) -> Any:
    """A partner's private signing key (Ed25519), derived from their journal key."""
    return _private(journal_key)


def append(keys: Keyring, stream: str, kind: str, *,
           sign_with: Mapping[int, bytes] | None = None, **data: Any) -> Fact:
    """Add a fact to ``stream``; ``sign_with`` maps partners to their journal keys for a
    fact that must carry their signatures (list them in the fact's ``signers`` too, so
    a missing signature is noticed). Call inside the caller's ``writing()``."""
    seq, previous = _head(keys, stream)
    signers = {}
    for partner, journal_key in (sign_with or {}).items():
        check_own_key(keys, partner, journal_key)
        signers[partner] = _private(journal_key)
    body, signatures, fact = seal_entry(keys.cipher(keys.workbook_key()), stream, seq,
                                        previous, kind, signers, data)
    LedgerEntry.create(stream=stream, seq=seq, body=body, signatures=signatures)
    stored = stored_head(stream)
    if stored is not None and (stored.seq, stored.body, stored.signatures) == (
            seq, body, signatures):
        memo_of(keys).heads[stream] = replace(stored, digest=_digest(previous, stream, seq, body))
    return fact


# -- reading ----------------------------------------------------------------------------


def _damage(stream: str, detail: str) -> RecordDamaged:
    table, _, uuid = stream.partition("/")
    return RecordDamaged(Damage(table, uuid, "state", detail))


class PublicKeys:
    """The partners' public keys, opened once per verification (or per unlock)."""

    def __init__(self, keys: Keyring) -> None:
        self.keys = keys
        self.opened: dict[int, Any] = {}
        self.raw: dict[int, bytes] = {}  # the stored public key each was opened from
        # Signatures that verified this session, by (public key, digest, signature): an
        # ed25519 check is a pure function of those three, so the same three never need
        # checking twice while the keys are held (any thread's connection; dropped on
        # lock with the keyring's memos). Anything not in it is checked in full.
        self.verified: dict[bytes, bool] = keys.memo("verified signatures")

    def of(self, stream: str, partner: int) -> Any:
        public = self.opened.get(partner)
        if public is None:
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

            try:
                raw = _stored_public(self.keys, partner)
            except SealBroken as exc:
                raise _damage(stream, "key") from exc
            if raw is None:
                raise _damage(stream, "unknown signer")
            public = self.opened[partner] = Ed25519PublicKey.from_public_bytes(raw)
            self.raw[partner] = bytes(raw)
        return public

    def check(self, stream: str, partner: int, signature: bytes, digest: bytes) -> None:
        """Verify ``partner``'s ``signature`` over ``digest`` (raises InvalidSignature),
        unless these very bytes under this very public key verified before this session."""
        public = self.of(stream, partner)
        seen = hashlib.sha256(b"%d|" % len(signature) + self.raw[partner] + digest
                              + signature).digest()
        if seen in self.verified:
            return
        public.verify(signature, digest)
        self.verified[seen] = True


def open_entry(aead: Any, publics: PublicKeys, stream: str, expected: int, previous: bytes,
                seq: Any, body: Any, signatures_text: Any,
                required: frozenset[str]) -> tuple[Fact, bytes]:
    """Open and check one stored fact that follows ``previous``; its fact and digest.

    Every verification of a fact passes through here, once (tests count the calls).
    """
    if seq != expected or not isinstance(body, bytes | bytearray | memoryview):
        raise _damage(stream, "gap")
    body = bytes(body)
    try:
        raw = json.loads(crypto.unseal_with(aead, body, _aad(stream, seq, previous)))
        signatures = {} if signatures_text == "{}" else {
            int(p): bytes.fromhex(s) for p, s in json.loads(signatures_text or "{}").items()}
    except (SealBroken, ValueError, TypeError, AttributeError) as exc:
        raise _damage(stream, "entry") from exc
    digest = _digest(previous, stream, seq, body)
    if signatures:
        from cryptography.exceptions import InvalidSignature

        for partner, signature in signatures.items():
            try:
                publics.check(stream, partner, signature, digest)
            except InvalidSignature as exc:
                raise _damage(stream, "signature") from exc
    kind = str(raw.get("kind", ""))
    if kind in required:
        wanted = {int(p) for p in raw.get("signers", [])}
        if not wanted or not wanted <= set(signatures):
            raise _damage(stream, "unsigned")
    return Fact(seq, kind, raw, frozenset(signatures)), digest


def verify(keys: Keyring, stream: str, needs_signature: Iterable[str] = ()) -> list[Fact]:
    """Open and check every fact of ``stream``, oldest first.

    Raises :class:`RecordDamaged` for a gap, an edited or moved entry, a fact whose
    kind is in ``needs_signature`` without a valid signature from each partner it
    names in its ``signers`` field, or a signature that does not verify. Always reads
    the whole stream afresh (:func:`models.ledger_fold.fold` is the remembering way).
    """
    required = frozenset(needs_signature)
    aead = keys.cipher(keys.workbook_key())
    publics = PublicKeys(keys)
    facts: list[Fact] = []
    previous = GENESIS
    rows = LedgerEntry.select().where(LedgerEntry.stream == stream).order_by(LedgerEntry.seq)
    for expected, row in enumerate(rows):
        fact, previous = open_entry(aead, publics, stream, expected, previous, row.seq,
                                     row.body, row.signatures, required)
        facts.append(fact)
    return facts


def streams(prefix: str) -> list[str]:
    """Every stream whose name starts with ``prefix`` (for the file check)."""
    query = LedgerEntry.select(LedgerEntry.stream).where(
        LedgerEntry.stream.startswith(prefix)).distinct()
    return [row.stream for row in query]
