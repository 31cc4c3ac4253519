"""Reviewing a commitment together (#12): private ratings, revealed only when both decide.

Each partner rates a commitment privately ("helping", "partly", "not yet", "rather not
say"): a :class:`~models.needs.conversation_tables.NeedsRating` sealed with their own
journal key, counted under that key (a removed rating is damage), opened only with
their fresh password or in their own session alone. The ratings are revealed into the
shared :class:`~models.needs.conversation_tables.NeedsReview` only when both partners
decide together, each with their password at that moment (:func:`decide_review`):
keep, change (propose new words next), pause, or retire. A partner who did not rate is
revealed as "rather not say". Pausing alone at any time is
``models.needs.pause_commitment``.

Each commitment has a review cadence in days (14 until someone sets another, ``ONE``)
and its own stream of facts, ``needs_review/<commitment uuid>``:

- ``cadence`` {by, days};
- ``reviewed`` {review, decision, reviewed_on, words, signers: [1, 2]}: signed by both,
  ``words`` a digest of the revealed ratings and the note.

Nothing here counts, rates over time or keeps a streak: a review is a dated decision
with two words beside it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from models import ledger, ledger_fold, manifest
from models.damage import LOW_LEVEL, Damage, RecordDamaged, contained
from models.db import DB, writing
from models.errors import TrellisError
from models.keys import KeyBundle
from models.ledger import Fact
from models.needs.conversation_tables import NeedsRating, NeedsReview
from models.needs.misattunement import words_digest
from models.proof import FreshProof, NeedsOwner, require_both, require_owner
from models.session import Keyring

REVIEW_RATINGS: tuple[str, ...] = ("helping", "partly", "not_yet", "rather_not")
DECISIONS: tuple[str, ...] = ("keep", "change", "pause", "retire")
DEFAULT_CADENCE = 14
CADENCES = range(1, 366)  # days between reviews, as a person would set them
TABLE = NeedsReview._meta.table_name
RATINGS = NeedsRating._meta.table_name
PREFIX = "needs_review/"
COUNTED = "needs_rating/counted"  # a fact per owner once their ratings are counted
_MEMO = "needs ratings counted"


@dataclass(frozen=True)
class Review:
    """A review decided together: both ratings, revealed at that moment, and a note."""

    uuid: str
    commitment: str
    decision: str  # one of DECISIONS
    reviewed_on: dt.date
    ratings: Mapping[int, str]  # partner -> one of REVIEW_RATINGS
    note: str
    decided_at: dt.datetime  # aware, local


@dataclass(frozen=True)
class ReviewMark:
    """The latest decision on a commitment, from the facts alone (no words opened)."""

    decision: str
    reviewed_on: dt.date
    decided_at: dt.datetime  # aware, local


@dataclass(frozen=True)
class ReviewFact:
    review: str
    decision: str
    reviewed_on: dt.date
    words: str
    at: dt.datetime


@dataclass
class ReviewState:
    """What one commitment's review facts add up to."""

    cadence: int = DEFAULT_CADENCE
    reviews: list[ReviewFact] = field(default_factory=list)


# -- facts ---------------------------------------------------------------------------------


def _at(fact: Fact) -> dt.datetime:
    moment = dt.datetime.fromisoformat(str(fact.get("at")))
    if moment.tzinfo is None:
        raise ValueError("a date without its time zone")
    return moment


def _step(state: ReviewState, fact: Fact) -> None:
    by = fact.get("by")
    if type(by) is not int or by not in (1, 2):
        raise ValueError("not a partner")
    if fact.kind == "cadence":
        days = fact.get("days")
        if type(days) is not int or days not in CADENCES:
            raise ValueError("not a cadence")
        state.cadence = days
    elif fact.kind == "reviewed":
        if fact.signed_by != {1, 2}:
            raise ValueError("a review decided without both signatures")
        decision = fact.get("decision")
        if decision not in DECISIONS:
            raise ValueError("not a decision")
        review = str(fact.get("review"))
        if any(known.review == review for known in state.reviews):
            raise ValueError("one review row decided twice")
        state.reviews.append(ReviewFact(review, str(decision),
                                        dt.date.fromisoformat(str(fact.get("reviewed_on"))),
                                        str(fact.get("words")), _at(fact)))
    else:
        raise ValueError(f"unknown fact {fact.kind!r}")


