"""One partner's open journal: the entries (list, calendar and the entry read or
written) and their coping plan, with New entry, Share a passage…, the grounding
exercise and, together, Close my journal.

It is built when its owner's journal opens and deleted when it closes, so nothing it
showed outlives the opening. It shows a first page of entries at once; the rest join
the list from a worker (:mod:`ui.workbooks.journal.loading`). What is not on screen
yet is built when first needed: the editor when an entry is written, the coping plan
(read then) and What I shared when their section is first chosen. Every row lives once
in :class:`EntryRows`; a save changes its row, and the search index and the calendar
marks follow for that entry only.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
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
from ui.texts import explain, text
from ui.widgets.common import MessageLabel, body_label, named, title_label, two_panes
from ui.widgets.fitting import FlowLayout, Pane, keep_splitter
from ui.workbooks import WorkbookContext
from ui.workbooks.damaged import DamagedEntry
from ui.workbooks.journal.coping import CopingPage
from ui.workbooks.journal.editor import EntryEditor
from ui.workbooks.journal.grounding import grounding_link
from ui.workbooks.journal.list import EntryListPane
from ui.workbooks.journal.loading import JournalLoad
from ui.workbooks.journal.model import EntryRows
from ui.workbooks.journal.parts import Later, LowSafetyOffer, ask_to_delete
from ui.workbooks.journal.reader import EntryReader
from ui.workbooks.journal.share import ShareDialog
from ui.workbooks.journal.shared import SharedPage

if TYPE_CHECKING:
    from models.journal import Entry, SharedPassage

log = logging.getLogger(__name__)

LIST_LEAST, DETAIL_LEAST = 240, 420
NOTHING, READING, WRITING, DAMAGED = range(4)  # the detail pane's pages
ENTRIES, COPING, SHARED = range(3)  # the journal's sections


def _words(key: str, **values: object) -> str:
    return text("journal", key, **values)


def _flush_of(writing: Later) -> Callable[[], None]:
    """Save what the editor holds, if it was built (no reference to the page: a cycle
    through it would keep every entry in memory after the page is deleted, until
    Python's next collection of cycles)."""
    def flush() -> None:
        if isinstance(writing.built, EntryEditor):
            writing.built.flush()
    return flush


class JournalPage(QWidget):
    """``owner``'s journal, open with its first page of ``entries`` (``whole`` when
    that is all of them; ``index``, their search index, when made already);
    ``close_requested`` asks the tab to close it, and ``loaded`` says every entry is
    listed."""

    close_requested = Signal()
    loaded = Signal()

    def __init__(self, ctx: WorkbookContext, owner: int, entries: list[Entry],
                 damaged: list[Damage], whole: bool = True,
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
        self.list = EntryListPane(self.rows, self.index.find, journal.TAGS, journal.FEELINGS)
        self.load = JournalLoad(ctx, owner, self.rows, self.index, self.list.query, self)
        self.reader = EntryReader()
        self.writing = self._later("journalWriting", "_build_editor")
        self.damaged_pane = DamagedEntry("journal", "journalDamaged")
        self.nothing = body_label(_words("nothing_chosen"), "journalNothingChosen", role="hint")
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = QStackedWidget()
        self.detail.setObjectName("journalDetail")
        self.coping_section = self._later("journalCopingSection", "_build_coping")
        self.shared_section = Later("journalSharedSection", lambda: SharedPage(ctx, owner))
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

        self.list.before_filtering = _flush_of(self.writing)
        self.list.chosen.connect(self._chosen)
        self.reader.edit_requested.connect(self.edit_shown)
        self.sections.currentChanged.connect(self._section_shown)
        self.new_button.clicked.connect(self.new_entry)
        self.share_button.clicked.connect(lambda: self.share())
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self.close_requested)
        self.load.whole.connect(self._whole)
        self.list.mark_days(self.rows.days())
        self._show(NOTHING)
        if not whole:
            self.load.begin_after(self.list.list.viewport())

    # built when first needed

    def _later(self, name: str, build: str) -> Later:
        page = weakref.ref(self)  # the part holds no reference to the page
        return Later(name, lambda: getattr(page(), build)())

    @property
    def loading(self) -> bool:
        """Older entries are still being read (the list holds the first page)."""
        return self.load.loading

    @property
    def editor(self) -> EntryEditor:
        editor = self.writing.ensure()
        assert isinstance(editor, EntryEditor)
        return editor

    @property
    def _editor(self) -> EntryEditor | None:
        built = self.writing.built
        return built if isinstance(built, EntryEditor) else None

    def _build_editor(self) -> EntryEditor:
        editor = EntryEditor(self.ctx, self.owner)
        editor.saved.connect(self._saved)
        editor.low_safety.connect(self._low_safety)
        editor.place_offer(self.offer)
        editor.delete.clicked.connect(self.delete_shown)
        return editor

    def _flush_editor(self) -> None:
        if self._editor is not None:
            self._editor.flush()

    @property
    def coping(self) -> CopingPage:
        coping = self.coping_section.ensure()
        assert isinstance(coping, CopingPage)
        return coping

    def _build_coping(self) -> CopingPage:
        """The coping plan, read now: one that does not open says so in its place."""
        try:
            plan, problem = journal.load_plan(self.ctx.session.keyring, self.owner), ""
        except TrellisError as error:
            log.info("the coping plan did not open: %s", type(error).__name__)
            plan, problem = None, explain(error)
        coping = CopingPage(self.ctx, self.owner, plan, problem)
        coping.share_requested.connect(lambda words: self.share(words, "coping_plan"))
        return coping

    @property
    def shared_page(self) -> SharedPage:
        shared = self.shared_section.ensure()
        assert isinstance(shared, SharedPage)
        return shared

    def _section_shown(self, section: int) -> None:
        if section == COPING:
            self.coping_section.ensure()
        elif section == SHARED:
            self.shared_section.ensure()

    def _whole(self, problem: str) -> None:
        """Every entry is listed (or ``problem`` says why not): their days marked."""
        self.damage.update((d.uuid, d) for d in self.load.damaged)
        self.list.mark_days(self.rows.days())
        if problem:
            self.message.say(problem)
        self.loaded.emit()

    def _build(self) -> None:
        left = Pane(LIST_LEAST)
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(self.list)
        right = Pane(DETAIL_LEAST)
        side = QVBoxLayout(right)
        side.setContentsMargins(12, 10, 12, 10)
        side.addWidget(self.detail, 1)
        damaged = QWidget()
        damaged_column = QVBoxLayout(damaged)
        damaged_column.addWidget(self.damaged_pane)
        for page in (self.nothing, self.reader, self.writing, damaged):
            self.detail.addWidget(page)
        entries = QWidget()
        entries.setObjectName("journalEntriesPage")
        splitter = two_panes(entries, left, right, "journalSplitter", (300, 600))
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        keep_splitter(splitter)
        self.sections.addTab(entries, _words("entries_tab"))
        self.sections.addTab(self.coping_section, _words("coping_tab"))
        self.sections.addTab(self.shared_section, _words("shared_tab"))
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
        editor = self.editor if what == WRITING else None
        self.detail.setCurrentIndex(what)
        self.rows.pin(editor.entry.uuid if editor is not None and editor.entry else None)

    def _chosen(self, uuid: str | None) -> None:
        editor = self._editor
        if uuid is not None and self.detail.currentIndex() == WRITING and editor is not None \
                and editor.entry is not None and editor.entry.uuid == uuid:
            return  # the entry being written is the one chosen: keep writing
        self._flush_editor()
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
        if not self.rows.holds(uuid) and self.loading:
            self.loaded.connect(lambda: self.select(uuid), Qt.ConnectionType.SingleShotConnection)
            return
        if self.rows.row_of(uuid) < 0:
            self.list.clear_filters()
        self.list.list.select(uuid)

    def new_entry(self) -> None:
        self._flush_editor()
        self.sections.setCurrentIndex(ENTRIES)
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
        """One save: its row changed (or a new row first), and for this entry alone its
        text in the index, whether it matches the search, and its day's mark."""
        new = not self.rows.holds(entry.uuid)
        self.load.touched.add(entry.uuid)
        self.index.update(entry)
        query = self.list.query()
        if query:
            self.rows.note_found(entry.uuid, self.index.holds(entry.uuid, query))
        self.rows.pin(entry.uuid)
        self.rows.put(entry)
        if new:
            self.list.mark_day(entry.day)
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
        ask_to_delete(self, lambda: self._delete(entry.uuid))

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
        self.load.touched.add(uuid)
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

        self._flush_editor()
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
        editor, coping = self._editor, self.coping_section.built
        saved = editor is None or editor.flush() is not None or not editor.pending()
        return (not isinstance(coping, CopingPage) or coping.flush()) and saved

    def keep_unsaved(self) -> None:
        """The journal is going (a lock, or closing it) after a save failed: seal what
        did not save with the owner's own journal key, for them alone to get back when
        their journal opens again (:func:`models.journal.keep_unsaved`)."""
        if self.kept or self.ctx.session.locked:
            return
        self.kept = True
        editor, coping = self._editor, self.coping_section.built
        keys = self.ctx.session.keyring
        entry = editor.unsaved() if editor is not None else None
        plan = coping.unsaved() if isinstance(coping, CopingPage) else None
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
            self.sections.setCurrentIndex(ENTRIES)
            self.editor.load(self.rows.entry_of(last.uuid))
            self.editor.put_back(last.draft)
            self._show(WRITING)
            self.editor.flush()
        if kept.plan is not None:
            self.coping.put_back(dict(kept.plan))
            self.coping.flush()
            if last is None:
                self.sections.setCurrentIndex(COPING)
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
        self.load.stop()
        for part in (self._editor, self.coping_section.built, self.shared_section.built):
            if isinstance(part, EntryEditor | CopingPage | SharedPage):
                part.clear()
        self.reader.show_entry(None)
        self.list.search.clear()
        self.rows.clear()
        self.index.clear()
