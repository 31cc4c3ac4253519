"""The rows the check-in is stored in: items, private answers and the reveals."""

from __future__ import annotations

import peewee

from models.records import PrivateRecord, SharedRecord


class ConsentItem(SharedRecord):
    """Something the couple may or may not want; the words are sealed."""

    sealed_fields = ("label",)
    echoed = ("added_by", "position")
    label = peewee.BlobField()
    echo = peewee.BlobField(null=True)
    added_by = peewee.IntegerField(null=True)  # None for the starter list
    position = peewee.IntegerField(default=0)
    archived = peewee.BooleanField(default=False)  # set aside, by both


class ConsentAnswer(PrivateRecord):
    """One partner's private answer to one item (even the item it is for is sealed)."""

    sealed_fields = ("item", "answer", "note", "answered_at")
    item = peewee.BlobField()
    answer = peewee.BlobField()
    note = peewee.BlobField()
    answered_at = peewee.BlobField()


class ConsentReveal(SharedRecord):
    """A reveal made together: the combined outcome per item, sealed as JSON."""

    sealed_fields = ("outcomes",)
    echoed = ("created_at",)
    outcomes = peewee.BlobField()
    echo = peewee.BlobField(null=True)


TABLES = [ConsentItem, ConsentAnswer, ConsentReveal]


def latest_by_date() -> ConsentReveal | None:
    """The newest reveal by its date column (an index: to carry over or name one)."""
    query = ConsentReveal.select().order_by(ConsentReveal.created_at.desc(),
                                            ConsentReveal.id.desc())
    return query.first()  # type: ignore[no-any-return]
