"""One partner's open journal: the entries (list, calendar and the entry read or
written) and their coping plan, with New entry, Share a passage…, the grounding
exercise and, together, Close my journal.

It is built when its owner's journal opens and deleted when it closes, so nothing it
showed outlives the opening. Every row lives once in :class:`EntryRows`; a save
replaces its row, the search index and the calendar marks follow.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from models import journal
from models.damage import Damage
from models.errors import TrellisError
from ui.safety import safety_link
from ui.texts import explain, text
from ui.widgets.common import MessageLabel, body_label, named, title_label, two_panes
from ui.widgets.fitting import FlowLayout, Pane, keep_splitter
from ui.workbooks import WorkbookContext
from ui.workbooks.damaged import DamagedEntry
from ui.workbooks.journal.coping import CopingPage
from ui.workbooks.journal.editor import EntryEditor
from ui.workbooks.journal.grounding import grounding_link
from ui.workbooks.journal.list import EntryListPane
from ui.workbooks.journal.model import EntryFilter, EntryRows
from ui.workbooks.journal.reader import EntryReader
from ui.workbooks.journal.share import ShareDialog
from ui.workbooks.journal.shared import SharedPage

if TYPE_CHECKING:
    from models.journal import CopingPlan, Entry, SharedPassage

log = logging.getLogger(__name__)

LIST_LEAST, DETAIL_LEAST = 240, 420
NOTHING, READING, WRITING, DAMAGED = range(4)


def _words(key: str, **values: object) -> str:
    return text("journal", key, **values)


class LowSafetyOffer(QWidget):
    """A quiet line under a low safety rating: the grounding exercise and the safety
    page, offered once per opening, and easy to put away."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("journalSafetyOffer")
        self.words = body_label(_words("offer"), "journalOfferWords")
        self.grounding = grounding_link("journalOfferGrounding", self)
        self.safety = safety_link("journalOfferSafety", self)
        self.later = named(QPushButton(_words("offer_later")), "journalOfferLater",
                           _words("offer_later"))
        self.later.setFlat(True)
        self.later.setProperty("role", "link")
        self.later.clicked.connect(self.hide)
        row = FlowLayout()
        for button in (self.grounding, self.safety, self.later):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.words)
        layout.addLayout(row)
        self.hide()


