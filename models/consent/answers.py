"""The consent check-in: yes / not sure yet / not now / no, answered privately, revealed
only when both choose to.

Each partner's answers are :class:`~models.records.PrivateRecord` rows sealed with that
partner's journal key, so the other partner cannot read them early — not even which
items were answered. In a together session the keyring holds no journal key: a
partner's answers open only with their own :class:`~models.proof.FreshProof` (typed just
now), or while a private view holds that key for a moment (:meth:`Keyring.hold_journal`).
Alone, the partner who unlocked holds their own key and needs no second password.

Who may do what (``models/rules.py``): anyone adds an item; only the owner answers;
setting an item aside and revealing take both partners' fresh passwords.

The reveal publishes only the *combination* for each item, never each answer:
``yes`` (both said yes), ``talk`` (someone is not sure yet, and nobody said no or not
now) or ``respected`` (someone said no or not now — honoured without question or
attribution). With two people, a yes that finds no match still tells its giver that
the other is not ready; the words on screen say so. Afterwards, a partner who moves an
answer toward caution (yes → not sure yet, anything → no) changes the shared result at
once; a move toward yes waits for the next reveal together.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import peewee

from models import ledger, manifest
from models.consent import facts as consent_facts
from models.damage import LOW_LEVEL, Damage, RecordDamaged, contained
from models.db import writing
from models.errors import TrellisError
from models.keys import KeyBundle
from models.proof import FreshProof, NeedsOwner, require_both, require_owner
from models.records import PrivateRecord, SharedRecord, utc_now
from models.session import Keyring

Answer = Literal["yes", "maybe", "not_now", "no"]
Outcome = Literal["yes", "talk", "respected"]
ANSWERS: tuple[Answer, ...] = ("yes", "maybe", "not_now", "no")
_CAUTION: dict[Outcome, int] = {"yes": 0, "talk": 1, "respected": 2}


class RevealNotReady(TrellisError):
    """A reveal needs both partners to have answered every item (says nothing of whom)."""

    key = "reveal_not_ready"


class ConsentItem(SharedRecord):
    """Something the couple may or may not want; the words are sealed."""

    sealed_fields = ("label",)
    echoed = ("added_by", "position")
    label = peewee.BlobField()
    echo = peewee.BlobField(null=True)
    added_by = peewee.IntegerField(null=True)  # None for the starter list
    position = peewee.IntegerField(default=0)
    archived = peewee.BooleanField(default=False)  # set aside, by both


class ConsentAnswer(PrivateRecord):
    """One partner's private answer to one item (even the item it is for is sealed)."""

    sealed_fields = ("item", "answer", "note", "answered_at")
    item = peewee.BlobField()
    answer = peewee.BlobField()
    note = peewee.BlobField()
    answered_at = peewee.BlobField()


class ConsentReveal(SharedRecord):
    """A reveal made together: the combined outcome per item, sealed as JSON."""

    sealed_fields = ("outcomes",)
    echoed = ("created_at",)
    outcomes = peewee.BlobField()
    echo = peewee.BlobField(null=True)


TABLES = [ConsentItem, ConsentAnswer, ConsentReveal]


@dataclass(frozen=True)
class Item:
    uuid: str
    label: str
    added_by: int | None


@dataclass(frozen=True)
class MyAnswer:
    answer: Answer
    note: str
    answered_at: dt.datetime


@dataclass(frozen=True)
class RevealedItem:
    item: str
    label: str
    outcome: Outcome
    decided_on: dt.date


@dataclass(frozen=True)
class Comparison:
    revealed_at: dt.datetime
    items: list[RevealedItem]

    def by_outcome(self, outcome: Outcome) -> list[RevealedItem]:
        return [entry for entry in self.items if entry.outcome == outcome]

    def outcome_of(self, item: str) -> Outcome | None:
        """The shared outcome of ``item`` (None when it was not part of this reveal)."""
        return next((entry.outcome for entry in self.items if entry.item == item), None)


# -- whose keys -------------------------------------------------------------------------


def _with_journals(keys: Keyring, journals: dict[int, bytes]) -> Keyring:
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
    return _with_journals(keys, {owner: require_owner(keys, proof, owner)})


# -- items -----------------------------------------------------------------------------


def items(keys: Keyring) -> list[Item]:
    """The couple's current list, in their order (items that could not be opened or
    verified are left out; :func:`load_items` names them)."""
    return load_items(keys)[0]


def _state(keys: Keyring) -> consent_facts.ConsentState:
    """The verified facts of the check-in, after carrying over a file from before them."""
    _carry_over_legacy(keys)
    return consent_facts.derive(keys)


