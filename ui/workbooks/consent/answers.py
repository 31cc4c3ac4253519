"""One partner's private answers to the consent check-in, saved as soon as they choose.

The items are a table (:mod:`ui.workbooks.consent.answer_table`): one line each with
the answer and note saved, however many there are; the chosen row opens below in one
editor (:mod:`ui.workbooks.consent.answer_editor`) with the four answers and the note.
Keys 1 to 4 in the table answer the chosen row; a long list has a search box.

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

from PySide6.QtCore import QEvent, QModelIndex, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models import consent
from models.consent import Outcome
from models.errors import TrellisError
from models.proof import FreshProof, require_owner
from ui.texts import explain, text
from ui.widgets.common import MessageLabel, body_label, named
from ui.workbooks import WorkbookContext
from ui.workbooks.consent.answer_editor import AnswerEditor
from ui.workbooks.consent.answer_table import AnswerFilter, AnswerRows, AnswerTable
from ui.workbooks.consent.model import ConsentBoard
from ui.workbooks.consent.words import answer_label, answers, group_label

log = logging.getLogger(__name__)

PRIVATE_IDLE_MS = 3 * 60_000  # a private view closes itself after this long untouched
SEARCH_FROM = 20  # a list longer than this gets a search box
_ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel)


def _words(key: str, **values: object) -> str:
    return text("consent_answers", key, **values)


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
        title = _words("title", name=name)
        self.setObjectName("consentAnswerDialog")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        # Room for the table and the editor below it, within the screen.
        room = self.screen().availableGeometry() if self.screen() is not None else None
        width, height = 860, 680
        if room is not None:
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        self.resize(width, height)
        self._ctx = ctx
        self.owner = owner
        self._board = board
        self.closed_by_idle = False
        self.rows = AnswerRows(board.items(), {uuid: (a.answer, a.note)
                                               for uuid, a in mine.items()}, self)
        self.shown = AnswerFilter(self.rows, self)
        self.table = AnswerTable(self.shown)
        self.editor = AnswerEditor()
        self.search = named(QLineEdit(), "consentAnswerSearch", _words("search_name"))
        self.search.setPlaceholderText(_words("search_prompt"))
        self.search.setClearButtonEnabled(True)
        for clear in self.search.findChildren(QToolButton):
            named(clear, "consentAnswerSearchClear", _words("search_clear"))
        self.search.setVisible(self.rows.rowCount() > SEARCH_FROM)
        keys_hint = " · ".join(f"{number} {answer_label(value)}"
                               for number, value in enumerate(answers(), start=1))
        self.hint = body_label(_words("keys_hint", keys=keys_hint), "consentAnswerHint",
                               role="hint")

        self.message = MessageLabel("consentAnswerMessage")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        done = buttons.button(QDialogButtonBox.StandardButton.Close)
        named(done, "consentAnswerDone", _words("done")).setText(_words("done"))
        done.setAutoDefault(False)  # Return in the note saves it; it never closes
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        intro = "intro_together" if ctx.session.together else "intro_solo"
        layout.addWidget(body_label(_words(intro, other=self.other), "consentAnswerIntro"))
        layout.addWidget(self.search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.editor)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setTabOrder(self.search, self.table)

        self.search.textChanged.connect(self.shown.search)
        self.table.selectionModel().currentChanged.connect(self._row_chosen)
        self.table.answered.connect(self.editor.choose)
        self.editor.chose.connect(lambda _value: self._save_shown())
        self.editor.note_done.connect(self._save_shown)
        board.rowsInserted.connect(self._board_grew)
        board.rowsRemoved.connect(self._board_shrank)
        if self.shown.rowCount():
            self.table.setCurrentIndex(self.shown.index(0, 0))
        self.table.setFocus()

        self.idle = QTimer(self)
        self.idle.setObjectName("consentAnswerIdle")
        self.idle.setSingleShot(True)
        self.idle.setInterval(PRIVATE_IDLE_MS)
        self.idle.timeout.connect(self._idle_close)
        self.idle.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def items(self) -> list[consent.Item]:
        """The items listed, in the couple's order."""
        return self.rows.items()

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

    # the list

    def show_item(self, uuid: str) -> None:
        """Choose ``uuid``'s row (clearing a search that hides it) and open it below."""
        row = self.rows.row_of(uuid)
        if row < 0:
            return
        index = self.shown.mapFromSource(self.rows.index(row, 0))
        if not index.isValid():
            self.search.clear()
            index = self.shown.mapFromSource(self.rows.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)

    def _row_chosen(self, current: QModelIndex, previous: QModelIndex) -> None:
        self._save_shown()  # a note typed but not yet saved
        item = self.rows.item_at(self.shown.mapToSource(current).row())
        self.editor.show_item(item, None if item is None else self.rows.saved(item.uuid))

    def _board_grew(self, parent: QModelIndex, first: int, last: int) -> None:
        """The rest of a long list arrived (or an item was added) while this is open."""
        count = self._board.item_count()
        if first < count:
            self.rows.insert(first, self._board.items()[first:min(last + 1, count)])
            self.search.setVisible(self.rows.rowCount() > SEARCH_FROM)

    def _board_shrank(self, *_: object) -> None:
        self.rows.keep_only({item.uuid for item in self._board.items()})

    # answering

    def chosen(self, uuid: str) -> str | None:
        """The answer chosen for ``uuid``: in the editor for the item shown, else saved."""
        if uuid == self.editor.uuid:
            return self.editor.chosen()
        saved = self.rows.saved(uuid)
        return None if saved is None else saved[0]

    def _note_of(self, uuid: str) -> str:
        if uuid == self.editor.uuid:
            return self.editor.note_text()
        saved = self.rows.saved(uuid)
        return "" if saved is None else saved[1]

    def _save_shown(self) -> None:
        if self.editor.uuid is not None:
            self.save(self.editor.uuid)

    def save(self, uuid: str) -> None:
        """Save this item's answer and note if either changed (needs an answer first)."""
        value, note = self.chosen(uuid), self._note_of(uuid)
        keys = self._ctx.session.keyring
        if value is None or self.rows.saved(uuid) == (value, note) or self._ctx.session.locked:
            return
        before = self._shared(uuid)
        try:
            consent.answer(keys, self.owner, uuid, value, note)  # type: ignore[arg-type]
        except TrellisError as error:
            log.info("answer not saved: %s", type(error).__name__)
            self.message.say(explain(error))
            return
        self.rows.set_saved(uuid, value, note)
        self._board.reread(keys)  # a step back shows on the shared page now
        self.message.say(self._after_saving(uuid, before, value))  # type: ignore[arg-type]
        self.changed.emit()

    def _shared(self, uuid: str) -> Outcome | None:
        return self._board.outcome_of(uuid)

    def _after_saving(self, uuid: str, before: Outcome | None, value: consent.Answer) -> str:
        """"Saved", and, for an item already revealed, what the shared page now says."""
        if before is None:
            return _words("saved")
        item = self.rows.item_of(uuid)
        label = "" if item is None else item.label
        after = self._shared(uuid)
        if after is not None and after != before:
            return _words("step_back", other=self.other, label=label,
                          group=group_label(after))
        if consent.waits_for_reveal(before, value):
            return _words("waits", label=label)
        return _words("saved")

    def flush(self) -> None:
        """Save a note typed but not yet saved (before a lock): only the item shown
        can hold one."""
        self._save_shown()
