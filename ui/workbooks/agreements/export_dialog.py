"""Export the agreements as a PDF to bring to a therapy session.

Nothing slow runs in the app's own process: the task runner's worker hands the order to
a child process (:mod:`exports.in_child`), which reads and opens the agreements, lays
out and writes the PDF, and the worker relays its progress. (On a thread of the app's
own process, the garbage collector walking reportlab's many objects held the window
still for a quarter of a second at a time.) The dialog shows progress and can stop the
export; a stopped export leaves no file behind (the PDF is built in memory and only a
finished one is moved into place).
The consent comparison goes in only when both partners, unlocked together, each type
their own password at export time (a tick box either of them could tick would prove
nothing).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QWidget

from models import consent
from models.proof import FreshProof
from ui.texts import text
from ui.widgets.common import FormGrid, body_label, named
from ui.widgets.fresh_password import FreshPasswordDialog, ask_fresh
from ui.widgets.pdf_save import stacked
from ui.widgets.shared_export import SessionExportDialog
from ui.workbooks import WorkbookContext

SECTION = "agreements_export"


class ExportDialog(SessionExportDialog):
    """Choices for the therapy PDF, then the export itself, with progress: the session
    form, with the history and the consent comparison
    (:class:`~exports.agreements.ExportOrder`)."""

    def __init__(self, ctx: WorkbookContext, parent: QWidget) -> None:
        # The package, not its export module: its export_from_vault is the job.
        super().__init__(ctx, parent, section=SECTION, prefix="export",
                         module="exports.agreements", order_class="ExportOrder",
                         object_name="exportDialog")
        self._consent_toggled(False)

    def _place_more(self) -> None:
        self.history = self._check("exportHistory", text(SECTION, "history"))
        self.consent = self._check("exportConsent", text(SECTION, "consent"))
        self.consent_note = body_label("", "exportConsentNote", role="hint")
        session = self._ctx.session
        available = session.together and consent.latest_reveal(session.keyring) is not None
        self.consent.setEnabled(available)
        self.consent_note.setText(text(SECTION,
                                       "consent_both" if available else "consent_unavailable"))
        self.consent.toggled.connect(self._consent_toggled)
        # Both partners' proofs for this one export; asked for when Export is pressed.
        self._consent_proofs: dict[int, FreshProof] | None = None
        self.fresh: FreshPasswordDialog | None = None

    def _check(self, name: str, label: str) -> QCheckBox:
        return named(QCheckBox(label), name, label)

    def _more_rows(self, form: FormGrid) -> None:
        form.add_row("", self.history, self.history)
        form.add_row("", stacked(self.consent, self.consent_note), self.consent)

    def _consent_toggled(self, on: bool) -> None:
        self.consent_note.setVisible(on or not self.consent.isEnabled())
        self._update()

    def _approved(self, proofs: dict[int, FreshProof]) -> None:
        """Both typed their own password to include the comparison: export now."""
        self._consent_proofs = proofs
        self.submit()

    def _more_order(self) -> dict[str, Any] | None:
        """The history, and the comparison only through both fresh passwords: asked for
        first (``None``), then the export goes on with the proofs."""
        with_consent = self.consent.isChecked() and self.consent.isEnabled()
        proofs, self._consent_proofs = self._consent_proofs, None  # one export each
        if with_consent and proofs is None:
            self.fresh = ask_fresh(self._ctx, (1, 2), text(SECTION, "consent_password"),
                                   self, self._approved,
                                   title=text(SECTION, "consent_title"))
            return None
        return {
            "include_history": self.history.isChecked(),
            "consent_proofs": tuple((proofs or {}).values()) if with_consent else None,
        }
