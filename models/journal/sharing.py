"""Sharing a passage on purpose: a dated copy both partners read, and taking it back.

The original stays private in the journal. The copy is sealed with the workbook key
and named for its author by a fact they sign with their fresh password
(:mod:`models.journal.facts`). Withdrawing is the author's alone, with a fresh
password: the copy is no longer shown and its words are emptied in the file (what
the partner read before cannot be taken back, and the screens say so).
"""

from __future__ import annotations

import datetime as dt

from models import shared_copies
from models.damage import Damage
from models.db import writing
from models.journal import facts
from models.journal.tables import SharedPassageRow
from models.journal.views import DESTINATIONS, SOURCES, SharedPassage
from models.proof import FreshProof, NeedsOwner, require_owner
from models.session import Keyring

TABLE = SharedPassageRow._meta.table_name


def share_passage(keys: Keyring, proof: FreshProof | None, text: str, destination: str,
                  target: str | None = None, source: str = "journal", *,
                  author: int | None = None) -> SharedPassage:
    """Share ``text`` as its author: ``proof.partner``, who must have typed their
    password just now (``author``, when given, must be the one who did).

    ``destination`` is one of DESTINATIONS; ``target`` the agreement's uuid for
    "agreement" (None otherwise); ``source`` one of SOURCES. Raises
    :class:`~models.proof.NeedsOwner` without the author's fresh proof, ValueError for
    an empty passage or an unknown destination or source.
    """
    if proof is None:
        raise NeedsOwner("the author's own password is needed")
    author = proof.partner if author is None else author
    journal_key = require_owner(keys, proof, author)
    if not text.strip():
        raise ValueError("an empty passage")
    if destination not in DESTINATIONS or source not in SOURCES:
        raise ValueError(f"unknown destination {destination!r} or source {source!r}")
    if (destination == "agreement") != bool(target):
        raise ValueError("an agreement note needs its agreement, and only it")
    target = target if destination == "agreement" else None
    with writing():
        row = SharedPassageRow.write_new(keys, {"author": author, "destination": destination,
                                                "target": target, "source": source}, text=text)
        fact = facts.record(keys, "shared", author, journal_key, passage=row.uuid,
                            destination=destination, target=target, source=source,
                            words=facts.words_digest(text))
    shared_at = dt.datetime.fromisoformat(str(fact.get("at"))).astimezone()
    return SharedPassage(row.uuid, author, text, shared_at, destination, target, source)


def withdraw_passage(keys: Keyring, proof: FreshProof | None, uuid: str) -> None:
    """Take a shared passage back: its author only, with their fresh ``proof``
    (:class:`~models.proof.NeedsOwner` otherwise). Withdrawing twice changes nothing."""
    taking = shared_copies.to_withdraw(keys, proof, TABLE, uuid,
                                       facts.derive(keys).by_uuid.get(uuid),
                                       lambda passage: passage.author)
    if taking is None:
        return
    shared, journal_key = taking
    shared_copies.withdraw_row(
        keys, SharedPassageRow, uuid,
        lambda: facts.record(keys, "withdrawn", shared.author, journal_key, passage=uuid),
        text="")


def load_passages(keys: Keyring, destination: str | None = None, target: str | None = None,
                  ) -> tuple[list[SharedPassage], list[Damage]]:
    """The passages both partners may read, oldest first, and what could not be
    verified; withdrawn passages are left out. Needs only the workbook key.

    ``destination`` and ``target``, when given, keep only the passages shared there.
    """
    ordered, damaged = shared_copies.load_verified(
        TABLE, lambda: facts.derive(keys), SharedPassageRow,
        lambda state, row: _verified(keys, row, state.by_uuid.get(row.uuid)),
        lambda state: state.by_uuid)
    chosen = [p for p in ordered if (destination is None or p.destination == destination)
              and (target is None or p.target == target)]
    return chosen, damaged


def _verified(keys: Keyring, row: SharedPassageRow,
              shared: facts.PassageFact | None) -> SharedPassage | None:
    """The passage ``row`` holds, if its columns and words are what its facts say;
    None when it was withdrawn."""
    shared = shared_copies.signed(TABLE, row, shared)
    shared_copies.same_columns(
        TABLE, row, (row.author, row.destination, row.target, row.source, bool(row.withdrawn)),
        (shared.author, shared.destination, shared.target, shared.source, shared.withdrawn))
    if shared.withdrawn:
        return None
    text = row.read(keys)["text"]
    shared_copies.same_words(TABLE, row, facts.words_digest(text), shared.words)
    return SharedPassage(row.uuid, shared.author, text, shared.shared_at.astimezone(),
                         shared.destination, shared.target, shared.source)


def shared_passages(keys: Keyring, destination: str | None = None,
                    target: str | None = None) -> list[SharedPassage]:
    """What both may read, oldest first (:func:`load_passages` without the damage,
    which a screen that lists passages should show in place)."""
    return load_passages(keys, destination, target)[0]
