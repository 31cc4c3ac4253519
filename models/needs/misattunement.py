"""When we missed each other (#12): a conversation about a missed need, never a finding.

One partner opens an entry with their side (what happened as I saw it, what I felt,
what I needed). Until the other partner adds theirs it is a request for a
conversation: :attr:`Misattunement.waiting_for` names the partner whose side is
missing, and nothing is written together yet ("what we will try" opens once both sides
are in). Each partner writes and edits only their own side; either may write what we
will try; either may set the entry down for later, and the partner who set it down
picks it up again. While it is set down its words stay as they are.

Who may do what (``models/rules.py``): opening and adding a side are ``ONE`` (the
partner at the keyboard writes as themselves, as the joint story is written).

State lives in facts, one stream per entry (``needs_misattunement/<uuid>``):

- ``opened`` {by, need, commitment, side, words}: ``side`` the opener's account row,
  ``words`` a digest of its three fields;
- ``side`` {by, row, words}: a partner's side written or edited (their row, kept);
- ``try_next`` {by, words}: what we will try, written or edited;
- ``paused`` {by, paused}: set down (True) or picked up again (False).

The rows are an index: a plain column, or words, that differ from the facts, a row
without its facts or facts without their row is damage of that entry only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from models import ledger, ledger_fold
from models.damage import LOW_LEVEL, Damage, RecordDamaged, contained
from models.db import writing
from models.errors import TrellisError
from models.ledger import Fact
from models.needs.conversation_tables import NeedsAccount, NeedsMisattunement
from models.session import Keyring
from models.signed_facts import at_of as _at
from models.signed_facts import partner as _partner
from models.signed_facts import utc_now as _now
from models.signed_facts import words_digest as words_digest

TABLE = NeedsMisattunement._meta.table_name
ACCOUNTS = NeedsAccount._meta.table_name
PREFIX = "needs_misattunement/"
SIDE_FIELDS: tuple[str, ...] = ("happened", "felt", "needed")


@dataclass(frozen=True)
class Account:
    """One partner's side: what happened as I saw it, what I felt, what I needed."""

    partner: int
    happened: str
    felt: str
    needed: str
    written_at: dt.datetime  # aware, local: when this side was last written


@dataclass(frozen=True)
class Misattunement:
    """One entry, with both sides side by side (or the other's still missing)."""

    uuid: str
    opened_by: int
    opened_at: dt.datetime  # aware, local
    need: str | None  # a shared need's uuid it touched
    commitment: str | None  # a commitment's uuid it touched
    what_happened: str  # the facts as the opener saw them (their side's "happened")
    accounts: Mapping[int, Account]
    try_next: str  # what we will try; "" until written
    paused: bool  # set down for later
    paused_by: int | None = None

    @property
    def waiting_for(self) -> int | None:
        """The partner whose side is missing, or None once both sides are in."""
        for partner in (self.opened_by, 3 - self.opened_by):
            if partner not in self.accounts:
                return partner
        return None


# -- facts ---------------------------------------------------------------------------------


