"""Revealing together: both partners' fresh passwords, and only each item's combination
is stored; the latest comparison, with later moves toward caution applied."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable

from models.consent import facts
from models.consent.answers import answer_rows, with_journals
from models.consent.item_list import DAMAGE, items
from models.consent.state import current_state
from models.consent.tables import ConsentReveal, latest_by_date
from models.consent.views import CAUTION, Comparison, Outcome, RevealedItem
from models.damage import Damage, RecordDamaged
from models.db import writing
from models.errors import TrellisError
from models.proof import FreshProof, require_both
from models.session import Keyring


class RevealNotReady(TrellisError):
    """A reveal needs both partners to have answered every item (says nothing of whom)."""

    key = "reveal_not_ready"


def _combine(first: str, second: str) -> Outcome:
    if "no" in (first, second) or "not_now" in (first, second):
        return "respected"
    if first == second == "yes":
        return "yes"
    return "talk"


def reveal(keys: Keyring, proofs: Iterable[FreshProof | None]) -> Comparison:
    """Reveal together, a moment both choose: both partners' fresh proofs, whose journal
    keys (not the keyring's) open the answers. Stores only each item's combination.

    Raises :class:`~models.proof.NeedsBoth` without both proofs, and
    :class:`RevealNotReady` (naming no one) unless both answered every current item.
    """
    both = require_both(keys, proofs)
    opened = with_journals(keys, {p: both[p].bundle.journal_key for p in (1, 2)})
    current = items(keys)
    answers = {partner: answer_rows(opened, partner) for partner in (1, 2)}
    wanted = {item.uuid for item in current}
    if not wanted or not all(wanted <= set(answers[p]) for p in (1, 2)):
        raise RevealNotReady("not every item has both answers")
    today = dt.date.today().isoformat()
    outcomes = {}
    for item in current:
        first = answers[1][item.uuid][1]["answer"]
        second = answers[2][item.uuid][1]["answer"]
        outcomes[item.uuid] = {"label": item.label, "outcome": _combine(first, second),
                               "decided_on": today}
    with writing():
        row = ConsentReveal.write_new(keys, outcomes=json.dumps(outcomes, sort_keys=True))
        facts.record(
            keys, "revealed", reveal=row.uuid,
            outcomes={item: entry["outcome"] for item, entry in outcomes.items()},
            signers={p: both[p].bundle.journal_key for p in (1, 2)})
    result = latest_reveal(keys)
    assert result is not None
    return result


def latest_reveal(keys: Keyring) -> Comparison | None:
    """The most recent shared comparison, with any later moves toward caution applied.

    The latest reveal is the one the verified facts name; its outcomes must be the
    signed ones with only moves toward caution since. Anything else is damage.
    """
    state = current_state(keys)
    if state.reveal is None:
        if ConsentReveal.select().count():
            raise facts.damaged("reveal", "a reveal the facts do not name")
        return None
    row = ConsentReveal.get_or_none(ConsentReveal.uuid == state.reveal)
    if row is None:
        raise facts.damaged(state.reveal, "the latest reveal is missing")
    # Opened once while the keys are held: the same verified state and the same sealed
    # bytes (a fresh nonce at every rewrite) give the same comparison.
    memo = keys.memo("consent reveal")
    sealed = (row.uuid, row.revision, row.outcomes, row.echo, row.created_at)
    if memo.get("state") is state and memo.get("sealed") == sealed:
        return memo["comparison"]  # type: ignore[no-any-return]
    outcomes = json.loads(row.read(keys)["outcomes"])
    if {item: entry["outcome"] for item, entry in outcomes.items()} != state.outcomes:
        raise facts.damaged(state.reveal, "outcomes differ from the facts")
    entries = [
        RevealedItem(item, entry["label"], entry["outcome"],
                     dt.date.fromisoformat(entry["decided_on"]))
        for item, entry in outcomes.items()
    ]
    entries.sort(key=lambda e: (CAUTION[e.outcome], e.label.casefold()))
    # The date the facts give, not the column (an index only): a reveal keeps its day.
    comparison = Comparison(state.revealed_at or row.created_at, entries)
    memo.clear()
    memo.update(state=state, sealed=sealed, comparison=comparison)
    return comparison


def comparison_for_export(keys: Keyring,
                          proofs: Iterable[FreshProof | None]) -> Comparison | None:
    """The latest comparison, to print for a therapist: both partners' fresh passwords
    say both agree it leaves the app (None when nothing was revealed yet)."""
    require_both(keys, proofs)
    return latest_reveal(keys)


def load_latest_reveal(keys: Keyring) -> tuple[Comparison | None, Damage | None]:
    """:func:`latest_reveal`, or the :class:`~models.damage.Damage` of a latest reveal
    that could not be opened (its words, its outcomes or its date)."""
    try:
        comparison = latest_reveal(keys)
        if comparison is not None and not isinstance(comparison.revealed_at, dt.datetime):
            raise ValueError("created_at is not a date")
    except RecordDamaged as exc:
        return None, exc.damage
    except DAMAGE as exc:
        try:
            row = latest_by_date()  # its date is only an index: for naming it
            uuid = str(row.uuid) if row is not None else ""
        except DAMAGE:
            uuid = ""
        return None, Damage(ConsentReveal._meta.table_name, uuid, "record", type(exc).__name__)
    return comparison, None
