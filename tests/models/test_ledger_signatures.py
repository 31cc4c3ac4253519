"""Each signature is checked once per session (#12): the same signature over the same
digest under the same public key is remembered as verified while the keys are held;
anything else, an edited signature included, is checked in full."""

from __future__ import annotations

import json
import sqlite3

import pytest

from models import agreements as A
from models import ledger
from models.agreements import facts
from models.damage import RecordDamaged
from models.proof import FreshProof

WORDS = {"title": "Phones at dinner", "wording": "Phones stay in the hall while we eat."}


@pytest.fixture
def proofs(session_both, couple, vault) -> dict[int, FreshProof]:
    return {p: vault.check_password(p, couple.passwords[p]) for p in (1, 2)}


@pytest.fixture
def checks(monkeypatch) -> list[int]:
    """How many ed25519 checks were made (by partner)."""
    made: list[int] = []
    real = ledger.PublicKeys.of

    class Counted:
        def __init__(self, public, partner: int) -> None:
            self.public, self.partner = public, partner

        def verify(self, signature: bytes, digest: bytes) -> None:
            made.append(self.partner)
            self.public.verify(signature, digest)

    def of(self, stream: str, partner: int):  # type: ignore[no-untyped-def]
        return Counted(real(self, stream, partner), partner)

    monkeypatch.setattr(ledger.PublicKeys, "of", of)
    return made


def _agreed(keys, proofs) -> str:
    view = A.create(keys, 1, **WORDS)
    A.propose(keys, view.uuid, 1)
    A.confirm(keys, view.uuid, 1, proofs[1])
    A.confirm(keys, view.uuid, 2, proofs[2])
    return facts.stream_of(view.uuid)


def test_a_signature_verified_once_is_not_checked_again(session_both, proofs,
                                                        checks) -> None:
    keys = session_both.keyring
    stream = _agreed(keys, proofs)
    keys.memo("verified signatures").clear()
    checks.clear()
    first = ledger.verify(keys, stream)  # always reads the whole stream afresh
    assert sorted(checks) == [1, 2]
    again = ledger.verify(keys, stream)
    assert again == first and sorted(checks) == [1, 2]  # no second check


def test_an_edited_signature_is_still_checked_and_refused(session_both, proofs, couple,
                                                          checks) -> None:
    keys = session_both.keyring
    stream = _agreed(keys, proofs)
    ledger.verify(keys, stream)
    connection = sqlite3.connect(couple.path)
    try:
        seq, signatures = connection.execute(
            "SELECT seq, signatures FROM ledger_entry WHERE stream = ? AND signatures != '{}'"
            " ORDER BY seq DESC LIMIT 1", (stream,)).fetchone()
        signed = json.loads(signatures)
        partner = next(iter(signed))
        flipped = signed[partner][:-1] + ("0" if signed[partner][-1] != "0" else "1")
        connection.execute("UPDATE ledger_entry SET signatures = ? WHERE stream = ? AND seq = ?",
                           (json.dumps({**signed, partner: flipped}), stream, seq))
        connection.commit()
    finally:
        connection.close()
    checks.clear()
    with pytest.raises(RecordDamaged):
        ledger.verify(keys, stream)
    assert checks  # the edited one was checked, not taken as remembered


def test_a_lock_forgets_what_was_verified(session_both, proofs) -> None:
    keys = session_both.keyring
    ledger.verify(keys, _agreed(keys, proofs))
    assert keys.memo("verified signatures")
    keys.clear()
    assert not keys.memo("verified signatures")
