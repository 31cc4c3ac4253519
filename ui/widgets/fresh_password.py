"""Ask one or both partners for their own password, at this moment, naming each.

The one way every workbook opens something private in a together session or takes a
step that needs both: the dialog checks each password against that partner's own
slot off the GUI thread, then emits ``proven`` with the fresh proofs
(:mod:`models.proof`) for the model function to check. The typed passwords are
cleared as soon as they have been checked, and the dialog is deleted when it closes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget
from shiboken6 import isValid

from models.errors import WrongPassword
from models.proof import FreshProof, prove
from ui.texts import explain, text
from ui.widgets.common import (
    FieldMessage,
    FormGrid,
    body_label,
    busy_bar,
    fit_to_content,
    submit_cancel,
)
from ui.widgets.password_field import PasswordField
from ui.workbooks import WorkbookContext


class _NotTheirs(Exception):
    def __init__(self, partner: int) -> None:
        super().__init__(partner)
        self.partner = partner


class FreshPasswordDialog(QDialog):
    """``partners`` each type their own password; ``proven`` carries their proofs."""

    proven = Signal(object)  # dict[int, FreshProof]

    def __init__(self, ctx: WorkbookContext, partners: Sequence[int], intro: str,
                 parent: QWidget, *, title: str | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        title = title or text("fresh_password", "title")
        self.setObjectName("freshPasswordDialog")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(460)
        fit_to_content(self)
        self._ctx = ctx
        self.partners = tuple(partners)
        self.fields: dict[int, PasswordField] = {}
        self.message = FieldMessage("freshPasswordMessage")
        form = FormGrid()
        for partner in self.partners:
            name = ctx.session.name_of(partner)
            field = PasswordField(f"freshPassword{partner}",
                                  text("fresh_password", "field", name=name))
            field.return_pressed.connect(self.submit)
            form.add_row(text("fresh_password", "field", name=name), self.message.under(field),
                         field.edit)
            self.fields[partner] = field
        self.progress = busy_bar("freshPasswordProgress", text("fresh_password", "working"))
        self.buttons = submit_cancel(self, "freshPassword", text("fresh_password", "submit"),
                                     text("fresh_password", "cancel"))
        self.buttons.accepted.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(body_label(intro, "freshPasswordIntro"))
        hint = "hint_both" if len(self.partners) > 1 else "hint_one"
        layout.addWidget(body_label(text("fresh_password", hint), "freshPasswordHint",
                                    role="hint"))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.fields[self.partners[0]].edit.setFocus()

    def submit(self) -> None:
        typed = {partner: field.value() for partner, field in self.fields.items()}
        empty = [p for p, value in typed.items() if not value]
        if empty:
            self.fields[empty[0]].edit.setFocus()
            return
        if self._ctx.tasks.busy or self._ctx.session.locked:
            return
        slots = {p: self._ctx.vault.slot_of(p, "password") for p in self.partners}
        for field in self.fields.values():
            field.clear()
        self.progress.show()
        self.buttons.setEnabled(False)
        self.message.clear_message()

        def work() -> dict[int, FreshProof]:
            proofs = {}
            for partner, slot in slots.items():
                try:
                    proofs[partner] = prove(slot, typed[partner])
                except WrongPassword as exc:
                    raise _NotTheirs(partner) from exc
            return proofs

        self._ctx.tasks.run(work, self._done, self._failed)

    def _done(self, proofs: dict[int, FreshProof]) -> None:
        if not isValid(self) or self._ctx.session.locked:
            return
        self._settle()
        self.proven.emit(proofs)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        if not isValid(self):
            return
        self._settle()
        if isinstance(error, _NotTheirs):
            name = self._ctx.session.name_of(error.partner)
            self.message.say(text("fresh_password", "wrong", name=name),
                             under=self.fields[error.partner])
            self.fields[error.partner].edit.setFocus()
        else:
            self.message.say(explain(error))

    def _settle(self) -> None:
        self.progress.hide()
        self.buttons.setEnabled(True)


def ask_fresh(ctx: WorkbookContext, partners: Sequence[int], intro: str, parent: QWidget,
              on_proven: object, *, title: str | None = None) -> FreshPasswordDialog:
    """Open the dialog window-modal (no nested event loop) and connect ``on_proven``."""
    dialog = FreshPasswordDialog(ctx, partners, intro, parent, title=title)
    dialog.proven.connect(on_proven)
    dialog.open()
    return dialog
