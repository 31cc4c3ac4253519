"""The "Our stories" tab: a list of pages on the left and the chosen page beside it.

"Just for me until I share" holds one partner's private pages: the guided steps
(``steps.py``, ``exceptions.py``), then the letter of accountability, what this did to
me and about the letter I was given, shown by the roles the couple named (not named:
every page to each, with a line saying naming them is optional). "Between us" holds
what was shared and the story written together; they need no password.

The list, the gate and the opening and closing of the private pages are
:class:`ui.workbooks.paged_tab.PagedTab`'s: together an "Open my story" button per
partner asks that partner's password at that moment, and
:func:`models.narrative.open_story` then holds their key until the pages close (Close
my story, another tab, a lock, or ``journal/idle_minutes`` without a key press, click or
scroll anywhere). What a failed save could not write is kept for its owner alone
(:mod:`ui.workbooks.narrative.kept`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtWidgets import QDialog, QPushButton, QWidget

from models import narrative
from models.errors import TrellisError
from models.narrative import Roles
from models.proof import FreshProof
from ui.widgets.common import body_label, named
from ui.workbooks import WorkbookContext
from ui.workbooks.narrative.kept import keep_words, put_back
from ui.workbooks.narrative.pages import (
    BETWEEN,
    CAUSED,
    HURT,
    PRIVATE,
    SHARED,
    export_dialog,
    private_pages,
    roles_dialog,
)
from ui.workbooks.narrative.words import page_title, words
from ui.workbooks.paged_tab import PagedTab

log = logging.getLogger(__name__)


class NarrativeTab(PagedTab):
    """The pages of "Our stories"; one partner's private pages open at a time."""

    SELECT_PAGE = "shared"  # Home or another tab asks for a shared piece

    def __init__(self, ctx: WorkbookContext) -> None:
        super().__init__(ctx, "narrative", "problem", "narrativeCloseStory", words, PRIVATE,
                         SHARED)
        try:
            self.roles = narrative.load_roles(ctx.session.keyring)
        except TrellisError as error:
            log.info("roles not read: %s", type(error).__name__)
            self.roles = Roles(None, None)
        self.roles_note = body_label(words("roles_optional"), "narrativeRolesOptional",
                                     role="hint")
        self.roles_button = named(QPushButton(words("roles")), "narrativeRolesButton",
                                  words("roles_name"))
        self.roles_button.clicked.connect(self.open_roles)
        self.export_button.clicked.connect(self.open_export)
        # above the pages that depend on the roles
        self.build((self.close_button, self.roles_button, self.export_button),
                   (self.roles_note,), [280, 620])
        ctx.changes.changed.connect(self._changed_elsewhere)
        self.fill_list()

    def page_title(self, key: str) -> str:
        return page_title(key)

    def private_keys(self) -> Sequence[str]:
        return private_pages(self.roles, self.owner)

    def between_keys(self) -> Sequence[str]:
        return BETWEEN

    def hold_key(self, owner: int, proof: FreshProof | None) -> None:
        narrative.open_story(self.ctx.session.keyring, owner, proof)

    def let_go(self, owner: int) -> None:
        narrative.close_story(self.ctx.session.keyring, owner)

    def shown(self, key: str) -> None:
        self.roles_note.setVisible(self.roles.hurt is None and key in CAUSED + HURT)

    open_story = PagedTab.open_private
    close_story = PagedTab.close_private

    # what did not save

    def going(self, page: QWidget) -> None:
        keep_words(self.ctx, page)  # what still did not save, for its owner alone

    def opened(self) -> None:
        """The open owner's words that did not save when their pages last went (kept);
        alone, words kept at the last lock."""
        owner = self.owner
        line = "" if owner is None else put_back(
            self.ctx, owner, self.private,
            lambda key: self.private.get(key) or (
                self.build_page(key, owner) if key in self.listed() else None))
        if line:
            self.message.say(line)

    def unsaved(self) -> list[object]:
        """Before a lock: the pages go; what did not save is kept for its owner (kept)."""
        pages, self.private = list(self.private.values()), {}
        for page in pages:
            self._drop(page)
        return []

    # between us

    def _changed_elsewhere(self, workbook: str, _uuid: str) -> None:
        """Roles named, changed or cleared: list the pages that go with them now."""
        if workbook != "narrative" or self.ctx.session.locked:
            return
        try:
            roles = narrative.load_roles(self.ctx.session.keyring)
        except TrellisError as error:
            log.info("roles not read: %s", type(error).__name__)
            return
        if roles == self.roles:
            return
        self.roles = roles
        self.fill_list()
        for page in self.private.values():
            set_roles = getattr(page, "set_roles", None)
            if callable(set_roles):
                set_roles(roles)
        if self.isVisible():
            self.show_page(self.current)

    def open_roles(self) -> QDialog | None:
        """Names for our roles…"""
        return self.open_dialog(roles_dialog)

    def open_export(self) -> QDialog | None:
        """Export for our therapist… (only what was shared)."""
        return self.open_dialog(export_dialog)
