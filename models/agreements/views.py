"""An agreement as opened in memory for the screen or a PDF: plain, frozen data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RevisionView:
    number: int
    author: int
    created_at: dt.datetime
    text: dict[str, str]
    updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class ReviewView:
    """A review as recorded; a rating of None means "rather not rate" (or not given)."""

    reviewed_on: dt.date
    decision: str  # "" for a review noted alone
    ratings: dict[int, int | None]
    follow_through: dict[int, int | None]
    helps: str
    hard: str
    together: bool | None = True
    by_partner: int | None = None


@dataclass(frozen=True)
class MyRating:
    """A partner's own rating, waiting to be revealed when the review is decided."""

    works: int | None
    follow: int | None


@dataclass(frozen=True)
class EventView:
    kind: str
    partner: int | None
    at: dt.datetime
    note: str


@dataclass(frozen=True)
class AgreementView:
    """Everything about one agreement, opened in memory for the screen or a PDF."""

    uuid: str
    status: str
    proposed_by: int
    current: RevisionView
    agreed_revision: int | None
    agreed_at: dt.datetime | None
    confirmations: dict[int, dt.datetime]  # of the current revision, still standing
    needs_discussion: bool
    cadence_days: int
    next_review_on: dt.date | None
    created_at: dt.datetime
    updated_at: dt.datetime
    in_force: RevisionView | None = None  # the agreed words, whatever else is going on
    in_force_confirmations: dict[int, dt.datetime] = field(default_factory=dict)

    @property
    def pending_change(self) -> bool:
        """A change has been proposed beside the agreed words, not yet confirmed by both."""
        return (self.in_force is not None and self.status != "retired"
                and self.current.number != self.in_force.number)

    @property
    def words_locked(self) -> bool:
        """The binding words are agreed: change them only through a proposed change."""
        return (self.in_force is not None and self.status != "retired"
                and not self.pending_change)

    def haystack(self) -> str:
        """All words of the current revision, folded for search as you type."""
        return "\n".join(self.current.text.values()).casefold()

    def review_due(self, today: dt.date) -> bool:
        return (
            self.status in ("agreed", "under_review")
            and self.next_review_on is not None
            and self.next_review_on <= today
        )
