"""Boundary agreements: concrete wording both partners confirm, revisions and reviews.

Lifecycle (``Agreement.status``)::

    draft ──propose──► proposed ──both confirm──► agreed ──start_review──► under_review
      ▲                   ▲                         │  ▲                      │
      └─ (delete)         │                         │  └── decide: keep ──────┤
                          │                         │      (both passwords)   │
                      resume ◄── paused ◄── pause (either partner, alone, at once)
                                  retired ◄── retire (both passwords once agreed)

Caution takes one partner; loosening takes both (:mod:`models.rules`). Once an
agreement has been agreed, its agreed words stay **in force** — while it is paused,
while a change is proposed, while it is being reviewed — until both partners confirm
new words, each with their own fresh password. Typing never changes a status: the
agreed words cannot be edited at all; a partner *proposes a change*, which is a new
revision beside the agreed one (``pending_change``), and discarding it loses nothing
because nothing agreed was touched. Only each partner's own "why it matters" can be
edited in place.

Every text is sealed with the workbook key in :class:`AgreementRevision` rows; the
:class:`Agreement` row holds only structure (status, dates, who proposed). A revision
stays *open* (edited in place, so autosave does not flood the history) until someone
confirms it; an edit after that starts a new revision.

Reviews record what really happened: each partner rates privately
(:class:`ReviewRating`, sealed with their own journal key, "rather not rate" allowed);
the ratings are revealed into the shared :class:`AgreementReview` only when both decide
together with their passwords. A review noted by one partner alone is stored and shown
as done alone by that partner, with no decision.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import peewee

from models import ledger, manifest
from models.agreements import facts
from models.damage import LOW_LEVEL, Damage, RecordDamaged, contained
from models.db import DB, BaseModel, writing
from models.errors import TrellisError
from models.keys import KeyBundle
from models.proof import FreshProof, require_both, require_owner
from models.records import PrivateRecord, SharedRecord, new_uuid, utc_now
from models.session import Keyring

T = TypeVar("T")
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
    echoed = ("agreement", "number", "author", "created_at", "updated_at")
    agreement = peewee.ForeignKeyField(Agreement, backref="revisions", on_delete="CASCADE")
    number = peewee.IntegerField()
    author = peewee.IntegerField()
    echo = peewee.BlobField(null=True)
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
    echoed = ("agreement", "kind", "partner", "created_at")
    agreement = peewee.ForeignKeyField(Agreement, backref="events", on_delete="CASCADE")
    kind = peewee.CharField()
    partner = peewee.IntegerField(null=True)
    echo = peewee.BlobField(null=True)
    note = peewee.BlobField()


class AgreementReview(SharedRecord):
    """A review: ratings and words are sealed; the decision and who was there are structure.

    ``together`` is True for a review both decided with their passwords, False for one
    noted by ``by_partner`` alone (no decision, no ratings), None for reviews saved
    before Trellis recorded who was present. An empty rating is "rather not rate".
    """

    sealed_fields = ("rating_1", "rating_2", "follow_1", "follow_2", "helps", "hard")
    echoed = ("agreement", "reviewed_on", "decision", "together", "by_partner")
    echo = peewee.BlobField(null=True)
    agreement = peewee.ForeignKeyField(Agreement, backref="reviews", on_delete="CASCADE")
    reviewed_on = peewee.DateField()
    decision = peewee.CharField()
    together = peewee.BooleanField(null=True)
    by_partner = peewee.IntegerField(null=True)
    rating_1 = peewee.BlobField()
    rating_2 = peewee.BlobField()
    follow_1 = peewee.BlobField()
    follow_2 = peewee.BlobField()
    helps = peewee.BlobField()
    hard = peewee.BlobField()


class ReviewRating(PrivateRecord):
    """One partner's private rating before a review is decided; even which agreement it
    is for is sealed, under their own journal key."""

    sealed_fields = ("agreement_uuid", "works", "follow", "rated_at")
    agreement_uuid = peewee.BlobField()
    works = peewee.BlobField()
    follow = peewee.BlobField()
    rated_at = peewee.BlobField()


TABLES = [Agreement, AgreementRevision, Confirmation, AgreementEvent, AgreementReview]
ECHOED = [AgreementRevision, AgreementEvent, AgreementReview]
TABLES_V3 = [ReviewRating]


# -- reading ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RevisionView:
    number: int
    author: int
    created_at: dt.datetime
    text: dict[str, str]
    updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class ReviewView:
    """A review as recorded; a rating of None means "rather not rate" (or not given)."""

    reviewed_on: dt.date
    decision: str  # "" for a review noted alone
    ratings: dict[int, int | None]
    follow_through: dict[int, int | None]
    helps: str
    hard: str
    together: bool | None = True
    by_partner: int | None = None


@dataclass(frozen=True)
class MyRating:
    """A partner's own rating, waiting to be revealed when the review is decided."""

    works: int | None
    follow: int | None


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
    in_force: RevisionView | None = None  # the agreed words, whatever else is going on
    in_force_confirmations: dict[int, dt.datetime] = field(default_factory=dict)

    @property
    def pending_change(self) -> bool:
        """A change has been proposed beside the agreed words, not yet confirmed by both."""
        return (self.in_force is not None and self.status != "retired"
                and self.current.number != self.in_force.number)

    @property
    def words_locked(self) -> bool:
        """The binding words are agreed: change them only through a proposed change."""
        return (self.in_force is not None and self.status != "retired"
                and not self.pending_change)

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
    return RevisionView(row.number, row.author, row.created_at, row.read(keys),
                        row.updated_at)


