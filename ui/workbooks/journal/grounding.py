"""A short grounding exercise: five things you can see, four you can hear, and so on
down to one slow breath, one step at a time, with a calm timer.

It asks for nothing and keeps nothing: no key, no file, no setting. So it opens from
the journal (closed or open), from a low safety rating and from the resting page after
Pause, where Trellis is locked. The timer only suggests how long a step might take; it
never moves on by itself, and nothing counts how the exercise went.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.texts import text
from ui.widgets.common import body_label, fit_to_content, named, title_label

# (step key, seconds the timer suggests; 0 for none)
STEPS: tuple[tuple[str, int], ...] = (
    ("start", 0), ("see", 30), ("hear", 30), ("touch", 30), ("smell", 20), ("taste", 20),
    ("breathe", 40), ("end", 0),
)
TICK_MS = 1000
SHOWN_EVERY = 5  # seconds: the timer's words change this often, not every second


def _words(key: str, **values: object) -> str:
    return text("grounding", key, **values)


class GroundingDialog(QDialog):
    """The exercise, one step per page; Back, Next and Close are always there."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        title = _words("title")
        named(self, "groundingDialog", title)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        fit_to_content(self)
        self.step = 0
        self.left = 0
        self.heading = title_label("", "groundingStep")
        self.words = body_label("", "groundingWords")
        self.words.setMinimumHeight(self.words.fontMetrics().lineSpacing() * 3)
        self.timer_line = body_label("", "groundingTimer", role="hint")
        self.timer_line.setAccessibleName(_words("timer_name"))
        self.back = named(QPushButton(_words("back")), "groundingBack", _words("back"))
        self.next = named(QPushButton(_words("next")), "groundingNext", _words("next"))
        self.next.setProperty("role", "primary")
        self.next.setDefault(True)
        self.close_button = named(QPushButton(_words("close")), "groundingClose",
                                  _words("close"))
        self.back.clicked.connect(lambda: self.go(self.step - 1))
        self.next.clicked.connect(self._next)
        self.close_button.clicked.connect(self.reject)
        self.clock = QTimer(self)
        self.clock.setObjectName("groundingClock")
        self.clock.setInterval(TICK_MS)
        self.clock.timeout.connect(self._tick)

        buttons = QHBoxLayout()
        buttons.addWidget(self.close_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back)
        buttons.addWidget(self.next)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addWidget(self.words)
        layout.addWidget(self.timer_line)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.go(0)

    def go(self, step: int) -> None:
        """Show step ``step`` (0 is the first) and start its timer, if it has one."""
        self.step = max(0, min(step, len(STEPS) - 1))
        key, seconds = STEPS[self.step]
        self.heading.setText(_words(f"{key}_title"))
        self.heading.setAccessibleName(self.heading.text())
        self.words.setText(_words(key))
        self.words.setAccessibleName(self.words.text()[:80])
        self.back.setEnabled(self.step > 0)
        last = self.step == len(STEPS) - 1
        self.next.setText(_words("done" if last else "next"))
        self.next.setAccessibleName(self.next.text())
        self.left = seconds
        self.clock.stop()
        if seconds:
            self.clock.start()
        self._show_time()
        self.next.setFocus()

    def _next(self) -> None:
        if self.step == len(STEPS) - 1:
            self.accept()
        else:
            self.go(self.step + 1)

    def _tick(self) -> None:
        self.left = max(0, self.left - 1)
        if self.left == 0:
            self.clock.stop()
        if self.left % SHOWN_EVERY == 0:
            self._show_time()

    def _show_time(self) -> None:
        key, seconds = STEPS[self.step]
        if not seconds:
            self.timer_line.setText("")
            self.timer_line.hide()
            return
        self.timer_line.show()
        if self.left > 0:
            self.timer_line.setText(_words("timer_left", seconds=self.left))
        else:
            self.timer_line.setText(_words("timer_done"))

    def done(self, result: int) -> None:
        self.clock.stop()
        super().done(result)


def show_grounding(parent: QWidget) -> GroundingDialog:
    """Open the exercise over ``parent``'s window, without blocking (window-modal)."""
    dialog = GroundingDialog(parent.window())
    dialog.open()
    return dialog


def grounding_link(object_name: str, parent: QWidget) -> QPushButton:
    """A quiet, link-style button that opens the exercise over ``parent``'s window."""
    link = named(QPushButton(_words("link")), object_name, _words("link"))
    link.setFlat(True)
    link.setProperty("role", "link")
    link.setCursor(Qt.CursorShape.PointingHandCursor)
    link.clicked.connect(lambda: show_grounding(parent))
    return link

