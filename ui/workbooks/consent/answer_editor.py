"""The chosen item in the private answers: its words, the four answers and the note.

One editor serves every row: choosing a row shows its item here, with what was saved
for it. The answer dialog saves what is chosen; this only shows and takes input.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models.consent import Item
from ui.texts import text
from ui.widgets.common import named
from ui.workbooks.consent.words import answer_label, answers


def _words(key: str, **values: object) -> str:
    return text("consent_answers", key, **values)


class AnswerEditor(QFrame):
    """Yes / not sure yet / not now / no for the item shown, and a private note."""

    chose = Signal(str)  # the person chose this answer for the item shown
    note_done = Signal()  # the person finished typing the note (Return or leaving it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consentAnswerEditor")
        self.setProperty("role", "card")
        self.uuid: str | None = None
        self.heading = QLabel()
        self.heading.setObjectName("consentAnswerItem")
        self.heading.setWordWrap(True)
        self.heading.setProperty("role", "heading")
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        choices = QHBoxLayout()
        choices.setSpacing(18)
        for value in answers():
            button = named(QRadioButton(answer_label(value)), f"consentAnswer_{value}",
                           answer_label(value))
            button.setProperty("answer", value)
            self.group.addButton(button)
            button.installEventFilter(self)
            self.buttons[value] = button
            choices.addWidget(button)
        choices.addStretch(1)
        self.note = named(QLineEdit(), "consentNote", _words("note_prompt"))
        self.note.setPlaceholderText(_words("note_prompt"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addLayout(choices)
        layout.addWidget(self.note)
        self.group.buttonToggled.connect(
            lambda button, checked: self.chose.emit(str(button.property("answer")))
            if checked else None)
        self.note.editingFinished.connect(self.note_done)
        self.show_item(None, None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Tab into the answers lands on the one chosen, as a screen reader expects
        (arrow keys then move between them); with none chosen, on the first."""
        if (event.type() == QEvent.Type.FocusIn and isinstance(event, QFocusEvent)
                and event.reason() in (Qt.FocusReason.TabFocusReason,
                                       Qt.FocusReason.BacktabFocusReason)):
            checked = self.group.checkedButton()
            if checked is not None and checked is not watched:
                checked.setFocus(event.reason())
        return False

    def show_item(self, item: Item | None, saved: tuple[str, str] | None) -> None:
        """Show ``item`` with what was saved for it (None: nothing chosen to answer)."""
        self.uuid = None if item is None else item.uuid
        self.setEnabled(item is not None)
        self.heading.setText("" if item is None else item.label)
        self.heading.setAccessibleName("" if item is None else item.label)
        self.group.blockSignals(True)
        self.group.setExclusive(False)  # so that no answer can be shown as chosen
        for value, button in self.buttons.items():
            button.setChecked(saved is not None and saved[0] == value)
            words = answer_label(value)
            button.setAccessibleName(words if item is None else _words(
                "choice_name", label=item.label, answer=words))
        self.group.setExclusive(True)
        self.group.blockSignals(False)
        self.note.blockSignals(True)
        self.note.setText("" if saved is None else saved[1])
        self.note.blockSignals(False)
        self.note.setAccessibleName(_words("note_prompt") if item is None else _words(
            "note_name", label=item.label))

    def chosen(self) -> str | None:
        button = self.group.checkedButton()
        return None if button is None else str(button.property("answer"))

    def note_text(self) -> str:
        return self.note.text().strip()

    def choose(self, value: str) -> None:
        """Choose ``value`` as a click would (a number key in the table)."""
        button = self.buttons.get(value)
        if button is not None and self.isEnabled():
            button.setChecked(True)
