"""Writing the narrative PDF: read, laid out and written in a child process
(:func:`export_from_vault`, through :func:`exports.in_child.run`), or, given data read
already, on the calling thread (:func:`export_narrative`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from exports.house_style import PaperSize
from exports.in_child import Child, reading
from exports.narrative.data import NarrativeExport, narrative_texts
from exports.narrative.layout import draw_document
from exports.narrative.reading import gather
from exports.pdf_writer import BuildPdf, Progress, write_pdf
from models.session import Keyring


@dataclass(frozen=True)
class NarrativeOrder:
    """What a child process needs to read the shared pieces and write their PDF.

    It goes to the child through a pipe, never the disk, argv or the environment. It
    holds the workbook key alone: no partner's journal key, so no private draft can be
    opened in the child. ``password`` is the PDF's (``None``: unencrypted).
    """

    vault: Path
    workbook_key: bytes = field(repr=False)
    names: dict[int, str] = field(repr=False)
    prepared_on: dt.date
    session_on: dt.date | None
    target: Path
    password: str | None = field(default=None, repr=False)
    paper: PaperSize = "A4"


def export_from_vault(order: NarrativeOrder, child: Child) -> Path:
    """Read the shared pieces from ``order.vault`` and write their PDF: the child's job.

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
    return export_narrative(order.target, data, password=order.password,
                            progress=child.progress)


def build_narrative_pdf(data: NarrativeExport, progress: Progress | None = None) -> BuildPdf:
    """Return a function that draws the document for ``data`` into a stream, for
    :func:`exports.pdf_writer.write_pdf`; ``progress`` hears the layout's fractions."""
    texts = narrative_texts()

    def build(stream: BinaryIO) -> None:
        draw_document(stream, data, texts, progress)

    return build


def export_narrative(target: Path, data: NarrativeExport, password: str | None = None,
                     progress: Progress | None = None) -> Path:
    """Write the narrative document for ``data`` to ``target`` as a PDF; return it.

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

    build = build_narrative_pdf(data, layout_progress)
    return write_pdf(build, target, password=password, progress=progress)
