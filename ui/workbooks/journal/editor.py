"""Writing one entry: an optional prompt, a title, the words, feelings, a safety rating
and tags, saved shortly after typing stops.

Autosave waits until typing stops (``AUTOSAVE_MS``), and :meth:`flush` saves at once;
the journal flushes when another entry is chosen, when it closes and before a lock. A
new entry is saved only once something is written in it. Saving never writes back into
the fields, so each field's own undo keeps working.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from models import journal
from models.errors import TrellisError
from ui.texts import explain, text
from ui.widgets.common import MessageLabel, body_label, labelled, named, scrolling
from ui.widgets.fitting import ElidingComboBox, FlowLayout
from ui.workbooks import WorkbookContext
from ui.workbooks.journal.words import (
    PROMPT_GROUPS,
    feeling_label,
    group_label,
    no_prompt,
    pace_line,
    prompt_of,
    prompts,
    tag_label,
)

if TYPE_CHECKING:
    from models.journal import Entry, EntryDraft

log = logging.getLogger(__name__)

AUTOSAVE_MS = 800
NOT_RATED = -1
LOW_SAFETY = 3  # a rating this low or lower quietly offers the grounding exercise
BODY_LINES = 9


def _words(key: str, **values: object) -> str:
    return text("journal_editor", key, **values)


def _heading(key: str) -> QLabel:
    label = QLabel(_words(key))
    label.setObjectName(f"journalHeading_{key}")
    label.setProperty("role", "heading")
    return label


class EntryEditor(QWidget):
    """Writes one entry of ``owner``'s open journal; ``saved`` carries the fresh entry,
    ``low_safety`` says a rating of 3 or lower was just chosen."""

    saved = Signal(object)  # Entry
    low_safety = Signal()

    def __init__(self, ctx: WorkbookContext, owner: int) -> None:
        super().__init__()
        self.setObjectName("journalEditor")
        self._ctx = ctx
        self.owner = owner
        self.entry: Entry | None = None
        self._stored: EntryDraft = journal.EntryDraft()
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setObjectName("journalAutosave")
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)

        self.group = named(ElidingComboBox(), "journalPromptGroup", _words("group_name"))
        for group in PROMPT_GROUPS:
            self.group.addItem(group_label(group), group)
        self.prompt = named(ElidingComboBox(), "journalPrompt", _words("prompt_name"))
        self.prompt_words = body_label("", "journalPromptWords")
        self.prompt_words.setProperty("role", "heading")
        self.pace = body_label(pace_line(), "journalPace", role="hint")
        self.title = named(QLineEdit(), "journalTitle", _words("title"))
        self.title.setPlaceholderText(_words("title_prompt"))
        self.body = named(QPlainTextEdit(), "journalBody", _words("body"))
        self.body.setTabChangesFocus(True)
        self.body.setPlaceholderText(_words("body_prompt"))
        self.body.setMinimumHeight(self.body.fontMetrics().lineSpacing() * BODY_LINES)
        self.feelings: dict[str, QCheckBox] = {}
        for key in journal.FEELINGS:
            box = named(QCheckBox(feeling_label(key)), f"journalFeeling_{key}",
                        feeling_label(key))
            box.toggled.connect(self._changed)
            self.feelings[key] = box
        self.own_feelings = named(QLineEdit(), "journalOwnFeelings", _words("own_feelings"))
        self.own_feelings.setPlaceholderText(_words("own_feelings_prompt"))
        self.safety = named(QSpinBox(), "journalSafety", _words("safety"))
        self.safety.setRange(NOT_RATED, 10)
        self.safety.setSpecialValueText(_words("not_rated"))
        self.safety.setValue(NOT_RATED)
        inner = self.safety.findChild(QLineEdit)
        if inner is not None:
            inner.setAccessibleName(_words("safety"))
        self.tags: dict[str, QCheckBox] = {}
        for key in journal.TAGS:
            box = named(QCheckBox(tag_label(key)), f"journalTag_{key}", tag_label(key))
            box.toggled.connect(self._changed)
            self.tags[key] = box
        self.saved_note = named(QLabel(_words("saved")), "journalSaved", _words("saved"))
        self.saved_note.setProperty("role", "hint")
        self.saved_note.hide()  # takes no room until something is saved
        self.delete = named(QPushButton(_words("delete")), "journalDelete",
                            _words("delete").rstrip("…"))
        self.message = MessageLabel("journalEditorMessage")
        self._build()

        self.group.currentIndexChanged.connect(self._group_chosen)
        self.prompt.currentIndexChanged.connect(self._prompt_chosen)
        self.title.textChanged.connect(self._changed)
        self.body.textChanged.connect(self._changed)
        self.own_feelings.textChanged.connect(self._changed)
        self.safety.valueChanged.connect(self._safety_changed)
        self.group.setCurrentIndex(self.group.findData("either"))
        self._fill_prompts("either")

    def _build(self) -> None:
        # The words first, so at 900×600 the place to write shows without scrolling; the
        # feelings, rating and tags follow below them.
        fields = QVBoxLayout()
        fields.setSpacing(6)
        title = QHBoxLayout()
        title.addWidget(labelled(_words("title"), self.title))
        title.addWidget(self.title, 1)
        title.addWidget(self.saved_note)
        fields.addLayout(title)
        choosing = FlowLayout(fill=True)
        choosing.addWidget(self.group)
        choosing.addWidget(self.prompt)
        fields.addWidget(labelled(_words("prompt_heading"), self.group))
        fields.addLayout(choosing)
        fields.addWidget(self.prompt_words)
        fields.addWidget(self.body, 1)
        fields.addWidget(self.pace)
        fields.addSpacing(6)
        fields.addWidget(_heading("feelings_heading"))
        feelings = FlowLayout()
        for box in self.feelings.values():
            feelings.addWidget(box)
        fields.addLayout(feelings)
        own = QHBoxLayout()
        own.addWidget(labelled(_words("own_feelings"), self.own_feelings))
        own.addWidget(self.own_feelings, 1)
        fields.addLayout(own)
        fields.addSpacing(6)
        safety = QHBoxLayout()
        safety.addWidget(labelled(_words("safety"), self.safety))
        safety.addWidget(self.safety)
        safety.addStretch(1)
        fields.addLayout(safety)
        fields.addWidget(body_label(_words("safety_hint"), "journalSafetyHint", role="hint"))
        self._offer_place = QVBoxLayout()  # the quiet offer, right under the rating
        fields.addLayout(self._offer_place)
        fields.addSpacing(6)
        fields.addWidget(_heading("tags_heading"))
        tags = FlowLayout()
        for box in self.tags.values():
            tags.addWidget(box)
        fields.addLayout(tags)
        fields.addSpacing(8)
        row = QHBoxLayout()
        row.addWidget(self.delete)
        row.addStretch(1)
        fields.addLayout(row)
        inner = QWidget()
        inner.setObjectName("journalEditorFields")
        inner.setLayout(fields)
        scroll = scrolling(inner, "journalEditorScroll")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._scroll = scroll

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)

    def place_offer(self, offer: QWidget) -> None:
        """Put the page's low-safety offer right under the rating, where the eyes are,
        inside the scrolling form: it never squeezes the words on a small screen."""
        self._offer_place.addWidget(offer)

    # prompts

    def _fill_prompts(self, group: str, chosen: str = "") -> None:
        self._loading, was = True, self._loading
        self.prompt.clear()
        self.prompt.addItem(no_prompt(), "")
        for prompt in prompts():
            if prompt.group == group:
                self.prompt.addItem(prompt.words, prompt.key)
        self.prompt.setCurrentIndex(max(0, self.prompt.findData(chosen)))
        self._loading = was
        self._show_prompt()

    def _group_chosen(self) -> None:
        self._fill_prompts(str(self.group.currentData()))

    def _prompt_chosen(self) -> None:
        self._show_prompt()
        self._changed()

    def _show_prompt(self) -> None:
        chosen = prompt_of(str(self.prompt.currentData() or ""))
        self.prompt_words.setVisible(chosen is not None)
        self.prompt_words.setText(chosen.words if chosen is not None else "")
        self.prompt_words.setAccessibleName(self.prompt_words.text()[:80])

    # loading

    def load(self, entry: Entry | None) -> None:
        """Show ``entry``, or an empty new entry. Call :meth:`flush` first."""
        self._timer.stop()
        self.message.clear_message()
        self.saved_note.hide()
        self.entry = entry
        draft = entry.draft if entry is not None else journal.EntryDraft()
        self._stored = draft
        self._fill(draft)
        self.delete.setVisible(entry is not None)

    def put_back(self, draft: EntryDraft) -> None:
        """Words kept over a lock go back in the fields of the entry loaded (call
        :meth:`load` first), not yet saved: :meth:`flush` saves them."""
        self._fill(draft)
        self._timer.stop()

    def _fill(self, draft: EntryDraft) -> None:
        self._loading = True
        chosen = prompt_of(draft.prompt) if draft.prompt else None
        group = chosen.group if chosen is not None else str(self.group.currentData() or "either")
        self.group.setCurrentIndex(max(0, self.group.findData(group)))
        self._fill_prompts(group, draft.prompt)
        self.title.setText(draft.title)
        self.body.setPlainText(draft.body)
        for key, box in self.feelings.items():
            box.setChecked(key in draft.feelings)
        self.own_feelings.setText(", ".join(draft.own_feelings))
        self.safety.setValue(NOT_RATED if draft.safety is None else draft.safety)
        for key, box in self.tags.items():
            box.setChecked(key in draft.tags)
        self._loading = False

    def draft(self) -> EntryDraft:
        own = tuple(w.strip() for w in self.own_feelings.text().split(",") if w.strip())
        safety = self.safety.value()
        return journal.EntryDraft(
            title=self.title.text(), body=self.body.toPlainText(),
            prompt=str(self.prompt.currentData() or ""),
            feelings=tuple(k for k, box in self.feelings.items() if box.isChecked()),
            own_feelings=own, safety=None if safety == NOT_RATED else safety,
            tags=tuple(k for k, box in self.tags.items() if box.isChecked()))

    def selected_words(self) -> str:
        return self.body.textCursor().selection().toPlainText()

    # saving

    def _changed(self) -> None:
        if self._loading:
            return
        self.saved_note.hide()
        self._timer.start()

    def _safety_changed(self, value: int) -> None:
        self._changed()
        if not self._loading and value != NOT_RATED and value <= LOW_SAFETY:
            self.low_safety.emit()
            QTimer.singleShot(0, self._offer_in_view)

    def _offer_in_view(self) -> None:
        """The offer, if it just appeared under the rating, scrolled into view (a few
        lines at most: the rating being chosen is right above it)."""
        offer = self._offer_place.itemAt(0)
        shown = offer.widget() if offer is not None else None
        if shown is not None and shown.isVisible():
            self._scroll.ensureWidgetVisible(shown, 0, 8)

    def pending(self) -> bool:
        """True when something typed is not saved yet."""
        draft = self.draft()
        if draft == self._stored:
            return False
        return self.entry is not None or bool(draft.title.strip() or draft.body.strip())

    def unsaved(self) -> tuple[str | None, EntryDraft] | None:
        """The entry's uuid (None for a new one) and the words typed that are not saved
        (after a :meth:`flush` that failed); None when everything is saved."""
        if not self.pending():
            return None
        return (self.entry.uuid if self.entry is not None else None), self.draft()

    def flush(self) -> Entry | None:
        """Save what changed since the last save, now. Returns the fresh entry, if any."""
        self._timer.stop()
        if self._ctx.session.locked or not self.pending():
            return None
        draft = self.draft()
        uuid = self.entry.uuid if self.entry is not None else None
        try:
            entry = journal.save_entry(self._ctx.session.keyring, self.owner, draft, uuid)
        except TrellisError as error:
            log.info("journal autosave failed: %s", type(error).__name__)
            self.message.say(explain(error))
            return None
        self.entry = entry
        self._stored = draft
        self.delete.show()
        self.message.clear_message()
        self.saved_note.setText(_words("saved"))
        self.saved_note.show()
        self.saved.emit(entry)
        return entry

    def clear(self) -> None:
        """Let every word go (the journal is closing); saves nothing."""
        self._timer.stop()
        self._loading = True
        self.entry = None
        self._stored = journal.EntryDraft()
        for edit in (self.title, self.own_feelings):
            edit.clear()
        self.body.clear()
        self.prompt_words.clear()
        self._loading = False
