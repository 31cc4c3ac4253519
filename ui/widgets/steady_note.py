"""A short note beside a form ("Saved.") that comes and goes without moving anything.

A label whose text changes asks its window to lay itself out again; for a note that
appears after every pause in typing, that was most of what an autosave cost on screen
(#9). :class:`SteadyNote` keeps one size, room for its words at the current text size,
whether it shows them or not, so only the note itself is painted again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget


class SteadyNote(QLabel):
    """A label that shows ``words`` or nothing, always at the size ``words`` need."""

    def __init__(self, words: str, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self._words = words
        self._fit()

    def say(self) -> None:
        """Show the words (the note's size stays as it is)."""
        self.setText(self._words)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()  # a new text size or theme: room for the words at that size

    def _fit(self) -> None:
        shown = self.text()
        self.setMinimumSize(0, 0)
        self.setMaximumSize(16777215, 16777215)  # QWIDGETSIZE_MAX: measure freely
        self.setText(self._words)
        size = self.sizeHint()
        self.setText(shown)
        # A fixed size (minimum = maximum) is what tells Qt a new text changes no layout.
        self.setFixedSize(size)
