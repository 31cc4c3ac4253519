"""What every workbook's export dialog shares once its PDF is made in a child process
(#8): the job the task runner waits for, the Stop button and what a stop or a failure
says, and, for a PDF to bring to a session, the whole form (show us by names or
initials, the session's date, the PDF's password, where).

Nothing slow runs in the app's own process: the task runner's worker hands the order
(the vault's path, the key the export may use, the choices, the PDF's password) through
a pipe to a child process (:mod:`exports.in_child`), which reads, lays out and writes
the file and relays its progress. A lock, Stop or closing the dialog ends the child at
its next step and leaves no file behind.

A workbook's dialog gives its words' section (the keys are the same in every section:
``title``, ``names``, ``initials``, ``show_as``, ``session``, ``no_date``,
``password``, ``again``, ``password_hint``, ``target``, ``default_name``, ``intro``,
``need_target``, ``passwords_differ``, ``gathering``, ``working``, ``stop``,
``stopping``, ``stopped`` and those of :class:`~ui.widgets.pdf_save.PdfDialog`), the
prefix of its objectNames, and where its job and order are: the module is imported on
the worker, not the GUI thread, and its ``export_from_vault`` looked up when the export
starts.
"""

from __future__ import annotations

import datetime as dt
import importlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

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

Result = TypeVar("Result")


class ExportStopped(Exception):
    """A lock, Stop or closing the dialog stopped the export; nothing was written."""


class ExportProgress(QObject):
    """Carries the worker's progress to the GUI thread (queued signals)."""

    moved = Signal(float)
    gathered = Signal()  # everything is read: the file is being laid out


def initials(names: dict[int, str]) -> dict[int, str]:
    """"W." and "O."; two letters each when both names start alike."""
    width = 2 if len({name[:1].casefold() for name in names.values()}) < 2 else 1
    return {partner: (name[:width] or "?") + "." for partner, name in names.items()}


def child_work(module: str, order_class: str, order: dict[str, Any], stop: threading.Event,
               relay: ExportProgress,
               heard: Callable[[str], None] | None = None) -> Callable[[], Path]:
    """The whole export as one job for the task runner: a child process runs
    ``module.export_from_vault`` with ``module.<order_class>(**order)``; the worker waits
    for it and relays its progress, and any step besides "gathered" to ``heard`` (on the
    worker). The order is made on the worker (the exports package is imported there,
    not on the GUI thread) and ``order`` emptied: the key and password live on only
    while it runs. ``stop`` ends it at its next step with :class:`ExportStopped`,
    before the file is in place."""

    def step(name: str) -> None:
        if name == "gathered":
            relay.gathered.emit()
        elif heard is not None:
            heard(name)

    def work() -> Path:
        from exports import in_child

        export = importlib.import_module(module)
        made = getattr(export, order_class)(**order)
        order.clear()
        try:
            path: Path = in_child.run(export.export_from_vault, made,
                                      progress=relay.moved.emit, step=step, stop=stop,
                                      writes=made.target)
        except in_child.BuildStopped:
            raise ExportStopped from None
        return path

    return work


class StoppableExport(PdfDialog):
    """A :class:`PdfDialog` whose export runs in a child process and can be stopped: a
    Stop button beside "Open the PDF", a lock or closing the dialog stops it too."""

    _stop: threading.Event | None = None  # set: the running export ends
    stop_button: QPushButton

    def _place_stop(self, prefix: str) -> None:
        self._stop = None
        stop = text(self._section, "stop")
        self.stop_button = named(QPushButton(stop), f"{prefix}Stop", stop)
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.hide()

    def _run(self, work: Callable[[threading.Event, ExportProgress], Callable[[], Result]],
             done: Callable[[Result], None]) -> None:
        """Hand ``work(stop, relay)`` to the task runner, with progress and Stop shown."""
        relay = ExportProgress(self)
        relay.moved.connect(self._moved)
        relay.gathered.connect(lambda: self.message.say(text(self._section, "working")))
        self._stop = threading.Event()
        self._started(text(self._section, "gathering"))
        self.stop_button.setEnabled(True)
        self.stop_button.show()
        self._ctx.tasks.run(work(self._stop, relay), done, self._failed, stop=self._stop)

    def stop(self) -> None:
        """Stop the running export at its next step; no file is left behind."""
        if self._stop is not None:
            self._stop.set()
            self.stop_button.setEnabled(False)
            self.message.say(text(self._section, "stopping"))

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
            self.message.say(text(self._section, "stopped"))
        else:
            self.message.say(explain(error),
                             under=self.target if about_folder(error) else None)
        self._update()


