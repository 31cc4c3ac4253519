"""Commitments: something one partner does so a shared need is met.

Either partner may propose one, or change its words (``ONE``); new words are proposed
again, whatever came before, until both have confirmed exactly them. Confirming is
each partner's own part, with their own fresh password, signed (``OWNER``): the person
with the need says "this would help", the doer says "I can do this" (both, for a
commitment to oneself). Either partner may pause one at once (``ONE``, caution);
resuming needs both fresh passwords (``BOTH``). Withdrawing a need pauses the
commitments that serve it (:func:`pause_serving`).

The words are sealed in one :class:`~models.needs.tables.CommitmentRow`; its state is
its stream of facts (:mod:`models.needs.facts`), and the row's plain columns are an
index compared with them when read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from types import EllipsisType
from typing import Any

from models.damage import LOW_LEVEL, Damage, RecordDamaged, contained
from models.db import writing
from models.errors import TrellisError
from models.needs import facts
from models.needs.tables import CommitmentRow
from models.needs.views import COMMITMENT_FIELDS, Commitment
from models.proof import FreshProof, NeedsOwner, require_both, require_owner
from models.session import Keyring

TABLE = CommitmentRow._meta.table_name


def check_fields(fields: Mapping[str, str]) -> dict[str, str]:
    """Every commitment field from ``fields`` ("" for those not given); ValueError for
    an unknown field, a value that is not text, or no words for what is done."""
    unknown = set(fields) - set(COMMITMENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    if not all(isinstance(value, str) for value in fields.values()):
        raise ValueError("not text")
    full = {name: fields.get(name, "") for name in COMMITMENT_FIELDS}
    if not full["what"].strip():
        raise ValueError("say what will be done")
    return full


def _partner(by: int) -> int:
    if by not in (1, 2):
        raise ValueError("not a partner")
    return by


def _serves(keys: Keyring, need: str, also: Iterable[str]) -> list[str]:
    """``need`` and ``also``, each a need that is shared now (ValueError otherwise)."""
    state = facts.shared(keys)
    serves = list(dict.fromkeys([need, *also]))
    for uuid in serves:
        said = state.needs.get(uuid)
        if said is None or said.withdrawn:
            raise ValueError("a commitment serves needs that are shared")
    return serves


def _agreement(uuid: str | None) -> str | None:
    if uuid is None:
        return None
    from models.agreements import Agreement

    if not isinstance(uuid, str) or Agreement.get_or_none(Agreement.uuid == uuid) is None:
        raise ValueError("no such agreement")
    return uuid


def _text(fields: Mapping[str, str]) -> str:
    return json.dumps(dict(fields), ensure_ascii=False)


def propose_commitment(keys: Keyring, by: int, need: str, doer: int,
                       fields: Mapping[str, str], *, also_serves: Sequence[str] = (),
                       agreement: str | None = None) -> Commitment:
    """``by`` proposes that ``doer`` does what ``fields`` say for shared ``need`` (and
    the needs in ``also_serves``). Either partner, no password; it is proposed until
    both confirmed these words. ValueError for bad fields, a need that is not shared or
    an agreement that does not exist."""
    _partner(by)
    _partner(doer)
    full = check_fields(fields)
    serves = _serves(keys, need, also_serves)
    linked = _agreement(agreement)
    need_owner = facts.shared(keys).needs[need].owner
    with writing():
        row = CommitmentRow.write_new(
            keys, {"need": need, "serves": ",".join(serves), "doer": doer, "agreement": linked,
                   "state": "proposed", "version": 1}, fields=_text(full))
        facts.record(keys, facts.stream_of(row.uuid), "proposed", by=by, need=need,
                     serves=serves, doer=doer, need_owner=need_owner, agreement=linked,
                     version=1, words=facts.words_digest(full))
    return load_commitment(keys, row.uuid)


def change_commitment(keys: Keyring, by: int, uuid: str, fields: Mapping[str, str], *,
                      also_serves: Sequence[str] | None = None,
                      agreement: str | None | EllipsisType = ...) -> Commitment:
    """``by`` writes new words for commitment ``uuid`` (fields not given keep theirs;
    ``also_serves`` None keeps the needs it serves, ``agreement`` ... keeps the link).
    Either partner, no password: the new words are proposed again until both confirm
    them. The same words again change nothing. ValueError for a retired commitment."""
    _partner(by)
    before = load_commitment(keys, uuid)
    if before.state == "retired":
        raise ValueError("a retired commitment is not changed")
    full = check_fields({**before.fields, **fields})
    serves = (list(before.needs) if also_serves is None
              else _serves(keys, before.need, also_serves))
    linked = before.agreement if isinstance(agreement, EllipsisType) else _agreement(agreement)
    if (full, serves, linked) == (dict(before.fields), list(before.needs), before.agreement):
        return before
    version = before.version + 1
    with writing():
        row = CommitmentRow.get(CommitmentRow.uuid == uuid)
        with contained(TABLE, uuid):
            row.rewrite(keys, {"serves": ",".join(serves), "agreement": linked,
                               "state": "proposed", "version": version, "paused_by": None},
                        fields=_text(full))
        facts.record(keys, facts.stream_of(uuid), "changed", by=by, serves=serves,
                     agreement=linked, version=version, words=facts.words_digest(full))
    return load_commitment(keys, uuid)


def confirm_commitment(keys: Keyring, proof: FreshProof | None, uuid: str, *,
                       partner: int | None = None) -> Commitment:
    """Confirm the current words of commitment ``uuid`` as ``proof.partner``
    (``partner``, when given, must be the one who typed their password), with their
    own fresh password, signed: "this would help" when they have the need, "I can do
    this" when they do it (both for a commitment to oneself). :class:`NeedsOwner` for a
    missing or stale proof, another partner's, or a partner with no part to confirm.
    Active once both parts are confirmed. Confirming again changes nothing."""
    if proof is None:
        raise NeedsOwner("your own password is needed to confirm")
    partner = proof.partner if partner is None else partner
    journal_key = require_owner(keys, proof, partner)
    before = load_commitment(keys, uuid)
    if before.state == "retired":
        raise ValueError("a retired commitment is not confirmed")
    said = facts.commitment(keys, uuid)
    roles = [role for role, who, done in (("helps", said.need_owner, said.helps),
                                          ("can_do", said.doer, said.can_do))
             if who == partner and not done]
    if partner not in (said.need_owner, said.doer):
        raise NeedsOwner(f"partner {partner} has no part of this commitment to confirm")
    if not roles:
        return before
    with writing():
        fact = facts.record(keys, facts.stream_of(uuid), "confirmed",
                            sign_with={partner: journal_key}, by=partner, roles=roles,
                            version=said.version, words=said.words)
        _index(keys, uuid, _after(said, fact))
    return load_commitment(keys, uuid)


def _after(said: facts.CommitmentFacts, fact: Any) -> facts.CommitmentFacts:
    """What ``said`` adds up to with ``fact`` (a fact just written)."""
    state = facts.COMMITMENT_REDUCER.copy(said)
    facts.COMMITMENT_REDUCER.step(state, fact)
    return state


def _index(keys: Keyring, uuid: str, said: facts.CommitmentFacts) -> None:
    """Bring the row's plain state columns to what the facts say (inside the caller's
    transaction)."""
    row = CommitmentRow.get_or_none(CommitmentRow.uuid == uuid)
    if row is None:  # damage, reported where it is read; the facts still count
        return
    if (row.state, row.paused_by) != (said.state, said.paused_by):
        with contained(TABLE, uuid):
            row.rewrite(keys, {"state": said.state, "paused_by": said.paused_by})


def pause_commitment(keys: Keyring, by: int, uuid: str) -> Commitment:
    """``by`` pauses commitment ``uuid`` at once: either partner, no password (a move
    toward caution). Pausing a paused one changes nothing; a retired one stays so."""
    _partner(by)
    before = load_commitment(keys, uuid)
    if before.state in ("paused", "retired"):
        return before
    with writing():
        _pause(keys, by, uuid)
    return load_commitment(keys, uuid)


def _pause(keys: Keyring, by: int, uuid: str) -> None:
    said = facts.commitment(keys, uuid)
    fact = facts.record(keys, facts.stream_of(uuid), "paused", by=by)
    _index(keys, uuid, _after(said, fact))


def pause_serving(keys: Keyring, by: int, need: str) -> list[str]:
    """Pause every commitment serving ``need`` that is neither paused nor retired, as
    ``by`` (inside the caller's transaction: withdrawing the need). Their uuids."""
    paused = []
    for uuid, said in facts.commitments(keys).items():
        # One that does not verify is damage where it is read; the others still pause.
        if isinstance(said, facts.CommitmentFacts) and need in said.serves and (
                said.state not in ("paused", "retired")):
            fact = facts.record(keys, facts.stream_of(uuid), "paused", by=by)
            _index(keys, uuid, _after(said, fact))
            paused.append(uuid)
    return paused


def resume_commitment(keys: Keyring, proofs: Iterable[FreshProof | None],
                      uuid: str) -> Commitment:
    """Resume a paused commitment: both partners' fresh passwords (:class:`NeedsBoth`
    otherwise), signed by both. Active again when both confirmed its current words,
    proposed otherwise. ValueError when it is not paused, or a need it serves was
    withdrawn (change what it serves first, or share the need again)."""
    signers = {partner: proof.bundle.journal_key
               for partner, proof in require_both(keys, proofs).items()}
    before = load_commitment(keys, uuid)
    if before.state != "paused":
        raise ValueError("only a paused commitment is resumed")
    _serves(keys, before.need, before.needs)  # a withdrawn need keeps it paused
    with writing():
        said = facts.commitment(keys, uuid)
        fact = facts.record(keys, facts.stream_of(uuid), "resumed", sign_with=signers)
        _index(keys, uuid, _after(said, fact))
    return load_commitment(keys, uuid)


def review_decided(keys: Keyring, uuid: str, decision: str, *,
                   sign_with: Mapping[int, bytes]) -> None:
    """For every review decided together (:mod:`models.needs.reviews`, inside its
    transaction): note ``decision`` in commitment ``uuid``'s facts, signed by both
    (``sign_with`` maps 1 and 2 to journal keys from fresh proofs) — it becomes
    ``Commitment.latest_review`` and the mark the notes since the last review are
    counted from — and bring the state along: keep resumes a paused one, pause pauses,
    retire retires, change leaves it as it is until new words are written. ValueError
    for a retired commitment."""
    if set(sign_with) != {1, 2}:
        raise ValueError("a review is decided by both")
    if decision not in facts.DECISIONS:
        raise ValueError(f"decision must be one of {facts.DECISIONS}")
    said = facts.commitment(keys, uuid)
    if said.state == "retired":
        raise ValueError("a retired commitment is not reviewed")
    fact = facts.record(keys, facts.stream_of(uuid), "decided", sign_with=sign_with,
                        decision=decision)
    _index(keys, uuid, _after(said, fact))


# -- reading ------------------------------------------------------------------------------


def _verified(keys: Keyring, row: CommitmentRow, said: facts.CommitmentFacts) -> Commitment:
    uuid = str(row.uuid)
    plain = (row.need, row.serves, row.doer, row.agreement, row.state, row.version,
             row.paused_by)
    expected = (said.need, ",".join(said.serves), said.doer, said.agreement, said.state,
                said.version, said.paused_by)
    if plain != expected:
        raise RecordDamaged(Damage(TABLE, uuid, "state", "columns differ from facts"))
    loaded: Any = json.loads(row.read(keys)["fields"])
    if not isinstance(loaded, dict) or set(loaded) != set(COMMITMENT_FIELDS) or not all(
            isinstance(value, str) for value in loaded.values()):
        raise RecordDamaged(Damage(TABLE, uuid, "words", "not a commitment's fields"))
    if facts.words_digest(loaded) != said.words:
        raise RecordDamaged(Damage(TABLE, uuid, "words", "words differ from facts"))
    if said.created_at is None:  # pragma: no cover - the first fact always dates it
        raise RecordDamaged(Damage(TABLE, uuid, "state", "no beginning"))
    return Commitment(
        uuid, said.need, said.serves, said.doer,
        {name: loaded[name] for name in COMMITMENT_FIELDS}, said.agreement, said.state,
        said.helps, said.can_do, None if said.since is None else said.since.astimezone(),
        said.version, said.created_at.astimezone(), said.paused_by, said.latest_review,
        said.need_owner)


def load_commitment(keys: Keyring, uuid: str) -> Commitment:
    """One commitment, verified; :class:`RecordDamaged` when it is missing or does not
    verify. Workbook key only."""
    said = facts.commitment(keys, uuid)
    with contained(TABLE, uuid):
        row = CommitmentRow.get_or_none(CommitmentRow.uuid == uuid)
        if row is None:
            raise RecordDamaged(Damage(TABLE, uuid, "record", "missing"))
        return _verified(keys, row, said)


def load_commitments(keys: Keyring) -> tuple[list[Commitment], list[Damage]]:
    """Every commitment, oldest first, and what could not be verified (one query for
    the rows, a few for their facts; a damaged one is left out, the others are shown).
    Retired ones are included (``state == "retired"``). Workbook key only."""
    try:
        rows = list(CommitmentRow.select().order_by(CommitmentRow.id))
        derived = facts.commitments(keys)
    except LOW_LEVEL as exc:
        return [], [Damage(TABLE, "all", "record", type(exc).__name__)]
    found: list[Commitment] = []
    damaged: list[Damage] = []
    for row in rows:
        uuid = str(row.uuid)
        said = derived.pop(uuid, None)
        try:
            if said is None:
                raise RecordDamaged(Damage(TABLE, uuid, "state", "no facts"))
            if isinstance(said, RecordDamaged):
                raise said
            with contained(TABLE, uuid):
                found.append(_verified(keys, row, said))
        except RecordDamaged as exc:
            damaged.append(exc.damage)
        except TrellisError as exc:  # sealed words that did not open
            damaged.append(Damage(TABLE, uuid, "words", type(exc).__name__))
    damaged += [Damage(TABLE, uuid, "record", "missing") for uuid in derived]
    found.sort(key=lambda c: (c.created_at, c.uuid))
    return found, damaged
