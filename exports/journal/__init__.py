"""The private journal's exports: a PDF of chosen entries, one Markdown file, and the
journal's part of the therapy-session packet. Owner only, always with their fresh password.

Work is split as for every export: :func:`gather` opens the chosen entries with the
owner's fresh proof (:func:`models.journal.entries_for_export`, which refuses anyone
else's) into frozen :class:`JournalExport` data; :func:`export_pdf` lays it out in the
house style and writes it through :func:`exports.pdf_writer.write_pdf` (AES-256 unless
the owner unticked it), and :func:`export_markdown` writes one plain-text file
atomically, mode 0600. The app runs both in a child process: it hands a
:class:`JournalOrder` (the owner's journal key from their fresh proof, the choices)
to :func:`exports.in_child.run`, and :func:`export_from_vault` reads with
:func:`gather_opened` and writes there.

The package: :mod:`~exports.journal.data` (what is laid out), :mod:`~exports.journal.words`
(``resources/exports_journal.toml``), :mod:`~exports.journal.reading`,
:mod:`~exports.journal.markup` (the entries' light markup), :mod:`~exports.journal.blocks`
(one entry), :mod:`~exports.journal.layout` (the cover and the order; and
:func:`session_section`), :mod:`~exports.journal.markdown`,
:mod:`~exports.journal.plain_file` and :mod:`~exports.journal.export`.
"""

from exports.journal.data import JournalExport, JournalRow, JournalTexts, journal_texts
from exports.journal.export import (
    NOTHING,
    JournalOrder,
    build_journal_pdf,
    export_from_vault,
    export_markdown,
    export_pdf,
)
from exports.journal.layout import drawn_text, session_section
from exports.journal.markdown import markdown_text
from exports.journal.reading import gather, gather_for_session, gather_opened

__all__ = [
    "NOTHING",
    "JournalExport",
    "JournalOrder",
    "JournalRow",
    "JournalTexts",
    "build_journal_pdf",
    "drawn_text",
    "export_from_vault",
    "export_markdown",
    "export_pdf",
    "gather",
    "gather_for_session",
    "gather_opened",
    "journal_texts",
    "markdown_text",
    "session_section",
]
