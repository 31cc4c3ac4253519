"""What every dialog that saves one PDF shares: where it goes (the path, Choose… and
the whole path shown), the progress bar, "Open the PDF", the dialog buttons, and when
the main button may be pressed.

Each dialog keeps its own choices, checks and the work it hands to the task runner;
its words come from its own section of resources/texts.toml, under the same keys
(``target``, ``choose``, ``file_filter``, ``progress``, ``open``, ``submit``,
``cancel``, ``done``), and its objectNames from one prefix ("exportTarget",
"sessionPacketTarget", …).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from ui.texts import text
from ui.widgets.common import (
    FieldMessage,
    FittingScroll,
    body_label,
    busy_bar,
    named,
    text_room,
)
from ui.widgets.password_field import PasswordField
from ui.workbooks import WorkbookContext

# Failures whose way forward is another folder: said beneath the path.
FOLDER_ERRORS = ("export_folder_not_writable", "export_disk_full")


def about_folder(error: BaseException) -> bool:
    """The save failed because of the folder chosen (not writable, or full)."""
    return getattr(error, "key", "") in FOLDER_ERRORS


def stacked(*parts: QWidget, spacing: int = 4) -> QWidget:
    """One form field made of a few parts, one under the other."""
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(spacing)
    for part in parts:
        column.addWidget(part)
    return box


class PdfTarget(QObject):
    """Where the PDF is saved: the path field (``edit``), its Choose… button
    (``choose``) and, beneath, the whole path (``full``) whenever the field is too
    narrow to show all of it. The dialog lays out :meth:`row` in its form and ``full``
    across the whole width."""

    def __init__(self, dialog: QWidget, section: str, prefix: str, default: Path) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._section = section
        caption = text(section, "target")
        self.edit = named(QLineEdit(), f"{prefix}Target", caption)
        self.edit.setText(str(default))
        self.choose = named(QPushButton(text(section, "choose")), f"{prefix}Choose",
                            text(section, "choose"))
        self.choose.clicked.connect(self._choose)
        # A path the field cannot show whole is written out in full beneath it.
        self.full = body_label("", f"{prefix}TargetFull", role="hint")
        self.full.setTextFormat(Qt.TextFormat.PlainText)
        self.full.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.full.hide()
        self.edit.installEventFilter(self)
        self.edit.textChanged.connect(self._show_path)

    def row(self, message: FieldMessage) -> QHBoxLayout:
        """The field (with room for a message beneath it) and Choose… beside it."""
        where = QHBoxLayout()
        where.addWidget(message.under(self.edit), 1)
        where.addWidget(self.choose, 0, Qt.AlignmentFlag.AlignTop)
        return where

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.edit and event.type() == QEvent.Type.Resize:
            self._show_path()
        return super().eventFilter(watched, event)

    def _show_path(self) -> None:
        """Nothing of the path is hidden: the whole of it in the tooltip, and beneath the
        field whenever the field is too narrow to show all of it."""
        path = self.edit.text()
        self.edit.setToolTip(path)
        whole = self.edit.fontMetrics().horizontalAdvance(path) <= text_room(self.edit)
        self.full.setText("" if whole else path)
        self.full.setVisible(not whole)

    def _choose(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self._dialog, text(self._section, "target"),
                                              self.edit.text(),
                                              text(self._section, "file_filter"))
        if path:
            self.edit.setText(path if path.lower().endswith(".pdf") else path + ".pdf")


class PdfDialog(QDialog):
    """A dialog whose main button writes one PDF in the task runner, with progress,
    then offers to open it. A dialog builds its parts with :meth:`_place_target` and
    :meth:`_place_saving`, puts its form in :meth:`_lay_out`, and says with :meth:`_ready` what
    besides a path it needs before its main button may be pressed."""

    _ctx: WorkbookContext
    _section: str
    saved_path: Path | None
    password: PasswordField
    again: PasswordField
    target: QLineEdit
    choose: QPushButton
    target_full: QWidget
    message: FieldMessage
    progress: QProgressBar
    open_pdf: QPushButton
    buttons: QDialogButtonBox
    submit_button: QPushButton

    def _place_target(self, prefix: str, default: Path) -> PdfTarget:
        where = PdfTarget(self, self._section, prefix, default)
        self.target, self.choose, self.target_full = where.edit, where.choose, where.full
        self.target.textChanged.connect(self._update)
        return where

    def _place_saving(self, prefix: str) -> None:
        """The message line, the progress bar, "Open the PDF" and the dialog buttons."""
        words = self._section
        self.saved_path = None
        self.message = FieldMessage(f"{prefix}Message")
        self.progress = busy_bar(f"{prefix}Progress", text(words, "progress"),
                                 determinate=True)
        self.open_pdf = named(QPushButton(text(words, "open")), f"{prefix}Open",
                              text(words, "open"))
        self.open_pdf.clicked.connect(self._open)
        # Both take the bold of a main action from the start, so their width allows
        # for it when focus makes either the default.
        self.open_pdf.setProperty("role", "primary")
        self.open_pdf.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Close
        )
        self.submit_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        named(self.submit_button, f"{prefix}Submit", text(words, "submit"))
        self.submit_button.setText(text(words, "submit"))
        self.submit_button.setProperty("role", "primary")
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        named(close, f"{prefix}Close", text(words, "cancel"))
        close.setText(text(words, "cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def _lay_out(self, intro: QWidget, form: QLayout, choices: str,
                 *beside_open: QWidget) -> None:
        """The intro, the form and the whole path beneath it, scrolling as one; then what
        was said, the progress, and "Open the PDF" (with anything beside it) on the left
        of the buttons."""
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.target_full)  # the whole width: a long path takes few lines
        layout = QVBoxLayout(self)
        # The choices scroll only when the screen is too small for all of them; what
        # was said and the buttons stay in sight below.
        layout.addWidget(FittingScroll(body, choices))
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        bottom = QHBoxLayout()
        bottom.addWidget(self.open_pdf)
        for widget in beside_open:
            bottom.addWidget(widget)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

    def submit(self) -> None:
        raise NotImplementedError

    def _ready(self) -> bool:
        """Besides a path, is there what the PDF needs? (Every dialog's own choices.)"""
        return True

    def _update(self) -> None:
        ready = bool(self.target.text().strip()) and self._ready()
        self.submit_button.setEnabled(ready and not self._ctx.tasks.busy)

    def _started(self, saying: str) -> None:
        """The work is handed to the task runner: say so and show the progress."""
        self.message.say(saying)
        self.open_pdf.hide()
        self.progress.setValue(0)
        self.progress.show()
        self.submit_button.setEnabled(False)

    def _moved(self, fraction: float) -> None:
        if isValid(self):
            self.progress.setValue(round(fraction * 100))

    def _finished(self) -> None:
        """The work ended, however it ended."""
        self.progress.hide()

    def _done(self, path: Path) -> None:
        if not isValid(self):
            return
        self.progress.setValue(100)
        self._finished()
        self.password.clear()
        self.again.clear()
        self.saved_path = Path(path)
        self.message.say(text(self._section, "done", path=str(path)))
        self.open_pdf.show()
        self.open_pdf.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update()

    def _open(self) -> None:
        if self.saved_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_path)))
