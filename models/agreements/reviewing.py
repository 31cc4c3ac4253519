"""Reviewing an agreement: private ratings, a decision both make, or notes made alone.

Each partner rates privately (:class:`~models.agreements.tables.ReviewRating`, sealed
with their own journal key, "rather not rate" allowed); the ratings are revealed into
the shared :class:`~models.agreements.tables.AgreementReview` only when both decide
together with their passwords. A review noted by one partner alone is stored and shown
as done alone by that partner, with no decision.
"""

from __future__ import annotations

import datetime as dt

from models import manifest
from models.agreements import facts
from models.agreements.actions import note_event, touch
from models.agreements.errors import AgreementNotAllowed
from models.agreements.reading import rating, view
from models.agreements.tables import AgreementReview, Decision, ReviewRating, get
from models.agreements.views import AgreementView, MyRating
from models.damage import contained
from models.db import writing
from models.keys import KeyBundle
from models.proof import FreshProof, require_both, require_owner
from models.records import utc_now
from models.session import Keyring


def start_review(keys: Keyring, uuid: str, partner: int) -> AgreementView:
    """Mark an agreed agreement as being reviewed."""
    agreement = get(uuid)
    if agreement.status not in ("agreed", "under_review"):
        raise AgreementNotAllowed(f"review_when_{agreement.status}")
    with writing():
        if agreement.status == "agreed":
            facts.record(keys, uuid, "review_started", by=partner)
            note_event(keys, agreement, "review_started", partner)
        touch(agreement, status="under_review")
    return view(keys, agreement)


def _check_rating(value: int | None) -> str:
    if value is None:
        return ""
    if not 1 <= value <= 5:
        raise ValueError("ratings are 1 to 5, or None for rather not rate")
    return str(value)


def _my_rating_rows(keys: Keyring, owner: int, uuid: str) -> list[ReviewRating]:
    table = ReviewRating._meta.table_name
    with contained(table, f"ratings of {owner}"):
        rows = list(ReviewRating.select().where(ReviewRating.owner == owner))
        mine = [row for row in rows if row.read(keys)["agreement_uuid"] == uuid]
        manifest.check(keys, owner, table, [row.uuid for row in rows])
        return mine


def rate_review(keys: Keyring, uuid: str, owner: int, proof: FreshProof | None, *,
                works: int | None, follow: int | None) -> None:
    """Save ``owner``'s own rating privately, until the review is decided together.

    Needs the owner's fresh proof, unless this is the owner's own session alone (their
    journal key is already held). ``None`` is "rather not rate".
    """
    private = _private_keys(keys, owner, proof)
    values = {"works": _check_rating(works), "follow": _check_rating(follow)}
    agreement = get(uuid)
    if agreement.status not in ("agreed", "under_review"):
        raise AgreementNotAllowed(f"review_when_{agreement.status}")
    existing = _my_rating_rows(private, owner, uuid)
    with writing():
        for row in existing:
            row.delete_instance()
        rating = ReviewRating.write_new(private, {"owner": owner}, agreement_uuid=uuid,
                                        rated_at=utc_now().isoformat(), **values)
        manifest.note(private, owner, ReviewRating._meta.table_name, added=[rating.uuid],
                      removed=[row.uuid for row in existing])


def _private_keys(keys: Keyring, owner: int, proof: FreshProof | None) -> Keyring:
    """A keyring for ``owner``'s private rows: their own session's, or one made from their
    fresh proof for this call only (the session's keyring is left as it was)."""
    if proof is None and keys.holds_journal(owner):
        return keys
    journal_key = require_owner(keys, proof, owner)
    return Keyring({owner: KeyBundle(keys.workbook_key(), journal_key)})


