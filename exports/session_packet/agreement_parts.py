"""The agreements workbook's two parts of the packet: the agreements, and consent.

Both are laid out by :func:`exports.agreements.session_section`, in the agreements
document's own words. The consent comparison follows the agreements export's rule: it
is read only through :func:`models.consent.comparison_for_export` with both partners'
fresh proofs, typed for this packet (the model refuses anything less), and it shows
where the couple meets, never who answered what.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exports.agreements import AgreementsExport, agreements_texts, drawn_text, gather
from exports.agreements import session_section as agreements_flowables
from exports.house_style import Composer, HouseStyle
from exports.session_packet.sections import PacketRequest, PacketSection
from models import consent as consent_model
from models.errors import TrellisError
from models.session import Keyring

if TYPE_CHECKING:
    from reportlab.platypus import Flowable


def _gather_agreements(request: PacketRequest) -> AgreementsExport:
    return gather(request.keys, request.names, prepared_on=request.prepared_on,
                  session_on=request.session_on, include_history=False)


def _agreements(data: AgreementsExport, style: HouseStyle) -> list[Flowable]:
    texts = agreements_texts()
    flow = agreements_flowables(data, texts, style)
    return flow or [Composer(style).para(texts.words.summary.no_agreements, "body")]


def _gather_consent(request: PacketRequest) -> AgreementsExport | None:
    # Raises NeedsBoth unless both partners' fresh proofs are among request.proofs.
    comparison = consent_model.comparison_for_export(request.keys, request.proofs)
    if comparison is None:
        return None  # nothing revealed yet: the part is left out
    return AgreementsExport(names=dict(request.names), prepared_on=request.prepared_on,
                            session_on=request.session_on, agreements=[],
                            include_history=False, consent=comparison)


def _consent(data: AgreementsExport, style: HouseStyle) -> list[Flowable]:
    # With no agreements in the data, the agreements' session part is the comparison.
    return agreements_flowables(data, agreements_texts(), style)


def _consent_offered(keys: Keyring, together: bool) -> bool:
    """Only with both partners here, and once they have revealed a check-in together."""
    if not together:
        return False
    try:
        return consent_model.latest_reveal(keys) is not None
    except TrellisError:  # an unreadable reveal is not offered; the tab says why
        return False


def _drawn(data: AgreementsExport) -> list[str]:
    return drawn_text(data, agreements_texts())


AGREEMENTS = PacketSection(
    key="agreements", title_key="agreements", gather=_gather_agreements,
    flowables=_agreements, drawn_text=_drawn,
)
CONSENT = PacketSection(
    key="consent", title_key="consent", gather=_gather_consent, flowables=_consent,
    drawn_text=_drawn, available=_consent_offered, needs_both=True,
)
