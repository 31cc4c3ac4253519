"""Shown instead of the unlock page when the vault file cannot be opened."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ui.texts import text
from ui.widgets.common import MessageLabel, centered, named, primary_button, title_label


class NoticePage(QWidget):
    """A plain explanation and the ways forward: try again, another file, or quit."""

    try_again = Signal()
    open_other = Signal()
    new_vault = Signal()
    quit = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("noticePage")
        self.message = MessageLabel("noticeMessage")
        again = primary_button(text("notice", "try_again"), "noticeTryAgain")
        other = named(QPushButton(text("notice", "open_other")), "noticeOpenOther",
                      text("notice", "open_other"))
        new = named(QPushButton(text("notice", "new_vault")), "noticeNewVault",
                    text("notice", "new_vault"))
        leave = named(QPushButton(text("notice", "quit")), "noticeQuit", text("notice", "quit"))
        again.clicked.connect(self.try_again)
        other.clicked.connect(self.open_other)
        new.clicked.connect(self.new_vault)
        leave.clicked.connect(self.quit)
        buttons = QHBoxLayout()
        for button in (leave, new, other):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(again)
        card = QVBoxLayout()
        card.addWidget(title_label(text("notice", "title"), "noticeTitle"))
        card.addWidget(self.message)
        card.addLayout(buttons)
        card.addStretch(1)
        centered(self, card, 640)

    def explain(self, message: str) -> None:
        self.message.say(message)
