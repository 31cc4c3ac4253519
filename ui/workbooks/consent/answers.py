"""One partner's private answers to the consent check-in, saved as soon as they choose.

Alone, the partner who unlocked opens their own answers. Together, the dialog opens
only with its owner's fresh proof (their password typed just now): it holds their
journal key in the session's keyring while it is open and lets it go when it closes —
when they are done, on lock (the window rejects every dialog), or after
``PRIVATE_IDLE_MS`` without a key press or click inside it. Nothing stays on screen.

After a reveal, a step back from a yes changes the shared page at once: each save reads
the shared comparison again into the tab's :class:`ConsentBoard`, which redraws the page
behind the dialog; the dialog then says what the other partner will see, so nothing
about it is hidden from the one who chose it.
"""

from __future__ import annotations

import logging
from html import escape

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models import consent
from models.consent import Outcome
from models.errors import TrellisError
from models.proof import FreshProof, require_owner
from ui.texts import explain, text
from ui.widgets.common import MessageLabel, body_label, named, scrolling
from ui.workbooks import WorkbookContext
from ui.workbooks.consent.model import ConsentBoard
from ui.workbooks.consent.words import answer_label, answers, group_label

log = logging.getLogger(__name__)

PRIVATE_IDLE_MS = 3 * 60_000  # a private view closes itself after this long untouched
_ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel)


class AnswerDialog(QDialog):
    """Yes / not sure yet / not now / no for each item, with an optional private note.

    ``proof`` is the owner's fresh proof in a together session; alone, the owner's own
    key is already in the keyring and ``proof`` stays ``None``. Raises a
    :class:`~models.errors.TrellisError` (``NeedsOwner``) before showing anything when
    neither opens the owner's answers.
    """

    changed = Signal()  # an answer was saved (the board already shows where it stands)

    def __init__(self, ctx: WorkbookContext, owner: int, board: ConsentBoard,
                 parent: QWidget, proof: FreshProof | None = None) -> None:
        keys = ctx.session.keyring
        held = False
        if proof is not None:
            journal = require_owner(keys, proof, owner)
            if not keys.holds_journal(owner):
                keys.hold_journal(owner, journal)
                held = True
        try:
            mine = consent.my_answers(keys, owner)
        except BaseException:
            if held:
                keys.forget_journal(owner)
            raise
        super().__init__(parent)
        self._held = held
        name = ctx.session.name_of(owner)
        self.other = ctx.session.name_of(3 - owner)
        title = text("consent_answers", "title", name=name)
        self.setObjectName("consentAnswerDialog")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        # Room for a note beside each row and many rows at once, within the screen.
        room = self.screen().availableGeometry() if self.screen() is not None else None
        width, height = 880, 760
        if room is not None:
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        self.resize(width, height)
        self._ctx = ctx
        self.owner = owner
        self._board = board
        self.items = items = board.items()
        self.closed_by_idle = False
        self._saved: dict[str, tuple[str, str]] = {
            uuid: (a.answer, a.note) for uuid, a in mine.items()}
        self.choices: dict[str, QButtonGroup] = {}
        self.notes: dict[str, QLineEdit] = {}

        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(4)
        for row, item in enumerate(items):
            label = QLabel(f"<b>{escape(item.label)}</b>")
            label.setWordWrap(True)
            grid.addWidget(label, row * 3, 0, 1, 5)
            group = QButtonGroup(self)
            saved = self._saved.get(item.uuid)
            for column, value in enumerate(answers()):
                words = answer_label(value)
                button = named(QRadioButton(words), f"consentAnswer_{row}_{value}",
                               text("consent_answers", "choice_name", label=item.label,
                                    answer=words))
                button.setProperty("answer", value)
                button.setChecked(saved is not None and saved[0] == value)
                group.addButton(button)
                grid.addWidget(button, row * 3 + 1, column)
            note = named(QLineEdit(saved[1] if saved else ""), f"consentNote_{row}",
                         text("consent_answers", "note_name", label=item.label))
            note.setPlaceholderText(text("consent_answers", "note_prompt"))
            grid.addWidget(note, row * 3 + 1, 4)
            grid.setRowMinimumHeight(row * 3 + 2, 10)
            group.buttonToggled.connect(
                lambda button, checked, uuid=item.uuid: self.save(uuid) if checked else None)
            note.editingFinished.connect(lambda uuid=item.uuid: self.save(uuid))
            self.choices[item.uuid] = group
            self.notes[item.uuid] = note
        grid.setColumnStretch(4, 1)
        inner = QWidget()
        inner.setLayout(grid)
        scroll = scrolling(inner, "consentAnswerScroll")

        self.message = MessageLabel("consentAnswerMessage")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        done = buttons.button(QDialogButtonBox.StandardButton.Close)
        named(done, "consentAnswerDone", text("consent_answers", "done")).setText(
            text("consent_answers", "done"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = "intro_together" if ctx.session.together else "intro_solo"
        layout.addWidget(body_label(text("consent_answers", intro, other=self.other),
                                    "consentAnswerIntro"))
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

        self.idle = QTimer(self)
        self.idle.setObjectName("consentAnswerIdle")
        self.idle.setSingleShot(True)
        self.idle.setInterval(PRIVATE_IDLE_MS)
        self.idle.timeout.connect(self._idle_close)
        self.idle.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # closing and letting go of the key

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (event.type() in _ACTIVITY and isinstance(watched, QWidget)
                and (watched is self or self.isAncestorOf(watched))):
            self.idle.start()
        return False

    def _idle_close(self) -> None:
        self.closed_by_idle = True
        self.reject()

    def _let_go(self) -> None:
        """Forget the owner's key if this dialog took it (alone, it stays the session's)."""
        if self._held:
            self._ctx.session.keyring.forget_journal(self.owner)
            self._held = False

    def done(self, result: int) -> None:
        self.flush()
        self.idle.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._let_go()
        super().done(result)

    # answering

    def chosen(self, uuid: str) -> str | None:
        button = self.choices[uuid].checkedButton()
        return None if button is None else str(button.property("answer"))

    def save(self, uuid: str) -> None:
        """Save this item's answer and note if either changed (needs an answer first)."""
        value, note = self.chosen(uuid), self.notes[uuid].text().strip()
        keys = self._ctx.session.keyring
        if value is None or self._saved.get(uuid) == (value, note) or self._ctx.session.locked:
            return
        before = self._shared(uuid)
        try:
            consent.answer(keys, self.owner, uuid, value, note)  # type: ignore[arg-type]
        except TrellisError as error:
            log.info("answer not saved: %s", type(error).__name__)
            self.message.say(explain(error))
            return
        self._saved[uuid] = (value, note)
        self._board.reread(keys)  # a step back shows on the shared page now
        self.message.say(self._after_saving(uuid, before, value))  # type: ignore[arg-type]
        self.changed.emit()

    def _shared(self, uuid: str) -> Outcome | None:
        return self._board.outcome_of(uuid)

    def _after_saving(self, uuid: str, before: Outcome | None, value: consent.Answer) -> str:
        """"Saved", and, for an item already revealed, what the shared page now says."""
        if before is None:
            return text("consent_answers", "saved")
        label = next(item.label for item in self.items if item.uuid == uuid)
        after = self._shared(uuid)
        if after is not None and after != before:
            return text("consent_answers", "step_back", other=self.other, label=label,
                        group=group_label(after))
        if consent.waits_for_reveal(before, value):
            return text("consent_answers", "waits", label=label)
        return text("consent_answers", "saved")

    def flush(self) -> None:
        """Save any note typed but not yet saved (before a lock)."""
        for uuid in self.choices:
            self.save(uuid)
