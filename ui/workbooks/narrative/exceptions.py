"""Step 4, the moments that don't fit the problem's story: a list that grows over time,
each moment a private draft of its owner (kind "exception") with its date, what
happened, what made it possible, what it says about what they value and who noticed.

The rows are held once in :class:`~ui.workbooks.narrative.moments.MomentsModel`, one
row changed per save. The editor below the list autosaves as the step pages
do; a new moment is saved once something is written in it
(:class:`ui.widgets.draft_list.DraftListPage`).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import (
    QModelIndex,
    Qt,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from models import narrative
from models.errors import TrellisError
from models.narrative import Draft, SharedPiece, UnsavedDraft
from ui.dates import day
from ui.texts import explain
from ui.widgets.common import (
    FieldMessage,
    MessageLabel,
    body_label,
    lines_high,
    named,
    scrolling,
    title_label,
)
from ui.widgets.draft_list import DeleteDraftDialog, DraftListPage
from ui.workbooks import WorkbookContext
from ui.workbooks.narrative.moments import MomentsModel, happened_on
from ui.workbooks.narrative.share import share_draft, shared_line
from ui.workbooks.narrative.words import step_words, words

log = logging.getLogger(__name__)

FIELD_LINES = {"what": 4, "made_possible": 3, "says_value": 3}


def _words(key: str, **values: object) -> str:
    return step_words("exceptions", key, **values)


class DeleteMomentDialog(DeleteDraftDialog):
    """Delete this moment? (window-modal; the page deletes on ``accepted``)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "narrativeDeleteMoment", _words, _words("delete_intro"))


