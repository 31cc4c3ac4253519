"""Opening a partner's journal: every entry in one query, with one cipher.

10,000 entries open in well under a third of a second once the key is held: the rows
come as plain tuples (no model object per row), each field is opened with the one
cipher the keyring keeps for the owner's key, and the owner's count of rows is checked
once. An entry that does not open is a :class:`~models.damage.Damage` in its place;
the others open as usual.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from operator import attrgetter
from typing import Any

from models import crypto
from models.damage import LOW_LEVEL, Damage, RecordDamaged, contained
from models.db import DB
from models.errors import SealBroken, TrellisError
from models.journal import counting
from models.journal.opening import proof_keyring, require_held
from models.journal.tables import FORM_2, JournalEntry
from models.journal.views import SAFETY_RANGE, Entry, EntryDraft
from models.proof import FreshProof
from models.session import Keyring

TABLE = JournalEntry._meta.table_name


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("not a list of words")
    return tuple(value)


def draft_of(title: str, body: str, details: str) -> tuple[EntryDraft, str | None]:
    """The entry's fields from its opened values, and its updated_at (None for an entry
    from before schema 8, whose details are empty). ValueError when they do not add up."""
    if not details:
        return EntryDraft(title=title, body=body), None
    data = json.loads(details)
    safety = data["safety"]
    if safety is not None and (type(safety) is not int or safety not in SAFETY_RANGE):
        raise ValueError("safety rating out of range")
    prompt, updated = data["prompt"], data["updated_at"]
    if not isinstance(prompt, str) or not isinstance(updated, str):
        raise ValueError("not text")
    return EntryDraft(title, body, prompt, _strings(data["feelings"]),
                      _strings(data["own_feelings"]), safety, _strings(data["tags"])), updated


def details_of(draft: EntryDraft, updated_at: dt.datetime) -> str:
    """The sealed ``details`` of an entry: everything but its title, body and date."""
    return json.dumps({"updated_at": updated_at.isoformat(), "prompt": draft.prompt,
                       "feelings": list(draft.feelings), "own_feelings": list(draft.own_feelings),
                       "safety": draft.safety, "tags": list(draft.tags)}, ensure_ascii=False)


class _Opener:
    """Opens entries read as plain rows with one cipher: the work of
    :func:`models.crypto.unseal_with` without its per-call overhead (10,000 entries are
    40,000 values)."""

    def __init__(self, aead: Any, owner: int) -> None:
        self.decrypt = aead.decrypt
        self.owner = owner

    def unseal(self, blob: Any, aad: str) -> str:
        if blob[0] != crypto.FORMAT_V1 or len(blob) < _SHORTEST:
            raise SealBroken("unknown or truncated format")
        return self.decrypt(blob[1:_HEADER], blob[_HEADER:], aad.encode()).decode()  # type: ignore[no-any-return]

    def open(self, uuid: Any, revision: Any, written: Any, title: Any, body: Any,
             details: Any) -> Entry:
        # The associated data of JournalEntry._aad, made here once per row.
        base = f"trellis|v1|{TABLE}|{uuid}|{revision}|"
        form = "" if details is None else FORM_2_TEXT
        unseal = self.unseal
        written_at = _from_iso(unseal(written, f"{base}written_at{form}"))
        draft, updated = draft_of(unseal(title, f"{base}title{form}"),
                                  unseal(body, f"{base}body{form}"),
                                  "" if details is None else unseal(details,
                                                                    f"{base}details{form}"))
        if written_at.tzinfo is None:
            raise ValueError("a date without its time zone")
        updated_at = written_at if updated is None else _from_iso(updated)
        return Entry(str(uuid), self.owner, written_at, updated_at, draft)


_from_iso = dt.datetime.fromisoformat
_HEADER = 1 + crypto.NONCE_BYTES
_SHORTEST = _HEADER + 16  # and the tag
FORM_2_TEXT = FORM_2.decode()


def _invalid_tag() -> type[Exception]:
    from cryptography.exceptions import InvalidTag

    return InvalidTag


_NOT_OPENING: tuple[type[Exception], ...] = (SealBroken, KeyError, IndexError, *LOW_LEVEL)


def load_entries(keys: Keyring, owner: int) -> tuple[list[Entry], list[Damage]]:
    """Every entry of ``owner``'s journal, newest first, and what could not be opened.

    Needs their journal key held (:func:`~models.journal.open_journal`, or their session
    alone); raises :class:`~models.proof.NeedsOwner` otherwise. A damaged entry, or a
    count that no longer matches (a row removed or moved in), is a :class:`Damage` in
    the second list; the entries that open are all in the first.
    """
    require_held(keys, owner)
    return _load(keys, owner)


def load_recent(keys: Keyring, owner: int, count: int,
                ) -> tuple[list[Entry], list[Damage], bool]:
    """A first page of ``owner``'s journal to show while :func:`load_entries` reads
    the rest: the ``count`` entries added last (by their rows' order in the file),
    newest first by their sealed dates, and True when they are the whole journal.

    When they are, this is :func:`load_entries` (every row opened and counted, damage
    listed). When not, an entry that does not open is left out here, and nothing is
    counted: the whole read names both. Needs the owner's journal key held.
    """
    require_held(keys, owner)
    try:
        rows: list[tuple[Any, ...]] = DB.execute_sql(
            f"SELECT uuid, revision, written_at, title, body, details FROM {TABLE} "
            "WHERE owner = ? ORDER BY id DESC LIMIT ?", (owner, count + 1)).fetchall()
    except LOW_LEVEL as exc:
        return [], [Damage(TABLE, f"journal of {owner}", "record", type(exc).__name__)], True
    if len(rows) <= count:
        return (*_opened(keys, owner, rows), True)
    opener = _Opener(keys.cipher(keys.journal_key(owner)), owner)
    not_opening = (_invalid_tag(), *_NOT_OPENING)
    entries: list[Entry] = []
    for row in rows[:count]:
        try:
            entries.append(opener.open(*row))
        except not_opening:
            continue  # named by the whole read, with the others that do not open
    entries.sort(key=attrgetter("written_at", "uuid"), reverse=True)
    return entries, [], False


def _load(keys: Keyring, owner: int) -> tuple[list[Entry], list[Damage]]:
    try:
        rows: list[tuple[Any, ...]] = DB.execute_sql(
            f"SELECT uuid, revision, written_at, title, body, details FROM {TABLE} "
            "WHERE owner = ?", (owner,)).fetchall()
    except LOW_LEVEL as exc:
        return [], [Damage(TABLE, f"journal of {owner}", "record", type(exc).__name__)]
    return _opened(keys, owner, rows)


def _opened(keys: Keyring, owner: int, rows: list[tuple[Any, ...]],
            ) -> tuple[list[Entry], list[Damage]]:
    """Every one of ``owner``'s ``rows`` opened, newest first, the damage, and their
    count checked (``rows`` must be all of them)."""
    opener = _Opener(keys.cipher(keys.journal_key(owner)), owner)
    not_opening = (_invalid_tag(), *_NOT_OPENING)
    entries: list[Entry] = []
    damaged: list[Damage] = []
    for row in rows:
        try:
            entries.append(opener.open(*row))
        except not_opening as exc:
            damaged.append(Damage(TABLE, str(row[0]), "words", type(exc).__name__))
    try:
        with contained(TABLE, f"journal of {owner}"):
            counting.check(keys, owner, entries=[str(row[0]) for row in rows])
    except RecordDamaged as exc:
        damaged.append(exc.damage)
    except TrellisError as exc:  # the count itself did not open
        damaged.append(Damage(TABLE, f"journal of {owner}", "record", exc.key))
    entries.sort(key=attrgetter("written_at", "uuid"), reverse=True)
    return entries, damaged


def load_entry(keys: Keyring, owner: int, uuid: str) -> Entry:
    """One entry of ``owner``'s, opened; :class:`RecordDamaged` when it is missing,
    someone else's or does not open."""
    require_held(keys, owner)
    with contained(TABLE, uuid):
        row = JournalEntry.get_or_none(JournalEntry.uuid == uuid)
        if row is None or row.owner != owner:
            raise RecordDamaged(Damage(TABLE, uuid, "record", "missing"))
        opener = _Opener(keys.cipher(keys.journal_key(owner)), owner)
        try:
            return opener.open(row.uuid, row.revision, row.written_at, row.title, row.body,
                               row.details)
        except (_invalid_tag(), *_NOT_OPENING) as exc:
            raise RecordDamaged(Damage(TABLE, uuid, "words", type(exc).__name__)) from exc


def entries_for_export(keys: Keyring, owner: int, proof: FreshProof | None, *,
                       since: dt.date | None = None, until: dt.date | None = None,
                       tags: Iterable[str] = (), include_just_for_me: bool = False,
                       ) -> tuple[list[Entry], list[Damage]]:
    """``owner``'s entries chosen for an export, oldest first: always with their fresh
    ``proof`` (even in their session alone), opened with its key only.

    ``since``/``until`` bound the day written (inclusive); ``tags``, when given, keeps
    entries with any of them; "just for me" entries stay out unless
    ``include_just_for_me``.
    """
    entries, damaged = _load(proof_keyring(keys, owner, proof), owner)
    wanted = set(tags)
    chosen = [
        entry for entry in entries
        if (since is None or entry.day >= since) and (until is None or entry.day <= until)
        and (not wanted or wanted & set(entry.tags))
        and (include_just_for_me or "just_for_me" not in entry.tags)
    ]
    chosen.reverse()
    return chosen, damaged


def entries_of(keys: Keyring, owner: int) -> list[tuple[JournalEntry, dict[str, str]]]:
    """Every entry of ``owner``'s journal as rows and their opened fields, newest first.

    The older interface (the demo, the stress and fuzz tools): any damage raises
    (:class:`RecordDamaged`, or the row's own ``RecordUnreadable``), and a key not held
    raises :class:`~models.errors.NotUnlocked`. Screens use :func:`load_entries`.
    """
    with contained(TABLE, f"journal of {owner}"):
        rows: list[JournalEntry] = list(JournalEntry.select().where(JournalEntry.owner == owner))
        opened = [(row, row.read(keys)) for row in rows]
        counting.check(keys, owner, entries=[r.uuid for r in rows])
        # Newest first by the sealed date; the uuid breaks ties (row ids are only an index).
        opened.sort(key=lambda pair: (pair[1]["written_at"], pair[0].uuid), reverse=True)
    return opened