def _standing(agreement: Agreement, revision: int) -> dict[int, dt.datetime]:
    rows = Confirmation.select().where(
        (Confirmation.agreement == agreement)
        & (Confirmation.revision == revision)
        & Confirmation.withdrawn_at.is_null()
    )
    return {row.partner: row.confirmed_at for row in rows}


STATUSES = ("draft", "proposed", "agreed", "under_review", "paused", "retired")


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
    row = _revision_row(agreement, number)
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
    if set(_standing(agreement, agreement.current_revision)) != set(derived.confirmations):
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


LEGACY_FACT = "legacy_agreements"  # VaultFact: agreements from before facts were kept


def _carry_over_legacy(keys: Keyring) -> None:
    """Once, after the step that introduced facts: write a baseline fact for each
    agreement that existed before, from its plain columns (unsigned, and marked as
    carried over). The list of those agreements is then gone, so an agreement whose
    facts go missing later is damage, never a new baseline."""
    from models.schema import VaultFact

    listed = VaultFact.get_or_none(VaultFact.name == LEGACY_FACT)
    if listed is None:
        return
    with writing():
        for uuid in json.loads(listed.value):
            agreement = Agreement.get_or_none(Agreement.uuid == uuid)
            if agreement is None or ledger.streams(facts.stream_of(uuid)):
                continue
            _baseline(keys, agreement)
        listed.delete_instance()


def _baseline(keys: Keyring, agreement: Agreement) -> None:
    revisions = {row.number: row.uuid for row in AgreementRevision.select().where(
        AgreementRevision.agreement == agreement)}
    agreed_words = None
    if agreement.agreed_revision is not None:
        agreed_words = facts.words_digest(
            _revision_row(agreement, agreement.agreed_revision).read(keys))
    reviews = [row.uuid for row in AgreementReview.select().where(
        AgreementReview.agreement == agreement)]
    facts.record(
        keys, agreement.uuid, "baseline", status=agreement.status,
        current=agreement.current_revision, agreed=agreement.agreed_revision,
        agreed_at=agreement.agreed_at, agreed_words=agreed_words,
        revisions={str(n): u for n, u in revisions.items()},
        confirmations={str(p): at.isoformat() for p, at in
                       _standing(agreement, agreement.current_revision).items()},
        in_force_confirmations=(
            {str(p): at.isoformat() for p, at in
             _standing(agreement, agreement.agreed_revision).items()}
            if agreement.agreed_revision is not None else {}),
        needs_discussion=agreement.needs_discussion,
        next_review_on=agreement.next_review_on, cadence=agreement.cadence_days,
        reviews=reviews,
        events=[row.uuid for row in AgreementEvent.select().where(
            AgreementEvent.agreement == agreement).order_by(AgreementEvent.created_at,
                                                            AgreementEvent.id)],
    )


