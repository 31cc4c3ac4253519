"""The needs map exports' words, as typed tables of ``resources/exports_needs.toml``.

Each dataclass is one table of the file, each field one key:
:func:`exports.words.load_words` fills them and reports a missing or a left-over key by
name. The labels of a need's words must name exactly the fields a shared need holds
that are printed under a label, and the tables of cards, importance, "lately", states,
note kinds and review decisions exactly the models' keys, so a key added to the models
without words fails when the words are loaded, not half-way through an export.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from exports.words import DateWords, SharedDocumentWords
from models.needs.views import CARDS, LATELY, NEED_FIELDS, STATES

# A need's fields printed under a label; the rest (card, title, importance, lately)
# make its heading and the line under it.
LABELLED = tuple(name for name in NEED_FIELDS
                 if name not in ("card", "title", "importance", "lately"))
DECISIONS = ("keep", "change", "pause", "retire")


def _keys(*keys: str) -> object:
    return field(metadata={"keys": keys})


@dataclass(frozen=True)
class ContentsWords:
    map: str
    needs: str
    commitments: str
    misattunements: str
    need_one: str
    need_many: str
    commitment_one: str
    commitment_many: str
    entry_one: str
    entry_many: str


@dataclass(frozen=True)
class MapWords:
    heading: str
    note: str
    column: str
    middle: str
    continued: str
    proposed: str
    paused: str
    legend: str
    no_commitments: str
    description: str  # the map in words, for a reader who cannot see it


@dataclass(frozen=True)
class NeedsWords:
    heading: str
    note: str
    whose: str
    none: str
    meta: str
    own: str
    importance: str
    lately: str
    continued: str


@dataclass(frozen=True)
class CommitmentWords:
    heading: str
    note: str
    doer: str
    doer_self: str
    serves: str
    unknown_need: str
    since: str
    proposed: str
    proposed_waiting: str
    paused: str
    paused_by: str
    retired: str
    review: str
    review_note: str
    no_review: str
    notes_heading: str
    no_notes: str
    since_review_one: str
    since_review_many: str
    since_review_none: str
    so_far_one: str
    so_far_many: str
    agreement: str
    continued: str


@dataclass(frozen=True)
class NoteWords:
    kept: str
    missed: str
    missed_early: str
    noticed: str
    line: str
    early_reads: str  # why an early miss is printed as it is
    short_kept: str
    short_missed: str
    short_missed_early: str
    short_noticed: str


@dataclass(frozen=True)
class MisattunementWords:
    heading: str
    note: str
    opened: str
    about_need: str
    about_commitment: str
    what_happened: str
    side: str
    happened: str
    felt: str
    needed: str
    waiting: str
    try_next: str
    paused: str
    continued: str


@dataclass(frozen=True)
class SessionWords:
    intro: str
    none: str


@dataclass(frozen=True)
class NeedsExportWords:
    """Every word of ``exports_needs.toml``, one field per table."""

    document: SharedDocumentWords
    contents: ContentsWords
    map: MapWords
    needs: NeedsWords
    commitments: CommitmentWords
    notes: NoteWords
    misattunements: MisattunementWords
    session: SessionWords
    date: DateWords
    cards: Mapping[str, str] = _keys(*CARDS)  # type: ignore[assignment]
    importance: Mapping[str, str] = _keys("1", "2", "3")  # type: ignore[assignment]
    lately: Mapping[str, str] = _keys(*(key for key in LATELY if key))  # type: ignore[assignment]
    labels: Mapping[str, str] = _keys(*LABELLED)  # type: ignore[assignment]
    commitment_labels: Mapping[str, str] = _keys("how_often", "how_seen")  # type: ignore[assignment]
    states: Mapping[str, str] = _keys(*STATES)  # type: ignore[assignment]
    decisions: Mapping[str, str] = _keys(*DECISIONS)  # type: ignore[assignment]
