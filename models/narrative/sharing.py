"""Sharing a draft on purpose: a dated, versioned copy both partners read, and taking
it back.

The draft stays private. The copy holds its shareable fields only (never
``PRIVATE_FIELDS``), sealed with the workbook key, and is named for its author by a
fact they sign with their fresh password (:mod:`models.narrative.facts`). Each share
of the same draft is a new version (1, 2, 3…); earlier ones stay. Withdrawing is the
author's alone, with a fresh password: the copy is no longer shown and its words are
emptied in the file (what the partner read before cannot be taken back).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from operator import attrgetter

from models import shared_copies
from models.damage import Damage, RecordDamaged
from models.db import writing
from models.narrative import facts
from models.narrative.drafts import DRAFTS, load_draft
from models.narrative.tables import NarrativePiece
from models.narrative.views import FIELDS, SharedPiece, shareable
from models.owner_keys import proof_keyring
from models.proof import FreshProof, NeedsOwner, require_owner
from models.session import Keyring

TABLE = NarrativePiece._meta.table_name


def share_piece(keys: Keyring, proof: FreshProof | None, uuid: str) -> SharedPiece:
    """Share draft ``uuid`` as it is now: its owner only, with their fresh ``proof``
    (:class:`NeedsOwner` otherwise, in every kind of session; the draft is opened with
    the proof's key alone). Raises ValueError for a piece with nothing to share."""
    if proof is None:
        raise NeedsOwner("the author's own password is needed")
    owner = DRAFTS.owner_of(uuid)
    if owner is None:
        raise RecordDamaged(Damage("narrative_draft", uuid, "record", "missing"))
    journal_key = require_owner(keys, proof, owner)
    draft = load_draft(proof_keyring(keys, owner, proof), owner, uuid)
    if draft.is_empty():
        raise ValueError("nothing to share yet")
    fields = {name: draft.fields[name] for name in shareable(draft.kind)}
    version = facts.pieces(keys).shares.get(uuid, 0) + 1
    with writing():
        row = NarrativePiece.write_new(
            keys, {"author": owner, "kind": draft.kind, "source": uuid, "version": version},
            fields=json.dumps(fields, ensure_ascii=False))
        fact = facts.record(keys, facts.SHARED, "shared", sign_with={owner: journal_key},
                            piece=row.uuid, by=owner, kind_of=draft.kind, source=uuid,
                            version=version, words=facts.fields_digest(draft.kind, fields))
    return SharedPiece(row.uuid, owner, draft.kind, uuid, version, fields,
                       facts.at_of(fact).astimezone())


def withdraw_piece(keys: Keyring, proof: FreshProof | None, uuid: str) -> None:
    """Take a shared piece back: its author only, with their fresh ``proof``
    (:class:`NeedsOwner` otherwise). Withdrawing twice changes nothing."""
    taking = shared_copies.to_withdraw(keys, proof, TABLE, uuid,
                                       facts.pieces(keys).by_uuid.get(uuid),
                                       lambda piece: piece.author)
    if taking is None:
        return
    piece, journal_key = taking
    shared_copies.withdraw_row(
        keys, NarrativePiece, uuid,
        lambda: facts.record(keys, facts.SHARED, "withdrawn",
                             sign_with={piece.author: journal_key}, piece=uuid, by=piece.author),
        fields="")


def load_shared(keys: Keyring, kind: str | None = None, author: int | None = None,
                ) -> tuple[list[SharedPiece], list[Damage]]:
    """The pieces both partners may read, oldest first, and what could not be verified;
    withdrawn pieces are left out. Needs only the workbook key. ``kind`` and ``author``,
    when given, keep only those."""
    ordered, damaged = shared_copies.load_verified(
        TABLE, lambda: facts.pieces(keys), NarrativePiece,
        lambda state, row: _verified(keys, row, state.by_uuid.get(row.uuid)),
        lambda state: state.by_uuid)
    chosen = [p for p in ordered if (kind is None or p.kind == kind)
              and (author is None or p.author == author)]
    return chosen, damaged


def _verified(keys: Keyring, row: NarrativePiece,
              said: facts.PieceFact | None) -> SharedPiece | None:
    """The piece ``row`` holds, if its columns and words are what its facts say; None
    when it was withdrawn."""
    said = shared_copies.signed(TABLE, row, said)
    shared_copies.same_columns(
        TABLE, row, (row.author, row.kind, row.source, row.version, bool(row.withdrawn)),
        (said.author, said.kind, said.source, said.version, said.withdrawn))
    if said.withdrawn:
        return None
    loaded = shared_copies.fields_of(TABLE, row, row.read(keys)["fields"],
                                     shareable(said.kind), "the piece's fields")
    shared_copies.same_words(TABLE, row, facts.fields_digest(said.kind, loaded), said.words)
    fields = {name: loaded[name] for name in FIELDS[said.kind] if name in loaded}
    return SharedPiece(row.uuid, said.author, said.kind, said.source, said.version, fields,
                       said.shared_at.astimezone())


def versions_of(pieces: Iterable[SharedPiece], source: str) -> list[SharedPiece]:
    """The shared versions of draft ``source`` among ``pieces``, oldest first."""
    return sorted((p for p in pieces if p.source == source), key=attrgetter("version"))