def _copy(state: ReviewState) -> ReviewState:
    return ReviewState(state.cadence, list(state.reviews))


REDUCER = ledger_fold.Reducer("needs reviews", frozenset({"reviewed"}), ReviewState, _step,
                              _copy)


def _state(keys: Keyring, commitment: str) -> ReviewState:
    try:
        return ledger_fold.fold(keys, PREFIX + commitment, REDUCER).state
    except (ValueError, TypeError, KeyError) as exc:
        raise RecordDamaged(Damage(TABLE, commitment, "state", type(exc).__name__)) from exc


def _states(keys: Keyring) -> tuple[dict[str, ReviewState], list[Damage]]:
    states: dict[str, ReviewState] = {}
    damaged: list[Damage] = []
    for stream, result in ledger_fold.fold_many(keys, PREFIX, REDUCER).items():
        commitment = stream[len(PREFIX):]
        if isinstance(result, Exception):
            detail = result.damage.detail if isinstance(result, RecordDamaged) else \
                type(result).__name__
            damaged.append(Damage(TABLE, commitment, "state", detail))
        else:
            states[commitment] = result.state
    return states, damaged


def latest_reviews(keys: Keyring) -> dict[str, ReviewMark]:
    """Each reviewed commitment's latest decision (for ``Commitment.latest_review`` and
    the notes since the last review). Facts only, workbook key; a commitment whose
    review facts do not verify is left out (:func:`load_reviews` names it)."""
    states, _ = _states(keys)
    return {uuid: ReviewMark(last.decision, last.reviewed_on, last.at.astimezone())
            for uuid, state in states.items() if state.reviews
            for last in (state.reviews[-1],)}


def review_cadence(keys: Keyring, commitment: str) -> int:
    """Days between reviews of ``commitment`` (14 until someone set another)."""
    return _state(keys, commitment).cadence


def set_review_cadence(keys: Keyring, by: int, uuid: str, days: int) -> None:
    """Review commitment ``uuid`` every ``days`` days (1 to 365); either partner
    (``ONE``). ValueError for another number or an unknown commitment."""
    if by not in (1, 2):
        raise ValueError("not a partner")
    if type(days) is not int or days not in CADENCES:
        raise ValueError("a review every 1 to 365 days")
    _commitment(keys, uuid)
    if _state(keys, uuid).cadence == days:
        return
    with writing():
        ledger.append(keys, PREFIX + uuid, "cadence", at=_now(), by=by, days=days)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat()


# -- the commitments (M1's) ----------------------------------------------------------------


def _commitments(keys: Keyring) -> dict[str, Any]:
    from models.needs import commitments  # M1's module imports this one's marks

    loaded, _ = commitments.load_commitments(keys)
    return {c.uuid: c for c in loaded}


def _commitment(keys: Keyring, uuid: str) -> Any:
    """The commitment ``uuid`` as loaded (ValueError when there is none, or it was
    retired)."""
    found = _commitments(keys).get(uuid)
    if found is None:
        raise ValueError("no such commitment")
    if found.state == "retired":
        raise ValueError("this commitment was retired")
    return found


# -- private ratings -----------------------------------------------------------------------


def _private_keys(keys: Keyring, owner: int, proof: FreshProof | None) -> Keyring:
    """A keyring for ``owner``'s private rows: the session's when it holds their key
    and no proof is given, else one from their fresh proof for this call only."""
    if proof is None and keys.holds_journal(owner):
        return keys
    journal_key = require_owner(keys, proof, owner)
    return Keyring({owner: KeyBundle(keys.workbook_key(), journal_key)})


def _counted(keys: Keyring, owner: int) -> None:
    """Start ``owner``'s count of ratings once (a fact says it exists; from then on a
    missing count is damage)."""
    memo = keys.memo(_MEMO, owner)
    if memo.get("started"):
        return
    if not any(fact.kind == "counted" and fact.get("owner") == owner
               for fact in ledger.verify(keys, COUNTED)):
        uuids = [str(uuid) for (uuid,) in DB.execute_sql(
            f"SELECT uuid FROM {RATINGS} WHERE owner = ?", (owner,)).fetchall()]
        with writing():
            manifest.note(keys, owner, RATINGS, added=uuids)
            ledger.append(keys, COUNTED, "counted", owner=owner)
    memo["started"] = True


