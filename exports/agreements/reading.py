"""Reading what the agreements document needs from the models (never on the GUI thread:
the export reads in a child process of its own)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from exports.agreements.data import AgreementSection, AgreementsExport, PaperSize
from models import agreements as agreements_model
from models import consent as consent_model
from models.proof import FreshProof
from models.session import Keyring


def gather(
    keys: Keyring,
    names: dict[int, str],
    *,
    prepared_on: datetime.date,
    session_on: datetime.date | None,
    include_history: bool,
    consent_proofs: Iterable[FreshProof] | None = None,
    include_retired: bool = False,
    include_drafts: bool = False,
    paper: PaperSize = "A4",
) -> AgreementsExport:
    """Read and open everything the document needs (a second or two for a thousand
    agreements: in the export's child process, never on the GUI thread).

    ``consent_proofs``: both partners' fresh password proofs, given when both chose just
    now to include the consent comparison; the latest reveal is then read (none yet:
    left out). Without both, it is refused (:class:`~models.proof.NeedsBoth`), so no
    caller can put the comparison in a PDF on one partner's say.
    Revisions are read only when ``include_history`` asks for them.
    """
    sections = []
    for agreement in agreements_model.all_agreements(keys):
        latest = agreements_model.reviews(keys, agreement.uuid)
        sections.append(
            AgreementSection(
                view=agreement,
                revisions=(
                    agreements_model.revisions(keys, agreement.uuid) if include_history else []
                ),
                latest_review=latest[0] if latest else None,
                events=agreements_model.events(keys, agreement.uuid),
            )
        )
    return AgreementsExport(
        names=dict(names),
        prepared_on=prepared_on,
        session_on=session_on,
        agreements=sections,
        include_history=include_history,
        consent=(consent_model.comparison_for_export(keys, consent_proofs)
                 if consent_proofs is not None else None),
        include_retired=include_retired,
        include_drafts=include_drafts,
        paper=paper,
    )
