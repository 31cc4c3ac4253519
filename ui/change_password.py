"""Change a password: asks the current one, re-wraps that partner's slot only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QVBoxLayout,
    QWidget,
)

from models import vault as vault_module
from models.errors import PasswordRejected, TrellisError, WrongPassword
from models.session import Session
from models.vault import SlotData, Vault
from ui.tasks import TaskRunner
from ui.texts import explain, text
from ui.widgets.common import (
    FieldMessage,
    FormGrid,
    busy_bar,
    fit_to_content,
    named,
    submit_cancel,
)
from ui.widgets.password_field import PasswordField


class ChangePasswordDialog(QDialog):
    def __init__(
        self, vault: Vault, session: Session, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle(text("change_password", "window_title"))
        self.setAccessibleName(text("change_password", "window_title"))
        self._vault = vault
        self._tasks = tasks
        self.who = named(QComboBox(self), "changeWho", text("change_password", "who_label"))
        for partner in session.partners:
            self.who.addItem(session.name_of(partner), partner)
        self.current = PasswordField("changeCurrent", text("change_password", "current_label"))
        self.new = PasswordField("changeNew", text("change_password", "new_label"), strength=True)
        self.again = PasswordField("changeAgain", text("change_password", "again_label"))
        self.message = FieldMessage("changeMessage")
        self.progress = busy_bar("changeProgress", text("unlock", "working"))
        self.buttons = submit_cancel(self, "change", text("change_password", "submit"),
                                     text("common", "cancel"))
        self.buttons.accepted.connect(self.submit)
        form = FormGrid()
        if session.together:
            form.add_row(text("change_password", "who_label"), self.who, self.who)
        else:
            self.who.hide()
        for field, key in ((self.current, "current_label"), (self.new, "new_label"),
                           (self.again, "again_label")):
            form.add_row(text("change_password", key), self.message.under(field), field.edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        fit_to_content(self)

    def submit(self) -> None:
        if self._tasks.busy:
            return
        if self.new.value() != self.again.value():
            self.message.say(text("setup", "passwords_differ"), under=self.again)
            self.again.edit.setFocus()
            return
        partner = int(self.who.currentData())
        try:
            slot = self._vault.slot_of(partner, "password")
        except TrellisError as error:  # this partner's slot is damaged: recovery mends it
            self.message.say(explain(error))
            return
        # The other partner's slot may be damaged; that must not stop this change.
        other = self._vault.find_slot(3 - partner, "password")
        old, new = self.current.value(), self.new.value()
        self.progress.show()
        self.buttons.setEnabled(False)
        self._tasks.run(
            lambda: vault_module.prepare_password_change(slot, other, old, new),
            self._done,
            self._failed,
        )

    def _done(self, slot: SlotData) -> None:
        self.progress.hide()
        self.buttons.setEnabled(True)
        try:
            self._vault.replace_slot(slot)
        except vault_module.PasswordChangedNotTidied as error:
            # Saved, but not yet wiped: say exactly that, and leave nothing to submit.
            for field in (self.current, self.new, self.again):
                field.clear()
            self.message.say(explain(error))
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
            close.setText(text("change_password", "close"))
            close.setAccessibleName(text("change_password", "close"))
            return
        except TrellisError as error:  # not saved: the current password still works
            self.message.say(explain(error))
            return
        for field in (self.current, self.new, self.again):
            field.clear()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.progress.hide()
        self.buttons.setEnabled(True)
        field = (self.current if isinstance(error, WrongPassword)
                 else self.new if isinstance(error, PasswordRejected) else None)
        self.message.say(explain(error), under=field)
        if field is not None:
            field.edit.selectAll()
            field.edit.setFocus()
