"""Big workbooks, fast: agreements, consent items and journal entries written in bulk, for
benchmarks and tests that need thousands of them (``make bench`` builds its 10k and 100k
vaults here).

What is written is what the normal steps write, row for row: every word sealed in its
revision, every line of "what happened", each confirmation signed by the partner who
gave it, and the same facts in each ledger stream (:func:`models.ledger.seal_entry`, the
one format :func:`models.ledger.append` writes). The app reads a filled vault through
its usual paths, and the file check finds nothing to report (a test checks both). Only
the cost differs: the rows go in with ``insert_many`` inside one transaction, without
reading each agreement back after every step.

Agreements follow the steps of :mod:`models.agreements`: created (a draft), proposed,
confirmed by both (agreed), then paused by one partner, or with a change proposed and
reworded. ``fill_agreements`` cycles through :data:`MIX` unless told otherwise.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import peewee

from models import ledger, manifest
from models.agreements import facts as agreement_facts
from models.agreements.tables import (
    CATEGORIES,
    Agreement,
    AgreementEvent,
    AgreementRevision,
    Confirmation,
)
from models.consent import facts as consent_facts
from models.consent.tables import ConsentAnswer, ConsentItem
from models.db import writing
from models.journal import counting as journal_counting
from models.journal.actions import now as journal_now
from models.journal.reading import details_of
from models.journal.tables import JournalEntry
from models.journal.views import FEELINGS, TAGS, EntryDraft
from models.records import SealedRecord, utc_now
from models.session import Keyring

# The states fill_agreements cycles through: half agreed, as a couple's list is after a
# while, and a few of each other state.
MIX: tuple[str, ...] = ("agreed", "draft", "agreed", "proposed", "agreed", "paused",
                        "agreed", "change", "agreed", "draft")
STATES = ("draft", "proposed", "agreed", "paused", "change")
_BATCH = 400  # rows per INSERT: well under SQLite's limit on bound values

_WORDS = (
    "phones", "dinner", "evening", "walk", "talk", "pause", "message", "friends", "work",
    "late", "home", "weekend", "honest", "calm", "check", "together", "space", "time",
    "morning", "plans", "money", "touch", "sleep", "screen", "visit", "call", "listen",
    "share", "notice", "gentle", "ask", "answer", "quiet", "kind", "clear", "before",
)


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(_WORDS) for _ in range(words))
    return text[:1].upper() + text[1:] + "."


def agreement_words(rng: random.Random) -> dict[str, str]:
    """Made-up words for one agreement, every field filled (searchable, varied)."""
    return {
        "title": _sentence(rng, 4)[:-1],
        "category": rng.choice(CATEGORIES),
        "wording": _sentence(rng, 18),
        "in_practice": _sentence(rng, 12),
        "not_ok": _sentence(rng, 10),
        "why_1": _sentence(rng, 8),
        "why_2": _sentence(rng, 8),
    }


@dataclass
class _Writer:
    """Rows and facts gathered in memory, then inserted in batches."""

    keys: Keyring
    signing: dict[int, Any] = field(default_factory=dict)
    heads: dict[str, tuple[int, bytes]] = field(default_factory=dict)
    rows: dict[type[peewee.Model], list[dict[str, Any]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.aead = self.keys.cipher(self.keys.workbook_key())

    def add(self, row: peewee.Model) -> None:
        # Every column, None where the row has no value: insert_many takes its columns
        # from the first row of a batch, so every row must name the same ones.
        data = row.__data__
        key = row._meta.primary_key
        self.rows.setdefault(type(row), []).append({
            name: data.get(name) for name in row._meta.fields
            if name in data or key is False or name != key.name})

    def sealed(self, model: type[SealedRecord], plain: dict[str, Any],
               **values: str) -> SealedRecord:
        """A sealed row as ``write_new`` makes it (every sealed field, empty if not given)."""
        record = model(**plain)
        full = {name: values.get(name, "") for name in model.sealed_fields}
        record._seal_all(self.keys, full)
        self.add(record)
        return record

    def fact(self, stream: str, kind: str, at: dt.datetime,
             signers: Iterable[int] = (), **data: Any) -> None:
        """A fact as ``facts.record`` appends it (dated ``at``, signed by ``signers``)."""
        signed = sorted(signers)
        if signed:
            data["signers"] = signed
        seq, previous = self.heads.get(stream) or ledger._head(self.keys, stream)
        body, signatures, _ = ledger.seal_entry(
            self.aead, stream, seq, previous, kind,
            {p: self._signing_key(p) for p in signed}, {"at": at.isoformat(), **data})
        self.heads[stream] = (seq + 1, ledger._digest(previous, stream, seq, body))
        self.rows.setdefault(ledger.LedgerEntry, []).append(
            {"stream": stream, "seq": seq, "body": body, "signatures": signatures})

    def _signing_key(self, partner: int) -> Any:
        if partner not in self.signing:
            journal_key = self.keys.journal_key(partner)
            ledger.check_own_key(self.keys, partner, journal_key)
            self.signing[partner] = ledger.signing_key(journal_key)
        return self.signing[partner]

    def flush(self) -> None:
        """Insert what was gathered, parents first (agreements before what points at them)."""
        order = sorted(self.rows, key=lambda model: model is not Agreement)
        for model in order:
            rows = self.rows.pop(model)
            for start in range(0, len(rows), _BATCH):
                model.insert_many(rows[start:start + _BATCH]).execute()


def fill_agreements(vault: object, keys: Keyring, n: int, *,
                    states: Sequence[str] = MIX, seed: int = 0) -> list[str]:
    """Write ``n`` agreements in one transaction; their uuids, oldest first.

    ``keys`` must hold both partners' journal keys when any state past "proposed" is
    asked for (each confirmation is signed by its partner). ``vault`` is the open
    :class:`~models.vault.Vault` the rows go into (the models' database is the one it
    opened). ``states`` is cycled through; ``seed`` makes the words repeatable.
    """
    del vault  # the models' database proxy is already bound to it
    unknown = set(states) - set(STATES)
    if unknown or not states:
        raise ValueError(f"unknown states {sorted(unknown)}")
    rng = random.Random(seed)
    writer = _Writer(keys)
    first_id = (Agreement.select(peewee.fn.MAX(Agreement.id)).scalar() or 0) + 1
    # Each agreement a second after the one before, ending now: the list has an order.
    start = utc_now() - dt.timedelta(seconds=n)
    uuids = []
    with writing():
        for number in range(n):
            at = start + dt.timedelta(seconds=number)
            state = states[number % len(states)]
            uuids.append(_agreement(writer, rng, first_id + number, 1 + number % 2, state, at))
            if len(writer.rows.get(ledger.LedgerEntry, ())) > 20 * _BATCH:
                writer.flush()
        writer.flush()
    return uuids


def _agreement(writer: _Writer, rng: random.Random, row_id: int, author: int, state: str,
               at: dt.datetime) -> str:
    """One agreement through the steps its ``state`` needs, as the normal API takes them."""
    other = 3 - author
    agreement = Agreement(id=row_id, proposed_by=author, created_at=at, updated_at=at)
    stream = agreement_facts.stream_of(agreement.uuid)
    words = agreement_words(rng)

    def event(kind: str, partner: int | None, note: str = "") -> None:
        row = writer.sealed(AgreementEvent, {"agreement": row_id, "kind": kind,
                                             "partner": partner, "created_at": at,
                                             "updated_at": at}, note=note)
        writer.fact(stream, "event", at, event=row.uuid)

    # create
    revision = writer.sealed(AgreementRevision, {"agreement": row_id, "number": 1,
                                                 "author": author, "created_at": at}, **words)
    writer.fact(stream, "created", at, by=author, revision=revision.uuid,
                cadence=agreement.cadence_days)
    event("created", author)
    if state != "draft":
        # propose
        writer.fact(stream, "proposed", at, by=author)
        event("proposed", author)
        agreement.status, agreement.needs_discussion = "proposed", False
    if state in ("agreed", "paused", "change"):
        # confirm, each partner with their own signature
        digest = agreement_facts.words_digest(words)
        next_review = dt.date.today() + dt.timedelta(days=agreement.cadence_days)
        for partner in (author, other):
            writer.add(Confirmation(agreement=row_id, revision=1, partner=partner,
                                    confirmed_at=at,
                                    withdrawn_at=at if state == "paused" else None))
            writer.fact(stream, "confirmed", at, signers=(partner,), partner=partner,
                        number=1, words=digest, next_review_on=next_review.isoformat())
            event("confirmed", partner)
        agreement.status, agreement.agreed_revision, agreement.agreed_at = "agreed", 1, at
        agreement.next_review_on = next_review
        event("agreed", None)
    if state == "paused":
        # withdraw: the other partner pauses it, with a word why
        writer.fact(stream, "paused", at, by=other)
        event("withdrawn", other, _sentence(rng, 6))
        agreement.status, agreement.needs_discussion = "paused", True
    if state == "change":
        # propose_change, then edit the open revision in place (its record revision 2)
        change = writer.sealed(AgreementRevision, {"agreement": row_id, "number": 2,
                                                   "author": other, "created_at": at,
                                                   "revision": 2},
                               **{**words, "wording": _sentence(rng, 18)})
        agreement.current_revision = 2
        writer.fact(stream, "revision", at, by=other, number=2, revision=change.uuid,
                    carried=False, change=True)
        event("change_proposed", other)
    writer.add(agreement)
    return agreement.uuid


def fill_consent_items(vault: object, keys: Keyring, n: int, *,
                       answered_by: Sequence[int] = (), seed: int = 0) -> list[str]:
    """Add ``n`` consent items in one transaction (their uuids, in list order), and, for
    each partner in ``answered_by`` (whose journal key ``keys`` must hold), a private
    answer to every one of them, counted in that partner's manifest."""
    del vault
    rng = random.Random(seed)
    writer = _Writer(keys)
    position = ConsentItem.select(peewee.fn.MAX(ConsentItem.position)).scalar() or 0
    start = utc_now() - dt.timedelta(seconds=n)
    uuids = []
    with writing():
        for number in range(n):
            at = start + dt.timedelta(seconds=number)
            added_by = 1 + number % 2
            position += 1
            row = writer.sealed(ConsentItem, {"added_by": added_by, "position": position,
                                              "created_at": at, "updated_at": at},
                                label=_sentence(rng, 5)[:-1])
            writer.fact(consent_facts.STREAM, "added", at, item=row.uuid, by=added_by,
                        position=position)
            uuids.append(row.uuid)
        for owner in answered_by:
            added = []
            for item in uuids:
                answer = writer.sealed(
                    ConsentAnswer, {"owner": owner}, item=item,
                    answer=rng.choice(("yes", "maybe", "not_now", "no")), note="",
                    answered_at=utc_now().isoformat())
                added.append(answer.uuid)
            writer.flush()
            manifest.note(keys, owner, ConsentAnswer._meta.table_name, added=added)
        writer.flush()
    return uuids


