"""Home's "For our next session": the passages either partner shared from their journal
or coping plan to bring to the next therapy session.

It sits on Home, beside what is waiting, because Home is where both partners land every
time they open Trellis, alone or together: a passage shared for the session is there to
be read before it, not only when the packet is made (the packet brings the same list,
ticked, as its part "Brought from our journals"). Both read every passage without a
password: the author chose to share it. Each names whose journal it came from and the
day it was shared; only its author unshares it, with their password typed at that
moment. The card stays hidden while there is nothing on the list, so it never asks
anyone to share.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from models import journal
from models.errors import TrellisError
from models.proof import FreshProof
from ui.shared_passages import PassageRows, passages_of
from ui.texts import explain, text
from ui.widgets.common import MessageLabel, body_label, lines_high, named
from ui.widgets.fresh_password import FreshPasswordDialog, ask_fresh
from ui.widgets.row_list import RowList
from ui.workbooks import WorkbookContext

log = logging.getLogger(__name__)

LIST_LINES = 8  # the list's height in text lines before it scrolls (two lines a passage)


def _words(key: str, **values: object) -> str:
    return text("shared_passages", key, **values)


class NextSessionCard(QFrame):
    """The session list on Home: every passage shared to it, oldest first, the chosen
    one's words in full below, and Unshare… for its author."""

    def __init__(self, ctx: WorkbookContext) -> None:
        super().__init__()
        named(self, "homeNextSession", _words("heading"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setProperty("role", "card")
        self._ctx = ctx
        self.names = {partner: ctx.session.name_of(partner) for partner in (1, 2)}
        self.fresh: FreshPasswordDialog | None = None
        self.store = passages_of(ctx)
        self.rows = PassageRows(self.names, self)
        self.list = named(RowList(), "nextSessionList", _words("list_name"))
        self.list.setModel(self.rows)
        self.list.setWordWrap(True)
        self.list.setSpacing(3)  # a little air between one passage and the next
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        lines_high(self.list, LIST_LINES)
        self.words = named(QPlainTextEdit(), "nextSessionWords", _words("words_name"))
        self.words.setReadOnly(True)
        lines_high(self.words, 4)
        self.unshare = named(QPushButton(_words("unshare")), "nextSessionUnshare",
                             _words("unshare_name"))
        self.damaged_note = body_label(_words("damaged"), "nextSessionDamaged", role="hint")
        self.message = MessageLabel("nextSessionMessage")

        heading = named(QLabel(_words("heading")), "nextSessionHeading", _words("heading"))
        heading.setProperty("role", "heading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unshare)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 14)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(body_label(_words("intro"), "nextSessionIntro", role="hint"))
        layout.addWidget(self.list)
        layout.addWidget(self.words)
        layout.addLayout(buttons)
        layout.addWidget(self.damaged_note)
        layout.addWidget(self.message)

        self.list.selectionModel().currentChanged.connect(self._chosen)
        self.rows.rowsRemoved.connect(self._rows_moved)
        self.unshare.clicked.connect(self.ask_to_unshare)
        self.store.updated.connect(self.update_list)
        self.update_list()  # hidden while nothing is on the list

    def update_list(self, _uuid: str = "") -> None:
        """Show the session list as it is now (read once, then after each change)."""
        passages = self.store.passages("session")
        self.rows.show(passages)
        self.damaged_note.setVisible(bool(self.store.damaged))
        self.setVisible(bool(passages) or bool(self.store.damaged))
        self.list.setVisible(bool(passages))
        self.words.setVisible(bool(passages))
        if passages and not self.list.currentIndex().isValid():
            self.list.setCurrentRow(len(passages) - 1)  # the newest, at the foot
        self._chosen(self.list.currentIndex())

    def _rows_moved(self) -> None:
        self._chosen(self.list.currentIndex())

    def _chosen(self, current: QModelIndex | QPersistentModelIndex) -> None:
        passage = self.rows.passage_at(current.row()) if current.isValid() else None
        self.words.setPlainText(passage.text if passage is not None else "")
        # Only its author unshares it; in the other partner's session alone, no button.
        self.unshare.setVisible(passage is not None
                                and passage.author in self._ctx.session.partners)

    def ask_to_unshare(self) -> None:
        passage = self.rows.passage_at(self.list.currentRow())
        if passage is None or self.fresh is not None or self._ctx.session.locked \
                or passage.author not in self._ctx.session.partners:
            return
        self.message.clear_message()
        author, uuid = passage.author, passage.uuid
        self.fresh = ask_fresh(self._ctx, (author,),
                               _words("password", name=self.names[author]), self,
                               lambda proofs: self._unshare(proofs.get(author), uuid),
                               title=_words("password_title"))
        self.fresh.finished.connect(self._asked)

    def _asked(self) -> None:
        self.fresh = None

    def _unshare(self, proof: FreshProof | None, uuid: str) -> None:
        if self._ctx.session.locked:
            return
        try:
            journal.withdraw_passage(self._ctx.session.keyring, proof, uuid)
        except TrellisError as error:
            self.message.say(explain(error))
            return
        self._ctx.changes.announce("shared_passages", uuid)  # here, the journal, agreements
        self.message.say(_words("unshared"))
