"""Noticing a commitment: the person doing it notes kept or missed with one line; the
person with the need can say "I noticed". Each note is a dated line in words; a miss
its doer noted before anyone else said anything is shown as honesty. Above the notes,
what was noted since the last review, as words. Never a rate, a streak or a
percentage, and nothing that adds the notes up into a judgement.

Who may note what follows who they are: kept and missed are the doer's, "I noticed" the
other's. Together both may be here, so each button names whose note it is.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFrame, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from models import needs
from models.errors import TrellisError
from models.needs import Commitment, Note
from ui.texts import explain
from ui.widgets.common import (
    FieldMessage,
    body_label,
    fit_to_content,
    labelled,
    named,
    submit_cancel,
)
from ui.widgets.fitting import FlowLayout
from ui.workbooks import WorkbookContext
from ui.workbooks.needs.commitment_rows import NameOf, note_words, since_review_words
from ui.workbooks.needs.words import section_words

log = logging.getLogger(__name__)

NOTES_SHOWN = 30  # the latest; the export holds them all


def _words(key: str, **values: object) -> str:
    return section_words("notes", key, **values)


class NoteDialog(QDialog):
    """One line for a note of ``kind`` by ``by``; writes it on submit."""

    def __init__(self, ctx: WorkbookContext, commitment: Commitment, by: int, kind: str,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._ctx = ctx
        self.commitment = commitment
        self.by = by
        self.kind = kind
        self.note: Note | None = None
        name = ctx.session.name_of(by)
        title = _words(f"title_{kind}", name=name)
        named(self, "needsNoteDialog", title)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        fit_to_content(self)
        self.line = named(QLineEdit(), "needsNoteLine", _words("line"))
        self.line.setPlaceholderText(_words(f"prompt_{kind}"))
        self.line.returnPressed.connect(self.submit)
        self.message = FieldMessage("needsNoteMessage")
        self.buttons = submit_cancel(self, "needsNote", _words("submit"), _words("cancel"))
        self.buttons.accepted.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(body_label(_words(f"intro_{kind}", name=name,
                                           what=commitment.fields.get("what", "")),
                                    "needsNoteIntro"))
        layout.addWidget(labelled(_words("line"), self.line))
        layout.addWidget(self.message.under(self.line))
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.line.setFocus()

    def submit(self) -> None:
        line = self.line.text().strip()
        if not line:
            self.message.say(_words("line_missing"), under=self.line)
            return
        if self._ctx.session.locked:
            return
        try:
            self.note = needs.note(self._ctx.session.keyring, self.by, self.commitment.uuid,
                                   self.kind, line)
        except (TrellisError, ValueError) as error:
            log.info("a note was not written: %s", type(error).__name__)
            self.message.say(explain(error))
            return
        self._ctx.changes.announce("needs", self.commitment.uuid)
        self.accept()


class NotesPanel(QFrame):
    """The notes of one commitment and the buttons to add one; ``noted`` carries a Note."""

    noted = Signal(object)

    def __init__(self, ctx: WorkbookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("needsNotes")
        self.setAccessibleName(_words("heading"))
        self._ctx = ctx
        self.commitment: Commitment | None = None
        self.owner: int | None = None
        self.dialog: NoteDialog | None = None
        heading = QLabel(_words("heading"))
        heading.setObjectName("needsNotesHeading")
        heading.setProperty("role", "heading")
        self.since = body_label("", "needsNotesSince")
        self.lines = QVBoxLayout()
        self.lines.setSpacing(4)
        self.none = body_label(_words("none"), "needsNotesNone", role="hint")
        self.buttons: dict[tuple[str, int], QPushButton] = {}
        for partner in ctx.session.partners:
            for kind in needs.NOTE_KINDS:
                key = "button" if len(ctx.session.partners) == 1 else "button_named"
                words = _words(f"{key}_{kind}", name=ctx.session.name_of(partner))
                button = named(QPushButton(words), f"needsNote_{kind}_{partner}",
                               words.rstrip("…"))
                button.clicked.connect(lambda _=False, k=kind, p=partner: self.ask(k, p))
                self.buttons[(kind, partner)] = button
        row = FlowLayout()
        for button in self.buttons.values():
            row.addWidget(button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 0)
        column.addWidget(heading)
        column.addWidget(body_label(_words("intro"), "needsNotesIntro", role="hint"))
        column.addWidget(self.since)
        column.addLayout(self.lines)
        column.addWidget(self.none)
        column.addLayout(row)
        self.labels: list[QLabel] = []

    def show_for(self, commitment: Commitment | None, owner: int | None,
                 notes: list[Note], since: list[Note], name_of: NameOf) -> None:
        """Show ``commitment``'s ``notes`` (newest first) and what fits who is here."""
        self.commitment, self.owner = commitment, owner
        for label in self.labels:
            self.lines.removeWidget(label)
            label.hide()  # gone from the screen now, not when the event loop deletes it
            label.deleteLater()
        self.labels = []
        self.setVisible(commitment is not None)
        if commitment is None:
            return
        reviewed = commitment.latest_review is not None
        words = since_review_words(since, reviewed)
        self.since.setText(words)
        self.since.setAccessibleName(words)
        shown = sorted(notes, key=lambda n: n.noted_at, reverse=True)[:NOTES_SHOWN]
        for number, note in enumerate(shown):
            line = note_words(note, name_of)
            label = body_label(line, f"needsNoteLine_{number}")
            label.setAccessibleName(line)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.lines.addWidget(label)
            self.labels.append(label)
        self.none.setVisible(not shown)
        open_to_notes = commitment.state in ("active", "paused")
        for (kind, partner), button in self.buttons.items():
            fits = partner == commitment.doer if kind in needs.DOER_KINDS else partner == owner
            button.setVisible(open_to_notes and fits)

    def ask(self, kind: str, by: int) -> NoteDialog | None:
        if self.commitment is None or self._ctx.session.locked:
            return None
        dialog = NoteDialog(self._ctx, self.commitment, by, kind, self)
        dialog.accepted.connect(lambda: self.noted.emit(dialog.note))
        self.dialog = dialog
        dialog.open()
        return dialog
