"""First-run setup at one keyboard: names, two passwords, two recovery keys, then the file.

Each partner's secrets are theirs alone even though both sit at the same computer:

- a chosen password leaves its fields the moment its owner presses Next, and going Back
  to a password page starts it empty, so Back and Show never reveal the other's;
- between partners a hand-over page says whose turn it is;
- each recovery key appears only after its owner says they are at the keyboard alone;
- whether the two passwords are the same is checked only once both have chosen, and then
  both choose again (whoever kept theirs would have shown it to the other).

Nothing reaches the disk until both recovery keys have been confirmed: the keys are
prepared in memory (off the GUI thread) and the file is written at the end.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models import vault as vault_module
from models.errors import PasswordRejected
from models.keys import Argon2Cost, check_new_password, format_recovery_key
from models.vault import SetupPlan
from ui.safety import safety_link
from ui.setup_steps import (
    HandOverStep,
    PasswordStep,
    RecoveryStep,
    names_step,
    simple_step,
    steps_holder,
    welcome_step,
)
from ui.tasks import TaskRunner
from ui.texts import explain, text
from ui.widgets.common import FieldMessage, busy_bar, centered, named, primary_button

(WELCOME, NAMES, PASSWORD_1, HANDOVER, PASSWORD_2, READY_1, RECOVERY_1, READY_2, RECOVERY_2,
 DONE) = range(10)

# What the one hand-over page between the password pages is saying right now.
TO_SECOND, BACK_TO_FIRST, CHOOSE_AGAIN = "to_second", "back_to_first", "choose_again"


class SetupPage(QWidget):
    """The first-run flow. Emits ``created(vault, bundles)`` when the file exists."""

    created = Signal(object, object)

    def __init__(self, vault_path: Path, tasks: TaskRunner, cost: Argon2Cost | None) -> None:
        super().__init__()
        self.setObjectName("setupPage")
        self._path = vault_path
        self._tasks = tasks
        self._cost = cost
        self._plan: SetupPlan | None = None
        self.vault: vault_module.Vault | None = None
        # Chosen passwords, kept here (never in a field) until the keys are prepared.
        self._chosen: dict[int, str] = {}
        # Passwords both partners have seen refused as the same: never accepted again.
        self._spent: set[str] = set()
        self._handover_kind = TO_SECOND

        self.message = FieldMessage("setupMessage")
        steps_box, self.steps = steps_holder()
        named(steps_box, "setupSteps", text("setup", "window_title"))
        self.first_name = named(QLineEdit(), "firstName", text("setup", "first_name_label"))
        self.second_name = named(QLineEdit(), "secondName", text("setup", "second_name_label"))
        for edit in (self.first_name, self.second_name):
            edit.setPlaceholderText(text("setup", "name_placeholder"))
            edit.setMaxLength(60)
        self.password_steps = {1: PasswordStep(1), 2: PasswordStep(2)}
        for chooser in self.password_steps.values():
            self.message.under(chooser.password)
            self.message.under(chooser.again)
        self.handover = HandOverStep("setupHandOver", "setupHandOverContinue")
        self.ready_steps = {p: HandOverStep(f"setupReady{p}", f"recoveryReady{p}")
                            for p in (1, 2)}
        self.recovery_steps = {p: RecoveryStep(p, self.message) for p in (1, 2)}
        for partner, recovery in self.recovery_steps.items():
            recovery.save.clicked.connect(lambda _=False, p=partner: self._save_pdf(p))
        self.safety = safety_link("setupSafetyLink", self)
        done = simple_step("done", text("setup", "done_title"), text("setup", "done"))
        for page in (welcome_step(self.safety),
                     names_step(self.message, self.first_name, self.second_name),
                     self.password_steps[1], self.handover, self.password_steps[2],
                     self.ready_steps[1], self.recovery_steps[1], self.ready_steps[2],
                     self.recovery_steps[2], done):
            inner = page.layout()
            if inner is not None:
                inner.setContentsMargins(0, 0, 0, 0)  # lined up with the buttons
            self.steps.addWidget(page)

        self.progress = busy_bar("setupProgress", text("setup", "preparing"))
        self.back = named(QPushButton(text("common", "back")), "setupBack", text("common", "back"))
        self.next = primary_button(text("common", "next"), "setupNext")
        self.back.clicked.connect(self.go_back)
        self.next.clicked.connect(self.go_next)
        for hand_over in (self.handover, *self.ready_steps.values()):
            hand_over.button.clicked.connect(self.go_next)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        buttons.addWidget(self.next)
        card = QVBoxLayout()
        card.addWidget(steps_box)
        card.addWidget(self.message)
        card.addWidget(self.progress)
        card.addSpacing(8)
        card.addLayout(buttons)
        # A readable column with its buttons right under what they move on from.
        centered(self, card, 640)
        self.first_name.returnPressed.connect(self.second_name.setFocus)
        self.second_name.returnPressed.connect(self.go_next)
        for chooser in self.password_steps.values():
            chooser.password.return_pressed.connect(chooser.again.edit.setFocus)
            chooser.again.return_pressed.connect(self.go_next)
        for recovery in self.recovery_steps.values():
            recovery.confirm.returnPressed.connect(self.go_next)
        self._show(WELCOME)

    # navigation

    def current(self) -> int:
        return self.steps.currentIndex()

    def _show(self, index: int) -> None:
        self.steps.setCurrentIndex(index)
        self.steps.invalidate()
        self.message.clear_message()
        backward = {NAMES, PASSWORD_1, PASSWORD_2}
        self.back.setVisible(index in backward or (index == HANDOVER
                                                   and self._handover_kind == TO_SECOND))
        self.next.setVisible(index not in (HANDOVER, READY_1, READY_2))
        self.next.setText(text("common", "finish_setup" if index == DONE else "next"))
        self.next.setAccessibleName(self.next.text())
        names = self.names()
        if index == NAMES:
            self.first_name.setFocus()
        elif index in (PASSWORD_1, PASSWORD_2):
            partner = 1 if index == PASSWORD_1 else 2
            self.password_steps[partner].greet(names[partner])
        elif index == HANDOVER:
            kind = self._handover_kind
            self.handover.say(text("setup", f"{kind}_title", first=names[1], second=names[2]),
                              text("setup", kind, first=names[1], second=names[2]),
                              text("setup", f"{kind}_button", first=names[1], second=names[2]))
        elif index in (READY_1, READY_2):
            partner = 1 if index == READY_1 else 2
            name, other = names[partner], names[3 - partner]
            self.ready_steps[partner].say(
                text("setup", "ready_title", name=name),
                text("setup", f"ready_{partner}", name=name, other=other),
                text("setup", "ready_button", name=name),
            )
        elif index in (RECOVERY_1, RECOVERY_2) and self._plan is not None:
            partner = 1 if index == RECOVERY_1 else 2
            groups = format_recovery_key(self._plan.recovery_keys[partner])
            self.recovery_steps[partner].show_key(names[partner], groups)

    def _hand_over(self, kind: str) -> None:
        self._handover_kind = kind
        self._show(HANDOVER)

    def go_back(self) -> None:
        if self._tasks.busy:
            return
        index = self.current()
        if index == NAMES:
            self._show(WELCOME)
        elif index == PASSWORD_1:
            self._chosen.clear()
            self._show(NAMES)
        elif index == HANDOVER and self._handover_kind == TO_SECOND:
            self._chosen.clear()
            self._show(PASSWORD_1)
        elif index == PASSWORD_2:
            # The first partner's password is dropped too: their page could only come
            # back filled, in front of whoever pressed Back.
            self._chosen.clear()
            self.password_steps[2].clear()
            self._hand_over(BACK_TO_FIRST)

    def go_next(self) -> None:
        if self._tasks.busy:
            return
        index = self.current()
        if index == NAMES and not self._names_ok():
            return
        if index in (PASSWORD_1, PASSWORD_2):
            self._choose(1 if index == PASSWORD_1 else 2)
            return
        if index == HANDOVER:
            self._show(PASSWORD_2 if self._handover_kind == TO_SECOND else PASSWORD_1)
            return
        if index in (RECOVERY_1, RECOVERY_2):
            partner = 1 if index == RECOVERY_1 else 2
            if not self.recovery_steps[partner].confirmed():
                self.message.say(text("setup", "recovery_confirm_wrong"),
                                 under=self.recovery_steps[partner].confirm)
                return
            if index == RECOVERY_2:
                self._write()
                return
            self.recovery_steps[1].forget()  # off screen before the other partner looks
        if index == DONE:
            self._finish()
            return
        self._show(index + 1)

    def names(self) -> dict[int, str]:
        return {1: self.first_name.text().strip(), 2: self.second_name.text().strip()}

    def _names_ok(self) -> bool:
        names = self.names()
        if not names[1] or not names[2]:
            empty = self.first_name if not names[1] else self.second_name
            self.message.say(text("setup", "names_missing"), under=empty)
            empty.setFocus()
            return False
        if names[1].casefold() == names[2].casefold():
            self.message.say(text("setup", "names_same"), under=self.second_name)
            self.second_name.setFocus()
            return False
        return True

    def _choose(self, partner: int) -> None:
        """Take ``partner``'s password out of its fields, then hand over or prepare."""
        step = self.password_steps[partner]
        password = step.password.value()
        try:
            check_new_password(password)
        except PasswordRejected as error:
            self.message.say(explain(error), under=step.password)
            step.password.edit.setFocus()
            return
        if password != step.again.value():
            self.message.say(text("setup", "passwords_differ"), under=step.again)
            step.again.edit.setFocus()
            return
        if password in self._spent:
            self.message.say(text("setup", "password_spent"), under=step.password)
            step.password.edit.setFocus()
            return
        self._chosen[partner] = password
        step.clear()
        if partner == 1:
            self._hand_over(TO_SECOND)
        elif self._chosen[1] == self._chosen[2]:
            # Both typed the same: each now knows it, so neither may keep it.
            self._spent.add(password)
            self._chosen.clear()
            self._hand_over(CHOOSE_AGAIN)
        else:
            self._prepare()

    # the slow parts

    def _busy(self, busy: bool, note: str = "") -> None:
        self.progress.setVisible(busy)
        self.next.setEnabled(not busy)
        self.back.setEnabled(not busy)
        if busy:
            self.message.say(note)
        else:
            self.message.clear_message()

    def _prepare(self) -> None:
        names = self.names()
        passwords = dict(self._chosen)
        cost = self._cost
        self._busy(True, text("setup", "preparing"))
        self._tasks.run(
            lambda: vault_module.prepare_setup(names, passwords, cost),
            self._prepared,
            self._failed,
        )

    def _prepared(self, plan: SetupPlan) -> None:
        self._busy(False)
        self._plan = plan
        self._chosen.clear()
        self._spent.clear()
        self._show(READY_1)

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        self._chosen.pop(2, None)  # the second partner types theirs again to retry
        self.message.say(explain(error, folder=str(self._path.parent)))

    def _write(self) -> None:
        assert self._plan is not None
        try:
            self.vault = vault_module.Vault.create(self._path, self._plan)
        except Exception as error:
            self.message.say(explain(error, folder=str(self._path.parent), path=str(self._path)))
            return
        self.recovery_steps[2].forget()
        self._show(DONE)

    def _finish(self) -> None:
        assert self._plan is not None
        bundles = dict(self._plan.bundles)
        self._plan = None
        self.created.emit(self.vault, bundles)

    def _save_pdf(self, partner: int) -> None:
        if self._plan is None:
            return
        name = self.names()[partner]
        default = str(Path.home() / text("setup", "recovery_pdf_name", name=name))
        target, _ = QFileDialog.getSaveFileName(
            self, text("setup", "recovery_save_pdf"), default, "PDF (*.pdf)"
        )
        if target:
            self.save_pdf_to(partner, Path(target))

    def save_pdf_to(self, partner: int, target: Path) -> None:
        """Write ``partner``'s recovery sheet to ``target`` off the GUI thread."""
        assert self._plan is not None
        raw = self._plan.recovery_keys[partner]
        name = self.names()[partner]
        vault_name = self._path.name
        step = self.recovery_steps[partner]

        def work() -> Path:
            from exports.recovery_sheet import export_recovery_sheet

            return export_recovery_sheet(target, name, raw, vault_name)

        def saved(path: Path) -> None:
            self._busy(False)
            step.saved.say(text("setup", "recovery_saved", path=path))

        def failed(error: BaseException) -> None:
            self._busy(False)
            step.saved.say(explain(error))

        self._busy(True)
        self._tasks.run(work, saved, failed)
