"""What the agreements document lays out, opened already: plain, frozen data.

:func:`exports.agreements.gather` fills :class:`AgreementsExport`; the layout
(:mod:`exports.agreements.layout`) only reads it (both in the export's child process). The
words come as :class:`AgreementsTexts` (declared in :mod:`exports.agreements.words`).
Nothing here imports the layout, so the layout can import this module without a circle.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from typing import Literal

from exports.agreements.words import SCREEN_TABLES, AgreementLabels, AgreementsWords
from exports.words import load_words
from models.agreements import AgreementView, EventView, ReviewView, RevisionView
from models.consent import Comparison

PaperSize = Literal["A4", "letter"]


@dataclass(frozen=True)
class AgreementSection:
    """One agreement as it will be printed: its state, words, history and latest review."""

    view: AgreementView
    revisions: list[RevisionView]  # oldest first; only used with include_history
    latest_review: ReviewView | None
    events: list[EventView]  # oldest first


@dataclass(frozen=True)
class AgreementsExport:
    """Everything the document needs, opened already: plain data, safe to lay out anywhere.

    ``names`` is what to print for partner 1 and 2 (full names or initials: the UI
    asks). ``consent`` is ``None`` unless both partners approved including the
    revealed comparison for this export. Drafts and retired agreements are left out
    unless asked for; retired ones then form their own group at the end.
    """

    names: dict[int, str]
    prepared_on: datetime.date
    session_on: datetime.date | None
    agreements: list[AgreementSection]
    include_history: bool
    consent: Comparison | None
    include_retired: bool = False
    include_drafts: bool = False
    paper: PaperSize = "A4"


@dataclass(frozen=True)
class AgreementsTexts:
    """The document's words and the labels it shares with the screens, typed."""

    words: AgreementsWords
    labels: AgreementLabels

    def date(self, when: datetime.date) -> str:
        """A date in words, such as "3 March 2026"."""
        return self.words.date.write(when)

    def cadence(self, days: int) -> str:
        """How often reviews come round, in words: "every 2 weeks", "every 10 days"."""
        words = self.words.agreement
        if days == 1:
            return words.cadence_day
        if days == 7:
            return words.cadence_week
        if days % 7 == 0:
            return words.cadence_weeks.format(weeks=days // 7)
        return words.cadence_days.format(days=days)

    def category(self, key: str) -> str:
        """A category's label; an unknown key (from a newer Trellis) reads as "Other"."""
        return self.labels.categories.get(key, self.labels.categories["other"])

    def status(self, key: str) -> str:
        return self.labels.statuses.get(key, key)

    def decision(self, key: str) -> str:
        """What a review decided, in the couple's words (an unknown one as it is)."""
        return self.words.review.decisions.get(key, key)


@cache
def agreements_texts() -> AgreementsTexts:
    """Load (once) the words from ``exports_agreements.toml`` and ``agreements.toml``;
    raises :class:`~exports.words.WordsError` naming a missing or left-over key."""
    return AgreementsTexts(
        words=load_words(AgreementsWords, "exports_agreements.toml"),
        labels=load_words(AgreementLabels, "agreements.toml", others=SCREEN_TABLES),
    )
