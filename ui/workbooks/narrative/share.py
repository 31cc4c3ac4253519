"""Share this with my partner…: a dated, versioned copy of one private draft.

The dialog shows exactly the words the copy will hold, field by field: the shareable
fields of the draft as it is saved now, never its private ones (how true a story feels,
hints set aside, "not ready to say"), which are named only as staying behind. Sharing
always asks the owner's own password, typed at that moment (even alone), and
:func:`models.narrative.share_piece` runs off the GUI thread; then the change is
announced so every page showing shared pieces updates.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QFrame, QLabel, QVBoxLayout, QWidget
from shiboken6 import isValid

from models import narrative
from models.db import own_connection
from models.errors import TrellisError
from models.narrative import Draft, SharedPiece
from models.proof import FreshProof
from ui.dates import day
from ui.texts import explain, text
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
from ui.workbooks.narrative.words import field_label, shown_value

log = logging.getLogger(__name__)


def _words(key: str, **values: object) -> str:
    return text("narrative_share", key, **values)


def shared_words(draft: Draft, letters: Mapping[str, tuple[object, int]] | None = None
                 ) -> list[tuple[str, str, str]]:
    """(field, label, words as read) of every shareable field of ``draft`` that holds
    something, in the page's order: exactly what a shared copy holds."""
    shown = []
    for key in narrative.shareable(draft.kind):
        value = draft.fields.get(key, "")
        if not value.strip():
            continue
        shown.append((key, field_label(draft.kind, key),
                      shown_value(draft.kind, key, value, dict(letters or {}))))
    return shown


def kept_back(draft: Draft) -> list[str]:
    """Labels of the private fields of ``draft`` that hold something (never their words)."""
    private = narrative.PRIVATE_FIELDS.get(draft.kind, ())
    return [field_label(draft.kind, key) for key in private
            if draft.fields.get(key, "").strip()]


def _letters(ctx: WorkbookContext) -> dict[str, tuple[object, int]]:
    """Shared letters by uuid, for a "do I feel heard" answer to name the one it answers."""
    try:
        pieces, _damaged = narrative.load_shared(ctx.session.keyring, "letter")
    except TrellisError as error:
        log.info("shared letters not read: %s", type(error).__name__)
        return {}
    return {piece.uuid: (piece.shared_at, piece.version) for piece in pieces}


class ShareDialog(QDialog):
    """``shared`` carries the :class:`models.narrative.SharedPiece` once it is made."""

    shared = Signal(object)

    def __init__(self, ctx: WorkbookContext, owner: int, draft: Draft,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        other_name = ctx.session.name_of(3 - owner)
        other = other_name or _words("other_fallback")
        title = (_words("title", other=other_name) if other_name
                 else _words("title_fallback"))
        named(self, "narrativeShareDialog", title)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        fit_to_content(self)
        self._ctx = ctx
        self.owner = owner
        self.draft = draft
        self.piece: SharedPiece | None = None
        self.fresh: FreshPasswordDialog | None = None
        self.working = False
        self.fields: dict[str, QLabel] = {}

        letters = _letters(ctx) if draft.kind == "heard" else {}
        body = QWidget()
        body.setObjectName("narrativeShareWhat")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        for key, label, words in shared_words(draft, letters):
            caption = QLabel(label)
            caption.setProperty("role", "heading")
            caption.setObjectName(f"narrativeShareCaption_{key}")
            value = named(QLabel(words), f"narrativeShareField_{key}", label)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setFrameShape(QFrame.Shape.StyledPanel)
            column.addWidget(caption)
            column.addWidget(value)
            self.fields[key] = value
        column.addStretch(1)
        self.what = FittingScroll(body, "narrativeShareScroll")
        self.what.setAccessibleName(_words("what_name"))

        self.message = FieldMessage("narrativeShareMessage")
        self.progress = busy_bar("narrativeShareProgress", _words("working"))
        self.buttons = submit_cancel(self, "narrativeShare", _words("submit"), _words("cancel"))
        self.buttons.accepted.connect(self.submit)

        layout = QVBoxLayout(self)
        layout.addWidget(body_label(_words("intro", other=other), "narrativeShareIntro"))
        layout.addWidget(self.what, 1)
        held_back = kept_back(draft)
        self.not_shared: QLabel | None = None
        if held_back:
            self.not_shared = body_label(_words("not_shared", fields=", ".join(held_back)),
                                         "narrativeShareNotShared", role="hint")
            layout.addWidget(self.not_shared)
        warning = body_label(_words("warning", other=other), "narrativeShareWarning")
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

        def done(piece: SharedPiece) -> None:
            if session.locked:
                return
            self._ctx.changes.announce("narrative", piece.uuid)
            if not isValid(self):
                return
            self.working = False
            self.piece = piece
            self.shared.emit(piece)
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
                log.error("a draft was not shared: %s", type(error).__name__)
            self.message.say(explain(error))

        def work() -> SharedPiece:
            with own_connection():  # the worker's own connection to the same file
                return narrative.share_piece(keys, proof, uuid)

        self._ctx.tasks.run(work, done, failed)


def shared_line(piece: SharedPiece, other: str) -> str:
    """What a page says once its words were shared."""
    return _words("shared", other=other, version=piece.version, date=day(piece.shared_at))


def share_draft(ctx: WorkbookContext, owner: int, draft: Draft, parent: QWidget
                ) -> ShareDialog:
    """Open the share dialog for ``owner``'s saved ``draft`` (flush the page first);
    window-modal, no nested event loop. Its ``shared`` signal carries the new piece."""
    dialog = ShareDialog(ctx, owner, draft, parent)
    dialog.open()
    return dialog
