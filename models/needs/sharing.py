"""Sharing a need on purpose, and taking it back.

The draft stays private. Sharing copies every need field, sealed with the workbook key,
into a new row named for its owner by a fact they sign with their fresh password
(:mod:`models.needs.facts`). Sharing the same draft again is the next version of the
same shared need (one stable uuid); earlier versions stay. Withdrawing is the owner's
alone, with a fresh password: the need is no longer shown, every version's words are
emptied in the file (what the partner read before cannot be taken back), and the
commitments that serve it pause at once (caution).
"""

from __future__ import annotations

import json

from models import shared_copies
from models.damage import Damage, RecordDamaged, contained
from models.db import writing
from models.needs import facts
from models.needs.drafts import load_draft, owner_of
from models.needs.tables import SharedNeedRow
from models.needs.views import NEED_FIELDS, Need
from models.owner_keys import proof_keyring
from models.proof import FreshProof, NeedsOwner, require_owner
from models.records import new_uuid
from models.session import Keyring

TABLE = SharedNeedRow._meta.table_name


def share_need(keys: Keyring, proof: FreshProof | None, draft_uuid: str) -> Need:
    """Share draft ``draft_uuid`` as it is now: its owner only, with their fresh
    ``proof`` (:class:`NeedsOwner` otherwise, in every kind of session; the draft is
    opened with the proof's key alone). The first share makes the shared need; each
    later one is its next version. Raises ValueError for a need with nothing to share."""
    if proof is None:
        raise NeedsOwner("the owner's own password is needed")
    owner = owner_of(draft_uuid)
    if owner is None:
        raise RecordDamaged(Damage("needs_draft", draft_uuid, "record", "missing"))
    journal_key = require_owner(keys, proof, owner)
    draft = load_draft(proof_keyring(keys, owner, proof), owner, draft_uuid)
    if draft.is_empty():
        raise ValueError("nothing to share yet")
    fields = {name: draft.fields[name] for name in NEED_FIELDS}
    state = facts.shared(keys)
    need = state.by_source.get(draft_uuid) or new_uuid()
    known = state.needs.get(need)
    version = known.version + 1 if known else 1
    with writing():
        row = SharedNeedRow.write_new(
            keys, {"owner": owner, "need": need, "source": draft_uuid, "version": version},
            fields=json.dumps(fields, ensure_ascii=False))
        fact = facts.record(keys, facts.SHARED, "shared", sign_with={owner: journal_key},
                            need=need, row=row.uuid, by=owner, source=draft_uuid,
                            version=version, words=facts.words_digest(fields))
    return Need(need, owner, draft_uuid, version, fields, facts.at_of(fact).astimezone())


def withdraw_need(keys: Keyring, proof: FreshProof | None, need_uuid: str) -> None:
    """Take a shared need back: its owner only, with their fresh ``proof``
    (:class:`NeedsOwner` otherwise). Every version's words are emptied, and every
    commitment that serves it and is not paused already pauses, in the same step.
    Withdrawing twice changes nothing."""
    from models.needs import commitments

    taking = shared_copies.to_withdraw(keys, proof, TABLE, need_uuid,
                                       facts.shared(keys).needs.get(need_uuid),
                                       lambda need: need.owner)
    if taking is None:
        return
    said, journal_key = taking
    with writing():
        facts.record(keys, facts.SHARED, "withdrawn", sign_with={said.owner: journal_key},
                     need=need_uuid, by=said.owner)
        for row in SharedNeedRow.select().where(SharedNeedRow.need == need_uuid):
            with contained(TABLE, str(row.uuid)):
                if not row.withdrawn:
                    row.rewrite(keys, {"withdrawn": True}, fields="")
        commitments.pause_serving(keys, said.owner, need_uuid)


def load_needs(keys: Keyring) -> tuple[list[Need], list[Damage]]:
    """The latest shared version of every need both partners may read, in the order
    first shared, and what could not be verified; withdrawn needs are left out. Needs
    only the workbook key. Every version's row is checked against its facts."""
    return shared_copies.load_verified(
        TABLE, lambda: facts.shared(keys), SharedNeedRow,
        lambda state, row: _verified(keys, row, state), lambda state: state.rows,
        lambda state: state.needs)


def versions_of(keys: Keyring, need_uuid: str) -> list[Need]:
    """Every shared version of one need, oldest first, while it is shared (none once
    withdrawn); :class:`RecordDamaged` for one that does not verify."""
    state = facts.shared(keys)
    said = state.needs.get(need_uuid)
    if said is None or said.withdrawn:
        return []
    versions: list[Need] = []
    query = SharedNeedRow.select().where(SharedNeedRow.need == need_uuid)
    for row in sorted(query, key=lambda r: int(r.version)):
        with contained(TABLE, str(row.uuid)):
            fields = _opened(keys, row, state.rows.get(str(row.uuid)))
            if fields is not None:
                rowfact = state.rows[str(row.uuid)]
                versions.append(Need(need_uuid, rowfact.owner, rowfact.source,
                                     rowfact.version, fields, rowfact.shared_at.astimezone()))
    return versions


def _opened(keys: Keyring, row: SharedNeedRow,
            said: facts.RowFact | None) -> dict[str, str] | None:
    """The fields ``row`` holds, if its columns and words are what its facts say; None
    when it was withdrawn."""
    said = shared_copies.signed(TABLE, row, said)
    shared_copies.same_columns(
        TABLE, row, (row.owner, row.need, row.source, row.version, bool(row.withdrawn)),
        (said.owner, said.need, said.source, said.version, said.withdrawn))
    if said.withdrawn:
        return None
    loaded = shared_copies.fields_of(TABLE, row, row.read(keys)["fields"], NEED_FIELDS,
                                     "a need's fields")
    shared_copies.same_words(TABLE, row, facts.words_digest(loaded), said.words)
    return {name: loaded[name] for name in NEED_FIELDS}


def _verified(keys: Keyring, row: SharedNeedRow, state: facts.Shared) -> Need | None:
    """The need ``row`` shows, when it is its need's latest version and verifies;
    None for an older version (checked all the same) or a withdrawn one."""
    said = state.rows.get(str(row.uuid))
    fields = _opened(keys, row, said)
    if fields is None or said is None or state.needs[said.need].row != row.uuid:
        return None
    return Need(said.need, said.owner, said.source, said.version, fields,
                said.shared_at.astimezone())
