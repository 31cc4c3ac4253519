"""My needs: one partner's needs as private drafts, until they share one.

Starter cards to begin from (or a blank one), the list of this partner's needs, and the
need chosen in an editor (:class:`~ui.workbooks.needs.need_fields.NeedEditor`): their
own words, how much it matters and how it has been lately, in words, and its safety
signals. Each need is a draft sealed with the owner's journal key
(:func:`models.needs.save_draft`), saved shortly after typing stops and at once by
:meth:`MyNeedsPage.flush` (before the page closes or Trellis locks); a new need is saved
once something names it (:class:`ui.widgets.draft_list.DraftListPage`). "Share this
need…" saves first, then opens :func:`ui.workbooks.needs.need_share.share_need`.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from models import needs
from models.errors import TrellisError
from models.needs import CARDS, Need, NeedDraft
from ui.dates import day
from ui.texts import explain
from ui.widgets.common import (
    MessageLabel,
    body_label,
    named,
    scrolling,
    title_label,
)
from ui.widgets.draft_list import DeleteDraftDialog, DraftListPage
from ui.widgets.fitting import FlowLayout
from ui.widgets.rows import RowsModel, fit_rows
from ui.workbooks import WorkbookContext
from ui.workbooks.needs.need_fields import NeedEditor
from ui.workbooks.needs.need_share import share_need, shared_line, take_back
from ui.workbooks.needs.words import card_about, card_label, importance_words, need_title
from ui.workbooks.needs.words import section_words as _section

log = logging.getLogger(__name__)

READABLE_WIDTH = 760


def _words(key: str, **values: object) -> str:
    return _section("mine", key, **values)


def _heading(words: str, object_name: str) -> QLabel:
    label = QLabel(words)
    label.setObjectName(object_name)
    label.setProperty("role", "heading")
    label.setWordWrap(True)
    return label


class DeleteNeedDialog(DeleteDraftDialog):
    """Delete this need? (window-modal; the page deletes on ``accepted``)."""

    def __init__(self, parent: QWidget, shared: bool) -> None:
        super().__init__(parent, "needsDeleteNeed", _words,
                         _words("delete_intro_shared" if shared else "delete_intro"))


class MyNeedsPage(DraftListPage):
    """``owner``'s needs: the cards, the list and the one being written."""

    def __init__(self, ctx: WorkbookContext, owner: int, parent: QWidget | None = None) -> None:
        super().__init__("needsAutosave", parent)
        self.setObjectName("needsMine")
        self.setAccessibleName(_words("title"))
        self._ctx = ctx
        self.owner = owner
        self.current: NeedDraft | None = None  # the need in the editor; None: a new one
        self.shared: dict[str, Need] = {}  # by draft uuid: the latest shared version

        self.cards: dict[str, QPushButton] = {}
        for card in (*CARDS, ""):
            label = card_label(card)
            button = named(QPushButton(label), f"needsCard_{card or 'own'}",
                           _words("card_name", card=label))
            button.setToolTip(card_about(card))
            button.setAccessibleDescription(card_about(card))
            button.clicked.connect(lambda _=False, c=card: self.new_need(c))
            self.cards[card] = button
        self.model: RowsModel[NeedDraft] = RowsModel(self._row_words, self)
        self.make_list(self.model, "needsDrafts", _words("list_name"),
                       body_label(_words("empty"), "needsDraftsEmpty", role="hint"))
        self.editor = NeedEditor()
        self.editor.changed.connect(self._changed)
        self.make_buttons(("needsSaved", _words("saved")),
                          ("needsShareButton", _words("share"), _words("share_name")),
                          ("needsDeleteButton", _words("delete"), _words("delete_name")))
        self.take_back_button = named(QPushButton(_words("take_back")), "needsTakeBackButton",
                                      _words("take_back_name"))
        self.take_back_button.clicked.connect(self.take_back)
        self.shared_note = body_label("", "needsSharedNote", role="hint")
        self.message = MessageLabel("needsMineMessage")
        self._build()
        self.list.selectionModel().currentChanged.connect(self._chosen)
        self.load()

    def _build(self) -> None:
        column = QVBoxLayout()
        column.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(title_label(_words("title"), "needsMineTitle"), 1)
        top.addWidget(self.saved_note, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(top)
        column.addWidget(body_label(_words("intro"), "needsMineIntro"))
        column.addSpacing(4)
        column.addWidget(_heading(_words("cards_heading"), "needsCardsHeading"))
        cards = FlowLayout()
        for button in self.cards.values():
            cards.addWidget(button)
        column.addLayout(cards)
        column.addSpacing(6)
        column.addWidget(_heading(_words("list_heading"), "needsDraftsHeading"))
        column.addWidget(self.list)
        column.addWidget(self.empty)
        column.addSpacing(6)
        column.addWidget(self.editor)
        column.addSpacing(8)
        buttons = FlowLayout()
        buttons.addWidget(self.share_button)
        buttons.addWidget(self.take_back_button)
        buttons.addWidget(self.delete_button)
        column.addLayout(buttons)
        column.addWidget(self.shared_note)
        column.addStretch(1)
        inner = QWidget()
        inner.setObjectName("needsMineFields")
        inner.setMaximumWidth(READABLE_WIDTH)
        inner.setLayout(column)
        scroll = scrolling(inner, "needsMineScroll")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)

    # the list

    def _row_words(self, draft: NeedDraft) -> str:
        parts = [need_title(draft.fields)]
        importance = importance_words(draft.fields.get("importance", ""))
        if importance:
            parts.append(importance)
        need = self.shared.get(draft.uuid)
        parts.append(_words("row_shared", version=need.version) if need is not None
                     else _words("row_private"))
        return " · ".join(parts)

    def load(self) -> None:
        """Read this owner's drafts (and which were shared) and list them."""
        keys = self._ctx.session.keyring
        try:
            drafts, damaged = needs.load_drafts(keys, self.owner)
            shared, _ = needs.load_needs(keys)
        except TrellisError as error:
            log.info("needs not read: %s", type(error).__name__)
            self.message.say(explain(error))
            self.setEnabled(False)
            return
        self.shared = {n.source: n for n in shared if n.owner == self.owner}
        self.model.fill(sorted(drafts, key=lambda d: d.written_at, reverse=True))
        if damaged:
            self.message.say(_words("damaged"))
        self._show(None)
        self._rows_changed()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        fit_rows(self.list)  # rows wrap anew at another width

    def _fit(self) -> None:
        fit_rows(self.list)

    def _show(self, draft: NeedDraft | None, card: str = "") -> None:
        self._timer.stop()
        self.current = draft
        self._stored = dict(draft.fields) if draft is not None else {}
        self.editor.fill(self._stored if draft is not None else {"card": card})
        if draft is None:
            self._stored = {}
        self.saved_note.hide()
        self.delete_button.setVisible(draft is not None)
        self.share_button.setEnabled(draft is not None)
        self._note_shared()

    def _note_shared(self) -> None:
        self.take_back_button.setVisible(self.current is not None
                                         and self.current.uuid in self.shared)
        if self.current is None:
            line = _words("new_need")
        else:
            need = self.shared.get(self.current.uuid)
            line = (_words("shared_last", date=day(need.shared_at), version=need.version)
                    if need is not None else _words("never_shared"))
        self.shared_note.setText(line)
        self.shared_note.setAccessibleName(line)

    # writing

    def new_need(self, card: str = "") -> None:
        """An empty need in the editor, started from ``card`` (saved once it is named)."""
        self._choose_none()
        self._show(None, card)
        if card:
            self._timer.start()  # the card alone names it: it is saved as a new need
        self.editor.focus_words()

    def _changed(self) -> None:
        self.saved_note.hide()
        self._timer.start()

    def values(self) -> dict[str, str]:
        return self.editor.values()

    def flush(self) -> None:
        """Save the need in the editor, now, if it changed."""
        self._timer.stop()
        if self._ctx.session.locked or not self.pending():
            return
        uuid = self.current.uuid if self.current is not None else None
        try:
            draft = needs.save_draft(self._ctx.session.keyring, self.owner,
                                     self.editor.values(), uuid)
        except (TrellisError, ValueError) as error:
            log.info("a need did not save: %s", type(error).__name__)
            self.message.say(explain(error))
            return
        self._saved(draft)

    def select(self, uuid: str) -> None:
        """Show the draft ``uuid`` (Enter on one of this owner's needs on the map)."""
        row = self.model.row_of(uuid)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row, 0))

    def _locked(self) -> bool:
        return self._ctx.session.locked

    def _delete_dialog(self, uuid: str) -> QDialog:
        return DeleteNeedDialog(self, uuid in self.shared)

    def _delete_draft(self, uuid: str) -> None:
        needs.delete_draft(self._ctx.session.keyring, self.owner, uuid)

    def share(self) -> QDialog | None:
        """Save, then show the chosen need exactly as it would be shared."""
        self.flush()
        if self.current is None or self.current.is_empty():
            self.message.say(_words("nothing_to_share"))
            return None
        self.message.clear_message()
        dialog = share_need(self._ctx, self.owner, self.current, self)
        dialog.shared.connect(self._shared)
        return dialog

    def _shared(self, need: Need) -> None:
        if not isValid(self):
            return
        self.shared[need.source] = need
        self.model.refresh(need.source)
        self._note_shared()
        self.message.say(shared_line(need, self._ctx.session.name_of(3 - self.owner)),
                         quiet=False)

    def take_back(self) -> QDialog | None:
        """Take the chosen need back from the map (its commitments pause)."""
        if self.current is None or self.current.uuid not in self.shared:
            return None
        source = self.current.uuid

        def done() -> None:
            if isValid(self):
                self.shared.pop(source, None)
                self.model.refresh(source)
                self._note_shared()
                self.message.say(_words("taken_back"), quiet=False)

        def failed(words: str) -> None:
            if isValid(self):
                self.message.say(words)

        self.message.clear_message()
        return take_back(self._ctx, self.owner, self.shared[source], self, done, failed)

    def clear(self) -> None:
        """Let every word go (the page is closing); saves nothing."""
        self._timer.stop()
        self.editor.clear()
        self.current = None
        self._stored = {}
        self.shared = {}
        self.model.clear()
