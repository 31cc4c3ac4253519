"""Share a passage…: a copy of words its owner chose from their journal or coping plan,
made on purpose, for the partner to read.

The owner sees and may change the words first, chooses where the copy goes (the list
to bring to the next session, or a note on an agreement), and reads plainly that their
partner will be able to read it and that unsharing later cannot undo what was read.
Sharing always asks the owner's password, typed at that moment, even alone. The
original entry stays private and unchanged.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models import agreements, journal
from models.errors import TrellisError
from models.proof import FreshProof
from ui.texts import explain, text
from ui.widgets.common import (
    FieldMessage,
    body_label,
    fit_to_content,
    labelled,
    lines_high,
    named,
    submit_cancel,
)
from ui.widgets.fitting import ElidingComboBox
from ui.widgets.fresh_password import FreshPasswordDialog, ask_fresh
from ui.workbooks import WorkbookContext

log = logging.getLogger(__name__)

AGREEMENTS_LISTED = 200  # the agreements changed most recently: a note goes on one of them


def _words(key: str, **values: object) -> str:
    return text("journal_share", key, **values)


class ShareDialog(QDialog):
    """``shared`` carries the :class:`models.journal.SharedPassage` once it is made."""

    shared = Signal(object)

    def __init__(self, ctx: WorkbookContext, owner: int, words: str, parent: QWidget,
                 source: str = "journal") -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        title = _words("title")
        named(self, "journalShareDialog", title)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        fit_to_content(self)
        self._ctx = ctx
        self.owner = owner
        self.source = source
        self.fresh: FreshPasswordDialog | None = None
        other = ctx.session.name_of(3 - owner) or _words("other_fallback")
        self.words = named(QPlainTextEdit(words), "journalShareWords", _words("words_name"))
        self.words.setTabChangesFocus(True)
        self.words.setPlaceholderText(_words("words_prompt"))
        lines_high(self.words, 6)
        self.to_session = named(QRadioButton(_words("to_session")), "journalShareToSession",
                                _words("to_session"))
        self.to_agreement = named(QRadioButton(_words("to_agreement")),
                                  "journalShareToAgreement", _words("to_agreement"))
        self.where = QButtonGroup(self)
        self.where.addButton(self.to_session)
        self.where.addButton(self.to_agreement)
        self.to_session.setChecked(True)
        self.agreement = named(ElidingComboBox(), "journalShareAgreement",
                               _words("agreement_name"))
        self._fill_agreements()
        self.warning = body_label(_words("warning", other=other), "journalShareWarning")
        self.warning.setProperty("role", "message")
        self.warning.setProperty("kind", "notice")
        self.warning.setAccessibleName(self.warning.text())
        self.message = FieldMessage("journalShareMessage")
        self.buttons = submit_cancel(self, "journalShare", _words("submit"), _words("cancel"))
        self.buttons.accepted.connect(self.submit)
        self.to_agreement.toggled.connect(self._where_changed)

        layout = QVBoxLayout(self)
        layout.addWidget(body_label(_words("intro"), "journalShareIntro"))
        layout.addWidget(labelled(_words("words_name"), self.words))
        layout.addWidget(self.message.under(self.words))
        layout.addWidget(QLabel(_words("where")))
        layout.addWidget(self.to_session)
        row = QHBoxLayout()
        row.addWidget(self.to_agreement)
        row.addWidget(self.agreement, 1)
        layout.addLayout(row)
        layout.addWidget(self.warning)
        layout.addWidget(self.buttons)
        self._where_changed()
        self.words.setFocus()

    def _fill_agreements(self) -> None:
        try:
            views, _damaged = agreements.load_recent(self._ctx.session.keyring,
                                                     AGREEMENTS_LISTED)
        except TrellisError as error:
            log.info("agreements not listed for sharing: %s", type(error).__name__)
            views = []
        for view in views:
            if view.status == "retired":
                continue
            title = view.current.text.get("title", "").strip() or text("agreements", "untitled")
            self.agreement.addItem(title, view.uuid)
        if not self.agreement.count():
            self.to_agreement.setEnabled(False)
            self.agreement.addItem(_words("no_agreements"), None)

    def _where_changed(self) -> None:
        self.agreement.setEnabled(self.to_agreement.isChecked() and
                                  self.agreement.currentData() is not None)

    def destination(self) -> tuple[str, str | None]:
        if self.to_agreement.isChecked() and self.agreement.currentData() is not None:
            return "agreement", str(self.agreement.currentData())
        return "session", None

    def submit(self) -> None:
        """Ask the owner's own password now; share once it is theirs."""
        words = self.words.toPlainText().strip()
        if not words:
            self.message.say(_words("nothing_to_share"), under=self.words)
            self.words.setFocus()
            return
        if self._ctx.session.locked or self.fresh is not None:
            return
        self.message.clear_message()
        name = self._ctx.session.name_of(self.owner)
        self.fresh = ask_fresh(self._ctx, (self.owner,), _words("password", name=name), self,
                               lambda proofs: self._share(proofs.get(self.owner), words),
                               title=_words("password_title"))
        self.fresh.finished.connect(self._asked)

    def _asked(self) -> None:
        self.fresh = None

    def _share(self, proof: FreshProof | None, words: str) -> None:
        if self._ctx.session.locked or proof is None:
            return
        destination, target = self.destination()
        try:
            passage = journal.share_passage(self._ctx.session.keyring, proof, words,
                                            destination, target, self.source,
                                            author=self.owner)
        except TrellisError as error:
            self.message.say(explain(error))
            return
        self.shared.emit(passage)
        self.accept()
