"""The PDF "Agreements for our therapy session", made from the couple's agreements.

Work is split so the UI can stay responsive: :func:`gather` reads and opens the
models on the GUI thread (fast: a few queries and decryptions) and returns plain,
frozen data; :func:`export_agreements` lays that data out and writes it through
:func:`exports.pdf_writer.write_pdf` on a worker thread, reporting progress.

What is printed is only what both partners can already read together: the shared
agreements, their revisions and reviews, and — when both approve including it at
export time — the revealed consent comparison, which holds each item's combined
outcome and never who answered what. The words live in
``resources/exports_agreements.toml`` (category and status labels in
``resources/agreements.toml``); :mod:`exports.agreements.layout` lays them out.
"""

from __future__ import annotations

import datetime
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, BinaryIO, Literal

from exports.pdf_writer import BuildPdf, Progress, write_pdf
from models import agreements as agreements_model
from models import consent as consent_model
from models.agreements import AgreementView, EventView, ReviewView, RevisionView
from models.consent import Comparison
from models.proof import FreshProof
from models.session import Keyring

PaperSize = Literal["A4", "letter"]

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


def gather(
    keys: Keyring,
    names: dict[int, str],
    *,
    prepared_on: datetime.date,
    session_on: datetime.date | None,
    include_history: bool,
    consent_proofs: Iterable[FreshProof] | None = None,
    include_retired: bool = False,
    include_drafts: bool = False,
    paper: PaperSize = "A4",
) -> AgreementsExport:
    """Read and open everything the document needs (on the GUI thread; fast).

    ``consent_proofs``: both partners' fresh password proofs, given when both chose just
    now to include the consent comparison; the latest reveal is then read (none yet:
    left out). Without both, it is refused (:class:`~models.proof.NeedsBoth`), so no
    caller can put the comparison in a PDF on one partner's say.
    Revisions are read only when ``include_history`` asks for them.
    """
    sections = []
    for agreement in agreements_model.all_agreements(keys):
        latest = agreements_model.reviews(keys, agreement.uuid)
        sections.append(
            AgreementSection(
                view=agreement,
                revisions=(
                    agreements_model.revisions(keys, agreement.uuid) if include_history else []
                ),
                latest_review=latest[0] if latest else None,
                events=agreements_model.events(keys, agreement.uuid),
            )
        )
    return AgreementsExport(
        names=dict(names),
        prepared_on=prepared_on,
        session_on=session_on,
        agreements=sections,
        include_history=include_history,
        consent=(consent_model.comparison_for_export(keys, consent_proofs)
                 if consent_proofs is not None else None),
        include_retired=include_retired,
        include_drafts=include_drafts,
        paper=paper,
    )


def build_agreements_pdf(data: AgreementsExport, progress: Progress | None = None) -> BuildPdf:
    """Return a function that draws the document for ``data`` into a stream.

    ``progress``, if given, hears the fraction of the layout done (0.0 to 1.0) as
    pages are laid out. Pass the result to :func:`exports.pdf_writer.write_pdf`.
    """
    texts = agreements_texts()

    def build(stream: BinaryIO) -> None:
        from exports.agreements.layout import draw_document

        draw_document(stream, data, texts, progress)

    return build


def export_agreements(
    target: Path,
    data: AgreementsExport,
    password: str | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the agreements document for ``data`` to ``target`` as a PDF; return it.

    With ``password`` the PDF is AES-256 encrypted. ``progress`` hears fractions
    from 0.0 to 1.0 on the calling thread (run this off the GUI thread). Raises the
    errors of :func:`exports.pdf_writer.write_pdf`.
    """
    report = progress
    layout_progress: Progress | None = None
    if report is not None:

        def layout_progress(fraction: float) -> None:
            # write_pdf reports 0.05 before the build and 0.7 after it; fill the gap.
            report(min(0.7, 0.05 + 0.65 * fraction))

    build = build_agreements_pdf(data, layout_progress)
    return write_pdf(build, target, password=password, progress=progress)
