"""Check a workbook file without changing it: SQLite's own full check of the file's
structure, then every record the signed-in partners can open, one by one.

Help → Check this workbook file… runs :func:`check_file` off the GUI thread; the
command line can print the same :class:`FileReport`. Nothing here writes, migrates or
repairs. Private records are checked only for a partner whose journal key the keyring
holds; the report says nothing about anyone else's private records, not even how many.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

import peewee

from models import agreements, consent, journal, ledger, narrative, needs
from models.agreements import facts as agreement_facts
from models.consent import facts as consent_facts
from models.damage import LOW_LEVEL, Damage, RecordDamaged
from models.db import DB, own_connection
from models.errors import TrellisError
from models.journal import CopingPlanRow, JournalEntry, SharedPassageRow
from models.narrative import counting as narrative_counting
from models.narrative import facts as narrative_facts
from models.needs import conversation_tables as needs_conversations
from models.needs import counting as needs_counting
from models.records import PrivateRecord, SealedRecord
from models.session import Keyring

# Every table that holds sealed words, in the order the report lists them.
SEALED: tuple[type[SealedRecord], ...] = (
    agreements.AgreementRevision,
    agreements.AgreementEvent,
    agreements.AgreementReview,
    agreements.ReviewRating,
    consent.ConsentItem,
    consent.ConsentAnswer,
    consent.ConsentReveal,
    JournalEntry,
    CopingPlanRow,
    SharedPassageRow,
    narrative.NarrativeDraft,
    narrative.NarrativePiece,
    narrative.NarrativeJoint,
    *needs.TABLES,
    *needs_conversations.TABLES,
)
PROBLEM_LINES = 50  # SQLite stops listing structural problems after this many

# What opening one damaged row can raise: a seal that does not open, a column edited
# into something that is not bytes, sealed JSON that is not Trellis's.
_DAMAGE: tuple[type[Exception], ...] = (TrellisError, *LOW_LEVEL)


@dataclass(frozen=True)
class FileReport:
    """What the check found. Holds no words from the file, only counts, table names,
    record ids and SQLite's own technical lines."""

    structure_ok: bool
    structure_problems: tuple[str, ...]
    opened: int  # records (agreements and sealed rows) that opened and verified
    damaged: tuple[Damage, ...]

    @property
    def ok(self) -> bool:
        return self.structure_ok and not self.damaged


def _structure() -> tuple[bool, tuple[str, ...]]:
    """``PRAGMA integrity_check``: unlike ``quick_check`` it also compares every index
    with its table, so rows an index has lost are found."""
    try:
        rows = DB.execute_sql(f"PRAGMA integrity_check({PROBLEM_LINES})").fetchall()
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        return False, (type(exc).__name__,)
    lines = tuple(str(row[0]) for row in rows)
    return lines == ("ok",), () if lines == ("ok",) else lines


def _sealed_rows(keys: Keyring, model: type[SealedRecord]) -> tuple[int, list[Damage]]:
    """Open every row of ``model`` the keyring may open; each that fails is damage."""
    table = model._meta.table_name
    query = model.select()
    if issubclass(model, PrivateRecord):
        held = [p for p in (1, 2) if keys.holds_journal(p)]
        if not held:
            return 0, []
        query = query.where(model.owner.in_(held))
    opened = 0
    damaged: list[Damage] = []
    try:
        for row in query.order_by(model.id):
            try:
                values = row.read(keys)
                if model is consent.ConsentReveal:
                    outcomes = json.loads(values["outcomes"])
                    if not isinstance(outcomes, dict):
                        raise ValueError("outcomes are not a mapping")
            except _DAMAGE as exc:
                damaged.append(Damage(table, str(row.uuid), "words", type(exc).__name__))
            else:
                opened += 1
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        # The table itself could not be read to the end: say so once, for the table.
        damaged.append(Damage(table, "", "record", type(exc).__name__))
    return opened, damaged


def check_file(keys: Keyring) -> FileReport:
    """Check the open workbook file with ``keys``; changes nothing.

    Safe to call from a worker thread while the keyring stays unlocked (the UI waits
    for it before locking). Nothing the session remembers is taken on trust: every
    chain of facts is verified again.
    """
    keys = keys.forgetful()
    try:
        return _check(keys)
    finally:
        keys.clear()


