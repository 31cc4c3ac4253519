"""Reading the chosen entries from the journal's model (off the GUI thread is fine).

Always with the owner's fresh password, in every kind of session: the model opens the
entries with the key that proof carries, whatever the session holds
(:func:`models.journal.entries_for_export`), and refuses anyone else's or a stale one
(:class:`~models.proof.NeedsOwner`). The export's child process gets the journal key
alone, taken from that proof by the app (:func:`gather_opened`): the same entries.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources

from exports.house_style import PaperSize
from exports.journal.data import BRING_TO_SESSION, JUST_FOR_ME, JournalExport, JournalRow
from models.journal import Entry, entries_for_export, load_entries
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
    return _export_of(entries, len(damaged), owner=owner, owner_name=owner_name,
                      since=since, until=until, tags=wanted, private_too=private_too,
                      made_at=made_at, paper=paper)


def gather_opened(
    keys: Keyring,
    owner: int,
    *,
    owner_name: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
    tags: Iterable[str] = (),
    include_just_for_me: bool = False,
    made_at: dt.datetime | None = None,
    paper: PaperSize = "A4",
) -> JournalExport:
    """What :func:`gather` gives for the same choices, from ``keys`` that hold
    ``owner``'s journal key and nothing else: the export's child process, which gets
    that key alone (the app took it from the owner's fresh proof,
    :func:`models.proof.require_owner`). Raises :class:`~models.proof.NeedsOwner` when
    ``keys`` does not hold it."""
    wanted = tuple(dict.fromkeys(tags))
    private_too = include_just_for_me or JUST_FOR_ME in wanted
    entries, damaged = load_entries(keys, owner)
    chosen = _chosen(entries, since, until, wanted, private_too)
    return _export_of(chosen, len(damaged), owner=owner, owner_name=owner_name,
                      since=since, until=until, tags=wanted, private_too=private_too,
                      made_at=made_at, paper=paper)


def _chosen(entries: Sequence[Entry], since: dt.date | None, until: dt.date | None,
            tags: tuple[str, ...], private_too: bool) -> list[Entry]:
    """The rule of :func:`models.journal.entries_for_export` (a test holds the two
    to the same entries)."""
    wanted = set(tags)
    return [entry for entry in entries
            if (since is None or entry.day >= since) and (until is None or entry.day <= until)
            and (not wanted or wanted & set(entry.tags))
            and (private_too or JUST_FOR_ME not in entry.tags)]


def _export_of(entries: Iterable[Entry], unreadable: int, *, owner: int, owner_name: str,
               since: dt.date | None, until: dt.date | None, tags: tuple[str, ...],
               private_too: bool, made_at: dt.datetime | None,
               paper: PaperSize) -> JournalExport:
    rows = sorted((row_of(entry) for entry in entries),
                  key=lambda row: (row.written_at, row.uuid))
    return JournalExport(
        owner=owner, owner_name=owner_name, entries=tuple(rows), since=since, until=until,
        tags=tags, include_just_for_me=private_too,
        made_at=made_at or dt.datetime.now().astimezone(), paper=paper,
        unreadable=unreadable,
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
