"""Reading the ticked parts from the models (in the packet's child process)."""

from __future__ import annotations

from collections.abc import Iterable

from exports.house_style import PaperSize
from exports.session_packet.registry import SECTIONS
from exports.session_packet.sections import GatheredSection, Packet, PacketRequest
from exports.session_packet.words import packet_words


def gather_packet(request: PacketRequest, chosen: Iterable[str], note: str = "",
                  paper: PaperSize = "A4") -> Packet:
    """Read and open the parts named in ``chosen`` (never on the GUI thread).

    Parts come in the registry's order, whatever the order of ``chosen``; a part with
    nothing to show (consent never revealed) is left out. ``note`` is the couple's
    shared note for the cover, kept only in the returned data. Raises ``KeyError`` for
    an unknown part, and what a part's gather raises: a part that needs both partners
    (:attr:`~exports.session_packet.sections.PacketSection.needs_both`) is refused by
    its model (:class:`~models.proof.NeedsBoth`) without both fresh proofs, and a
    partner's own part (:attr:`~exports.session_packet.sections.PacketSection.owner`)
    without theirs (:class:`~models.proof.NeedsOwner`).
    """
    wanted = set(chosen)
    unknown = wanted - {entry.key for entry in SECTIONS}
    if unknown:
        raise KeyError(sorted(unknown)[0])
    words = packet_words()
    parts = []
    for entry in SECTIONS:
        if entry.key not in wanted:
            continue
        data = entry.gather(request)
        if data is None:
            continue
        whose = request.names.get(entry.owner, "") if entry.owner is not None else ""
        parts.append(GatheredSection(
            key=entry.key, title=words.title(entry.title_key, whose),
            description=words.description(entry.title_key, whose), data=data,
            flowables=entry.flowables, drawn_text=entry.drawn_text,
        ))
    return Packet(names=dict(request.names), prepared_on=request.prepared_on,
                  session_on=request.session_on, note=note, parts=tuple(parts), paper=paper,
                  prepared_by=request.partners)
