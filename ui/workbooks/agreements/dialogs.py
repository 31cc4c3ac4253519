"""Small dialogs for agreement steps: confirm with a password, a kind note (the review
has its own module, ``review.py``).

Each opens with ``open()`` (window-modal, no nested event loop) and the tab acts on
``accepted``; a lock deletes the tab and these dialogs with it.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from models import agreements
from models.agreements import AgreementView
from models.errors import TrellisError, WrongPassword
from models.proof import FreshProof, prove
from ui.texts import explain, text
from ui.widgets.common import (
    FieldMessage,
    FormGrid,
    body_label,
    busy_bar,
    fit_to_content,
    form_layout,
    lines_high,
    named,
    submit_cancel,
)
from ui.widgets.password_field import PasswordField
from ui.workbooks import WorkbookContext


def start_dialog(dialog: QDialog, name: str, title: str) -> None:
    """Name and title a step dialog: at least 480 px wide, and fitted to what it says."""
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    dialog.setMinimumWidth(480)
    fit_to_content(dialog)


class NoteDialog(QDialog):
    """A kind question with an optional note and, when it matters, who is asking."""

    def __init__(self, section: str, parent: QWidget, *, who: dict[int, str] | None = None,
                 note: bool = True, **values: object) -> None:
        super().__init__(parent)
        start_dialog(self, f"{section}Dialog", text(section, "title"))
        layout = QVBoxLayout(self)
        layout.addWidget(body_label(text(section, "intro", **values), f"{section}Intro"))
        form = form_layout()
        layout.addLayout(form)
        self.who = named(QComboBox(), f"{section}Who", text(section, "who") if who else section)
        for partner, name in (who or {}).items():
            self.who.addItem(name, partner)
        form.addRow(text(section, "who") if who else "", self.who)
        if len(who or {}) < 2:
            form.setRowVisible(0, False)
        self.note = named(QPlainTextEdit(), f"{section}Note",
                          text(section, "note") if note else section)
        self.note.setTabChangesFocus(True)
        lines_high(self.note, 4)
        label = QLabel(text(section, "note") if note else "")
        label.setBuddy(self.note)
        layout.addWidget(label)
        layout.addWidget(self.note)
        if note:
            self.note.setPlaceholderText(text(section, "note_prompt"))
        else:
            label.hide()
            self.note.hide()
        self.buttons = submit_cancel(
            self, section, text(section, "submit"), text(section, "cancel")
        )
        self.buttons.accepted.connect(self.accept)
        layout.addWidget(self.buttons)

    def partner(self) -> int | None:
        data = self.who.currentData()
        return None if data is None else int(data)

    def note_text(self) -> str:
        return self.note.toPlainText().strip()


class ConfirmDialog(QDialog):
    """One partner confirms by typing their own password, checked off the GUI thread."""

    def __init__(self, ctx: WorkbookContext, view: AgreementView, parent: QWidget) -> None:
        super().__init__(parent)
        start_dialog(self, "confirmDialog", text("agreements_confirm", "title"))
        self._ctx = ctx
        self._uuid = view.uuid
        self.result_view: AgreementView | None = None
        session = ctx.session
        waiting = [p for p in (1, 2) if p not in view.confirmations]
        # Whoever is unlocked here is the likeliest to be confirming first.
        waiting.sort(key=lambda p: p not in session.partners)
        self.who = named(QComboBox(), "confirmWho", text("agreements_confirm", "who"))
        for partner in waiting:
            self.who.addItem(session.name_of(partner), partner)
        title = view.current.text.get("title", "").strip() or text("agreements", "untitled")
        self.password = PasswordField("confirmPassword", text("agreements_confirm", "password"))
        self.message = FieldMessage("confirmMessage")
        self.progress = busy_bar("confirmProgress", text("agreements_confirm", "working"))
        self.buttons = submit_cancel(self, "confirm", text("agreements_confirm", "submit"),
                                text("agreements_confirm", "cancel"))
        self.buttons.accepted.connect(self.submit)
        self.password.return_pressed.connect(self.submit)
        self.who.currentIndexChanged.connect(lambda: self.message.clear_message())
        form = FormGrid()
        form.add_row(text("agreements_confirm", "who"), self.who, self.who)
        form.add_row(text("agreements_confirm", "password"), self.message.under(self.password),
                     self.password.edit)
        layout = QVBoxLayout(self)
        layout.addWidget(body_label(text("agreements_confirm", "intro", title=title),
                                    "confirmIntro"))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.password.edit.setFocus()

    def partner(self) -> int:
        return int(self.who.currentData())

    def submit(self) -> None:
        typed = self.password.value()
        if not typed or self._ctx.tasks.busy:
            return
        slot = self._ctx.vault.slot_of(self.partner(), "password")
        self.progress.show()
        self.buttons.setEnabled(False)
        self.message.clear_message()
        self._ctx.tasks.run(lambda: prove(slot, typed), self._opened, self._failed)

    def _opened(self, proof: FreshProof) -> None:
        if not isValid(self) or self._ctx.session.locked:
            return  # locked while the password was being checked: nothing to do
        self._settle()
        try:
            self.result_view = agreements.confirm(
                self._ctx.session.keyring, self._uuid, proof.partner, proof
            )
        except TrellisError as error:  # a full disk or a changed state: say so, stay open
            self.message.say(explain(error))
            return
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if not isValid(self):
            return
        self._settle()
        if isinstance(error, WrongPassword):
            self.message.say(text("agreements_confirm", "wrong",
                                  name=self._ctx.session.name_of(self.partner())),
                             under=self.password)
            self.password.edit.selectAll()
            self.password.edit.setFocus()
        else:
            self.message.say(explain(error))

    def _settle(self) -> None:
        self.progress.hide()
        self.buttons.setEnabled(True)
        self.password.clear()