class SessionExportDialog(StoppableExport):
    """How to show us, the session's date, a PDF password and where; then the PDF.

    A workbook whose PDF needs more gives its widgets in :meth:`_place_more`, its rows
    in :meth:`_more_rows` and its order's own fields in :meth:`_more_order`."""

    def __init__(self, ctx: WorkbookContext, parent: QWidget, *, section: str, prefix: str,
                 module: str, order_class: str, object_name: str) -> None:
        super().__init__(parent)
        title = text(section, "title")
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(560)
        fit_to_content(self)
        self._ctx = ctx
        self._section = section
        self._prefix = prefix
        self._module, self._order_class = module, order_class
        session = ctx.session
        self._names = {partner: session.name_of(partner) for partner in (1, 2)}

        self.use_names = self._radio(f"{prefix}UseNames", "names", self._names)
        self.use_initials = self._radio(f"{prefix}UseInitials", "initials",
                                        initials(self._names))
        self.use_names.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.use_names)
        group.addButton(self.use_initials)

        when = self._words("session")
        self.session_on = named(QDateEdit(QDate.currentDate()), f"{prefix}SessionDate", when)
        self.session_on.setCalendarPopup(True)
        self.session_on.setDisplayFormat("d MMMM yyyy")
        for field in self.session_on.findChildren(QLineEdit):
            named(field, f"{prefix}SessionDateText", when)
        self.no_date = named(QCheckBox(self._words("no_date")), f"{prefix}NoDate",
                             self._words("no_date"))
        self.no_date.toggled.connect(lambda off: self.session_on.setEnabled(not off))
        self._place_more()

        self.password = PasswordField(f"{prefix}Password", self._words("password"))
        self.again = PasswordField(f"{prefix}PasswordAgain", self._words("again"))
        default = Path.home() / self._words("default_name", date=dt.date.today().isoformat())
        self._where = self._place_target(prefix, default)
        self._place_saving(prefix)
        self._place_stop(prefix)
        self._layout()
        self._update()

    def _words(self, key: str, **values: object) -> str:
        return text(self._section, key, **values)

    def _radio(self, name: str, key: str, names: dict[int, str]) -> QRadioButton:
        label = self._words(key, first=names[1], second=names[2])
        return named(QRadioButton(label), name, label)

    def _place_more(self) -> None:
        """The workbook's own choices, made after the session's date."""

    def _more_rows(self, form: FormGrid) -> None:
        """The workbook's own rows, between the session's date and the password."""

    def _more_order(self) -> dict[str, Any] | None:
        """The order's fields of the workbook's own; ``None``: not yet (it asked)."""
        return {}

    def _layout(self) -> None:
        prefix = self._prefix
        form = FormGrid()
        who = QVBoxLayout()
        who.addWidget(self.use_names)
        who.addWidget(self.use_initials)
        form.add_row(self._words("show_as"), who, self.use_names)
        when = QHBoxLayout()
        when.addWidget(self.session_on)
        when.addWidget(self.no_date)
        when.addStretch(1)
        form.add_row(self._words("session"), when, self.session_on)
        self._more_rows(form)
        form.add_row(self._words("password"), self.message.under(self.password),
                     self.password.edit)
        hint = body_label(self._words("password_hint", minimum=MIN_PDF_PASSWORD_CHARS),
                          f"{prefix}PasswordHint", role="hint")
        form.add_row(self._words("again"), stacked(self.message.under(self.again), hint),
                     self.again.edit)
        form.add_row(self._words("target"), self._where.row(self.message), self.target)
        self._lay_out(body_label(self._words("intro"), f"{prefix}Intro"), form,
                      f"{prefix}Choices", self.stop_button)

    def submit(self) -> None:
        """Check the choices here; read, lay out and write in a child process."""
        if self._ctx.tasks.busy or self._ctx.session.locked:
            return
        raw_target = self.target.text().strip()
        password = self.password.value()
        if not raw_target:
            self.message.say(self._words("need_target"), under=self.target)
            return
        if password and len(password) < MIN_PDF_PASSWORD_CHARS:
            self.message.say(explain(ExportPasswordTooShort(MIN_PDF_PASSWORD_CHARS)),
                             under=self.password)
            return
        if password != self.again.value():
            self.message.say(self._words("passwords_differ"), under=self.again)
            return
        more = self._more_order()
        if more is None:
            return
        session_on: dt.date | None = (None if self.no_date.isChecked()
                                      else self.session_on.date().toPython())  # type: ignore[assignment]
        order = {  # the order's fields, made into one on the worker
            "vault": self._ctx.vault.path.absolute(),
            "workbook_key": self._ctx.session.keyring.workbook_key(),
            "names": self._names if self.use_names.isChecked() else initials(self._names),
            "prepared_on": dt.date.today(), "session_on": session_on,
            "target": Path(raw_target).expanduser().absolute(),
            "password": password or None,
            **more,
        }
        module, order_class = self._module, self._order_class
        self._run(lambda stop, relay: child_work(module, order_class, order, stop, relay),
                  self._done)
