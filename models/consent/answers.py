"""Each partner's own answers: private, sealed with their journal key, opened only
with that partner's key (their fresh password, or their session alone)."""

from __future__ import annotations

import datetime as dt
import json

from models import manifest
from models.consent import facts
from models.consent.state import current_state
from models.consent.tables import ConsentAnswer, ConsentReveal
from models.consent.views import ANSWERS, CAUTION, Answer, MyAnswer, Outcome
from models.damage import contained
from models.db import change_stamp, writing
from models.keys import KeyBundle
from models.proof import FreshProof, NeedsOwner, require_owner
from models.records import utc_now
from models.session import Keyring


def with_journals(keys: Keyring, journals: dict[int, bytes]) -> Keyring:
    """A keyring for one step: the session's workbook key and the given journal keys.

    Never stored; the journal keys come from fresh proofs, not from the session.
    """
    workbook = keys.workbook_key()
    return Keyring({p: KeyBundle(workbook, journal) for p, journal in journals.items()})


def _owner_keys(keys: Keyring, owner: int, proof: FreshProof | None) -> Keyring:
    """Keys that open ``owner``'s answers: their fresh ``proof``, or, with no proof, the
    keyring when it already holds their journal key (alone, or a proof-backed view)."""
    if proof is None:
        if keys.holds_journal(owner):
            return keys
        raise NeedsOwner(f"partner {owner}'s own password is needed")
    return with_journals(keys, {owner: require_owner(keys, proof, owner)})


def answer_rows(keys: Keyring, owner: int) -> dict[str, tuple[ConsentAnswer, dict[str, str]]]:
    """``owner``'s answer rows by item uuid, opened; checked against their own count.

    When ``keys`` itself holds ``owner``'s journal key (their session alone, or while
    their private view is open), where each answer's row is stays in the keyring's memo
    for that partner (:func:`_answer_index`), gone when their key is let go.
    """
    opened = {}
    table = ConsentAnswer._meta.table_name
    with contained(table, f"answers of {owner}"):
        stamp = change_stamp()
        rows = list(ConsentAnswer.select().where(ConsentAnswer.owner == owner))
        for row in rows:
            values = row.read(keys)
            opened[values["item"]] = (row, values)
        manifest.check(keys, owner, table, [row.uuid for row in rows])
    if keys.holds_journal(owner):
        memo = keys.memo("consent answers", owner)
        memo.clear()
        memo.update(stamp=stamp, rows={item: (row.id, row.uuid)
                                       for item, (row, _) in opened.items()})
    return opened


def _answer_index(keys: Keyring, owner: int) -> dict[str, tuple[int, str]] | None:
    """Where each of ``owner``'s answers is (item → row id and uuid), as
    :func:`answer_rows` last read them, if nothing but this connection wrote since."""
    memo = keys.memo("consent answers", owner)
    if memo.get("stamp") is None or memo["stamp"] != change_stamp():
        return None
    return memo["rows"]  # type: ignore[no-any-return]


def _answer_of(keys: Keyring, owner: int,
               item: str) -> tuple[ConsentAnswer, dict[str, str]] | None:
    """``owner``'s answer row for ``item``, opened, or None when they have none.

    Saving one answer reads one row: the one the index names, checked to be ``owner``'s
    answer to ``item``, so what is saved never depends on how many items there are.
    Without an index (or with one the file no longer matches) every answer is read and
    counted once, as :func:`answer_rows` does.
    """
    index = _answer_index(keys, owner) if keys.holds_journal(owner) else None
    if index is not None:
        where = index.get(item)
        if where is None:
            return None
        table = ConsentAnswer._meta.table_name
        with contained(table, f"answers of {owner}"):
            row = ConsentAnswer.get_or_none(ConsentAnswer.id == where[0])
            if row is not None and (row.uuid, row.owner) == (where[1], owner):
                values = row.read(keys)
                if values["item"] == item:
                    return row, values
    return answer_rows(keys, owner).get(item)


def my_answers(keys: Keyring, owner: int, proof: FreshProof | None = None) -> dict[str, MyAnswer]:
    """``owner``'s own answers by item uuid.

    Needs ``owner``'s fresh ``proof``, unless ``keys`` already holds their journal key
    (alone, or while a private view opened with a proof is showing); otherwise raises
    :class:`~models.proof.NeedsOwner`.
    """
    opened = answer_rows(_owner_keys(keys, owner, proof), owner)
    return {
        item: MyAnswer(values["answer"], values["note"],  # type: ignore[arg-type]
                       dt.datetime.fromisoformat(values["answered_at"]))
        for item, (_, values) in opened.items()
    }


def answer(keys: Keyring, owner: int, item: str, value: Answer, note: str = "",
           proof: FreshProof | None = None) -> None:
    """Save (or change) ``owner``'s private answer; a move toward caution is shared at once.

    The same key rule as :func:`my_answers`: the owner's fresh ``proof``, or their
    journal key already held.
    """
    if value not in ANSWERS:
        raise ValueError(f"unknown answer {value!r}")
    mine = _owner_keys(keys, owner, proof)
    existing = _answer_of(mine, owner, item)
    now = utc_now().isoformat()
    with writing():
        if existing is None:
            added = ConsentAnswer.write_new(mine, {"owner": owner}, item=item, answer=value,
                                            note=note, answered_at=now)
            manifest.note(mine, owner, ConsentAnswer._meta.table_name, added=[added.uuid])
        else:
            existing[0].rewrite(mine, answer=value, note=note, answered_at=now)
        _honour_caution(keys, item, value)
    if existing is None:
        index = _answer_index(mine, owner) if mine.holds_journal(owner) else None
        if index is not None:
            index[item] = (added.id, added.uuid)


def leaning(value: Answer) -> Outcome:
    """The most an answer allows on its own: a yes allows "yes", not sure yet "talk"."""
    if value in ("no", "not_now"):
        return "respected"
    return "talk" if value == "maybe" else "yes"


def outcome_after(shared: Outcome, value: Answer) -> Outcome:
    """What a revealed ``shared`` outcome becomes when one partner's answer changes to
    ``value``: only a move toward caution applies before the next reveal together."""
    wanted = leaning(value)
    return wanted if CAUTION[wanted] > CAUTION[shared] else shared


def waits_for_reveal(shared: Outcome, value: Answer) -> bool:
    """True when ``value`` is more open than the ``shared`` outcome: it changes nothing
    on the shared page until both reveal together again."""
    return CAUTION[leaning(value)] < CAUTION[shared]


def _honour_caution(keys: Keyring, item: str, value: Answer) -> None:
    """A move toward caution after a reveal changes the shared outcome now. The verified
    facts say where ``item`` stands, so the reveal itself (every item's outcome) is read
    and rewritten only when this answer does move it."""
    state = current_state(keys)
    shared = state.outcomes.get(item) if state.reveal is not None else None
    if shared is None or outcome_after(shared, value) == shared:  # type: ignore[arg-type]
        return
    latest = ConsentReveal.get_or_none(ConsentReveal.uuid == state.reveal)
    if latest is None:
        raise facts.damaged(str(state.reveal), "the latest reveal is missing")
    outcomes = json.loads(latest.read(keys)["outcomes"])
    entry = outcomes.get(item)
    if entry is None:
        return
    lowered = outcome_after(entry["outcome"], value)
    if lowered != entry["outcome"]:
        entry["outcome"] = lowered
        entry["decided_on"] = dt.date.today().isoformat()
        facts.record(keys, "lowered", reveal=latest.uuid, item=item, outcome=lowered)
        latest.rewrite(keys, outcomes=json.dumps(outcomes, sort_keys=True))