def _link(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ValueError("not a link")
    return value


@dataclass(frozen=True)
class SideFact:
    row: str
    words: str
    at: dt.datetime


@dataclass
class EntryState:
    """What one entry's facts add up to."""

    opened_by: int = 0
    opened_at: dt.datetime | None = None
    need: str | None = None
    commitment: str | None = None
    sides: dict[int, SideFact] = field(default_factory=dict)
    try_next: str = words_digest("")
    paused_by: int | None = None


def _step(state: EntryState, fact: Fact) -> None:
    by = _partner(fact.get("by"))
    if fact.kind == "opened":
        if state.opened_at is not None:
            raise ValueError("opened twice")
        state.opened_by, state.opened_at = by, _at(fact)
        state.need, state.commitment = _link(fact.get("need")), _link(fact.get("commitment"))
        state.sides[by] = SideFact(str(fact.get("side")), str(fact.get("words")), _at(fact))
        return
    if state.opened_at is None:
        raise ValueError("a fact before the entry was opened")
    if fact.kind == "side":
        known = state.sides.get(by)
        row = str(fact.get("row"))
        if known is not None and known.row != row:
            raise ValueError("a second side for one partner")
        if any(side.row == row for p, side in state.sides.items() if p != by):
            raise ValueError("one row for both sides")
        state.sides[by] = SideFact(row, str(fact.get("words")), _at(fact))
    elif fact.kind == "try_next":
        if len(state.sides) < 2:
            raise ValueError("what we will try before both sides were in")
        state.try_next = str(fact.get("words"))
    elif fact.kind == "paused":
        paused = fact.get("paused")
        if not isinstance(paused, bool):
            raise ValueError("paused is yes or no")
        if paused:
            state.paused_by = state.paused_by or by
        elif state.paused_by not in (None, by):
            raise ValueError("picked up by the partner who did not set it down")
        else:
            state.paused_by = None
    else:
        raise ValueError(f"unknown fact {fact.kind!r}")


def _copy(state: EntryState) -> EntryState:
    return replace(state, sides=dict(state.sides))


REDUCER = ledger_fold.Reducer("needs misattunement", frozenset(), EntryState, _step, _copy)


def _record(keys: Keyring, uuid: str, kind: str, **data: Any) -> Fact:
    return ledger.append(keys, PREFIX + uuid, kind, at=_now(), **data)


def _entry_state(keys: Keyring, uuid: str) -> EntryState:
    try:
        state = ledger_fold.fold(keys, PREFIX + uuid, REDUCER).state
    except (ValueError, TypeError, KeyError) as exc:
        raise RecordDamaged(Damage(TABLE, uuid, "state", type(exc).__name__)) from exc
    if state.opened_at is None:
        raise RecordDamaged(Damage(TABLE, uuid, "record", "not opened"))
    return state


# -- opening rows --------------------------------------------------------------------------


def _side_words(values: Mapping[str, str]) -> dict[str, str]:
    return {name: values[name] for name in SIDE_FIELDS}


def _opened(keys: Keyring, uuid: str, state: EntryState, row: NeedsMisattunement | None,
            accounts: Mapping[str, NeedsAccount]) -> Misattunement:
    if row is None:
        raise RecordDamaged(Damage(TABLE, uuid, "record", "missing"))
    with contained(TABLE, uuid):
        plain = (row.opened_by, row.need, row.commitment, bool(row.paused))
        said = (state.opened_by, state.need, state.commitment, state.paused_by is not None)
        if plain != said:
            raise RecordDamaged(Damage(TABLE, uuid, "state", "columns differ from facts"))
        try_next = row.read(keys)["try_next"]
        if words_digest(try_next) != state.try_next:
            raise RecordDamaged(Damage(TABLE, uuid, "words", "words differ from facts"))
    sides: dict[int, Account] = {}
    for partner, side in sorted(state.sides.items()):
        account = accounts.get(side.row)
        if account is None:
            raise RecordDamaged(Damage(ACCOUNTS, side.row, "record", "missing"))
        with contained(ACCOUNTS, side.row):
            if (account.entry, account.partner) != (uuid, partner):
                raise RecordDamaged(Damage(ACCOUNTS, side.row, "state",
                                           "columns differ from facts"))
            words = _side_words(account.read(keys))
            if words_digest(words) != side.words:
                raise RecordDamaged(Damage(ACCOUNTS, side.row, "words",
                                           "words differ from facts"))
        sides[partner] = Account(partner, words["happened"], words["felt"], words["needed"],
                                 side.at.astimezone())
    assert state.opened_at is not None
    return Misattunement(uuid, state.opened_by, state.opened_at.astimezone(), state.need,
                         state.commitment, sides[state.opened_by].happened, sides, try_next,
                         state.paused_by is not None, state.paused_by)


def load_misattunements(keys: Keyring) -> tuple[list[Misattunement], list[Damage]]:
    """Every entry, oldest first, and what could not be opened or verified (one damaged
    entry is a :class:`Damage` in its place; the others are shown). Workbook key only."""
    try:
        rows = {str(row.uuid): row for row in NeedsMisattunement.select()}
        accounts = {str(row.uuid): row for row in NeedsAccount.select()}
        folded = ledger_fold.fold_many(keys, PREFIX, REDUCER)
    except LOW_LEVEL as exc:
        return [], [Damage(TABLE, "all", "record", type(exc).__name__)]
    entries: list[Misattunement] = []
    damaged: list[Damage] = []
    claimed: set[str] = set()  # side rows some entry's facts name
    for stream, result in folded.items():
        uuid = stream[len(PREFIX):]
        row = rows.pop(uuid, None)
        if isinstance(result, Exception):
            detail = result.damage.detail if isinstance(result, RecordDamaged) else \
                type(result).__name__
            damaged.append(Damage(TABLE, uuid, "state", detail))
            continue
        state = result.state
        claimed.update(side.row for side in state.sides.values())
        try:
            if state.opened_at is None:
                raise RecordDamaged(Damage(TABLE, uuid, "record", "not opened"))
            entries.append(_opened(keys, uuid, state, row, accounts))
        except RecordDamaged as exc:
            damaged.append(exc.damage)
        except TrellisError as exc:  # sealed words that did not open
            damaged.append(Damage(TABLE, uuid, "words", type(exc).__name__))
    damaged += [Damage(TABLE, uuid, "state", "no fact") for uuid in rows]
    damaged += [Damage(ACCOUNTS, uuid, "state", "no fact") for uuid in accounts
                if uuid not in claimed]
    entries.sort(key=lambda entry: (entry.opened_at, entry.uuid))
    return entries, damaged


def load_misattunement(keys: Keyring, uuid: str) -> Misattunement:
    """One entry, verified; :class:`RecordDamaged` when it cannot be."""
    state = _entry_state(keys, uuid)
    row = NeedsMisattunement.get_or_none(NeedsMisattunement.uuid == uuid)
    rows = {str(a.uuid): a for a in NeedsAccount.select().where(NeedsAccount.entry == uuid)}
    return _opened(keys, uuid, state, row, rows)


# -- writing -------------------------------------------------------------------------------


def _check_text(**values: str) -> dict[str, str]:
    for name, value in values.items():
        if not isinstance(value, str):
            raise ValueError(f"{name} is words")
    return dict(values)


def _check_links(keys: Keyring, need: str | None, commitment: str | None) -> None:
    """ValueError unless ``need`` is a shared need and ``commitment`` a commitment
    (either may be None). Read from the needs map's facts (M1's)."""
    from models.needs import facts as needs_facts

    for link in (need, commitment):
        _link(link)
    if need is not None and need not in needs_facts.shared(keys).needs:
        raise ValueError("no such shared need")
    if commitment is not None:
        try:
            needs_facts.commitment(keys, commitment)
        except RecordDamaged as exc:
            raise ValueError("no such commitment") from exc


def open_misattunement(keys: Keyring, by: int, *, need: str | None = None,
                       commitment: str | None = None, what_happened: str, felt: str = "",
                       needed: str = "") -> Misattunement:
    """``by`` asks for a conversation about a moment a need was missed, with their own
    side; it waits for the other partner's side. Either partner, no password (``ONE``).
    ValueError when what happened is empty, ``by`` is not a partner, or ``need`` or
    ``commitment`` names no shared need or commitment."""
    _partner(by)
    words = _check_text(happened=what_happened, felt=felt, needed=needed)
    if not what_happened.strip():
        raise ValueError("what happened, as you saw it, comes first")
    _check_links(keys, need, commitment)
    with writing():
        row = NeedsMisattunement.write_new(
            keys, {"opened_by": by, "need": need, "commitment": commitment, "paused": False},
            try_next="")
        account = NeedsAccount.write_new(keys, {"entry": row.uuid, "partner": by}, **words)
        _record(keys, row.uuid, "opened", by=by, need=need, commitment=commitment,
                side=account.uuid, words=words_digest(words))
    return load_misattunement(keys, row.uuid)


def _writable(keys: Keyring, uuid: str) -> tuple[Misattunement, EntryState]:
    entry = load_misattunement(keys, uuid)  # never written on top of what does not verify
    if entry.paused:
        raise ValueError("this conversation is set down for later")
    return entry, _entry_state(keys, uuid)


def add_side(keys: Keyring, by: int, uuid: str, *, happened: str, felt: str,
             needed: str) -> Misattunement:
    """``by`` writes or edits their own side of an entry (never the other's). Either
    partner (``ONE``). The same words again change nothing; ValueError while the entry
    is set down, or when what happened is left empty."""
    _partner(by)
    words = _check_text(happened=happened, felt=felt, needed=needed)
    if not happened.strip():
        raise ValueError("what happened, as you saw it, comes first")
    entry, state = _writable(keys, uuid)
    mine = entry.accounts.get(by)
    if mine is not None and (mine.happened, mine.felt, mine.needed) == (happened, felt, needed):
        return entry
    with writing():
        if by in state.sides:
            side = state.sides[by].row
            account = NeedsAccount.get(NeedsAccount.uuid == side)
            with contained(ACCOUNTS, side):
                account.rewrite(keys, None, **words)
        else:
            account = NeedsAccount.write_new(keys, {"entry": uuid, "partner": by}, **words)
        _record(keys, uuid, "side", by=by, row=account.uuid, words=words_digest(words))
    return load_misattunement(keys, uuid)


def set_try_next(keys: Keyring, by: int, uuid: str, text: str) -> Misattunement:
    """What we will try, written or edited by either partner (``ONE``), once both sides
    are in (ValueError before: until then it is still a request for a conversation)."""
    _partner(by)
    _check_text(text=text)
    entry, _ = _writable(keys, uuid)
    if entry.waiting_for is not None:
        raise ValueError("what we will try waits for both sides")
    if entry.try_next == text:
        return entry
    with writing():
        row = NeedsMisattunement.get(NeedsMisattunement.uuid == uuid)
        with contained(TABLE, uuid):
            row.rewrite(keys, try_next=text)
        _record(keys, uuid, "try_next", by=by, words=words_digest(text))
    return load_misattunement(keys, uuid)


def set_paused(keys: Keyring, by: int, uuid: str, paused: bool) -> Misattunement:
    """Set an entry down for later (either partner, at once), or pick it up again (the
    partner who set it down; ValueError for the other). Nothing written is changed."""
    _partner(by)
    entry = load_misattunement(keys, uuid)
    if entry.paused == paused:
        return entry
    if not paused and entry.paused_by not in (None, by):
        raise ValueError("the partner who set it down picks it up again")
    with writing():
        row = NeedsMisattunement.get(NeedsMisattunement.uuid == uuid)
        with contained(TABLE, uuid):
            row.paused = paused
            row.save()
        _record(keys, uuid, "paused", by=by, paused=bool(paused))
    return load_misattunement(keys, uuid)
