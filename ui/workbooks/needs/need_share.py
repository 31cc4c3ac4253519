"""Share this need…: a dated, versioned copy of one need draft, which both then read.

The dialog shows exactly the words the copy will hold, field by field, as they are saved
now (every field of a need is shareable; empty ones are left out, choices written out).
Sharing always asks the owner's own password, typed at that moment (even alone), and
:func:`models.needs.share_need` runs off the GUI thread with the worker's own connection;
then the change is announced so the map and the commitments update.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFrame, QLabel, QVBoxLayout, QWidget
from shiboken6 import isValid

from models import needs
from models.db import own_connection
from models.errors import TrellisError
from models.needs import Need, NeedDraft
from models.proof import FreshProof
from ui.dates import day
from ui.texts import explain
from ui.widgets.common import (
    FieldMessage,
    FittingScroll,
    body_label,
    busy_bar,
    fit_to_content,
    named,
    submit_cancel,
)
from ui.widgets.fresh_password import FreshPasswordDialog, ask_fresh
from ui.workbooks import WorkbookContext
from ui.workbooks.needs.words import field_label, section_words, shown_value

log = logging.getLogger(__name__)


def _words(key: str, **values: object) -> str:
    return section_words("share", key, **values)


def shared_words(draft: NeedDraft) -> list[tuple[str, str, str]]:
    """(field, label, words as read) of every field of ``draft`` that holds something,
    in the page's order: exactly what a shared copy holds."""
    shown = []
    for key in needs.NEED_FIELDS:
        value = draft.fields.get(key, "")
        if value.strip():
            shown.append((key, field_label(key), shown_value(key, value)))
    return shown


def shared_line(need: Need, other: str) -> str:
    """What the page says once a need was shared."""
    return _words("shared", other=other, version=need.version, date=day(need.shared_at))


class ShareNeedDialog(QDialog):
    """``shared`` carries the :class:`models.needs.Need` once it is shared."""

    shared = Signal(object)

    def __init__(self, ctx: WorkbookContext, owner: int, draft: NeedDraft,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        other = ctx.session.name_of(3 - owner)
        title = _words("title", other=other)
        named(self, "needsShareDialog", title)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        fit_to_content(self)
        self._ctx = ctx
        self.owner = owner
        self.draft = draft
        self.need: Need | None = None
        self.fresh: FreshPasswordDialog | None = None
        self.working = False
        self.fields: dict[str, QLabel] = {}

        body = QWidget()
        body.setObjectName("needsShareWhat")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        for key, label, words in shared_words(draft):
            caption = QLabel(label)
            caption.setProperty("role", "heading")
            caption.setObjectName(f"needsShareCaption_{key}")
            value = named(QLabel(words), f"needsShareField_{key}", label)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setFrameShape(QFrame.Shape.StyledPanel)
            column.addWidget(caption)
            column.addWidget(value)
            self.fields[key] = value
        column.addStretch(1)
        self.what = FittingScroll(body, "needsShareScroll")
        self.what.setAccessibleName(_words("what_name"))

        self.message = FieldMessage("needsShareMessage")
        self.progress = busy_bar("needsShareProgress", _words("working"))
        self.buttons = submit_cancel(self, "needsShare", _words("submit"), _words("cancel"))
        self.buttons.accepted.connect(self.submit)

        layout = QVBoxLayout(self)
        layout.addWidget(body_label(_words("intro", other=other), "needsShareIntro"))
        layout.addWidget(self.what, 1)
        warning = body_label(_words("warning", other=other), "needsShareWarning")
        warning.setProperty("role", "message")
        warning.setProperty("kind", "notice")
        layout.addWidget(warning)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        if not self.fields:
            self.message.say(_words("empty"))
            self.buttons.button(self.buttons.StandardButton.Ok).setEnabled(False)

    def submit(self) -> None:
        """Ask the owner's own password now; share once it is theirs."""
        if (not self.fields or self._ctx.session.locked or self.fresh is not None
                or self.working):
            return
        self.message.clear_message()
        name = self._ctx.session.name_of(self.owner)
        self.fresh = ask_fresh(self._ctx, (self.owner,), _words("password", name=name), self,
                               lambda proofs: self._share(proofs.get(self.owner)),
                               title=_words("password_title", name=name))
        self.fresh.finished.connect(self._asked)

    def _asked(self) -> None:
        self.fresh = None

    def _share(self, proof: FreshProof | None) -> None:
        if self._ctx.session.locked or proof is None or not isValid(self):
            return
        keys, uuid, session = self._ctx.session.keyring, self.draft.uuid, self._ctx.session
        self.working = True
        self.progress.show()
        self.buttons.setEnabled(False)

        def done(need: Need) -> None:
            if session.locked:
                return
            self._ctx.changes.announce("needs", need.uuid)
            if not isValid(self):
                return
            self.working = False
            self.need = need
            self.shared.emit(need)
            self.accept()

        def failed(error: BaseException) -> None:
            if not isValid(self) or session.locked:
                return
            self.working = False
            self.progress.hide()
            self.buttons.setEnabled(True)
            if isinstance(error, ValueError):
                self.message.say(_words("empty"))
                return
            if not isinstance(error, TrellisError):
                log.error("a need was not shared: %s", type(error).__name__)
            self.message.say(explain(error))

        def work() -> Need:
            with own_connection():  # the worker's own connection to the same file
                return needs.share_need(keys, proof, uuid)

        self._ctx.tasks.run(work, done, failed)


def share_need(ctx: WorkbookContext, owner: int, draft: NeedDraft, parent: QWidget
               ) -> ShareNeedDialog:
    """Open the share dialog for ``owner``'s saved ``draft`` (flush the page first);
    window-modal, no nested event loop. Its ``shared`` signal carries the new Need."""
    dialog = ShareNeedDialog(ctx, owner, draft, parent)
    dialog.open()
    return dialog


def take_back(ctx: WorkbookContext, owner: int, need: Need, parent: QWidget,
              done: Callable[[], None], failed: Callable[[str], None]) -> FreshPasswordDialog:
    """Take back a shared need (caution: one partner, its owner): ask the owner's own
    password now, then :func:`models.needs.withdraw_need` off the GUI thread; every
    commitment that serves it pauses in the same step. ``done`` or ``failed`` (with a
    kind sentence) on the GUI thread."""
    session = ctx.session
    name = session.name_of(owner)

    def proven(proofs: dict[int, FreshProof]) -> None:
        proof = proofs.get(owner)
        if session.locked or proof is None:
            return
        keys = session.keyring

        def work() -> None:
            with own_connection():
                needs.withdraw_need(keys, proof, need.uuid)

        def finished(_none: object) -> None:
            if not session.locked:
                ctx.changes.announce("needs", need.uuid)
                done()

        def refused(error: BaseException) -> None:
            if session.locked:
                return
            if not isinstance(error, TrellisError):
                log.error("a need was not taken back: %s", type(error).__name__)
            failed(explain(error))

        ctx.tasks.run(work, finished, refused)

    return ask_fresh(ctx, (owner,), _words("take_back_intro", name=name,
                                           other=session.name_of(3 - owner)),
                     parent, proven, title=_words("take_back_title", name=name))
