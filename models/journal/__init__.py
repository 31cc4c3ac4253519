"""Each partner's private journal and personal coping plan, and passages shared on purpose.

Every entry and the coping plan are :class:`~models.records.PrivateRecord` rows sealed
with their owner's journal key: words, feelings, safety rating, tags and dates alike;
only the ``owner`` column is plain. Alone, the partner who unlocked holds their own key;
in a together session a journal opens only with its owner's fresh password
(:func:`open_journal`) and closes with :func:`close_journal`. Every function that reads
or writes an owner's rows raises :class:`~models.proof.NeedsOwner` without their key.

Sharing is on purpose and signed: :func:`share_passage` copies a passage into a
:class:`SharedPassageRow` under the workbook key, with a fact signed by its author
(:mod:`models.journal.facts`); only the author withdraws it, with a fresh password.

Who may do what (``models/rules.py``): writing, sharing, withdrawing, exporting and the
coping plan are all the owner's (``OWNER``).

The package: :mod:`~models.journal.tables` (the rows), :mod:`~models.journal.views`,
:mod:`~models.journal.opening` (whose key is held), :mod:`~models.journal.reading`,
:mod:`~models.journal.actions`, :mod:`~models.journal.counting` (the owner's count of
rows), :mod:`~models.journal.coping`, :mod:`~models.journal.sharing` with
:mod:`~models.journal.facts`, :mod:`~models.journal.search` (in memory only), and
:mod:`~models.journal.unsaved` (words whose save failed at a lock, sealed in memory with
their owner's own key).
Callers import from the package: ``from models.journal import load_entries, Entry``.
"""

from __future__ import annotations

from models.journal import facts
from models.journal.actions import check_draft, delete_entry, save_entry, write_entry
from models.journal.coping import load_plan, save_plan
from models.journal.opening import close_journal, open_journal, require_held
from models.journal.reading import (
    entries_for_export,
    entries_of,
    load_entries,
    load_entry,
    load_recent,
)
from models.journal.search import SearchIndex, fold
from models.journal.sharing import (
    load_passages,
    share_passage,
    shared_passages,
    withdraw_passage,
)
from models.journal.tables import TABLES, CopingPlanRow, JournalEntry, SharedPassageRow
from models.journal.unsaved import (
    UnsavedEntry,
    UnsavedJournal,
    keep_unsaved,
    keep_unsaved_plan,
    take_unsaved,
)
from models.journal.views import (
    COPING_SECTIONS,
    DESTINATIONS,
    FEELINGS,
    SAFETY_RANGE,
    SOURCES,
    TAGS,
    CopingPlan,
    Entry,
    EntryDraft,
    SharedPassage,
)

__all__ = [
    "facts",
    "COPING_SECTIONS",
    "DESTINATIONS",
    "FEELINGS",
    "SAFETY_RANGE",
    "SOURCES",
    "TABLES",
    "TAGS",
    "CopingPlan",
    "CopingPlanRow",
    "Entry",
    "EntryDraft",
    "JournalEntry",
    "SharedPassage",
    "SearchIndex",
    "SharedPassageRow",
    "UnsavedEntry",
    "UnsavedJournal",
    "check_draft",
    "close_journal",
    "delete_entry",
    "entries_for_export",
    "entries_of",
    "keep_unsaved",
    "keep_unsaved_plan",
    "fold",
    "load_entries",
    "load_entry",
    "load_passages",
    "load_plan",
    "load_recent",
    "open_journal",
    "require_held",
    "save_entry",
    "save_plan",
    "share_passage",
    "shared_passages",
    "take_unsaved",
    "withdraw_passage",
    "write_entry",
]
