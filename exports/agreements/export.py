"""Writing the agreements document: read, laid out and written safely in a child process
(:func:`export_from_vault`, through :func:`exports.in_child.run`), or, given data read
already, on the calling thread (:func:`export_agreements`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from exports.agreements.data import AgreementsExport, PaperSize, agreements_texts
from exports.agreements.layout import draw_document
from exports.agreements.reading import gather
from exports.in_child import Child
from exports.pdf_writer import BuildPdf, Progress
from exports.shared_export import pdf_builder, read_shared, write_laid_out
from models.proof import FreshProof


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
    data = read_shared(order.vault, order.workbook_key, lambda keys: gather(
        keys, order.names, prepared_on=order.prepared_on, session_on=order.session_on,
        include_history=order.include_history, consent_proofs=order.consent_proofs,
        include_retired=order.include_retired, include_drafts=order.include_drafts,
        paper=order.paper), child)
    return export_agreements(order.target, data, password=order.password,
                             progress=child.progress)


def build_agreements_pdf(data: AgreementsExport, progress: Progress | None = None) -> BuildPdf:
    """Return a function that draws the document for ``data`` into a stream.

    ``progress``, if given, hears the fraction of the layout done (0.0 to 1.0) as
    pages are laid out. Pass the result to :func:`exports.pdf_writer.write_pdf`.
    """
    return pdf_builder(draw_document, data, agreements_texts(), progress)


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
    return write_laid_out(target, draw_document, data, agreements_texts(),
                          password=password, progress=progress)
