"""The rows the attachment-needs map is stored in.

- :class:`NeedDraftRow` is a :class:`~models.records.PrivateRecord`: its words and dates
  are one sealed JSON value under the owner's journal key; only ``owner`` is plain.
- :class:`SharedNeedRow` is one shared version of a need under the workbook key: its
  fields sealed; ``owner``, ``need``, ``source``, ``version`` and ``withdrawn`` plain,
  an index that reading compares with the signed facts of :mod:`models.needs.facts`.
- :class:`CommitmentRow` holds a commitment's current words (sealed) and its state as
  plain columns checked against its own stream of facts.
- :class:`NoteRow` holds one note's line (sealed); who, which kind and whether it came
  early are plain and checked against the commitment's facts.

M2's tables (misattunements, reviews) live in ``models/needs/conversation_tables.py``;
schema step 10 creates both lists.
"""

from __future__ import annotations

import peewee

from models.records import PrivateRecord, SharedRecord


class NeedDraftRow(PrivateRecord):
    """One private need: ``content`` is sealed JSON {fields, written_at, updated_at}."""

    sealed_fields = ("content",)
    content = peewee.BlobField()

    class Meta:
        table_name = "needs_draft"


class SharedNeedRow(SharedRecord):
    """One shared version of a need: ``fields`` is sealed JSON of every need field."""

    sealed_fields = ("fields",)
    fields = peewee.BlobField()
    owner = peewee.IntegerField()
    need = peewee.CharField(index=True)  # the shared need's stable uuid
    source = peewee.CharField()  # the draft's uuid
    version = peewee.IntegerField()
    withdrawn = peewee.BooleanField(default=False)

    class Meta:
        table_name = "needs_shared"


class CommitmentRow(SharedRecord):
    """A commitment's current words: ``fields`` is sealed JSON {what, how_often,
    how_seen}; the plain columns are an index checked against its facts."""

    sealed_fields = ("fields",)
    fields = peewee.BlobField()
    need = peewee.CharField(index=True)
    serves = peewee.TextField(default="")  # every need it serves, need first, ","-joined
    doer = peewee.IntegerField()
    agreement = peewee.CharField(null=True)
    state = peewee.CharField(default="proposed")
    version = peewee.IntegerField(default=1)
    paused_by = peewee.IntegerField(null=True)

    class Meta:
        table_name = "needs_commitment"


class NoteRow(SharedRecord):
    """One note about a commitment: ``line`` is sealed."""

    sealed_fields = ("line",)
    line = peewee.BlobField()
    commitment = peewee.CharField(index=True)
    by_partner = peewee.IntegerField()
    kind = peewee.CharField()
    early = peewee.BooleanField(default=False)

    class Meta:
        table_name = "needs_note"


TABLES = [NeedDraftRow, SharedNeedRow, CommitmentRow, NoteRow]