def load_all(keys: Keyring) -> tuple[list[AgreementView], list[Damage]]:
    """Every agreement, opened, most recently changed first, and the ones that could
    not be opened, each as a :class:`~models.damage.Damage` in its place."""
    views: list[AgreementView] = []
    damaged: list[Damage] = []
    table = Agreement._meta.table_name
    try:
        _carry_over_legacy(keys)
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


def get(uuid: str) -> Agreement:
    row = Agreement.get(Agreement.uuid == uuid)
    if row.uuid != uuid:  # a damaged index can lead to another row: never trust it
        raise RecordDamaged(Damage("agreement", uuid, "record", "index leads elsewhere"))
    return row


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


def _rating(value: str) -> int | None:
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
            ratings={1: _rating(text["rating_1"]), 2: _rating(text["rating_2"])},
            follow_through={1: _rating(text["follow_1"]), 2: _rating(text["follow_2"])},
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


# -- writing ---------------------------------------------------------------------------


def _event(keys: Keyring, agreement: Agreement, kind: str, partner: int | None,
           note: str = "") -> None:
    row = AgreementEvent.write_new(
        keys, {"agreement": agreement, "kind": kind, "partner": partner}, note=note)
    # The facts name every line of "what happened", so a removed line is noticed.
    facts.record(keys, agreement.uuid, "event", event=row.uuid)


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
        revision = AgreementRevision.write_new(
            keys, {"agreement": agreement, "number": 1, "author": author}, **text
        )
        facts.record(keys, agreement.uuid, "created", by=author, revision=revision.uuid,
                     cadence=agreement.cadence_days)
        _event(keys, agreement, "created", author)
    return view(keys, agreement)


