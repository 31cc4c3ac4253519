"""Writing the packet: laid out on a worker thread, then written safely."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from exports.pdf_writer import BuildPdf, Progress, write_pdf
from exports.session_packet.layout import draw_packet
from exports.session_packet.sections import Packet
from exports.session_packet.words import packet_words


def build_packet_pdf(packet: Packet, progress: Progress | None = None) -> BuildPdf:
    """Return a function that draws the packet into a stream, for
    :func:`exports.pdf_writer.write_pdf`; ``progress`` hears the layout's fractions."""
    words = packet_words()

    def build(stream: BinaryIO) -> None:
        draw_packet(stream, packet, words, progress)

    return build


def export_packet(target: Path, packet: Packet, password: str | None = None,
                  progress: Progress | None = None) -> Path:
    """Write the packet to ``target`` as a PDF (AES-256 with ``password``); return it.

    Run this off the GUI thread: ``progress`` hears fractions from 0.0 to 1.0 on the
    calling thread. Raises the errors of :func:`exports.pdf_writer.write_pdf`, which
    leaves nothing behind when it fails.
    """
    report = progress
    layout_progress: Progress | None = None
    if report is not None:

        def layout_progress(fraction: float) -> None:
            # write_pdf reports 0.05 before the build and 0.7 after it; fill the gap.
            report(min(0.7, 0.05 + 0.65 * fraction))

    build = build_packet_pdf(packet, layout_progress)
    return write_pdf(build, target, password=password, progress=progress)
