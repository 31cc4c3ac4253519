"""The needs map's state as facts, in ledger streams.

``needs/shared`` — needs shared on purpose:

- ``shared`` {need, row, by, source, version, words}: signed by the need's owner
  (``by``) with the key derived from their journal key, so the other partner, who holds
  the workbook key too, cannot share in their name. ``need`` is the shared need's
  stable uuid (the same for every share of one draft); ``row`` the row holding this
  version's words; ``version`` the shares of that need so far plus one; ``words`` a
  digest of the fields.
- ``withdrawn`` {need, by}: signed by the same owner; every version's words are emptied.
  Sharing the same draft again brings the need back with its next version.

``needs_commitment/<uuid>`` — one commitment (its row has the same uuid):

- ``proposed`` {by, need, serves, doer, need_owner, agreement, version: 1, words}:
  either partner, unsigned (adding).
- ``changed`` {by, serves, agreement, version, words}: either partner, unsigned; the
  new words are proposed again and every confirmation is of older words.
- ``confirmed`` {by, roles, version, words}: signed by ``by``; ``roles`` lists "helps"
  (``by`` is the person with the need) and/or "can_do" (``by`` does it). Active once
  both roles confirmed the current words.
- ``paused`` {by}: either partner, unsigned (caution; also when a need is withdrawn).
- ``resumed`` {}: signed by both.
- ``decided`` {decision}: signed by both, every review decided together (its ratings
  and note are :mod:`models.needs.reviews`'s): the latest decision and when; keep
  resumes a paused commitment, pause pauses it, retire retires it, change leaves it.
- ``noted`` {note, by, kind_of, early, words}: kept or missed by who does it, noticed by
  the person with the need; unsigned (adding). ``early`` is fixed when the note is made.

The rows are only an index: reading compares them with these facts, and a row without
its fact, a fact without its row, or a column or words that differ is damage.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from models import ledger_fold
from models.damage import Damage, RecordDamaged
from models.ledger import Fact
from models.needs.views import DOER_KINDS, NOTE_KINDS, OWNER_KINDS
from models.session import Keyring
from models.signed_facts import at_of as at_of
from models.signed_facts import partner as _partner
from models.signed_facts import record as record
from models.signed_facts import stream_damage as _damage
from models.signed_facts import utc_now as utc_now
from models.signed_facts import words_digest as words_digest

SHARED = "needs/shared"
COMMITMENTS = "needs_commitment/"
DECISIONS = ("keep", "change", "pause", "retire")
ROLES = ("helps", "can_do")


def stream_of(commitment: str) -> str:
    return f"{COMMITMENTS}{commitment}"




# -- shared needs -------------------------------------------------------------------------


@dataclass(frozen=True)
class RowFact:
    """What the signed facts say about one shared version's row."""

    need: str
    owner: int
    source: str
    version: int
    words: str
    shared_at: dt.datetime
    withdrawn: bool = False


@dataclass(frozen=True)
class NeedFact:
    """What the signed facts say about one shared need: its latest version's row."""

    owner: int
    source: str
    version: int
    row: str
    withdrawn: bool = False


@dataclass
class Shared:
    """Every shared version (withdrawn ones too) by row, and every need by its uuid,
    in the order first shared."""

    rows: dict[str, RowFact] = field(default_factory=dict)
    needs: dict[str, NeedFact] = field(default_factory=dict)
    by_source: dict[str, str] = field(default_factory=dict)  # draft uuid → need uuid


def _apply_shared(state: Shared, fact: Fact) -> None:
    need, by = str(fact.get("need")), _partner(fact.get("by"))
    if fact.signed_by != {by}:
        raise ValueError("not signed by its owner")
    known = state.needs.get(need)
    if fact.kind == "shared":
        row, source, version = str(fact.get("row")), str(fact.get("source")), fact.get("version")
        if row in state.rows or type(version) is not int:
            raise ValueError("a row shared twice")
        if version != (known.version + 1 if known else 1):
            raise ValueError("versions out of order")
        if known is not None and (known.owner, known.source) != (by, source):
            raise ValueError("one need shared by two owners or from two drafts")
        if known is None and source in state.by_source:
            raise ValueError("one draft shared as two needs")
        state.by_source[source] = need
        state.rows[row] = RowFact(need, by, source, version, str(fact.get("words")),
                                  at_of(fact))
        state.needs[need] = NeedFact(by, source, version, row)
    elif fact.kind == "withdrawn":
        if known is None or known.withdrawn or known.owner != by:
            raise ValueError("withdrawn by someone else, or twice")
        for uuid, said in state.rows.items():
            if said.need == need:
                state.rows[uuid] = replace(said, withdrawn=True)
        state.needs[need] = replace(known, withdrawn=True)
    else:
        raise ValueError(f"unknown fact {fact.kind!r}")


