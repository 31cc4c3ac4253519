"""Writing the packet: read, laid out and written safely in a child process
(:func:`export_from_vault`, through :func:`exports.in_child.run`), or, given a packet
read already, on the calling thread (:func:`export_packet`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from exports.house_style import PaperSize
from exports.in_child import Child
from exports.pdf_writer import BuildPdf, Progress
from exports.session_packet.layout import draw_packet
from exports.session_packet.reading import gather_packet
from exports.session_packet.sections import Packet, PacketRequest
from exports.session_packet.words import packet_words
from exports.shared_export import pdf_builder, read_shared, write_laid_out
from models.proof import FreshProof
from models.session import Keyring


@dataclass(frozen=True)
class PacketOrder:
    """What a child process needs to read the ticked parts and write the packet.

    It goes to the child through a pipe, never the disk: the workbook key (no partner's
    journal key), the couple's note, and ``proofs``, both partners' fresh proofs when a
    part that needs both was ticked (its model checks them in the child).
    """

    vault: Path
    workbook_key: bytes = field(repr=False)
    names: dict[int, str]
    prepared_on: datetime.date
    session_on: datetime.date | None
    chosen: tuple[str, ...]
    target: Path
    note: str = field(default="", repr=False)
    password: str | None = field(default=None, repr=False)
    proofs: tuple[FreshProof, ...] = field(default=(), repr=False)
    partners: tuple[int, ...] = (1, 2)
    paper: PaperSize = "A4"


def export_from_vault(order: PacketOrder, child: Child) -> Path:
    """Read the ticked parts from ``order.vault`` and write the packet: the child's job.

    Says "gathered" once everything is read; then reports the writing's progress.
    """

    def gather(keys: Keyring) -> Packet:
        request = PacketRequest(keys, order.names, prepared_on=order.prepared_on,
                                session_on=order.session_on, proofs=order.proofs,
                                partners=order.partners)
        return gather_packet(request, order.chosen, order.note, order.paper)

    packet = read_shared(order.vault, order.workbook_key, gather, child)
    return export_packet(order.target, packet, password=order.password,
                         progress=child.progress)


def build_packet_pdf(packet: Packet, progress: Progress | None = None) -> BuildPdf:
    """Return a function that draws the packet into a stream, for
    :func:`exports.pdf_writer.write_pdf`; ``progress`` hears the layout's fractions."""
    return pdf_builder(draw_packet, packet, packet_words(), progress)


def export_packet(target: Path, packet: Packet, password: str | None = None,
                  progress: Progress | None = None) -> Path:
    """Write the packet to ``target`` as a PDF (AES-256 with ``password``); return it.

    Never on the GUI thread: ``progress`` hears fractions from 0.0 to 1.0 on the
    calling thread. Raises the errors of :func:`exports.pdf_writer.write_pdf`, which
    leaves nothing behind when it fails.
    """
    return write_laid_out(target, draw_packet, packet, packet_words(),
                          password=password, progress=progress)