class ExceptionsPage(DraftListPage):
    """Step 4 for ``owner``: the list of moments and the one being written."""

    kind = "exception"

    def __init__(self, ctx: WorkbookContext, owner: int, parent: QWidget | None = None) -> None:
        super().__init__("narrativeAutosave_exception", parent)
        self.setObjectName("narrativeStep_exception")
        self.setAccessibleName(_words("title"))
        self._ctx = ctx
        self.owner = owner
        self.current: Draft | None = None  # the moment in the editor; None: a new one
        self._loading = False
        self.pieces: list[SharedPiece] = []

        self.model = MomentsModel(self)
        self.make_list(self.model, "narrativeMoments", _words("list_name"),
                       body_label(_words("empty"), "narrativeMomentsEmpty", role="hint"))
        self.list.setMinimumHeight(self.list.fontMetrics().lineSpacing() * 5 + 16)
        self.list.setMaximumHeight(self.list.fontMetrics().lineSpacing() * 8 + 16)
        self.add_button = named(QPushButton(_words("add")), "narrativeAddMoment",
                                _words("add_name"))
        self.add_button.clicked.connect(self.new_moment)
        self.date = named(QLineEdit(), "narrative_exception_happened_on", _words("happened_on"))
        self.date.setPlaceholderText(_words("happened_on_prompt"))
        self.editors: dict[str, QPlainTextEdit | QLineEdit] = {"happened_on": self.date}
        for key, lines in FIELD_LINES.items():
            area = named(QPlainTextEdit(), f"narrative_exception_{key}", _words(key))
            area.setTabChangesFocus(True)
            lines_high(area, lines)
            self.editors[key] = area
        self.editors["noticed_by"] = named(QLineEdit(), "narrative_exception_noticed_by",
                                           _words("noticed_by"))
        for editor in self.editors.values():
            editor.textChanged.connect(self._changed)
        self.make_buttons(("narrativeSaved_exception", words("saved")),
                          ("narrativeShare_exception", _words("share"), _words("share_name")),
                          ("narrativeDeleteMomentButton", _words("delete"),
                           _words("delete_name")))
        self.shared_note = body_label("", "narrativeSharedNote_exception", role="hint")
        self.date_message = FieldMessage("narrativeMomentDateMessage", kind="notice")
        self.message = MessageLabel("narrativeStepMessage_exception")
        self._build()
        self.list.selectionModel().currentChanged.connect(self._chosen)
        self.load()

    def _build(self) -> None:
        column = QVBoxLayout()
        column.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(title_label(_words("title"), "narrativeStepTitle_exception"), 1)
        top.addWidget(self.saved_note, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(top)
        column.addWidget(body_label(_words("intro"), "narrativeStepIntro_exception"))
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.list)
        column.addWidget(self.empty)
        column.addSpacing(6)
        for key, editor in self.editors.items():
            caption = QLabel(_words(key))
            caption.setObjectName(f"narrative_exception_{key}Label")
            caption.setProperty("role", "heading")
            caption.setWordWrap(True)
            caption.setBuddy(editor)
            column.addWidget(caption)
            column.addWidget(self.date_message.under(editor) if editor is self.date else editor)
        column.addSpacing(8)
        buttons = QHBoxLayout()
        buttons.addWidget(self.share_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        column.addWidget(self.shared_note)
        column.addWidget(self.date_message)
        column.addStretch(1)
        inner = QWidget()
        inner.setObjectName("narrativeStepFields_exception")
        inner.setMaximumWidth(760)
        inner.setLayout(column)
        scroll = scrolling(inner, "narrativeStepScroll_exception")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)

    # loading

    def load(self) -> None:
        keys = self._ctx.session.keyring
        try:
            drafts, _damaged = narrative.load_drafts(keys, self.owner)
            self.pieces, _ = narrative.load_shared(keys, self.kind, self.owner)
        except TrellisError as error:
            log.info("moments not read: %s", type(error).__name__)
            self.message.say(explain(error))
            self.setEnabled(False)
            return
        self.model.fill(d for d in drafts if d.kind == self.kind)
        self._show(None)
        self._rows_changed()

    def _show(self, draft: Draft | None) -> None:
        self._timer.stop()
        self.current = draft
        self._stored = dict(draft.fields) if draft is not None else {}
        self._loading = True
        try:
            for key, editor in self.editors.items():
                value = self._stored.get(key, "")
                if isinstance(editor, QPlainTextEdit):
                    editor.setPlainText(value)
                else:
                    editor.setText(value)
        finally:
            self._loading = False
        self.saved_note.hide()
        self.date_message.clear_message()
        self.delete_button.setVisible(draft is not None)
        self.share_button.setEnabled(draft is not None)
        self._note_shared()

    def _note_shared(self) -> None:
        if self.current is None:
            self.shared_note.setText(_words("choose") if self.model.rowCount() else "")
            return
        versions = narrative.versions_of(self.pieces, self.current.uuid)
        line = (words("shared_last", date=day(versions[-1].shared_at),
                      version=versions[-1].version) if versions else words("never_shared"))
        self.shared_note.setText(line)
        self.shared_note.setAccessibleName(line)

    # writing

    def new_moment(self) -> None:
        """An empty moment in the editor (saved once something is written)."""
        self._choose_none()
        self._show(None)
        self.editors["what"].setFocus()

    def values(self) -> dict[str, str]:
        values = {key: (editor.toPlainText() if isinstance(editor, QPlainTextEdit)
                        else editor.text()) for key, editor in self.editors.items()}
        when = values["happened_on"].strip()
        if when and happened_on(when) is None:
            del values["happened_on"]  # kept as it was stored until it reads as a date
        else:
            values["happened_on"] = when
        return values

    def _changed(self) -> None:
        if self._loading:
            return
        self.saved_note.hide()
        self._timer.start()

    def flush(self) -> None:
        """Save the moment in the editor, now, if it changed."""
        self._timer.stop()
        typed = self.date.text().strip()
        if typed and happened_on(typed) is None:
            self.date_message.say(_words("bad_date"), under=self.date)
        else:
            self.date_message.clear_message()
        if self._ctx.session.locked or not self.pending():
            return
        values = self.values()
        uuid = self.current.uuid if self.current is not None else None
        try:
            draft = narrative.save_draft(self._ctx.session.keyring, self.owner, self.kind,
                                         values, uuid)
        except (TrellisError, ValueError) as error:
            log.info("a moment did not save: %s", type(error).__name__)
            self.message.say(explain(error))
            return
        self._saved(draft)
        self._ctx.changes.announce("narrative", draft.uuid)

    def unsaved(self) -> list[UnsavedDraft]:
        """What a failed save left unsaved (the pages are going), as typed (a date that
        does not read yet included): kept by the tab."""
        if not self.pending():
            return []
        typed = {key: (editor.toPlainText() if isinstance(editor, QPlainTextEdit)
                       else editor.text()) for key, editor in self.editors.items()}
        return [UnsavedDraft(self.kind, self.current.uuid if self.current else None, typed)]

    def put_back(self, piece: UnsavedDraft) -> None:
        """A moment's words kept when a save failed, back in the editor and saved now
        (if that fails again, they stay here and the page says why)."""
        row = self.model.row_of(piece.uuid) if piece.uuid is not None else -1
        self._choosing = True
        try:
            self._show(self.model.at(row))
            self.list.setCurrentIndex(self.model.index(row, 0) if row >= 0 else QModelIndex())
        finally:
            self._choosing = False
        self._loading = True
        for key, value in piece.fields.items():
            editor = self.editors[key]
            if isinstance(editor, QPlainTextEdit):
                editor.setPlainText(value)
            else:
                editor.setText(value)
        self._loading = False
        self.flush()

    def _locked(self) -> bool:
        return self._ctx.session.locked

    def _delete_dialog(self, uuid: str) -> QDialog:
        return DeleteMomentDialog(self)

    def _delete_draft(self, uuid: str) -> None:
        narrative.delete_draft(self._ctx.session.keyring, self.owner, uuid)

    def delete(self, uuid: str) -> bool:
        if not super().delete(uuid):
            return False
        self._ctx.changes.announce("narrative", uuid)
        return True

    def share(self) -> QDialog | None:
        """Save, then show the chosen moment as it would be shared."""
        self.flush()
        if self.current is None or self.current.is_empty():
            self.message.say(words("nothing_to_share"))
            return None
        dialog = share_draft(self._ctx, self.owner, self.current, self)
        dialog.shared.connect(self._shared)
        return dialog

    def _shared(self, piece: SharedPiece) -> None:
        if not isValid(self):
            return
        self.pieces.append(piece)
        self._note_shared()
        self.message.say(shared_line(piece, self._ctx.session.name_of(3 - self.owner)))

    def clear(self) -> None:
        """Let every word go (the pages are closing); saves nothing."""
        self._timer.stop()
        self._loading = True
        for editor in self.editors.values():
            editor.clear()
        self._loading = False
        self.current = None
        self._stored = {}
        self.pieces = []
        self.model.clear()
