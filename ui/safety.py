""""If you feel unsafe": a calm way out, reachable from setup, unlock and the Help menu.

The words live in ``resources/texts.toml`` under ``[safety]``. No phone numbers are
written here: helplines differ by country and change, and a wrong number at the wrong
moment does harm.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.texts import text
from ui.widgets.common import body_label, fit_to_content, named, title_label


class SafetyDialog(QDialog):
    """The page itself: a few short paragraphs and one Close button."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        title = text("safety", "title")
        named(self, "safetyDialog", title)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        fit_to_content(self)
        self.body = named(QLabel(text("safety", "body")), "safetyBody", title)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.setAccessibleDescription(self.body.text())
        from PySide6.QtWidgets import QDialogButtonBox  # not before the first paint (#9)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        named(close, "safetyClose", text("safety", "close")).setText(text("safety", "close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(title, "safetyTitle"))
        layout.addWidget(body_label(text("safety", "intro"), "safetyIntro"))
        layout.addWidget(self.body)
        layout.addWidget(buttons)
        close.setFocus()


def show_safety(parent: QWidget) -> None:
    """Open the safety page over ``parent``'s window, without blocking (window-modal)."""
    dialog = SafetyDialog(parent.window())
    dialog.open()


def safety_link(object_name: str, parent: QWidget) -> QPushButton:
    """A quiet, link-style button that opens the safety page over ``parent``'s window."""
    link = named(QPushButton(text("safety", "link")), object_name, text("safety", "link"))
    link.setFlat(True)
    link.setProperty("role", "link")
    link.setCursor(Qt.CursorShape.PointingHandCursor)
    link.clicked.connect(lambda: show_safety(parent))
    return link
