"""Changing an agreement: drafting, proposing, confirming, pausing and setting aside.

Caution takes one partner; loosening takes both (:mod:`models.rules`). Typing never
changes a status, and agreed words are never edited in place: a change is proposed
beside them. Every step appends a fact (:mod:`models.agreements.facts`) and, where a
person would want to see it later, a line of "what happened".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from models.agreements import facts
from models.agreements.errors import AgreementIncomplete, AgreementNotAllowed
from models.agreements.reading import view, view_written
from models.agreements.tables import (
    BINDING_FIELDS,
    CATEGORIES,
    REQUIRED_TO_PROPOSE,
    TEXT_FIELDS,
    Agreement,
    AgreementEvent,
    AgreementRevision,
    Confirmation,
    get,
    revision_row,
    standing_confirmations,
)
from models.agreements.views import AgreementView
from models.db import writing
from models.proof import FreshProof, require_both, require_owner
from models.records import utc_now
from models.session import Keyring


def note_event(keys: Keyring, agreement: Agreement, kind: str, partner: int | None,
               note: str = "") -> None:
    """Add a line of "what happened" (its note sealed), named by a fact."""
    row = AgreementEvent.write_new(
        keys, {"agreement": agreement, "kind": kind, "partner": partner}, note=note)
    # The facts name every line of "what happened", so a removed line is noticed.
    facts.record(keys, agreement.uuid, "event", event=row.uuid)


def touch(agreement: Agreement, **changes: Any) -> None:
    """Set the plain columns (an index of the facts) and when the row last changed.

    Only the columns that changed are written (an autosave writes one), so SQLite leaves
    the row's other indexes alone."""
    for name, value in changes.items():
        setattr(agreement, name, value)
    agreement.updated_at = utc_now()
    agreement.save(only=agreement.dirty_fields)


