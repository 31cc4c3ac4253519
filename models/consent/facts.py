"""The consent check-in's state, as facts in one ledger stream (``consent/list``).

- ``added`` {item, by}: either partner adds an item (asking is never loosening);
- ``set_aside`` {item}: signed by both;
- ``revealed`` {reveal, outcomes}: signed by both; ``outcomes`` maps item → yes / talk /
  respected, the combination only, never who answered what;
- ``lowered`` {reveal, item, outcome}: a later move toward caution, by one partner. A
  "lowered" fact that would loosen an outcome does not add up, so it is damage;
- ``baseline``: what a file from before facts were kept held, carried over once.

:func:`derive` verifies the stream and adds it up; the consent module compares the
rows it reads with it, and a difference is damage, never believed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from models import ledger, ledger_fold
from models.damage import Damage, RecordDamaged
from models.ledger import Fact
from models.session import Keyring

STREAM = "consent/list"
SIGNED = ("set_aside", "revealed")
LEGACY_FACT = "legacy_consent"
_CAUTION = {"yes": 0, "talk": 1, "respected": 2}


@dataclass
class ConsentState:
    """What the verified facts say about the check-in."""

    items: dict[str, bool] = field(default_factory=dict)  # uuid → set aside
    reveal: str | None = None  # the latest reveal's uuid
    outcomes: dict[str, str] = field(default_factory=dict)  # of the latest reveal
    revealed_at: dt.datetime | None = None
    added: dict[str, tuple[int | None, int]] = field(default_factory=dict)  # by, position
    legacy: bool = False


def record(keys: Keyring, kind: str, *, signers: dict[int, bytes] | None = None,
           **data: Any) -> Fact:
    """Append one fact (inside the caller's transaction)."""
    if signers:
        data["signers"] = sorted(signers)
    return ledger.append(keys, STREAM, kind, sign_with=signers,
                         at=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                         **data)


def _apply(state: ConsentState, fact: Fact) -> None:
    kind = fact.kind
    if kind == "baseline":
        state.legacy = True
        state.items = {str(k): bool(v) for k, v in dict(fact.get("items")).items()}
        state.reveal = fact.get("reveal")
        state.outcomes = {str(k): str(v) for k, v in dict(fact.get("outcomes")).items()}
    elif kind == "added":
        item = str(fact.get("item"))
        if item in state.items:
            raise ValueError("added twice")
        state.items[item] = False
        if "position" in fact.data:
            by = fact.get("by")
            state.added[item] = (None if by is None else int(by), int(fact.get("position")))
    elif kind == "set_aside":
        if fact.signed_by != {1, 2} or str(fact.get("item")) not in state.items:
            raise ValueError("set aside without both, or an unknown item")
        state.items[str(fact.get("item"))] = True
    elif kind == "revealed":
        if fact.signed_by != {1, 2}:
            raise ValueError("revealed without both")
        state.reveal = str(fact.get("reveal"))
        state.outcomes = {str(k): str(v) for k, v in dict(fact.get("outcomes")).items()}
        state.revealed_at = dt.datetime.fromisoformat(str(fact.get("at")))
    elif kind == "lowered":
        item, outcome = str(fact.get("item")), str(fact.get("outcome"))
        if fact.get("reveal") != state.reveal or item not in state.outcomes:
            raise ValueError("lowered on another reveal")
        if _CAUTION[outcome] <= _CAUTION[state.outcomes[item]]:
            raise ValueError("a 'lowered' fact that does not move toward caution")
        state.outcomes[item] = outcome
    else:
        raise ValueError(f"unknown fact {kind!r}")


def _copy(state: ConsentState) -> ConsentState:
    return replace(state, items=dict(state.items), outcomes=dict(state.outcomes),
                   added=dict(state.added))


REDUCER = ledger_fold.Reducer("consent", frozenset(SIGNED), ConsentState, _apply, _copy)


def derive(keys: Keyring) -> ConsentState:
    """Verify the stream and add it up; :class:`RecordDamaged` if it does not.

    Verified once while the keys are held, then only the facts appended since (see
    :func:`models.ledger.fold`), so an answer or a reveal on a list of 10,000 items
    does not open 10,000 facts again: the result may be shared, so read it, never
    change it.
    """
    try:
        return ledger_fold.fold(keys, STREAM, REDUCER).state
    except (ValueError, TypeError, KeyError) as exc:
        raise RecordDamaged(Damage("consent", "list", "state", str(exc)[:60])) from exc


def damaged(uuid: str, what: str) -> RecordDamaged:
    return RecordDamaged(Damage("consent", uuid, "state", what))