def _copy_shared(state: Shared) -> Shared:
    return Shared(dict(state.rows), dict(state.needs), dict(state.by_source))


SHARED_REDUCER = ledger_fold.Reducer("needs shared", frozenset({"shared", "withdrawn"}),
                                     Shared, _apply_shared, _copy_shared)


def shared(keys: Keyring) -> Shared:
    """Verify the shared needs' stream and add it up (read it, never change it);
    :class:`RecordDamaged` if it does not add up."""
    try:
        return ledger_fold.fold(keys, SHARED, SHARED_REDUCER).state
    except (ValueError, TypeError, KeyError) as exc:
        raise _damage(SHARED, exc) from exc


# -- commitments --------------------------------------------------------------------------


@dataclass(frozen=True)
class NoteFact:
    """What the facts say about one note."""

    by: int
    kind: str
    early: bool
    words: str
    noted_at: dt.datetime


@dataclass
class CommitmentFacts:
    """What one commitment's verified facts add up to."""

    need: str = ""
    serves: tuple[str, ...] = ()
    doer: int = 0
    need_owner: int = 0
    agreement: str | None = None
    version: int = 0
    words: str = ""
    state: str = "proposed"
    helps: bool = False
    can_do: bool = False
    since: dt.datetime | None = None
    created_at: dt.datetime | None = None
    paused_by: int | None = None
    latest_review: str | None = None  # the latest decision of a review, and when
    reviewed_at: dt.datetime | None = None
    notes: dict[str, NoteFact] = field(default_factory=dict)  # in the order noted
    # Whether someone other than the doer spoke since the doer's last note
    # ("noticed", or a misattunement): a miss noted now is not early.
    last_doer_note: dt.datetime | None = None

    @property
    def confirmed_both(self) -> bool:
        return self.helps and self.can_do


