"""The agreements document's words, as typed tables of ``resources/exports_agreements.toml``
(and the category and status labels of ``resources/agreements.toml``).

Each dataclass is one table of the file, each field one key: :func:`exports.words.load_words`
fills them and reports a missing or a left-over key by name, and the layout reads them
as attributes (``words.agreement.wording``), so a misspelt key is a type error too.
Placeholders in braces are filled with ``str.format`` where the words are used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from exports.words import DateWords, SessionDocumentWords
from models.agreements import CATEGORIES, STATUSES

DECISIONS = ("keep", "adjust", "pause", "retire")
CONSENT_GROUPS = ("yes", "talk", "respected")


@dataclass(frozen=True)
class SummaryWords:
    status_heading: str
    reviews_heading: str
    reviews_none: str
    review_due: str
    reviews_more: str
    contents_heading: str
    one_agreement: str
    many_agreements: str
    no_agreements: str


@dataclass(frozen=True)
class AgreementWords:
    untitled: str
    continued: str
    wording: str
    in_practice: str
    not_ok: str
    why: str
    label_confirmed: str
    label_agreed_on: str
    label_next_review: str
    confirmed: str
    waiting_for: str
    not_confirmed: str
    on_hold: str
    next_review: str
    cadence_day: str
    cadence_week: str
    cadence_weeks: str
    cadence_days: str
    next_review_due: str
    paused_since: str
    paused_note: str
    in_force: str
    change_heading: str
    change_note: str
    change_waiting: str
    change_waiting_none: str
    retired_heading: str
    retired_note: str


@dataclass(frozen=True)
class ReviewWords:
    heading: str
    heading_together: str
    heading_alone: str
    alone_note: str
    no_rating: str
    rating: str
    follow_through: str
    score: str
    helps: str
    hard: str
    decisions: Mapping[str, str] = field(metadata={"keys": DECISIONS})


@dataclass(frozen=True)
class HistoryWords:
    heading: str
    note: str
    version: str
    not_agreed: str  # after a version newer than the words in force
    title: str
    category: str
    unchanged: str
    emptied: str
    none: str


@dataclass(frozen=True)
class ConsentWords:
    heading: str
    subheading: str
    note: str
    compared_on: str
    decided_on: str
    empty: str
    # Printed in the file's order; the keys are the comparison's outcomes.
    groups: Mapping[str, str] = field(metadata={"keys": CONSENT_GROUPS})


@dataclass(frozen=True)
class AgreementsWords:
    """Every word of ``exports_agreements.toml``, one field per table."""

    document: SessionDocumentWords
    summary: SummaryWords
    agreement: AgreementWords
    review: ReviewWords
    history: HistoryWords
    consent: ConsentWords
    date: DateWords


@dataclass(frozen=True)
class AgreementLabels:
    """The labels the document shares with the screens, from ``agreements.toml``.

    Categories are printed in the file's order; the keys are stored with each
    agreement, so exactly the model's keys must be there.
    """

    categories: Mapping[str, str] = field(metadata={"keys": CATEGORIES})
    statuses: Mapping[str, str] = field(metadata={"keys": STATUSES})


# The tables of agreements.toml that only the screens read.
SCREEN_TABLES = ("cadences", "consent")
