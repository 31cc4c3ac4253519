"""Gentle notes beside the letter while it is written.

A short while after typing stops (``HINTS_MS``) the letter's words are read by
:func:`models.narrative.hints.letter_hints`, here on the GUI thread (it is quick), and
each note shows which words and why, in one sentence. "Show the words" selects them
in their section; "Not this time" sets that one spot aside (the page keeps it in the
letter's private ``dismissed`` field). The notes never block, never change a word,
never count or score anything, and nothing of them is ever saved into the letter.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QTextCursor
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from models.narrative import hints
from ui.texts import text
from ui.widgets.common import body_label, named
from ui.widgets.fitting import FlowLayout
from ui.widgets.writing import heading

if TYPE_CHECKING:
    from models.narrative.hints import Hint

log = logging.getLogger(__name__)

HINTS_MS = 400


def _words(key: str, **values: object) -> str:
    return text("narrative_letter", key, **values)


def _qt_position(words: str, index: int) -> int:
    """A Python string index as a Qt document position (UTF-16 code units)."""
    return len(words[:index].encode("utf-16-le")) // 2


class HintNote(QFrame):
    """One note: the words quoted, the section they are in, why; show them or set it aside."""

    def __init__(self, number: int, section: str, hint: Hint, quoted: str,
                 section_name: str, panel: HintsPanel) -> None:
        super().__init__()
        self.setObjectName(f"letterHint_{number}")
        self.setProperty("role", "note")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.section = section
        self.key = (section, hint.spot, 0)  # the panel's: which note this is, in order
        self.hint = hint
        self.quoted = quoted
        self._panel = panel
        where = _words("hint_where", words=quoted, part=section_name)
        self.where = body_label(where, f"letterHintWhere_{number}")
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.why = body_label(hint.why, f"letterHintWhy_{number}", role="hint")
        self.why.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName(f"{where} {hint.why}")
        self.show_button = named(QPushButton(_words("hint_show")), f"letterHintShow_{number}",
                                 _words("hint_show_name", words=quoted, part=section_name))
        self.dismiss = named(QPushButton(_words("hint_dismiss")), f"letterHintDismiss_{number}",
                             _words("hint_dismiss_name", words=quoted))
        self.show_button.clicked.connect(lambda: panel.select(self))
        self.dismiss.clicked.connect(lambda: panel.dismissed.emit(self.hint.spot))
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 6, 8, 6)
        column.setSpacing(4)
        column.addWidget(self.where)
        column.addWidget(self.why)
        buttons = FlowLayout()
        buttons.addWidget(self.show_button)
        buttons.addWidget(self.dismiss)
        column.addLayout(buttons)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            self._panel.select(self)


class HintsPanel(QWidget):
    """Notes on the words of ``areas`` (section key → its place to write)."""

    dismissed = Signal(str)  # the spot set aside

    def __init__(self, areas: Mapping[str, QPlainTextEdit], section_name: Callable[[str], str],
                 reveal: Callable[[QWidget], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("letterHints")
        self.setAccessibleName(_words("hints_title"))
        self._areas = dict(areas)
        self._section_name = section_name
        self._reveal = reveal
        self._dismissed: frozenset[str] = frozenset()
        self._shown: tuple[tuple[str, str, int, int], ...] = ()
        self.notes: list[HintNote] = []
        self._made = 0  # notes made so far: each gets a name of its own
        self._timer = QTimer(self)
        self._timer.setObjectName("letterHintsTimer")
        self._timer.setSingleShot(True)
        self._timer.setInterval(HINTS_MS)
        self._timer.timeout.connect(self.refresh)
        for area in self._areas.values():
            area.textChanged.connect(self._timer.start)

        title = heading(_words("hints_title"), "letterHintsTitle")
        self._list = QVBoxLayout()
        self._list.setSpacing(6)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(title)
        column.addWidget(body_label(_words("hints_intro"), "letterHintsIntro", role="hint"))
        column.addLayout(self._list)
        column.addStretch(1)

    def set_dismissed(self, spots: Collection[str]) -> None:
        """The spots set aside so far; the notes are read again at once."""
        self._dismissed = frozenset(spots)
        self.refresh()

    def pending(self) -> bool:
        """True while typing has not been read yet."""
        return self._timer.isActive()

    def refresh(self) -> None:
        """Read the words now and show the notes they call for."""
        self._timer.stop()
        fields = {key: area.toPlainText() for key, area in self._areas.items()}
        try:
            found = hints.letter_hints(fields, self._dismissed)
        except Exception as error:  # a note is only a help: writing never stops for it
            log.warning("letter hints failed: %s", type(error).__name__)
            found = {}
        ordered = [(key, hint) for key in self._areas for hint in sorted(
            found.get(key, ()), key=lambda h: (h.start, h.end))]
        shown = tuple((key, h.spot, h.start, h.end) for key, h in ordered)
        if shown == self._shown:
            return
        self._shown = shown
        self._show(fields, ordered)

    def _show(self, fields: Mapping[str, str], ordered: list[tuple[str, Hint]]) -> None:
        """Keep the notes still called for (moved or not), add the new ones and take the
        others away: only what changed is laid out again (a note's wrapped words are
        most of what the panel costs)."""
        kept = {note.key: note for note in self.notes}
        seen: dict[tuple[str, str], int] = {}
        notes: list[HintNote] = []
        for key, hint in ordered:
            nth = seen.get((key, hint.spot), 0)
            seen[(key, hint.spot)] = nth + 1
            quoted = fields[key][hint.start:hint.end]
            which = (key, hint.spot, nth)
            note = kept.pop(which) if which in kept else None
            if note is not None and note.quoted.lower() == quoted.lower():
                note.hint, note.quoted = hint, quoted  # the same spot, perhaps moved
            else:
                if note is not None:
                    self._drop(note)
                self._made += 1
                note = HintNote(self._made, key, hint, quoted, self._section_name(key), self)
                note.key = which
            notes.append(note)
        for note in kept.values():
            self._drop(note)
        for index, note in enumerate(notes):
            if self._list.indexOf(note) != index:
                self._list.removeWidget(note)
                self._list.insertWidget(index, note)
        self.notes = notes

    def _drop(self, note: HintNote) -> None:
        self._list.removeWidget(note)
        note.hide()
        note.deleteLater()

    def clear(self) -> None:
        """Take every note away, the words they quote with them."""
        self._timer.stop()
        for note in self.notes:
            self._drop(note)
        self.notes = []
        self._shown = ()

    def select(self, note: HintNote) -> None:
        """Select the note's words in their section and bring them into view."""
        if self._timer.isActive():
            self.refresh()  # words typed since: read them first
            if note not in self.notes:
                return
        area = self._areas[note.section]
        words = area.toPlainText()
        hint = note.hint
        if not 0 <= hint.start <= hint.end <= len(words):
            return
        cursor = area.textCursor()
        cursor.setPosition(_qt_position(words, hint.start))
        cursor.setPosition(_qt_position(words, hint.end), QTextCursor.MoveMode.KeepAnchor)
        area.setTextCursor(cursor)
        self._reveal(area)
        area.setFocus(Qt.FocusReason.OtherFocusReason)
