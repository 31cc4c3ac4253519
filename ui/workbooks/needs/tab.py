"""The "Needs map" tab: a list of pages on the left and the chosen page beside it.

"Just for me until I share" holds one partner's need drafts (``my_needs.py``). "Between
us" holds what both read without a password: the map of shared needs and commitments,
the commitments themselves, the times we missed each other and reviewing together.

The list, the gate and the opening and closing of "My needs" are
:class:`ui.workbooks.paged_tab.PagedTab`'s: together an "Open my needs" button per
partner asks that partner's password at that moment, and :func:`models.needs.open_needs`
then holds their key until the page closes (Close my needs, another tab, a lock, or
``journal/idle_minutes`` without a key press, click or scroll anywhere).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QWidget

from models import needs
from models.proof import FreshProof
from ui.workbooks import WorkbookContext
from ui.workbooks.needs.pages import BETWEEN, MINE, PRIVATE, SHARED, export_dialog
from ui.workbooks.needs.store import store_of
from ui.workbooks.needs.words import words
from ui.workbooks.paged_tab import PagedTab


def page_title(key: str) -> str:
    return words(f"page_{key}")


READ_AHEAD_MS = 1500  # after the tab is built at unlock: the first screen settles first


class NeedsTab(PagedTab):
    """The pages of the needs map; one partner's drafts open at a time."""

    SELECT_PAGE = "commitments"  # Home or another tab asks for a commitment

    def __init__(self, ctx: WorkbookContext) -> None:
        super().__init__(ctx, "needs", "mine", "needsCloseMine", words, PRIVATE, SHARED)
        self.export_button.clicked.connect(self.open_export)
        self.build((self.close_button, self.export_button), (), [240, 660])
        self.fill_list()
        # What both of you shared is read ahead, on a worker, a moment after the unlock
        # has painted (this tab is built then): opening the map then only draws it.
        QTimer.singleShot(READ_AHEAD_MS, self, self._read_ahead)

    def _read_ahead(self) -> None:
        if not self.ctx.session.locked:
            store_of(self.ctx).begin()

    def page_title(self, key: str) -> str:
        return page_title(key)

    def private_keys(self) -> Sequence[str]:
        return MINE

    def between_keys(self) -> Sequence[str]:
        return BETWEEN

    def hold_key(self, owner: int, proof: FreshProof | None) -> None:
        needs.open_needs(self.ctx.session.keyring, owner, proof)

    def let_go(self, owner: int) -> None:
        needs.close_needs(self.ctx.session.keyring, owner)

    open_mine = PagedTab.open_private
    close_mine = PagedTab.close_private

    def built(self, key: str, page: QWidget) -> None:
        opening = getattr(page, "open_card", None)
        if key == "map" and opening is not None:
            opening.connect(self.open_card)

    def on_show(self) -> None:
        # What the pages between us read, once per session, on a worker.
        store_of(self.ctx).begin()

    def open_card(self, kind: str, uuid: str) -> None:
        """Enter or a double click on a card of the map: a commitment opens on the
        Commitments page; a need opens as its owner's draft when My needs is open for
        them, else the first commitment that meets it (a shared need has no page of
        its own)."""
        if kind == "commitment":
            self.select(uuid)
            return
        held = store_of(self.ctx).data()
        if held is None:
            return
        data, _damaged = held
        need = next((n for n in data.needs if n.uuid == uuid), None)
        if need is None:
            return
        if self.owner == need.owner:
            page = self.show_page("mine")
            choose = getattr(page, "select", None)
            if callable(choose):
                choose(need.source)
            return
        serving = next((c.uuid for c in data.commitments
                        if uuid in (c.needs or (c.need,))), None)
        if serving is not None:
            self.select(serving)

    def open_export(self) -> QDialog | None:
        """Export for our therapist… (only what was shared)."""
        return self.open_dialog(export_dialog)