def edit(keys: Keyring, uuid: str, author: int, **changes: str) -> AgreementView:
    """Save changed words (autosave calls this often). Never changes the status.

    An open revision (nobody has confirmed it) is updated in place; otherwise a new
    revision starts. While words are agreed and no change is proposed, only the
    partners' own "why it matters" can change (the confirmations carry over); the
    binding words are refused — propose a change first.
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
    locked = (agreement.agreed_revision is not None
              and agreement.current_revision == agreement.agreed_revision)
    if binding and locked:
        raise AgreementNotAllowed("propose_change_first")
    closed = bool(
        Confirmation.select().where(
            (Confirmation.agreement == agreement) & (Confirmation.revision == row.number)
        ).count()
    )
    with writing():
        if closed:
            number = agreement.current_revision + 1
            words = {**current, **changed}
            revision = AgreementRevision.write_new(
                keys, {"agreement": agreement, "number": number, "author": author}, **words
            )
            agreement.current_revision = number
            facts.record(keys, agreement.uuid, "revision", by=author, number=number,
                         revision=revision.uuid, carried=locked,
                         words=facts.words_digest(words))
            _event(keys, agreement, "revised", author)
        else:
            row.rewrite(keys, {"author": author}, **changed)
        if locked and closed:
            # Only someone's "why it matters" changed: the agreed words and their
            # confirmations stand, now on the new revision.
            for partner in _standing(agreement, row.number):
                Confirmation.create(agreement=agreement, revision=agreement.current_revision,
                                    partner=partner)
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
        kind = "resumed" if agreement.status == "paused" else "proposed"
        facts.record(keys, agreement.uuid, kind, by=partner)
        _event(keys, agreement, kind, partner)
        _touch(agreement, status="proposed", needs_discussion=False)
    return view(keys, agreement)


def propose_change(keys: Keyring, uuid: str, partner: int) -> AgreementView:
    """Start a proposed change beside the agreed words (either partner, alone).

    The new revision starts as a copy of the agreed words; the agreed words stay in
    force until both confirm the change. Asking again while one is open does nothing.
    """
    agreement = get(uuid)
    if agreement.agreed_revision is None or agreement.status == "retired":
        raise AgreementNotAllowed(f"change_when_{agreement.status}")
    if agreement.current_revision != agreement.agreed_revision:
        return view(keys, agreement)
    words = _revision_row(agreement).read(keys)
    number = agreement.current_revision + 1
    with writing():
        revision = AgreementRevision.write_new(
            keys, {"agreement": agreement, "number": number, "author": partner}, **words
        )
        agreement.current_revision = number
        facts.record(keys, agreement.uuid, "revision", by=partner, number=number,
                     revision=revision.uuid, carried=False, change=True)
        _event(keys, agreement, "change_proposed", partner)
        _touch(agreement)
    return view(keys, agreement)


def discard_change(keys: Keyring, uuid: str, partner: int) -> AgreementView:
    """Set a proposed change aside; the agreed words, which never moved, stay."""
    agreement = get(uuid)
    agreed = agreement.agreed_revision
    if agreed is None or agreement.current_revision == agreed:
        raise AgreementNotAllowed("no_change_proposed")
    with writing():
        Confirmation.delete().where(
            (Confirmation.agreement == agreement) & (Confirmation.revision > agreed)
        ).execute()
        AgreementRevision.delete().where(
            (AgreementRevision.agreement == agreement) & (AgreementRevision.number > agreed)
        ).execute()
        agreement.current_revision = agreed
        facts.record(keys, agreement.uuid, "change_discarded", by=partner)
        _event(keys, agreement, "change_discarded", partner)
        _touch(agreement)
    return view(keys, agreement)


def confirm(keys: Keyring, uuid: str, partner: int, proof: FreshProof) -> AgreementView:
    """Record ``partner``'s confirmation of the current words.

    ``proof`` must be ``partner``'s own fresh password proof (the UI asks for it at
    that moment). It shows that this partner was at the keyboard, nothing more. When
    both have confirmed, those words are agreed and in force, and the next review is
    scheduled. Confirming a proposed change that reads the same as the agreed words is
    refused: there is nothing new to agree.
    """
    journal_key = require_owner(keys, proof, partner)
    agreement = get(uuid)
    pending = (agreement.agreed_revision is not None
               and agreement.current_revision != agreement.agreed_revision
               and agreement.status != "retired")
    if agreement.status != "proposed" and not pending:
        raise AgreementNotAllowed(f"confirm_when_{agreement.status}")
    if pending:
        proposed = _revision_row(agreement).read(keys)
        agreed = _revision_row(agreement, agreement.agreed_revision).read(keys)
        if proposed == agreed:
            raise AgreementNotAllowed("change_reads_the_same")
    before = view(keys, agreement)
    standing = before.confirmations
    if partner in standing:
        return before
    words = facts.words_digest(before.current.text)
    next_review = dt.date.today() + dt.timedelta(days=agreement.cadence_days)
    with writing():
        Confirmation.create(agreement=agreement, revision=agreement.current_revision,
                            partner=partner)
        facts.record(keys, agreement.uuid, "confirmed", signers={partner: journal_key},
                     partner=partner, number=agreement.current_revision, words=words,
                     next_review_on=next_review.isoformat())
        _event(keys, agreement, "confirmed", partner)
        if len(standing) + 1 == 2:
            _touch(agreement, status="agreed", agreed_revision=agreement.current_revision,
                   agreed_at=utc_now(), needs_discussion=False, next_review_on=next_review)
            _event(keys, agreement, "agreed", None)
        else:
            _touch(agreement)
    return view(keys, agreement)


def withdraw(keys: Keyring, uuid: str, partner: int, note: str = "") -> AgreementView:
    """Pause an agreement: either partner, alone, at any time, with one action.

    The agreement pauses and is flagged for a conversation; standing confirmations of
    the current revision are set aside (kept in the record, dated). Words agreed
    earlier stay in force while it is paused: the more careful reading applies.
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
        facts.record(keys, agreement.uuid, "paused", by=partner)
        _event(keys, agreement, "withdrawn", partner, note)
        _touch(agreement, status="paused", needs_discussion=True)
    return view(keys, agreement)


def retire(keys: Keyring, uuid: str, partner: int, note: str = "",
           proofs: tuple[FreshProof | None, ...] = ()) -> AgreementView:
    """Set an agreement aside for good; its words and history stay readable.

    Once words have been agreed, retiring loosens a boundary, so it needs both
    partners' fresh passwords. A proposal never agreed can be set aside by either.
    """
    agreement = get(uuid)
    if agreement.status in ("draft", "retired"):
        raise AgreementNotAllowed(f"retire_when_{agreement.status}")
    signers: dict[int, bytes] = {}
    if agreement.agreed_revision is not None:
        signers = {p: proof.bundle.journal_key
                   for p, proof in require_both(keys, proofs).items()}
    with writing():
        facts.record(keys, agreement.uuid, "retired", signers=signers, by=partner)
        _event(keys, agreement, "retired", partner, note)
        _touch(agreement, status="retired", next_review_on=None, needs_discussion=False)
    return view(keys, agreement)


