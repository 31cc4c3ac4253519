"""What the journal's exports lay out, opened already: plain, frozen data.

:func:`exports.journal.gather` fills :class:`JournalExport` with the owner's chosen
entries, each as a :class:`JournalRow` (the journal's own entry, copied into what a
document needs); the PDF layout and the Markdown writer only read it, on a worker
thread. Which entries are chosen the journal's model decides
(:func:`models.journal.entries_for_export`, always with the owner's fresh password), so
every export leaves out the same ones. Nothing here imports a layout, so the layouts can
import this module without a circle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from exports.house_style import PaperSize, local_day
from exports.journal.words import JournalWords
from exports.words import load_words

JUST_FOR_ME = "just_for_me"
BRING_TO_SESSION = "bring_to_session"


@dataclass(frozen=True)
class JournalRow:
    """One entry as it is printed: when, what it answers, how it felt, and its words.

    ``prompt`` is the prompt's own words ("" when the entry answers none);
    ``feelings`` and ``tags`` are the keys the journal stores (the words print them);
    ``own_feelings`` are the owner's own words for how they felt.
    """

    uuid: str
    written_at: dt.datetime  # aware
    updated_at: dt.datetime  # aware
    title: str
    body: str
    prompt: str = ""
    feelings: tuple[str, ...] = ()
    own_feelings: tuple[str, ...] = ()
    safety: int | None = None
    tags: tuple[str, ...] = ()

    @property
    def day(self) -> dt.date:
        """The calendar day it was written on, where it was written (the sealed local
        time keeps its offset; a day is not moved by a later change of time zone)."""
        return self.written_at.date()


@dataclass(frozen=True)
class JournalExport:
    """Everything an export of one journal needs, opened already: safe for a worker.

    ``entries`` are the chosen ones, the earliest first (a therapist reads a journal as
    it happened). ``since`` and ``until`` (inclusive, either may be open) and ``tags``
    (empty: any) say what was chosen, for the cover; ``include_just_for_me`` says
    whether entries marked "just for me" were picked too.
    """

    owner: int
    owner_name: str
    entries: tuple[JournalRow, ...]
    since: dt.date | None
    until: dt.date | None
    tags: tuple[str, ...]
    include_just_for_me: bool
    made_at: dt.datetime
    paper: PaperSize = "A4"
    unreadable: int = 0  # entries that did not open (damaged): not in the export

    @property
    def made_on(self) -> dt.date:
        return local_day(self.made_at)


@dataclass(frozen=True)
class JournalTexts:
    """The exports' words, typed, with the small helpers every layout needs."""

    words: JournalWords

    def date(self, when: dt.date) -> str:
        """A date in words, such as "3 March 2026"."""
        return self.words.date.write(when)

    def written(self, moment: dt.datetime) -> str:
        """When an entry was written: "Tuesday 3 March 2026, 21:40", by the clock where
        it was written (the sealed time keeps its offset)."""
        return self.words.entry.written.format(
            weekday=self.words.entry.weekdays[moment.weekday()],
            date=self.date(moment.date()), time=moment.strftime("%H:%M"))

    def tag(self, key: str) -> str:
        """A tag's label; a key from a newer Trellis prints as it is."""
        return self.words.tags.get(key, key.replace("_", " "))

    def feeling(self, key: str) -> str:
        return self.words.feelings.get(key, key.replace("_", " "))

    def count(self, number: int) -> str:
        document = self.words.document
        return document.one_entry if number == 1 else document.many_entries.format(
            count=number)

    def written_range(self, since: dt.date | None, until: dt.date | None) -> str:
        """The days chosen, in words ("1 March 2026 to 20 March 2026")."""
        document = self.words.document
        if since is not None and until is not None:
            return document.range_both.format(start=self.date(since), end=self.date(until))
        if since is not None:
            return document.range_since.format(start=self.date(since))
        if until is not None:
            return document.range_until.format(end=self.date(until))
        return document.range_all

    def tag_list(self, tags: Iterable[str]) -> str:
        """The tags chosen, in the words' order; none: "any tag, or none"."""
        chosen = set(tags)
        if not chosen:
            return self.words.document.tags_all
        ordered = [key for key in self.words.tags if key in chosen]
        ordered += sorted(chosen - set(ordered))
        return ", ".join(self.tag(key) for key in ordered)


@cache
def journal_texts() -> JournalTexts:
    """Load (once) the words from ``exports_journal.toml``; raises
    :class:`~exports.words.WordsError` naming a missing or left-over key."""
    return JournalTexts(words=load_words(JournalWords, "exports_journal.toml"))
