"""Reading agreements: each opened, verified against its facts, and what happened to it.

A loader returns what opened and, separately, a :class:`~models.damage.Damage` for each
agreement that did not, so one bad record never hides the rest (:func:`load_all`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar

import peewee

from models import ledger
from models.agreements import facts
from models.agreements.legacy import carry_over_legacy
from models.agreements.tables import (
    STATUSES,
    Agreement,
    AgreementEvent,
    AgreementReview,
    AgreementRevision,
    Confirmation,
    get,
    revision_row,
    standing_confirmations,
)
from models.agreements.views import AgreementView, EventView, ReviewView, RevisionView
from models.damage import LOW_LEVEL, Damage, RecordDamaged
from models.db import DB
from models.errors import NotUnlocked, TrellisError
from models.session import Keyring

T = TypeVar("T")
# Agreements whose revisions load_all holds at once: all 10,000 held 20 MiB beside the views.
_CHUNK = 500
M = TypeVar("M", bound=peewee.Model)


def _revision_view(keys: Keyring, row: AgreementRevision) -> RevisionView:
    return RevisionView(row.number, row.author, row.created_at, row.read(keys),
                        row.updated_at)


def _check_columns(agreement: Agreement) -> None:
    """Plain columns are an index, not the truth: refuse ones no Trellis ever wrote."""
    if agreement.status not in STATUSES:
        raise ValueError("unknown status")
    for name in ("current_revision", "proposed_by", "cadence_days"):
        if not isinstance(getattr(agreement, name), int):
            raise ValueError(f"{name} is not a number")
    for name in ("created_at", "updated_at"):
        if not isinstance(getattr(agreement, name), dt.datetime):
            raise ValueError(f"{name} is not a date")
    if agreement.agreed_at is not None and not isinstance(agreement.agreed_at, dt.datetime):
        raise ValueError("agreed_at is not a date")
    if agreement.next_review_on is not None and not isinstance(agreement.next_review_on,
                                                               dt.date):
        raise ValueError("next_review_on is not a date")


def _verified_revision(keys: Keyring, agreement: Agreement, derived: facts.Derived,
                       number: int, known: _Known | None = None) -> RevisionView:
    """The revision ``number``, if it is the one the facts name for this agreement."""
    row = known.revision(agreement, number) if known is not None else None
    if row is None:
        row = revision_row(agreement, number)
    if derived.revisions.get(number) != row.uuid:
        raise RecordDamaged(Damage("agreement", agreement.uuid, "state",
                                   f"revision {number} is not this agreement's"))
    return _revision_view(keys, row)


def view(keys: Keyring, agreement: Agreement) -> AgreementView:
    """Open one agreement's current revision, the words in force, and its state.

    The state comes from the agreement's verified facts (:mod:`models.agreements.facts`);
    plain columns that disagree with them are reported as damage.
    """
    return _open(keys, agreement, None)


def view_written(keys: Keyring, agreement: Agreement, revision: AgreementRevision,
                 standing: set[int]) -> AgreementView:
    """:func:`view` after a step that has just written ``revision`` (the current one)
    and knows who stands confirmed on it: neither is read back from the file."""
    return _open(keys, agreement, _Known.of([revision], {agreement.id: standing}))


def _open(keys: Keyring, agreement: Agreement, known: _Known | None) -> AgreementView:
    """:func:`view`, with what :func:`load_all` read for every agreement at once."""
    _check_columns(agreement)
    derived = known.derived(agreement.uuid) if known is not None else None
    if derived is None:
        derived = facts.derive(keys, agreement.uuid)
    facts.check(agreement.uuid, derived, agreement.__data__)
    # The confirmations table is an index too; it must agree with the facts (a fact the
    # index of the ledger lost, on a damaged page, shows up here).
    standing = known.standing(agreement) if known is not None else None
    if standing is None:
        standing = set(standing_confirmations(agreement, agreement.current_revision))
    if standing != set(derived.confirmations):
        raise RecordDamaged(Damage("agreement", agreement.uuid, "state",
                                   "confirmations differ"))
    current = _verified_revision(keys, agreement, derived, agreement.current_revision, known)
    in_force: RevisionView | None = None
    if derived.agreed is not None:
        in_force = (current if derived.agreed == current.number else
                    _verified_revision(keys, agreement, derived, derived.agreed, known))
        if derived.agreed_words is not None and (
                facts.words_digest(in_force.text) != derived.agreed_words):
            raise RecordDamaged(Damage("agreement", agreement.uuid, "words",
                                       "agreed words differ from what was confirmed"))
    return AgreementView(
        uuid=agreement.uuid,
        status=agreement.status,
        proposed_by=agreement.proposed_by,
        current=current,
        agreed_revision=agreement.agreed_revision,
        agreed_at=derived.agreed_at,
        confirmations=dict(derived.confirmations),
        needs_discussion=agreement.needs_discussion,
        cadence_days=agreement.cadence_days,
        next_review_on=agreement.next_review_on,
        created_at=derived.created_at or agreement.created_at,
        # When it last changed, from what is verified: its latest fact or the latest
        # words (sealed with their date); the plain column is only an index.
        updated_at=max(d for d in (derived.last_at, current.updated_at) if d is not None),
        in_force=in_force,
        in_force_confirmations=dict(derived.in_force_confirmations),
    )


def all_agreements(keys: Keyring) -> list[AgreementView]:
    """Every agreement that opens, most recently changed first (see :func:`load_all`
    for the ones that do not)."""
    return load_all(keys)[0]


# What a damaged row can raise while it is opened: a seal that does not open, a missing
# revision, a column edited to something that is not a date or a number.
_DAMAGE: tuple[type[Exception], ...] = (TrellisError, *LOW_LEVEL)


def _contained(what: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Reading one agreement's history: whatever a damaged row raises becomes
    :class:`RecordDamaged` for that agreement, never an unexpected error."""

    def wrap(read: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(read)
        def contained(keys: Keyring, uuid: str, *args: Any, **kwargs: Any) -> T:
            try:
                return read(keys, uuid, *args, **kwargs)
            except RecordDamaged:
                raise
            except _DAMAGE as exc:
                raise RecordDamaged(Damage("agreement", str(uuid), what,  # type: ignore[arg-type]
                                           type(exc).__name__)) from exc

        return contained

    return wrap


def load_all(keys: Keyring) -> tuple[list[AgreementView], list[Damage]]:
    """Every agreement, opened, most recently changed first, and the ones that could
    not be opened, each as a :class:`~models.damage.Damage` in its place.

    A few queries whatever the number of agreements (:class:`_Known`): the rows, their
    current and agreed revisions, their standing confirmations and every agreement's
    facts, each chain verified once while the keys are held.
    """
    return _load(keys, None)


def load_recent(keys: Keyring, limit: int = 100) -> tuple[list[AgreementView], list[Damage]]:
    """The ``limit`` agreements changed most recently, opened and verified as
    :func:`load_all` opens them, for a first screen to show before the rest loads (on a
    worker, with :func:`load_all`). The plain ``updated_at`` column only chooses which
    rows come first; they are listed by their verified dates, and what is verified here
    is not verified again by :func:`load_all` on the same thread. Agreements whose row
    is gone are reported by :func:`load_all` only."""
    return _load(keys, max(0, limit))


def _load(keys: Keyring, limit: int | None) -> tuple[list[AgreementView], list[Damage]]:
    views: list[AgreementView] = []
    damaged: list[Damage] = []
    table = Agreement._meta.table_name
    order = "id DESC" if limit is None else f"updated_at DESC, id DESC LIMIT {int(limit)}"
    try:
        carry_over_legacy(keys)
        # Rows as SQLite stores them, unconverted: one row with a column no field can
        # read must not stop the others from being listed.
        rows = DB.execute_sql(f"SELECT {_columns(Agreement)} FROM {table} "
                              f"ORDER BY {order}").fetchall()
    except RecordDamaged as exc:
        return [], [exc.damage]
    except LOW_LEVEL as exc:
        # The table itself cannot be read to the end: say so once, for the table.
        return [], [Damage(table, "", "record", type(exc).__name__)]
    names = [field.name for field in Agreement._meta.sorted_fields]
    id_at, uuid_at = names.index("id"), names.index("uuid")
    some = None if limit is None else [(raw[id_at], raw[uuid_at]) for raw in rows]
    # Every agreement's facts at once, their sealed revisions a chunk at a time (#9).
    known = _Known.read(keys, some, rows=some is not None)
    for start in range(0, len(rows), _CHUNK):
        if some is None:
            known.read_rows([raw[id_at] for raw in rows[start:start + _CHUNK]])
        for raw in rows[start:start + _CHUNK]:
            try:
                agreement = _instance(Agreement, raw)
                if agreement is None:  # a column no field can read: as a row read alone
                    agreement = Agreement.get_by_id(raw[id_at])
                views.append(_open(keys, agreement, known))
            except RecordDamaged as exc:
                damaged.append(exc.damage)
            except NotUnlocked:
                raise  # locked meanwhile: stop here, nothing is damaged
            except _DAMAGE as exc:
                damaged.append(Damage(table, str(raw[uuid_at]), "record",
                                      type(exc).__name__))
    if limit is None:
        damaged += _vanished(keys, {str(raw[uuid_at]) for raw in rows}, known)
    views.sort(key=lambda v: v.updated_at, reverse=True)
    return views, damaged


def _columns(model: type[peewee.Model]) -> str:
    return ", ".join(field.column_name for field in model._meta.sorted_fields)


def _instance(model: type[M], raw: tuple[Any, ...]) -> M | None:
    """A row of ``model`` from its raw columns (in ``_columns`` order), converted as
    peewee converts a row it selects; None when a column does not convert."""
    try:
        data = {field.name: field.python_value(value)
                for field, value in zip(model._meta.sorted_fields, raw, strict=True)}
    except LOW_LEVEL:
        return None
    # What peewee's Model(__no_default__=1, **data) then _dirty.clear() leaves, without
    # a descriptor call per column (a tenth of loading 10,000 agreements).
    row = model.__new__(model)
    row.__data__ = data
    row._dirty = set()  # type: ignore[attr-defined]
    row.__rel__ = {}
    return row


class _Known:
    """What :func:`load_all` reads for every agreement at once. Anything it could not
    read or convert is simply not known here: that agreement is then opened alone, as
    :func:`view` opens it, and reports its damage the same way."""

    def __init__(self) -> None:
        self.facts: dict[str, facts.Derived | RecordDamaged] | None = None
        self.revisions: dict[tuple[Any, Any], AgreementRevision | None] = {}
        self.confirmations: dict[Any, set[int]] | None = None
        self.unsure: set[Any] = set()  # agreements whose confirmations did not convert

    @classmethod
    def read(cls, keys: Keyring, some: list[tuple[Any, Any]] | None = None,
             rows: bool = True) -> _Known:
        """Everything :func:`load_all` needs, for every agreement or for ``some`` of them
        (ids and uuids: a first page); ``rows=False``: facts only (see :meth:`read_rows`)."""
        known = cls()
        try:
            known.facts = facts.derive_all(
                keys, None if some is None else [str(uuid) for _, uuid in some])
        except LOW_LEVEL:
            known.facts = None
        if rows:
            known.read_rows(None if some is None else [row_id for row_id, _ in some])
        return known

    def read_rows(self, ids: list[Any] | None) -> None:
        """The current and agreed revisions and the standing confirmations of the
        agreements ``ids`` (of every agreement: None), instead of those read before."""
        known, agreement = self, Agreement._meta.table_name
        known.revisions, known.unsure = {}, set()
        only = "" if ids is None else f" AND a.id IN ({', '.join('?' * len(ids))})"
        ids = ids or []
        try:
            # The current and the agreed revision of every agreement, in one query.
            columns = ", ".join(f"r.{field.column_name}"
                                for field in AgreementRevision._meta.sorted_fields)
            for raw in DB.execute_sql(
                    f"SELECT {columns} FROM {AgreementRevision._meta.table_name} AS r "
                    f"JOIN {agreement} AS a ON r.agreement_id = a.id AND "
                    "(r.number = a.current_revision OR r.number = a.agreed_revision)"
                    + only, ids):
                row = _instance(AgreementRevision, raw)
                if row is None:
                    continue
                where = (row.__data__.get("agreement"), row.number)
                # Two rows in one place (a damaged index): neither is trusted here.
                known.revisions[where] = None if where in known.revisions else row
        except LOW_LEVEL:
            known.revisions = {}
        try:
            standing: dict[Any, set[int]] = {}
            for agreement_id, partner in DB.execute_sql(
                    f"SELECT c.agreement_id, c.partner FROM "
                    f"{Confirmation._meta.table_name} AS c JOIN {agreement} AS a ON "
                    "c.agreement_id = a.id AND c.revision = a.current_revision "
                    "WHERE c.withdrawn_at IS NULL" + only, ids):
                try:
                    standing.setdefault(agreement_id, set()).add(
                        Confirmation.partner.python_value(partner))
                except LOW_LEVEL:
                    known.unsure.add(agreement_id)
            known.confirmations = standing
        except LOW_LEVEL:
            known.confirmations = None

    @classmethod
    def of(cls, revisions: list[AgreementRevision], standing: dict[Any, set[int]]) -> _Known:
        """What a step that just wrote these rows already knows (nothing of the facts)."""
        known = cls()
        known.revisions = {(row.__data__.get("agreement"), row.number): row
                           for row in revisions}
        known.confirmations = standing
        return known

    def derived(self, uuid: str) -> facts.Derived | None:
        """The agreement's verified facts; None when not read here (open it alone)."""
        found = None if self.facts is None else self.facts.get(uuid)
        if isinstance(found, RecordDamaged):
            raise found
        return found

    def revision(self, agreement: Agreement, number: int) -> AgreementRevision | None:
        return self.revisions.get((agreement.id, number))

    def standing(self, agreement: Agreement) -> set[int] | None:
        """Who stands confirmed on the current revision; None when not read here."""
        if self.confirmations is None or agreement.id in self.unsure:
            return None
        return self.confirmations.get(agreement.id, set())


def _vanished(keys: Keyring, listed: set[str], known: _Known | None = None) -> list[Damage]:
    """Agreements the facts know of whose row is gone (only a deleted draft may go)."""
    gone: list[Damage] = []
    if known is not None and known.facts is not None:
        for uuid, derived in known.facts.items():
            if uuid in listed:
                continue
            if isinstance(derived, RecordDamaged):
                gone.append(derived.damage)
            elif derived.status != "deleted":
                gone.append(Damage("agreement", uuid, "record", "missing"))
        return gone
    try:
        streams = ledger.streams("agreement/")
    except LOW_LEVEL as exc:
        return [Damage("ledger_entry", "", "record", type(exc).__name__)]
    for stream in streams:
        uuid = stream.partition("/")[2]
        if uuid in listed:
            continue
        try:
            if facts.derive(keys, uuid).status != "deleted":
                gone.append(Damage("agreement", uuid, "record", "missing"))
        except RecordDamaged as exc:
            gone.append(exc.damage)
    return gone


@_contained("history")
def revisions(keys: Keyring, uuid: str) -> list[RevisionView]:
    """Every version of an agreement that reads differently from the one before it,
    oldest first (a revision whose words came back to the same is not a new version)."""
    derived = facts.derive(keys, uuid)
    rows = AgreementRevision.select().where(AgreementRevision.agreement == get(uuid))
    result: list[RevisionView] = []
    seen: set[int] = set()
    for row in rows.order_by(AgreementRevision.number):
        if derived.revisions.get(row.number) != row.uuid:
            raise RecordDamaged(Damage("agreement", uuid, "history",
                                       f"revision {row.number} is not this agreement's"))
        seen.add(row.number)
        revision = _revision_view(keys, row)
        if result and result[-1].text == revision.text:
            continue
        result.append(revision)
    if set(derived.revisions) - seen:
        # A revision the facts name is gone, or an index no longer finds it (a file
        # opened without reading every page: the history is damaged, never shorter).
        raise RecordDamaged(Damage("agreement", uuid, "history", "a revision is missing"))
    return result


def rating(value: str) -> int | None:
    """A stored rating: a number 1 to 5, or None for "rather not rate"."""
    return int(value) if value else None


@_contained("history")
def reviews(keys: Keyring, uuid: str) -> list[ReviewView]:
    """Every review of an agreement, newest first. A review the agreement's facts do not
    name (or name as done alone when it says together) is damage."""
    derived = facts.derive(keys, uuid)
    rows = AgreementReview.select().where(AgreementReview.agreement == get(uuid))
    result = []
    seen: set[str] = set()
    for row in rows.order_by(AgreementReview.reviewed_on.desc(), AgreementReview.id.desc()):
        facts.check_review(uuid, derived, row.uuid, row.__data__)
        seen.add(row.uuid)
        text = row.read(keys)
        result.append(ReviewView(
            reviewed_on=row.reviewed_on, decision=row.decision,
            ratings={1: rating(text["rating_1"]), 2: rating(text["rating_2"])},
            follow_through={1: rating(text["follow_1"]), 2: rating(text["follow_2"])},
            helps=text["helps"], hard=text["hard"],
            together=row.together, by_partner=row.by_partner,
        ))
    if set(derived.review_facts) - seen:
        # A review the facts name is gone (deleted, or moved to another agreement).
        raise RecordDamaged(Damage("agreement", uuid, "history", "a review is missing"))
    return result


@_contained("history")
def events(keys: Keyring, uuid: str) -> list[EventView]:
    """What happened to an agreement, oldest first; every line the facts name, no more."""
    derived = facts.derive(keys, uuid)
    rows = list(AgreementEvent.select().where(AgreementEvent.agreement == get(uuid)))
    if {row.uuid for row in rows} != set(derived.events):
        raise RecordDamaged(Damage("agreement", uuid, "history", "what happened differs"))
    # In the order the facts name them (dates and ids are only an index); lines from
    # before facts were kept come first, by date.
    order = {event: n for n, event in enumerate(derived.events)}
    rows.sort(key=lambda row: (order.get(row.uuid, -1), row.created_at, row.id))
    return [EventView(row.kind, row.partner, row.created_at, row.read(keys)["note"])
            for row in rows]


def reviews_due(keys: Keyring, today: dt.date) -> list[AgreementView]:
    """Agreements whose review is due today or overdue, most overdue first."""
    due = [a for a in all_agreements(keys) if a.review_due(today)]
    return sorted(due, key=lambda a: a.next_review_on or today)


def search(agreements: list[AgreementView], query: str) -> list[AgreementView]:
    """Agreements whose words contain every word of ``query`` (in memory, no index)."""
    words = query.casefold().split()
    return [a for a in agreements if all(w in a.haystack() for w in words)]
