"""Reading the chosen entries from the journal's model (off the GUI thread is fine).

Always with the owner's fresh password, in every kind of session: the model opens the
entries with the key that proof carries, whatever the session holds
(:func:`models.journal.entries_for_export`), and refuses anyone else's or a stale one
(:class:`~models.proof.NeedsOwner`).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable
from functools import cache
from importlib import resources

from exports.house_style import PaperSize
from exports.journal.data import BRING_TO_SESSION, JUST_FOR_ME, JournalExport, JournalRow
from models.journal import Entry, entries_for_export
from models.proof import FreshProof
from models.session import Keyring

PROMPT_FILE = "journal_prompts.toml"
PROMPT_GROUPS = ("hurt", "caused", "either")


def gather(
    keys: Keyring,
    owner: int,
    proof: FreshProof | None,
    *,
    owner_name: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
    tags: Iterable[str] = (),
    include_just_for_me: bool = False,
    made_at: dt.datetime | None = None,
    paper: PaperSize = "A4",
) -> JournalExport:
    """``owner``'s entries written between ``since`` and ``until`` (both days included)
    that carry any of ``tags`` (none: any entry), the earliest first, opened with
    ``proof``, which must be the owner's and fresh.

    An entry marked "just for me" stays out unless ``include_just_for_me`` is set or
    "just for me" is one of the ``tags`` picked. Entries that do not open are counted
    in ``unreadable`` and left out; the rest are exported.
    """
    wanted = tuple(dict.fromkeys(tags))
    private_too = include_just_for_me or JUST_FOR_ME in wanted
    entries, damaged = entries_for_export(keys, owner, proof, since=since, until=until,
                                          tags=wanted, include_just_for_me=private_too)
    rows = sorted((row_of(entry) for entry in entries),
                  key=lambda row: (row.written_at, row.uuid))
    return JournalExport(
        owner=owner, owner_name=owner_name, entries=tuple(rows), since=since, until=until,
        tags=wanted, include_just_for_me=private_too,
        made_at=made_at or dt.datetime.now().astimezone(), paper=paper,
        unreadable=len(damaged),
    )


def gather_for_session(keys: Keyring, owner: int, proof: FreshProof | None, *,
                       owner_name: str) -> JournalExport:
    """The entries ``owner`` tagged "Bring to the next session" (never one marked "just
    for me"), for the therapy-session packet, opened with their fresh ``proof``."""
    wanted = (BRING_TO_SESSION,)
    entries, damaged = entries_for_export(keys, owner, proof, tags=wanted,
                                          include_just_for_me=False)
    rows = sorted((row_of(entry) for entry in entries),
                  key=lambda row: (row.written_at, row.uuid))
    return JournalExport(owner=owner, owner_name=owner_name, entries=tuple(rows),
                         since=None, until=None, tags=wanted, include_just_for_me=False,
                         made_at=dt.datetime.now().astimezone(), unreadable=len(damaged))


def row_of(entry: Entry) -> JournalRow:
    """An entry as the exports print it (its prompt in words)."""
    draft = entry.draft
    return JournalRow(
        uuid=entry.uuid, written_at=entry.written_at, updated_at=entry.updated_at,
        title=draft.title, body=draft.body, prompt=prompt_words(draft.prompt),
        feelings=tuple(draft.feelings), own_feelings=tuple(draft.own_feelings),
        safety=draft.safety, tags=tuple(draft.tags),
    )


def prompt_words(key: str) -> str:
    """A prompt's words by its key ("" for none, or for a key no longer listed)."""
    return _prompts().get(key, "") if key else ""


@cache
def _prompts() -> dict[str, str]:
    try:
        raw = tomllib.loads(
            resources.files("resources").joinpath(PROMPT_FILE).read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}  # the entries print without their prompts rather than not at all
    found: dict[str, str] = {}
    for group in PROMPT_GROUPS:
        table = raw.get(group, {})
        prompts = table.get("prompts", {}) if isinstance(table, dict) else {}
        if isinstance(prompts, dict):
            found.update({str(k): " ".join(str(v).split()) for k, v in prompts.items()})
    return found
