"""The needs map's part of the packet: "Our needs map, as we shared it" (#12).

Only what a partner chose to share (shared already, under the workbook key, read by
both in Trellis), so the part needs no password and is ticked by default whenever a
need was shared; no journal key is used, so no draft and no private rating waiting to
be revealed can be read. It is laid out compactly by :func:`exports.needs.
session_section`: each shared need in its owner's words with the safety signals, the
commitments with who does them, since when, the latest review and the notes since, and
the times we missed each other with both sides. Withdrawn needs are never among them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exports.house_style import HouseStyle
from exports.needs import NeedsExport, drawn_text, gather, needs_texts
from exports.needs import session_section as needs_flowables
from exports.session_packet.sections import PacketRequest, PacketSection
from models import needs
from models.errors import TrellisError
from models.session import Keyring

if TYPE_CHECKING:
    from reportlab.platypus import Flowable


def _gather(request: PacketRequest) -> NeedsExport | None:
    data = gather(request.keys, request.names, prepared_on=request.prepared_on,
                  session_on=request.session_on)
    return None if data.empty else data


def _flowables(data: NeedsExport, style: HouseStyle) -> list[Flowable]:
    return needs_flowables(data, needs_texts(), style)


def _drawn(data: NeedsExport) -> list[str]:
    return drawn_text(data, needs_texts())


def _offered(keys: Keyring, together: bool) -> bool:
    """In every session, once either partner has shared a need."""
    try:
        return bool(needs.load_needs(keys)[0])
    except TrellisError:  # unreadable: not offered; the workbook says what did not open
        return False


NEEDS = PacketSection(
    key="needs", title_key="needs", gather=_gather, flowables=_flowables,
    drawn_text=_drawn, available=_offered,
)