def _rating_rows(keys: Keyring, owner: int) -> list[tuple[NeedsRating, dict[str, Any]]]:
    """Every private rating of ``owner``, opened and counted (RecordDamaged naming the
    row or the owner's count otherwise)."""
    _counted(keys, owner)
    rows = list(NeedsRating.select().where(NeedsRating.owner == owner))
    opened = []
    for row in rows:
        with contained(RATINGS, str(row.uuid), "words"):
            try:
                content = json.loads(row.read(keys)["content"])
            except TrellisError as exc:
                raise RecordDamaged(Damage(RATINGS, str(row.uuid), "words",
                                           type(exc).__name__)) from exc
            if content.get("rating") not in REVIEW_RATINGS:
                raise ValueError("not a rating")
        opened.append((row, content))
    manifest.check(keys, owner, RATINGS, [str(row.uuid) for row in rows])
    return opened


def _mine(keys: Keyring, owner: int, uuid: str) -> list[tuple[NeedsRating, dict[str, Any]]]:
    return [(row, c) for row, c in _rating_rows(keys, owner) if c.get("commitment") == uuid]


def rate_commitment(keys: Keyring, proof: FreshProof | None, uuid: str, rating: str, *,
                    owner: int | None = None) -> None:
    """Save ``proof.partner``'s own rating of commitment ``uuid`` privately, until the
    next review is decided together (``OWNER``: their fresh password, or their own
    session alone with ``owner`` named). Rating again replaces it."""
    if rating not in REVIEW_RATINGS:
        raise ValueError(f"unknown rating {rating!r}")
    if proof is None and owner is None:
        raise NeedsOwner("your own password is needed to rate")
    partner = proof.partner if owner is None and proof is not None else owner
    assert partner is not None
    private = _private_keys(keys, partner, proof)
    _commitment(keys, uuid)
    existing = _mine(private, partner, uuid)
    content = json.dumps({"commitment": uuid, "rating": rating, "rated_at": _now()})
    with writing():
        for row, _ in existing:
            row.delete_instance()
        row = NeedsRating.write_new(private, {"owner": partner}, content=content)
        manifest.note(private, partner, RATINGS, added=[row.uuid],
                      removed=[str(old.uuid) for old, _ in existing])


def my_rating(keys: Keyring, proof_or_held: FreshProof | None, uuid: str,
              owner: int) -> str | None:
    """``owner``'s rating of ``uuid`` waiting for the next review, or None: with their
    fresh proof, or their key held by the session (:class:`NeedsOwner` otherwise)."""
    private = _private_keys(keys, owner, proof_or_held)
    for _, content in _mine(private, owner, uuid):
        return str(content["rating"])
    return None


# -- deciding together ---------------------------------------------------------------------


def _words(ratings: Mapping[int, str], note: str) -> dict[str, Any]:
    return {"ratings": {str(p): ratings[p] for p in (1, 2)}, "note": note}


def decide_review(keys: Keyring, proofs: Iterable[FreshProof | None], uuid: str,
                  decision: str, note: str = "", *, partner: int = 1,
                  reviewed_on: dt.date | None = None) -> Review:
    """Decide a review of commitment ``uuid`` together, with both partners' fresh
    passwords (``BOTH``; :class:`~models.proof.NeedsBoth` otherwise): each partner's
    private rating is revealed into the shared review now (a missing one as "rather
    not say") and leaves their private rows. ``partner`` is who pressed the button.

    keep leaves the commitment as it is (and resumes it when paused); change leaves it
    until new words are proposed with ``change_commitment``; pause pauses it; retire
    retires it.
    """
    from models.needs import commitments  # it reads this module's marks: no circle at import

    both = require_both(keys, proofs)
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    if partner not in (1, 2) or not isinstance(note, str):
        raise ValueError("not a partner, or a note that is not words")
    _commitment(keys, uuid)
    _state(keys, uuid)  # never decided on top of facts that do not verify
    on = reviewed_on or dt.datetime.now().date()
    private = Keyring({p: proof.bundle for p, proof in both.items()})
    rows = {p: _mine(private, p, uuid) for p in (1, 2)}
    ratings = {p: str(rows[p][0][1]["rating"]) if rows[p] else "rather_not" for p in (1, 2)}
    words = _words(ratings, note)
    signers = {p: proof.bundle.journal_key for p, proof in both.items()}
    with writing():
        for p in (1, 2):
            for row, _ in rows[p]:
                row.delete_instance()
            manifest.note(private, p, RATINGS, removed=[str(row.uuid) for row, _ in rows[p]])
        review = NeedsReview.write_new(
            keys, {"commitment": uuid, "decision": decision, "reviewed_on": on},
            ratings=json.dumps(words["ratings"]), note=note)
        fact = ledger.append(keys, PREFIX + uuid, "reviewed", sign_with=signers,
                             at=_now(), signers=[1, 2], by=partner, review=review.uuid,
                             decision=decision, reviewed_on=on.isoformat(),
                             words=words_digest(words))
        # The commitment's own state follows, in its own fact signed by both (M1's):
        # keep resumes a paused one, pause pauses, retire retires, change waits for words.
        commitments.review_decided(keys, uuid, decision, sign_with=signers)
    private.clear()
    return Review(review.uuid, uuid, decision, on, ratings, note, _at(fact).astimezone())


