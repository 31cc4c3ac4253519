"""One paragraph of the joint story and who wrote it: open to its author only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout

from models.narrative.views import JointParagraph
from ui.texts import text
from ui.widgets.common import body_label, left_aligned, lines_high, named


def words(key: str, **values: object) -> str:
    return text("narrative_joint", key, **values)


class ParagraphCard(QFrame):
    """One paragraph and who wrote it: editable by its author only."""

    def __init__(self, paragraph: JointParagraph, name: str, editable: bool,
                 number: int) -> None:
        super().__init__()
        self.setObjectName(f"jointParagraph{number}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.author = paragraph.author
        self.original = paragraph.text
        self.edit: QPlainTextEdit | None = None
        self.remove: QPushButton | None = None
        column = QVBoxLayout(self)
        byline = body_label(words("paragraph_by", name=name), f"jointParagraphBy{number}",
                            role="hint")
        column.addWidget(byline)
        if editable:
            self.edit = named(QPlainTextEdit(paragraph.text), f"jointParagraphEdit{number}",
                              words("paragraph_name", name=name))
            self.edit.setPlaceholderText(words("placeholder"))
            self.edit.setTabChangesFocus(True)
            lines_high(self.edit, 4)
            byline.setBuddy(self.edit)
            column.addWidget(self.edit)
            self.remove = named(QPushButton(words("remove")), f"jointParagraphRemove{number}",
                                words("remove_name"))
            column.addLayout(left_aligned(self.remove))
        else:
            shown = named(QLabel(paragraph.text), f"jointParagraphText{number}",
                          words("paragraph_other_name", name=name))
            shown.setWordWrap(True)
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            column.addWidget(shown)

    def paragraph(self) -> JointParagraph:
        """The paragraph as it is now: the author's typing, or the other's words kept."""
        words_now = self.edit.toPlainText() if self.edit is not None else self.original
        return JointParagraph(self.author, words_now)
