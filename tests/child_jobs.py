"""Stand-in jobs for :func:`exports.in_child.run`, for tests (#9).

A job runs in a child process, so a test cannot patch it from the outside: it hands the
child one of these instead, found there by name. Each does what the real job does around
the one thing it stands in for (a very long PDF, a slow read, a full disk, a failure).
No Qt.
"""

from __future__ import annotations

import errno
import os
import sys
import time
from pathlib import Path
from typing import Any

from exports import agreements, pdf_writer, session_packet
from exports.errors import ExportDiskFull
from exports.in_child import Child

LONG_STEPS = 2000  # a stand-in for a very long PDF: 20 s if never stopped


def small_pdf(order: dict[str, Any], child: Child) -> Path:
    """Writes a tiny file through write_pdf and says what the child was started with."""
    child.step("argv " + " ".join(sys.argv))
    child.step("env " + " ".join(f"{key}={value}" for key, value in os.environ.items()))

    def build(stream: Any) -> None:
        stream.write(b"%PDF-1.4 stand-in " + order["words"].encode())

    return pdf_writer.write_pdf(build, Path(order["target"]), progress=child.progress)


def long_pdf(order: dict[str, Any], child: Child) -> Path:
    """Writes through write_pdf with a build that reports progress for 20 s."""

    def build(stream: Any) -> None:
        for step in range(LONG_STEPS):
            time.sleep(0.01)
            child.progress(0.05 + step / (4 * LONG_STEPS))
        stream.write(b"%PDF-1.4 never stopped")

    return pdf_writer.write_pdf(build, Path(order["target"]), progress=child.progress)


def stuck_pdf(order: dict[str, Any], child: Child) -> Path:
    """Writes through write_pdf with a build that reports nothing for 20 s: a child that
    cannot stop at a next step."""

    def build(stream: Any) -> None:
        time.sleep(LONG_STEPS / 100)
        stream.write(b"%PDF-1.4 never stopped")

    return pdf_writer.write_pdf(build, Path(order["target"]), progress=child.progress)


def slow_reading(order: dict[str, Any], child: Child) -> Path:
    """Says it is reading, then reads for 20 s (reporting nothing), then writes."""
    child.step("reading")
    time.sleep(LONG_STEPS / 100)
    return small_pdf(order, child)


def full_disk(order: dict[str, Any], child: Child) -> Path:
    """Fails as a full disk does, with the folder it was writing in."""
    raise ExportDiskFull("no space left (test)", Path(order["target"]).parent)


def unexpected(order: dict[str, Any], child: Child) -> Path:
    """Fails with an error Trellis does not expect, quoting the words it was given."""
    raise ValueError(f"could not lay out {order['words']!r}")


# -- the real jobs, held or failing at one point -------------------------------------------


def _held(child: Child) -> Child:
    """A Child whose first report past the start holds the writing for 20 s, reporting."""
    real = child.progress
    held = {"done": False}

    def progress(fraction: float) -> None:
        real(fraction)
        if fraction >= 0.05 and not held["done"]:  # the temp file exists now
            held["done"] = True
            child.step("holding")
            for step in range(LONG_STEPS):
                time.sleep(0.01)
                real(fraction + step / (100 * LONG_STEPS))

    child.progress = progress  # type: ignore[method-assign]
    return child


def held_agreements(order: agreements.ExportOrder, child: Child) -> Path:
    """The real agreements export, held for 20 s once its file is begun."""
    return agreements.export_from_vault(order, _held(child))


def slow_agreements(order: agreements.ExportOrder, child: Child) -> Path:
    """The real agreements export after 20 s of "reading"."""
    child.step("reading")
    time.sleep(LONG_STEPS / 100)
    return agreements.export_from_vault(order, child)


def held_packet(order: session_packet.PacketOrder, child: Child) -> Path:
    """The real packet, held for 20 s once its file is begun."""
    return session_packet.export_from_vault(order, _held(child))


def packet_on_a_full_disk(order: session_packet.PacketOrder, child: Child) -> Path:
    """The real packet, on a disk that fills up when the finished PDF is written."""

    def full(fd: int, data: bytes) -> None:
        os.close(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    pdf_writer._write_and_sync = full  # type: ignore[assignment]  # this child only
    return session_packet.export_from_vault(order, child)
