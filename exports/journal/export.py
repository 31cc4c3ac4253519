"""Writing the journal's exports: the PDF (AES-256 unless its owner chose otherwise)
and the Markdown file, each laid out on a worker thread and written all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from exports.journal.data import JournalExport, journal_texts
from exports.journal.layout import draw_document
from exports.journal.markdown import markdown_text
from exports.journal.plain_file import write_text
from exports.pdf_writer import BuildPdf, Progress, write_pdf


def build_journal_pdf(data: JournalExport, progress: Progress | None = None) -> BuildPdf:
    """Return a function that draws the document for ``data`` into a stream, for
    :func:`exports.pdf_writer.write_pdf`; ``progress`` hears the layout's fractions."""
    texts = journal_texts()

    def build(stream: BinaryIO) -> None:
        draw_document(stream, data, texts, progress)

    return build


def export_pdf(target: Path, data: JournalExport, *, password: str | None,
               progress: Progress | None = None) -> Path:
    """Write the chosen entries to ``target`` as a PDF; return it.

    ``password`` has no default: the dialog asks for one, and with it the PDF is
    AES-256 encrypted and opens only with it; ``None`` (the owner unticked protection
    after a warning) writes it unencrypted. Run this off the GUI thread: ``progress``
    hears fractions from 0.0 to 1.0 on the calling thread. Raises the errors of
    :func:`exports.pdf_writer.write_pdf`, which leaves nothing behind when it fails.
    """
    report = progress
    layout_progress: Progress | None = None
    if report is not None:

        def layout_progress(fraction: float) -> None:
            # write_pdf reports 0.05 before the build and 0.7 after it; fill the gap.
            report(min(0.7, 0.05 + 0.65 * fraction))

    build = build_journal_pdf(data, layout_progress)
    return write_pdf(build, target, password=password, progress=progress)


def export_markdown(target: Path, data: JournalExport) -> Path:
    """Write the chosen entries to ``target`` as one Markdown file; return it.

    Not encrypted (the dialog warns first): written atomically, mode 0600, through
    :func:`exports.journal.plain_file.write_text`, whose errors it raises.
    """
    return write_text(target, markdown_text(data, journal_texts()))
