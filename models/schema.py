"""Tables that belong to the vault itself rather than to a workbook."""

from __future__ import annotations

import peewee

from models.db import BaseModel


class VaultFact(BaseModel):
    """Plain facts about the file: its id and when it was made. Never content."""

    name = peewee.CharField(primary_key=True)
    value = peewee.TextField()


class Partner(BaseModel):
    """One of the two partners. Their chosen name is sealed with the workbook key.

    When they last opened Trellis is sealed with their own journal key
    (``sealed_last_seen``), so only they can read it. Files from before schema 4 also
    have a ``last_unlocked_at`` column, emptied by step 4 and no longer written.
    """

    number = peewee.IntegerField(primary_key=True)  # 1 or 2
    sealed_name = peewee.BlobField()
    sealed_last_seen = peewee.BlobField(null=True)


class KeySlot(BaseModel):
    """A sealed key bundle and the public parameters needed to derive its key."""

    partner = peewee.IntegerField()
    kind = peewee.CharField()  # "password" or "recovery"
    kdf = peewee.TextField()  # JSON; part of the associated data
    sealed = peewee.BlobField()

    class Meta:
        indexes = ((("partner", "kind"), True),)