def my_rating(keys: Keyring, uuid: str, owner: int,
              proof: FreshProof | None = None) -> MyRating | None:
    """``owner``'s rating waiting for the next decided review (their own key or proof)."""
    keys = _private_keys(keys, owner, proof)
    for row in _my_rating_rows(keys, owner, uuid):
        values = row.read(keys)
        return MyRating(rating(values["works"]), rating(values["follow"]))
    return None


def decide_review(
    keys: Keyring, uuid: str, proofs: tuple[FreshProof | None, ...], *,
    reviewed_on: dt.date, helps: str, hard: str, decision: Decision, partner: int,
) -> AgreementView:
    """Decide a review together, with both partners' fresh passwords.

    Each partner's private rating (if they gave one) is revealed into the shared review
    at this moment; a missing one is recorded as "rather not rate". Then the decision
    applies: keep → agreed, next review scheduled; adjust → stays under review (propose
    a change next); pause → paused for a conversation; retire → retired.
    """
    both = require_both(keys, proofs)
    if decision not in ("keep", "adjust", "pause", "retire"):
        raise ValueError(f"unknown decision {decision!r}")
    agreement = get(uuid)
    if agreement.status not in ("agreed", "under_review"):
        raise AgreementNotAllowed(f"review_when_{agreement.status}")
    private = Keyring({p: proof.bundle for p, proof in both.items()})
    ratings = {p: my_rating(private, uuid, p) for p in (1, 2)}
    with writing():
        for p in (1, 2):
            revealed = _my_rating_rows(private, p, uuid)
            for row in revealed:
                row.delete_instance()
            manifest.note(private, p, ReviewRating._meta.table_name,
                          removed=[row.uuid for row in revealed])
        review = AgreementReview.write_new(
            keys, {"agreement": agreement, "reviewed_on": reviewed_on, "decision": decision,
                   "together": True, "by_partner": None},
            rating_1=_check_rating(ratings[1].works if ratings[1] else None),
            rating_2=_check_rating(ratings[2].works if ratings[2] else None),
            follow_1=_check_rating(ratings[1].follow if ratings[1] else None),
            follow_2=_check_rating(ratings[2].follow if ratings[2] else None),
            helps=helps, hard=hard,
        )
        next_review = reviewed_on + dt.timedelta(days=agreement.cadence_days)
        facts.record(keys, uuid, "reviewed",
                     signers={p: proof.bundle.journal_key for p, proof in both.items()},
                     by=partner, decision=decision, review=review.uuid,
                     reviewed_on=reviewed_on.isoformat(),
                     next_review_on=next_review.isoformat())
        note_event(keys, agreement, f"reviewed_{decision}", partner)
        if decision == "keep":
            touch(agreement, status="agreed", next_review_on=next_review)
        elif decision == "adjust":
            touch(agreement, status="under_review", next_review_on=next_review)
        elif decision == "pause":
            touch(agreement, status="paused", needs_discussion=True)
        else:
            touch(agreement, status="retired", next_review_on=None)
    private.clear()
    return view(keys, agreement)


def note_review_alone(keys: Keyring, uuid: str, partner: int, *, reviewed_on: dt.date,
                      helps: str, hard: str) -> AgreementView:
    """One partner's review notes, recorded as theirs alone: no decision, no ratings.

    The agreement's state does not change; a pause is its own step, open to either.
    """
    agreement = get(uuid)
    if agreement.status not in ("agreed", "under_review"):
        raise AgreementNotAllowed(f"review_when_{agreement.status}")
    with writing():
        review = AgreementReview.write_new(
            keys, {"agreement": agreement, "reviewed_on": reviewed_on, "decision": "",
                   "together": False, "by_partner": partner},
            rating_1="", rating_2="", follow_1="", follow_2="", helps=helps, hard=hard,
        )
        facts.record(keys, uuid, "reviewed_alone", by=partner, review=review.uuid,
                     reviewed_on=reviewed_on.isoformat())
        note_event(keys, agreement, "reviewed_alone", partner)
        touch(agreement)
    return view(keys, agreement)
