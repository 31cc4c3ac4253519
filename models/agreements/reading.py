"""Reading agreements: each opened, verified against its facts, and what happened to it.

A loader returns what opened and, separately, a :class:`~models.damage.Damage` for each
agreement that did not, so one bad record never hides the rest (:func:`load_all`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar

from models import ledger
from models.agreements import facts
from models.agreements.legacy import carry_over_legacy
from models.agreements.tables import (
    STATUSES,
    Agreement,
    AgreementEvent,
    AgreementReview,
    AgreementRevision,
    get,
    revision_row,
    standing_confirmations,
)
from models.agreements.views import AgreementView, EventView, ReviewView, RevisionView
from models.damage import LOW_LEVEL, Damage, RecordDamaged
from models.db import DB
from models.errors import TrellisError
from models.session import Keyring

T = TypeVar("T")


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
                       number: int) -> RevisionView:
    """The revision ``number``, if it is the one the facts name for this agreement."""
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
    _check_columns(agreement)
    derived = facts.derive(keys, agreement.uuid)
    facts.check(agreement.uuid, derived, agreement.__data__)
    # The confirmations table is an index too; it must agree with the facts (a fact the
    # index of the ledger lost, on a damaged page, shows up here).
    standing = standing_confirmations(agreement, agreement.current_revision)
    if set(standing) != set(derived.confirmations):
        raise RecordDamaged(Damage("agreement", agreement.uuid, "state",
                                   "confirmations differ"))
    current = _verified_revision(keys, agreement, derived, agreement.current_revision)
    in_force: RevisionView | None = None
    if derived.agreed is not None:
        in_force = (current if derived.agreed == current.number else
                    _verified_revision(keys, agreement, derived, derived.agreed))
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
    not be opened, each as a :class:`~models.damage.Damage` in its place."""
    views: list[AgreementView] = []
    damaged: list[Damage] = []
    table = Agreement._meta.table_name
    try:
        carry_over_legacy(keys)
        # Ids and uuids as SQLite stores them, unconverted: one row with a column no
        # field can read must not stop the others from being listed.
        ids = DB.execute_sql(f"SELECT id, uuid FROM {table} ORDER BY id DESC").fetchall()
    except RecordDamaged as exc:
        return [], [exc.damage]
    except LOW_LEVEL as exc:
        # The table itself cannot be read to the end: say so once, for the table.
        return [], [Damage(table, "", "record", type(exc).__name__)]
    for row_id, uuid in ids:
        try:
            views.append(view(keys, Agreement.get_by_id(row_id)))
        except RecordDamaged as exc:
            damaged.append(exc.damage)
        except _DAMAGE as exc:
            damaged.append(Damage(table, str(uuid), "record", type(exc).__name__))
    damaged += _vanished(keys, {str(uuid) for _, uuid in ids})
    views.sort(key=lambda v: v.updated_at, reverse=True)
    return views, damaged


def _vanished(keys: Keyring, listed: set[str]) -> list[Damage]:
    """Agreements the facts know of whose row is gone (only a deleted draft may go)."""
    gone: list[Damage] = []
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
    for row in rows.order_by(AgreementRevision.number):
        if derived.revisions.get(row.number) != row.uuid:
            raise RecordDamaged(Damage("agreement", uuid, "history",
                                       f"revision {row.number} is not this agreement's"))
        revision = _revision_view(keys, row)
        if result and result[-1].text == revision.text:
            continue
        result.append(revision)
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
