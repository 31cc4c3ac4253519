"""Words a private story page could not save as it went (the story closed, idle, another
tab, a lock), kept for their owner alone and put back when that owner's story opens.

A save fails because the file cannot be written (a full disk, a read-only file); the
page says so while it is open. When it goes after such a failure, :func:`keep_words`
seals what it still holds with its owner's journal key
(:func:`models.narrative.keep_unsaved`; never the workbook key, which the other partner
holds too). :func:`put_back` takes them when that owner's key is held again and saves
them; what still does not save goes back into its page, which says why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import QWidget

from models import narrative
from models.errors import TrellisError
from ui.workbooks import WorkbookContext
from ui.workbooks.narrative.words import words

log = logging.getLogger(__name__)


def _unsaved(page: QWidget | None) -> list[Any]:
    unsaved = getattr(page, "unsaved", None)
    return list(unsaved()) if callable(unsaved) else []


def keep_words(ctx: WorkbookContext, page: QWidget) -> None:
    """``page`` is going after its last save: seal what it still holds unsaved with its
    owner's journal key, for them alone to get back (nothing when the session is
    locked: the key is gone, and so is every word with the page)."""
    owner = getattr(page, "owner", None)
    if ctx.session.locked or not isinstance(owner, int):
        return
    try:
        for piece in _unsaved(page):
            narrative.keep_unsaved(ctx.session.keyring, owner, piece.kind, piece.uuid,
                                   piece.fields)
    except Exception as error:  # noqa: BLE001 (closing goes on whatever happens)
        log.info("unsaved story words not kept: %s", type(error).__name__)


def put_back(ctx: WorkbookContext, owner: int, built: Mapping[str, QWidget],
             page_for: Callable[[str], QWidget | None]) -> str:
    """``owner``'s kept words, taken now that their key is held, each saved again: into
    its page when that page is ``built`` already (so the page holds the words it
    saves), else straight into the file. Words that still do not save go into their
    page (``page_for(kind)``, built if listed), where the page says why, or are kept
    again when it is not listed or already holds other unsaved words. The calm line to
    show; "" when nothing was kept."""
    keys = ctx.session.keyring
    try:
        kept = narrative.take_unsaved(keys, owner)
    except TrellisError as error:
        log.info("kept story words not taken: %s", type(error).__name__)
        return ""
    waiting = False
    for piece in kept:
        if piece.kind not in built:
            try:
                draft = narrative.save_draft(keys, owner, piece.kind, piece.fields, piece.uuid)
            except (TrellisError, ValueError) as error:
                log.info("kept story words not saved yet: %s", type(error).__name__)
            else:
                ctx.changes.announce("narrative", draft.uuid)
                continue
        page = built.get(piece.kind) or page_for(piece.kind)
        if callable(getattr(page, "put_back", None)) and not _unsaved(page):
            page.put_back(piece)  # type: ignore[union-attr]
            waiting = waiting or bool(_unsaved(page))
        else:  # for the next time their story opens
            narrative.keep_unsaved(keys, owner, piece.kind, piece.uuid, piece.fields)
            waiting = True
    if not kept:
        return ""
    return words("put_back_waiting" if waiting else "put_back")
