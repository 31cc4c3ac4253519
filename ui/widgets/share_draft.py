"""Share this with my partner…: the dialog that makes a dated, versioned copy of one
private draft, shared by the workbooks (#8).

It shows exactly the words the copy will hold, field by field (read-only, plain text),
and names the private fields that stay behind, never their words. Sharing always asks
the owner's own password, typed at that moment (even alone); the share runs off the GUI
thread with the worker's own connection to the file, and then the change is announced
(``ctx.changes.announce(workbook, uuid)``) so every page showing shared things updates.
A workbook subclasses :class:`ShareDraftDialog` with its words and its share function.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFrame, QLabel, QVBoxLayout, QWidget
from shiboken6 import isValid

from models.db import own_connection
from models.errors import TrellisError
from models.proof import FreshProof
from models.session import Keyring
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

log = logging.getLogger(__name__)

# share(keys, proof, draft uuid) -> the shared copy (it has a ``uuid``)
ShareFunction = Callable[[Keyring, FreshProof, str], Any]


class ShareDraftDialog(QDialog):
    """``shared`` carries the shared copy once it is made (also in :attr:`made`).

    ``name`` prefixes every object name (``{name}ShareDialog``...); ``words(key,
    **values)`` reads the dialog's words; ``shown`` is (field, label, words as read) of
    what the copy holds, ``held_back`` the labels of private fields that stay behind.
    """

    shared = Signal(object)

    def __init__(self, ctx: WorkbookContext, owner: int, uuid: str, parent: QWidget, *,
                 name: str, workbook: str, words: Callable[..., str], title: str, other: str,
                 shown: Sequence[tuple[str, str, str]], held_back: Sequence[str],
                 share: ShareFunction) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        named(self, f"{name}ShareDialog", title)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        fit_to_content(self)
        self._ctx = ctx
        self._words = words
        self._workbook = workbook
        self._share_function = share
        self._uuid = uuid
        self.owner = owner
        self.made: object | None = None
        self.fresh: FreshPasswordDialog | None = None
        self.working = False
        self.fields: dict[str, QLabel] = {}

        body = QWidget()
        body.setObjectName(f"{name}ShareWhat")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        for key, label, value_words in shown:
            caption = QLabel(label)
            caption.setProperty("role", "heading")
            caption.setObjectName(f"{name}ShareCaption_{key}")
            value = named(QLabel(value_words), f"{name}ShareField_{key}", label)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setFrameShape(QFrame.Shape.StyledPanel)
            column.addWidget(caption)
            column.addWidget(value)
            self.fields[key] = value
        column.addStretch(1)
        self.what = FittingScroll(body, f"{name}ShareScroll")
        self.what.setAccessibleName(words("what_name"))

        self.message = FieldMessage(f"{name}ShareMessage")
        self.progress = busy_bar(f"{name}ShareProgress", words("working"))
        self.buttons = submit_cancel(self, f"{name}Share", words("submit"), words("cancel"))
        self.buttons.accepted.connect(self.submit)

        layout = QVBoxLayout(self)
        layout.addWidget(body_label(words("intro", other=other), f"{name}ShareIntro"))
        layout.addWidget(self.what, 1)
        self.not_shared: QLabel | None = None
        if held_back:
            self.not_shared = body_label(words("not_shared", fields=", ".join(held_back)),
                                         f"{name}ShareNotShared", role="hint")
            layout.addWidget(self.not_shared)
        warning = body_label(words("warning", other=other), f"{name}ShareWarning")
        warning.setProperty("role", "message")
        warning.setProperty("kind", "notice")
        layout.addWidget(warning)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        if not self.fields:
            self.message.say(words("empty"))
            self.buttons.button(self.buttons.StandardButton.Ok).setEnabled(False)

    def submit(self) -> None:
        """Ask the owner's own password now; share once it is theirs."""
        if (not self.fields or self._ctx.session.locked or self.fresh is not None
                or self.working):
            return
        self.message.clear_message()
        name = self._ctx.session.name_of(self.owner)
        self.fresh = ask_fresh(self._ctx, (self.owner,), self._words("password", name=name),
                               self, lambda proofs: self._share(proofs.get(self.owner)),
                               title=self._words("password_title", name=name))
        self.fresh.finished.connect(self._asked)

    def _asked(self) -> None:
        self.fresh = None

    def _share(self, proof: FreshProof | None) -> None:
        if self._ctx.session.locked or proof is None or not isValid(self):
            return
        keys, uuid, session = self._ctx.session.keyring, self._uuid, self._ctx.session
        share, workbook = self._share_function, self._workbook
        self.working = True
        self.progress.show()
        self.buttons.setEnabled(False)

        def done(made: Any) -> None:
            if session.locked:
                return
            self._ctx.changes.announce(workbook, made.uuid)
            if not isValid(self):
                return
            self.working = False
            self.made = made
            self.shared.emit(made)
            self.accept()

        def failed(error: BaseException) -> None:
            if not isValid(self) or session.locked:
                return
            self.working = False
            self.progress.hide()
            self.buttons.setEnabled(True)
            if isinstance(error, ValueError):
                self.message.say(self._words("empty"))
                return
            if not isinstance(error, TrellisError):
                log.error("a %s draft was not shared: %s", workbook, type(error).__name__)
            self.message.say(explain(error))

        def work() -> Any:
            with own_connection():  # the worker's own connection to the same file
                return share(keys, proof, uuid)

        self._ctx.tasks.run(work, done, failed)
