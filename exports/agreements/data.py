"""What the agreements document lays out, opened already: plain, frozen data.

:func:`exports.agreements.gather` fills :class:`AgreementsExport` on the GUI thread;
the layout (:mod:`exports.agreements.layout`) only reads it, on a worker thread. The
words come as :class:`AgreementsTexts`. Nothing here imports the layout, so the layout
can import this module without a circle.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

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
    """Everything the document needs, opened already: safe to hand to a worker thread.

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
    """The document's words, as writers left them in the TOML files."""

    words: Mapping[str, str]
    categories: Mapping[str, str]  # key -> label, in the order they are printed
    statuses: Mapping[str, str]
    decisions: Mapping[str, str]
    consent_groups: Mapping[str, str]
    date_format: str
    months: tuple[str, ...]

    def say(self, key: str, **values: object) -> str:
        """The words stored under ``key`` ("table.key"), placeholders filled in."""
        return self.words[key].format(**values) if values else self.words[key]

    def date(self, when: datetime.date) -> str:
        """A date in words, such as "3 March 2026"."""
        return self.date_format.format(
            day=when.day, month=self.months[when.month - 1], year=when.year
        )

    def cadence(self, days: int) -> str:
        """How often reviews come round, in words: "every 2 weeks", "every 10 days"."""
        if days == 1:
            return self.say("agreement.cadence_day")
        if days == 7:
            return self.say("agreement.cadence_week")
        if days % 7 == 0:
            return self.say("agreement.cadence_weeks", weeks=days // 7)
        return self.say("agreement.cadence_days", days=days)

    def category(self, key: str) -> str:
        return self.categories.get(key, self.categories["other"])

    def status(self, key: str) -> str:
        return self.statuses.get(key, key)
