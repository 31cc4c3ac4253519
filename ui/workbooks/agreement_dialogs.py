"""Small dialogs for agreement steps: confirm with a password, a kind note, a review.

Each opens with ``open()`` (window-modal, no nested event loop) and the tab acts on
``accepted``; a lock deletes the tab and these dialogs with it.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from models import agreements
from models import vault as vault_module
from models.agreements import AgreementView
from models.errors import TrellisError, WrongPassword
from models.keys import KeyBundle
from ui.texts import explain, text
from ui.widgets.common import MessageLabel, body_label, busy_bar, named, submit_cancel
from ui.widgets.password_field import PasswordField
from ui.workbooks import WorkbookContext

DECISIONS = ("keep", "adjust", "pause", "retire")


def _start(dialog: QDialog, name: str, title: str) -> None:
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    dialog.setMinimumWidth(480)


class NoteDialog(QDialog):
    """A kind question with an optional note and, when it matters, who is asking."""

    def __init__(self, section: str, parent: QWidget, *, who: dict[int, str] | None = None,
                 note: bool = True, **values: object) -> None:
        super().__init__(parent)
        _start(self, f"{section}Dialog", text(section, "title"))
        layout = QVBoxLayout(self)
        layout.addWidget(body_label(text(section, "intro", **values), f"{section}Intro"))
        form = QFormLayout()
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
        self.note.setFixedHeight(88)
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
        _start(self, "confirmDialog", text("agreements_confirm", "title"))
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
        self.message = MessageLabel("confirmMessage")
        self.progress = busy_bar("confirmProgress", text("agreements_confirm", "working"))
        self.buttons = submit_cancel(self, "confirm", text("agreements_confirm", "submit"),
                                text("agreements_confirm", "cancel"))
        self.buttons.accepted.connect(self.submit)
        self.password.return_pressed.connect(self.submit)
        self.who.currentIndexChanged.connect(lambda: self.message.clear_message())
        form = QFormLayout()
        form.addRow(text("agreements_confirm", "who"), self.who)
        form.addRow(text("agreements_confirm", "password"), self.password)
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
        self._ctx.tasks.run(lambda: vault_module.try_password([slot], typed),
                            self._opened, self._failed)

    def _opened(self, result: tuple[int, KeyBundle]) -> None:
        if not isValid(self) or self._ctx.session.locked:
            return  # locked while the password was being checked: nothing to do
        self._settle()
        partner, bundle = result
        try:
            self.result_view = agreements.confirm(
                self._ctx.session.keyring, self._uuid, partner, bundle
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
                                  name=self._ctx.session.name_of(self.partner())))
            self.password.edit.selectAll()
            self.password.edit.setFocus()
        else:
            self.message.say(explain(error))

    def _settle(self) -> None:
        self.progress.hide()
        self.buttons.setEnabled(True)
        self.password.clear()


class ReviewDialog(QDialog):
    """Each partner's two ratings, what helps, what is hard, and the decision."""

    def __init__(self, ctx: WorkbookContext, view: AgreementView, parent: QWidget) -> None:
        super().__init__(parent)
        _start(self, "reviewDialog", text("agreements_review", "title"))
        self.setMinimumWidth(600)
        session = ctx.session
        names = {partner: session.name_of(partner) for partner in (1, 2)}
        layout = QVBoxLayout(self)
        title = view.current.text.get("title", "").strip() or text("agreements", "untitled")
        heading = named(QLabel(f"<b>{escape(title)}</b>"), "reviewHeading", title)
        layout.addWidget(heading)
        layout.addWidget(body_label(text("agreements_review", "intro"), "reviewIntro"))
        if not session.together:
            other = names[3 - session.partners[0]]
            layout.addWidget(body_label(text("agreements_review", "solo_hint", name=other),
                                        "reviewSoloHint", role="hint"))
        grid = QGridLayout()
        grid.setColumnStretch(0, 1)
        self.works: dict[int, QComboBox] = {}
        self.follow: dict[int, QComboBox] = {}
        for column, partner in enumerate((1, 2), start=1):
            grid.addWidget(QLabel(f"<b>{escape(names[partner])}</b>"), 0, column)
        for row, (kind, store) in enumerate((("works", self.works), ("follow", self.follow)),
                                            start=1):
            question = QLabel(text("agreements_review", f"{kind}_row"))
            question.setWordWrap(True)
            grid.addWidget(question, row, 0)
            for column, partner in enumerate((1, 2), start=1):
                combo = named(QComboBox(), f"review_{kind}_{partner}",
                              text("agreements_review", kind, name=names[partner]))
                combo.addItem(text("agreements_review", "choose"), 0)
                for value in range(1, 6):
                    label = {1: text("agreements_review", "scale_low"),
                             5: text("agreements_review", "scale_high")}.get(value, str(value))
                    combo.addItem(label, value)
                store[partner] = combo
                grid.addWidget(combo, row, column)
        layout.addLayout(grid)
        self.helps = self._words("helps", layout)
        self.hard = self._words("hard", layout)
        layout.addWidget(QLabel(text("agreements_review", "decision")))
        self.decision = QButtonGroup(self)
        decisions = QGridLayout()
        for index, decision in enumerate(DECISIONS):
            label = text("agreements_review", decision)
            button = named(QRadioButton(label), f"reviewDecision_{decision}", label)
            button.setProperty("decision", decision)
            self.decision.addButton(button)
            decisions.addWidget(button, index // 2, index % 2)
        layout.addLayout(decisions)
        self.message = MessageLabel("reviewMessage")
        layout.addWidget(self.message)
        self.buttons = submit_cancel(self, "review", text("agreements_review", "submit"),
                                text("agreements_review", "cancel"))
        self.buttons.accepted.connect(self.submit)
        layout.addWidget(self.buttons)

    def _words(self, field: str, layout: QVBoxLayout) -> QPlainTextEdit:
        area = named(QPlainTextEdit(), f"review_{field}", text("agreements_review", field))
        area.setPlaceholderText(text("agreements_review", f"{field}_prompt"))
        area.setTabChangesFocus(True)
        area.setFixedHeight(64)
        label = QLabel(text("agreements_review", field))
        label.setBuddy(area)
        layout.addWidget(label)
        layout.addWidget(area)
        return area

    def ratings(self) -> dict[int, int]:
        return {p: int(c.currentData()) for p, c in self.works.items()}

    def follow_through(self) -> dict[int, int]:
        return {p: int(c.currentData()) for p, c in self.follow.items()}

    def chosen_decision(self) -> str | None:
        checked = self.decision.checkedButton()
        return None if checked is None else str(checked.property("decision"))

    def submit(self) -> None:
        if 0 in (*self.ratings().values(), *self.follow_through().values()):
            self.message.say(text("agreements_review", "need_ratings"))
        elif self.chosen_decision() is None:
            self.message.say(text("agreements_review", "need_decision"))
        else:
            self.accept()
