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

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from exports.errors import ExportPasswordTooShort
from exports.pdf_writer import MIN_PDF_PASSWORD_CHARS
from models import consent
from models.proof import FreshProof
from ui.texts import explain, text
from ui.widgets.common import FormGrid, body_label, fit_to_content, named
from ui.widgets.fresh_password import FreshPasswordDialog, ask_fresh
from ui.widgets.password_field import PasswordField
from ui.widgets.pdf_save import PdfDialog, about_folder, stacked
from ui.workbooks import WorkbookContext


class _Progress(QObject):
    """Carries the worker's progress to the GUI thread (queued signals)."""

    moved = Signal(float)
    gathered = Signal()  # the words are read: the PDF is being laid out


class ExportStopped(Exception):
    """The person stopped the export; nothing was written."""


def export_work(order: dict[str, Any], stop: threading.Event,
                relay: _Progress) -> Callable[[], Path]:
    """The whole export as one job for the task runner: a child process reads, lays out
    and writes; the worker waits for it and relays its progress. ``order`` holds the
    fields of :class:`~exports.agreements.ExportOrder`: the exports package is imported
    on the worker (the first import took 60 ms of the GUI thread). ``stop`` ends it at
    its next step with :class:`ExportStopped`, before the finished file is moved into
    place."""

    def step(name: str) -> None:
        if name == "gathered":
            relay.gathered.emit()

    def work() -> Path:
        from exports import agreements as export
        from exports import in_child

        made = export.ExportOrder(**order)
        try:
            return in_child.run(export.export_from_vault, made, progress=relay.moved.emit,
                                step=step, stop=stop, writes=made.target)
        except in_child.BuildStopped:
            raise ExportStopped from None

    return work


def initials(names: dict[int, str]) -> dict[int, str]:
    """"W." and "O."; two letters each when both names start alike."""
    width = 2 if len({name[:1].casefold() for name in names.values()}) < 2 else 1
    return {partner: (name[:width] or "?") + "." for partner, name in names.items()}


