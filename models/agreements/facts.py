"""An agreement's state, as facts in the ledger, and the state those facts add up to.

Every step in :mod:`models.agreements` appends a fact to the agreement's stream
(``agreement/<uuid>``); confirmations are signed by the partner who confirmed, and
retiring an agreed agreement or deciding a review by both. :func:`derive` verifies the
stream and replays it into :class:`Derived`; :func:`check` compares it with the plain
columns, which are only an index: any difference is damage, never believed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from models import ledger, ledger_fold
from models.damage import Damage, RecordDamaged
from models.ledger import Fact
from models.session import Keyring

BINDING = ("title", "category", "wording", "in_practice", "not_ok")
# Facts that count only with the signatures they name in "signers".
SIGNED = ("confirmed", "retired", "reviewed")


def stream_of(uuid: str) -> str:
    return f"agreement/{uuid}"


def words_digest(text: Mapping[str, str]) -> str:
    """A digest of the binding words (not the partners' own "why it matters")."""
    binding = {name: text.get(name, "") for name in BINDING}
    return hashlib.sha256(json.dumps(binding, sort_keys=True).encode()).hexdigest()


def record(keys: Keyring, uuid: str, kind: str, *,
           signers: Mapping[int, bytes] | None = None, **data: Any) -> Fact:
    """Append one fact for the agreement ``uuid`` (inside the caller's transaction)."""
    if signers:
        data["signers"] = sorted(signers)
    return ledger.append(keys, stream_of(uuid), kind, sign_with=signers,
                         at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                         **data)


@dataclass
class Derived:
    """What an agreement's verified facts say about it."""

    status: str = "draft"
    current: int = 1
    agreed: int | None = None
    agreed_at: dt.datetime | None = None
    agreed_words: str | None = None  # words_digest of the agreed binding words
    revisions: dict[int, str] = field(default_factory=dict)  # number → revision uuid
    confirmations: dict[int, dt.datetime] = field(default_factory=dict)  # of current
    confirmed_words: dict[int, str] = field(default_factory=dict)
    in_force_confirmations: dict[int, dt.datetime] = field(default_factory=dict)
    needs_discussion: bool = False
    next_review_on: dt.date | None = None
    cadence_days: int = 14
    reviews_together: set[str] = field(default_factory=set)
    reviews_alone: set[str] = field(default_factory=set)
    # review uuid → what its fact says: together, decision, reviewed_on, by
    review_facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    proposed_by: int | None = None
    created_at: dt.datetime | None = None
    events: list[str] = field(default_factory=list)  # "what happened" rows, in order
    last_at: dt.datetime | None = None  # when the latest fact was written
    legacy: bool = False  # state carried over from before facts were kept


def _when(fact: Fact) -> dt.datetime:
    return dt.datetime.fromisoformat(str(fact.get("at")))


def _date(value: Any) -> dt.date | None:
    return None if value in (None, "", "None") else dt.date.fromisoformat(str(value))


def _apply(state: Derived, fact: Fact) -> None:  # noqa: C901 - one branch per kind
    kind = fact.kind
    if kind == "created":
        state.revisions[1] = str(fact.get("revision"))
        state.cadence_days = int(fact.get("cadence", 14))
        state.proposed_by = int(fact.get("by"))
        state.created_at = _when(fact)
    elif kind == "baseline":
        state.legacy = True
        state.status = str(fact.get("status"))
        state.current = int(fact.get("current"))
        agreed = fact.get("agreed")
        state.agreed = None if agreed is None else int(agreed)
        state.agreed_at = (None if fact.get("agreed_at") in (None, "None")
                           else dt.datetime.fromisoformat(str(fact.get("agreed_at"))))
        state.agreed_words = fact.get("agreed_words")
        state.revisions = {int(k): str(v) for k, v in dict(fact.get("revisions")).items()}
        state.confirmations = {int(k): dt.datetime.fromisoformat(str(v))
                               for k, v in dict(fact.get("confirmations")).items()}
        state.in_force_confirmations = {
            int(k): dt.datetime.fromisoformat(str(v))
            for k, v in dict(fact.get("in_force_confirmations")).items()}
        state.needs_discussion = bool(fact.get("needs_discussion"))
        state.next_review_on = _date(fact.get("next_review_on"))
        state.cadence_days = int(fact.get("cadence"))
        state.reviews_together = set(fact.get("reviews", []))
        state.events = [str(e) for e in fact.get("events", [])]
    elif kind == "revision":
        number = int(fact.get("number"))
        if number != state.current + 1:
            raise ValueError("revision out of order")
        state.revisions[number] = str(fact.get("revision"))
        state.current = number
        state.confirmations = {}
        state.confirmed_words = {}
        if fact.get("carried"):
            # Only someone's "why it matters" changed: the agreement and its
            # confirmations carry over to the new revision, with the same words.
            if state.agreed is None or fact.get("words") != state.agreed_words:
                raise ValueError("carried over without the agreed words")
            state.agreed = number
            state.confirmations = dict(state.in_force_confirmations)
    elif kind in ("proposed", "resumed"):
        state.status = "proposed"
        state.needs_discussion = False
    elif kind == "change_discarded":
        if state.agreed is None:
            raise ValueError("no agreed words to return to")
        for number in [n for n in state.revisions if n > state.agreed]:
            del state.revisions[number]
        state.current = state.agreed
        state.confirmations = dict(state.in_force_confirmations)
    elif kind == "confirmed":
        partner = int(fact.get("partner"))
        if int(fact.get("number")) != state.current or partner not in fact.signed_by:
            raise ValueError("confirmation of another revision or by someone else")
        state.confirmations[partner] = _when(fact)
        state.confirmed_words[partner] = str(fact.get("words"))
        if set(state.confirmations) == {1, 2}:
            if state.confirmed_words[1] != state.confirmed_words[2]:
                raise ValueError("the two confirmations are of different words")
            state.status = "agreed"
            state.agreed = state.current
            state.agreed_at = _when(fact)
            state.agreed_words = state.confirmed_words[partner]
            state.in_force_confirmations = dict(state.confirmations)
            state.needs_discussion = False
            state.next_review_on = _date(fact.get("next_review_on"))
    elif kind == "paused":
        state.status = "paused"
        state.needs_discussion = True
        state.confirmations = {}
        if state.current == state.agreed:
            state.in_force_confirmations = {}
    elif kind == "retired":
        if state.agreed is not None and fact.signed_by != {1, 2}:
            raise ValueError("retired without both")
        state.status = "retired"
        state.next_review_on = None
        state.needs_discussion = False
    elif kind == "review_started":
        state.status = "under_review"
    elif kind == "cadence":
        state.cadence_days = int(fact.get("days"))
        if "next_review_on" in fact.data:
            state.next_review_on = _date(fact.get("next_review_on"))
    elif kind == "reviewed":
        if fact.signed_by != {1, 2}:
            raise ValueError("decided without both")
        state.reviews_together.add(str(fact.get("review")))
        decision = fact.get("decision")
        state.review_facts[str(fact.get("review"))] = {
            "together": True, "decision": decision, "by": None,
            "reviewed_on": _date(fact.get("reviewed_on"))}
        if decision == "keep":
            state.status = "agreed"
            state.next_review_on = _date(fact.get("next_review_on"))
        elif decision == "adjust":
            state.status = "under_review"
            state.next_review_on = _date(fact.get("next_review_on"))
        elif decision == "pause":
            state.status = "paused"
            state.needs_discussion = True
        elif decision == "retire":
            state.status = "retired"
            state.next_review_on = None
        else:
            raise ValueError("unknown decision")
    elif kind == "event":
        state.events.append(str(fact.get("event")))
    elif kind == "draft_deleted":
        if state.status != "draft":
            raise ValueError("only a draft is ever deleted")
        state.status = "deleted"
    elif kind == "reviewed_alone":
        state.reviews_alone.add(str(fact.get("review")))
        state.review_facts[str(fact.get("review"))] = {
            "together": False, "decision": "", "by": int(fact.get("by")),
            "reviewed_on": _date(fact.get("reviewed_on"))}
    else:
        raise ValueError(f"unknown fact {kind!r}")


def _copy(state: Derived) -> Derived:
    """A copy whose containers can grow without touching the original (which callers
    may still hold)."""
    return replace(
        state, revisions=dict(state.revisions), confirmations=dict(state.confirmations),
        confirmed_words=dict(state.confirmed_words),
        in_force_confirmations=dict(state.in_force_confirmations),
        reviews_together=set(state.reviews_together), reviews_alone=set(state.reviews_alone),
        review_facts=dict(state.review_facts), events=list(state.events))


def _step(state: Derived, fact: Fact) -> None:
    if fact.seq == 0 and fact.kind not in ("created", "baseline"):
        raise ValueError("no beginning")
    _apply(state, fact)
    if fact.get("at") is not None:
        state.last_at = _when(fact)


REDUCER = ledger_fold.Reducer("agreement", frozenset(SIGNED), Derived, _step, _copy)


def _derived(uuid: str, folded: ledger_fold.Folded[Derived] | Exception) -> Derived:
    """What :func:`derive` returns or raises for one agreement's folded facts."""
    if isinstance(folded, RecordDamaged):
        raise folded
    if isinstance(folded, Exception):
        raise RecordDamaged(Damage("agreement", uuid, "state", str(folded)[:60])) from folded
    if not folded.count:
        raise RecordDamaged(Damage("agreement", uuid, "state", "no facts"))
    return folded.state


def derive(keys: Keyring, uuid: str) -> Derived:
    """Verify the agreement's facts and add them up; :class:`RecordDamaged` if they do
    not verify or do not add up.

    Verified once while the keys are held, then only the facts appended since (see
    :func:`models.ledger.fold`): the result may be shared, so read it, never change it.
    """
    try:
        folded: ledger_fold.Folded[Derived] | Exception = ledger_fold.fold(
            keys, stream_of(uuid), REDUCER)
    except RecordDamaged:
        raise
    except (ValueError, TypeError, KeyError) as exc:
        folded = exc
    return _derived(uuid, folded)


def derive_all(keys: Keyring,
               uuids: Iterable[str] | None = None) -> dict[str, Derived | RecordDamaged]:
    """:func:`derive` for every agreement that has facts (or for ``uuids`` only), in a
    few queries whatever their number: by uuid, what it adds up to or the damage it
    raised."""
    result: dict[str, Derived | RecordDamaged] = {}
    prefix = stream_of("")
    folded_all = (ledger_fold.fold_many(keys, prefix, REDUCER) if uuids is None else
                  ledger_fold.fold_some(keys, [stream_of(uuid) for uuid in uuids], REDUCER))
    for stream, folded in folded_all.items():
        uuid = stream[len(prefix):]
        try:
            result[uuid] = _derived(uuid, folded)
        except RecordDamaged as exc:
            result[uuid] = exc
    return result


def check_review(uuid: str, derived: Derived, review: str, columns: Mapping[str, Any]) -> None:
    """A review row must be one the facts name, saying what they say."""
    said = derived.review_facts.get(review)
    if said is None:
        if derived.legacy and review in derived.reviews_together:
            return  # from before facts were kept: nothing more is known
        raise RecordDamaged(Damage("agreement", uuid, "history", "unknown review"))
    for name, column in (("together", "together"), ("decision", "decision"),
                         ("by", "by_partner"), ("reviewed_on", "reviewed_on")):
        if said[name] is not None and columns.get(column) != said[name]:
            raise RecordDamaged(Damage("agreement", uuid, "history", f"review {column}"))


def check(uuid: str, derived: Derived, columns: Mapping[str, Any]) -> None:
    """The plain columns must say what the facts say; otherwise the record is damaged."""
    expected = {
        "status": derived.status,
        "current_revision": derived.current,
        "agreed_revision": derived.agreed,
        "needs_discussion": derived.needs_discussion,
        "next_review_on": derived.next_review_on,
        "cadence_days": derived.cadence_days,
    }
    if derived.proposed_by is not None:
        expected["proposed_by"] = derived.proposed_by
    for name, value in expected.items():
        if columns.get(name) != value:
            raise RecordDamaged(Damage("agreement", uuid, "state", f"{name} differs"))
