"""The unlock page ("Who is here?") and the recovery-key dialog."""

from __future__ import annotations

import string
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models.errors import PasswordRejected, TrellisError, WrongPassword, WrongRecoveryKey
from ui.safety import safety_link
from ui.tasks import TaskRunner
from ui.texts import counted, explain, text
from ui.unlock_ahead import UnlockAhead
from ui.widgets.common import (
    FieldMessage,
    FormGrid,
    body_label,
    busy_bar,
    centered,
    fit_to_content,
    named,
    primary_button,
    submit_cancel,
    title_label,
)
from ui.widgets.password_field import PasswordField

if TYPE_CHECKING:
    from models import vault as vault_module
    from models.keys import KeyBundle
    from models.vault import Vault

# models.vault (peewee) is imported when a password is tried, and models.keys when a
# recovery key is sized, not before the page first paints (#9).

FREE_TRIES = 3
MAX_WAIT_SECONDS = 30


def wait_after(failures: int) -> int:
    """Seconds to wait before the next try: none at first, then growing gently."""
    if failures < FREE_TRIES:
        return 0
    return int(min(MAX_WAIT_SECONDS, 2 ** (failures - FREE_TRIES + 1)))


def wait_sentence(seconds: int) -> str:
    """"…in 1 second" / "…in 5 seconds"."""
    return counted("unlock", "wait", seconds, seconds=seconds)