def _carry_over_legacy(keys: Keyring) -> None:
    """Once, after the step that introduced facts: one baseline fact from the rows that
    were there (unsigned, marked as carried over); the marker is then gone."""
    from models.schema import VaultFact

    listed = VaultFact.get_or_none(VaultFact.name == consent_facts.LEGACY_FACT)
    if listed is None:
        return
    with writing():
        if not ledger.streams(consent_facts.STREAM):
            latest = _latest_by_date()
            outcomes: dict[str, str] = {}
            if latest is not None:
                raw = json.loads(latest.read(keys)["outcomes"])
                outcomes = {item: entry["outcome"] for item, entry in raw.items()}
            consent_facts.record(
                keys, "baseline",
                items={row.uuid: bool(row.archived) for row in ConsentItem.select()},
                reveal=None if latest is None else latest.uuid, outcomes=outcomes)
        listed.delete_instance()


def add_item(keys: Keyring, label: str, added_by: int | None) -> Item:
    """Add an item to the list: either partner, alone (asking is never loosening)."""
    label = label.strip()
    if not label:
        raise ValueError("an item needs words")
    position = (ConsentItem.select(peewee.fn.MAX(ConsentItem.position)).scalar() or 0) + 1
    with writing():
        row = ConsentItem.write_new(keys, {"added_by": added_by, "position": position},
                                    label=label)
        consent_facts.record(keys, "added", item=row.uuid, by=added_by, position=position)
    return Item(row.uuid, label, added_by)


def add_starter_items(keys: Keyring, labels: list[str]) -> None:
    """Offer our starter list once, when the couple has no items yet."""
    if ConsentItem.select().count():
        return
    with writing():
        for label in labels:
            add_item(keys, label, None)


def set_aside_item(keys: Keyring, uuid: str, proofs: Iterable[FreshProof | None]) -> None:
    """Take an item off the list: needs both partners' fresh passwords.

    Its answers and earlier reveals stay as they were.
    """
    both = require_both(keys, proofs)
    with writing():
        consent_facts.record(keys, "set_aside", item=uuid,
                             signers={p: proof.bundle.journal_key for p, proof in both.items()})
        ConsentItem.update(archived=True).where(ConsentItem.uuid == uuid).execute()


# -- private answers --------------------------------------------------------------------


def _answer_rows(keys: Keyring, owner: int) -> dict[str, tuple[ConsentAnswer, dict[str, str]]]:
    opened = {}
    table = ConsentAnswer._meta.table_name
    with contained(table, f"answers of {owner}"):
        rows = list(ConsentAnswer.select().where(ConsentAnswer.owner == owner))
        for row in rows:
            values = row.read(keys)
            opened[values["item"]] = (row, values)
        manifest.check(keys, owner, table, [row.uuid for row in rows])
    return opened


def my_answers(keys: Keyring, owner: int, proof: FreshProof | None = None) -> dict[str, MyAnswer]:
    """``owner``'s own answers by item uuid.

    Needs ``owner``'s fresh ``proof``, unless ``keys`` already holds their journal key
    (alone, or while a private view opened with a proof is showing); otherwise raises
    :class:`~models.proof.NeedsOwner`.
    """
    opened = _answer_rows(_owner_keys(keys, owner, proof), owner)
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
    existing = _answer_rows(mine, owner).get(item)
    now = utc_now().isoformat()
    with writing():
        if existing is None:
            added = ConsentAnswer.write_new(mine, {"owner": owner}, item=item, answer=value,
                                            note=note, answered_at=now)
            manifest.note(mine, owner, ConsentAnswer._meta.table_name, added=[added.uuid])
        else:
            existing[0].rewrite(mine, answer=value, note=note, answered_at=now)
        _honour_caution(keys, item, value)


def leaning(value: Answer) -> Outcome:
    """The most an answer allows on its own: a yes allows "yes", not sure yet "talk"."""
    if value in ("no", "not_now"):
        return "respected"
    return "talk" if value == "maybe" else "yes"


def outcome_after(shared: Outcome, value: Answer) -> Outcome:
    """What a revealed ``shared`` outcome becomes when one partner's answer changes to
    ``value``: only a move toward caution applies before the next reveal together."""
    wanted = leaning(value)
    return wanted if _CAUTION[wanted] > _CAUTION[shared] else shared


def waits_for_reveal(shared: Outcome, value: Answer) -> bool:
    """True when ``value`` is more open than the ``shared`` outcome: it changes nothing
    on the shared page until both reveal together again."""
    return _CAUTION[leaning(value)] < _CAUTION[shared]


def _honour_caution(keys: Keyring, item: str, value: Answer) -> None:
    state = _state(keys)
    if state.reveal is None:
        return
    latest = ConsentReveal.get_or_none(ConsentReveal.uuid == state.reveal)
    if latest is None:
        raise consent_facts.damaged(state.reveal, "the latest reveal is missing")
    outcomes = json.loads(latest.read(keys)["outcomes"])
    entry = outcomes.get(item)
    if entry is None:
        return
    lowered = outcome_after(entry["outcome"], value)
    if lowered != entry["outcome"]:
        entry["outcome"] = lowered
        entry["decided_on"] = dt.date.today().isoformat()
        consent_facts.record(keys, "lowered", reveal=latest.uuid, item=item, outcome=lowered)
        latest.rewrite(keys, outcomes=json.dumps(outcomes, sort_keys=True))


