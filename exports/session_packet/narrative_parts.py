"""The narrative workbook's part of the packet: "Our stories, as we shared them".

Only what a partner chose to share (shared already, under the workbook key, read by
both in Trellis), so the part needs no password and is ticked by default whenever
something was shared or a joint story was begun; no journal key is used, so no draft
and no private field can be read. It is laid out compactly by
:func:`exports.narrative.session_section`: the latest version of each piece with who
wrote it, its version and day, the "do I feel heard" answers, and where the joint story
stands. Withdrawn pieces are never among them (:func:`models.narrative.load_shared`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exports.house_style import HouseStyle
from exports.narrative import NarrativeExport, drawn_text, gather, narrative_texts
from exports.narrative import session_section as narrative_flowables
from exports.session_packet.sections import PacketRequest, PacketSection
from models import narrative
from models.errors import TrellisError
from models.session import Keyring

if TYPE_CHECKING:
    from reportlab.platypus import Flowable


def _gather(request: PacketRequest) -> NarrativeExport | None:
    data = gather(request.keys, request.names, prepared_on=request.prepared_on,
                  session_on=request.session_on)
    return None if data.empty else data


def _flowables(data: NarrativeExport, style: HouseStyle) -> list[Flowable]:
    return narrative_flowables(data, narrative_texts(), style)


def _drawn(data: NarrativeExport) -> list[str]:
    return drawn_text(data, narrative_texts())


def _offered(keys: Keyring, together: bool) -> bool:
    """In every session, once either partner has shared a piece or a joint story began."""
    try:
        if narrative.load_shared(keys)[0]:
            return True
        return narrative.load_joint(keys)[0].latest is not None
    except TrellisError:  # unreadable: not offered; the workbook says what did not open
        return False


NARRATIVE = PacketSection(
    key="narrative", title_key="narrative", gather=_gather, flowables=_flowables,
    drawn_text=_drawn, available=_offered,
)