class ExportDialog(PdfDialog):
    """Choices for the therapy PDF, then the export itself, with progress."""

    def __init__(self, ctx: WorkbookContext, parent: QWidget) -> None:
        super().__init__(parent)
        title = text("agreements_export", "title")
        self.setObjectName("exportDialog")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(560)
        fit_to_content(self)
        self._ctx = ctx
        self._section = "agreements_export"
        session = ctx.session
        self._names = {partner: session.name_of(partner) for partner in (1, 2)}
        self._stop: threading.Event | None = None  # set: the running export ends

        short = initials(self._names)
        self.use_names = self._radio("exportUseNames", "names", self._names)
        self.use_initials = self._radio("exportUseInitials", "initials", short)
        self.use_names.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.use_names)
        group.addButton(self.use_initials)

        self.session_on = named(QDateEdit(QDate.currentDate()), "exportSessionDate",
                                text("agreements_export", "session"))
        self.session_on.setCalendarPopup(True)
        self.session_on.setDisplayFormat("d MMMM yyyy")
        for field in self.session_on.findChildren(QLineEdit):
            named(field, "exportSessionDateText", text("agreements_export", "session"))
        self.no_date = named(QCheckBox(text("agreements_export", "no_date")), "exportNoDate",
                             text("agreements_export", "no_date"))
        self.no_date.toggled.connect(lambda off: self.session_on.setEnabled(not off))
        self.history = self._check("exportHistory", text("agreements_export", "history"))
        self.consent = self._check("exportConsent", text("agreements_export", "consent"))
        self.consent_note = body_label("", "exportConsentNote", role="hint")
        available = session.together and consent.latest_reveal(session.keyring) is not None
        self.consent.setEnabled(available)
        self.consent_note.setText(text("agreements_export",
                                       "consent_both" if available else "consent_unavailable"))
        self.consent.toggled.connect(self._consent_toggled)
        # Both partners' proofs for this one export; asked for when Export is pressed.
        self._consent_proofs: dict[int, FreshProof] | None = None
        self.fresh: FreshPasswordDialog | None = None

        self.password = PasswordField("exportPassword", text("agreements_export", "password"))
        self.again = PasswordField("exportPasswordAgain", text("agreements_export", "again"))
        stamp = dt.date.today().isoformat()
        default = Path.home() / text("agreements_export", "default_name", date=stamp)
        self._where = self._place_target("export", default)

        self._place_saving("export")
        self.stop_button = named(QPushButton(text("agreements_export", "stop")), "exportStop",
                                 text("agreements_export", "stop"))
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.hide()
        self._layout()
        self._consent_toggled(False)

    def _radio(self, name: str, key: str, names: dict[int, str]) -> QRadioButton:
        label = text("agreements_export", key, first=names[1], second=names[2])
        return named(QRadioButton(label), name, label)

    def _check(self, name: str, label: str) -> QCheckBox:
        return named(QCheckBox(label), name, label)

    def _layout(self) -> None:
        form = FormGrid()
        who = QVBoxLayout()
        who.addWidget(self.use_names)
        who.addWidget(self.use_initials)
        form.add_row(text("agreements_export", "show_as"), who, self.use_names)
        when = QHBoxLayout()
        when.addWidget(self.session_on)
        when.addWidget(self.no_date)
        when.addStretch(1)
        form.add_row(text("agreements_export", "session"), when, self.session_on)
        form.add_row("", self.history, self.history)
        form.add_row("", stacked(self.consent, self.consent_note), self.consent)
        form.add_row(text("agreements_export", "password"), self.message.under(self.password),
                     self.password.edit)
        hint = body_label(text("agreements_export", "password_hint",
                               minimum=MIN_PDF_PASSWORD_CHARS), "exportPasswordHint", role="hint")
        form.add_row(text("agreements_export", "again"),
                     stacked(self.message.under(self.again), hint), self.again.edit)
        form.add_row(text("agreements_export", "target"), self._where.row(self.message),
                     self.target)
        self._lay_out(body_label(text("agreements_export", "intro"), "exportIntro"), form,
                      "exportChoices", self.stop_button)

    def _consent_toggled(self, on: bool) -> None:
        self.consent_note.setVisible(on or not self.consent.isEnabled())
        self._update()

    def _approved(self, proofs: dict[int, FreshProof]) -> None:
        """Both typed their own password to include the comparison: export now."""
        self._consent_proofs = proofs
        self.submit()

    def submit(self) -> None:
        """Check the choices here; read the words and write the PDF in the task runner."""
        if self._ctx.tasks.busy or self._ctx.session.locked:
            return
        raw_target = self.target.text().strip()
        password = self.password.value()
        if not raw_target:
            self.message.say(text("agreements_export", "need_target"), under=self.target)
            return
        if password and len(password) < MIN_PDF_PASSWORD_CHARS:
            self.message.say(explain(ExportPasswordTooShort(MIN_PDF_PASSWORD_CHARS)),
                             under=self.password)
            return
        if password != self.again.value():
            self.message.say(text("agreements_export", "passwords_differ"), under=self.again)
            return
        with_consent = self.consent.isChecked() and self.consent.isEnabled()
        proofs, self._consent_proofs = self._consent_proofs, None  # one export each
        if with_consent and proofs is None:
            self.fresh = ask_fresh(self._ctx, (1, 2),
                                   text("agreements_export", "consent_password"), self,
                                   self._approved,
                                   title=text("agreements_export", "consent_title"))
            return
        session_on: dt.date | None = (None if self.no_date.isChecked()
                                      else self.session_on.date().toPython())  # type: ignore[assignment]
        order = {  # an ExportOrder's fields, made into one on the worker
            "vault": self._ctx.vault.path.absolute(),
            "workbook_key": self._ctx.session.keyring.workbook_key(),
            "names": self._names if self.use_names.isChecked() else initials(self._names),
            "prepared_on": dt.date.today(), "session_on": session_on,
            "include_history": self.history.isChecked(),
            "target": Path(raw_target).expanduser().absolute(),
            "password": password or None,
            # The comparison leaves the app only through both fresh passwords.
            "consent_proofs": tuple((proofs or {}).values()) if with_consent else None,
        }
        relay = _Progress(self)
        relay.moved.connect(self._moved)
        relay.gathered.connect(lambda: self.message.say(text("agreements_export", "working")))
        self._stop = threading.Event()
        self._started(text("agreements_export", "gathering"))
        self.stop_button.setEnabled(True)
        self.stop_button.show()
        self._ctx.tasks.run(export_work(order, self._stop, relay), self._done, self._failed,
                            stop=self._stop)

    def stop(self) -> None:
        """Stop the running export at its next step; no file is left behind."""
        if self._stop is not None:
            self._stop.set()
            self.stop_button.setEnabled(False)
            self.message.say(text("agreements_export", "stopping"))

    def done(self, result: int) -> None:
        """Closing the dialog stops a running export."""
        if self._stop is not None:
            self._stop.set()
        super().done(result)

    def _finished(self) -> None:
        self._stop = None
        self.stop_button.hide()
        super()._finished()

    def _failed(self, error: BaseException) -> None:
        if not isValid(self):
            return
        self._finished()
        if isinstance(error, ExportStopped):
            self.message.say(text("agreements_export", "stopped"))
            self._update()
            return
        self.message.say(explain(error), under=self.target if about_folder(error) else None)
        self._update()
