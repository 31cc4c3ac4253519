"""Reading what the needs map's exports need from the models: shared things only.

Everything comes from :func:`models.needs.load_needs`, ``load_commitments``,
``load_notes``, ``load_reviews`` and ``load_misattunements``, which read with the
workbook key alone: no partner's journal key is asked for or used, so no private draft
and no private rating waiting to be revealed can be opened here (a review's ratings,
revealed together, are not printed either: only its decision, day and note). Withdrawn
needs are never returned by the model. Run it off the GUI thread (the export's child).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence

from exports.house_style import PaperSize
from exports.needs.data import (
    CommitmentRow,
    MisattunementRow,
    NeedRow,
    NeedsExport,
    NoteRow,
    ReviewRow,
    SideRow,
)
from models import needs as model
from models.needs.misattunement import Misattunement, load_misattunements
from models.needs.reviews import Review, load_reviews
from models.needs.views import COMMITMENT_FIELDS, NEED_FIELDS, Commitment, Need, Note
from models.session import Keyring


def gather(keys: Keyring, names: dict[int, str], *, prepared_on: dt.date,
           session_on: dt.date | None = None, paper: PaperSize = "A4") -> NeedsExport:
    """Every shared need (partner 1's, then partner 2's, each in the order first
    shared), every commitment with its latest review and dated notes (in the order they
    were made), and every conversation about a miss (oldest first).

    A shared record that does not open is counted in ``unreadable``; the rest are
    exported.
    """
    shared, lost_needs = model.load_needs(keys)
    commitments, lost_commitments = model.load_commitments(keys)
    notes, lost_notes = model.load_notes(keys)
    reviews, lost_reviews = load_reviews(keys)
    entries, lost_entries = load_misattunements(keys)
    rows = tuple(_need(need) for need in sorted(
        shared, key=lambda n: (n.owner, n.shared_at, n.uuid)))
    return NeedsExport(
        names=dict(names), prepared_on=prepared_on, session_on=session_on, needs=rows,
        commitments=tuple(_commitments(commitments, notes, reviews)),
        misattunements=tuple(_entry(entry) for entry in sorted(
            entries, key=lambda e: (e.opened_at, e.uuid))),
        unreadable=sum(len(lost) for lost in (lost_needs, lost_commitments, lost_notes,
                                              lost_reviews, lost_entries)),
        paper=paper,
    )


def _need(need: Need) -> NeedRow:
    """A shared need's fields, and nothing else it may hold."""
    return NeedRow(uuid=need.uuid, owner=need.owner, version=need.version,
                   shared_at=need.shared_at,
                   fields={key: need.fields.get(key, "") for key in NEED_FIELDS},
                   importance=need.importance)


def _commitments(commitments: Iterable[Commitment], notes: Iterable[Note],
                 reviews: Iterable[Review]) -> list[CommitmentRow]:
    by_commitment: dict[str, list[Note]] = defaultdict(list)
    for found in notes:
        by_commitment[found.commitment].append(found)
    latest: dict[str, Review] = {}
    for review in reviews:
        known = latest.get(review.commitment)
        if known is None or (review.decided_at, review.uuid) > (known.decided_at,
                                                                 known.uuid):
            latest[review.commitment] = review
    rows = []
    for commitment in sorted(commitments, key=lambda c: (c.created_at, c.uuid)):
        last = latest.get(commitment.uuid)
        dated = sorted(by_commitment.get(commitment.uuid, ()),
                       key=lambda n: (n.noted_at, n.uuid))
        since = [n for n in dated if last is None or n.noted_at > last.decided_at]
        rows.append(CommitmentRow(
            uuid=commitment.uuid, needs=tuple(commitment.needs) or (commitment.need,),
            doer=commitment.doer,
            fields={key: commitment.fields.get(key, "") for key in COMMITMENT_FIELDS},
            state=commitment.state, since=commitment.since,
            waiting=tuple(commitment.waiting_for()) if commitment.state == "proposed"
            else (),
            paused_by=commitment.paused_by, linked=commitment.agreement is not None,
            review=None if last is None else ReviewRow(last.reviewed_on, last.decision,
                                                       last.note),
            notes=_notes(dated), since_review=_notes(since)))
    return rows


def _notes(notes: Sequence[Note]) -> tuple[NoteRow, ...]:
    return tuple(NoteRow(n.by, n.kind, n.line, n.noted_at, n.early) for n in notes)


def _entry(entry: Misattunement) -> MisattunementRow:
    sides = tuple(SideRow(p, a.happened, a.felt, a.needed)
                  for p, a in sorted(entry.accounts.items()))
    return MisattunementRow(
        uuid=entry.uuid, opened_by=entry.opened_by, opened_at=entry.opened_at,
        need=entry.need, commitment=entry.commitment, what_happened=entry.what_happened,
        sides=sides, waiting_for=entry.waiting_for, try_next=entry.try_next,
        paused=entry.paused)
