"""Writing in a partner's journal: a new entry, a rewrite of one, deleting one.

Each save is one transaction: the entry's row (every field sealed with the owner's
key) and, for a new or deleted entry, the owner's count of their journal rows. Nothing
else is read, so a save costs the same in a journal of ten entries or ten thousand.
"""

from __future__ import annotations

import datetime as dt

from models.damage import Damage, RecordDamaged, contained
from models.db import writing
from models.journal import counting
from models.journal.opening import require_held
from models.journal.reading import details_of, load_entry
from models.journal.tables import JournalEntry
from models.journal.views import FEELINGS, SAFETY_RANGE, TAGS, Entry, EntryDraft
from models.session import Keyring

TABLE = JournalEntry._meta.table_name


def now() -> dt.datetime:
    """This moment in local time, aware (to the microsecond, so entries saved within
    one second keep their order)."""
    return dt.datetime.now().astimezone()


def check_draft(draft: EntryDraft) -> None:
    """Raise ValueError for a feeling or tag that is not on the lists, a safety rating
    outside 0..10, or own words that are not text (the editor offers only these)."""
    unknown = (set(draft.feelings) - set(FEELINGS)) | (set(draft.tags) - set(TAGS))
    if unknown:
        raise ValueError(f"unknown feelings or tags {sorted(unknown)}")
    if draft.safety is not None and (type(draft.safety) is not int
                                     or draft.safety not in SAFETY_RANGE):
        raise ValueError("a safety rating is 0 to 10")
    texts = (draft.title, draft.body, draft.prompt, *draft.own_feelings)
    if not all(isinstance(text, str) for text in texts):
        raise ValueError("not text")


def _clean(draft: EntryDraft) -> EntryDraft:
    """The draft as stored: each feeling and tag once, in list order; own words trimmed."""
    own = tuple(dict.fromkeys(w.strip() for w in draft.own_feelings if w.strip()))
    return EntryDraft(draft.title, draft.body, draft.prompt,
                      tuple(f for f in FEELINGS if f in draft.feelings), own, draft.safety,
                      tuple(t for t in TAGS if t in draft.tags))


def save_entry(keys: Keyring, owner: int, draft: EntryDraft, uuid: str | None = None) -> Entry:
    """Save ``draft`` in ``owner``'s journal: a new entry dated now when ``uuid`` is
    None, else a rewrite of that entry (its written date kept, updated now).

    Needs their journal key held (:class:`~models.proof.NeedsOwner` otherwise); a
    ``uuid`` that is not one of theirs, or does not open, is :class:`RecordDamaged`.
    """
    require_held(keys, owner)
    check_draft(draft)
    draft = _clean(draft)
    moment = now()
    if uuid is None:
        row = _write_new(keys, owner, draft, moment)
        return Entry(row.uuid, owner, moment, moment, draft)
    before = load_entry(keys, owner, uuid)
    row = JournalEntry.get(JournalEntry.uuid == uuid)
    with contained(TABLE, uuid):
        row.rewrite(keys, written_at=before.written_at.isoformat(), title=draft.title,
                    body=draft.body, details=details_of(draft, moment))
    return Entry(uuid, owner, before.written_at, moment, draft)


def _write_new(keys: Keyring, owner: int, draft: EntryDraft,
               moment: dt.datetime) -> JournalEntry:
    with writing():
        row = JournalEntry.write_new(keys, {"owner": owner}, written_at=moment.isoformat(),
                                     title=draft.title, body=draft.body,
                                     details=details_of(draft, moment))
        counting.note(keys, owner, added=[row.uuid])
    return row


def delete_entry(keys: Keyring, owner: int, uuid: str) -> None:
    """Delete one of ``owner``'s entries for good (the file zeroes its bytes) and count
    it gone. Needs their journal key held; only an entry of theirs that opens."""
    require_held(keys, owner)
    load_entry(keys, owner, uuid)  # theirs, and it opens with their key
    with writing():
        deleted = JournalEntry.delete().where(
            (JournalEntry.uuid == uuid) & (JournalEntry.owner == owner)).execute()
        if deleted != 1:
            raise RecordDamaged(Damage(TABLE, uuid, "record", "missing"))
        counting.note(keys, owner, removed=[uuid])


def write_entry(keys: Keyring, owner: int, title: str, body: str) -> JournalEntry:
    """Save a new entry with a title and words only, dated now; its row.

    The older interface (the demo, the tools): a key not held raises
    :class:`~models.errors.NotUnlocked`. Screens use :func:`save_entry`.
    """
    keys.journal_key(owner)
    return _write_new(keys, owner, EntryDraft(title=title, body=body), now())
