"""After unlocking: words that could not be saved when Trellis locked, offered back.

The main window keeps them sealed (:mod:`models.unsaved`) while locked and opens them
only for the same partners. This dialog shows them read-only (so they can be selected
and copied) and puts them back into their agreement, or lets them go. "Not now", and a
lock while it is open, keep them sealed for the next time.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.unsaved import UnsavedWords
from ui.texts import text
from ui.widgets.common import (
    FieldMessage,
    body_label,
    fit_to_content,
    named,
    primary_button,
    title_label,
)
from ui.workbooks.agreements.words import category_label

ORDER = ("title", "category", "wording", "in_practice", "not_ok", "why_1", "why_2")


def _label(field: str, names: dict[int, str]) -> str:
    if field.startswith("why_"):
        return text("agreements_fields", "why", name=names.get(int(field[-1]), ""))
    return text("agreements_fields", field)


class KeptWordsDialog(QDialog):
    """``pieces`` still to place; empty once they were put back or let go."""

    def __init__(self, pieces: list[UnsavedWords], names: dict[int, str],
                 restore: Callable[[UnsavedWords], bool], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("keptWordsDialog")
        self.setWindowTitle(text("unsaved_words", "title"))
        self.setAccessibleName(text("unsaved_words", "title"))
        self.pieces = list(pieces)
        self._names = names
        self._restore = restore
        self.intro = body_label("", "keptWordsIntro")
        self.words = named(QPlainTextEdit(), "keptWords", text("unsaved_words", "words_name"))
        self.words.setReadOnly(True)
        self.message = FieldMessage("keptWordsMessage")
        self.put_back_button = primary_button(text("unsaved_words", "put_back"), "keptWordsPutBack")
        self.put_back_button.setAccessibleName(text("unsaved_words", "put_back_name"))
        self.later = named(QPushButton(text("unsaved_words", "later")), "keptWordsLater",
                           text("unsaved_words", "later"))
        self.let_go_button = named(QPushButton(text("unsaved_words", "let_go")), "keptWordsLetGo",
                                   text("unsaved_words", "let_go_name"))
        self.put_back_button.clicked.connect(self._put_back)
        self.later.clicked.connect(self.reject)
        self.let_go_button.clicked.connect(self._let_go)
        buttons = QHBoxLayout()
        buttons.addWidget(self.let_go_button)
        buttons.addStretch(1)
        buttons.addWidget(self.later)
        buttons.addWidget(self.put_back_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(text("unsaved_words", "title"), "keptWordsTitle"))
        layout.addWidget(self.intro)
        layout.addWidget(self.words, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(560, 420)  # room to read the words; grows when a message needs it
        fit_to_content(self, shrink=False)
        self._fill()

    def _fill(self) -> None:
        titles = "”, “".join(piece.title for piece in self.pieces)
        self.intro.setText(text("unsaved_words", "intro", title=titles))
        parts = []
        for piece in self.pieces:
            for field in sorted(piece.fields, key=lambda f: ORDER.index(f) if f in ORDER else 99):
                words = piece.fields[field]
                if field == "category":
                    words = category_label(words)
                parts.append(f"{_label(field, self._names)}\n{words}")
        self.words.setPlainText("\n\n".join(parts))

    def _put_back(self) -> None:
        self.pieces = [piece for piece in self.pieces if not self._restore(piece)]
        if not self.pieces:
            self.accept()
            return
        self._fill()
        self.put_back_button.setEnabled(False)
        self.message.say(text("unsaved_words", "gone"))

    def _let_go(self) -> None:
        self.pieces = []
        self.words.clear()
        self.accept()