# -- revealing together -----------------------------------------------------------------


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
    opened = _with_journals(keys, {p: both[p].bundle.journal_key for p in (1, 2)})
    current = items(keys)
    answers = {partner: _answer_rows(opened, partner) for partner in (1, 2)}
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
        consent_facts.record(
            keys, "revealed", reveal=row.uuid,
            outcomes={item: entry["outcome"] for item, entry in outcomes.items()},
            signers={p: both[p].bundle.journal_key for p in (1, 2)})
    result = latest_reveal(keys)
    assert result is not None
    return result


def _latest_by_date() -> ConsentReveal | None:
    query = ConsentReveal.select().order_by(ConsentReveal.created_at.desc(),
                                            ConsentReveal.id.desc())
    return query.first()  # type: ignore[no-any-return]


def latest_reveal(keys: Keyring) -> Comparison | None:
    """The most recent shared comparison, with any later moves toward caution applied.

    The latest reveal is the one the verified facts name; its outcomes must be the
    signed ones with only moves toward caution since. Anything else is damage.
    """
    state = _state(keys)
    if state.reveal is None:
        if ConsentReveal.select().count():
            raise consent_facts.damaged("reveal", "a reveal the facts do not name")
        return None
    row = ConsentReveal.get_or_none(ConsentReveal.uuid == state.reveal)
    if row is None:
        raise consent_facts.damaged(state.reveal, "the latest reveal is missing")
    outcomes = json.loads(row.read(keys)["outcomes"])
    if {item: entry["outcome"] for item, entry in outcomes.items()} != state.outcomes:
        raise consent_facts.damaged(state.reveal, "outcomes differ from the facts")
    entries = [
        RevealedItem(item, entry["label"], entry["outcome"],
                     dt.date.fromisoformat(entry["decided_on"]))
        for item, entry in outcomes.items()
    ]
    entries.sort(key=lambda e: (_CAUTION[e.outcome], e.label.casefold()))
    # The date the facts give, not the column (an index only): a reveal keeps its day.
    return Comparison(state.revealed_at or row.created_at, entries)


def comparison_for_export(keys: Keyring,
                          proofs: Iterable[FreshProof | None]) -> Comparison | None:
    """The latest comparison, to print for a therapist: both partners' fresh passwords
    say both agree it leaves the app (None when nothing was revealed yet)."""
    require_both(keys, proofs)
    return latest_reveal(keys)


# -- damage stays where it hit -----------------------------------------------------------

# What a damaged row can raise while it is opened: a seal that does not open, a sealed
# column edited into something that is not bytes, outcomes that are not Trellis's.
_DAMAGE: tuple[type[Exception], ...] = (TrellisError, *LOW_LEVEL)


def load_items(keys: Keyring) -> tuple[list[Item], list[Damage]]:
    """The current list as :func:`items` gives it, and each item that could not be
    opened as a :class:`~models.damage.Damage`, so one bad item never hides the rest."""
    opened: list[Item] = []
    damaged: list[Damage] = []
    table = ConsentItem._meta.table_name
    try:
        state = _state(keys)
        rows = list(ConsentItem.select().order_by(ConsentItem.position, ConsentItem.id))
    except RecordDamaged as exc:  # the check-in's facts themselves: nothing is trusted
        return [], [exc.damage]
    except _DAMAGE as exc:
        return [], [Damage(table, "", "record", type(exc).__name__)]
    seen: set[str] = set()
    for row in rows:
        uuid = str(row.uuid)
        seen.add(uuid)
        set_aside = state.items.get(uuid)
        said = state.added.get(uuid)
        if set_aside is None or bool(row.archived) != set_aside or (
                said is not None and (row.added_by, row.position) != said):
            # An item the facts never added, or one brought back (or hidden) without
            # both: shown as damage, never as part of the list.
            damaged.append(Damage(table, uuid, "state", "differs from the facts"))
            continue
        if set_aside:
            continue
        try:
            opened.append(Item(uuid, row.read(keys)["label"], row.added_by))
        except _DAMAGE as exc:
            damaged.append(Damage(table, uuid, "words", type(exc).__name__))
    damaged += [Damage(table, uuid, "record", "missing")
                for uuid, aside in state.items.items() if uuid not in seen and not aside]
    return opened, damaged


def load_latest_reveal(keys: Keyring) -> tuple[Comparison | None, Damage | None]:
    """:func:`latest_reveal`, or the :class:`~models.damage.Damage` of a latest reveal
    that could not be opened (its words, its outcomes or its date)."""
    try:
        comparison = latest_reveal(keys)
        if comparison is not None and not isinstance(comparison.revealed_at, dt.datetime):
            raise ValueError("created_at is not a date")
    except RecordDamaged as exc:
        return None, exc.damage
    except _DAMAGE as exc:
        try:
            row = _latest_by_date()  # its date is only an index: for naming it
            uuid = str(row.uuid) if row is not None else ""
        except _DAMAGE:
            uuid = ""
        return None, Damage(ConsentReveal._meta.table_name, uuid, "record", type(exc).__name__)
    return comparison, None
