"""The Agreements tab: the list (search and filters), the editor, and each step.

Agreements are opened once when the tab is built and after each change (the model
returns the fresh view); search and filters work on those views in memory, so typing
in the search box never decrypts anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
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
from ui.widgets.fresh_password import ask_fresh
from ui.workbooks import WorkbookContext
from ui.workbooks.agreement_dialogs import ConfirmDialog, NoteDialog, ReviewDialog
from ui.workbooks.agreement_editor import AgreementEditor
from ui.workbooks.agreement_export import ExportDialog
from ui.workbooks.agreement_history import HistoryDialog
from ui.workbooks.agreement_list import AgreementList, title_of
from ui.workbooks.agreement_words import STATUSES, categories, compact, status_label
from ui.workbooks.damaged import DamagedEntry

# Which steps each status offers; the rest are hidden, so only what applies is shown.
ACTIONS = {
    "draft": {"propose", "history", "delete"},
    "proposed": {"confirm", "withdraw", "history", "retire"},
    "agreed": {"change", "review", "withdraw", "history", "retire"},
    "under_review": {"change", "review", "withdraw", "history", "retire"},
    "paused": {"propose", "change", "history", "retire"},
    "retired": {"history"},
}
# While a change is proposed beside agreed words, confirming or setting it aside replace
# starting one, and a review waits until the change is settled.
WITH_CHANGE = {"confirm", "discard"}


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
        self.views: list[AgreementView]
        self.damaged: list[Damage]
        self.views, self.damaged = agreements.load_all(ctx.session.keyring)
        self.dialog: QDialog | None = None
        self.shown_damage: Damage | None = None  # the entry the detail pane explains

        self.search = named(QLineEdit(), "agreementSearch", text("agreements", "search_name"))
        self.search.setPlaceholderText(text("agreements", "search_placeholder"))
        self.search.setClearButtonEnabled(True)
        for clear in self.search.findChildren(QToolButton):
            named(clear, "agreementSearchClear", text("agreements", "search_clear"))
        self.status_filter = compact(named(QComboBox(), "agreementStatusFilter",
                                   text("agreements", "status_filter_name")))
        self.status_filter.addItem(text("agreements", "all_statuses"), None)
        self.status_filter.addItem(text("agreements", "reviews_due"), "due")
        for status in STATUSES:
            self.status_filter.addItem(status_label(status), status)
        self.category_filter = compact(named(QComboBox(), "agreementCategoryFilter",
                                             text("agreements", "category_filter_name")))
        self.category_filter.addItem(text("agreements", "all_categories"), None)
        for key, label in categories():
            self.category_filter.addItem(label, key)
        self.list = AgreementList()
        self.empty = body_label("", "agreementListEmpty", role="hint")
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
        self.list.currentItemChanged.connect(self._selection_changed)
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

        self.refilter()
        if self.list.count():
            self.list.setCurrentRow(0)
        else:
            self._show(None)

    def _button(self, key: str, name: str) -> QPushButton:
        label = text("agreements_actions", key)
        return named(QPushButton(label), name, label.replace("&", "").rstrip("…"))

    def _build(self) -> None:
        filters = QHBoxLayout()
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.category_filter, 1)
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        left = QWidget()
        left.setObjectName("agreementListPane")
        column = QVBoxLayout(left)
        column.setContentsMargins(12, 12, 8, 12)
        column.addLayout(top)
        column.addLayout(filters)
        column.addWidget(self.list, 1)
        column.addWidget(self.empty)
        column.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)

        # Two rows, so every step stays in sight at 900 px: the steps that move the
        # agreement on, then looking back and setting aside.
        actions = QVBoxLayout()
        moving, looking = QHBoxLayout(), QHBoxLayout()
        for step in ("propose", "change", "confirm", "discard", "review", "withdraw"):
            moving.addWidget(self.buttons[step])
        moving.addStretch(1)
        looking.addStretch(1)
        for step in ("history", "retire", "delete"):
            looking.addWidget(self.buttons[step])
        actions.addLayout(moving)
        actions.addLayout(looking)
        right = QWidget()
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

        two_panes(self, left, self.detail, "agreementSplitter", (350, 610))

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

    def _visible(self) -> list[AgreementView]:
        shown = agreements.search(self.views, self.search.text())
        status = self.status_filter.currentData()
        if status == "due":
            today = dt.date.today()
            shown = [v for v in shown if v.review_due(today)]
        elif status is not None:
            shown = [v for v in shown if v.status == status]
        category = self.category_filter.currentData()
        if category is not None:
            shown = [v for v in shown if v.current.text["category"] == category]
        return shown

    def refilter(self) -> None:
        """Show the agreements that match the search and both filters (in memory)."""
        shown = self._visible()
        current = self.editor.view.uuid if self.editor.view is not None else None
        if self.shown_damage is not None:
            current = self.shown_damage.uuid
        # Agreements that could not be opened stay listed (after the others) whatever
        # the filters say: nothing is known about them, so nothing rules them out.
        self.list.show_views(shown, current, self.damaged)
        key = "empty_list" if not self.views and not self.damaged else "nothing_matches"
        self.empty.setText(text("agreements", key))
        self.empty.setVisible(not shown and (bool(self.views) or not self.damaged))

    def _selection_changed(self) -> None:
        uuid = self.list.current_uuid()
        if uuid is None or (self.editor.view is not None and self.editor.view.uuid == uuid):
            return
        self.editor.flush()  # may redraw the list around the agreement being left
        damage = next((d for d in self.damaged if d.uuid == uuid), None)
        if damage is not None:
            self._show_damaged(damage)
            return
        self._show(next((v for v in self.views if v.uuid == uuid), None))
        self.refilter()

    def _show(self, view: AgreementView | None) -> None:
        self.shown_damage = None
        self.detail.setCurrentIndex(0)
        self.editor.load(view)
        self._update_actions()

    def _show_damaged(self, damage: Damage) -> None:
        """No words and no steps: only what it means, and the way to check the file."""
        self.editor.load(None)
        self._update_actions()
        self.shown_damage = damage
        self.damaged_pane.show_entry(damage.uuid)
        self.detail.setCurrentIndex(1)
        self.refilter()

    def _replace(self, view: AgreementView) -> None:
        """Take in a fresh view of one agreement after a change."""
        for index, known in enumerate(self.views):
            if known.uuid == view.uuid:
                self.views[index] = view
                break
        else:
            self.views.insert(0, view)
        shown = self.editor.view
        if shown is not None and shown.uuid == view.uuid and shown is not view:
            self.editor.refresh(view)  # a step changed it; the editor's own saves are shown
        self.refilter()
        self._update_actions()

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
        view = next((v for v in self.views if v.uuid == piece.agreement), None)
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

    def _open(self, dialog: QDialog, on_accept: Callable[[], None]) -> None:
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
            self.views = [v for v in self.views if v.uuid != view.uuid]
            self._show(None)
            self.refilter()
            self.editor.message.say(text("agreements_actions", "deleted"))

        self._open(dialog, delete)

    def export(self) -> None:
        self.editor.flush()
        self._open(ExportDialog(self.ctx, self), lambda: None)
