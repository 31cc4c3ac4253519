"""Export for our therapist…: the needs map as each partner shared it, as one PDF (#12).

Only shared things are read (needs, commitments, their notes and latest review, the
conversations about a miss), with the workbook key alone: no partner's journal key goes
to the export, so no draft and no private rating can be opened, and no password is
asked (``needs.export`` is ONE: it holds nothing either partner cannot already read
together). The form, the child process that reads, lays out and writes the PDF, and
Stop are :class:`~ui.widgets.shared_export.SessionExportDialog`'s.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.widgets.shared_export import SessionExportDialog
from ui.workbooks import WorkbookContext


class NeedsExportDialog(SessionExportDialog):
    """How to show us, the session's date, a PDF password and where; then the PDF of
    the needs map (:class:`~exports.needs.NeedsOrder`)."""

    def __init__(self, ctx: WorkbookContext, parent: QWidget) -> None:
        super().__init__(ctx, parent, section="needs_export", prefix="needsExport",
                         module="exports.needs.export", order_class="NeedsOrder",
                         object_name="needsExportDialog")
