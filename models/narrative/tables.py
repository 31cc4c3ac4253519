"""The rows narrative re-authoring is stored in: drafts, shared pieces, the joint story.

- :class:`NarrativeDraft` is a :class:`~models.records.PrivateRecord`: its kind, words
  and dates are one sealed JSON value under the author's journal key; only ``owner`` is
  plain (as for journal entries).
- :class:`NarrativePiece` is a :class:`~models.records.SharedRecord` under the workbook
  key: the shareable words sealed, and ``author``, ``kind``, ``source``, ``version`` and
  ``withdrawn`` plain as an index that reading compares with the signed facts of
  :mod:`models.narrative.facts`.
- :class:`NarrativeJoint` holds one version of the joint story (its paragraphs sealed),
  ``version`` plain and compared with the facts the same way.

The roles have no table: they are facts only.
"""

from __future__ import annotations

import peewee

from models.records import PrivateRecord, SharedRecord


class NarrativeDraft(PrivateRecord):
    """One private page or list item: ``content`` is sealed JSON
    {kind, fields, written_at, updated_at}."""

    sealed_fields = ("content",)
    content = peewee.BlobField()

    class Meta:
        table_name = "narrative_draft"


class NarrativePiece(SharedRecord):
    """A copy of a draft shared on purpose: ``fields`` is sealed JSON of its shareable
    fields; the plain columns are only an index checked against signed facts."""

    sealed_fields = ("fields",)
    fields = peewee.BlobField()
    author = peewee.IntegerField()
    kind = peewee.CharField()
    source = peewee.CharField()
    version = peewee.IntegerField()
    withdrawn = peewee.BooleanField(default=False)

    class Meta:
        table_name = "narrative_piece"


class NarrativeJoint(SharedRecord):
    """One version of the joint story: ``paragraphs`` is sealed JSON [[author, text]...]."""

    sealed_fields = ("paragraphs",)
    paragraphs = peewee.BlobField()
    version = peewee.IntegerField(unique=True)

    class Meta:
        table_name = "narrative_joint"


TABLES = [NarrativeDraft, NarrativePiece, NarrativeJoint]