class UnlockPage(QWidget):
    """Asks who is here and opens a solo or together session."""

    unlocked = Signal(object)  # dict: partner number -> KeyBundle

    def __init__(self, tasks: TaskRunner) -> None:
        super().__init__()
        self.setObjectName("unlockPage")
        self._tasks = tasks
        self._vault: Vault | None = None
        self._failures = 0
        self._wait_left = 0
        # Each try gets a number; a result for an earlier (stopped) try is dropped.
        self._attempt = 0
        self._cancel: threading.Event | None = None
        self._ahead = UnlockAhead(self)  # what needs no key, while the password is checked
        self._derivation_loaded = False
        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)

        self.one = named(QRadioButton(text("unlock", "one")), "whoOne", text("unlock", "one"))
        self.both = named(QRadioButton(text("unlock", "both")), "whoBoth", text("unlock", "both"))
        self.one.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.one)
        group.addButton(self.both)
        self.help = body_label(text("unlock", "one_help"), "unlockHelp", role="hint")
        self.first = PasswordField("firstPassword", text("unlock", "password_label"))
        self.second = PasswordField("secondPassword", text("unlock", "second_password_label"))
        self.first_label = QLabel(text("unlock", "password_label"))
        self.second_label = QLabel(text("unlock", "second_password_label"))
        self.first_label.setBuddy(self.first.edit)
        self.second_label.setBuddy(self.second.edit)
        self.message = FieldMessage("unlockMessage")
        self._said_under: QWidget | None = None  # the field the last message is about
        self.progress = busy_bar("unlockProgress", text("unlock", "working"))
        self.open_button = primary_button(text("unlock", "unlock"), "unlockButton")
        self.cancel_button = named(
            QPushButton(text("unlock", "cancel")), "unlockCancel", text("unlock", "cancel")
        )
        self.cancel_button.hide()
        self.forgot_button = named(
            QPushButton(text("unlock", "forgot")), "forgotButton", text("unlock", "forgot")
        )
        self.forgot_button.setFlat(True)
        self.safety = safety_link("unlockSafetyLink", self)

        form = FormGrid()
        form.add_row(self.first_label, self.message.under(self.first), self.first.edit)
        form.add_row(self.second_label, self.message.under(self.second), self.second.edit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.forgot_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.open_button)
        ways_out = QHBoxLayout()
        ways_out.addWidget(self.safety)
        ways_out.addStretch(1)
        card = QVBoxLayout()
        card.addWidget(title_label(text("unlock", "who_title"), "unlockTitle"))
        card.addWidget(self.one)
        card.addWidget(self.both)
        card.addSpacing(8)
        card.addWidget(self.help)
        card.addLayout(form)
        card.addWidget(self.message)
        card.addWidget(self.progress)
        card.addLayout(buttons)
        card.addLayout(ways_out)
        centered(self, card, 520)

        self.both.toggled.connect(self._mode_changed)
        self.open_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.cancel)
        self._tasks.busy_changed.connect(self._busy_changed)
        self.first.return_pressed.connect(self._enter_first)
        self.first.edit.textChanged.connect(self._typing)
        self.second.return_pressed.connect(self.submit)
        self.forgot_button.clicked.connect(self._forgot)
        self._mode_changed(False)

    def show_for(self, vault: Vault, keep_typed: bool = False) -> None:
        """Get ready to unlock ``vault``: empty fields, focus on the password. With
        ``keep_typed`` (the file opened just after the page appeared) what was typed
        meanwhile and the focus stay where they are."""
        self._vault = vault
        if not keep_typed:
            self.clear()
        # The count lives in the file: closing and reopening Trellis does not reset it.
        self._failures = vault.failed_unlocks()
        self._start_wait(wait_after(self._failures))
        if not keep_typed:
            self.first.edit.setFocus()

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()
        self.message.clear_message()

    def _mode_changed(self, together: bool) -> None:
        self.second.setVisible(together)
        self.second_label.setVisible(together)
        self.first_label.setText(
            text("unlock", "first_password_label" if together else "password_label")
        )
        self.first.edit.setAccessibleName(self.first_label.text())
        self.help.setText(text("unlock", "both_help" if together else "one_help"))
        self.message.clear_message()

    def _typing(self, typed: str) -> None:
        """The first key of a password: the key derivation's code is loaded while the
        rest is typed, not after Return (kept off the start, #9)."""
        if typed and not self._derivation_loaded:
            self._derivation_loaded = True
            from models import keys

            keys.load_derivation()

    def _enter_first(self) -> None:
        if self.both.isChecked():
            self.second.edit.setFocus()
        else:
            self.submit()

    def submit(self) -> None:
        """Try the typed password(s) off the GUI thread."""
        if self._vault is None or self._tasks.busy or self._wait_left:
            return
        first, second = self.first.value(), self.second.value()
        if not first or (self.both.isChecked() and not second):
            return
        try:
            slots = self._vault.slots("password")
        except TrellisError as error:
            self.message.say(explain(error))
            return
        from models import vault as vault_module

        cancel = threading.Event()
        work: Callable[[], dict[int, KeyBundle]]
        if self.both.isChecked():
            def work() -> dict[int, KeyBundle]:
                return vault_module.try_two_passwords(slots, first, second, cancel)
        else:
            def work() -> dict[int, KeyBundle]:
                partner, bundle = vault_module.try_password(slots, first, cancel)
                return {partner: bundle}
        self._attempt += 1
        attempt = self._attempt
        self._cancel = cancel
        self._set_working(True)
        self._tasks.run(
            work,
            lambda bundles: self._opened(bundles) if attempt == self._attempt else None,
            lambda error: self._failed(error) if attempt == self._attempt else None,
        )
        self._ahead.start(lambda: attempt == self._attempt and self._tasks.busy)

    def cancel(self) -> None:
        """Stop waiting for the password check; whatever it finds later is dropped.

        Argon2id cannot be interrupted, so a derivation under way finishes in the
        background (no further slot is tried); Open works again once it has.
        """
        if self._cancel is None:
            return
        self._cancel.set()
        self._cancel = None
        self._attempt += 1
        self._set_working(False)
        self.message.say(text("unlock", "cancelled"))

    def _busy_changed(self, busy: bool) -> None:
        if not busy and self._cancel is None:
            self.open_button.setEnabled(not self._wait_left)

    def _set_working(self, working: bool) -> None:
        self.progress.setVisible(working)
        self.cancel_button.setVisible(working)
        self.open_button.setEnabled(not working and not self._wait_left and not self._tasks.busy)
        if working:
            self.message.clear_message()

    def _opened(self, bundles: dict[int, KeyBundle]) -> None:
        self._cancel = None
        self._set_working(False)
        self._failures = 0
        if self._vault is not None:
            try:
                self._vault.clear_failed_unlocks()
            except TrellisError:
                pass  # the count stays; the next success clears it
        self.clear()
        self.unlocked.emit(bundles)

    def _failed(self, error: BaseException) -> None:
        self._cancel = None
        self._set_working(False)
        if isinstance(error, WrongPassword):
            which = str(error)
            key = {"first": "wrong_first", "second": "wrong_second"}.get(which, "wrong")
            message = text("unlock", key)
            self._said_under = self.second if which == "second" else self.first
            self._said_under.edit.selectAll()
        elif isinstance(error, PasswordRejected) and error.reason == "same_person":
            message = text("unlock", "same_person")
            self._said_under = self.second
        else:
            self.message.say(explain(error))
            return
        self._failures += 1
        if self._vault is not None:
            try:
                self._failures = self._vault.note_failed_unlock()
            except TrellisError:
                pass  # a full disk: count on in memory
        self.message.say(message, under=self._said_under)
        self._start_wait(wait_after(self._failures), message)

    def _start_wait(self, seconds: int, message: str = "") -> None:
        self._wait_left = seconds
        if not seconds:
            self.open_button.setEnabled(not self._tasks.busy)
            self._countdown.stop()
            return
        self.open_button.setEnabled(False)
        if not message:
            self._said_under = None
        self.message.say((message + "\n" if message else "") + wait_sentence(seconds),
                         under=self._said_under)
        self._countdown.start()

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self._wait_left = 0
            self._countdown.stop()
            self.open_button.setEnabled(not self._tasks.busy)
            self.message.clear_message()
        else:  # the same place, and not read out every second
            self.message.say(wait_sentence(self._wait_left), under=self._said_under, quiet=True)

    def _forgot(self) -> None:
        if self._vault is None:
            return
        dialog = RecoveryDialog(self._vault, self._tasks, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_bundle is not None:
            self._failures = 0
            try:
                self._vault.clear_failed_unlocks()
            except TrellisError:
                pass
            self.unlocked.emit({dialog.result_partner: dialog.result_bundle})


class RecoveryKeyField(QLineEdit):
    """Wide enough for a whole recovery key in groups, measured in its own font."""

    def _key_width(self) -> int:
        from models.keys import RECOVERY_BYTES, RECOVERY_GROUP

        metrics = self.fontMetrics()
        widest = max(string.ascii_uppercase + string.digits, key=metrics.horizontalAdvance)
        groups = RECOVERY_BYTES * 8 // 5 // RECOVERY_GROUP
        gap = max("-", " ", key=metrics.horizontalAdvance)
        return metrics.horizontalAdvance(gap.join([widest * RECOVERY_GROUP] * groups))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        # QLineEdit's own hint is room for 17 x's plus the style's frame and padding. The
        # dialog opens this wide; only a screen too narrow for it makes the key scroll.
        hint = super().sizeHint()
        x17 = self.fontMetrics().horizontalAdvance("x") * 17
        return QSize(hint.width() - x17 + self._key_width(), hint.height())


class RecoveryDialog(QDialog):
    """Recovery key + new password → a new password slot, then that partner is in."""

    def __init__(self, vault: Vault, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setWindowTitle(text("recovery", "window_title"))
        self.setAccessibleName(text("recovery", "window_title"))
        self._vault = vault
        self._tasks = tasks
        self.result_partner = 0
        self.result_bundle: KeyBundle | None = None
        self.key = named(RecoveryKeyField(), "recoveryKey", text("recovery", "key_label"))
        self.key.setPlaceholderText(text("recovery", "key_placeholder"))
        self.new = PasswordField("recoveryNew", text("recovery", "new_label"), strength=True)
        self.again = PasswordField("recoveryAgain", text("recovery", "again_label"))
        self.message = FieldMessage("recoveryMessage")
        self.progress = busy_bar("recoveryProgress", text("unlock", "working"))
        self.buttons = submit_cancel(self, "recovery", text("recovery", "submit"),
                                     text("common", "cancel"))
        self.buttons.accepted.connect(self.submit)
        form = FormGrid()
        form.add_row(text("recovery", "key_label"), self.message.under(self.key), self.key)
        form.add_row(text("recovery", "new_label"), self.message.under(self.new), self.new.edit)
        form.add_row(text("recovery", "again_label"), self.message.under(self.again),
                     self.again.edit)
        layout = QVBoxLayout(self)
        intro = body_label(text("recovery", "intro"), "recoveryIntro")
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        fit_to_content(self)

    def submit(self) -> None:
        if self._tasks.busy:
            return
        new = self.new.value()
        if new != self.again.value():
            self.message.say(text("setup", "passwords_differ"), under=self.again)
            self.again.edit.setFocus()
            return
        recovery = self._vault.slots("recovery")
        passwords = self._vault.slots("password")
        typed = self.key.text()
        self.progress.show()
        self.buttons.setEnabled(False)
        from models import vault as vault_module

        self._tasks.run(
            lambda: vault_module.prepare_reset(recovery, passwords, typed, new),
            self._done,
            self._failed,
        )

    def _done(self, result: tuple[int, KeyBundle, vault_module.SlotData]) -> None:
        self.progress.hide()
        self.buttons.setEnabled(True)
        partner, bundle, slot = result
        from models import vault as vault_module

        try:
            self._vault.replace_slot(slot)
        except vault_module.PasswordChangedNotTidied:
            # Saved: the new password works; the old slot's bytes are wiped at close.
            pass
        except TrellisError as error:  # not saved: say so; the old password still works
            self.message.say(explain(error))
            return
        self.result_partner, self.result_bundle = partner, bundle
        self.new.clear()
        self.again.clear()
        self.key.clear()
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.progress.hide()
        self.buttons.setEnabled(True)
        field: QWidget | None = None
        if isinstance(error, WrongRecoveryKey):
            field = self.key
            self.key.setFocus()
        elif isinstance(error, PasswordRejected):
            field = self.new
            self.new.edit.setFocus()
        self.message.say(explain(error), under=field)
