"""A partner's private journal: only the owner's journal key opens an entry."""

from __future__ import annotations

import datetime as dt

import peewee

from models import manifest
from models.damage import contained
from models.db import writing
from models.records import PrivateRecord
from models.session import Keyring


class JournalEntry(PrivateRecord):
    """One private entry. Its date is sealed too: when someone writes is private."""

    sealed_fields = ("written_at", "title", "body")
    written_at = peewee.BlobField()
    title = peewee.BlobField()
    body = peewee.BlobField()


def write_entry(keys: Keyring, owner: int, title: str, body: str) -> JournalEntry:
    """Save a new entry in ``owner``'s journal, dated now."""
    now = dt.datetime.now().astimezone().replace(microsecond=0).isoformat()
    with writing():
        entry = JournalEntry.write_new(
            keys, {"owner": owner}, written_at=now, title=title, body=body
        )
        manifest.note(keys, owner, JournalEntry._meta.table_name, added=[entry.uuid])
    return entry


def entries_of(keys: Keyring, owner: int) -> list[tuple[JournalEntry, dict[str, str]]]:
    """Every entry of ``owner``'s journal, opened, newest first."""
    with contained(JournalEntry._meta.table_name, f"journal of {owner}"):
        rows = list(JournalEntry.select().where(JournalEntry.owner == owner))
        opened = [(row, row.read(keys)) for row in rows]
        manifest.check(keys, owner, JournalEntry._meta.table_name, [r.uuid for r in rows])
        # Newest first by the sealed date; the uuid breaks ties (row ids are only an index).
        opened.sort(key=lambda pair: (pair[1]["written_at"], pair[0].uuid), reverse=True)
    return opened
