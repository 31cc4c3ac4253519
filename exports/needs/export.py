"""Writing the needs map's PDF: read, laid out and written in a child process
(:func:`export_from_vault`, through :func:`exports.in_child.run`), or, given data read
already, on the calling thread (:func:`export_needs`)."""

from __future__ import annotations

from pathlib import Path

from exports.in_child import Child
from exports.needs.data import NeedsExport, needs_texts
from exports.needs.layout import draw_document
from exports.needs.reading import gather
from exports.pdf_writer import BuildPdf, Progress
from exports.shared_export import SharedOrder, pdf_builder, read_order, write_laid_out


class NeedsOrder(SharedOrder):
    """What a child process needs to read the shared needs map and write its PDF: the
    workbook key alone, so no private draft or private rating can be opened in the
    child."""


def export_from_vault(order: NeedsOrder, child: Child) -> Path:
    """Read the shared needs map from ``order.vault`` and write its PDF: the child's job.

    Says "gathered" once everything is read; then reports the writing's progress.
    """
    data = read_order(order, gather, child)
    return export_needs(order.target, data, password=order.password,
                        progress=child.progress)


def build_needs_pdf(data: NeedsExport, progress: Progress | None = None) -> BuildPdf:
    """Return a function that draws the document for ``data`` into a stream, for
    :func:`exports.pdf_writer.write_pdf`; ``progress`` hears the layout's fractions."""
    return pdf_builder(draw_document, data, needs_texts(), progress)


def export_needs(target: Path, data: NeedsExport, password: str | None = None,
                 progress: Progress | None = None) -> Path:
    """Write the needs map's document for ``data`` to ``target`` as a PDF (AES-256 with
    ``password``); return it. See :func:`exports.shared_export.write_laid_out`."""
    return write_laid_out(target, draw_document, data, needs_texts(),
                          password=password, progress=progress)
