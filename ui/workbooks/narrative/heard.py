"""About the letter I was given: for the partner who was hurt, the letter's shared
versions (newest first), read only when they press "Read the letter", and their private
answers about a version: do I feel heard, what landed, what is missing.

Reading is their choice and their time: nothing here counts, reminds or asks. Each
answer is its own ``heard`` draft, dated, listed newest first, and shared only through
"Share this answer…" (the owner's password, typed then).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models import agreements, narrative
from models.errors import TrellisError
from ui.dates import day
from ui.texts import text
from ui.widgets.common import body_label, labelled, named
from ui.widgets.fitting import ElidingComboBox, FlowLayout
from ui.widgets.writing import follow_cursor, heading, writing_area
from ui.workbooks import WorkbookContext
from ui.workbooks.narrative.letter import SECTIONS as LETTER_SECTIONS
from ui.workbooks.narrative.sections import DraftKeeper, DraftPage, shared_text
from ui.workbooks.narrative.words import choice_label, field_label

if TYPE_CHECKING:
    from models.narrative import Draft, SharedPiece, UnsavedDraft
    from ui.workbooks.narrative.share import ShareDialog

log = logging.getLogger(__name__)

ANSWERS = ("yes", "partly", "not_yet", "rather_not")


def _words(key: str, **values: object) -> str:
    return text("narrative_heard", key, **values)


class HeardPage(DraftPage):
    """``owner``'s page about the letters shared with them, and their answers."""

    def __init__(self, ctx: WorkbookContext, owner: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, owner, "narrativeHeardPage", "heard", _words, parent)
        self.letters: list[SharedPiece] = []
        self.answers: list[Draft] = []
        self.keeper = DraftKeeper(ctx, owner, "heard", self.values, self,
                                  written=("heard", "landed", "missing"))

        self.none_shared = body_label(_words("none_shared"), "heardNoneShared", role="hint")
        self.versions = named(QComboBox(), "heardVersions", _words("versions_name"))
        self.read = named(QPushButton(_words("read")), "heardRead", _words("read_name"))
        self.put_away = named(QPushButton(_words("put_away")), "heardPutAway",
                              _words("put_away_name"))
        self.letter_from = body_label("", "heardLetterFrom", role="hint")
        self.letter = named(QPlainTextEdit(), "heardLetter", _words("letter_name", version=""))
        self.letter.setReadOnly(True)
        self.letter.setTabChangesFocus(True)
        self.letter.setMinimumHeight(self.letter.fontMetrics().lineSpacing() * 12)

        self.about = named(ElidingComboBox(8), "heardAbout", _words("about"))
        self.choices = QButtonGroup(self)
        self.choice_buttons: dict[str, QRadioButton] = {}
        for key in ANSWERS:
            label = choice_label("heard", "heard", key)
            button = named(QRadioButton(label), f"heardChoice_{key}", label)
            self.choices.addButton(button)
            self.choice_buttons[key] = button
        self.landed = writing_area("heard_landed", field_label("heard", "landed"))
        self.missing = writing_area("heard_missing", field_label("heard", "missing"))
        self.landed.setAccessibleDescription(_words("landed_guide"))
        self.missing.setAccessibleDescription(_words("missing_guide"))
        self.new_answer = named(QPushButton(_words("new_answer")), "heardNewAnswer",
                                _words("new_answer_name"))
        self.answers_none = body_label(_words("answers_none"), "heardAnswersNone", role="hint")
        self._rows = QVBoxLayout()
        self._row_widgets: list[QWidget] = []
        self._build()

        self.read.clicked.connect(self._read)
        self.put_away.clicked.connect(self._put_away)
        self.versions.currentIndexChanged.connect(self._version_chosen)
        self.about.currentIndexChanged.connect(self._changed)
        self.choices.buttonToggled.connect(self._choice_toggled)
        self.landed.textChanged.connect(self._changed)
        self.missing.textChanged.connect(self._changed)
        follow_cursor(self._scroll, self.landed)
        follow_cursor(self._scroll, self.missing)
        self.new_answer.clicked.connect(self.start_new)
        self.keeper.saved.connect(self._saved)
        self.keeper.failed.connect(self.message.say)
        ctx.changes.changed.connect(self._heard_of)
        self.reload()

    def _build(self) -> None:
        form = QVBoxLayout()
        form.setSpacing(6)
        form.addWidget(body_label(_words("intro"), "heardIntro"))
        form.addWidget(self.none_shared)
        choosing = FlowLayout()
        choosing.addWidget(self.versions)
        choosing.addWidget(self.read)
        choosing.addWidget(self.put_away)
        self._reading_row = QWidget()
        self._reading_row.setObjectName("heardReadingRow")
        self._reading_row.setLayout(choosing)
        form.addWidget(self._reading_row)
        form.addWidget(self.letter_from)
        form.addWidget(self.letter)
        self.letter_from.hide()
        self.letter.hide()
        self.put_away.hide()

        form.addSpacing(12)
        form.addWidget(heading(_words("answer_title"), "heardAnswerTitle"))
        self.about_label = labelled(_words("about"), self.about)
        form.addWidget(self.about_label)
        form.addWidget(self.about)
        question = heading(_words("heard_question"), "heardQuestion")
        question.setProperty("role", "")
        form.addWidget(question)
        answers = FlowLayout()
        for button in self.choice_buttons.values():
            answers.addWidget(button)
        form.addLayout(answers)
        for area, guide in ((self.landed, "landed_guide"), (self.missing, "missing_guide")):
            form.addWidget(labelled(area.accessibleName(), area))
            form.addWidget(body_label(_words(guide), f"{area.objectName()}Guide", role="hint"))
            form.addWidget(area)
        row = FlowLayout()
        row.addWidget(self.new_answer)
        form.addLayout(row)

        form.addSpacing(12)
        form.addWidget(heading(_words("answers_title"), "heardAnswersTitle"))
        form.addWidget(self.answers_none)
        form.addLayout(self._rows)
        form.addStretch(1)
        self.frame(form, "heard", _words("title"))

    # the letters

    def _load_letters(self) -> None:
        """The letter versions the other partner shared, newest first (no words shown)."""
        try:
            pieces, _damaged = narrative.load_shared(self._ctx.session.keyring, kind="letter")
        except TrellisError as error:
            log.info("shared letters not read: %s", type(error).__name__)
            pieces = []
        self.letters = sorted((p for p in pieces if p.author != self.owner),
                              key=lambda p: (p.shared_at, p.version), reverse=True)
        for combo in (self.versions, self.about):
            chosen = combo.currentData()
            self._loading, was = True, self._loading
            combo.clear()
            for piece in self.letters:
                combo.addItem(_words("version_item", version=piece.version,
                                     date=day(piece.shared_at)), piece.uuid)
            combo.setCurrentIndex(max(0, combo.findData(chosen)))
            self._loading = was
        shared = bool(self.letters)
        self.none_shared.setVisible(not shared)
        self._reading_row.setVisible(shared)
        self.about.setVisible(shared)  # an answer about no letter in particular
        self.about_label.setVisible(shared)
        if not shared:
            self._put_away()

    def chosen_letter(self) -> SharedPiece | None:
        uuid = self.versions.currentData()
        return next((p for p in self.letters if p.uuid == uuid), None)

    def _read(self) -> None:
        piece = self.chosen_letter()
        if piece is None:
            return
        name = self._ctx.session.name_of(piece.author) or _words("other_fallback")
        self.letter_from.setText(_words("letter_from", name=name, date=day(piece.shared_at),
                                        version=piece.version))
        words = shared_text(piece.fields, tuple(k for k in LETTER_SECTIONS),
                            lambda k: field_label("letter", k))
        linked = [u for u in piece.fields.get("agreements", "").split(",") if u]
        if linked:
            words += "\n\n" + _words("agreements_linked", titles=", ".join(
                self._agreement_title(u) for u in linked))
        self.letter.setPlainText(words)
        self.letter.setAccessibleName(_words("letter_name", version=piece.version))
        for widget in (self.letter_from, self.letter, self.put_away):
            widget.show()
        self.read.hide()
        self.letter.setFocus()

    def _agreement_title(self, uuid: str) -> str:
        try:
            view = agreements.view(self._ctx.session.keyring, agreements.get(uuid))
        except Exception:  # gone or unreadable
            return text("narrative_letter", "agreement_unknown")
        return (view.current.text.get("title", "").strip()
                or text("narrative_letter", "agreement_untitled"))

    def _put_away(self) -> None:
        self.letter.clear()
        for widget in (self.letter_from, self.letter, self.put_away):
            widget.hide()
        self.read.show()

    def _version_chosen(self) -> None:
        if self.letter.isVisible():
            self._read()  # already reading: the version chosen now

    # answers

    def values(self) -> dict[str, str]:
        checked = next((k for k, b in self.choice_buttons.items() if b.isChecked()), "")
        return {"letter": str(self.about.currentData() or ""), "heard": checked,
                "landed": self.landed.toPlainText(), "missing": self.missing.toPlainText()}

    def reload(self) -> None:
        """Read the letters and the answers again; the answer being written stays."""
        self.message.clear_message()
        self._load_letters()
        self._load_answers()

    def _load_answers(self) -> None:
        self.answers = sorted((d for d in self.own_drafts() if d.kind == "heard"),
                              key=lambda d: d.written_at, reverse=True)
        self._list_answers()

    def _version_of(self, uuid: str) -> str:
        piece = next((p for p in self.letters if p.uuid == uuid), None)
        return str(piece.version) if piece is not None else "?"

    def answer_line(self, draft: Draft) -> str:
        date = day(draft.written_at)
        version = self._version_of(draft.fields.get("letter", ""))
        heard = choice_label("heard", "heard", draft.fields.get("heard", ""))
        if heard:
            return _words("answer_row", date=date, version=version, heard=heard)
        return _words("answer_row_open", date=date, version=version)

    def _list_answers(self) -> None:
        for row in self._row_widgets:
            self._rows.removeWidget(row)
            row.hide()
            row.deleteLater()
        self._row_widgets = []
        for number, draft in enumerate(self.answers):
            date = day(draft.written_at)
            row = QWidget()
            row.setObjectName(f"heardAnswer_{number}")
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            label = body_label(self.answer_line(draft), f"heardAnswerLine_{number}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            opening = named(QPushButton(_words("answer_open")), f"heardAnswerOpen_{number}",
                            _words("answer_open_name", date=date))
            sharing = named(QPushButton(_words("share_answer")), f"heardAnswerShare_{number}",
                            _words("share_answer_name", date=date))
            opening.clicked.connect(lambda _=False, u=draft.uuid: self.open_answer(u))
            sharing.clicked.connect(lambda _=False, u=draft.uuid: self.share_answer(u))
            line.addWidget(label, 1)
            line.addWidget(opening)
            line.addWidget(sharing)
            self._rows.addWidget(row)
            self._row_widgets.append(row)
        self.answers_none.setVisible(not self.answers)

    def _fill(self, draft: Draft | None, typed: Mapping[str, str] | None = None) -> None:
        fields = {**(draft.fields if draft is not None else {}), **(typed or {})}
        self._loading = True
        index = self.about.findData(fields.get("letter", ""))
        self.about.setCurrentIndex(index if index >= 0 else 0)
        self.choices.setExclusive(False)
        for key, button in self.choice_buttons.items():
            button.setChecked(fields.get("heard", "") == key)
        self.choices.setExclusive(True)
        self.landed.setPlainText(fields.get("landed", ""))
        self.missing.setPlainText(fields.get("missing", ""))
        self._loading = False

    def start_new(self) -> None:
        """Keep the answer written so far and begin another."""
        self.keeper.flush()
        self.keeper.show(None)
        self._fill(None)
        self.saved_note.clear()
        self.landed.setFocus()

    def open_answer(self, uuid: str) -> None:
        self.keeper.flush()
        draft = next((d for d in self.answers if d.uuid == uuid), None)
        if draft is None:
            return
        self.keeper.show(draft)
        self._fill(draft)
        self.saved_note.clear()
        self.landed.setFocus()

    def share_answer(self, uuid: str) -> ShareDialog | None:
        from ui.workbooks.narrative import share

        self.keeper.flush()
        draft = self.shareable(next((d for d in self.answers if d.uuid == uuid), None),
                               _words("nothing_to_share"))
        return None if draft is None else share.share_draft(self._ctx, self.owner, draft, self)

    # saving

    def _choice_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self._changed()

    def _saved(self, draft: Draft) -> None:
        self._note_saved()
        self.answers = sorted([d for d in self.answers if d.uuid != draft.uuid] + [draft],
                              key=lambda d: d.written_at, reverse=True)
        self._list_answers()

    def put_back(self, piece: UnsavedDraft) -> None:
        """An answer's words kept when a save failed, back where they were typed and
        saved now (if that fails again, they stay here and the page says why)."""
        draft = next((d for d in self.answers if d.uuid == piece.uuid), None)
        self.keeper.show(draft)
        self._fill(draft, piece.fields)
        self.keeper.flush()

    def clear(self) -> None:
        """Let every word go (the private pages are closing); saves nothing."""
        self.keeper.show(None)
        self._fill(None)
        self._put_away()
        self.answers = []
        self._list_answers()

    def _heard_of(self, workbook: str, uuid: str) -> None:
        """A letter shared or withdrawn: the list of versions again (never a nudge), now
        if shown, else when next shown (every autosave of every page is announced too)."""
        if workbook != "narrative" or any(d.uuid == uuid for d in self.answers):
            return
        self.shared_changed()

    def read_shared(self) -> None:
        self._load_letters()
