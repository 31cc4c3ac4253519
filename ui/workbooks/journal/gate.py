"""The closed journal in a together session: one "Open my journal" button per partner,
each named, and nothing else about either journal.

Nothing on this page depends on what either journal holds: not whether anything was
written, how much, or when. It reads nothing private; its words are the same for every
couple with the same names.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from ui.texts import text
from ui.widgets.common import MessageLabel, body_label, centered, left_aligned, named, title_label
from ui.workbooks import WorkbookContext
from ui.workbooks.journal.grounding import grounding_link


def _words(key: str, **values: object) -> str:
    return text("journal_gate", key, **values)


class JournalGate(QWidget):
    """``open_requested`` carries the partner whose button was pressed."""

    open_requested = Signal(int)

    def __init__(self, ctx: WorkbookContext) -> None:
        super().__init__()
        self.setObjectName("journalGate")
        self.together = ctx.session.together
        self.buttons: dict[int, QPushButton] = {}
        for partner in ctx.session.partners:
            name = ctx.session.name_of(partner)
            button = named(QPushButton(_words("open", name=name)), f"journalOpen{partner}",
                           _words("open_name", name=name))
            button.clicked.connect(lambda _=False, p=partner: self.open_requested.emit(p))
            self.buttons[partner] = button
        self.message = MessageLabel("journalGateMessage", kind="notice")
        self.grounding = grounding_link("journalGateGrounding", self)
        layout = QVBoxLayout()
        layout.setSpacing(10)
        layout.addWidget(title_label(_words("title"), "journalGateTitle"))
        if self.together:  # alone, the journal opens by itself: no gate to explain
            layout.addWidget(body_label(_words("intro"), "journalGateIntro"))
            layout.addWidget(body_label(_words("privacy"), "journalGatePrivacy", role="hint"))
        layout.addSpacing(6)
        for button in self.buttons.values():
            layout.addLayout(left_aligned(button))
        layout.addWidget(self.message)
        layout.addSpacing(10)
        layout.addLayout(left_aligned(self.grounding))
        centered(self, layout, 620)
        self.opened_or_not()

    def opening(self, name: str) -> None:
        """The entries are being read: say so, and offer no second opening meanwhile."""
        self.message.say(_words("opening", name=name), quiet=True)
        for button in self.buttons.values():
            button.setEnabled(False)

    def opened_or_not(self) -> None:
        """Done reading (or never started): the buttons again, together."""
        self.message.clear_message()
        for button in self.buttons.values():
            button.setEnabled(True)
            button.setVisible(self.together)
