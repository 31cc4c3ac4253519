"""What the narrative PDF and its packet part lay out, opened already: plain, frozen data.

:func:`exports.narrative.gather` fills :class:`NarrativeExport` from the shared pieces,
the joint story and the roles (never a draft: nothing here could hold one), and the
layout only reads it, in the export's child process. Every piece's words are copied
through :func:`models.narrative.views.shareable`, so a private field could not reach a
page even if a shared record held one. Nothing here imports a layout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from exports.house_style import PaperSize, clean, local_day
from exports.narrative.words import NarrativeWords
from exports.words import load_words


@dataclass(frozen=True)
class PieceVersion:
    """One shared version of a piece: its number, when it was shared, its words."""

    uuid: str
    version: int
    shared_at: dt.datetime  # aware
    fields: Mapping[str, str]  # the shareable fields only

    @property
    def shared_on(self) -> dt.date:
        return local_day(self.shared_at)


@dataclass(frozen=True)
class SharedWork:
    """Every shared version of one draft (a story step, a letter, an impact statement,
    an exception), oldest first; the last is the one printed in full."""

    author: int
    kind: str
    source: str
    versions: tuple[PieceVersion, ...]

    @property
    def latest(self) -> PieceVersion:
        return self.versions[-1]

    @property
    def earlier(self) -> tuple[PieceVersion, ...]:
        return self.versions[:-1]


@dataclass(frozen=True)
class HeardAnswer:
    """A shared "do I feel heard" answer about one version of the letter."""

    author: int
    letter: str  # the uuid of the shared letter version it answers
    version: int
    shared_at: dt.datetime
    heard: str  # "" or a key of HEARD
    landed: str
    missing: str

    @property
    def shared_on(self) -> dt.date:
        return local_day(self.shared_at)


@dataclass(frozen=True)
class JointParagraphRow:
    author: int
    text: str


@dataclass(frozen=True)
class JointRow:
    """The joint story's latest version, and the last one both confirmed (if older)."""

    version: int
    written_at: dt.datetime
    paragraphs: tuple[JointParagraphRow, ...]
    confirmed_by: frozenset[int]
    last_settled: tuple[int, dt.datetime] | None = None  # an older settled version

    @property
    def settled(self) -> bool:
        return self.confirmed_by >= {1, 2}


@dataclass(frozen=True)
class NarrativeExport:
    """Everything the narrative PDF needs, opened already: safe to lay out anywhere.

    ``names`` are printed for partner 1 and 2; ``hurt`` is the partner who was hurt
    when both named their roles (``None``: not named, and no role is printed). Each
    tuple is oldest first; ``unreadable`` counts shared records that did not open.
    """

    names: dict[int, str]
    prepared_on: dt.date
    session_on: dt.date | None
    hurt: int | None
    stories: tuple[SharedWork, ...]
    letters: tuple[SharedWork, ...]
    heard: tuple[HeardAnswer, ...]
    impacts: tuple[SharedWork, ...]
    exceptions: tuple[SharedWork, ...]
    joint: JointRow | None
    unreadable: int = 0
    paper: PaperSize = "A4"

    @property
    def empty(self) -> bool:
        """Nothing shared at all."""
        return not (self.stories or self.letters or self.heard or self.impacts
                    or self.exceptions or self.joint)


@dataclass(frozen=True)
class NarrativeTexts:
    """The exports' words, typed, with the small helpers every layout needs."""

    words: NarrativeWords

    def date(self, when: dt.date) -> str:
        """A date in words, such as "3 March 2026"."""
        return self.words.date.write(when)

    def label(self, kind: str, key: str) -> str:
        labels: Mapping[str, str] = getattr(self.words.labels, kind)
        return labels[key]

    def view(self, key: str) -> str:
        return self.words.views.get(key, key)

    def answer(self, key: str) -> str:
        return self.words.heard.answers.get(key, key)

    def happened_on(self, value: str) -> dt.date | None:
        """An exception's day, or None when none (or no date) was given."""
        try:
            return dt.date.fromisoformat(clean(value))
        except ValueError:
            return None


@cache
def narrative_texts() -> NarrativeTexts:
    """Load (once) the words from ``exports_narrative.toml``; raises
    :class:`~exports.words.WordsError` naming a missing or left-over key."""
    return NarrativeTexts(words=load_words(NarrativeWords, "exports_narrative.toml"))
