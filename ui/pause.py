"""The resting screen shown after Pause: Trellis is locked, nothing is asked of anyone."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from ui.texts import text
from ui.widgets.common import body_label, centered, left_aligned, named, primary_button, title_label


class PausePage(QWidget):
    """A calm page with a grounding line; ``resume`` asks for the unlock page."""

    resume = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("pausePage")
        self.setAccessibleName(text("pause", "title"))
        self.continue_button = primary_button(text("pause", "continue"), "pauseContinue")
        self.continue_button.clicked.connect(self.resume)
        self.safety = named(QPushButton(text("pause", "unsafe")), "pauseSafety",
                            text("pause", "unsafe"))
        self.safety.setFlat(True)
        self.safety.setProperty("role", "link")
        self.safety.setCursor(Qt.CursorShape.PointingHandCursor)
        self.safety.clicked.connect(self.show_safety)
        self.grounding = named(QPushButton(text("grounding", "link")), "pauseGroundingExercise",
                               text("grounding", "link"))
        self.grounding.setFlat(True)
        self.grounding.setProperty("role", "link")
        self.grounding.setCursor(Qt.CursorShape.PointingHandCursor)
        self.grounding.clicked.connect(self.show_grounding)
        layout = QVBoxLayout()
        layout.addWidget(title_label(text("pause", "title"), "pauseTitle"))
        layout.addWidget(body_label(text("pause", "grounding"), "pauseGrounding"))
        layout.addWidget(body_label(text("pause", "locked"), "pauseLocked", role="hint"))
        layout.addSpacing(16)
        layout.addLayout(left_aligned(self.continue_button))
        layout.addLayout(left_aligned(self.grounding))
        layout.addLayout(left_aligned(self.safety))
        centered(self, layout, 560)

    def show_safety(self) -> None:
        # Imported when asked for: the resting screen must not slow start-up.
        from ui.safety import show_safety

        show_safety(self)

    def show_grounding(self) -> None:
        # It asks for no key and keeps nothing, so it opens here while locked too.
        from ui.workbooks.journal.grounding import show_grounding

        show_grounding(self)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self.continue_button.setFocus()
