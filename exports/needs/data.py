"""What the needs map's PDF and its packet part lay out, opened already: plain, frozen data.

:func:`exports.needs.gather` fills :class:`NeedsExport` from the shared needs, the
commitments, their notes and reviews, and the misattunement entries (never a draft or a
private rating: nothing here could hold one), and the layout only reads it, in the
export's child process. Nothing here imports a layout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from exports.house_style import PaperSize, clean, local_day
from exports.needs.words import NeedsExportWords
from exports.words import load_words


@dataclass(frozen=True)
class NeedRow:
    """A shared need's latest version, as its owner shared it."""

    uuid: str
    owner: int
    version: int
    shared_at: dt.datetime
    fields: Mapping[str, str]  # every need field, "" when empty
    importance: int  # 1, 2 or 3

    @property
    def shared_on(self) -> dt.date:
        return local_day(self.shared_at)


@dataclass(frozen=True)
class NoteRow:
    """A dated line about a commitment: kept, missed (early or not), noticed."""

    by: int
    kind: str
    line: str
    noted_at: dt.datetime
    early: bool

    @property
    def noted_on(self) -> dt.date:
        return local_day(self.noted_at)


@dataclass(frozen=True)
class ReviewRow:
    """The latest review decided together: its day, decision and what we said."""

    reviewed_on: dt.date
    decision: str
    note: str


@dataclass(frozen=True)
class CommitmentRow:
    """A commitment in its current words, who does it, where it stands, its notes."""

    uuid: str
    needs: tuple[str, ...]  # the shared needs it serves, the first one first
    doer: int
    fields: Mapping[str, str]  # what, how_often, how_seen
    state: str
    since: dt.datetime | None
    waiting: tuple[int, ...]  # who still has to confirm these words
    paused_by: int | None
    linked: bool  # to an agreement
    review: ReviewRow | None
    notes: tuple[NoteRow, ...]  # every note, oldest first
    since_review: tuple[NoteRow, ...]  # the notes since the latest review

    @property
    def what(self) -> str:
        return clean(self.fields.get("what", ""))


@dataclass(frozen=True)
class SideRow:
    """One partner's side of a conversation about a miss."""

    partner: int
    happened: str
    felt: str
    needed: str


@dataclass(frozen=True)
class MisattunementRow:
    """A time we missed each other: the opener's facts, both sides, what we will try."""

    uuid: str
    opened_by: int
    opened_at: dt.datetime
    need: str | None
    commitment: str | None
    what_happened: str
    sides: tuple[SideRow, ...]  # partner 1's first
    waiting_for: int | None
    try_next: str
    paused: bool

    @property
    def opened_on(self) -> dt.date:
        return local_day(self.opened_at)


@dataclass(frozen=True)
class NeedsExport:
    """Everything the needs map's PDF needs, opened already: safe to lay out anywhere.

    ``names`` are printed for partner 1 and 2; tuples are in the order printed (each
    partner's needs as they shared them; commitments by when they were made;
    conversations oldest first). ``unreadable`` counts shared records that did not open.
    """

    names: dict[int, str]
    prepared_on: dt.date
    session_on: dt.date | None
    needs: tuple[NeedRow, ...]
    commitments: tuple[CommitmentRow, ...]
    misattunements: tuple[MisattunementRow, ...]
    unreadable: int = 0
    paper: PaperSize = "A4"

    @property
    def empty(self) -> bool:
        """Nothing shared at all."""
        return not (self.needs or self.commitments or self.misattunements)

    def need(self, uuid: str | None) -> NeedRow | None:
        for row in self.needs:
            if row.uuid == uuid:
                return row
        return None

    def commitment(self, uuid: str | None) -> CommitmentRow | None:
        for row in self.commitments:
            if row.uuid == uuid:
                return row
        return None


@dataclass(frozen=True)
class NeedsTexts:
    """The exports' words, typed, with the small helpers every layout needs."""

    words: NeedsExportWords

    def date(self, when: dt.date) -> str:
        """A date in words, such as "3 March 2026"."""
        return self.words.date.write(when)

    def title(self, need: NeedRow) -> str:
        """A need's own words for its name, else its card's name."""
        fields = need.fields
        return clean(fields.get("title", "")) or self.words.cards.get(
            clean(fields.get("card", "")), "")

    def importance(self, level: int) -> str:
        return self.words.importance.get(str(level), self.words.importance["1"])

    def noted_since(self, notes: Sequence[NoteRow], reviewed: bool = True) -> str:
        """"2 notes since the last review: kept, missed (said first)" (never reviewed:
        "2 notes so far: …"): what was noted, in words, each kind once; never a rate,
        a share or a streak."""
        words = self.words.commitments
        if not notes:
            return words.since_review_none if reviewed else words.no_notes
        kinds = ", ".join(dict.fromkeys(self.kind(note) for note in notes))
        one, many = ((words.since_review_one, words.since_review_many) if reviewed
                     else (words.so_far_one, words.so_far_many))
        if len(notes) == 1:
            return one.format(kinds=kinds)
        return many.format(count=len(notes), kinds=kinds)

    def kind(self, note: NoteRow) -> str:
        """A note's kind in a word or two; a miss its doer said first says so."""
        notes = self.words.notes
        if note.kind == "missed" and note.early:
            return notes.short_missed_early
        return {"kept": notes.short_kept, "missed": notes.short_missed,
                "noticed": notes.short_noticed}.get(note.kind, note.kind)


@cache
def needs_texts() -> NeedsTexts:
    """Load (once) the words from ``exports_needs.toml``; raises
    :class:`~exports.words.WordsError` naming a missing or left-over key."""
    return NeedsTexts(words=load_words(NeedsExportWords, "exports_needs.toml"))
