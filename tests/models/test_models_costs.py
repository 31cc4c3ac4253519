"""Costs that do not grow with the workbook (#9), counted rather than timed: SQL statements
per screen load, facts verified per unlock and per action, rows hashed and opened per
consent answer. Each is compared between a small workbook and a larger one."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from models import agreements as A
from models import bulk, ledger, manifest
from models import consent as C
from models.agreements import facts
from models.db import DB
from models.proof import FreshProof
from models.records import SealedRecord
from models.session import Keyring

SMALL, LARGE = 10, 200


@contextmanager
def statements() -> Iterator[list[str]]:
    """Every SQL statement SQLite runs on this thread's connection meanwhile, whoever
    sends it (peewee, or a cursor of our own)."""
    ran: list[str] = []
    connection = DB.connection()
    connection.set_trace_callback(ran.append)
    try:
        yield ran
    finally:
        connection.set_trace_callback(None)


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def wrap(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return function(*args, **kwargs)

        return counted


@pytest.fixture
def filled(session_both, couple) -> Callable[[int], Keyring]:
    """A workbook with ``n`` agreements in every state (the bulk path), and a fresh
    keyring as an unlock gives one: nothing verified yet."""

    def fill(n: int) -> Keyring:
        both = Keyring(dict(couple.plan.bundles))
        bulk.fill_agreements(None, both, n)
        both.clear()
        return Keyring({1: couple.plan.bundles[1]})

    return fill


def fact_count(prefix: str) -> int:
    return ledger.LedgerEntry.select().where(ledger.LedgerEntry.stream.startswith(prefix)).count()


def test_loading_agreements_takes_the_same_queries_for_10_or_200(filled, couple) -> None:
    counts = []
    for n in (SMALL, LARGE):
        if n == LARGE:
            bulk.fill_agreements(None, Keyring(dict(couple.plan.bundles)), LARGE - SMALL)
            keys = Keyring({1: couple.plan.bundles[1]})
        else:
            keys = filled(SMALL)
        with statements() as first:
            views, damaged = A.load_all(keys)
        assert len(views) == n and damaged == []
        with statements() as again:
            A.load_all(keys)
        counts.append((len(first), len(again)))
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= 12, counts


def test_each_fact_is_verified_once_per_unlock_and_an_action_verifies_only_its_own(
        filled, couple, monkeypatch) -> None:
    counter = Counter()
    monkeypatch.setattr(ledger, "open_entry", counter.wrap(ledger.open_entry))
    keys = filled(SMALL)
    views, _ = A.load_all(keys)
    assert counter.calls == fact_count("agreement/"), "every fact once, at the first load"
    counter.calls = 0
    A.load_all(keys)
    agreed = next(v for v in views if v.status == "agreed" and not v.pending_change)
    A.view(keys, A.get(agreed.uuid))
    A.revisions(keys, agreed.uuid)
    A.events(keys, agreed.uuid)
    A.reviews(keys, agreed.uuid)
    assert counter.calls == 0, "opening again verifies nothing again"
    before = fact_count(facts.stream_of(agreed.uuid))
    A.withdraw(keys, agreed.uuid, 1, "Let us talk first.")
    appended = fact_count(facts.stream_of(agreed.uuid)) - before
    assert counter.calls == appended, "an action verifies only the facts it appended"
    counter.calls = 0
    proof = FreshProof(1, couple.plan.bundles[1])
    A.propose(keys, agreed.uuid, 1)
    A.confirm(keys, agreed.uuid, 1, proof)
    assert counter.calls == fact_count(facts.stream_of(agreed.uuid)) - before - appended


def test_an_action_costs_the_same_in_a_small_and_a_large_workbook(filled, couple,
                                                                  monkeypatch) -> None:
    counter = Counter()
    monkeypatch.setattr(ledger, "open_entry", counter.wrap(ledger.open_entry))
    costs = []
    keys = filled(SMALL)
    for n in (SMALL, LARGE):
        if n == LARGE:
            bulk.fill_agreements(None, Keyring(dict(couple.plan.bundles)), LARGE - SMALL)
        views, _ = A.load_all(keys)
        assert len(views) == n
        draft = next(v for v in views if v.status == "draft")
        counter.calls = 0
        with statements() as ran:
            A.edit(keys, draft.uuid, 1, why_1=f"edited at {n}")
            A.propose(keys, draft.uuid, 1)
            A.confirm(keys, draft.uuid, 1, FreshProof(1, couple.plan.bundles[1]))
        costs.append((len(ran), counter.calls))
    assert costs[0] == costs[1], costs


def test_unlock_and_lock_hash_only_the_facts_written_since(filled, couple,
                                                           monkeypatch) -> None:
    hashed = []
    for n in (SMALL, LARGE):
        if n == LARGE:
            bulk.fill_agreements(None, Keyring(dict(couple.plan.bundles)), LARGE - SMALL)
        keys = Keyring({1: couple.plan.bundles[1]})
        mark = ledger.seen_mark()  # as the last lock left it
        A.create(keys, 1, title=f"One more at {n}")
        counter = Counter()
        monkeypatch.setattr(ledger.hashlib, "sha256", counter.wrap(ledger.hashlib.sha256))
        assert not ledger.went_back(mark)
        later = ledger.seen_mark()
        monkeypatch.undo()
        assert later != mark and not ledger.went_back(later)
        hashed.append(counter.calls)
    assert hashed[0] == hashed[1], hashed


@pytest.fixture
def answered(session_both, couple) -> Callable[[int], tuple[Keyring, list[str]]]:
    """``n`` items, every one answered by both partners, and partner 1's keyring with
    their own key held, as while their answers are open (the dialog read them all)."""
    state: dict[str, Any] = {"items": []}

    def fill(n: int) -> tuple[Keyring, list[str]]:
        both = Keyring(dict(couple.plan.bundles))
        more = n - len(state["items"])
        state["items"] += bulk.fill_consent_items(None, both, more, answered_by=(1, 2))
        for partner in (1, 2):  # items added by a test since were answered by one
            mine = C.my_answers(both, partner)
            for item in C.items(both):
                if item.uuid not in mine:
                    C.answer(both, partner, item.uuid, "yes")
        both.clear()
        keys = Keyring({1: couple.plan.bundles[1]})
        C.reveal(keys, [FreshProof(p, couple.plan.bundles[p]) for p in (1, 2)])
        assert len(C.my_answers(keys, 1)) == len(C.items(keys))
        return keys, state["items"]

    return fill


def test_saving_a_consent_answer_touches_only_its_row(answered, monkeypatch) -> None:
    """An answer changed, an item added and answered, the comparison read again: the
    same statements, rows hashed, opened and facts verified or chained at 10 or 200."""
    costs = []
    for n in (SMALL, LARGE):
        keys, items = answered(n)
        C.items(keys)
        C.load_latest_reveal(keys)
        hashes, opened, verified, chained = Counter(), Counter(), Counter(), Counter()
        monkeypatch.setattr(manifest, "_hash", hashes.wrap(manifest._hash))
        monkeypatch.setattr(SealedRecord, "read", opened.wrap(SealedRecord.read))
        monkeypatch.setattr(ledger, "open_entry", verified.wrap(ledger.open_entry))
        monkeypatch.setattr(ledger, "_digest", chained.wrap(ledger._digest))
        with statements() as ran:
            C.answer(keys, 1, items[3], "yes", note=f"changed at {n}")
            new = C.add_item(keys, f"Asked at {n}", 1)
            C.add_item(keys, f"Asked again at {n}", 2)
            C.answer(keys, 1, new.uuid, "maybe")
            C.load_latest_reveal(keys)
        monkeypatch.undo()
        costs.append((len(ran), hashes.calls, opened.calls, verified.calls, chained.calls))
        assert C.my_answers(keys, 1)[items[3]].note == f"changed at {n}"
        assert C.my_answers(keys, 1)[new.uuid].answer == "maybe"
    assert costs[0] == costs[1], costs
    assert costs[0][1] <= 1, "only the new answer's own hash"


def test_a_move_toward_caution_still_changes_the_shared_outcome(answered) -> None:
    keys, items = answered(SMALL)
    comparison = C.latest_reveal(keys)
    assert comparison is not None
    item = next(entry.item for entry in comparison.items if entry.outcome != "respected")
    C.answer(keys, 1, item, "no")
    after = C.latest_reveal(keys)
    assert after is not None and after.outcome_of(item) == "respected"


def test_an_answer_index_left_behind_by_another_connection_is_not_trusted(answered,
                                                                          couple) -> None:
    import sqlite3

    keys, items = answered(SMALL)
    connection = sqlite3.connect(couple.path)
    connection.execute("DELETE FROM consent_answer WHERE owner = 1 AND id = "
                       "(SELECT MIN(id) FROM consent_answer WHERE owner = 1)")
    connection.commit()
    connection.close()
    from models.damage import RecordDamaged

    with pytest.raises(RecordDamaged):
        C.answer(keys, 1, items[0], "yes")


def test_a_first_page_costs_the_same_whatever_follows_and_is_not_verified_twice(
        filled, couple, monkeypatch) -> None:
    costs = []
    for n in (SMALL, LARGE):
        if n == LARGE:
            bulk.fill_agreements(None, Keyring(dict(couple.plan.bundles)), LARGE - SMALL)
            keys = Keyring({1: couple.plan.bundles[1]})
        else:
            keys = filled(SMALL)
        counter = Counter()
        monkeypatch.setattr(ledger, "open_entry", counter.wrap(ledger.open_entry))
        with statements() as ran:
            page, damaged = A.load_recent(keys, 5)
        first = counter.calls
        views, _ = A.load_all(keys)
        monkeypatch.undo()
        assert damaged == [] and len(page) == 5
        shown = {v.uuid: v for v in views}
        assert all(shown[v.uuid] == v for v in page), "the page reads as the whole list"
        assert first == sum(fact_count(facts.stream_of(v.uuid)) for v in page)
        assert counter.calls == fact_count("agreement/"), "each fact once, page or not"
        costs.append(len(ran))
    assert costs[0] == costs[1], costs


def test_what_waits_takes_the_open_agreements_and_reads_only_the_notes_shown(
        filled, couple, monkeypatch) -> None:
    """Home's list of what waits, from the agreements a list already opened: no
    agreement is opened again, and only the pauses among the lines shown have their
    note read, whether the workbook holds 10 agreements or 200."""
    from models.session import Session
    from models.waiting import PausedForTalk, waiting_for

    costs = []
    keys = filled(SMALL)
    for n in (SMALL, LARGE):
        if n == LARGE:
            bulk.fill_agreements(None, Keyring(dict(couple.plan.bundles)), LARGE - SMALL)
        session = Session(partners=(1,), keyring=keys)
        opened = A.load_all(keys)
        whole = waiting_for(session)  # reads every agreement itself, every note
        paused = [item for item in whole.items if isinstance(item, PausedForTalk)]
        assert paused and paused[0].note and (n == SMALL or len(paused) > 3)
        shown = whole.items.index(paused[0]) + 1  # the first pause is the last line shown
        opening = Counter()
        monkeypatch.setattr(A, "load_all", opening.wrap(A.load_all))
        with statements() as ran:
            taken = waiting_for(session, opened=opened, notes_for=shown)
        monkeypatch.undo()
        assert opening.calls == 0
        assert [(i.kind, i.uuid) for i in taken.items] == [(i.kind, i.uuid) for i in whole.items]
        assert taken.items[:shown] == whole.items[:shown]
        later = [item for item in taken.items[shown:] if isinstance(item, PausedForTalk)]
        assert all(item.note == "" and item.paused_at is None for item in later)
        costs.append(len(ran))
    assert costs[0] == costs[1], costs


def test_an_autosave_rewrites_only_the_columns_that_changed(filled) -> None:
    """The agreement row of an autosave changes only its date: the other columns (and
    so their indexes, uuid among them) are left as they are."""
    keys = filled(SMALL)
    views, _ = A.load_all(keys)
    draft = next(v for v in views if v.status == "draft")
    with statements() as ran:
        A.edit(keys, draft.uuid, 1, why_1="Because it keeps us honest.")
    updates = [sql for sql in ran if sql.startswith('UPDATE "agreement" ')]
    assert len(updates) == 1 and '"updated_at"' in updates[0]
    assert all(f'"{column}"' not in updates[0] for column in ("uuid", "status",
                                                              "current_revision"))
    assert A.view(keys, A.get(draft.uuid)).current.text["why_1"] == "Because it keeps us honest."


def test_loading_holds_the_sealed_revisions_of_a_few_agreements_at_a_time(
        filled, couple, monkeypatch) -> None:
    """load_all reads every agreement's facts at once and their revisions a chunk at a
    time, so only a chunk's sealed rows are held beside the views (#9: all 10,000 held
    20 MiB); it opens the same agreements as in one piece."""
    from models.agreements import reading

    keys = filled(SMALL)
    monkeypatch.setattr(reading, "_CHUNK", SMALL * 10, raising=False)
    whole = A.load_all(Keyring({1: couple.plan.bundles[1]}))
    held: list[int] = []
    real_open = reading._open

    def watched(keys: Keyring, agreement: Any, known: Any) -> Any:
        held.append(len(known.revisions))
        return real_open(keys, agreement, known)

    monkeypatch.setattr(reading, "_open", watched)
    monkeypatch.setattr(reading, "_CHUNK", 3, raising=False)
    assert A.load_all(keys) == whole
    assert len(held) == SMALL and max(held) <= 2 * 3, held  # current and agreed words