def delete_draft(keys: Keyring, uuid: str) -> None:
    """Remove a draft nobody has proposed yet (nothing agreed is ever deleted)."""
    agreement = get(uuid)
    if agreement.status != "draft":
        raise AgreementNotAllowed(f"delete_when_{agreement.status}")
    with writing():
        # Facts are never removed (the file must never seem to go backwards): the
        # stream ends with this one, and the words are deleted.
        facts.record(keys, uuid, "draft_deleted")
        agreement.delete_instance(recursive=True)


def set_cadence(keys: Keyring, uuid: str, days: int) -> None:
    """Review every ``days`` days; reschedules the next review from today if agreed."""
    if not 1 <= days <= 366:
        raise ValueError("cadence must be 1 to 366 days")
    agreement = get(uuid)
    # Review dates are the couple's calendar days: local dates, like review_due(today).
    changes: dict[str, Any] = {"cadence_days": days}
    data: dict[str, Any] = {"days": days}
    if agreement.status in ("agreed", "under_review"):
        changes["next_review_on"] = dt.date.today() + dt.timedelta(days=days)
        data["next_review_on"] = changes["next_review_on"].isoformat()
    with writing():
        facts.record(keys, uuid, "cadence", **data)
        _touch(agreement, **changes)


def start_review(keys: Keyring, uuid: str, partner: int) -> AgreementView:
    """Mark an agreed agreement as being reviewed."""
    agreement = get(uuid)
    if agreement.status not in ("agreed", "under_review"):
        raise AgreementNotAllowed(f"review_when_{agreement.status}")
    with writing():
        if agreement.status == "agreed":
            facts.record(keys, uuid, "review_started", by=partner)
            _event(keys, agreement, "review_started", partner)
        _touch(agreement, status="under_review")
    return view(keys, agreement)


def _check_rating(value: int | None) -> str:
    if value is None:
        return ""
    if not 1 <= value <= 5:
        raise ValueError("ratings are 1 to 5, or None for rather not rate")
    return str(value)


def _my_rating_rows(keys: Keyring, owner: int, uuid: str) -> list[ReviewRating]:
    table = ReviewRating._meta.table_name
    with contained(table, f"ratings of {owner}"):
        rows = list(ReviewRating.select().where(ReviewRating.owner == owner))
        mine = [row for row in rows if row.read(keys)["agreement_uuid"] == uuid]
        manifest.check(keys, owner, table, [row.uuid for row in rows])
        return mine


def rate_review(keys: Keyring, uuid: str, owner: int, proof: FreshProof | None, *,
                works: int | None, follow: int | None) -> None:
    """Save ``owner``'s own rating privately, until the review is decided together.

    Needs the owner's fresh proof, unless this is the owner's own session alone (their
    journal key is already held). ``None`` is "rather not rate".
    """
    private = _private_keys(keys, owner, proof)
    values = {"works": _check_rating(works), "follow": _check_rating(follow)}
    agreement = get(uuid)
    if agreement.status not in ("agreed", "under_review"):
        raise AgreementNotAllowed(f"review_when_{agreement.status}")
    existing = _my_rating_rows(private, owner, uuid)
    with writing():
        for row in existing:
            row.delete_instance()
        rating = ReviewRating.write_new(private, {"owner": owner}, agreement_uuid=uuid,
                                        rated_at=utc_now().isoformat(), **values)
        manifest.note(private, owner, ReviewRating._meta.table_name, added=[rating.uuid],
                      removed=[row.uuid for row in existing])


def _private_keys(keys: Keyring, owner: int, proof: FreshProof | None) -> Keyring:
    """A keyring for ``owner``'s private rows: their own session's, or one made from their
    fresh proof for this call only (the session's keyring is left as it was)."""
    if proof is None and keys.holds_journal(owner):
        return keys
    journal_key = require_owner(keys, proof, owner)
    return Keyring({owner: KeyBundle(keys.workbook_key(), journal_key)})


