"""The rows an agreement is stored in, and the few queries every module needs.

:class:`Agreement` holds only structure (status, dates, who proposed); every word is
sealed with the workbook key in :class:`AgreementRevision` rows. A partner's private
rating (:class:`ReviewRating`) is sealed under their own journal key. The plain columns
are an index, never the truth: the facts (:mod:`models.agreements.facts`) are.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import peewee

from models.damage import Damage, RecordDamaged
from models.db import BaseModel
from models.records import PrivateRecord, SharedRecord, new_uuid, utc_now

Status = Literal["draft", "proposed", "agreed", "under_review", "paused", "retired"]
Decision = Literal["keep", "adjust", "pause", "retire"]

CATEGORIES = (
    "intimacy", "sexual_consent", "contact_others", "phones", "transparency",
    "communication", "other",
)
TEXT_FIELDS = ("title", "category", "wording", "in_practice", "not_ok", "why_1", "why_2")
BINDING_FIELDS = ("title", "category", "wording", "in_practice", "not_ok")
REQUIRED_TO_PROPOSE = ("title", "wording")

STATUSES = ("draft", "proposed", "agreed", "under_review", "paused", "retired")


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


def get(uuid: str) -> Agreement:
    """The agreement ``uuid``; a damaged index that leads to another row is damage."""
    row = Agreement.get(Agreement.uuid == uuid)
    if row.uuid != uuid:  # a damaged index can lead to another row: never trust it
        raise RecordDamaged(Damage("agreement", uuid, "record", "index leads elsewhere"))
    return row


def revision_row(agreement: Agreement, number: int | None = None) -> AgreementRevision:
    """The revision ``number`` of ``agreement`` (its current one when not given)."""
    return AgreementRevision.get(
        (AgreementRevision.agreement == agreement)
        & (AgreementRevision.number == (number or agreement.current_revision))
    )


def standing_confirmations(agreement: Agreement, revision: int) -> dict[int, dt.datetime]:
    """Who confirmed ``revision`` and when, leaving out confirmations set aside."""
    rows = Confirmation.select().where(
        (Confirmation.agreement == agreement)
        & (Confirmation.revision == revision)
        & Confirmation.withdrawn_at.is_null()
    )
    return {row.partner: row.confirmed_at for row in rows}
