"""The attachment-needs map's PDF for our therapist, and its part of the session packet
(#12).

Only what a partner chose to share is ever read: :func:`gather` reads the shared needs,
the commitments with their notes and latest review, and the conversations about a miss
with the workbook key alone (never a draft, never a private rating, never a withdrawn
need) into frozen :class:`NeedsExport` data; :func:`export_needs` lays it out in the
house style and writes it through :func:`exports.pdf_writer.write_pdf`. The app runs
both in a child process: it hands a :class:`NeedsOrder` to :func:`exports.in_child.run`,
and :func:`export_from_vault` reads and writes there.

The package: :mod:`~exports.needs.map_layout` (where each card of the map goes, shared
with the map on screen), :mod:`~exports.needs.data` (what is laid out),
:mod:`~exports.needs.words` (``resources/exports_needs.toml``),
:mod:`~exports.needs.reading`, :mod:`~exports.needs.drawing` (the map as reportlab
graphics: vector shapes and text, never a picture), :mod:`~exports.needs.blocks` (one
need, one commitment, one conversation), :mod:`~exports.needs.layout` (the cover and the
order; and :func:`session_section`, the packet's compact part) and
:mod:`~exports.needs.export`.
"""

from exports.needs.data import NeedsExport, NeedsTexts, needs_texts
from exports.needs.export import (
    NeedsOrder,
    build_needs_pdf,
    export_from_vault,
    export_needs,
)
from exports.needs.layout import drawn_text, session_section
from exports.needs.reading import gather

__all__ = [
    "NeedsExport",
    "NeedsOrder",
    "NeedsTexts",
    "build_needs_pdf",
    "drawn_text",
    "export_from_vault",
    "export_needs",
    "gather",
    "needs_texts",
    "session_section",
]
