"""Writing the agreements document: read, laid out and written safely in a child process
(:func:`export_from_vault`, through :func:`exports.in_child.run`), or, given data read
already, on the calling thread (:func:`export_agreements`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from exports.agreements.data import AgreementsExport, PaperSize, agreements_texts
from exports.agreements.layout import draw_document
from exports.agreements.reading import gather
from exports.in_child import Child, reading
from exports.pdf_writer import BuildPdf, Progress, write_pdf
from models.proof import FreshProof
from models.session import Keyring


@dataclass(frozen=True)
class ExportOrder:
    """What a child process needs to read the agreements and write their PDF.

    It goes to the child through a pipe, never the disk. It holds the workbook key, not
    a partner's journal key; ``consent_proofs`` are both partners' proofs when both just
    chose to include the consent comparison (the model checks them in the child).
    """

    vault: Path
    workbook_key: bytes = field(repr=False)
    names: dict[int, str]
    prepared_on: datetime.date
    session_on: datetime.date | None
    include_history: bool
    target: Path
    password: str | None = field(default=None, repr=False)
    consent_proofs: tuple[FreshProof, ...] | None = field(default=None, repr=False)
    include_retired: bool = False
    include_drafts: bool = False
    paper: PaperSize = "A4"


def export_from_vault(order: ExportOrder, child: Child) -> Path:
    """Read the agreements from ``order.vault`` and write their PDF: the child's job.

    Says "gathered" once everything is read; then reports the writing's progress.
    """
    with reading(order.vault):
        keys = Keyring.shared_only(order.workbook_key)
        try:
            data = gather(keys, order.names, prepared_on=order.prepared_on,
                          session_on=order.session_on, include_history=order.include_history,
                          consent_proofs=order.consent_proofs,
                          include_retired=order.include_retired,
                          include_drafts=order.include_drafts, paper=order.paper)
        finally:
            keys.clear()
    child.step("gathered")
    return export_agreements(order.target, data, password=order.password,
                             progress=child.progress)


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
