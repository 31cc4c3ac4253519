"""A password entry with a show/hide toggle, and an optional strength hint.

Two people share one keyboard, so the toggle stays out of the Tab chain (a Tab and a
space typed by one partner must never show the other's password) and whatever it shows
is hidden again as soon as the field loses focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

from ui.texts import text
from ui.widgets.common import named


class PasswordField(QWidget):
    """``QLineEdit`` in password mode; ``strength=True`` adds a live hint beneath."""

    return_pressed = Signal()

    def __init__(self, object_name: str, accessible: str, strength: bool = False) -> None:
        super().__init__()
        self.setObjectName(object_name + "Box")
        self.edit = named(QLineEdit(), object_name, accessible)
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.returnPressed.connect(self.return_pressed)
        self.edit.setAccessibleDescription(text("common", "show_description"))
        self.edit.installEventFilter(self)
        show_name = text("common", "show_named", name=accessible.lower())
        self.toggle = named(QToolButton(), object_name + "Show", show_name)
        self.toggle.setText(text("common", "show"))
        self.toggle.setCheckable(True)
        self.toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.toggle.toggled.connect(self._show)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.toggle)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addLayout(row)
        # Where a FieldMessage about this password goes: right under it, above the hint.
        self.message_spot = QVBoxLayout()
        column.addLayout(self.message_spot)
        self.setFocusProxy(self.edit)  # a form label's buddy is this whole field
        self.hint: QLabel | None = None
        if strength:
            self.hint = named(QLabel(), object_name + "Strength", text("common", "strength_name"))
            self.hint.setProperty("role", "hint")
            self.hint.setWordWrap(True)
            column.addWidget(self.hint)
            self.edit.textChanged.connect(self._rate)
            self._rate("")

    def value(self) -> str:
        return self.edit.text()

    def clear(self) -> None:
        self.edit.clear()
        self.toggle.setChecked(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.FocusOut:
            self.toggle.setChecked(False)
        return super().eventFilter(watched, event)

    def _show(self, visible: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        self.edit.setEchoMode(mode)
        self.toggle.setText(text("common", "hide" if visible else "show"))

    def _rate(self, value: str) -> None:
        assert self.hint is not None
        from models.keys import MIN_PASSWORD_CHARS, password_strength  # not at start-up (#9)

        level = password_strength(value)
        self.hint.setText(text("strength", str(level), minimum=MIN_PASSWORD_CHARS))
        self.hint.setAccessibleDescription(self.hint.text())
