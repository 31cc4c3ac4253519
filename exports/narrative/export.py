"""Writing the narrative PDF: read, laid out and written in a child process
(:func:`export_from_vault`, through :func:`exports.in_child.run`), or, given data read
already, on the calling thread (:func:`export_narrative`)."""

from __future__ import annotations

from pathlib import Path

from exports.in_child import Child
from exports.narrative.data import NarrativeExport, narrative_texts
from exports.narrative.layout import draw_document
from exports.narrative.reading import gather
from exports.pdf_writer import BuildPdf, Progress
from exports.shared_export import SharedOrder, pdf_builder, read_order, write_laid_out


class NarrativeOrder(SharedOrder):
    """What a child process needs to read the shared pieces and write their PDF: the
    workbook key alone, so no private draft can be opened in the child."""


def export_from_vault(order: NarrativeOrder, child: Child) -> Path:
    """Read the shared pieces from ``order.vault`` and write their PDF: the child's job.

    Says "gathered" once everything is read; then reports the writing's progress.
    """
    data = read_order(order, gather, child)
    return export_narrative(order.target, data, password=order.password,
                            progress=child.progress)


def build_narrative_pdf(data: NarrativeExport, progress: Progress | None = None) -> BuildPdf:
    """Return a function that draws the document for ``data`` into a stream, for
    :func:`exports.pdf_writer.write_pdf`; ``progress`` hears the layout's fractions."""
    return pdf_builder(draw_document, data, narrative_texts(), progress)


def export_narrative(target: Path, data: NarrativeExport, password: str | None = None,
                     progress: Progress | None = None) -> Path:
    """Write the narrative document for ``data`` to ``target`` as a PDF (AES-256 with
    ``password``); return it. See :func:`exports.shared_export.write_laid_out`."""
    return write_laid_out(target, draw_document, data, narrative_texts(),
                          password=password, progress=progress)
