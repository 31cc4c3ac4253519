"""Change a password: asks the current one, re-wraps that partner's slot only."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from models import vault as vault_module
from models.session import Session
from models.vault import SlotData, Vault
from ui.tasks import TaskRunner
from ui.texts import explain, text
from ui.widgets.common import MessageLabel, named
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
        self.who = named(QComboBox(), "changeWho", text("change_password", "who_label"))
        for partner in session.partners:
            self.who.addItem(session.name_of(partner), partner)
        self.current = PasswordField("changeCurrent", text("change_password", "current_label"))
        self.new = PasswordField("changeNew", text("change_password", "new_label"), strength=True)
        self.again = PasswordField("changeAgain", text("change_password", "again_label"))
        self.message = MessageLabel("changeMessage")
        self.progress = named(QProgressBar(), "changeProgress", text("unlock", "working"))
        self.progress.setRange(0, 0)
        self.progress.setMaximumHeight(6)
        self.progress.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        named(ok, "changeSubmit", text("change_password", "submit"))
        ok.setText(text("change_password", "submit"))
        named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "changeCancel", "Cancel")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        if session.together:
            form.addRow(text("change_password", "who_label"), self.who)
        else:
            self.who.hide()
        form.addRow(text("change_password", "current_label"), self.current)
        form.addRow(text("change_password", "new_label"), self.new)
        form.addRow(text("change_password", "again_label"), self.again)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def submit(self) -> None:
        if self._tasks.busy:
            return
        if self.new.value() != self.again.value():
            self.message.say(text("setup", "passwords_differ"))
            return
        partner = int(self.who.currentData())
        slot = self._vault.slot_of(partner, "password")
        other = self._vault.slot_of(3 - partner, "password")
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
        except Exception as error:
            self.message.say(explain(error))
            return
        for field in (self.current, self.new, self.again):
            field.clear()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.progress.hide()
        self.buttons.setEnabled(True)
        self.message.say(explain(error))