def _agreement(value: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        raise ValueError("not an agreement")
    return value


def _serves(value: Any, need: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value or value[0] != need or not all(
            isinstance(uuid, str) for uuid in value) or len(set(value)) != len(value):
        raise ValueError("not the needs it serves")
    return tuple(value)


def _apply_commitment(state: CommitmentFacts, fact: Fact) -> None:  # noqa: C901
    kind = fact.kind
    if fact.seq == 0 and kind != "proposed":
        raise ValueError("no beginning")
    by = 0 if kind in ("resumed", "decided") else _partner(fact.get("by"))
    if state.state == "retired" and kind != "noted":
        raise ValueError("a retired commitment changes no more")
    if kind == "proposed":
        if fact.seq != 0 or fact.get("version") != 1:
            raise ValueError("proposed twice")
        state.need = str(fact.get("need"))
        state.serves = _serves(fact.get("serves"), state.need)
        state.doer, state.need_owner = _partner(fact.get("doer")), _partner(
            fact.get("need_owner"))
        state.agreement = _agreement(fact.get("agreement"))
        state.version, state.words = 1, str(fact.get("words"))
        state.created_at = at_of(fact)
    elif kind == "changed":
        if fact.get("version") != state.version + 1:
            raise ValueError("versions out of order")
        state.serves = _serves(fact.get("serves"), state.need)
        state.agreement = _agreement(fact.get("agreement"))
        state.version, state.words = state.version + 1, str(fact.get("words"))
        state.state, state.helps, state.can_do = "proposed", False, False
        state.since, state.paused_by = None, None
    elif kind == "confirmed":
        roles = fact.get("roles")
        if fact.signed_by != {by} or not isinstance(roles, list) or not roles:
            raise ValueError("not signed by who confirmed")
        if (fact.get("version"), fact.get("words")) != (state.version, state.words):
            raise ValueError("confirmed words that are not the current ones")
        for role in roles:
            if role not in ROLES or by != (state.need_owner if role == "helps" else state.doer):
                raise ValueError("confirmed someone else's part")
        state.helps = state.helps or "helps" in roles
        state.can_do = state.can_do or "can_do" in roles
        if state.state == "proposed" and state.confirmed_both:
            state.state, state.since = "active", at_of(fact)
    elif kind == "paused":
        if state.state == "paused":
            raise ValueError("paused twice")
        state.state, state.paused_by = "paused", by
    elif kind in ("resumed", "decided"):
        if fact.signed_by != {1, 2}:
            raise ValueError("without both")
        decision = "keep" if kind == "resumed" else fact.get("decision")
        if kind == "resumed" and state.state != "paused":
            raise ValueError("resumed without a pause")
        if decision not in DECISIONS:
            raise ValueError("unknown decision")
        if kind == "decided":
            state.latest_review, state.reviewed_at = str(decision), at_of(fact)
        if decision == "keep" and state.state == "paused":
            state.state = "active" if state.confirmed_both else "proposed"
            state.paused_by = None
            if state.state == "active" and state.since is None:
                state.since = at_of(fact)
        elif decision == "pause":
            state.state, state.paused_by = "paused", None
        elif decision == "retire":
            state.state, state.paused_by = "retired", None
    elif kind == "noted":
        note_kind, note = fact.get("kind_of"), str(fact.get("note"))
        if note_kind not in NOTE_KINDS or note in state.notes:
            raise ValueError("an unknown kind of note, or one noted twice")
        if not fits(note_kind, by, state.doer, state.need_owner):
            raise ValueError("a note by the wrong partner")
        early = fact.get("early")
        if not isinstance(early, bool) or (early and note_kind != "missed"):
            raise ValueError("only a miss is early")
        state.notes[note] = NoteFact(by, note_kind, early, str(fact.get("words")), at_of(fact))
        if note_kind in DOER_KINDS and by == state.doer:
            state.last_doer_note = at_of(fact)
    else:
        raise ValueError(f"unknown fact {kind!r}")


def fits(kind: str, by: int, doer: int, need_owner: int) -> bool:
    """Whether ``by`` may note ``kind``: kept and missed are the doer's, noticed the
    need's owner's (both, for a commitment to oneself)."""
    return (kind in DOER_KINDS and by == doer) or (kind in OWNER_KINDS and by == need_owner)


def _copy_commitment(state: CommitmentFacts) -> CommitmentFacts:
    return replace(state, notes=dict(state.notes))


COMMITMENT_REDUCER = ledger_fold.Reducer(
    "needs commitment", frozenset({"confirmed", "resumed", "decided"}), CommitmentFacts,
    _apply_commitment, _copy_commitment)


def _derived(uuid: str, folded: ledger_fold.Folded[CommitmentFacts] | Exception,
             ) -> CommitmentFacts:
    if isinstance(folded, RecordDamaged):
        raise folded
    if isinstance(folded, Exception):
        raise RecordDamaged(Damage("needs_commitment", uuid, "state",
                                   type(folded).__name__)) from folded
    if not folded.count:
        raise RecordDamaged(Damage("needs_commitment", uuid, "state", "no facts"))
    return folded.state


def commitment(keys: Keyring, uuid: str) -> CommitmentFacts:
    """Verify one commitment's facts and add them up (read it, never change it);
    :class:`RecordDamaged` if they do not verify or do not add up."""
    try:
        folded: ledger_fold.Folded[CommitmentFacts] | Exception = ledger_fold.fold(
            keys, stream_of(uuid), COMMITMENT_REDUCER)
    except RecordDamaged:
        raise
    except (ValueError, TypeError, KeyError) as exc:
        folded = exc
    return _derived(uuid, folded)


def commitments(keys: Keyring) -> dict[str, CommitmentFacts | RecordDamaged]:
    """:func:`commitment` for every commitment that has facts, in a few queries: by
    uuid, what it adds up to or the damage it raised."""
    result: dict[str, CommitmentFacts | RecordDamaged] = {}
    for stream, folded in ledger_fold.fold_many(keys, COMMITMENTS,
                                                COMMITMENT_REDUCER).items():
        uuid = stream[len(COMMITMENTS):]
        try:
            result[uuid] = _derived(uuid, folded)
        except RecordDamaged as exc:
            result[uuid] = exc
    return result
