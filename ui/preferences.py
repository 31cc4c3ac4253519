"""Preferences: how many quiet minutes before Trellis locks itself (and, together,
before an open journal closes), its colours and its text size. Saving applies them at
once, in every window, and remembers them."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QSpacerItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui import settings, theme
from ui.texts import counted, text
from ui.widgets.common import body_label, named, submit_cancel


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle(text("preferences", "window_title"))
        self.setAccessibleName(text("preferences", "window_title"))
        self.idle_minutes = named(QSpinBox(), "idleMinutes", text("preferences", "idle_label"))
        self.idle_minutes.setRange(1, 120)
        # A suffix cannot say "1 quiet minute" by itself: it follows the value.
        self.idle_minutes.valueChanged.connect(self._minutes_changed)
        self.idle_minutes.setValue(settings.IDLE_LOCK_MINUTES.get())
        self._minutes_changed(self.idle_minutes.value())
        inner = self.idle_minutes.findChild(QLineEdit)
        if inner is not None:  # the spin box's own text field, as a screen reader meets it
            inner.setAccessibleName(text("preferences", "idle_label"))
        theme.give_room(self.idle_minutes)
        self.journal_minutes = named(QSpinBox(), "journalIdleMinutes",
                                     text("journal_preferences", "idle_label"))
        self.journal_minutes.setRange(1, 60)
        self.journal_minutes.valueChanged.connect(self._journal_minutes_changed)
        self.journal_minutes.setValue(settings.JOURNAL_IDLE_MINUTES.get())
        self._journal_minutes_changed(self.journal_minutes.value())
        inner = self.journal_minutes.findChild(QLineEdit)
        if inner is not None:
            inner.setAccessibleName(text("journal_preferences", "idle_label"))
        theme.give_room(self.journal_minutes)

        self.theme = named(QComboBox(), "themeChoice", text("preferences", "theme_label"))
        for name in theme.THEMES:
            self.theme.addItem(text("preferences", f"theme_{name}"), name)
        self._choose(self.theme, settings.THEME.get(), theme.DEFAULT_THEME)
        self.text_size = named(QComboBox(), "textSizeChoice", text("preferences", "size_label"))
        for name in theme.TEXT_SIZES:
            self.text_size.addItem(text("preferences", f"size_{name}"), name)
        self._choose(self.text_size, settings.TEXT_SIZE.get(), theme.DEFAULT_TEXT_SIZE)

        # One form, so the three fields line up; each help sentence spans the form.
        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(body_label(text("preferences", "idle_help"), "idleHelp"))
        form.addRow(text("preferences", "idle_label"), self.idle_minutes)
        form.addItem(QSpacerItem(0, 8))
        form.addRow(body_label(text("journal_preferences", "idle_help"), "journalIdleHelp"))
        form.addRow(text("journal_preferences", "idle_label"), self.journal_minutes)
        form.addItem(QSpacerItem(0, 8))
        form.addRow(body_label(text("preferences", "look_help"), "lookHelp"))
        form.addRow(text("preferences", "theme_label"), self.theme)
        form.addRow(text("preferences", "size_label"), self.text_size)
        buttons = submit_cancel(self, "preferences", text("preferences", "save"),
                                text("common", "cancel"))
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(6)
        layout.addWidget(buttons)

    @staticmethod
    def _choose(box: QComboBox, value: str, fallback: str) -> None:
        index = box.findData(value)
        box.setCurrentIndex(index if index >= 0 else box.findData(fallback))

    def _minutes_changed(self, minutes: int) -> None:
        self.idle_minutes.setSuffix(counted("preferences", "minutes_suffix", minutes))

    def _journal_minutes_changed(self, minutes: int) -> None:
        self.journal_minutes.setSuffix(counted("journal_preferences", "minutes_suffix",
                                               minutes))

    def save(self) -> int:
        """Store the choices and show the new look in every window; returns the minutes
        chosen, for the idle lock."""
        minutes = int(self.idle_minutes.value())
        settings.IDLE_LOCK_MINUTES.set(minutes)
        settings.JOURNAL_IDLE_MINUTES.set(int(self.journal_minutes.value()))
        chosen_theme = str(self.theme.currentData())
        chosen_size = str(self.text_size.currentData())
        settings.THEME.set(chosen_theme)
        settings.TEXT_SIZE.set(chosen_size)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_theme(app, chosen_theme, chosen_size)
        return minutes