def my_rating(keys: Keyring, uuid: str, owner: int,
              proof: FreshProof | None = None) -> MyRating | None:
    """``owner``'s rating waiting for the next decided review (their own key or proof)."""
    keys = _private_keys(keys, owner, proof)
    for row in _my_rating_rows(keys, owner, uuid):
        values = row.read(keys)
        return MyRating(_rating(values["works"]), _rating(values["follow"]))
    return None


def decide_review(
    keys: Keyring, uuid: str, proofs: tuple[FreshProof | None, ...], *,
    reviewed_on: dt.date, helps: str, hard: str, decision: Decision, partner: int,
) -> AgreementView:
    """Decide a review together, with both partners' fresh passwords.

    Each partner's private rating (if they gave one) is revealed into the shared review
    at this moment; a missing one is recorded as "rather not rate". Then the decision
    applies: keep → agreed, next review scheduled; adjust → stays under review (propose
    a change next); pause → paused for a conversation; retire → retired.
    """
    both = require_both(keys, proofs)
    if decision not in ("keep", "adjust", "pause", "retire"):
        raise ValueError(f"unknown decision {decision!r}")
    agreement = get(uuid)
    if agreement.status not in ("agreed", "under_review"):
        raise AgreementNotAllowed(f"review_when_{agreement.status}")
    private = Keyring({p: proof.bundle for p, proof in both.items()})
    ratings = {p: my_rating(private, uuid, p) for p in (1, 2)}
    with writing():
        for p in (1, 2):
            revealed = _my_rating_rows(private, p, uuid)
            for row in revealed:
                row.delete_instance()
            manifest.note(private, p, ReviewRating._meta.table_name,
                          removed=[row.uuid for row in revealed])
        review = AgreementReview.write_new(
            keys, {"agreement": agreement, "reviewed_on": reviewed_on, "decision": decision,
                   "together": True, "by_partner": None},
            rating_1=_check_rating(ratings[1].works if ratings[1] else None),
            rating_2=_check_rating(ratings[2].works if ratings[2] else None),
            follow_1=_check_rating(ratings[1].follow if ratings[1] else None),
            follow_2=_check_rating(ratings[2].follow if ratings[2] else None),
            helps=helps, hard=hard,
        )
        next_review = reviewed_on + dt.timedelta(days=agreement.cadence_days)
        facts.record(keys, uuid, "reviewed",
                     signers={p: proof.bundle.journal_key for p, proof in both.items()},
                     by=partner, decision=decision, review=review.uuid,
                     reviewed_on=reviewed_on.isoformat(),
                     next_review_on=next_review.isoformat())
        _event(keys, agreement, f"reviewed_{decision}", partner)
        if decision == "keep":
            _touch(agreement, status="agreed", next_review_on=next_review)
        elif decision == "adjust":
            _touch(agreement, status="under_review", next_review_on=next_review)
        elif decision == "pause":
            _touch(agreement, status="paused", needs_discussion=True)
        else:
            _touch(agreement, status="retired", next_review_on=None)
    private.clear()
    return view(keys, agreement)


def note_review_alone(keys: Keyring, uuid: str, partner: int, *, reviewed_on: dt.date,
                      helps: str, hard: str) -> AgreementView:
    """One partner's review notes, recorded as theirs alone: no decision, no ratings.

    The agreement's state does not change; a pause is its own step, open to either.
    """
    agreement = get(uuid)
    if agreement.status not in ("agreed", "under_review"):
        raise AgreementNotAllowed(f"review_when_{agreement.status}")
    with writing():
        review = AgreementReview.write_new(
            keys, {"agreement": agreement, "reviewed_on": reviewed_on, "decision": "",
                   "together": False, "by_partner": partner},
            rating_1="", rating_2="", follow_1="", follow_2="", helps=helps, hard=hard,
        )
        facts.record(keys, uuid, "reviewed_alone", by=partner, review=review.uuid,
                     reviewed_on=reviewed_on.isoformat())
        _event(keys, agreement, "reviewed_alone", partner)
        _touch(agreement)
    return view(keys, agreement)
