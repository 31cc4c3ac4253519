"""The rows the needs map's conversations are stored in (#12, M2): misattunement
entries, each partner's side of one, reviews decided together, and private ratings.

M1's migration step creates :data:`TABLES` with the rest of the needs tables.

- :class:`NeedsMisattunement` (shared, workbook key): "what we will try" sealed;
  ``opened_by``, ``need``, ``commitment`` and ``paused`` plain, only as an index that
  reading compares with the entry's facts (:mod:`models.needs.misattunement`).
- :class:`NeedsAccount` (shared): one partner's side of one entry (what happened as I
  saw it, what I felt, what I needed) sealed; ``entry`` and ``partner`` plain, checked.
- :class:`NeedsReview` (shared): a review decided together: both ratings (revealed at
  that moment) and a note sealed; ``commitment``, ``decision`` and ``reviewed_on``
  plain, checked against the signed fact (:mod:`models.needs.reviews`).
- :class:`NeedsRating` (private, the owner's journal key): a rating waiting for the
  next review; which commitment and when are sealed too, only ``owner`` is plain.
"""

from __future__ import annotations

import peewee

from models.records import PrivateRecord, SharedRecord


class NeedsMisattunement(SharedRecord):
    """One entry; its stream of facts is ``needs_misattunement/<uuid>``."""

    sealed_fields = ("try_next",)
    try_next = peewee.BlobField()
    opened_by = peewee.IntegerField()
    need = peewee.CharField(null=True)
    commitment = peewee.CharField(null=True)
    paused = peewee.BooleanField(default=False)

    class Meta:
        table_name = "needs_misattunement"


class NeedsAccount(SharedRecord):
    """One partner's side of one entry, rewritten in place when they edit it."""

    sealed_fields = ("happened", "felt", "needed")
    happened = peewee.BlobField()
    felt = peewee.BlobField()
    needed = peewee.BlobField()
    entry = peewee.CharField(index=True)
    partner = peewee.IntegerField()

    class Meta:
        table_name = "needs_account"
        indexes = ((("entry", "partner"), True),)


class NeedsReview(SharedRecord):
    """A review decided together: ``ratings`` is sealed JSON {"1": key, "2": key}."""

    sealed_fields = ("ratings", "note")
    ratings = peewee.BlobField()
    note = peewee.BlobField()
    commitment = peewee.CharField(index=True)
    decision = peewee.CharField()
    reviewed_on = peewee.DateField()

    class Meta:
        table_name = "needs_review"


class NeedsRating(PrivateRecord):
    """One partner's private rating: ``content`` is sealed JSON
    {commitment, rating, rated_at}."""

    sealed_fields = ("content",)
    content = peewee.BlobField()

    class Meta:
        table_name = "needs_rating"


TABLES = [NeedsMisattunement, NeedsAccount, NeedsReview, NeedsRating]
