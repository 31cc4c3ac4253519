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

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from models import vault as vault_module
from models.errors import PasswordRejected
from models.keys import Argon2Cost, check_new_password, format_recovery_key
from models.vault import SetupPlan
from ui.safety import safety_link
from ui.tasks import TaskRunner
from ui.texts import explain, text
from ui.widgets.common import (
    FieldMessage,
    FormGrid,
    body_label,
    busy_bar,
    centered,
    left_aligned,
    named,
    primary_button,
    title_label,
)
from ui.widgets.password_field import PasswordField

(WELCOME, NAMES, PASSWORD_1, HANDOVER, PASSWORD_2, READY_1, RECOVERY_1, READY_2, RECOVERY_2,
 DONE) = range(10)

# What the one hand-over page between the password pages is saying right now.
TO_SECOND, BACK_TO_FIRST, CHOOSE_AGAIN = "to_second", "back_to_first", "choose_again"


class _PasswordStep(QWidget):
    def __init__(self, partner: int) -> None:
        super().__init__()
        self.setObjectName(f"setupPasswordStep{partner}")
        self.title = title_label("", f"setupPasswordTitle{partner}")
        self.password = PasswordField(
            f"setupPassword{partner}", text("setup", "password_label"), strength=True
        )
        self.again = PasswordField(
            f"setupPasswordAgain{partner}", text("setup", "password_again_label")
        )
        form = FormGrid()
        form.add_row(text("setup", "password_label"), self.password, self.password.edit)
        form.add_row(text("setup", "password_again_label"), self.again, self.again.edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        intro = body_label(text("setup", "password_intro"), f"setupPasswordIntro{partner}")
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addStretch(1)

    def greet(self, name: str) -> None:
        self.title.setText(text("setup", "password_title", name=name))
        self.title.setAccessibleName(self.title.text())
        self.clear()
        self.password.edit.setFocus()

    def clear(self) -> None:
        self.password.clear()
        self.again.clear()


class _HandOverStep(QWidget):
    """Whose turn it is now, with one button the person taking over presses."""

    def __init__(self, object_name: str, button_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        # The page itself takes focus, so a key pressed twice on the page before cannot
        # fall through to the button and skip the hand-over.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.title = title_label("", object_name + "Title")
        self.body = body_label("", object_name + "Body")
        self.button = named(QPushButton(), button_name, text("common", "next"))
        self.button.setProperty("role", "primary")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addLayout(left_aligned(self.button))
        layout.addStretch(1)

    def say(self, title: str, body: str, button: str) -> None:
        for label, words in ((self.title, title), (self.body, body)):
            label.setText(words)
            label.setAccessibleName(words.split("\n")[0][:80])
        self.setAccessibleName(title)
        self.button.setText(button)
        self.button.setAccessibleName(button)
        self.setFocus()


class _RecoveryStep(QWidget):
    def __init__(self, partner: int, message: FieldMessage) -> None:
        super().__init__()
        self.setObjectName(f"setupRecoveryStep{partner}")
        self.partner = partner
        self.title = title_label("", f"setupRecoveryTitle{partner}")
        self.groups = named(QLabel(), "recoveryGroups", text("setup", "recovery_key_name"))
        self.save = named(
            QPushButton(text("setup", "recovery_save_pdf")), f"saveRecoveryPdf{partner}",
            text("setup", "recovery_save_pdf"),
        )
        self.confirm = named(
            QLineEdit(), f"recoveryConfirm{partner}", text("setup", "recovery_confirm_label")
        )
        self.confirm.setMaxLength(8)
        self.saved = FieldMessage(f"recoverySaved{partner}", kind="notice")
        form = FormGrid()
        form.add_row(text("setup", "recovery_confirm_label"), message.under(self.confirm),
                     self.confirm)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        intro = body_label(text("setup", "recovery_intro"), f"setupRecoveryIntro{partner}")
        layout.addWidget(intro)
        layout.addWidget(self.groups)
        layout.addLayout(left_aligned(self.save))
        layout.addWidget(self.saved)
        layout.addLayout(form)
        layout.addStretch(1)
        self._last = ""

    def show_key(self, name: str, groups: list[str]) -> None:
        self.title.setText(text("setup", "recovery_title", name=name))
        half = len(groups) // 2
        self.groups.setText("  ".join(groups[:half]) + "\n" + "  ".join(groups[half:]))
        self._last = groups[-1]
        self.confirm.clear()
        self.saved.clear_message()
        self.confirm.setFocus()

    def confirmed(self) -> bool:
        typed = "".join(ch for ch in self.confirm.text().upper() if ch.isalnum())
        return typed.replace("O", "0").replace("I", "1").replace("L", "1") == self._last

    def forget(self) -> None:
        self.groups.clear()
        self.confirm.clear()
        self.saved.clear_message()
        self._last = ""


class _CurrentOnly(QStackedLayout):
    """Only the step on show decides the height, so the buttons follow its last line
    (a QStackedLayout asks every page and takes the tallest)."""

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt API)
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSize()

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        page = self.currentWidget()
        if page is None or not page.hasHeightForWidth():
            return -1 if page is None else page.sizeHint().height()
        return page.heightForWidth(width)


def _steps() -> tuple[QWidget, QStackedLayout]:
    holder = QWidget()
    return holder, _CurrentOnly(holder)


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
        steps_box, self.steps = _steps()
        named(steps_box, "setupSteps", text("setup", "window_title"))
        self.first_name = named(QLineEdit(), "firstName", text("setup", "first_name_label"))
        self.second_name = named(QLineEdit(), "secondName", text("setup", "second_name_label"))
        for edit in (self.first_name, self.second_name):
            edit.setPlaceholderText(text("setup", "name_placeholder"))
            edit.setMaxLength(60)
        self.password_steps = {1: _PasswordStep(1), 2: _PasswordStep(2)}
        for chooser in self.password_steps.values():
            self.message.under(chooser.password)
            self.message.under(chooser.again)
        self.handover = _HandOverStep("setupHandOver", "setupHandOverContinue")
        self.ready_steps = {p: _HandOverStep(f"setupReady{p}", f"recoveryReady{p}")
                            for p in (1, 2)}
        self.recovery_steps = {p: _RecoveryStep(p, self.message) for p in (1, 2)}
        for partner, recovery in self.recovery_steps.items():
            recovery.save.clicked.connect(lambda _=False, p=partner: self._save_pdf(p))
        for page in (self._welcome_step(), self._names_step(), self.password_steps[1],
                     self.handover, self.password_steps[2], self.ready_steps[1],
                     self.recovery_steps[1], self.ready_steps[2], self.recovery_steps[2],
                     self._simple_step("done", text("setup", "done_title"),
                                       text("setup", "done"))):
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

    def _simple_step(self, name: str, title: str, body: str) -> QWidget:
        step = QWidget()
        step.setObjectName(f"setupStep_{name}")
        layout = QVBoxLayout(step)
        layout.addWidget(title_label(title, f"setupTitle_{name}"))
        layout.addWidget(body_label(body, f"setupBody_{name}"))
        layout.addStretch(1)
        return step

    def _welcome_step(self) -> QWidget:
        step = self._simple_step("welcome", text("setup", "welcome_title"),
                                 text("setup", "welcome"))
        self.safety = safety_link("setupSafetyLink", self)
        layout = step.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(layout.count() - 1, left_aligned(self.safety))
        return step

    def _names_step(self) -> QWidget:
        step = QWidget()
        step.setObjectName("setupStep_names")
        form = FormGrid()
        form.add_row(text("setup", "first_name_label"), self.message.under(self.first_name),
                     self.first_name)
        form.add_row(text("setup", "second_name_label"), self.message.under(self.second_name),
                     self.second_name)
        layout = QVBoxLayout(step)
        layout.addWidget(title_label(text("setup", "names_title"), "setupTitle_names"))
        layout.addWidget(body_label(text("setup", "names_intro"), "setupNamesIntro"))
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addStretch(1)
        return step

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
