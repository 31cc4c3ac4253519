"""The steps an agreement moves through, as the Agreements tab offers them.

One button per step, shown only where the chosen agreement's state allows it. Each
step saves any typing first, runs one model action (after the dialog or the passwords
it needs), hands the fresh view back to the tab and ends in a calm sentence either way.
The tab owns the list and the editor; :class:`AgreementSteps` owns the buttons and the
step dialog open now (``tab.dialog``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QPushButton

from models import agreements
from models.agreements import AgreementIncomplete, AgreementView
from models.errors import TrellisError
from models.proof import FreshProof
from models.session import Keyring
from ui.texts import explain, text
from ui.widgets.common import named
from ui.widgets.fitting import FlowLayout
from ui.widgets.fresh_password import ask_fresh
from ui.workbooks.agreements.dialogs import ConfirmDialog, NoteDialog
from ui.workbooks.agreements.history import HistoryDialog
from ui.workbooks.agreements.list import title_of
from ui.workbooks.agreements.review import ReviewDialog, quiet_when_fixed

if TYPE_CHECKING:
    from ui.workbooks.agreements.tab import AgreementsTab

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

# The steps that move the agreement on, then looking back and setting aside: the order
# they show in, and Tab goes through them in.
STEPS = ("propose", "change", "confirm", "discard", "review", "withdraw", "history", "retire",
         "delete")


def step_button(key: str, name: str) -> QPushButton:
    """A button named for its step, as a screen reader says it (no "&", no "…")."""
    label = text("agreements_actions", key)
    return named(QPushButton(label), name, label.replace("&", "").rstrip("…"))


def steps_for(view: AgreementView) -> set[str]:
    """The steps the tab offers for ``view``."""
    allowed = set(ACTIONS.get(view.status, set()))
    if view.pending_change:
        allowed = (allowed - {"change", "propose", "review"}) | WITH_CHANGE
    elif view.in_force is None:
        allowed.discard("change")
    return allowed


class AgreementSteps:
    """The step buttons of one Agreements tab, and what each of them does."""

    def __init__(self, tab: AgreementsTab) -> None:
        self.tab = tab
        self.ctx = tab.ctx
        self.editor = tab.editor
        self.buttons: dict[str, QPushButton] = {
            step: step_button(step, f"agreement_{step}")
            for step in ("propose", "change", "confirm", "discard", "withdraw", "review",
                         "history", "retire", "delete")
        }
        self.buttons["propose"].setProperty("role", "primary")
        for button in self.buttons.values():
            button.hide()  # until an agreement is chosen; then only its steps show
        steps: dict[str, Callable[[], None]] = {
            "propose": self.propose, "confirm": self.confirm, "withdraw": self.withdraw,
            "change": self.propose_change, "discard": self.discard_change,
            "review": self.review, "history": self.history, "retire": self.retire,
            "delete": self.delete_draft,
        }
        for step, act in steps.items():
            self.buttons[step].clicked.connect(act)

    def rows(self) -> FlowLayout:
        """The buttons in rows that wrap: every step stays in sight with its whole name
        at any text size."""
        actions = FlowLayout()
        for step in STEPS:
            actions.addWidget(self.buttons[step])
        return actions

    def show_for(self, view: AgreementView | None) -> None:
        """Show the steps ``view`` allows (none without one), named for its state."""
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

    # running a step

    def act(self, step: Callable[[], AgreementView], done: str = "") -> AgreementView | None:
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
        self.tab.replace(view)
        if done:
            self.editor.message.say(text("agreements_actions", done))
        return view

    def open(self, dialog: QDialog, on_accept: Callable[[], object]) -> None:
        """Open ``dialog`` without a nested event loop; ``on_accept`` runs if accepted."""
        self.tab.dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _selected(self) -> AgreementView | None:
        """The agreement the steps act on, with any typing saved first."""
        self.editor.flush()
        return self.editor.view

    def _keys(self) -> Keyring:
        return self.ctx.session.keyring

    # the steps

    def propose(self) -> None:
        view = self._selected()
        if view is not None:
            writer = self.editor.writer_partner()
            self.act(lambda: agreements.propose(self._keys(), view.uuid, writer),
                     "proposed_done")

    def propose_change(self) -> None:
        view = self._selected()
        if view is not None:
            writer = self.editor.writer_partner()
            fresh = self.act(lambda: agreements.propose_change(self._keys(), view.uuid, writer),
                             "change_started")
            if fresh is not None:
                self.editor.load(fresh)
                self.editor.message.say(text("agreements_actions", "change_started"))
                self.editor.areas["wording"].setFocus()

    def discard_change(self) -> None:
        view = self._selected()
        if view is not None:
            writer = self.editor.writer_partner()
            fresh = self.act(lambda: agreements.discard_change(self._keys(), view.uuid, writer))
            if fresh is not None:
                self.editor.load(fresh)
                self.editor.message.say(text("agreements_actions", "change_discarded"))

    def confirm(self) -> None:
        view = self._selected()
        if view is None or not (view.status == "proposed" or view.pending_change):
            return
        dialog = ConfirmDialog(self.ctx, view, self.tab)

        def confirmed() -> None:
            fresh = dialog.result_view
            if fresh is not None:
                self.tab.replace(fresh)
                done = "confirmed_both" if fresh.status == "agreed" else "confirmed_one"
                self.editor.message.say(text("agreements_actions", done,
                                             name=self.ctx.session.name_of(dialog.partner())))

        self.open(dialog, confirmed)

    def withdraw(self) -> None:
        view = self._selected()
        if view is None:
            return
        session = self.ctx.session
        dialog = NoteDialog("agreements_withdraw", self.tab,
                            who={p: session.name_of(p) for p in session.partners})
        self.open(dialog, lambda: self.act(
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
            view = self.act(lambda: agreements.start_review(self._keys(), uuid, writer))
            if view is None:
                return
        dialog = ReviewDialog(self.ctx, view, self.tab)
        quiet_when_fixed(dialog)
        dialog.decide.connect(lambda proofs: self.act(
            lambda: agreements.decide_review(
                self._keys(), uuid, tuple(proofs.values()), reviewed_on=dt.date.today(),
                helps=dialog.helps.toPlainText(), hard=dialog.hard.toPlainText(),
                decision=dialog.chosen_decision(),  # type: ignore[arg-type]
                partner=writer,
            ),
            "reviewed"))
        dialog.alone.connect(lambda: self.act(
            lambda: agreements.note_review_alone(
                self._keys(), uuid, writer, reviewed_on=dt.date.today(),
                helps=dialog.helps.toPlainText(), hard=dialog.hard.toPlainText(),
            ),
            "reviewed_alone"))
        self.open(dialog, lambda: None)

    def history(self) -> None:
        view = self._selected()
        if view is not None:
            dialog = HistoryDialog(self.ctx, view.uuid, self.tab)
            self.open(dialog, lambda: None)

    def retire(self) -> None:
        view = self._selected()
        if view is None:
            return
        writer = self.editor.writer_partner()
        dialog = NoteDialog("agreements_retire", self.tab, title=title_of(view))

        note: list[str] = []

        def retire(proofs: dict[int, FreshProof] | None = None) -> None:
            self.act(lambda: agreements.retire(self._keys(), view.uuid, writer, note[0],
                                               proofs=tuple((proofs or {}).values())),
                     "retired")

        def accepted() -> None:
            note.append(dialog.note_text())  # the note dialog is gone by the time both type
            if view.in_force is None:
                retire()  # never agreed: nothing loosens
                return
            self.tab.dialog = ask_fresh(self.ctx, (1, 2), text(
                "agreements_retire", "both_intro", title=title_of(view)), self.tab, retire)

        self.open(dialog, accepted)

    def delete_draft(self) -> None:
        view = self._selected()
        if view is None or view.status != "draft":
            return
        dialog = NoteDialog("agreements_delete", self.tab, note=False, title=title_of(view))

        def delete() -> None:
            try:
                agreements.delete_draft(self._keys(), view.uuid)
            except TrellisError as error:
                self.editor.message.say(explain(error))
                return
            self.tab.forget(view.uuid)
            self.editor.message.say(text("agreements_actions", "deleted"))

        self.open(dialog, delete)
