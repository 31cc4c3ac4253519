"""The closed "My needs" page in a together session: one "Open my needs" button per
partner, each named, and nothing else about either partner's drafts.

Nothing on this page depends on what either partner wrote: not whether anything was
written, how much, or when. It reads nothing private.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from ui.texts import text
from ui.widgets.common import MessageLabel, body_label, centered, left_aligned, named, title_label
from ui.workbooks import WorkbookContext


def _words(key: str, **values: object) -> str:
    return text("needs_gate", key, **values)


class NeedsGate(QWidget):
    """``open_requested`` carries the partner whose button was pressed."""

    open_requested = Signal(int)

    def __init__(self, ctx: WorkbookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("needsGate")
        self.setAccessibleName(_words("title"))
        self.buttons: dict[int, QPushButton] = {}
        for partner in ctx.session.partners:
            name = ctx.session.name_of(partner)
            button = named(QPushButton(_words("open", name=name)), f"needsOpen{partner}",
                           _words("open_name", name=name))
            button.clicked.connect(lambda _=False, p=partner: self.open_requested.emit(p))
            self.buttons[partner] = button
        self.message = MessageLabel("needsGateMessage", kind="notice")
        layout = QVBoxLayout()
        layout.setSpacing(10)
        layout.addWidget(title_label(_words("title"), "needsGateTitle"))
        layout.addWidget(body_label(_words("intro"), "needsGateIntro"))
        layout.addWidget(body_label(_words("privacy"), "needsGatePrivacy", role="hint"))
        layout.addSpacing(6)
        for button in self.buttons.values():
            layout.addLayout(left_aligned(button))
        layout.addWidget(self.message)
        centered(self, layout, 620)
