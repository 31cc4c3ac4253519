"""Writing the agreements document: laid out on a worker thread, then written safely."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from exports.agreements.data import AgreementsExport, agreements_texts
from exports.agreements.layout import draw_document
from exports.pdf_writer import BuildPdf, Progress, write_pdf


def build_agreements_pdf(data: AgreementsExport, progress: Progress | None = None) -> BuildPdf:
    """Return a function that draws the document for ``data`` into a stream.

    ``progress``, if given, hears the fraction of the layout done (0.0 to 1.0) as
    pages are laid out. Pass the result to :func:`exports.pdf_writer.write_pdf`.
    """
    texts = agreements_texts()

    def build(stream: BinaryIO) -> None:
        draw_document(stream, data, texts, progress)

    return build


def export_agreements(
    target: Path,
    data: AgreementsExport,
    password: str | None = None,
    progress: Progress | None = None,
) -> Path:
    """Write the agreements document for ``data`` to ``target`` as a PDF; return it.

    With ``password`` the PDF is AES-256 encrypted. ``progress`` hears fractions
    from 0.0 to 1.0 on the calling thread (run this off the GUI thread). Raises the
    errors of :func:`exports.pdf_writer.write_pdf`.
    """
    report = progress
    layout_progress: Progress | None = None
    if report is not None:

        def layout_progress(fraction: float) -> None:
            # write_pdf reports 0.05 before the build and 0.7 after it; fill the gap.
            report(min(0.7, 0.05 + 0.65 * fraction))

    build = build_agreements_pdf(data, layout_progress)
    return write_pdf(build, target, password=password, progress=progress)
