"""The mark of every fact (models.ledger_prefix): hashed ahead in steps while a password
is checked, and an earlier count hashed on from a kept copy, always the same mark as
hashing every fact from the first."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest

from models import agreements as A
from models import ledger, ledger_prefix
from models.session import Session


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def wrap(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return function(*args, **kwargs)

        return counted


@pytest.fixture
def facts(session_both: Session, monkeypatch: pytest.MonkeyPatch) -> int:
    """A file with a few dozen facts, and a copy of the running digest kept every 4."""
    monkeypatch.setattr(ledger_prefix, "KEPT_EVERY", 4)
    for n in range(12):
        view = A.create(session_both.keyring, 1, title=f"Agreement {n}")
        A.edit(session_both.keyring, view.uuid, 1, why_1=f"because {n}")
    ledger_prefix._PREFIX.clear()  # as a new process finds it
    return int(ledger.LedgerEntry.select().count())


def from_the_first_fact(count: int) -> bytes:
    ledger_prefix._PREFIX.clear()
    return ledger_prefix._prefix_digest(count)


def test_hashing_ahead_in_steps_leaves_the_same_mark_and_nothing_to_hash(
        facts: int, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = ledger.seen_mark()
    ledger_prefix._PREFIX.clear()
    steps = 1
    while not ledger.hash_ahead(5):
        steps += 1
    assert steps == facts // 5 + 1
    counter = Counter()
    monkeypatch.setattr(hashlib, "sha256", counter.wrap(hashlib.sha256))
    assert ledger.seen_mark() == whole
    assert counter.calls <= 1, "only the last fact counted is checked again"


def test_an_earlier_count_is_hashed_on_from_a_kept_copy(
        facts: int, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = {count: from_the_first_fact(count) for count in (1, 4, 9, facts - 3)}
    ledger_prefix._PREFIX.clear()
    ledger.seen_mark()  # every fact counted, a copy kept every 4
    for count, digest in expected.items():
        counter = Counter()
        monkeypatch.setattr(hashlib, "sha256", counter.wrap(hashlib.sha256))
        assert ledger_prefix._prefix_digest(count) == digest
        monkeypatch.undo()
        monkeypatch.setattr(ledger_prefix, "KEPT_EVERY", 4)
        # the check of the last fact counted, a new digest, at most the 3 after the copy
        assert counter.calls <= 1 + 1 + 3, (count, counter.calls)
    assert ledger_prefix._PREFIX[0].count == facts, "the later count is kept"
    assert ledger.seen_mark() == f"{facts}:{from_the_first_fact(facts).hex()}"


def test_the_file_going_back_is_still_seen_after_hashing_ahead(
        facts: int, session_both: Session) -> None:
    mark = ledger.seen_mark()
    ledger_prefix._PREFIX.clear()
    while not ledger.hash_ahead(7):
        pass
    assert not ledger.went_back(mark)
    last = ledger.LedgerEntry.select().order_by(ledger.LedgerEntry.id.desc()).first()
    ledger.LedgerEntry.delete().where(ledger.LedgerEntry.id == last.id).execute()
    A.create(session_both.keyring, 1, title="One more, as many facts as before")
    assert ledger.went_back(mark)
