"""The steps of first-run setup (ui/setup.py leads a couple through them).

Each step only shows and holds what its owner types; what to do with it, and when a
secret leaves a field, is the setup page's to decide.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from ui.texts import text
from ui.widgets.common import (
    FieldMessage,
    FormGrid,
    body_label,
    left_aligned,
    named,
    title_label,
)
from ui.widgets.password_field import PasswordField


class PasswordStep(QWidget):
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


class HandOverStep(QWidget):
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


class RecoveryStep(QWidget):
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


class CurrentStepOnly(QStackedLayout):
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


def steps_holder() -> tuple[QWidget, QStackedLayout]:
    """A widget holding the steps, and the layout that shows one at a time."""
    holder = QWidget()
    return holder, CurrentStepOnly(holder)


def simple_step(name: str, title: str, body: str) -> QWidget:
    """A step that only says something: a title and a paragraph."""
    step = QWidget()
    step.setObjectName(f"setupStep_{name}")
    layout = QVBoxLayout(step)
    layout.addWidget(title_label(title, f"setupTitle_{name}"))
    layout.addWidget(body_label(body, f"setupBody_{name}"))
    layout.addStretch(1)
    return step


def welcome_step(safety: QPushButton) -> QWidget:
    """The first step, with the way to the safety page."""
    step = simple_step("welcome", text("setup", "welcome_title"), text("setup", "welcome"))
    layout = step.layout()
    assert isinstance(layout, QVBoxLayout)
    layout.insertLayout(layout.count() - 1, left_aligned(safety))
    return step


def names_step(message: FieldMessage, first: QLineEdit, second: QLineEdit) -> QWidget:
    """Both names, each with room for a message under it."""
    step = QWidget()
    step.setObjectName("setupStep_names")
    form = FormGrid()
    form.add_row(text("setup", "first_name_label"), message.under(first), first)
    form.add_row(text("setup", "second_name_label"), message.under(second), second)
    layout = QVBoxLayout(step)
    layout.addWidget(title_label(text("setup", "names_title"), "setupTitle_names"))
    layout.addWidget(body_label(text("setup", "names_intro"), "setupNamesIntro"))
    layout.addSpacing(8)
    layout.addLayout(form)
    layout.addStretch(1)
    return step
