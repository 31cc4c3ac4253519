"""The rows the journal is stored in: entries, the coping plan and shared passages.

Entries and the coping plan are :class:`~models.records.PrivateRecord` rows: every
field, dates included, is sealed with the owner's journal key; only ``owner`` is plain.
Shared passages are :class:`~models.records.SharedRecord` rows under the workbook key;
who shared each, where, and whether it was withdrawn are signed facts
(:mod:`models.journal.facts`), and the plain columns are only an index compared with
them.
"""

from __future__ import annotations

import peewee

from models import crypto
from models.errors import RecordUnreadable, SealBroken
from models.records import PrivateRecord, SharedRecord
from models.session import Keyring

# An entry written since schema 8 names its form in every field's associated data, so
# its ``details`` cannot be dropped to pass it off as an older entry with fewer fields.
FORM_2 = b"|form2"
LEGACY_FIELDS = ("written_at", "title", "body")


class JournalEntry(PrivateRecord):
    """One private entry. Its dates are sealed too: when someone writes is private.

    ``details`` holds the rest of the entry as sealed JSON (updated_at, prompt,
    feelings, own words, safety rating, tags), sealed like the fields listed in
    ``sealed_fields`` and read and written with them. Entries from before schema 8 have
    no ``details``; they open as they always did, with those fields empty.
    """

    sealed_fields = LEGACY_FIELDS
    written_at = peewee.BlobField()
    title = peewee.BlobField()
    body = peewee.BlobField()
    details = peewee.BlobField(null=True)

    def _aad(self, field: str) -> bytes:
        aad = super()._aad(field)
        return aad if self.details is None else aad + FORM_2

    def read(self, keys: Keyring) -> dict[str, str]:
        """Every sealed field, ``details`` too unless the entry is from before it."""
        values = super().read(keys)
        if self.details is not None:
            try:
                values["details"] = crypto.unseal_with(
                    keys.cipher(self._key(keys)), self.details, self._aad("details")).decode()
            except (SealBroken, UnicodeDecodeError) as exc:
                raise RecordUnreadable(self._meta.table_name, self.uuid, "details") from exc
        return values

    def _seal_all(self, keys: Keyring, values: dict[str, str]) -> None:
        # Every write is in the current form: mark it before sealing, so each field's
        # associated data names it; an older entry rewritten gets empty details.
        fields = dict(values)
        details = fields.pop("details", "")
        self.details = b""
        super()._seal_all(keys, fields)
        self.details = crypto.seal_with(keys.cipher(self._key(keys)), details.encode(),
                                        self._aad("details"))


class CopingPlanRow(PrivateRecord):
    """One partner's coping plan: the sections as sealed JSON, and when it changed."""

    sealed_fields = ("sections", "updated_at")
    sections = peewee.BlobField()
    updated_at = peewee.BlobField()

    class Meta:
        table_name = "coping_plan"


class SharedPassageRow(SharedRecord):
    """A passage shared on purpose: its words sealed with the workbook key.

    ``author``, ``destination``, ``target``, ``source`` and ``withdrawn`` are an index;
    the passage's signed facts say what they must be, and a difference is damage.
    """

    sealed_fields = ("text",)
    text = peewee.BlobField()
    author = peewee.IntegerField()
    destination = peewee.CharField()
    target = peewee.CharField(null=True)
    source = peewee.CharField(default="journal")
    withdrawn = peewee.BooleanField(default=False)

    class Meta:
        table_name = "shared_passage"


TABLES = [CopingPlanRow, SharedPassageRow]
