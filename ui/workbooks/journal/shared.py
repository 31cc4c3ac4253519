"""What I shared: the passages this partner shared from their journal or coping plan,
oldest first, each with where it went and when, and Unshare… (their password, typed
now). Only the owner's own passages are listed here, inside their open journal; the
copies themselves are shared, so both partners can read them where they went.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models import journal
from models.errors import TrellisError
from models.journal import SharedPassage
from models.proof import FreshProof
from ui.dates import day
from ui.shared_passages import passages_of
from ui.texts import explain, text
from ui.widgets.common import MessageLabel, body_label, named
from ui.widgets.fresh_password import FreshPasswordDialog, ask_fresh
from ui.workbooks import WorkbookContext

log = logging.getLogger(__name__)


def _words(key: str, **values: object) -> str:
    return text("journal_shared", key, **values)


def describe(passage: SharedPassage) -> str:
    where = _words("to_session" if passage.destination == "session" else "to_agreement")
    first = " ".join(passage.text.split())
    if len(first) > 50:
        first = first[:50].rsplit(" ", 1)[0] + "…"
    return _words("row", date=day(passage.shared_at), where=where, words=first)


class SharedPage(QWidget):
    """The owner's shared passages; ``withdrawn`` says one was unshared."""

    withdrawn = Signal(str)

    def __init__(self, ctx: WorkbookContext, owner: int) -> None:
        super().__init__()
        self.setObjectName("journalSharedPage")
        self._ctx = ctx
        self.owner = owner
        self.fresh: FreshPasswordDialog | None = None
        self.passages: list[SharedPassage] = []
        self.list = named(QListWidget(), "journalSharedList", _words("list_name"))
        self.words = named(QPlainTextEdit(), "journalSharedWords", _words("words_name"))
        self.words.setReadOnly(True)
        self.unshare = named(QPushButton(_words("unshare")), "journalUnshare",
                             _words("unshare").rstrip("…"))
        self.empty = body_label(_words("empty"), "journalSharedEmpty", role="hint")
        self.message = MessageLabel("journalSharedMessage")
        self.damaged_note = body_label(_words("damaged"), "journalSharedDamaged", role="hint")
        self.list.currentRowChanged.connect(self._chosen)
        self.unshare.clicked.connect(self.ask_to_unshare)
        buttons = QHBoxLayout()
        buttons.addWidget(self.unshare)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.addWidget(body_label(_words("intro"), "journalSharedIntro"))
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.words, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.damaged_note)
        layout.addWidget(self.message)
        self.store = passages_of(ctx)  # read once a session, again after each change
        self.store.updated.connect(self._changed)
        self.reload()

    def _changed(self, _uuid: str) -> None:
        self.reload()

    def reload(self) -> None:
        """Show the shared passages as the session holds them (the workbook key only)."""
        if self._ctx.session.locked:
            return
        found = self.store.passages()
        self.damaged_note.setVisible(bool(self.store.damaged))  # whose: cannot be known
        self.passages = [p for p in found if p.author == self.owner]
        self.list.clear()
        for passage in self.passages:
            item = QListWidgetItem(describe(passage))
            item.setData(Qt.ItemDataRole.UserRole, passage.uuid)
            self.list.addItem(item)
        self.empty.setVisible(not self.passages)
        self.list.setVisible(bool(self.passages))
        self.words.setVisible(bool(self.passages))
        self.unshare.setVisible(bool(self.passages))
        if self.passages:
            self.list.setCurrentRow(len(self.passages) - 1)
        else:
            self.words.clear()

    def _chosen(self, row: int) -> None:
        passage = self.passages[row] if 0 <= row < len(self.passages) else None
        self.words.setPlainText(passage.text if passage is not None else "")
        self.unshare.setEnabled(passage is not None)

    def ask_to_unshare(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.passages) or self.fresh is not None:
            return
        uuid = self.passages[row].uuid
        name = self._ctx.session.name_of(self.owner)
        self.fresh = ask_fresh(self._ctx, (self.owner,), _words("password", name=name), self,
                               lambda proofs: self._unshare(proofs.get(self.owner), uuid),
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
        self._ctx.changes.announce("shared_passages", uuid)  # here, Home, agreements
        self.message.say(_words("unshared"))
        self.withdrawn.emit(uuid)

    def clear(self) -> None:
        self.list.clear()
        self.words.clear()
        self.passages = []
