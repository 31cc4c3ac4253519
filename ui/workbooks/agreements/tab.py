"""The Agreements tab: the list (search and filters) beside the chosen agreement, its
editor and its steps (``actions.py``), kept in step with each other.

Agreements are opened when the tab is built, a first page at once and the rest on a
worker (:mod:`ui.workbooks.agreements.loading`), and held in one list model
(:mod:`ui.workbooks.agreements.model`); after each change the model layer returns the
fresh view of that one agreement, which replaces its row, and every view showing it
(list row, editor, history) follows from there. Search and filters work on those rows
in memory, so typing in the search box never decrypts anything. Each change is also
announced on ``ctx.changes``, and a change announced elsewhere is read in the same way.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from models import agreements
from models.agreements import AgreementView
from models.damage import Damage
from models.unsaved import UnsavedWords
from ui.texts import text
from ui.widgets.common import body_label, named, two_panes
from ui.widgets.fitting import FlowLayout, Pane, keep_splitter
from ui.workbooks import WorkbookContext
from ui.workbooks.agreements.actions import STEPS, AgreementSteps, step_button
from ui.workbooks.agreements.editor import AgreementEditor
from ui.workbooks.agreements.export_dialog import ExportDialog
from ui.workbooks.agreements.list import (
    AgreementList,
    category_filter,
    search_box,
    status_filter,
    title_of,
)
from ui.workbooks.agreements.loading import AgreementsLoad
from ui.workbooks.agreements.model import AgreementFilter, AgreementRows
from ui.workbooks.damaged import DamagedEntry

log = logging.getLogger(__name__)

LIST_LEAST, DETAIL_LEAST = 230, 440  # px: the panes' floors at the normal text size


class AgreementsTab(QWidget):
    """Boundary agreements: concrete words both partners confirm, review and revisit.

    An agreement that cannot be opened is listed in its place, without any words, and
    its detail pane says what that means; every other agreement works as usual.
    """

    check_requested = Signal()  # Help → Check this workbook file…, from a damaged entry

    def __init__(self, ctx: WorkbookContext) -> None:
        super().__init__()
        self.setObjectName("agreementsTab")
        self.ctx = ctx
        names = {partner: ctx.session.name_of(partner) for partner in (1, 2)}
        self.rows = AgreementRows(names, self)
        self.load = AgreementsLoad(ctx, self)
        self.rows.load(*self.load.first_page())
        self.load.offer(self.rows)  # Home takes the agreements from here
        self.shown = AgreementFilter(self.rows, self)
        self.dialog: QDialog | None = None
        self.shown_damage: Damage | None = None  # the entry the detail pane explains
        self.wanted: str | None = None  # the agreement last chosen, even while hidden
        self._holding = False  # rows are moving: the list's own choice of row is not ours
        self._announcing = False

        self.search = search_box()
        self.status_filter = status_filter()
        self.category_filter = category_filter()
        self.list = AgreementList(self.shown)
        self.empty = body_label("", "agreementListEmpty", role="hint")
        self.empty.hide()
        # Until older agreements are listed: search and filters cover what is listed.
        self.still_opening = body_label(text("agreements", "still_opening"),
                                        "agreementListLoading", role="hint")
        self.still_opening.setVisible(self.load.loading)
        self.new_button = named(QPushButton(text("agreements_actions", "new")),
                                "agreementNew", text("agreements_actions", "new_name"))
        self.new_button.setToolTip("Ctrl+N")
        self.export_button = step_button("export", "agreementExport")
        self.editor = AgreementEditor(ctx)
        self.damaged_pane = DamagedEntry("agreements", "agreementDamaged")
        self.damaged_pane.check_requested.connect(self.check_requested)
        self.detail = QStackedWidget()
        self.detail.setObjectName("agreementDetail")

        self.steps = AgreementSteps(self)
        self.buttons = self.steps.buttons
        self._build()

        self.search.textChanged.connect(self.refilter)
        self.status_filter.currentIndexChanged.connect(self.refilter)
        self.category_filter.currentIndexChanged.connect(self.refilter)
        self.list.selectionModel().currentChanged.connect(self._selection_changed)
        self.rows.dataChanged.connect(self._rows_changed)
        self.load.arrived.connect(self._older_arrived)
        self.load.finished.connect(self._older_done)
        ctx.changes.changed.connect(self._changed_elsewhere)
        self.editor.saved.connect(self.replace)
        self.new_button.clicked.connect(self.new_agreement)
        self.export_button.clicked.connect(self.export)
        for keys, act in (("Ctrl+N", self.new_agreement), ("Ctrl+F", self.search.setFocus)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(act)

        self._update_empty()
        if self.list.count():
            self.list.select(self.list.rows.uuid_at(0))
        else:
            self._show(None)
        self.load.begin_after(self.list.viewport())

    def _build(self) -> None:
        # Side by side while both fit, one above the other when the pane is narrow or
        # the text large, so neither cuts off what it shows.
        filters = FlowLayout(fill=True)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.category_filter)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        left = Pane(LIST_LEAST)
        left.setObjectName("agreementListPane")
        column = QVBoxLayout(left)
        column.setContentsMargins(12, 12, 8, 12)
        column.addLayout(top)
        column.addLayout(filters)
        column.addWidget(self.empty)  # right under the filters, where eyes are
        column.addWidget(self.still_opening)
        column.addWidget(self.list, 1)
        column.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)

        right = Pane(DETAIL_LEAST)
        right.setObjectName("agreementEditorPane")
        side = QVBoxLayout(right)
        side.setContentsMargins(12, 12, 12, 12)
        side.addWidget(self.editor, 1)
        side.addLayout(self.steps.rows())
        damaged = QWidget()
        damaged.setObjectName("agreementDamagedPane")
        column = QVBoxLayout(damaged)
        column.setContentsMargins(12, 12, 12, 12)
        column.addWidget(self.damaged_pane)
        self.detail.addWidget(right)
        self.detail.addWidget(damaged)

        # Usable at 900×600 (each pane as wide as its words need, and never narrower
        # than its floor); past that, the list takes two parts of each extra pixel in five.
        splitter = two_panes(self, left, self.detail, "agreementSplitter", (320, 580))
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        keep_splitter(splitter)

        editor = self.editor
        order = [self.search, self.new_button, self.status_filter, self.category_filter,
                 self.list, self.export_button, editor.writer, editor.title,
                 editor.category, editor.cadence, *editor.areas.values(),
                 *(self.buttons[step] for step in STEPS)]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # the list

    @property
    def views(self) -> list[AgreementView]:
        """Every agreement opened, as the list model holds it."""
        return self.rows.views()

    @property
    def damaged(self) -> list[Damage]:
        return self.rows.damaged()

    @contextmanager
    def _moving_rows(self) -> Iterator[None]:
        """While rows come and go, the list may move its current row by itself; what
        the detail pane shows is decided afterwards, in :meth:`_follow_list`."""
        holding, self._holding = self._holding, True
        try:
            yield
        finally:
            self._holding = holding
        if not holding:
            self._follow_list()

    def refilter(self) -> None:
        """Show the agreements that match the search and both filters (in memory)."""
        self.editor.flush()  # typing waiting for autosave is saved before rows move
        with self._moving_rows():
            self.rows.new_day(dt.date.today())
            self.shown.set_filters(self.search.text(), self.status_filter.currentData(),
                                   self.category_filter.currentData())

    def _shown_uuid(self) -> str | None:
        if self.shown_damage is not None:
            return self.shown_damage.uuid
        return self.editor.view.uuid if self.editor.view is not None else None

    def _follow_list(self) -> None:
        """Make the detail pane agree with the list: an agreement the search hides leaves
        the screen (it comes back when it is listed again); the one shown stays chosen."""
        shown = self._shown_uuid()
        if shown is not None and self.shown.row_of(shown) < 0:
            self.list.select(None)
            self._show(None)
        elif shown is None and self.wanted is not None and self.shown.row_of(self.wanted) >= 0:
            self.list.select(self.wanted)
        elif shown is not None:
            self.shown.pin(shown)
            if self.list.current_uuid() != shown:
                self.list.select(shown)
        self._update_empty()

    def _update_empty(self) -> None:
        """Say why the list is empty: nothing written yet, or nothing matches. Called
        after rows move (not per range the filter removes: that would be many calls)."""
        damaged = self.rows.damaged_count()
        listed = self.shown.rowCount() - damaged
        views = self.rows.rowCount() > damaged
        query = self.search.text().strip()
        if not views and not damaged:
            words = text("agreements", "empty_list")
        elif query:
            words = text("agreements", "nothing_matches", query=query)
        else:
            words = text("agreements", "nothing_matches_filters")
        self.empty.setText(words)
        self.empty.setAccessibleName(words[:80])
        self.empty.setVisible(listed <= 0 and (views or not damaged))

    def _selection_changed(self, current: QModelIndex | QPersistentModelIndex) -> None:
        uuid = self.list.current_uuid()
        if self._holding or uuid is None or uuid == self._shown_uuid():
            return
        self.editor.flush()  # may change the row being left, never which rows are listed
        self.wanted = uuid
        damage = self.rows.damage_of(uuid)
        if damage is not None:
            self._show_damaged(damage)
            return
        self._show(self.rows.view_of(uuid))

    def _show(self, view: AgreementView | None) -> None:
        self.shown_damage = None
        self.detail.setCurrentIndex(0)
        self.editor.load(view)
        self.shown.pin(view.uuid if view is not None else None)
        self.steps.show_for(self.editor.view)

    def _show_damaged(self, damage: Damage) -> None:
        """No words and no steps: only what it means, and the way to check the file."""
        self.editor.load(None)
        self.steps.show_for(self.editor.view)
        self.shown_damage = damage
        self.shown.pin(damage.uuid)
        self.damaged_pane.show_entry(damage.uuid)
        self.detail.setCurrentIndex(1)

    def _older_arrived(self, views: list[AgreementView], damaged: list[Damage]) -> None:
        """A batch of older agreements: below the ones listed; the choice stays put."""
        if self.ctx.session.locked:
            return
        with self._moving_rows():
            self.rows.add_older(views, damaged)

    def _older_done(self, trouble: str) -> None:
        """Every agreement is listed, or a kind sentence says why some are not."""
        self.still_opening.setText(trouble)
        self.still_opening.setAccessibleName(trouble[:80])
        self.still_opening.setVisible(bool(trouble))

    def replace(self, view: AgreementView) -> None:
        """Take in a fresh view of one agreement after a change, and say so."""
        self.rows.put(view)  # its row, and the editor through _rows_changed
        self.steps.show_for(self.editor.view)
        self._update_empty()
        self._announce(view.uuid)

    def forget(self, uuid: str) -> None:
        """A deleted draft leaves the list, and with it the detail pane."""
        with self._moving_rows():
            self.rows.remove(uuid)
        self.wanted = None
        self._announce(uuid)

    def _rows_changed(self, top: QModelIndex, bottom: QModelIndex) -> None:
        """A row changed: if it is the agreement on screen, show its new state."""
        shown = self.editor.view
        if shown is not None and top.row() <= self.rows.row_of(shown.uuid) <= bottom.row():
            self._take_fresh()

    def _take_fresh(self) -> None:
        shown = self.editor.view
        fresh = self.rows.view_of(shown.uuid) if shown is not None else None
        if fresh is not None and fresh is not shown:
            if self.editor.same_words(fresh):
                self.editor.refresh(fresh)  # the fields and their undo stay as they are
            else:
                self.editor.load(fresh)  # new words from elsewhere (typing was saved first)
            self.steps.show_for(self.editor.view)

    def _announce(self, uuid: str) -> None:
        self._announcing = True
        try:
            self.ctx.changes.announce("agreements", uuid)
        finally:
            self._announcing = False

    def _changed_elsewhere(self, workbook: str, uuid: str) -> None:
        """An agreement changed outside this tab: read that one again (or all, for "")."""
        if workbook != "agreements" or self._announcing or self.ctx.session.locked:
            return
        if uuid and uuid == self._shown_uuid():
            self.editor.flush()
        keys = self.ctx.session.keyring
        if uuid:
            try:
                self.rows.put(agreements.view(keys, agreements.get(uuid)))
                self._update_empty()
                return
            except Exception:  # noqa: BLE001 (gone or damaged: the full read says which)
                log.info("re-reading every agreement after a change elsewhere")
        with self._moving_rows():
            self.rows.merge(*agreements.load_all(keys))
        self._take_fresh()

    # what the window asks of a tab: save before a lock, keep what could not be saved

    def flush(self) -> None:
        """Save pending words now (before a lock, or when the tab is hidden)."""
        self.editor.flush()

    def unsaved(self) -> list[UnsavedWords]:
        """Words typed that did not save (after :meth:`flush`), to keep over a lock."""
        view = self.editor.view
        changed = self.editor.unsaved()
        if view is None or not changed:
            return []
        return [UnsavedWords(view.uuid, title_of(view), changed, self.editor.writer_partner())]

    def restore(self, piece: UnsavedWords) -> bool:
        """Put words kept over a lock back into their agreement and save them; False
        when that agreement can no longer take them (gone, set aside, or agreed since)."""
        view = self.rows.view_of(piece.agreement)
        if view is None and self.load.loading:  # older than the first page: open it now
            self._changed_elsewhere("agreements", piece.agreement)
            view = self.rows.view_of(piece.agreement)
        if view is None or view.status == "retired" or (
                view.words_locked and any(not f.startswith("why_") for f in piece.fields)):
            return False
        self._clear_filters()
        self.list.select(view.uuid)
        if self.editor.view is None or self.editor.view.uuid != view.uuid:
            return False
        self.editor.put_back(piece.fields, piece.writer)
        if not self.editor.unsaved():  # saved; otherwise the editor already says why not
            self.editor.message.say(text("unsaved_words", "put_back_done", title=piece.title))
        return True

    def select(self, uuid: str) -> bool:
        """Show agreement ``uuid`` (Home's "Go there"), clearing a search that hides it;
        False when it is not in the list."""
        if self.rows.view_of(uuid) is None and self.load.loading:  # not on the first page
            self._changed_elsewhere("agreements", uuid)
        if self.rows.view_of(uuid) is None and self.rows.damage_of(uuid) is None:
            return False
        self._clear_filters()
        self.list.select(uuid)
        return self._shown_uuid() == uuid

    def _clear_filters(self) -> None:
        for control in (self.search, self.status_filter, self.category_filter):
            control.blockSignals(True)
        self.search.clear()
        self.status_filter.setCurrentIndex(0)
        self.category_filter.setCurrentIndex(0)
        for control in (self.search, self.status_filter, self.category_filter):
            control.blockSignals(False)
        self.refilter()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        self.flush()
        super().hideEvent(event)

    # the list's own steps

    def new_agreement(self) -> None:
        self.editor.flush()
        writer = self.editor.writer_partner()
        view = self.steps.act(lambda: agreements.create(self.ctx.session.keyring, writer))
        if view is None:
            return
        self._clear_filters()
        self.list.select(view.uuid)
        self.editor.title.setFocus()

    def export(self) -> None:
        self.editor.flush()
        self.steps.open(ExportDialog(self.ctx, self), lambda: None)

    # Each step of the chosen agreement (actions.py), where tests and tools call it.

    def propose(self) -> None:
        self.steps.propose()

    def propose_change(self) -> None:
        self.steps.propose_change()

    def discard_change(self) -> None:
        self.steps.discard_change()

    def confirm(self) -> None:
        self.steps.confirm()

    def withdraw(self) -> None:
        self.steps.withdraw()

    def review(self) -> None:
        self.steps.review()

    def history(self) -> None:
        self.steps.history()

    def retire(self) -> None:
        self.steps.retire()

    def delete_draft(self) -> None:
        self.steps.delete_draft()