# -- reading -------------------------------------------------------------------------------


def _opened(keys: Keyring, commitment: str, said: ReviewFact,
            row: NeedsReview | None) -> Review:
    if row is None:
        raise RecordDamaged(Damage(TABLE, said.review, "record", "missing"))
    with contained(TABLE, said.review):
        if (row.commitment, row.decision, row.reviewed_on) != (
                commitment, said.decision, said.reviewed_on):
            raise RecordDamaged(Damage(TABLE, said.review, "state", "columns differ from facts"))
        values = row.read(keys)
        loaded = json.loads(values["ratings"])
        ratings = {p: loaded[str(p)] for p in (1, 2)}
        if any(r not in REVIEW_RATINGS for r in ratings.values()):
            raise ValueError("not a rating")
        if words_digest(_words(ratings, values["note"])) != said.words:
            raise RecordDamaged(Damage(TABLE, said.review, "words", "words differ from facts"))
    return Review(said.review, commitment, said.decision, said.reviewed_on, ratings,
                  values["note"], said.at.astimezone())


def load_reviews(keys: Keyring, commitment: str | None = None,
                 ) -> tuple[list[Review], list[Damage]]:
    """Reviews decided together (of one commitment, or all), oldest first, and what
    could not be opened or verified, each in its place. Workbook key only: a rating
    still private is never here."""
    try:
        if commitment is None:
            states, damaged = _states(keys)
            query = NeedsReview.select()
        else:
            states, damaged = {commitment: _state(keys, commitment)}, []
            query = NeedsReview.select().where(NeedsReview.commitment == commitment)
        rows = {str(row.uuid): row for row in query}
    except RecordDamaged as exc:
        return [], [exc.damage]
    except LOW_LEVEL as exc:
        return [], [Damage(TABLE, "all", "record", type(exc).__name__)]
    reviews: list[Review] = []
    gone = {d.uuid for d in damaged}
    for uuid, state in states.items():
        for said in state.reviews:
            try:
                reviews.append(_opened(keys, uuid, said, rows.pop(said.review, None)))
            except RecordDamaged as exc:
                damaged.append(exc.damage)
            except TrellisError as exc:  # sealed words that did not open
                damaged.append(Damage(TABLE, said.review, "words", type(exc).__name__))
    damaged += [Damage(TABLE, uuid, "state", "no fact") for uuid, row in rows.items()
                if row.commitment not in gone]
    reviews.sort(key=lambda review: (review.decided_at, review.uuid))
    return reviews, damaged


def due_reviews(keys: Keyring, today: dt.date) -> list[str]:
    """The active commitments whose next review is on or before ``today`` (its cadence
    after the latest review, or after it became active): Home may show them, and never
    nags. Paused, proposed and retired commitments are not due."""
    states, _ = _states(keys)
    due = []
    for uuid, commitment in _commitments(keys).items():
        if commitment.state != "active" or commitment.since is None:
            continue
        state = states.get(uuid, ReviewState())
        since = commitment.since.astimezone().date()
        last = state.reviews[-1].reviewed_on if state.reviews else since
        if max(last, since) + dt.timedelta(days=state.cadence) <= today:
            due.append(uuid)
    return due
