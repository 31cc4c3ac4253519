"""Boundary agreements: concrete wording both partners confirm, revisions and reviews.

Lifecycle (``Agreement.status``)::

    draft ──propose──► proposed ──both confirm──► agreed ──start_review──► under_review
      ▲                   ▲  ▲                      │                         │
      └─ (delete)         │  └──── edit ◄───────────┘◄────── keep ────────────┤
                          │                                   adjust (edit) ──┘
                      resume ◄── paused ◄── withdraw (any partner, any time) / pause
                                  retired ◄── retire (from anything but draft)

Every text is sealed with the workbook key in :class:`AgreementRevision` rows; the
:class:`Agreement` row holds only structure (status, dates, who proposed). A revision
stays *open* (edited in place, so autosave does not flood the history) until someone
confirms it; an edit after that starts a new revision. A change to the binding wording
of an agreed agreement sends it back to *proposed* until both confirm again; a change
only to a partner's "why it matters" does not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

import peewee

from models.db import BaseModel, writing
from models.errors import TrellisError
from models.keys import KeyBundle
from models.records import SharedRecord, new_uuid, utc_now
from models.session import Keyring

Status = Literal["draft", "proposed", "agreed", "under_review", "paused", "retired"]
Decision = Literal["keep", "adjust", "pause", "retire"]

CATEGORIES = (
    "intimacy", "sexual_consent", "contact_others", "phones", "transparency",
    "communication", "other",
)
TEXT_FIELDS = ("title", "category", "wording", "in_practice", "not_ok", "why_1", "why_2")
BINDING_FIELDS = ("title", "category", "wording", "in_practice", "not_ok")
REQUIRED_TO_PROPOSE = ("title", "wording")


class AgreementNotAllowed(TrellisError):
    """An action that the agreement's current state does not allow (``reason`` says which)."""

    key = "agreement_not_allowed"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class AgreementIncomplete(TrellisError):
    """Required fields are empty; ``fields`` names them so the editor can point at them."""

    key = "agreement_incomplete"

    def __init__(self, fields: tuple[str, ...]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


class Agreement(BaseModel):
    """One agreement's structure. Its words live in its revisions."""

    id = peewee.AutoField()
    uuid = peewee.CharField(unique=True, default=new_uuid)
    status = peewee.CharField(default="draft")
    proposed_by = peewee.IntegerField()
    current_revision = peewee.IntegerField(default=1)
    agreed_revision = peewee.IntegerField(null=True)
    agreed_at = peewee.DateTimeField(null=True)
    needs_discussion = peewee.BooleanField(default=False)
    cadence_days = peewee.IntegerField(default=14)
    next_review_on = peewee.DateField(null=True)
    created_at = peewee.DateTimeField(default=utc_now)
    updated_at = peewee.DateTimeField(default=utc_now)


class AgreementRevision(SharedRecord):
    """The words of one revision: all sealed with the workbook key."""

    sealed_fields = TEXT_FIELDS
    agreement = peewee.ForeignKeyField(Agreement, backref="revisions", on_delete="CASCADE")
    number = peewee.IntegerField()
    author = peewee.IntegerField()
    title = peewee.BlobField()
    category = peewee.BlobField()
    wording = peewee.BlobField()
    in_practice = peewee.BlobField()
    not_ok = peewee.BlobField()
    why_1 = peewee.BlobField()
    why_2 = peewee.BlobField()

    class Meta:
        indexes = ((("agreement", "number"), True),)


class Confirmation(BaseModel):
    """A partner confirmed a revision, having typed their own password just then."""

    agreement = peewee.ForeignKeyField(Agreement, backref="confirmations", on_delete="CASCADE")
    revision = peewee.IntegerField()
    partner = peewee.IntegerField()
    confirmed_at = peewee.DateTimeField(default=utc_now)
    withdrawn_at = peewee.DateTimeField(null=True)


class AgreementEvent(SharedRecord):
    """What happened to an agreement, when and by whom; an optional note is sealed."""

    sealed_fields = ("note",)
    agreement = peewee.ForeignKeyField(Agreement, backref="events", on_delete="CASCADE")
    kind = peewee.CharField()
    partner = peewee.IntegerField(null=True)
    note = peewee.BlobField()


class AgreementReview(SharedRecord):
    """A review: each partner's ratings and words are sealed; the decision is structure."""

    sealed_fields = ("rating_1", "rating_2", "follow_1", "follow_2", "helps", "hard")
    agreement = peewee.ForeignKeyField(Agreement, backref="reviews", on_delete="CASCADE")
    reviewed_on = peewee.DateField()
    decision = peewee.CharField()
    rating_1 = peewee.BlobField()
    rating_2 = peewee.BlobField()
    follow_1 = peewee.BlobField()
    follow_2 = peewee.BlobField()
    helps = peewee.BlobField()
    hard = peewee.BlobField()


TABLES = [Agreement, AgreementRevision, Confirmation, AgreementEvent, AgreementReview]


# -- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RevisionView:
    number: int
    author: int
    created_at: dt.datetime
    text: dict[str, str]


@dataclass(frozen=True)
class ReviewView:
    reviewed_on: dt.date
    decision: str
    ratings: dict[int, int]
    follow_through: dict[int, int]
    helps: str
    hard: str


@dataclass(frozen=True)
class EventView:
    kind: str
    partner: int | None
    at: dt.datetime
    note: str


@dataclass(frozen=True)
class AgreementView:
    """Everything about one agreement, opened in memory for the screen or a PDF."""

    uuid: str
    status: str
    proposed_by: int
    current: RevisionView
    agreed_revision: int | None
    agreed_at: dt.datetime | None
    confirmations: dict[int, dt.datetime]  # of the current revision, still standing
    needs_discussion: bool
    cadence_days: int
    next_review_on: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime

    def haystack(self) -> str:
        """All words of the current revision, folded for search as you type."""
        return "\n".join(self.current.text.values()).casefold()

    def review_due(self, today: dt.date) -> bool:
        return (
            self.status in ("agreed", "under_review")
            and self.next_review_on is not None
            and self.next_review_on <= today
        )


def _revision_row(agreement: Agreement, number: int | None = None) -> AgreementRevision:
    return AgreementRevision.get(
        (AgreementRevision.agreement == agreement)
        & (AgreementRevision.number == (number or agreement.current_revision))
    )


def _revision_view(keys: Keyring, row: AgreementRevision) -> RevisionView:
    return RevisionView(row.number, row.author, row.created_at, row.read(keys))


def _standing(agreement: Agreement, revision: int) -> dict[int, dt.datetime]:
    rows = Confirmation.select().where(
        (Confirmation.agreement == agreement)
        & (Confirmation.revision == revision)
        & Confirmation.withdrawn_at.is_null()
    )
    return {row.partner: row.confirmed_at for row in rows}


def view(keys: Keyring, agreement: Agreement) -> AgreementView:
    """Open one agreement's current revision and state."""
    return AgreementView(
        uuid=agreement.uuid,
        status=agreement.status,
        proposed_by=agreement.proposed_by,
        current=_revision_view(keys, _revision_row(agreement)),
        agreed_revision=agreement.agreed_revision,
        agreed_at=agreement.agreed_at,
        confirmations=_standing(agreement, agreement.current_revision),
        needs_discussion=agreement.needs_discussion,
        cadence_days=agreement.cadence_days,
        next_review_on=agreement.next_review_on,
        created_at=agreement.created_at,
        updated_at=agreement.updated_at,
    )


def all_agreements(keys: Keyring) -> list[AgreementView]:
    """Every agreement, opened, most recently changed first."""
    rows = Agreement.select().order_by(Agreement.updated_at.desc(), Agreement.id.desc())
    return [view(keys, row) for row in rows]


def get(uuid: str) -> Agreement:
    return Agreement.get(Agreement.uuid == uuid)


def revisions(keys: Keyring, uuid: str) -> list[RevisionView]:
    """Every revision of an agreement, oldest first."""
    rows = AgreementRevision.select().where(AgreementRevision.agreement == get(uuid))
    return [_revision_view(keys, row) for row in rows.order_by(AgreementRevision.number)]


def reviews(keys: Keyring, uuid: str) -> list[ReviewView]:
    """Every review of an agreement, newest first."""
    rows = AgreementReview.select().where(AgreementReview.agreement == get(uuid))
    result = []
    for row in rows.order_by(AgreementReview.reviewed_on.desc(), AgreementReview.id.desc()):
        text = row.read(keys)
        result.append(ReviewView(
            reviewed_on=row.reviewed_on, decision=row.decision,
            ratings={1: int(text["rating_1"]), 2: int(text["rating_2"])},
            follow_through={1: int(text["follow_1"]), 2: int(text["follow_2"])},
            helps=text["helps"], hard=text["hard"],
        ))
    return result


def events(keys: Keyring, uuid: str) -> list[EventView]:
    """What happened to an agreement, oldest first."""
    rows = AgreementEvent.select().where(AgreementEvent.agreement == get(uuid))
    return [
        EventView(row.kind, row.partner, row.created_at, row.read(keys)["note"])
        for row in rows.order_by(AgreementEvent.created_at, AgreementEvent.id)
    ]


def reviews_due(keys: Keyring, today: dt.date) -> list[AgreementView]:
    """Agreements whose review is due today or overdue, most overdue first."""
    due = [a for a in all_agreements(keys) if a.review_due(today)]
    return sorted(due, key=lambda a: a.next_review_on or today)


def search(agreements: list[AgreementView], query: str) -> list[AgreementView]:
    """Agreements whose words contain every word of ``query`` (in memory, no index)."""
    words = query.casefold().split()
    return [a for a in agreements if all(w in a.haystack() for w in words)]


# -- writing ---------------------------------------------------------------------------


def _event(keys: Keyring, agreement: Agreement, kind: str, partner: int | None,
           note: str = "") -> None:
    AgreementEvent.write_new(keys, {"agreement": agreement, "kind": kind, "partner": partner},
                             note=note)


def _touch(agreement: Agreement, **changes: Any) -> None:
    for name, value in changes.items():
        setattr(agreement, name, value)
    agreement.updated_at = utc_now()
    agreement.save()


def _clean(text: dict[str, str]) -> dict[str, str]:
    unknown = set(text) - set(TEXT_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    if "category" in text and text["category"] not in CATEGORIES:
        raise ValueError(f"unknown category {text['category']!r}")
    return text


def create(keys: Keyring, author: int, **text: str) -> AgreementView:
    """Start a draft written by ``author``. Empty fields are fine while drafting."""
    text = _clean(text)
    text.setdefault("category", "other")
    with writing():
        agreement = Agreement.create(proposed_by=author)
        AgreementRevision.write_new(
            keys, {"agreement": agreement, "number": 1, "author": author}, **text
        )
        _event(keys, agreement, "created", author)
    return view(keys, agreement)


def edit(keys: Keyring, uuid: str, author: int, **changes: str) -> AgreementView:
    """Save changed words (autosave calls this often).

    An open revision (nobody has confirmed it) is updated in place; otherwise a new
    revision starts. Changing binding words of an agreement that was agreed (or is
    being reviewed) sends it back to *proposed*.
    """
    changes = _clean(changes)
    agreement = get(uuid)
    if agreement.status == "retired":
        raise AgreementNotAllowed("retired")
    row = _revision_row(agreement)
    current = row.read(keys)
    changed = {k: v for k, v in changes.items() if current.get(k) != v}
    if not changed:
        return view(keys, agreement)
    binding = any(field in BINDING_FIELDS for field in changed)
    closed = bool(
        Confirmation.select().where(
            (Confirmation.agreement == agreement) & (Confirmation.revision == row.number)
        ).count()
    )
    with writing():
        if closed:
            number = agreement.current_revision + 1
            AgreementRevision.write_new(
                keys, {"agreement": agreement, "number": number, "author": author},
                **{**current, **changed},
            )
            agreement.current_revision = number
            _event(keys, agreement, "revised", author)
        else:
            row.rewrite(keys, {"author": author}, **changed)
        if binding and agreement.status in ("agreed", "under_review"):
            agreement.status = "proposed"
            _event(keys, agreement, "reopened", author)
        elif not binding and closed:
            # Only someone's "why it matters" changed: confirmations still stand.
            for partner in _standing(agreement, row.number):
                Confirmation.create(agreement=agreement, revision=agreement.current_revision,
                                    partner=partner)
            if agreement.status in ("agreed", "under_review"):
                agreement.agreed_revision = agreement.current_revision
        _touch(agreement)
    return view(keys, agreement)


def propose(keys: Keyring, uuid: str, partner: int) -> AgreementView:
    """Offer a draft (or a paused agreement) for both partners to confirm."""
    agreement = get(uuid)
    if agreement.status not in ("draft", "paused"):
        raise AgreementNotAllowed(f"propose_from_{agreement.status}")
    text = _revision_row(agreement).read(keys)
    missing = tuple(f for f in REQUIRED_TO_PROPOSE if not text[f].strip())
    if missing:
        raise AgreementIncomplete(missing)
    with writing():
        _event(keys, agreement, "resumed" if agreement.status == "paused" else "proposed", partner)
        _touch(agreement, status="proposed", needs_discussion=False)
    return view(keys, agreement)


def confirm(keys: Keyring, uuid: str, partner: int, proof: KeyBundle) -> AgreementView:
    """Record ``partner``'s confirmation of the current revision.

    ``proof`` is the bundle their password opened a moment ago (the UI asks for it);
    it must belong to this vault. When both have confirmed, the agreement is agreed
    and its first review is scheduled.
    """
    if proof.workbook_key != keys.workbook_key():
        raise AgreementNotAllowed("proof_from_elsewhere")
    agreement = get(uuid)
    if agreement.status != "proposed":
        raise AgreementNotAllowed(f"confirm_when_{agreement.status}")
    standing = _standing(agreement, agreement.current_revision)
    if partner in standing:
        return view(keys, agreement)
    with writing():
        Confirmation.create(agreement=agreement, revision=agreement.current_revision,
                            partner=partner)
        _event(keys, agreement, "confirmed", partner)
        if len(standing) + 1 == 2:
            today = dt.date.today()
            _touch(agreement, status="agreed", agreed_revision=agreement.current_revision,
                   agreed_at=utc_now(), needs_discussion=False,
                   next_review_on=today + dt.timedelta(days=agreement.cadence_days))
            _event(keys, agreement, "agreed", None)
        else:
            _touch(agreement)
    return view(keys, agreement)


def withdraw(keys: Keyring, uuid: str, partner: int, note: str = "") -> AgreementView:
    """Either partner withdraws consent, at any time, with one action.

    The agreement pauses and is flagged for a conversation; standing confirmations of
    the current revision are set aside (kept in the record, dated).
    """
    agreement = get(uuid)
    if agreement.status in ("draft", "retired"):
        raise AgreementNotAllowed(f"withdraw_when_{agreement.status}")
    with writing():
        Confirmation.update(withdrawn_at=utc_now()).where(
            (Confirmation.agreement == agreement)
            & (Confirmation.revision == agreement.current_revision)
            & Confirmation.withdrawn_at.is_null()
        ).execute()
        _event(keys, agreement, "withdrawn", partner, note)
        _touch(agreement, status="paused", needs_discussion=True)
    return view(keys, agreement)


def retire(keys: Keyring, uuid: str, partner: int, note: str = "") -> AgreementView:
    """Set an agreement aside for good; its words and history stay readable."""
    agreement = get(uuid)
    if agreement.status in ("draft", "retired"):
        raise AgreementNotAllowed(f"retire_when_{agreement.status}")
    with writing():
        _event(keys, agreement, "retired", partner, note)
        _touch(agreement, status="retired", next_review_on=None, needs_discussion=False)
    return view(keys, agreement)


def delete_draft(uuid: str) -> None:
    """Remove a draft nobody has proposed yet (nothing agreed is ever deleted)."""
    agreement = get(uuid)
    if agreement.status != "draft":
        raise AgreementNotAllowed(f"delete_when_{agreement.status}")
    with writing():
        agreement.delete_instance(recursive=True)


def set_cadence(uuid: str, days: int) -> None:
    """Review every ``days`` days; reschedules the next review from today if agreed."""
    if not 1 <= days <= 366:
        raise ValueError("cadence must be 1 to 366 days")
    agreement = get(uuid)
    # Review dates are the couple's calendar days: local dates, like review_due(today).
    changes: dict[str, Any] = {"cadence_days": days}
    if agreement.status in ("agreed", "under_review"):
        changes["next_review_on"] = dt.date.today() + dt.timedelta(days=days)
    with writing():
        _touch(agreement, **changes)


def start_review(keys: Keyring, uuid: str, partner: int) -> AgreementView:
    """Mark an agreed agreement as being reviewed."""
    agreement = get(uuid)
    if agreement.status not in ("agreed", "under_review"):
        raise AgreementNotAllowed(f"review_when_{agreement.status}")
    with writing():
        if agreement.status == "agreed":
            _event(keys, agreement, "review_started", partner)
        _touch(agreement, status="under_review")
    return view(keys, agreement)


def record_review(
    keys: Keyring, uuid: str, *, reviewed_on: dt.date, ratings: dict[int, int],
    follow_through: dict[int, int], helps: str, hard: str, decision: Decision,
    partner: int,
) -> AgreementView:
    """Save a review and act on its decision.

    keep → agreed, next review scheduled; adjust → stays under review until the words
    change (an edit then returns it to *proposed*); pause → paused for a conversation;
    retire → retired.
    """
    for value in (*ratings.values(), *follow_through.values()):
        if not 1 <= value <= 5:
            raise ValueError("ratings are 1 to 5")
    if set(ratings) != {1, 2} or set(follow_through) != {1, 2}:
        raise ValueError("a review has both partners' ratings")
    agreement = get(uuid)
    if agreement.status not in ("agreed", "under_review"):
        raise AgreementNotAllowed(f"review_when_{agreement.status}")
    with writing():
        AgreementReview.write_new(
            keys, {"agreement": agreement, "reviewed_on": reviewed_on, "decision": decision},
            rating_1=str(ratings[1]), rating_2=str(ratings[2]),
            follow_1=str(follow_through[1]), follow_2=str(follow_through[2]),
            helps=helps, hard=hard,
        )
        _event(keys, agreement, f"reviewed_{decision}", partner)
        next_review = reviewed_on + dt.timedelta(days=agreement.cadence_days)
        if decision == "keep":
            _touch(agreement, status="agreed", next_review_on=next_review)
        elif decision == "adjust":
            _touch(agreement, status="under_review", next_review_on=next_review)
        elif decision == "pause":
            _touch(agreement, status="paused", needs_discussion=True)
        else:
            _touch(agreement, status="retired", next_review_on=None)
    return view(keys, agreement)
