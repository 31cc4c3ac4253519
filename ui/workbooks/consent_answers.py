"""One partner's private answers to the consent check-in, saved as soon as they choose.

The dialog opens only that partner's answers (sealed with their journal key) and is
deleted when closed, so nothing stays on screen for the other partner to see.
"""

from __future__ import annotations

import logging
from html import escape

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models import consent
from models.consent import Item
from models.errors import TrellisError
from ui.texts import explain, text
from ui.widgets.common import MessageLabel, body_label, named, scrolling
from ui.workbooks import WorkbookContext
from ui.workbooks.agreement_words import answer_label, answers

log = logging.getLogger(__name__)


class AnswerDialog(QDialog):
    """Yes / maybe / not now / no for each item, with an optional private note."""

    def __init__(self, ctx: WorkbookContext, owner: int, items: list[Item],
                 parent: QWidget) -> None:
        super().__init__(parent)
        name = ctx.session.name_of(owner)
        title = text("consent_answers", "title", name=name)
        self.setObjectName("consentAnswerDialog")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(720, 560)
        self._ctx = ctx
        self.owner = owner
        self.items = items
        mine = consent.my_answers(ctx.session.keyring, owner)
        self._saved = {uuid: (a.answer, a.note) for uuid, a in mine.items()}
        self.choices: dict[str, QButtonGroup] = {}
        self.notes: dict[str, QLineEdit] = {}

        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        for row, item in enumerate(items):
            label = QLabel(f"<b>{escape(item.label)}</b>")
            label.setWordWrap(True)
            grid.addWidget(label, row * 3, 0, 1, 5)
            group = QButtonGroup(self)
            saved = self._saved.get(item.uuid)
            for column, value in enumerate(answers()):
                words = answer_label(value)
                button = named(QRadioButton(words), f"consentAnswer_{row}_{value}",
                               text("consent_answers", "choice_name", label=item.label,
                                    answer=words))
                button.setProperty("answer", value)
                button.setChecked(saved is not None and saved[0] == value)
                group.addButton(button)
                grid.addWidget(button, row * 3 + 1, column)
            note = named(QLineEdit(saved[1] if saved else ""), f"consentNote_{row}",
                         text("consent_answers", "note_name", label=item.label))
            note.setPlaceholderText(text("consent_answers", "note_prompt"))
            grid.addWidget(note, row * 3 + 1, 4)
            grid.setRowMinimumHeight(row * 3 + 2, 10)
            group.buttonToggled.connect(
                lambda button, checked, uuid=item.uuid: checked and self.save(uuid))
            note.editingFinished.connect(lambda uuid=item.uuid: self.save(uuid))
            self.choices[item.uuid] = group
            self.notes[item.uuid] = note
        grid.setColumnStretch(4, 1)
        inner = QWidget()
        inner.setLayout(grid)
        scroll = scrolling(inner, "consentAnswerScroll")

        self.message = MessageLabel("consentAnswerMessage")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        done = buttons.button(QDialogButtonBox.StandardButton.Close)
        named(done, "consentAnswerDone", text("consent_answers", "done")).setText(
            text("consent_answers", "done"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(body_label(text("consent_answers", "intro"), "consentAnswerIntro"))
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def chosen(self, uuid: str) -> str | None:
        button = self.choices[uuid].checkedButton()
        return None if button is None else str(button.property("answer"))

    def save(self, uuid: str) -> None:
        """Save this item's answer and note if either changed (needs an answer first)."""
        value, note = self.chosen(uuid), self.notes[uuid].text().strip()
        if value is None or self._saved.get(uuid) == (value, note) or self._ctx.session.locked:
            return
        try:
            consent.answer(self._ctx.session.keyring, self.owner, uuid,
                           value, note)  # type: ignore[arg-type]
        except TrellisError as error:
            log.info("answer not saved: %s", type(error).__name__)
            self.message.say(explain(error))
            return
        self._saved[uuid] = (value, note)
        self.message.say(text("consent_answers", "saved"))

    def flush(self) -> None:
        """Save any note typed but not yet saved (before a lock)."""
        for uuid in self.choices:
            self.save(uuid)

    def done(self, result: int) -> None:
        self.flush()
        super().done(result)
