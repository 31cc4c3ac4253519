"""Export for our therapist…: what each partner chose to share from the narrative
workbook, as one PDF (#11).

Only shared pieces are read, with the workbook key alone: no partner's journal key goes
to the export, so no draft and no private field can be opened, and no password is asked
(``narrative.export`` is ONE: it holds nothing either partner cannot already read
together). The form, the child process that reads, lays out and writes the PDF, and
Stop are :class:`~ui.widgets.shared_export.SessionExportDialog`'s.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.widgets.shared_export import SessionExportDialog
from ui.workbooks import WorkbookContext


class NarrativeExportDialog(SessionExportDialog):
    """How to show us, the session's date, a PDF password and where; then the PDF of
    what was shared (:class:`~exports.narrative.NarrativeOrder`)."""

    def __init__(self, ctx: WorkbookContext, parent: QWidget) -> None:
        super().__init__(ctx, parent, section="narrative_export", prefix="narrativeExport",
                         module="exports.narrative.export", order_class="NarrativeOrder",
                         object_name="narrativeExportDialog")
