"""Reading one entry: its words with the light markup drawn (headings and lists), its
date, prompt, feelings, safety rating and tags, and Edit this entry.

The markup is ours and small on purpose: a line starting with ``#`` is a heading, a
line starting with ``-`` or ``*`` is a list item, a blank line starts a new paragraph.
Everything else is text, escaped: an entry can never load a picture, follow a link or
run anything.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from ui.dates import day
from ui.texts import text
from ui.widgets.common import body_label, named, title_label
from ui.workbooks.journal.model import title_of
from ui.workbooks.journal.words import feeling_label, prompt_of, tag_label

if TYPE_CHECKING:
    from models.journal import Entry


def render(body: str) -> str:
    """The entry's words as HTML: headings, lists and paragraphs, all escaped."""
    parts: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            parts.append("<p>" + "<br>".join(paragraph) + "</p>")
            paragraph.clear()

    def end_list() -> None:
        if items:
            parts.append("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
            items.clear()

    for raw in body.splitlines():
        line = raw.strip()
        if not line:
            end_paragraph()
            end_list()
        elif line.startswith("#"):
            end_paragraph()
            end_list()
            level = min(len(line) - len(line.lstrip("#")), 3)
            parts.append(f"<h{level + 2}>{escape(line.lstrip('#').strip())}</h{level + 2}>")
        elif line[:2] in ("- ", "* "):
            end_paragraph()
            items.append(escape(line[2:].strip()))
        else:
            end_list()
            paragraph.append(escape(line))
    end_paragraph()
    end_list()
    return "\n".join(parts)


def about_line(entry: Entry) -> str:
    """Date, feelings, safety rating and tags, in one calm line."""
    bits = [text("journal", "written_on", date=day(entry.written_at))]
    if entry.updated_at.date() != entry.written_at.date():
        bits.append(text("journal", "changed_on", date=day(entry.updated_at)))
    felt = [feeling_label(f) for f in entry.feelings] + list(entry.draft.own_feelings)
    if felt:
        bits.append(text("journal", "felt", feelings=", ".join(felt)))
    if entry.safety is not None:
        bits.append(text("journal", "safety_was", rating=entry.safety))
    if entry.tags:
        bits.append(text("journal", "tagged", tags=", ".join(tag_label(t) for t in entry.tags)))
    return " · ".join(bits)


class EntryReader(QWidget):
    """One entry, as written; ``edit_requested`` leads to the editor. Words selected
    here are what Share a passage… offers to share."""

    edit_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("journalReader")
        self.entry: Entry | None = None
        self.heading = title_label("", "journalReaderTitle")
        self.about = body_label("", "journalReaderAbout", role="hint")
        self.prompt = body_label("", "journalReaderPrompt", role="hint")
        self.words = named(QTextBrowser(), "journalReaderWords", text("journal", "reader_name"))
        self.words.setOpenLinks(False)
        self.words.setOpenExternalLinks(False)
        self.edit = named(QPushButton(text("journal", "edit")), "journalEdit",
                          text("journal", "edit"))
        self.edit.clicked.connect(self.edit_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.about)
        layout.addWidget(self.prompt)
        layout.addWidget(self.words, 1)
        layout.addLayout(buttons)

    def show_entry(self, entry: Entry | None) -> None:
        self.entry = entry
        if entry is None:
            for label in (self.heading, self.about, self.prompt):
                label.clear()
            self.words.clear()
            return
        self.heading.setText(title_of(entry))
        self.heading.setAccessibleName(self.heading.text())
        self.about.setText(about_line(entry))
        self.about.setAccessibleName(self.about.text()[:80])
        prompt = prompt_of(entry.draft.prompt) if entry.draft.prompt else None
        self.prompt.setVisible(prompt is not None)
        self.prompt.setText(text("journal", "answered_prompt", prompt=prompt.words)
                            if prompt is not None else "")
        self.words.setHtml(render(entry.body))

    def selected_words(self) -> str:
        """What is selected in the entry's words, as plain text."""
        return self.words.textCursor().selection().toPlainText()
