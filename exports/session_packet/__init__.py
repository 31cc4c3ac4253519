"""The therapy-session packet: one PDF made of the parts each workbook contributes.

File → "Prepare for our session…" lets the couple tick which parts to bring (today the
boundary agreements and, when both approve with their own passwords, the consent
comparison), add a session date and a shared note for the cover, and save one PDF.

Work is done as for the agreements export, in a child process (:mod:`exports.in_child`)
given a :class:`PacketOrder`: :func:`gather_packet` reads and opens the ticked parts into
a frozen :class:`Packet`, and :func:`export_packet` lays it out and writes it through
:func:`exports.pdf_writer.write_pdf`, reporting progress (:func:`export_from_vault` does
both). The cover lists each part with the page it begins on.

The package: :mod:`~exports.session_packet.sections` (what a part and a packet are),
:mod:`~exports.session_packet.registry` (every part, in order: the one list a workbook
joins), :mod:`~exports.session_packet.agreement_parts` (the agreements workbook's
parts), :mod:`~exports.session_packet.words` (``exports_session_packet.toml``),
:mod:`~exports.session_packet.reading`, :mod:`~exports.session_packet.layout` and
:mod:`~exports.session_packet.export`.
"""

from exports.session_packet.export import (
    PacketOrder,
    build_packet_pdf,
    export_from_vault,
    export_packet,
)
from exports.session_packet.reading import gather_packet
from exports.session_packet.registry import SECTIONS, section
from exports.session_packet.sections import GatheredSection, Packet, PacketRequest, PacketSection
from exports.session_packet.words import PacketWords, packet_words

__all__ = [
    "SECTIONS",
    "GatheredSection",
    "Packet",
    "PacketOrder",
    "PacketRequest",
    "PacketSection",
    "PacketWords",
    "build_packet_pdf",
    "export_from_vault",
    "export_packet",
    "gather_packet",
    "packet_words",
    "section",
]