def fill_journal(keys: Keyring, owner: int, texts: Sequence[str], *, seed: int = 0) -> list[str]:
    """Write one entry in ``owner``'s journal for each of ``texts``, in one transaction;
    their uuids, oldest first.

    Rows as :func:`models.journal.save_entry` writes them (every field sealed with the
    owner's journal key, which ``keys`` must hold), an hour apart ending now, titled
    with each text's first words, with a repeatable mix of feelings, safety ratings and
    tags (``seed``), and counted in the owner's manifest.
    """
    rng = random.Random(seed)
    writer = _Writer(keys)
    start = journal_now() - dt.timedelta(hours=len(texts))
    uuids = []
    with writing():
        for number, text in enumerate(texts):
            at = start + dt.timedelta(hours=number)
            draft = EntryDraft(
                title=" ".join(text.split()[:4]), body=text,
                feelings=tuple(f for f in FEELINGS if rng.random() < 0.15),
                safety=rng.choice((None, *range(11))),
                tags=tuple(t for t in TAGS if rng.random() < 0.1))
            row = JournalEntry(owner=owner)
            row._seal_all(keys, {"written_at": at.isoformat(), "title": draft.title,
                                 "body": text, "details": details_of(draft, at)})
            writer.add(row)
            uuids.append(row.uuid)
            if len(writer.rows[JournalEntry]) >= 20 * _BATCH:
                writer.flush()
        writer.flush()
        journal_counting.note(keys, owner, added=uuids)
    return uuids
