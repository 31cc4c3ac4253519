"""Share this with my partner…: a dated, versioned copy of one private draft.

The dialog shows exactly the words the copy will hold, field by field: the shareable
fields of the draft as it is saved now, never its private ones (how true a story feels,
hints set aside, "not ready to say"), which are named only as staying behind. Sharing
always asks the owner's own password, typed at that moment (even alone), and
:func:`models.narrative.share_piece` runs off the GUI thread; then the change is
announced so every page showing shared pieces updates
(:class:`ui.widgets.share_draft.ShareDraftDialog`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from PySide6.QtWidgets import QWidget

from models import narrative
from models.errors import TrellisError
from models.narrative import Draft, SharedPiece
from ui.dates import day
from ui.texts import text
from ui.widgets.share_draft import ShareDraftDialog
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


class ShareDialog(ShareDraftDialog):
    """``shared`` carries the :class:`models.narrative.SharedPiece` once it is made."""

    def __init__(self, ctx: WorkbookContext, owner: int, draft: Draft,
                 parent: QWidget) -> None:
        other_name = ctx.session.name_of(3 - owner)
        letters = _letters(ctx) if draft.kind == "heard" else {}
        super().__init__(
            ctx, owner, draft.uuid, parent, name="narrative", workbook="narrative",
            words=_words, other=other_name or _words("other_fallback"),
            title=(_words("title", other=other_name) if other_name
                   else _words("title_fallback")),
            shown=shared_words(draft, letters), held_back=kept_back(draft),
            share=lambda keys, proof, uuid: narrative.share_piece(keys, proof, uuid))
        self.draft = draft

    @property
    def piece(self) -> SharedPiece | None:
        return self.made if isinstance(self.made, SharedPiece) else None


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
