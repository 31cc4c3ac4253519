"""Share this need…: a dated, versioned copy of one need draft, which both then read.

The dialog shows exactly the words the copy will hold, field by field, as they are saved
now (every field of a need is shareable; empty ones are left out, choices written out).
Sharing always asks the owner's own password, typed at that moment (even alone), and
:func:`models.needs.share_need` runs off the GUI thread with the worker's own connection;
then the change is announced so the map and the commitments update
(:class:`ui.widgets.share_draft.ShareDraftDialog`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from models import needs
from models.db import own_connection
from models.errors import TrellisError
from models.needs import Need, NeedDraft
from models.proof import FreshProof
from ui.dates import day
from ui.texts import explain
from ui.widgets.fresh_password import FreshPasswordDialog, ask_fresh
from ui.widgets.share_draft import ShareDraftDialog
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


class ShareNeedDialog(ShareDraftDialog):
    """``shared`` carries the :class:`models.needs.Need` once it is shared."""

    def __init__(self, ctx: WorkbookContext, owner: int, draft: NeedDraft,
                 parent: QWidget) -> None:
        other = ctx.session.name_of(3 - owner)
        super().__init__(ctx, owner, draft.uuid, parent, name="needs", workbook="needs",
                         words=_words, other=other, title=_words("title", other=other),
                         shown=shared_words(draft), held_back=(),
                         share=lambda keys, proof, uuid: needs.share_need(keys, proof, uuid))
        self.draft = draft

    @property
    def need(self) -> Need | None:
        return self.made if isinstance(self.made, Need) else None


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
