"""Small dialogs for agreement steps: confirm with a password, a kind note, a review.

Each opens with ``open()`` (window-modal, no nested event loop) and the tab acts on
``accepted``; a lock deletes the tab and these dialogs with it.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
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
    FittingScroll,
    FormGrid,
    body_label,
    busy_bar,
    fit_to_content,
    form_layout,
    labelled,
    lines_high,
    named,
    submit_cancel,
)
from ui.widgets.fresh_password import ask_fresh
from ui.widgets.password_field import PasswordField
from ui.workbooks import WorkbookContext

DECISIONS = ("keep", "adjust", "pause", "retire")


def _start(dialog: QDialog, name: str, title: str) -> None:
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
        _start(self, f"{section}Dialog", text(section, "title"))
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


class RatingDialog(QDialog):
    """One partner's own ratings, saved privately until a review is decided together."""

    def __init__(self, ctx: WorkbookContext, view: AgreementView, owner: int,
                 proof: FreshProof | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        name = ctx.session.name_of(owner)
        _start(self, "ratingDialog", text("agreements_review", "rating_title", name=name))
        self._ctx, self._uuid, self.owner, self._proof = ctx, view.uuid, owner, proof
        mine = agreements.my_rating(ctx.session.keyring, view.uuid, owner, proof)
        layout = QVBoxLayout(self)
        layout.addWidget(body_label(text("agreements_review", "rating_intro", name=name),
                                    "ratingIntro"))
        form = form_layout()
        self.combos: dict[str, QComboBox] = {}
        for kind, saved in (("works", mine.works if mine else None),
                            ("follow", mine.follow if mine else None)):
            combo = named(QComboBox(), f"rating_{kind}",
                          text("agreements_review", kind, name=name))
            combo.addItem(text("agreements_review", "rather_not"), 0)
            for value in range(1, 6):
                step = {1: text("agreements_review", "scale_low"),
                        5: text("agreements_review", "scale_high")}.get(value, str(value))
                combo.addItem(step, value)
            combo.setCurrentIndex(max(0, combo.findData(saved or 0)))
            label = QLabel(text("agreements_review", f"{kind}_mine"))
            label.setBuddy(combo)
            form.addRow(label, combo)
            self.combos[kind] = combo
        layout.addLayout(form)
        self.message = FieldMessage("ratingMessage")
        layout.addWidget(self.message)
        self.buttons = submit_cancel(self, "rating", text("agreements_review", "rating_save"),
                                     text("agreements_review", "cancel"))
        self.buttons.accepted.connect(self.save)
        layout.addWidget(self.buttons)

    def value(self, kind: str) -> int | None:
        return int(self.combos[kind].currentData()) or None

    def save(self) -> None:
        try:
            agreements.rate_review(self._ctx.session.keyring, self._uuid, self.owner,
                                   self._proof, works=self.value("works"),
                                   follow=self.value("follow"))
        except TrellisError as error:
            self.message.say(explain(error))
            return
        self._proof = None  # a proof is used once
        self.accept()


class ReviewDialog(QDialog):
    """A review: each partner rates privately; the shared words and the decision are
    settled together with both passwords, or kept as one partner's notes, done alone."""

    decide = Signal(object)  # dict[int, FreshProof]
    alone = Signal()

    def __init__(self, ctx: WorkbookContext, view: AgreementView, parent: QWidget) -> None:
        super().__init__(parent)
        _start(self, "reviewDialog", text("agreements_review", "title"))
        self.setMinimumWidth(600)
        self._ctx = ctx
        self._view = view
        session = ctx.session
        names = {partner: session.name_of(partner) for partner in (1, 2)}
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        title = view.current.text.get("title", "").strip() or text("agreements", "untitled")
        heading = named(QLabel(f"<b>{escape(title)}</b>"), "reviewHeading", title)
        layout.addWidget(heading)
        layout.addWidget(body_label(text("agreements_review", "intro"), "reviewIntro"))
        if not session.together:
            other = names[3 - session.partners[0]]
            layout.addWidget(body_label(text("agreements_review", "solo_hint", name=other),
                                        "reviewSoloHint", role="hint"))
        rates = QHBoxLayout()
        self.rate_buttons: dict[int, QPushButton] = {}
        for partner in (1, 2):
            label = text("agreements_review", "rate_button", name=names[partner])
            button = named(QPushButton(label), f"reviewRate_{partner}", label.rstrip("…"))
            button.clicked.connect(lambda _=False, p=partner: self.rate(p))
            self.rate_buttons[partner] = button
            rates.addWidget(button)
        rates.addStretch(1)
        layout.addLayout(rates)
        self.rated_note = FieldMessage("reviewRatedNote", kind="notice")
        layout.addWidget(self.rated_note)
        self.message = FieldMessage("reviewMessage")
        self.helps = self._words("helps", layout)
        self.hard = self._words("hard", layout, self.message)
        layout.addWidget(QLabel(text("agreements_review", "decision")))
        self.decision = QButtonGroup(self)
        self.choices = QWidget()
        self.choices.setObjectName("reviewDecisions")
        decisions = QGridLayout(self.choices)
        decisions.setContentsMargins(0, 0, 0, 0)
        for index, decision in enumerate(DECISIONS):
            words = text("agreements_review", decision)
            choice = named(QRadioButton(words), f"reviewDecision_{decision}", words)
            choice.setProperty("decision", decision)
            self.decision.addButton(choice)
            decisions.addWidget(choice, index // 2, index % 2)
        layout.addWidget(self.message.under(self.choices))
        outer = QVBoxLayout(self)
        # The review scrolls only when the screen is too small for all of it (a large
        # text size); what was said and the buttons stay in sight below.
        outer.addWidget(FittingScroll(body, "reviewBody"))
        outer.addWidget(self.message)
        self.buttons = submit_cancel(self, "review", text("agreements_review", "submit"),
                                     text("agreements_review", "cancel"))
        self.buttons.accepted.connect(self.submit)
        self.alone_button = named(
            QPushButton(text("agreements_review", "alone")), "reviewAlone",
            text("agreements_review", "alone"))
        self.buttons.addButton(self.alone_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.alone_button.clicked.connect(self._alone)
        self.alone_button.setVisible(not session.together)
        outer.addWidget(self.buttons)

    def _words(self, field: str, layout: QVBoxLayout,
               message: FieldMessage | None = None) -> QPlainTextEdit:
        area = named(QPlainTextEdit(), f"review_{field}", text("agreements_review", field))
        area.setPlaceholderText(text("agreements_review", f"{field}_prompt"))
        area.setTabChangesFocus(True)
        lines_high(area, 2)
        layout.addWidget(labelled(text("agreements_review", field), area))
        layout.addWidget(message.under(area) if message else area)
        return area

    def rate(self, partner: int) -> None:
        """Open ``partner``'s private ratings: directly in their own session alone,
        otherwise after they type their own password."""
        session = self._ctx.session
        if not session.together and session.partners == (partner,):
            self._open_rating(partner, None)
            return
        name = session.name_of(partner)
        ask_fresh(self._ctx, (partner,), text("agreements_review", "rate_fresh", name=name),
                  self, lambda proofs: self._open_rating(partner, proofs[partner]))

    def _open_rating(self, partner: int, proof: FreshProof | None) -> None:
        if not isValid(self) or self._ctx.session.locked:
            return
        try:
            dialog = RatingDialog(self._ctx, self._view, partner, proof, self)
        except TrellisError as error:  # their private ratings could not be opened
            self.message.say(explain(error))
            return
        dialog.accepted.connect(lambda: self.rated_note.say(
            text("agreements_review", "rated", name=self._ctx.session.name_of(partner))))
        dialog.open()

    def chosen_decision(self) -> str | None:
        checked = self.decision.checkedButton()
        return None if checked is None else str(checked.property("decision"))

    def submit(self) -> None:
        if self.chosen_decision() is None:
            self.message.say(text("agreements_review", "need_decision"), under=self.choices)
            return
        ask_fresh(self._ctx, (1, 2), text("agreements_review", "decide_fresh"), self,
                  self._decided)

    def _decided(self, proofs: dict[int, FreshProof]) -> None:
        if isValid(self) and not self._ctx.session.locked:
            self.decide.emit(proofs)
            self.accept()

    def _alone(self) -> None:
        if not (self.helps.toPlainText().strip() or self.hard.toPlainText().strip()):
            self.message.say(text("agreements_review", "need_words_alone"), under=self.hard)
            return
        self.alone.emit()
        self.accept()
