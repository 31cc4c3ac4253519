"""The narrative workbook's PDF for our therapist, and its part of the session packet.

Only what a partner chose to share is ever read: :func:`gather` reads the shared pieces,
the joint story and the roles with the workbook key alone (never a draft, never a
private field, never a withdrawn piece) into frozen :class:`NarrativeExport` data;
:func:`export_narrative` lays it out in the house style and writes it through
:func:`exports.pdf_writer.write_pdf`. The app runs both in a child process: it hands a
:class:`NarrativeOrder` to :func:`exports.in_child.run`, and :func:`export_from_vault`
reads and writes there.

The package: :mod:`~exports.narrative.data` (what is laid out),
:mod:`~exports.narrative.words` (``resources/exports_narrative.toml``),
:mod:`~exports.narrative.reading`, :mod:`~exports.narrative.blocks` (one piece, the
answers, the joint story), :mod:`~exports.narrative.layout` (the cover and the order;
and :func:`session_section`, the packet's compact part) and
:mod:`~exports.narrative.export`.
"""

from exports.narrative.data import (
    HeardAnswer,
    JointParagraphRow,
    JointRow,
    NarrativeExport,
    NarrativeTexts,
    PieceVersion,
    SharedWork,
    narrative_texts,
)
from exports.narrative.export import (
    NarrativeOrder,
    build_narrative_pdf,
    export_from_vault,
    export_narrative,
)
from exports.narrative.layout import drawn_text, session_section
from exports.narrative.reading import gather

__all__ = [
    "HeardAnswer",
    "JointParagraphRow",
    "JointRow",
    "NarrativeExport",
    "NarrativeOrder",
    "NarrativeTexts",
    "PieceVersion",
    "SharedWork",
    "build_narrative_pdf",
    "drawn_text",
    "export_from_vault",
    "export_narrative",
    "gather",
    "narrative_texts",
    "session_section",
]
