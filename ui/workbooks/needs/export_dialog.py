"""Export for our therapist…: the needs map as each partner shared it, as one PDF (#12).

Only shared things are read (needs, commitments, their notes and latest review, the
conversations about a miss), with the workbook key alone: no partner's journal key goes
to the export, so no draft and no private rating can be opened, and no password is
asked (``needs.export`` is ONE: it holds nothing either partner cannot already read
together). Nothing slow runs in the app's own process: the task runner's worker hands
the order (the vault's path, the workbook key, the names, the PDF's password) through a
pipe to a child process (:mod:`exports.in_child`), which reads, lays out and writes the
PDF, and relays its progress. A lock, Stop or closing the dialog ends the child at its
next step and leaves no file behind.
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
from ui.texts import explain, text
from ui.widgets.common import FormGrid, body_label, fit_to_content, named
from ui.widgets.password_field import PasswordField
from ui.widgets.pdf_save import PdfDialog, about_folder, stacked
from ui.workbooks import WorkbookContext

SECTION = "needs_export"


def _words(key: str, **values: object) -> str:
    return text(SECTION, key, **values)


class ExportStopped(Exception):
    """A lock, Stop or closing the dialog stopped the export; nothing was written."""


class _Progress(QObject):
    """Carries the worker's progress to the GUI thread (queued signals)."""

    moved = Signal(float)
    gathered = Signal()  # everything shared is read: the PDF is being laid out


def export_work(order: dict[str, Any], stop: threading.Event,
                relay: _Progress) -> Callable[[], Path]:
    """The whole export as one job for the task runner: a child process reads the shared
    needs map, lays it out and writes the PDF; the worker waits for it and relays its
    progress. ``order`` holds the fields of :class:`~exports.needs.NeedsOrder`
    (the exports package is imported on the worker, not the GUI thread). ``stop`` ends
    it at its next step with :class:`ExportStopped`, before the file is in place."""

    def step(name: str) -> None:
        if name == "gathered":
            relay.gathered.emit()

    def work() -> Path:
        from exports import in_child
        from exports.needs import export

        made = export.NeedsOrder(**order)
        order.clear()  # the key and password live on in the order only while it runs
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


class NeedsExportDialog(PdfDialog):
    """How to show us, the session's date, a PDF password and where; then the PDF."""

    def __init__(self, ctx: WorkbookContext, parent: QWidget) -> None:
        super().__init__(parent)
        title = _words("title")
        self.setObjectName("needsExportDialog")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(560)
        fit_to_content(self)
        self._ctx = ctx
        self._section = SECTION
        session = ctx.session
        self._names = {partner: session.name_of(partner) for partner in (1, 2)}
        self._stop: threading.Event | None = None  # set: the running export ends

        self.use_names = self._radio("needsExportUseNames", "names", self._names)
        self.use_initials = self._radio("needsExportUseInitials", "initials",
                                        initials(self._names))
        self.use_names.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.use_names)
        group.addButton(self.use_initials)

        self.session_on = named(QDateEdit(QDate.currentDate()), "needsExportSessionDate",
                                _words("session"))
        self.session_on.setCalendarPopup(True)
        self.session_on.setDisplayFormat("d MMMM yyyy")
        for field in self.session_on.findChildren(QLineEdit):
            named(field, "needsExportSessionDateText", _words("session"))
        self.no_date = named(QCheckBox(_words("no_date")), "needsExportNoDate",
                             _words("no_date"))
        self.no_date.toggled.connect(lambda off: self.session_on.setEnabled(not off))

        self.password = PasswordField("needsExportPassword", _words("password"))
        self.again = PasswordField("needsExportPasswordAgain", _words("again"))
        default = Path.home() / _words("default_name", date=dt.date.today().isoformat())
        self._where = self._place_target("needsExport", default)
        self._place_saving("needsExport")
        self.stop_button = named(QPushButton(_words("stop")), "needsExportStop",
                                 _words("stop"))
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.hide()
        self._layout()
        self._update()

    def _radio(self, name: str, key: str, names: dict[int, str]) -> QRadioButton:
        label = _words(key, first=names[1], second=names[2])
        return named(QRadioButton(label), name, label)

    def _layout(self) -> None:
        form = FormGrid()
        who = QVBoxLayout()
        who.addWidget(self.use_names)
        who.addWidget(self.use_initials)
        form.add_row(_words("show_as"), who, self.use_names)
        when = QHBoxLayout()
        when.addWidget(self.session_on)
        when.addWidget(self.no_date)
        when.addStretch(1)
        form.add_row(_words("session"), when, self.session_on)
        form.add_row(_words("password"), self.message.under(self.password),
                     self.password.edit)
        hint = body_label(_words("password_hint", minimum=MIN_PDF_PASSWORD_CHARS),
                          "needsExportPasswordHint", role="hint")
        form.add_row(_words("again"), stacked(self.message.under(self.again), hint),
                     self.again.edit)
        form.add_row(_words("target"), self._where.row(self.message), self.target)
        self._lay_out(body_label(_words("intro"), "needsExportIntro"), form,
                      "needsExportChoices", self.stop_button)

    def submit(self) -> None:
        """Check the choices here; read, lay out and write in a child process."""
        if self._ctx.tasks.busy or self._ctx.session.locked:
            return
        raw_target = self.target.text().strip()
        password = self.password.value()
        if not raw_target:
            self.message.say(_words("need_target"), under=self.target)
            return
        if password and len(password) < MIN_PDF_PASSWORD_CHARS:
            self.message.say(explain(ExportPasswordTooShort(MIN_PDF_PASSWORD_CHARS)),
                             under=self.password)
            return
        if password != self.again.value():
            self.message.say(_words("passwords_differ"), under=self.again)
            return
        session_on: dt.date | None = (None if self.no_date.isChecked()
                                      else self.session_on.date().toPython())  # type: ignore[assignment]
        order = {  # a NeedsOrder's fields, made into one on the worker
            "vault": self._ctx.vault.path.absolute(),
            "workbook_key": self._ctx.session.keyring.workbook_key(),
            "names": self._names if self.use_names.isChecked() else initials(self._names),
            "prepared_on": dt.date.today(), "session_on": session_on,
            "target": Path(raw_target).expanduser().absolute(),
            "password": password or None,
        }
        relay = _Progress(self)
        relay.moved.connect(self._moved)
        relay.gathered.connect(lambda: self.message.say(_words("working")))
        self._stop = threading.Event()
        self._started(_words("gathering"))
        self.stop_button.setEnabled(True)
        self.stop_button.show()
        self._ctx.tasks.run(export_work(order, self._stop, relay), self._done, self._failed,
                            stop=self._stop)

    def stop(self) -> None:
        """Stop the running export at its next step; no file is left behind."""
        if self._stop is not None:
            self._stop.set()
            self.stop_button.setEnabled(False)
            self.message.say(_words("stopping"))

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
            self.message.say(_words("stopped"))
            self._update()
            return
        self.message.say(explain(error), under=self.target if about_folder(error) else None)
        self._update()
