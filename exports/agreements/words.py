"""The agreements document's words, loaded from ``resources/exports_agreements.toml``
(category and status labels from ``resources/agreements.toml``)."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from exports.agreements.data import AgreementsTexts
from models import agreements as agreements_model

# Every word the layout asks for, as "table.key" in exports_agreements.toml; checked on
# load so a missing line is found at once, not half-way through someone's export.
_WORDS = (
    "document.metadata_title", "document.brand", "document.title", "document.prepared_by",
    "document.partner_fallback", "document.label_prepared", "document.label_session",
    "document.note", "document.footer", "document.page",
    "summary.status_heading", "summary.reviews_heading", "summary.reviews_none",
    "summary.review_due", "summary.reviews_more", "summary.contents_heading",
    "summary.one_agreement", "summary.many_agreements", "summary.no_agreements",
    "agreement.untitled", "agreement.continued", "agreement.wording",
    "agreement.in_practice", "agreement.not_ok",
    "agreement.why", "agreement.label_confirmed", "agreement.label_agreed_on",
    "agreement.label_next_review", "agreement.confirmed", "agreement.waiting_for",
    "agreement.not_confirmed", "agreement.on_hold", "agreement.next_review",
    "agreement.cadence_day", "agreement.cadence_week", "agreement.cadence_weeks",
    "agreement.cadence_days",
    "agreement.next_review_due", "agreement.paused_since",
    "agreement.paused_note", "agreement.retired_heading", "agreement.retired_note",
    "agreement.in_force", "agreement.change_heading", "agreement.change_note",
    "agreement.change_waiting", "agreement.change_waiting_none",
    "review.heading", "review.heading_together", "review.heading_alone", "review.alone_note",
    "review.no_rating", "review.rating", "review.follow_through", "review.score",
    "review.helps", "review.hard",
    "history.heading", "history.note", "history.version", "history.title",
    "history.category", "history.unchanged", "history.emptied", "history.none",
    "consent.heading", "consent.subheading", "consent.note", "consent.compared_on",
    "consent.decided_on", "consent.empty",
)
DECISIONS = ("keep", "adjust", "pause", "retire")
CONSENT_GROUPS = ("yes", "talk", "respected")


@cache
def agreements_texts() -> AgreementsTexts:
    """Load (once) the words from ``exports_agreements.toml`` and ``agreements.toml``."""
    folder = resources.files("resources")
    raw: dict[str, Any] = tomllib.loads(
        folder.joinpath("exports_agreements.toml").read_text("utf-8")
    )
    labels: dict[str, Any] = tomllib.loads(folder.joinpath("agreements.toml").read_text("utf-8"))
    words = {
        f"{table}.{key}": str(value)
        for table, entries in raw.items()
        if table != "date"
        for key, value in entries.items()
        if not isinstance(value, dict)
    }
    missing = [key for key in _WORDS if key not in words]
    months = tuple(str(m) for m in raw["date"]["months"])
    decisions = {str(k): str(v) for k, v in raw["review"]["decisions"].items()}
    groups = {str(k): str(v) for k, v in raw["consent"]["groups"].items()}
    categories = {str(k): str(v) for k, v in labels["categories"].items()}
    missing += [f"review.decisions.{d}" for d in DECISIONS if d not in decisions]
    missing += [f"consent.groups.{g}" for g in CONSENT_GROUPS if g not in groups]
    missing += [f"categories.{c}" for c in agreements_model.CATEGORIES if c not in categories]
    if missing or len(months) != 12:
        raise ValueError(f"exports_agreements.toml is missing {missing or 'twelve months'}")
    return AgreementsTexts(
        words=words,
        categories=categories,
        statuses={str(k): str(v) for k, v in labels["statuses"].items()},
        decisions=decisions,
        consent_groups=groups,
        date_format=str(raw["date"]["format"]),
        months=months,
    )
