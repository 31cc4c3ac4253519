"""Writing the needs map's PDF: read, laid out and written in a child process
(:func:`export_from_vault`, through :func:`exports.in_child.run`), or, given data read
already, on the calling thread (:func:`export_needs`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from exports.house_style import PaperSize
from exports.in_child import Child, reading
from exports.needs.data import NeedsExport, needs_texts
from exports.needs.layout import draw_document
from exports.needs.reading import gather
from exports.pdf_writer import BuildPdf, Progress, write_pdf
from models.session import Keyring


@dataclass(frozen=True)
class NeedsOrder:
    """What a child process needs to read the shared needs map and write its PDF.

    It goes to the child through a pipe, never the disk, argv or the environment. It
    holds the workbook key alone: no partner's journal key, so no private draft or
    private rating can be opened in the child. ``password`` is the PDF's (``None``:
    unencrypted).
    """

    vault: Path
    workbook_key: bytes = field(repr=False)
    names: dict[int, str] = field(repr=False)
    prepared_on: dt.date
    session_on: dt.date | None
    target: Path
    password: str | None = field(default=None, repr=False)
    paper: PaperSize = "A4"


def export_from_vault(order: NeedsOrder, child: Child) -> Path:
    """Read the shared needs map from ``order.vault`` and write its PDF: the child's job.

    Says "gathered" once everything is read; then reports the writing's progress.
    """
    with reading(order.vault):
        keys = Keyring.shared_only(order.workbook_key)
        try:
            data = gather(keys, order.names, prepared_on=order.prepared_on,
                          session_on=order.session_on, paper=order.paper)
        finally:
            keys.clear()
    child.step("gathered")
    return export_needs(order.target, data, password=order.password,
                        progress=child.progress)


def build_needs_pdf(data: NeedsExport, progress: Progress | None = None) -> BuildPdf:
    """Return a function that draws the document for ``data`` into a stream, for
    :func:`exports.pdf_writer.write_pdf`; ``progress`` hears the layout's fractions."""
    texts = needs_texts()

    def build(stream: BinaryIO) -> None:
        draw_document(stream, data, texts, progress)

    return build


def export_needs(target: Path, data: NeedsExport, password: str | None = None,
                 progress: Progress | None = None) -> Path:
    """Write the needs map's document for ``data`` to ``target`` as a PDF; return it.

    With ``password`` the PDF is AES-256 encrypted. ``progress`` hears fractions from
    0.0 to 1.0 on the calling thread (never the GUI thread). Raises the errors of
    :func:`exports.pdf_writer.write_pdf`, which leaves nothing behind when it fails.
    """
    report = progress
    layout_progress: Progress | None = None
    if report is not None:

        def layout_progress(fraction: float) -> None:
            # write_pdf reports 0.05 before the build and 0.7 after it; fill the gap.
            report(min(0.7, 0.05 + 0.65 * fraction))

    return write_pdf(build_needs_pdf(data, layout_progress), target, password=password,
                     progress=progress)