def _check(keys: Keyring) -> FileReport:
    with own_connection():
        structure_ok, problems = _structure()
        opened = 0
        damaged: list[Damage] = []
        views: list[agreements.AgreementView] = []
        try:
            views, hurt = agreements.load_all(keys)
            opened += len(views)
            damaged += hurt
        except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
            damaged.append(Damage(agreements.Agreement._meta.table_name, "", "record",
                                  type(exc).__name__))
        for model in SEALED:
            count, hurt = _sealed_rows(keys, model)
            opened += count
            damaged += hurt
        damaged += _facts(keys, {v.uuid for v in views})
    return FileReport(structure_ok, problems, opened, tuple(dict.fromkeys(damaged)))


def _facts(keys: Keyring, opened_agreements: set[str]) -> list[Damage]:
    """Every chain of facts: each agreement's (its reviews named by its facts; a chain
    with no agreement row must end with the draft being deleted), the check-in's and
    the shared passages'."""
    damaged: list[Damage] = []
    rows = {row.uuid for row in agreements.Agreement.select(agreements.Agreement.uuid)}
    for stream in ledger.streams("agreement/"):
        uuid = stream.partition("/")[2]
        try:
            derived = agreement_facts.derive(keys, uuid)
            if uuid not in rows and derived.status != "deleted":
                raise RecordDamaged(Damage("agreement", uuid, "record", "missing"))
            if uuid in opened_agreements:
                agreements.reviews(keys, uuid)
        except RecordDamaged as exc:
            damaged.append(exc.damage)
        except _DAMAGE as exc:
            damaged.append(Damage("agreement", uuid, "state", type(exc).__name__))
    try:
        consent_facts.derive(keys)
        _, hurt = consent.load_items(keys)
        damaged += hurt
        _, reveal = consent.load_latest_reveal(keys)
        if reveal is not None:
            damaged.append(reveal)
    except RecordDamaged as exc:
        damaged.append(exc.damage)
    damaged += journal.load_passages(keys)[1]  # shared passages and their signed facts
    damaged += _narrative(keys)
    damaged += _needs(keys)
    return damaged


def _narrative(keys: Keyring) -> list[Damage]:
    """Narrative re-authoring's streams: shared pieces and the joint story with their
    rows, the roles, and the drafts' count of each partner whose key is held."""
    damaged = narrative.load_shared(keys)[1] + narrative.load_joint(keys)[1]
    for check in (narrative_facts.roles, _narrative_counts):
        try:
            check(keys)
        except RecordDamaged as exc:
            damaged.append(exc.damage)
        except _DAMAGE as exc:
            damaged.append(Damage("narrative", "", "state", type(exc).__name__))
    return damaged


def _narrative_counts(keys: Keyring) -> None:
    for owner in (1, 2):
        if keys.holds_journal(owner) and narrative_counting.started(keys, owner):
            narrative_counting.check(keys, owner, narrative_counting.draft_uuids(owner))


def _needs(keys: Keyring) -> list[Damage]:
    """The needs map's streams: shared needs, commitments and their notes with their
    rows, the conversations' (misattunements, reviews), and the drafts' count of each
    partner whose key is held."""
    from models.needs import misattunement, reviews

    damaged: list[Damage] = []
    for load in (needs.load_needs, needs.load_commitments, needs.load_notes,
                 misattunement.load_misattunements, reviews.load_reviews):
        try:
            damaged += load(keys)[1]
        except RecordDamaged as exc:
            damaged.append(exc.damage)
        except _DAMAGE as exc:
            damaged.append(Damage("needs", "", "state", type(exc).__name__))
    for owner in (1, 2):
        try:
            if keys.holds_journal(owner) and needs_counting.started(keys, owner):
                needs_counting.check(keys, owner, needs_counting.draft_uuids(owner))
        except RecordDamaged as exc:
            damaged.append(exc.damage)
        except _DAMAGE as exc:
            damaged.append(Damage("needs", "", "state", type(exc).__name__))
    return damaged
