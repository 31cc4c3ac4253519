"""Preferences: how many quiet minutes before Trellis locks itself."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLineEdit, QSpinBox, QVBoxLayout, QWidget

from ui import settings
from ui.texts import text
from ui.widgets.common import body_label, named, submit_cancel


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(text("preferences", "window_title"))
        self.setAccessibleName(text("preferences", "window_title"))
        self.idle_minutes = named(QSpinBox(), "idleMinutes", text("preferences", "idle_label"))
        self.idle_minutes.setRange(1, 120)
        self.idle_minutes.setSuffix(text("preferences", "minutes_suffix"))
        self.idle_minutes.setValue(settings.IDLE_LOCK_MINUTES.get())
        inner = self.idle_minutes.findChild(QLineEdit)
        if inner is not None:  # the spin box's own text field, as a screen reader meets it
            inner.setAccessibleName(text("preferences", "idle_label"))
        form = QFormLayout()
        form.addRow(text("preferences", "idle_label"), self.idle_minutes)
        buttons = submit_cancel(self, "preferences", text("preferences", "save"),
                                text("common", "cancel"))
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(body_label(text("preferences", "idle_help"), "idleHelp"))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def save(self) -> int:
        """Store the choice; returns the minutes chosen."""
        minutes = int(self.idle_minutes.value())
        settings.IDLE_LOCK_MINUTES.set(minutes)
        return minutes
