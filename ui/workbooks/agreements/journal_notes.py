"""Notes from our journals on the agreement shown: passages either partner shared on
purpose from their journal or coping plan as a note on this agreement.

Read-only, for both partners (the author chose to share; unsharing is done where it was
shared from, in the journal's "What I shared"). Each note says whose journal it came
from, the day it was shared, and its words. The passages are read once per session
(:mod:`ui.shared_passages`) and again only when one is shared or withdrawn; choosing
another agreement or saving one reads nothing. Hidden while the agreement has none.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.shared_passages import passages_of, whose
from ui.texts import text
from ui.widgets.common import body_label, named
from ui.workbooks import WorkbookContext


def _words(key: str) -> str:
    return text("shared_passages", key)


class JournalNotes(QWidget):
    """The notes on one agreement; :meth:`show_for` follows the agreement shown."""

    def __init__(self, ctx: WorkbookContext) -> None:
        super().__init__()
        named(self, "agreementJournalNotes", _words("notes_name"))
        self._ctx = ctx
        self.names = {partner: ctx.session.name_of(partner) for partner in (1, 2)}
        self.store = passages_of(ctx)
        self.agreement: str | None = None
        self.shown: list[str] = []  # the uuids of the notes on screen, in order
        heading = QLabel(_words("notes_heading"))
        heading.setObjectName("agreementJournalNotesHeading")
        heading.setProperty("role", "heading")
        self.notes = QVBoxLayout()
        self.notes.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(heading)
        layout.addLayout(self.notes)
        self.store.updated.connect(self._refill)
        self.hide()

    def show_for(self, agreement: str | None) -> None:
        """Show the notes on ``agreement`` (None: nothing is shown)."""
        self.agreement = agreement
        self._refill()

    def _refill(self, _uuid: str = "") -> None:
        notes = (self.store.passages("agreement", self.agreement)
                 if self.agreement is not None else [])
        if [note.uuid for note in notes] == self.shown:
            return  # the same notes: nothing to lay out again
        self.shown = [note.uuid for note in notes]
        while self.notes.count():
            taken = self.notes.takeAt(0)
            old = taken.widget() if taken is not None else None
            if old is not None:
                old.hide()
                old.deleteLater()
        for number, note in enumerate(notes):
            said = body_label(whose(note, self.names), f"agreementJournalNoteFrom_{number}",
                              role="hint")
            words = body_label(note.text, f"agreementJournalNote_{number}")
            words.setTextFormat(Qt.TextFormat.PlainText)
            words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            words.setAccessibleName(f"{said.text()}: {note.text[:80]}")
            if number:
                self.notes.addSpacing(6)
            self.notes.addWidget(said)
            self.notes.addWidget(words)
        self.setVisible(bool(notes))
