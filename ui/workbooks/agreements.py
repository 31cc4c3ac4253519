"""The Agreements tab: the list (search and filters), the editor, and each step.

Agreements are opened once when the tab is built and held in one list model
(:mod:`ui.workbooks.agreement_model`); after each change the model layer returns the
fresh view of that one agreement, which replaces its row, and every view showing it
(list row, editor, history) follows from there. Search and filters work on those rows
in memory, so typing in the search box never decrypts anything. Each change is also
announced on ``ctx.changes``, and a change announced elsewhere is read in the same way.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models import agreements
from models.agreements import AgreementIncomplete, AgreementView
from models.damage import Damage
from models.errors import TrellisError
from models.proof import FreshProof
from models.session import Keyring
from models.unsaved import UnsavedWords
from ui.texts import explain, text
from ui.widgets.common import body_label, named, two_panes
from ui.widgets.fitting import ElidingComboBox, FlowLayout, Pane, keep_splitter
from ui.widgets.fresh_password import ask_fresh
from ui.workbooks import WorkbookContext
from ui.workbooks.agreement_dialogs import ConfirmDialog, NoteDialog, ReviewDialog
from ui.workbooks.agreement_editor import AgreementEditor
from ui.workbooks.agreement_export import ExportDialog
from ui.workbooks.agreement_history import HistoryDialog
from ui.workbooks.agreement_list import AgreementList, title_of
from ui.workbooks.agreement_model import AgreementFilter, AgreementRows
from ui.workbooks.agreement_words import STATUSES, categories, status_label
from ui.workbooks.damaged import DamagedEntry

log = logging.getLogger(__name__)

# Which steps each status offers; the rest are hidden, so only what applies is shown.
ACTIONS = {
    "draft": {"propose", "history", "delete"},
    "proposed": {"confirm", "withdraw", "history", "retire"},
    "agreed": {"change", "review", "withdraw", "history", "retire"},
    "under_review": {"change", "review", "withdraw", "history", "retire"},
    "paused": {"propose", "change", "history", "retire"},
    "retired": {"history"},
}
LIST_LEAST, DETAIL_LEAST = 230, 440  # px: the panes' floors at the normal text size

# While a change is proposed beside agreed words, confirming or setting it aside replace
# starting one, and a review waits until the change is settled.
WITH_CHANGE = {"confirm", "discard"}


def quiet_when_fixed(dialog: ReviewDialog) -> None:
    """A sentence about what a review still needs goes as soon as it is given: a
    decision chosen, or words typed."""
    dialog.decision.buttonToggled.connect(lambda *_: dialog.message.clear_message())
    for area in (dialog.helps, dialog.hard):
        area.textChanged.connect(dialog.message.clear_message)


def steps_for(view: AgreementView) -> set[str]:
    """The steps the tab offers for ``view``."""
    allowed = set(ACTIONS.get(view.status, set()))
    if view.pending_change:
        allowed = (allowed - {"change", "propose", "review"}) | WITH_CHANGE
    elif view.in_force is None:
        allowed.discard("change")
    return allowed


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
        self.rows.load(*agreements.load_all(ctx.session.keyring))
        self.shown = AgreementFilter(self.rows, self)
        self.dialog: QDialog | None = None
        self.shown_damage: Damage | None = None  # the entry the detail pane explains
        self.wanted: str | None = None  # the agreement last chosen, even while hidden
        self._holding = False  # rows are moving: the list's own choice of row is not ours
        self._announcing = False

        self.search = named(QLineEdit(), "agreementSearch", text("agreements", "search_name"))
        self.search.setPlaceholderText(text("agreements", "search_placeholder"))
        self.search.setClearButtonEnabled(True)
        for clear in self.search.findChildren(QToolButton):
            named(clear, "agreementSearchClear", text("agreements", "search_clear"))
        self.status_filter = named(ElidingComboBox(), "agreementStatusFilter",
                                   text("agreements", "status_filter_name"))
        self.status_filter.addItem(text("agreements", "all_statuses"), None)
        self.status_filter.addItem(text("agreements", "reviews_due"), "due")
        for status in STATUSES:
            self.status_filter.addItem(status_label(status), status)
        self.category_filter = named(ElidingComboBox(), "agreementCategoryFilter",
                                     text("agreements", "category_filter_name"))
        self.category_filter.addItem(text("agreements", "all_categories"), None)
        for key, label in categories():
            self.category_filter.addItem(label, key)
        self.list = AgreementList(self.shown)
        self.empty = body_label("", "agreementListEmpty", role="hint")
        self.empty.hide()
        self.new_button = named(QPushButton(text("agreements_actions", "new")),
                                "agreementNew", text("agreements_actions", "new_name"))
        self.new_button.setToolTip("Ctrl+N")
        self.export_button = self._button("export", "agreementExport")
        self.editor = AgreementEditor(ctx)
        self.damaged_pane = DamagedEntry("agreements", "agreementDamaged")
        self.damaged_pane.check_requested.connect(self.check_requested)
        self.detail = QStackedWidget()
        self.detail.setObjectName("agreementDetail")

        self.buttons: dict[str, QPushButton] = {
            step: self._button(step, f"agreement_{step}")
            for step in ("propose", "change", "confirm", "discard", "withdraw", "review",
                         "history", "retire", "delete")
        }
        self.buttons["propose"].setProperty("role", "primary")
        for button in self.buttons.values():
            button.hide()  # until an agreement is chosen; then only its steps show
        self._build()

        self.search.textChanged.connect(self.refilter)
        self.status_filter.currentIndexChanged.connect(self.refilter)
        self.category_filter.currentIndexChanged.connect(self.refilter)
        self.list.selectionModel().currentChanged.connect(self._selection_changed)
        self.rows.dataChanged.connect(self._rows_changed)
        ctx.changes.changed.connect(self._changed_elsewhere)
        self.editor.saved.connect(self._replace)
        self.new_button.clicked.connect(self.new_agreement)
        self.export_button.clicked.connect(self.export)
        steps: dict[str, Callable[[], None]] = {
            "propose": self.propose, "confirm": self.confirm, "withdraw": self.withdraw,
            "change": self.propose_change, "discard": self.discard_change,
            "review": self.review, "history": self.history, "retire": self.retire,
            "delete": self.delete_draft,
        }
        for step, act in steps.items():
            self.buttons[step].clicked.connect(act)
        for keys, act in (("Ctrl+N", self.new_agreement), ("Ctrl+F", self.search.setFocus)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(act)

        self._update_empty()
        if self.list.count():
            self.list.select(self.list.rows.uuid_at(0))
        else:
            self._show(None)

    def _button(self, key: str, name: str) -> QPushButton:
        label = text("agreements_actions", key)
        return named(QPushButton(label), name, label.replace("&", "").rstrip("…"))

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
        column.addWidget(self.list, 1)
        column.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)

        # The steps that move the agreement on, then looking back and setting aside, in
        # rows that wrap: every step stays in sight with its whole name at any text size.
        actions = FlowLayout()
        for step in ("propose", "change", "confirm", "discard", "review", "withdraw",
                     "history", "retire", "delete"):
            actions.addWidget(self.buttons[step])
        right = Pane(DETAIL_LEAST)
        right.setObjectName("agreementEditorPane")
        side = QVBoxLayout(right)
        side.setContentsMargins(12, 12, 12, 12)
        side.addWidget(self.editor, 1)
        side.addLayout(actions)
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
                 *(self.buttons[s] for s in ("propose", "change", "confirm", "discard",
                                             "review", "withdraw", "history", "retire",
                                             "delete"))]
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
        self._update_actions()

    def _show_damaged(self, damage: Damage) -> None:
        """No words and no steps: only what it means, and the way to check the file."""
        self.editor.load(None)
        self._update_actions()
        self.shown_damage = damage
        self.shown.pin(damage.uuid)
        self.damaged_pane.show_entry(damage.uuid)
        self.detail.setCurrentIndex(1)

    def _replace(self, view: AgreementView) -> None:
        """Take in a fresh view of one agreement after a change, and say so."""
        self.rows.put(view)  # its row, and the editor through _rows_changed
        self._update_actions()
        self._update_empty()
        self._announce(view.uuid)

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
            self._update_actions()

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
        keys = self._keys()
        if uuid:
            try:
                self.rows.put(agreements.view(keys, agreements.get(uuid)))
                self._update_empty()
                return
            except Exception:  # noqa: BLE001 (gone or damaged: the full read says which)
                log.info("re-reading every agreement after a change elsewhere")
        with self._moving_rows():
            self.rows.load(*agreements.load_all(keys))
        self._take_fresh()

    def _update_actions(self) -> None:
        view = self.editor.view
        allowed = steps_for(view) if view is not None else set()
        for step, button in self.buttons.items():
            button.setVisible(step in allowed)
            button.setEnabled(step in allowed)
        if view is None:
            return
        self.buttons["propose"].setText(text(
            "agreements_actions", "propose_again" if view.status == "paused" else "propose"))
        self.buttons["review"].setText(text(
            "agreements_actions", "start_review" if view.status == "agreed" else "record_review"))
        for step in ("propose", "review"):
            button = self.buttons[step]
            button.setAccessibleName(button.text().rstrip("…"))

    # steps

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

    def _act(self, step: Callable[[], AgreementView], done: str = "") -> AgreementView | None:
        """Run one model step; a calm sentence either way, and the list kept current."""
        try:
            view = step()
        except AgreementIncomplete as error:
            self.editor.mark_missing(error.fields)
            self.editor.message.say(explain(error))
            return None
        except TrellisError as error:
            self.editor.message.say(explain(error))
            return None
        self._replace(view)
        if done:
            self.editor.message.say(text("agreements_actions", done))
        return view

    def _selected(self) -> AgreementView | None:
        """The agreement the steps act on, with any typing saved first."""
        self.editor.flush()
        return self.editor.view

    def _keys(self) -> Keyring:
        return self.ctx.session.keyring

    def _open(self, dialog: QDialog, on_accept: Callable[[], object]) -> None:
        self.dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def new_agreement(self) -> None:
        self.editor.flush()
        writer = self.editor.writer_partner()
        view = self._act(lambda: agreements.create(self._keys(), writer))
        if view is None:
            return
        self._clear_filters()
        self.list.select(view.uuid)
        self.editor.title.setFocus()

    def propose(self) -> None:
        view = self._selected()
        if view is not None:
            writer = self.editor.writer_partner()
            self._act(lambda: agreements.propose(self._keys(), view.uuid, writer),
                      "proposed_done")

    def propose_change(self) -> None:
        view = self._selected()
        if view is not None:
            writer = self.editor.writer_partner()
            fresh = self._act(lambda: agreements.propose_change(self._keys(), view.uuid, writer),
                              "change_started")
            if fresh is not None:
                self.editor.load(fresh)
                self.editor.message.say(text("agreements_actions", "change_started"))
                self.editor.areas["wording"].setFocus()

    def discard_change(self) -> None:
        view = self._selected()
        if view is not None:
            writer = self.editor.writer_partner()
            fresh = self._act(lambda: agreements.discard_change(self._keys(), view.uuid, writer))
            if fresh is not None:
                self.editor.load(fresh)
                self.editor.message.say(text("agreements_actions", "change_discarded"))

    def confirm(self) -> None:
        view = self._selected()
        if view is None or not (view.status == "proposed" or view.pending_change):
            return
        dialog = ConfirmDialog(self.ctx, view, self)

        def confirmed() -> None:
            fresh = dialog.result_view
            if fresh is not None:
                self._replace(fresh)
                done = "confirmed_both" if fresh.status == "agreed" else "confirmed_one"
                self.editor.message.say(text("agreements_actions", done,
                                             name=self.ctx.session.name_of(dialog.partner())))

        self._open(dialog, confirmed)

    def withdraw(self) -> None:
        view = self._selected()
        if view is None:
            return
        session = self.ctx.session
        dialog = NoteDialog("agreements_withdraw", self,
                            who={p: session.name_of(p) for p in session.partners})
        self._open(dialog, lambda: self._act(
            lambda: agreements.withdraw(self._keys(), view.uuid,
                                        dialog.partner() or session.partners[0],
                                        dialog.note_text()),
            "withdrawn"))

    def review(self) -> None:
        view = self._selected()
        if view is None:
            return
        writer = self.editor.writer_partner()
        uuid = view.uuid
        if view.status == "agreed":
            view = self._act(lambda: agreements.start_review(self._keys(), uuid, writer))
            if view is None:
                return
        dialog = ReviewDialog(self.ctx, view, self)
        quiet_when_fixed(dialog)
        dialog.decide.connect(lambda proofs: self._act(
            lambda: agreements.decide_review(
                self._keys(), uuid, tuple(proofs.values()), reviewed_on=dt.date.today(),
                helps=dialog.helps.toPlainText(), hard=dialog.hard.toPlainText(),
                decision=dialog.chosen_decision(),  # type: ignore[arg-type]
                partner=writer,
            ),
            "reviewed"))
        dialog.alone.connect(lambda: self._act(
            lambda: agreements.note_review_alone(
                self._keys(), uuid, writer, reviewed_on=dt.date.today(),
                helps=dialog.helps.toPlainText(), hard=dialog.hard.toPlainText(),
            ),
            "reviewed_alone"))
        self._open(dialog, lambda: None)

    def history(self) -> None:
        view = self._selected()
        if view is not None:
            dialog = HistoryDialog(self.ctx, view.uuid, self)
            self._open(dialog, lambda: None)

    def retire(self) -> None:
        view = self._selected()
        if view is None:
            return
        writer = self.editor.writer_partner()
        dialog = NoteDialog("agreements_retire", self, title=title_of(view))

        note: list[str] = []

        def retire(proofs: dict[int, FreshProof] | None = None) -> None:
            self._act(lambda: agreements.retire(self._keys(), view.uuid, writer, note[0],
                                                proofs=tuple((proofs or {}).values())),
                      "retired")

        def accepted() -> None:
            note.append(dialog.note_text())  # the note dialog is gone by the time both type
            if view.in_force is None:
                retire()  # never agreed: nothing loosens
                return
            self.dialog = ask_fresh(self.ctx, (1, 2), text("agreements_retire", "both_intro",
                                                           title=title_of(view)), self, retire)

        self._open(dialog, accepted)

    def delete_draft(self) -> None:
        view = self._selected()
        if view is None or view.status != "draft":
            return
        dialog = NoteDialog("agreements_delete", self, note=False, title=title_of(view))

        def delete() -> None:
            try:
                agreements.delete_draft(self._keys(), view.uuid)
            except TrellisError as error:
                self.editor.message.say(explain(error))
                return
            with self._moving_rows():  # its row goes, and with it the detail pane
                self.rows.remove(view.uuid)
            self.wanted = None
            self._announce(view.uuid)
            self.editor.message.say(text("agreements_actions", "deleted"))

        self._open(dialog, delete)

    def export(self) -> None:
        self.editor.flush()
        self._open(ExportDialog(self.ctx, self), lambda: None)
