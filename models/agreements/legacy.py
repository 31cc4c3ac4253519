"""Agreements from before facts were kept: a baseline fact for each, written once."""

from __future__ import annotations

import json

from models import ledger
from models.agreements import facts
from models.agreements.tables import (
    Agreement,
    AgreementEvent,
    AgreementReview,
    AgreementRevision,
    revision_row,
    standing_confirmations,
)
from models.db import writing
from models.session import Keyring

LEGACY_FACT = "legacy_agreements"  # VaultFact: agreements from before facts were kept


def carry_over_legacy(keys: Keyring) -> None:
    """Once, after the step that introduced facts: write a baseline fact for each
    agreement that existed before, from its plain columns (unsigned, and marked as
    carried over). The list of those agreements is then gone, so an agreement whose
    facts go missing later is damage, never a new baseline."""
    from models.schema import VaultFact

    listed = VaultFact.get_or_none(VaultFact.name == LEGACY_FACT)
    if listed is None:
        return
    with writing():
        for uuid in json.loads(listed.value):
            agreement = Agreement.get_or_none(Agreement.uuid == uuid)
            if agreement is None or ledger.streams(facts.stream_of(uuid)):
                continue
            _baseline(keys, agreement)
        listed.delete_instance()


def _baseline(keys: Keyring, agreement: Agreement) -> None:
    revisions = {row.number: row.uuid for row in AgreementRevision.select().where(
        AgreementRevision.agreement == agreement)}
    agreed_words = None
    if agreement.agreed_revision is not None:
        agreed_words = facts.words_digest(
            revision_row(agreement, agreement.agreed_revision).read(keys))
    reviews = [row.uuid for row in AgreementReview.select().where(
        AgreementReview.agreement == agreement)]
    facts.record(
        keys, agreement.uuid, "baseline", status=agreement.status,
        current=agreement.current_revision, agreed=agreement.agreed_revision,
        agreed_at=agreement.agreed_at, agreed_words=agreed_words,
        revisions={str(n): u for n, u in revisions.items()},
        confirmations={str(p): at.isoformat() for p, at in
                       standing_confirmations(agreement, agreement.current_revision).items()},
        in_force_confirmations=(
            {str(p): at.isoformat() for p, at in
             standing_confirmations(agreement, agreement.agreed_revision).items()}
            if agreement.agreed_revision is not None else {}),
        needs_discussion=agreement.needs_discussion,
        next_review_on=agreement.next_review_on, cadence=agreement.cadence_days,
        reviews=reviews,
        events=[row.uuid for row in AgreementEvent.select().where(
            AgreementEvent.agreement == agreement).order_by(AgreementEvent.created_at,
                                                            AgreementEvent.id)],
    )
