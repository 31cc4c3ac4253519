"""A review of one agreement: each partner rates privately, and the shared words and
the decision (keep, adjust, pause, retire) are settled together with both passwords, or
kept as one partner's notes, done alone.

Like the other step dialogs it opens with ``open()``; the tab acts on its ``decide`` and
``alone`` signals.
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
from models.errors import TrellisError
from models.proof import FreshProof
from ui.texts import explain, text
from ui.widgets.common import (
    FieldMessage,
    FittingScroll,
    body_label,
    form_layout,
    labelled,
    lines_high,
    named,
    submit_cancel,
)
from ui.widgets.fresh_password import ask_fresh
from ui.workbooks import WorkbookContext
from ui.workbooks.agreements.dialogs import start_dialog

DECISIONS = ("keep", "adjust", "pause", "retire")


def quiet_when_fixed(dialog: ReviewDialog) -> None:
    """A sentence about what a review still needs goes as soon as it is given: a
    decision chosen, or words typed."""
    dialog.decision.buttonToggled.connect(lambda *_: dialog.message.clear_message())
    for area in (dialog.helps, dialog.hard):
        area.textChanged.connect(dialog.message.clear_message)


class RatingDialog(QDialog):
    """One partner's own ratings, saved privately until a review is decided together."""

    def __init__(self, ctx: WorkbookContext, view: AgreementView, owner: int,
                 proof: FreshProof | None, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        name = ctx.session.name_of(owner)
        start_dialog(self, "ratingDialog", text("agreements_review", "rating_title", name=name))
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
        start_dialog(self, "reviewDialog", text("agreements_review", "title"))
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