class JournalPage(QWidget):
    """``owner``'s journal, open; ``close_requested`` asks the tab to close it."""

    close_requested = Signal()

    def __init__(self, ctx: WorkbookContext, owner: int, entries: list[Entry],
                 damaged: list[Damage], plan: CopingPlan,
                 index: journal.SearchIndex | None = None) -> None:
        super().__init__()
        self.setObjectName("journalPage")
        self.ctx = ctx
        self.owner = owner
        self.offered = False  # the low-safety offer shows once per opening
        self.kept = False  # what did not save is sealed away: nothing more saves from here
        self.rows = EntryRows(self)
        self.rows.load(entries, damaged)
        self.damage = {d.uuid: d for d in damaged}
        self.index = index if index is not None else journal.SearchIndex(entries)
        self.shown = EntryFilter(self.rows, self)
        self.list = EntryListPane(self.shown, self.index.find, journal.TAGS, journal.FEELINGS)
        self.reader = EntryReader()
        self.editor = EntryEditor(ctx, owner)
        self.damaged_pane = DamagedEntry("journal", "journalDamaged")
        self.nothing = body_label(_words("nothing_chosen"), "journalNothingChosen", role="hint")
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QStackedWidget()
        self.detail.setObjectName("journalDetail")
        self.coping = CopingPage(ctx, owner, plan)
        self.shared_page = SharedPage(ctx, owner)
        self.offer = LowSafetyOffer(self)
        self.message = MessageLabel("journalMessage")
        name = ctx.session.name_of(owner)
        self.heading = title_label(_words("page_title", name=name), "journalTitle")
        self.new_button = named(QPushButton(_words("new")), "journalNew", _words("new_name"))
        self.new_button.setProperty("role", "primary")
        self.share_button = named(QPushButton(_words("share")), "journalShare",
                                  _words("share_name"))
        self.export_button = named(QPushButton(_words("export")), "journalExport",
                                   _words("export_name"))
        self.grounding = grounding_link("journalGrounding", self)
        self.close_button = named(QPushButton(_words("close")), "journalClose",
                                  _words("close_name", name=name))
        self.close_button.setVisible(ctx.session.together)
        self.sections = named(QTabWidget(), "journalSections", _words("sections_name"))
        self._build()

        self.list.before_filtering = self.editor.flush
        self.list.chosen.connect(self._chosen)
        self.reader.edit_requested.connect(self.edit_shown)
        self.editor.saved.connect(self._saved)
        self.editor.low_safety.connect(self._low_safety)
        self.editor.delete.clicked.connect(self.delete_shown)
        self.coping.share_requested.connect(lambda words: self.share(words, "coping_plan"))
        self.new_button.clicked.connect(self.new_entry)
        self.share_button.clicked.connect(lambda: self.share())
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.close_requested)
        self.list.mark_days(self.rows.days())
        self._show(NOTHING)

    def _build(self) -> None:
        left = Pane(LIST_LEAST)
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.list)
        right = Pane(DETAIL_LEAST)
        side = QVBoxLayout(right)
        side.setContentsMargins(12, 10, 12, 10)
        side.addWidget(self.offer)
        side.addWidget(self.detail, 1)
        damaged = QWidget()
        damaged_column = QVBoxLayout(damaged)
        damaged_column.addWidget(self.damaged_pane)
        for page in (self.nothing, self.reader, self.editor, damaged):
            self.detail.addWidget(page)
        entries = QWidget()
        entries.setObjectName("journalEntriesPage")
        splitter = two_panes(entries, left, right, "journalSplitter", (300, 600))
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        keep_splitter(splitter)
        self.sections.addTab(entries, _words("entries_tab"))
        self.sections.addTab(self.coping, _words("coping_tab"))
        self.sections.addTab(self.shared_page, _words("shared_tab"))
        self.sections.setDocumentMode(True)
        named(self.sections.tabBar(), "journalSectionsBar", _words("sections_name"))
        # Beside the sections, always one click away, taking no room of its own.
        self.sections.setCornerWidget(self.grounding, Qt.Corner.TopRightCorner)

        top = FlowLayout()
        for button in (self.new_button, self.share_button, self.export_button,
                       self.close_button):
            top.addWidget(button)
        header = QHBoxLayout()
        header.setContentsMargins(16, 10, 16, 0)
        header.addWidget(self.heading, 1)
        header.addLayout(top, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.message)
        layout.addWidget(self.sections, 1)

    # what the detail pane shows

    def _show(self, what: int) -> None:
        self.detail.setCurrentIndex(what)
        self.shown.pin(self.editor.entry.uuid if what == WRITING and self.editor.entry
                       else None)

    def _chosen(self, uuid: str | None) -> None:
        if uuid is not None and self.detail.currentIndex() == WRITING and \
                self.editor.entry is not None and self.editor.entry.uuid == uuid:
            return  # the entry being written is the one chosen: keep writing
        self.editor.flush()
        if uuid is None:
            if self.detail.currentIndex() != WRITING:
                self._show(NOTHING)
            return
        damage = self.damage.get(uuid)
        if damage is not None:
            self.damaged_pane.show_entry(uuid)
            self._show(DAMAGED)
            return
        self.offer.hide()  # it was about the moment of writing
        self.reader.show_entry(self.rows.entry_of(uuid))
        self._show(READING)

    def select(self, uuid: str) -> None:
        """Show ``uuid``'s entry (clearing a search or filter that hides it)."""
        if self.shown.row_of(uuid) < 0:
            self.list.clear_filters()
        self.list.list.select(uuid)

    def new_entry(self) -> None:
        self.editor.flush()
        self.sections.setCurrentIndex(0)
        self.editor.load(None)
        self._show(WRITING)
        self.list.list.select(None)
        self.editor.body.setFocus()

    def edit_shown(self) -> None:
        entry = self.reader.entry
        if entry is None:
            return
        self.editor.load(self.rows.entry_of(entry.uuid) or entry)
        self._show(WRITING)
        self.editor.body.setFocus()

    def _saved(self, entry: Entry) -> None:
        """One save: its row replaced (or a new row first), the index and the marks."""
        new = self.rows.row_of(entry.uuid) < 0
        self.shown.pin(entry.uuid)
        self.rows.put(entry)
        self.index.update(entry)
        if self.shown.found is not None:
            query = self.list.search.text().strip()
            if entry.uuid in self.index.find(query):
                self.shown.found.add(entry.uuid)
            else:
                self.shown.found.discard(entry.uuid)
        if new:
            self.list.mark_days(self.rows.days())
            self.list.list.select(entry.uuid)  # the one being written: writing goes on

    def _low_safety(self) -> None:
        if not self.offered:
            self.offered = True
            self.offer.show()

    def delete_shown(self) -> None:
        """Delete the entry being written, after a plain question."""
        entry = self.editor.entry
        if entry is None:
            return
        box = QMessageBox(QMessageBox.Icon.Question, _words("delete_title"),
                          _words("delete_body"), QMessageBox.StandardButton.NoButton, self)
        box.setObjectName("journalDeleteQuestion")
        box.setAccessibleName(_words("delete_title"))
        yes = box.addButton(_words("delete_yes"), QMessageBox.ButtonRole.DestructiveRole)
        named(yes, "journalDeleteYes", _words("delete_yes"))
        keep = box.addButton(_words("delete_keep"), QMessageBox.ButtonRole.RejectRole)
        named(keep, "journalDeleteKeep", _words("delete_keep"))
        box.setDefaultButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        yes.clicked.connect(lambda: self._delete(entry.uuid))
        box.open()

    def _delete(self, uuid: str) -> None:
        if self.ctx.session.locked:
            return
        try:
            journal.delete_entry(self.ctx.session.keyring, self.owner, uuid)
        except TrellisError as error:
            self.message.say(explain(error))
            return
        self.editor.load(None)
        self._show(NOTHING)
        self.rows.remove(uuid)
        self.index.remove(uuid)
        self.list.mark_days(self.rows.days())
        self.message.say(_words("deleted"))

    def share(self, words: str | None = None, source: str = "journal") -> ShareDialog:
        """Share a passage…: the words selected in the entry shown (or ``words``)."""
        if words is None:
            if self.detail.currentIndex() == READING:
                words = self.reader.selected_words()
            elif self.detail.currentIndex() == WRITING:
                words = self.editor.selected_words()
            else:
                words = ""
        dialog = ShareDialog(self.ctx, self.owner, words, self, source)
        dialog.shared.connect(self._shared)
        dialog.open()
        return dialog

    def export(self) -> QDialog:
        """Export…: chosen entries as a PDF or Markdown, with the owner's password."""
        from ui.workbooks.journal.export_dialog import JournalExportDialog

        self.editor.flush()
        dialog = JournalExportDialog(self.ctx, self.owner, self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _shared(self, passage: SharedPassage) -> None:
        """A copy was shared on purpose: say so here, and tell the shared views (never
        an entry's own change: nothing outside the journal shows those)."""
        self.message.say(_words("shared"))
        self.ctx.changes.announce("shared_passages", passage.uuid)  # What I shared too

    # closing

    def flush(self) -> bool:
        """Save what is typed but not saved yet; False when a save failed."""
        if self.kept:
            return True
        saved = self.editor.flush() is not None or not self.editor.pending()
        return self.coping.flush() and saved

    def keep_unsaved(self) -> None:
        """The journal is going (a lock, or closing it) after a save failed: seal what
        did not save with the owner's own journal key, for them alone to get back when
        their journal opens again (:func:`models.journal.keep_unsaved`)."""
        if self.kept or self.ctx.session.locked:
            return
        self.kept = True
        keys, entry, plan = self.ctx.session.keyring, self.editor.unsaved(), self.coping.unsaved()
        try:
            if entry is not None:
                journal.keep_unsaved(keys, self.owner, *entry)
            if plan is not None:
                journal.keep_unsaved_plan(keys, self.owner, plan)
        except TrellisError as error:
            log.info("unsaved journal words not kept: %s", type(error).__name__)

    def put_back(self, kept: journal.UnsavedJournal) -> None:
        """Words kept when a save failed, back where they were typed, saved now (if a
        save fails again, they stay in the fields and the editor says why)."""
        keys = self.ctx.session.keyring
        *earlier, last = kept.entries or (None,)
        for piece in earlier:  # only if several were kept: saved without showing
            uuid = piece.uuid if self.rows.entry_of(piece.uuid) is not None else None
            try:
                self._saved(journal.save_entry(keys, self.owner, piece.draft, uuid))
            except TrellisError:
                journal.keep_unsaved(keys, self.owner, uuid, piece.draft)
        if last is not None:
            self.sections.setCurrentIndex(0)
            self.editor.load(self.rows.entry_of(last.uuid))
            self.editor.put_back(last.draft)
            self._show(WRITING)
            self.editor.flush()
        if kept.plan is not None:
            self.coping.put_back(dict(kept.plan))
            self.coping.flush()
            if last is None:
                self.sections.setCurrentWidget(self.coping)
        self.message.say(_words("put_back"))

    def close_dialogs(self) -> None:
        """Close every dialog opened from this journal (innermost first)."""
        for dialog in reversed(self.findChildren(QDialog)):
            if isValid(dialog):
                dialog.reject()
            if isValid(dialog):
                dialog.hide()
                dialog.deleteLater()

    def clear(self) -> None:
        """Let go of every word shown (after :meth:`flush`, before the page goes)."""
        self.editor.clear()
        self.coping.clear()
        self.shared_page.clear()
        self.reader.show_entry(None)
        self.list.search.clear()
        self.rows.clear()
        self.index = journal.SearchIndex(())
