"""When we missed each other: the conversations about moments a need was missed or a
signal was read the wrong way, listed, and one at a time walked through.

The list holds each entry once (:class:`MisattunementRows`, one row changed per save);
an entry one partner started reads as a request to talk, waiting for the other's side,
until the other adds theirs. Nothing here is a finding, a fault or a score.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QAbstractItemView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from models.errors import TrellisError
from models.needs import commitments as promises
from models.needs import misattunement as conversations
from models.needs import sharing
from ui.texts import explain
from ui.widgets.common import MessageLabel, body_label, left_aligned, named, scrolling, title_label
from ui.widgets.row_list import RowList
from ui.widgets.rows import KEY
from ui.workbooks import WorkbookContext
from ui.workbooks.needs.misattunement_entry import ConversationEntry
from ui.workbooks.needs.misattunement_rows import MisattunementRows, arrange, words

log = logging.getLogger(__name__)

WORKBOOK = "needs"


class MisattunementPage(QWidget):
    """The list of conversations, and the one being walked through."""

    def __init__(self, ctx: WorkbookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("needsMisattunementPage")
        self.setAccessibleName(words("title"))
        self._ctx = ctx
        self._names = {p: ctx.session.name_of(p) for p in (1, 2)}
        self.entries: dict[str, Any] = {}
        self.shared_needs: dict[str, Any] = {}
        self.commitments: dict[str, Any] = {}
        self._quiet = False  # our own announcement: the page already shows it

        listing = QWidget()
        listing.setObjectName("needsConversationsList")
        column = QVBoxLayout(listing)
        column.setContentsMargins(16, 10, 16, 10)
        column.addWidget(title_label(words("title"), "needsMisattunementTitle"))
        column.addWidget(body_label(words("intro"), "needsMisattunementIntro"))
        self.new = named(QPushButton(words("new")), "needsNewConversation",
                         words("new_name"))
        self.new.clicked.connect(self.start_new)
        column.addLayout(left_aligned(self.new))
        self.rows = MisattunementRows(self)
        self.list = named(RowList(), "needsConversations", words("list_name"))
        self.list.setModel(self.rows)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setSpacing(4)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setMinimumHeight(self.list.fontMetrics().lineSpacing() * 6)
        self.list.activated.connect(self._activated)
        self.list.clicked.connect(self._activated)
        column.addWidget(self.list, 1)
        self.empty = body_label(words("empty"), "needsConversationsEmpty", role="hint")
        column.addWidget(self.empty)
        self.message = MessageLabel("needsMisattunementMessage")
        column.addWidget(self.message)

        inner = QWidget()
        inner.setObjectName("needsConversationBody")
        walk = QVBoxLayout(inner)
        walk.setContentsMargins(16, 10, 16, 10)
        self.entry = ConversationEntry(ctx)
        self.entry.closed.connect(self.show_list)
        self.entry.saved.connect(self._saved)
        walk.addWidget(self.entry)
        walk.addStretch(1)
        self.entry_scroll = scrolling(inner, "needsConversationScroll")

        self.stack = QStackedWidget()
        self.stack.setObjectName("needsMisattunementStack")
        self.list_scroll = scrolling(listing, "needsConversationsScroll")
        self.stack.addWidget(self.list_scroll)
        self.stack.addWidget(self.entry_scroll)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

        ctx.changes.changed.connect(self._changed)
        self.reload()

    # reading

    def _changed(self, workbook: str, uuid: str) -> None:
        if workbook == WORKBOOK and not self._quiet and isValid(self):
            self.reload()

    def reload(self) -> None:
        """Read the entries and what they can be linked to; change only the rows that
        changed. An entry on screen follows its saved state unless words are being typed."""
        if self._ctx.session.locked:
            return
        keys = self._ctx.session.keyring
        try:
            entries, damaged = conversations.load_misattunements(keys)
        except TrellisError as error:
            log.info("conversations not read: %s", type(error).__name__)
            self.message.say(explain(error))
            return
        self.shared_needs, self.commitments = self._linkable(keys)
        self.entries = {entry.uuid: entry for entry in entries}
        self.rows.show(arrange(entries, damaged, self._names, self.shared_needs,
                               self.commitments))
        self.empty.setVisible(self.rows.rowCount() == 0)
        if damaged:
            self.message.say(words("damaged"))
        shown = self.entry.entry
        if (self.stack.currentWidget() is self.entry_scroll and shown is not None
                and not self.entry._dirty and shown.uuid in self.entries
                and self.entries[shown.uuid] != shown):
            self.entry.show_entry(self.entries[shown.uuid], self.shared_needs,
                                  self.commitments, walk=self.entry.walk.isVisible())

    def _linkable(self, keys: Any) -> tuple[dict[str, Any], dict[str, Any]]:
        """Shared needs and commitments an entry can be about (what could not be opened
        is left out here; its own page says so)."""
        try:
            shared, _ = sharing.load_needs(keys)
            promised, _ = promises.load_commitments(keys)
        except TrellisError as error:
            log.info("needs to link not read: %s", type(error).__name__)
            return {}, {}
        return ({n.uuid: n for n in shared},
                {c.uuid: c for c in promised if c.state != "retired"})

    # moving between the list and an entry

    def _activated(self, index: QModelIndex) -> None:
        key = str(index.data(KEY) or "")
        entry = self.entries.get(key)
        if entry is not None:
            self.open_entry(entry.uuid)

    def open_entry(self, uuid: str) -> None:
        self.message.clear_message()
        self.entry.show_entry(self.entries[uuid], self.shared_needs, self.commitments)
        self.stack.setCurrentWidget(self.entry_scroll)

    def start_new(self) -> None:
        self.message.clear_message()
        self.entry.show_entry(None, self.shared_needs, self.commitments)
        self.stack.setCurrentWidget(self.entry_scroll)

    def show_list(self, line: str = "") -> None:
        self.stack.setCurrentWidget(self.list_scroll)
        self.message.say(line)
        row = self.rows.row_of(self.entry.entry.uuid) if self.entry.entry is not None else -1
        if row >= 0:
            self.list.setCurrentIndex(self.rows.index(row, 0))
        (self.list if self.rows.rowCount() else self.new).setFocus()

    def _saved(self, uuid: str) -> None:
        self._quiet = True
        try:
            self._ctx.changes.announce(WORKBOOK, uuid)
        finally:
            self._quiet = False
        self.reload()
        shown = self.entries.get(uuid)
        if (shown is not None and self.stack.currentWidget() is self.entry_scroll
                and not self.entry._dirty):  # a side being typed stays as it is
            self.entry.show_entry(shown, self.shared_needs, self.commitments, walk=True)

    def flush(self) -> None:
        """Save what is typed and not saved yet (the tab asks before a lock)."""
        if self.stack.currentWidget() is self.entry_scroll:
            self.entry.flush()

    def clear(self) -> None:
        """Let go of every word on screen (the tab closes or locks)."""
        self.entry.clear()
        self.rows.show([])
        self.entries = {}
