"""The PDF "Agreements for our therapy session", made from the couple's agreements.

The app keeps responsive by doing none of it in its own process: the export dialog
hands an :class:`ExportOrder` to :func:`exports.in_child.run`, and a child process runs
:func:`export_from_vault`: :func:`gather` reads and opens the models into plain, frozen
data, and :func:`export_agreements` lays it out and writes it through
:func:`exports.pdf_writer.write_pdf`, reporting progress.

What is printed is only what both partners can already read together: the shared
agreements, their revisions and reviews, and — when both approve including it at
export time — the revealed consent comparison, which holds each item's combined
outcome and never who answered what. The words live in
``resources/exports_agreements.toml`` (category and status labels in
``resources/agreements.toml``); :mod:`exports.agreements.layout` lays them out.

The package: :mod:`~exports.agreements.data` (what is laid out),
:mod:`~exports.agreements.words`, :mod:`~exports.agreements.reading`,
:mod:`~exports.agreements.layout` (the cover and the order of the parts) with
:mod:`~exports.agreements.blocks` (one agreement), :mod:`~exports.agreements.sections`
(the optional parts) and :mod:`~exports.agreements.composer` (what they share), and
:mod:`~exports.agreements.export`. The data is imported by the layout, never the other
way round; the page, type and blocks are the house style's (:mod:`exports.house_style`).
:func:`session_section` gives the agreements' part of the therapy-session packet.
"""

from exports.agreements.data import (
    AgreementSection,
    AgreementsExport,
    AgreementsTexts,
    PaperSize,
    agreements_texts,
)
from exports.agreements.export import (
    ExportOrder,
    build_agreements_pdf,
    export_agreements,
    export_from_vault,
)
from exports.agreements.layout import drawn_text, session_section
from exports.agreements.reading import gather
from exports.agreements.words import CONSENT_GROUPS, DECISIONS

__all__ = [
    "CONSENT_GROUPS",
    "DECISIONS",
    "ExportOrder",
    "AgreementSection",
    "AgreementsExport",
    "AgreementsTexts",
    "PaperSize",
    "agreements_texts",
    "build_agreements_pdf",
    "drawn_text",
    "export_agreements",
    "export_from_vault",
    "gather",
    "session_section",
]