def _clean(text: dict[str, str]) -> dict[str, str]:
    unknown = set(text) - set(TEXT_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    if "category" in text and text["category"] not in CATEGORIES:
        raise ValueError(f"unknown category {text['category']!r}")
    return text


def create(keys: Keyring, author: int, **text: str) -> AgreementView:
    """Start a draft written by ``author``. Empty fields are fine while drafting."""
    text = _clean(text)
    text.setdefault("category", "other")
    with writing():
        agreement = Agreement.create(proposed_by=author)
        revision = AgreementRevision.write_new(
            keys, {"agreement": agreement, "number": 1, "author": author}, **text
        )
        facts.record(keys, agreement.uuid, "created", by=author, revision=revision.uuid,
                     cadence=agreement.cadence_days)
        note_event(keys, agreement, "created", author)
    return view(keys, agreement)


def edit(keys: Keyring, uuid: str, author: int, **changes: str) -> AgreementView:
    """Save changed words (autosave calls this often). Never changes the status.

    An open revision (nobody has confirmed it) is updated in place; otherwise a new
    revision starts. While words are agreed and no change is proposed, only the
    partners' own "why it matters" can change (the confirmations carry over); the
    binding words are refused — propose a change first.
    """
    changes = _clean(changes)
    agreement = get(uuid)
    if agreement.status == "retired":
        raise AgreementNotAllowed("retired")
    row = revision_row(agreement)
    current = row.read(keys)
    changed = {k: v for k, v in changes.items() if current.get(k) != v}
    if not changed:
        return view(keys, agreement)
    binding = any(field in BINDING_FIELDS for field in changed)
    locked = (agreement.agreed_revision is not None
              and agreement.current_revision == agreement.agreed_revision)
    if binding and locked:
        raise AgreementNotAllowed("propose_change_first")
    closed = bool(
        Confirmation.select().where(
            (Confirmation.agreement == agreement) & (Confirmation.revision == row.number)
        ).count()
    )
    with writing():
        if closed:
            number = agreement.current_revision + 1
            words = {**current, **changed}
            revision = AgreementRevision.write_new(
                keys, {"agreement": agreement, "number": number, "author": author}, **words
            )
            agreement.current_revision = number
            facts.record(keys, agreement.uuid, "revision", by=author, number=number,
                         revision=revision.uuid, carried=locked,
                         words=facts.words_digest(words))
            note_event(keys, agreement, "revised", author)
        else:
            row.rewrite(keys, {"author": author}, **changed)
        if locked and closed:
            # Only someone's "why it matters" changed: the agreed words and their
            # confirmations stand, now on the new revision.
            for partner in standing_confirmations(agreement, row.number):
                Confirmation.create(agreement=agreement, revision=agreement.current_revision,
                                    partner=partner)
            agreement.agreed_revision = agreement.current_revision
        touch(agreement)
    if not closed:  # autosave's usual case: the open revision, nobody confirmed it
        return view_written(keys, agreement, row, set())
    return view(keys, agreement)


def propose(keys: Keyring, uuid: str, partner: int) -> AgreementView:
    """Offer a draft (or a paused agreement) for both partners to confirm."""
    agreement = get(uuid)
    if agreement.status not in ("draft", "paused"):
        raise AgreementNotAllowed(f"propose_from_{agreement.status}")
    text = revision_row(agreement).read(keys)
    missing = tuple(f for f in REQUIRED_TO_PROPOSE if not text[f].strip())
    if missing:
        raise AgreementIncomplete(missing)
    with writing():
        kind = "resumed" if agreement.status == "paused" else "proposed"
        facts.record(keys, agreement.uuid, kind, by=partner)
        note_event(keys, agreement, kind, partner)
        touch(agreement, status="proposed", needs_discussion=False)
    return view(keys, agreement)


def propose_change(keys: Keyring, uuid: str, partner: int) -> AgreementView:
    """Start a proposed change beside the agreed words (either partner, alone).

    The new revision starts as a copy of the agreed words; the agreed words stay in
    force until both confirm the change. Asking again while one is open does nothing.
    """
    agreement = get(uuid)
    if agreement.agreed_revision is None or agreement.status == "retired":
        raise AgreementNotAllowed(f"change_when_{agreement.status}")
    if agreement.current_revision != agreement.agreed_revision:
        return view(keys, agreement)
    words = revision_row(agreement).read(keys)
    number = agreement.current_revision + 1
    with writing():
        revision = AgreementRevision.write_new(
            keys, {"agreement": agreement, "number": number, "author": partner}, **words
        )
        agreement.current_revision = number
        facts.record(keys, agreement.uuid, "revision", by=partner, number=number,
                     revision=revision.uuid, carried=False, change=True)
        note_event(keys, agreement, "change_proposed", partner)
        touch(agreement)
    return view(keys, agreement)


def discard_change(keys: Keyring, uuid: str, partner: int) -> AgreementView:
    """Set a proposed change aside; the agreed words, which never moved, stay."""
    agreement = get(uuid)
    agreed = agreement.agreed_revision
    if agreed is None or agreement.current_revision == agreed:
        raise AgreementNotAllowed("no_change_proposed")
    with writing():
        Confirmation.delete().where(
            (Confirmation.agreement == agreement) & (Confirmation.revision > agreed)
        ).execute()
        AgreementRevision.delete().where(
            (AgreementRevision.agreement == agreement) & (AgreementRevision.number > agreed)
        ).execute()
        agreement.current_revision = agreed
        facts.record(keys, agreement.uuid, "change_discarded", by=partner)
        note_event(keys, agreement, "change_discarded", partner)
        touch(agreement)
    return view(keys, agreement)


def confirm(keys: Keyring, uuid: str, partner: int, proof: FreshProof) -> AgreementView:
    """Record ``partner``'s confirmation of the current words.

    ``proof`` must be ``partner``'s own fresh password proof (the UI asks for it at
    that moment). It shows that this partner was at the keyboard, nothing more. When
    both have confirmed, those words are agreed and in force, and the next review is
    scheduled. Confirming a proposed change that reads the same as the agreed words is
    refused: there is nothing new to agree.
    """
    journal_key = require_owner(keys, proof, partner)
    agreement = get(uuid)
    pending = (agreement.agreed_revision is not None
               and agreement.current_revision != agreement.agreed_revision
               and agreement.status != "retired")
    if agreement.status != "proposed" and not pending:
        raise AgreementNotAllowed(f"confirm_when_{agreement.status}")
    if pending:
        proposed = revision_row(agreement).read(keys)
        agreed = revision_row(agreement, agreement.agreed_revision).read(keys)
        if proposed == agreed:
            raise AgreementNotAllowed("change_reads_the_same")
    before = view(keys, agreement)
    standing = before.confirmations
    if partner in standing:
        return before
    words = facts.words_digest(before.current.text)
    next_review = dt.date.today() + dt.timedelta(days=agreement.cadence_days)
    with writing():
        Confirmation.create(agreement=agreement, revision=agreement.current_revision,
                            partner=partner)
        facts.record(keys, agreement.uuid, "confirmed", signers={partner: journal_key},
                     partner=partner, number=agreement.current_revision, words=words,
                     next_review_on=next_review.isoformat())
        note_event(keys, agreement, "confirmed", partner)
        if len(standing) + 1 == 2:
            touch(agreement, status="agreed", agreed_revision=agreement.current_revision,
                   agreed_at=utc_now(), needs_discussion=False, next_review_on=next_review)
            note_event(keys, agreement, "agreed", None)
        else:
            touch(agreement)
    return view(keys, agreement)


def withdraw(keys: Keyring, uuid: str, partner: int, note: str = "") -> AgreementView:
    """Pause an agreement: either partner, alone, at any time, with one action.

    The agreement pauses and is flagged for a conversation; standing confirmations of
    the current revision are set aside (kept in the record, dated). Words agreed
    earlier stay in force while it is paused: the more careful reading applies.
    """
    agreement = get(uuid)
    if agreement.status in ("draft", "retired"):
        raise AgreementNotAllowed(f"withdraw_when_{agreement.status}")
    with writing():
        Confirmation.update(withdrawn_at=utc_now()).where(
            (Confirmation.agreement == agreement)
            & (Confirmation.revision == agreement.current_revision)
            & Confirmation.withdrawn_at.is_null()
        ).execute()
        facts.record(keys, agreement.uuid, "paused", by=partner)
        note_event(keys, agreement, "withdrawn", partner, note)
        touch(agreement, status="paused", needs_discussion=True)
    return view(keys, agreement)


def retire(keys: Keyring, uuid: str, partner: int, note: str = "",
           proofs: tuple[FreshProof | None, ...] = ()) -> AgreementView:
    """Set an agreement aside for good; its words and history stay readable.

    Once words have been agreed, retiring loosens a boundary, so it needs both
    partners' fresh passwords. A proposal never agreed can be set aside by either.
    """
    agreement = get(uuid)
    if agreement.status in ("draft", "retired"):
        raise AgreementNotAllowed(f"retire_when_{agreement.status}")
    signers: dict[int, bytes] = {}
    if agreement.agreed_revision is not None:
        signers = {p: proof.bundle.journal_key
                   for p, proof in require_both(keys, proofs).items()}
    with writing():
        facts.record(keys, agreement.uuid, "retired", signers=signers, by=partner)
        note_event(keys, agreement, "retired", partner, note)
        touch(agreement, status="retired", next_review_on=None, needs_discussion=False)
    return view(keys, agreement)


def delete_draft(keys: Keyring, uuid: str) -> None:
    """Remove a draft nobody has proposed yet (nothing agreed is ever deleted)."""
    agreement = get(uuid)
    if agreement.status != "draft":
        raise AgreementNotAllowed(f"delete_when_{agreement.status}")
    with writing():
        # Facts are never removed (the file must never seem to go backwards): the
        # stream ends with this one, and the words are deleted.
        facts.record(keys, uuid, "draft_deleted")
        agreement.delete_instance(recursive=True)


def set_cadence(keys: Keyring, uuid: str, days: int) -> None:
    """Review every ``days`` days; reschedules the next review from today if agreed."""
    if not 1 <= days <= 366:
        raise ValueError("cadence must be 1 to 366 days")
    agreement = get(uuid)
    # Review dates are the couple's calendar days: local dates, like review_due(today).
    changes: dict[str, Any] = {"cadence_days": days}
    data: dict[str, Any] = {"days": days}
    if agreement.status in ("agreed", "under_review"):
        changes["next_review_on"] = dt.date.today() + dt.timedelta(days=days)
        data["next_review_on"] = changes["next_review_on"].isoformat()
    with writing():
        facts.record(keys, uuid, "cadence", **data)
        touch(agreement, **changes)
