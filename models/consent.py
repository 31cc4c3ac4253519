"""The consent check-in: yes / maybe / not now / no, answered privately, revealed together.

Each partner's answers are :class:`~models.records.PrivateRecord` rows sealed with that
partner's journal key, so the other partner cannot read them early — not even which
items were answered. A reveal needs both journal keys, so both must be unlocked.

The reveal publishes only the *combination* for each item, never who answered what:
``yes`` (both said yes), ``talk`` (a maybe, and nobody said no or not now) or
``respected`` (someone said no or not now — honoured without question or attribution).
Afterwards, a partner who moves an answer toward caution (yes → maybe, anything → no)
changes the shared result at once; a move toward yes waits for the next reveal together.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Literal

import peewee

from models.db import writing
from models.errors import NotUnlocked, TrellisError
from models.records import PrivateRecord, SharedRecord, utc_now
from models.session import Keyring

Answer = Literal["yes", "maybe", "not_now", "no"]
Outcome = Literal["yes", "talk", "respected"]
ANSWERS: tuple[Answer, ...] = ("yes", "maybe", "not_now", "no")


class RevealNotReady(TrellisError):
    """A reveal needs both partners unlocked, and both to have answered every item."""

    key = "reveal_not_ready"


class ConsentItem(SharedRecord):
    """Something the couple may or may not want; the words are sealed."""

    sealed_fields = ("label",)
    label = peewee.BlobField()
    added_by = peewee.IntegerField(null=True)  # None for the starter list
    position = peewee.IntegerField(default=0)
    archived = peewee.BooleanField(default=False)


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
    outcomes = peewee.BlobField()


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


# -- items -----------------------------------------------------------------------------


def items(keys: Keyring) -> list[Item]:
    """The couple's current list, in their order."""
    rows = ConsentItem.select().where(ConsentItem.archived == False)  # noqa: E712 (peewee)
    return [
        Item(row.uuid, row.read(keys)["label"], row.added_by)
        for row in rows.order_by(ConsentItem.position, ConsentItem.id)
    ]


def add_item(keys: Keyring, label: str, added_by: int | None) -> Item:
    label = label.strip()
    if not label:
        raise ValueError("an item needs words")
    position = (ConsentItem.select(peewee.fn.MAX(ConsentItem.position)).scalar() or 0) + 1
    row = ConsentItem.write_new(keys, {"added_by": added_by, "position": position}, label=label)
    return Item(row.uuid, label, added_by)


def add_starter_items(keys: Keyring, labels: list[str]) -> None:
    """Offer our starter list once, when the couple has no items yet."""
    if ConsentItem.select().count():
        return
    with writing():
        for label in labels:
            add_item(keys, label, None)


def archive_item(uuid: str) -> None:
    with writing():
        ConsentItem.update(archived=True).where(ConsentItem.uuid == uuid).execute()


# -- private answers --------------------------------------------------------------------


def _answer_rows(keys: Keyring, owner: int) -> dict[str, tuple[ConsentAnswer, dict[str, str]]]:
    rows = ConsentAnswer.select().where(ConsentAnswer.owner == owner)
    opened = {}
    for row in rows:
        values = row.read(keys)
        opened[values["item"]] = (row, values)
    return opened


def my_answers(keys: Keyring, owner: int) -> dict[str, MyAnswer]:
    """``owner``'s own answers by item uuid; needs their journal key."""
    return {
        item: MyAnswer(values["answer"], values["note"],  # type: ignore[arg-type]
                       dt.datetime.fromisoformat(values["answered_at"]))
        for item, (_, values) in _answer_rows(keys, owner).items()
    }


def answer(keys: Keyring, owner: int, item: str, value: Answer, note: str = "") -> None:
    """Save (or change) ``owner``'s private answer; a move toward caution is shared at once."""
    if value not in ANSWERS:
        raise ValueError(f"unknown answer {value!r}")
    existing = _answer_rows(keys, owner).get(item)
    now = utc_now().isoformat()
    with writing():
        if existing is None:
            ConsentAnswer.write_new(keys, {"owner": owner}, item=item, answer=value,
                                    note=note, answered_at=now)
        else:
            existing[0].rewrite(keys, answer=value, note=note, answered_at=now)
        _honour_caution(keys, item, value)


def _honour_caution(keys: Keyring, item: str, value: Answer) -> None:
    latest = _latest_row()
    if latest is None:
        return
    outcomes = json.loads(latest.read(keys)["outcomes"])
    entry = outcomes.get(item)
    if entry is None:
        return
    lowered: Outcome | None = None
    if value in ("no", "not_now") and entry["outcome"] != "respected":
        lowered = "respected"
    elif value == "maybe" and entry["outcome"] == "yes":
        lowered = "talk"
    if lowered is not None:
        entry["outcome"] = lowered
        entry["decided_on"] = dt.date.today().isoformat()
        latest.rewrite(keys, outcomes=json.dumps(outcomes, sort_keys=True))


# -- revealing together -----------------------------------------------------------------


def can_reveal(keys: Keyring) -> bool:
    """True when both partners are unlocked and both answered every current item."""
    if not (keys.holds_journal(1) and keys.holds_journal(2)):
        return False
    wanted = {item.uuid for item in items(keys)}
    return bool(wanted) and all(
        wanted <= set(_answer_rows(keys, partner)) for partner in (1, 2)
    )


def _combine(first: str, second: str) -> Outcome:
    if "no" in (first, second) or "not_now" in (first, second):
        return "respected"
    if first == second == "yes":
        return "yes"
    return "talk"


def reveal(keys: Keyring) -> Comparison:
    """Reveal together: needs both journal keys; stores only each item's combination."""
    if not (keys.holds_journal(1) and keys.holds_journal(2)):
        raise NotUnlocked("both partners must be unlocked to reveal")
    if not can_reveal(keys):
        raise RevealNotReady("not every item has both answers")
    answers = {partner: _answer_rows(keys, partner) for partner in (1, 2)}
    today = dt.date.today().isoformat()
    outcomes = {}
    for item in items(keys):
        first = answers[1][item.uuid][1]["answer"]
        second = answers[2][item.uuid][1]["answer"]
        outcomes[item.uuid] = {"label": item.label, "outcome": _combine(first, second),
                               "decided_on": today}
    ConsentReveal.write_new(keys, outcomes=json.dumps(outcomes, sort_keys=True))
    result = latest_reveal(keys)
    assert result is not None
    return result


def _latest_row() -> ConsentReveal | None:
    query = ConsentReveal.select().order_by(ConsentReveal.created_at.desc(),
                                            ConsentReveal.id.desc())
    return query.first()  # type: ignore[no-any-return]


def latest_reveal(keys: Keyring) -> Comparison | None:
    """The most recent shared comparison, with any later moves toward caution applied."""
    row = _latest_row()
    if row is None:
        return None
    outcomes = json.loads(row.read(keys)["outcomes"])
    entries = [
        RevealedItem(item, entry["label"], entry["outcome"],
                     dt.date.fromisoformat(entry["decided_on"]))
        for item, entry in outcomes.items()
    ]
    order = {"yes": 0, "talk": 1, "respected": 2}
    entries.sort(key=lambda e: (order[e.outcome], e.label.casefold()))
    return Comparison(row.created_at, entries)

