"""The guided steps of each partner's own story, one page each, in any order:
1 Name the problem, 2 The story it tells, 3 Where I stand, 5 Values and hopes and
6 The story I prefer (4, the moments that don't fit, is a list: ``exceptions.py``).

Each page is one private draft of its owner (:func:`models.narrative.save_draft`,
sealed with their journal key), saved shortly after typing stops (``AUTOSAVE_MS``) and
at once by :meth:`StepPage.flush` (before the pages close or Trellis locks). Saving
never writes back into the fields, so each field's own undo keeps working. "Share this
with my partner…" saves first, then opens :func:`ui.workbooks.narrative.share.share_draft`.

Step 1 holds a guard for the partner who caused the hurt: the patterns that made the
harm easier may be named there, while the act and the responsibility for it are never
made into an outside problem. It is not shown to the partner who was hurt once the
roles are named (nothing here asks them for a part in it). Step 2's "how true it feels
today" is private: never shared, exported or shown to the partner.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from models import narrative
from models.errors import TrellisError
from models.narrative import Draft, Roles, SharedPiece, UnsavedDraft
from ui.dates import day
from ui.texts import explain
from ui.widgets.common import MessageLabel, body_label, lines_high, named, scrolling, title_label
from ui.workbooks import WorkbookContext
from ui.workbooks.narrative.fields import NOT_RATED, ViewChoice, put_value, value_of
from ui.workbooks.narrative.share import share_draft, shared_line
from ui.workbooks.narrative.words import step_words, words

log = logging.getLogger(__name__)

AUTOSAVE_MS = 800
READABLE_WIDTH = 760  # px: a column of text that is comfortable to read


@dataclass(frozen=True)
class Field:
    """One field of a step page: its key in ``FIELDS[kind]`` and how it is written."""

    key: str
    control: str = "text"  # "text" (several lines), "line", "truth" (0-10), "view"
    lines: int = 4
    hint: bool = False  # a quiet line under its label (``<key>_hint``)
    label: str = ""  # its label's key when not the field's own key


STEPS: dict[str, tuple[Field, ...]] = {
    "problem": (Field("name", "line", hint=True), Field("shows_up"),
                Field("effects_me", hint=True), Field("effects_us"),
                Field("strongest", lines=3), Field("weakest", lines=3)),
    "story": (Field("about_me"), Field("about_us"), Field("came_from"),
              Field("truth", "truth", hint=True)),
    "stand": (Field("view", "view"), Field("why", lines=5)),
    "values": (Field("values", lines=6), Field("hopes", lines=6)),
    "preferred": (Field("title", "line", label="title_field"), Field("text", lines=8),
                  Field("step_1", "line"), Field("step_2", "line"), Field("step_3", "line")),
}
GUARD = "patterns"  # problem's field for the partner who caused the hurt


def _heading(words_: str, object_name: str) -> QLabel:
    label = QLabel(words_)
    label.setObjectName(object_name)
    label.setProperty("role", "heading")
    label.setWordWrap(True)
    return label


class StepPage(QWidget):
    """One step of ``owner``'s story (``kind`` is set by each subclass)."""

    kind = ""

    def __init__(self, ctx: WorkbookContext, owner: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        kind = self.kind
        self.setObjectName(f"narrativeStep_{kind}")
        self.setAccessibleName(step_words(kind, "title"))
        self._ctx = ctx
        self.owner = owner
        self.draft: Draft | None = None
        self._stored: dict[str, str] = {}
        self._loading = False
        self.roles = Roles(None, None)
        self._timer = QTimer(self)
        self._timer.setObjectName(f"narrativeAutosave_{kind}")
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        self.editors: dict[str, QWidget] = {}
        self.guard: QFrame | None = None
        self.guard_words: QLabel | None = None

        self.saved_note = named(QLabel(words("saved")), f"narrativeSaved_{kind}",
                                words("saved"))
        self.saved_note.setProperty("role", "hint")
        self.saved_note.hide()
        self.share_button = named(QPushButton(words("share")), f"narrativeShare_{kind}",
                                  words("share_name"))
        self.share_button.clicked.connect(self.share)
        self.shared_note = body_label(words("never_shared"), f"narrativeSharedNote_{kind}",
                                      role="hint")
        self.message = MessageLabel(f"narrativeStepMessage_{kind}")
        self._build()
        self.load()

    # building

    def _build(self) -> None:
        kind = self.kind
        column = QVBoxLayout()
        column.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(title_label(step_words(kind, "title"), f"narrativeStepTitle_{kind}"), 1)
        top.addWidget(self.saved_note, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(top)
        column.addWidget(body_label(step_words(kind, "intro"), f"narrativeStepIntro_{kind}"))
        column.addSpacing(6)
        for field in STEPS[kind]:
            if kind == "preferred" and field.key == "step_1":
                column.addSpacing(6)
                column.addWidget(_heading(step_words(kind, "steps_heading"),
                                          "narrativeStepsHeading"))
            self._add_field(column, field)
        self._add_extra(column)
        column.addSpacing(8)
        row = QHBoxLayout()
        row.addWidget(self.share_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.shared_note)
        column.addStretch(1)
        inner = QWidget()
        inner.setObjectName(f"narrativeStepFields_{kind}")
        inner.setMaximumWidth(READABLE_WIDTH)
        inner.setLayout(column)
        scroll = scrolling(inner, f"narrativeStepScroll_{kind}")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)

    def _add_extra(self, column: QVBoxLayout) -> None:
        """A subclass adds what is particular to its step, after its fields."""

    def _add_field(self, column: QVBoxLayout, field: Field) -> None:
        kind = self.kind
        label_words = step_words(kind, field.label or field.key)
        name = f"narrative_{kind}_{field.key}"
        editor: QWidget
        if field.control == "line":
            line = named(QLineEdit(), name, label_words)
            line.textChanged.connect(self._changed)
            editor = line
        elif field.control == "truth":
            spin = named(QSpinBox(), name, label_words)
            spin.setRange(NOT_RATED, 10)
            spin.setSpecialValueText(step_words(kind, "truth_none"))
            spin.setValue(NOT_RATED)
            inner = spin.findChild(QLineEdit)
            if inner is not None:
                inner.setAccessibleName(label_words)
            spin.valueChanged.connect(self._changed)
            editor = spin
        elif field.control == "view":
            choice = ViewChoice(name, label_words)
            choice.changed.connect(self._changed)
            editor = choice
        else:
            area = named(QPlainTextEdit(), name, label_words)
            area.setTabChangesFocus(True)
            lines_high(area, field.lines)
            area.textChanged.connect(self._changed)
            editor = area
        caption = QLabel(label_words)
        caption.setObjectName(f"{name}Label")
        caption.setWordWrap(True)
        caption.setBuddy(editor)
        caption.setProperty("role", "heading")
        column.addWidget(caption)
        if field.hint:
            column.addWidget(body_label(step_words(kind, f"{field.key}_hint"), f"{name}Hint",
                                        role="hint"))
        if field.control in ("truth",):
            row = QHBoxLayout()
            row.addWidget(editor)
            row.addStretch(1)
            column.addLayout(row)
        else:
            column.addWidget(editor)
        self.editors[field.key] = editor

    # values

    def shown_keys(self) -> list[str]:
        """The fields this page writes (the guard only while it is shown)."""
        return list(self.editors)

    def values(self) -> dict[str, str]:
        """What the page holds now, for every field it writes."""
        return {key: value_of(self.editors[key]) for key in self.shown_keys()}

    def _fill(self, fields: dict[str, str]) -> None:
        self._loading = True
        try:
            for key, editor in self.editors.items():
                put_value(editor, fields.get(key, ""))
        finally:
            self._loading = False

    # loading and saving

    def load(self) -> None:
        """Read this owner's page (and whether it was shared) and show it."""
        keys = self._ctx.session.keyring
        try:
            self.roles = narrative.load_roles(keys)
            drafts, _damaged = narrative.load_drafts(keys, self.owner)
        except TrellisError as error:
            log.info("a story page was not read: %s", type(error).__name__)
            self.message.say(explain(error))
            self.setEnabled(False)
            return
        self.draft = narrative.page_of(drafts, self.kind)
        self._stored = dict(self.draft.fields) if self.draft is not None else {}
        self.set_roles(self.roles)
        self._fill(self._stored)
        self._show_shared()

    def set_roles(self, roles: Roles) -> None:
        """The roles were named, changed or cleared (step 1's guard follows them)."""
        self.roles = roles

    def _show_shared(self) -> None:
        if self.draft is None:
            self.shared_note.setText(words("never_shared"))
            return
        try:
            pieces, _damaged = narrative.load_shared(self._ctx.session.keyring, self.kind,
                                                     self.owner)
        except TrellisError as error:
            log.info("shared pieces not read: %s", type(error).__name__)
            return
        versions = narrative.versions_of(pieces, self.draft.uuid)
        self._note_shared(versions[-1] if versions else None)

    def _note_shared(self, piece: SharedPiece | None) -> None:
        line = (words("shared_last", date=day(piece.shared_at), version=piece.version)
                if piece is not None else words("never_shared"))
        self.shared_note.setText(line)
        self.shared_note.setAccessibleName(line)

    def _changed(self) -> None:
        if self._loading:
            return
        self.saved_note.hide()
        self._timer.start()

    def pending(self) -> bool:
        """True when something typed is not saved yet."""
        values = self.values()
        if all(values[key] == self._stored.get(key, "") for key in values):
            return False
        return self.draft is not None or any(value.strip() for value in values.values())

    def flush(self) -> None:
        """Save what changed since the last save, now."""
        self._timer.stop()
        if self._ctx.session.locked or not self.pending():
            return
        values = self.values()
        try:
            draft = narrative.save_draft(self._ctx.session.keyring, self.owner, self.kind,
                                         values, self.draft.uuid if self.draft else None)
        except (TrellisError, ValueError) as error:
            log.info("a story page did not save: %s", type(error).__name__)
            self.message.say(explain(error))
            return
        self.draft = draft
        self._stored = dict(draft.fields)
        self.message.clear_message()
        self.saved_note.show()
        self._ctx.changes.announce("narrative", draft.uuid)

    def unsaved(self) -> list[UnsavedDraft]:
        """What a failed save left unsaved (the pages are going): kept by the tab."""
        if not self.pending():
            return []
        return [UnsavedDraft(self.kind, self.draft.uuid if self.draft else None,
                             self.values())]

    def put_back(self, piece: UnsavedDraft) -> None:
        """Words kept when a save failed, back in their fields and saved now (if that
        fails again, they stay here and the page says why)."""
        self._fill({**self._stored, **piece.fields})
        self.flush()

    def share(self) -> QDialog | None:
        """Save, then show what would be shared and ask the owner's password."""
        self.flush()
        if self.draft is None or self.draft.is_empty():
            self.message.say(words("nothing_to_share"))
            return None
        self.message.clear_message()
        dialog = share_draft(self._ctx, self.owner, self.draft, self)
        dialog.shared.connect(self._shared)
        return dialog

    def _shared(self, piece: SharedPiece) -> None:
        if isValid(self):
            self._note_shared(piece)
            other = self._ctx.session.name_of(3 - self.owner)
            self.message.say(shared_line(piece, other), quiet=False)

    def clear(self) -> None:
        """Let every word go (the pages are closing); saves nothing."""
        self._timer.stop()
        self._loading = True
        for editor in self.editors.values():
            if isinstance(editor, QPlainTextEdit | QLineEdit):
                editor.clear()
        self.draft = None
        self._stored = {}
        self._loading = False


class ProblemPage(StepPage):
    """1 Name the problem, with the guard for the partner who caused the hurt."""

    kind = "problem"

    def _add_extra(self, column: QVBoxLayout) -> None:
        guard = QFrame()
        guard.setObjectName("narrativeProblemGuard")
        guard.setProperty("role", "panel")
        inner = QVBoxLayout(guard)
        inner.setContentsMargins(0, 8, 0, 0)
        inner.addWidget(_heading(step_words("problem", "guard_heading"),
                                 "narrativeProblemGuardHeading"))
        self.guard_words = body_label(step_words("problem", "guard_unnamed"),
                                      "narrativeProblemGuardWords")
        inner.addWidget(self.guard_words)
        label_words = step_words("problem", GUARD)
        area = named(QPlainTextEdit(), f"narrative_problem_{GUARD}", label_words)
        area.setTabChangesFocus(True)
        lines_high(area, 4)
        area.textChanged.connect(self._changed)
        caption = QLabel(label_words)
        caption.setBuddy(area)
        caption.setObjectName(f"narrative_problem_{GUARD}Label")
        inner.addWidget(caption)
        inner.addWidget(area)
        self.editors[GUARD] = area
        self.guard = guard
        column.addSpacing(8)
        column.addWidget(guard)

    def guard_shown(self) -> bool:
        """Not for the partner who was hurt, once the roles are named."""
        return self.roles.hurt != self.owner

    def shown_keys(self) -> list[str]:
        return [key for key in self.editors if key != GUARD or self.guard_shown()]

    def set_roles(self, roles: Roles) -> None:
        self.roles = roles
        if self.guard is None or self.guard_words is None:
            return
        if self.guard_shown():
            named_words = "guard_caused" if roles.caused() == self.owner else "guard_unnamed"
            self.guard_words.setText(step_words("problem", named_words))
            self.guard_words.setAccessibleName(self.guard_words.text()[:80])
        self.guard.setVisible(self.guard_shown())


class StoryPage(StepPage):
    """2 The story it tells, with the private "how true it feels today"."""

    kind = "story"


class StandPage(StepPage):
    """3 Where I stand: OK, not OK or mixed, and why."""

    kind = "stand"


class ValuesPage(StepPage):
    """5 Values and hopes."""

    kind = "values"


class PreferredPage(StepPage):
    """6 The story I prefer: a title, a short text, three near-future steps."""

    kind = "preferred"

    def _add_extra(self, column: QVBoxLayout) -> None:
        column.addSpacing(6)
        column.addWidget(body_label(step_words("preferred", "joint_note"),
                                    "narrativePreferredJointNote", role="hint"))


STEP_PAGES: dict[str, type[StepPage]] = {
    page.kind: page for page in (ProblemPage, StoryPage, StandPage, ValuesPage, PreferredPage)}
