"""The controls a story page writes with, read and filled the same way: several lines
(QPlainTextEdit), one line (QLineEdit), the private 0-10 rating (QSpinBox, "Not rated"
below 0) and a stand's view (:class:`ViewChoice`)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models import narrative
from ui.widgets.common import named
from ui.workbooks.narrative.words import step_words

NOT_RATED = -1


class ViewChoice(QWidget):
    """OK with me, not OK, mixed, or left open (""): one radio button each."""

    changed = Signal()

    def __init__(self, object_name: str, accessible: str) -> None:
        super().__init__()
        named(self, object_name, accessible)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.group = QButtonGroup(self)
        for number, value in enumerate(narrative.VIEWS):
            label = step_words("stand", f"view_{value or 'open'}")
            button = named(QRadioButton(label), f"{object_name}_{value or 'open'}", label)
            self.group.addButton(button, number)
            column.addWidget(button)
        self.group.idToggled.connect(lambda _id, on: self.changed.emit() if on else None)
        self.set_value("")

    def value(self) -> str:
        return narrative.VIEWS[max(0, self.group.checkedId())]

    def set_value(self, value: str) -> None:
        choices = narrative.VIEWS
        button = self.group.button(choices.index(value) if value in choices else 0)
        if button is not None:
            button.setChecked(True)


def value_of(editor: QWidget) -> str:
    """What ``editor`` holds, as a draft's field keeps it."""
    if isinstance(editor, QPlainTextEdit):
        return editor.toPlainText()
    if isinstance(editor, QLineEdit):
        return editor.text()
    if isinstance(editor, QSpinBox):
        return "" if editor.value() == NOT_RATED else str(editor.value())
    if isinstance(editor, ViewChoice):
        return editor.value()
    raise TypeError(type(editor).__name__)


def put_value(editor: QWidget, value: str) -> None:
    """Show a draft's field ``value`` in ``editor``."""
    if isinstance(editor, QPlainTextEdit):
        editor.setPlainText(value)
    elif isinstance(editor, QLineEdit):
        editor.setText(value)
    elif isinstance(editor, QSpinBox):
        editor.setValue(int(value) if value.isdigit() else NOT_RATED)
    elif isinstance(editor, ViewChoice):
        editor.set_value(value)
