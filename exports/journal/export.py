"""Writing the journal's exports: the PDF (AES-256 unless its owner chose otherwise)
and the Markdown file, each written all or nothing. The app has them read, laid out and
written in a child process (:func:`export_from_vault`, through
:func:`exports.in_child.run`); given data read already, :func:`export_pdf` and
:func:`export_markdown` write on the calling thread."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from exports.house_style import PaperSize
from exports.in_child import Child
from exports.journal.data import JournalExport, journal_texts
from exports.journal.layout import draw_document
from exports.journal.markdown import markdown_text
from exports.journal.plain_file import write_text
from exports.journal.reading import gather_opened
from exports.pdf_writer import BuildPdf, Progress
from exports.shared_export import pdf_builder, read_in_child, write_laid_out
from models.session import Keyring

NOTHING = "nothing"  # the child's step when no entry matched: no file is written


@dataclass(frozen=True)
class JournalOrder:
    """What a child process needs to read the chosen entries and write their file.

    It goes to the child through a pipe, never the disk, argv or the environment. It
    holds ``owner``'s journal key alone, which the app took from their fresh proof
    (:func:`models.proof.require_owner`): no workbook key, no proof, nothing of the
    other partner's. ``markdown`` picks the plain file; ``password`` is the PDF's
    (``None``: unencrypted, after the owner's warning).
    """

    vault: Path
    owner: int
    journal_key: bytes = field(repr=False)
    owner_name: str = field(repr=False)
    since: dt.date | None
    until: dt.date | None
    tags: tuple[str, ...]
    include_just_for_me: bool
    markdown: bool
    target: Path
    password: str | None = field(default=None, repr=False)
    paper: PaperSize = "A4"


def export_from_vault(order: JournalOrder, child: Child) -> Path:
    """Read the chosen entries from ``order.vault`` and write their file: the child's job.

    Says "gathered" once they are read, and "unreadable N" when N entries did not open;
    when none matched it says :data:`NOTHING`, writes nothing and returns the target
    unwritten. Then reports the writing's progress.
    """

    def journal_keys() -> Keyring:
        keys = Keyring({})
        keys.hold_journal(order.owner, order.journal_key)
        return keys

    data = read_in_child(order.vault, journal_keys, lambda keys: gather_opened(
        keys, order.owner, owner_name=order.owner_name, since=order.since,
        until=order.until, tags=order.tags, include_just_for_me=order.include_just_for_me,
        paper=order.paper), child)
    if data.unreadable:
        child.step(f"unreadable {data.unreadable}")
    if not data.entries:
        child.step(NOTHING)
        return order.target
    if order.markdown:
        child.progress(0.0)  # from here a stop waits for the next report: no temp left
        text = markdown_text(data, journal_texts())
        child.progress(0.5)
        written = write_text(order.target, text)
        child.progress(1.0)
        return written
    return export_pdf(order.target, data, password=order.password, progress=child.progress)


def build_journal_pdf(data: JournalExport, progress: Progress | None = None) -> BuildPdf:
    """Return a function that draws the document for ``data`` into a stream, for
    :func:`exports.pdf_writer.write_pdf`; ``progress`` hears the layout's fractions."""
    return pdf_builder(draw_document, data, journal_texts(), progress)


def export_pdf(target: Path, data: JournalExport, *, password: str | None,
               progress: Progress | None = None) -> Path:
    """Write the chosen entries to ``target`` as a PDF; return it.

    ``password`` has no default: the dialog asks for one, and with it the PDF is
    AES-256 encrypted and opens only with it; ``None`` (the owner unticked protection
    after a warning) writes it unencrypted. Run this off the GUI thread: ``progress``
    hears fractions from 0.0 to 1.0 on the calling thread. Raises the errors of
    :func:`exports.pdf_writer.write_pdf`, which leaves nothing behind when it fails.
    """
    return write_laid_out(target, draw_document, data, journal_texts(),
                          password=password, progress=progress)


def export_markdown(target: Path, data: JournalExport) -> Path:
    """Write the chosen entries to ``target`` as one Markdown file; return it.

    Not encrypted (the dialog warns first): written atomically, mode 0600, through
    :func:`exports.journal.plain_file.write_text`, whose errors it raises.
    """
    return write_text(target, markdown_text(data, journal_texts()))
