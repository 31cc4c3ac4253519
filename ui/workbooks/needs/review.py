"""Review together: look at a commitment again on its own rhythm and decide together.

The commitments ready to look at again are listed first, calmly, under a heading (never
a count, never how long they waited); any commitment can be looked at any time. Each
partner gives their own view privately with their own password (sealed with their
journal key); the views are shown to both only when both decide together, each typing
their password at that moment: keep, change its words, pause, or let it go. Either
partner sets how many days pass before it is ready to look at again.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from models.errors import TrellisError
from models.needs import commitments as promises
from models.needs import reviews
from models.proof import FreshProof
from ui.dates import day
from ui.texts import explain
from ui.widgets.common import (
    FieldMessage,
    MessageLabel,
    body_label,
    labelled,
    named,
    scrolling,
    title_label,
)
from ui.widgets.fitting import FlowLayout
from ui.widgets.fresh_password import FreshPasswordDialog, ask_fresh
from ui.widgets.row_list import RowList
from ui.widgets.rows import HEADING
from ui.widgets.writing import heading
from ui.workbooks import WorkbookContext
from ui.workbooks.needs.review_rows import ReviewRows, arrange, words
from ui.workbooks.needs.review_view import PrivateViewDialog

log = logging.getLogger(__name__)

WORKBOOK = "needs"
CADENCE_MS = 800  # a pause after the last change of days before it is kept


class ReviewPage(QWidget):
    """The commitments to look at together, and the chosen one's review."""

    def __init__(self, ctx: WorkbookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("needsReviewPage")
        self.setAccessibleName(words("title"))
        self._ctx = ctx
        self._names = {p: ctx.session.name_of(p) for p in (1, 2)}
        self.commitments: dict[str, Any] = {}
        self.chosen: str | None = None
        self.fresh: FreshPasswordDialog | None = None
        self.view_dialog: PrivateViewDialog | None = None
        self._quiet = False
        self._cadence_timer = QTimer(self)
        self._cadence_timer.setSingleShot(True)
        self._cadence_timer.setInterval(CADENCE_MS)
        self._cadence_timer.timeout.connect(self.keep_cadence)

        body = QWidget()
        body.setObjectName("needsReviewBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(16, 10, 16, 10)
        column.addWidget(title_label(words("title"), "needsReviewTitle"))
        column.addWidget(body_label(words("intro"), "needsReviewIntro"))
        self.empty = body_label(words("empty"), "needsReviewEmpty", role="hint")
        column.addWidget(self.empty)
        self.none_ready = body_label(words("none_ready"), "needsReviewNoneReady", role="hint")
        column.addWidget(self.none_ready)
        self.rows = ReviewRows(self)
        self.list = named(RowList(), "needsReviewList", words("list_name"))
        self.list.setModel(self.rows)
        self.list.setWordWrap(True)
        self.list.setSpacing(4)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setMinimumHeight(self.list.fontMetrics().lineSpacing() * 7)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        column.addWidget(self.list)
        self.detail = self._build_detail()
        column.addWidget(self.detail)
        self.message = MessageLabel("needsReviewMessage")
        column.addWidget(self.message)
        column.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.page_scroll = scrolling(body, "needsReviewScroll")
        outer.addWidget(self.page_scroll)

        ctx.changes.changed.connect(self._changed)
        self.reload()

    def _build_detail(self) -> QWidget:
        detail = QWidget()
        detail.setObjectName("needsReviewDetail")
        column = QVBoxLayout(detail)
        column.setContentsMargins(0, 8, 0, 0)
        self.what = heading("", "needsReviewWhat")
        self.what.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.what)
        self.about = body_label("", "needsReviewAbout")
        self.about.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.about)

        self.cadence = named(QSpinBox(), "needsReviewCadence", words("cadence_name"))
        self.cadence.setRange(reviews.CADENCES.start, reviews.CADENCES.stop - 1)
        self.cadence.setSuffix(words("cadence_suffix"))
        days_field = self.cadence.findChild(QLineEdit)
        if days_field is not None:  # the box's own field, read by a screen reader too
            named(days_field, "needsReviewCadenceDays", words("cadence_name"))
        self.cadence.valueChanged.connect(lambda _v: self._cadence_timer.start())
        cadence = QHBoxLayout()
        cadence.addWidget(labelled(words("cadence_label"), self.cadence))
        cadence.addWidget(self.cadence)
        cadence.addStretch(1)
        column.addLayout(cadence)
        self.cadence_note = FieldMessage("needsReviewCadenceNote", kind="notice")
        column.addWidget(self.cadence_note)

        column.addWidget(heading(words("views_heading"), "needsReviewViewsHeading"))
        column.addWidget(body_label(words("views_guide"), "needsReviewViewsGuide", role="hint"))
        views = FlowLayout()
        self.view_buttons: dict[int, QPushButton] = {}
        for partner in (1, 2):
            name = self._names[partner]
            button = named(QPushButton(words("view_button", name=name)),
                           f"needsReviewView_{partner}", words("view_button_name", name=name))
            button.clicked.connect(lambda _c=False, p=partner: self.give_view(p))
            self.view_buttons[partner] = button
            views.addWidget(button)
        column.addLayout(views)
        self.view_note = FieldMessage("needsReviewViewNote", kind="notice")
        column.addWidget(self.view_note)

        column.addWidget(heading(words("decide_heading"), "needsReviewDecideHeading"))
        column.addWidget(body_label(words("decide_guide"), "needsReviewDecideGuide",
                                    role="hint"))
        self.decision = QButtonGroup(self)
        self.choices = named(QWidget(), "needsReviewDecisions", words("decision_name"))
        grid = QGridLayout(self.choices)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, key in enumerate(reviews.DECISIONS):
            label = words(f"decision_{key}")
            choice = named(QRadioButton(label), f"needsReviewDecision_{key}", label)
            choice.setProperty("decision", key)
            self.decision.addButton(choice)
            grid.addWidget(choice, index // 2, index % 2)
        column.addWidget(self.choices)
        self.note = named(QLineEdit(), "needsReviewNote", words("decide_note_name"))
        self.note.setPlaceholderText(words("decide_note"))
        column.addWidget(self.note)
        self.decide = named(QPushButton(words("decide")), "needsReviewDecide",
                            words("decide_name"))
        self.decide.setProperty("role", "primary")
        self.decide.clicked.connect(self.ask_decide)
        row = QHBoxLayout()
        row.addWidget(self.decide)
        row.addStretch(1)
        column.addLayout(row)
        self.decide_message = FieldMessage("needsReviewDecideMessage")
        column.addWidget(self.decide_message)
        self.decision.buttonToggled.connect(lambda *_: self.decide_message.clear_message())

        self.past_heading = heading(words("past_heading"), "needsReviewPastHeading")
        column.addWidget(self.past_heading)
        self.past = named(QLabel(), "needsReviewPast", words("past_heading"))
        self.past.setWordWrap(True)
        self.past.setTextFormat(Qt.TextFormat.PlainText)
        self.past.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.past)
        detail.hide()
        return detail

    # reading

    def _changed(self, workbook: str, uuid: str) -> None:
        if workbook == WORKBOOK and not self._quiet and isValid(self):
            self.reload()

    def reload(self) -> None:
        """Read the commitments, which are ready, and when each was last looked at;
        change only the rows that changed."""
        if self._ctx.session.locked:
            return
        keys = self._ctx.session.keyring
        try:
            loaded, damaged = promises.load_commitments(keys)
            ready = set(reviews.due_reviews(keys, dt.date.today()))
            last = {uuid: mark.reviewed_on
                    for uuid, mark in reviews.latest_reviews(keys).items()}
        except TrellisError as error:
            log.info("commitments to review not read: %s", type(error).__name__)
            self.message.say(explain(error))
            return
        self.commitments = {c.uuid: c for c in loaded}
        rows = arrange(loaded, ready, self._names, last)
        self.rows.show(rows)
        self.empty.setVisible(not rows)
        self.list.setVisible(bool(rows))
        self.none_ready.setVisible(bool(rows) and not ready.intersection(
            r.key for r in rows))
        if self.chosen is not None and self.rows.row_of(self.chosen) < 0:
            self.chosen = None
        self._show_chosen()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or current.data(HEADING):
            return
        uuid = self.rows.key_at(current.row())
        if uuid != self.chosen:
            self.keep_cadence()
            self.chosen = uuid
            for note in (self.view_note, self.cadence_note, self.decide_message):
                note.clear_message()
            self.note.clear()
            self._uncheck()
            self._show_chosen()

    def choose(self, uuid: str) -> None:
        row = self.rows.row_of(uuid)
        if row >= 0:
            self.list.setCurrentIndex(self.rows.index(row, 0))

    def _uncheck(self) -> None:
        self.decision.setExclusive(False)
        for button in self.decision.buttons():
            button.setChecked(False)
        self.decision.setExclusive(True)

    def _show_chosen(self) -> None:
        commitment = self.commitments.get(self.chosen or "")
        self.detail.setVisible(commitment is not None)
        if commitment is None:
            return
        fields = commitment.fields
        self.what.setText(fields.get("what", ""))
        lines = [words("doer", name=self._names.get(commitment.doer, ""))]
        if commitment.since is not None:
            lines.append(words("since", date=day(commitment.since)))
        for key in ("how_often", "how_seen"):
            if fields.get(key, "").strip():
                lines.append(words(key, words=fields[key].strip()))
        self.about.setText("\n".join(lines))
        keys = self._ctx.session.keyring
        try:
            days = reviews.review_cadence(keys, commitment.uuid)
            past, damaged = reviews.load_reviews(keys, commitment.uuid)
        except TrellisError as error:
            self.message.say(explain(error))
            return
        if not self._cadence_timer.isActive():
            self.cadence.blockSignals(True)
            self.cadence.setValue(days)
            self.cadence.blockSignals(False)
        self.past.setText("\n\n".join(self._past_line(r) for r in reversed(past)))
        self.past_heading.setVisible(bool(past))
        self.past.setVisible(bool(past))
        if damaged:
            self.message.say(words("damaged"))

    def _past_line(self, review: Any) -> str:
        lines = [words("past_row", date=day(review.reviewed_on),
                       decision=words(f"decision_{review.decision}"))]
        for partner in (1, 2):
            key = review.ratings.get(partner, "")
            view = words(f"view_{key}") if key else words("view_none")
            lines.append(words("past_view", name=self._names[partner], view=view))
        if review.note.strip():
            lines.append(words("past_note", note=review.note.strip()))
        return "\n".join(lines)

    # the rhythm

    def keep_cadence(self) -> None:
        """Keep the days chosen for the commitment on screen (either partner)."""
        if not self._cadence_timer.isActive() or self.chosen is None:
            return
        self._cadence_timer.stop()
        if self._ctx.session.locked:
            return
        days = self.cadence.value()
        try:
            reviews.set_review_cadence(self._ctx.session.keyring,
                                       self._ctx.session.partners[0], self.chosen, days)
        except (TrellisError, ValueError) as error:
            self.cadence_note.say(explain(error))
            return
        self.cadence_note.say(words("cadence_saved", days=days))
        self._announce(self.chosen)

    # each partner's own view

    def give_view(self, partner: int) -> None:
        """Ask ``partner``'s own password now, then open their private view."""
        if self.chosen is None or self.fresh is not None or self._ctx.session.locked:
            return
        uuid, name = self.chosen, self._names[partner]
        self.fresh = ask_fresh(self._ctx, (partner,), words("view_fresh", name=name), self,
                               lambda proofs: self._open_view(uuid, partner,
                                                              proofs.get(partner)),
                               title=words("view_title", name=name))
        self.fresh.finished.connect(self._asked)

    def _asked(self) -> None:
        self.fresh = None

    def _open_view(self, uuid: str, partner: int, proof: FreshProof | None) -> None:
        if not isValid(self) or self._ctx.session.locked or proof is None:
            return
        commitment = self.commitments.get(uuid)
        what = commitment.fields.get("what", "") if commitment is not None else ""
        try:
            dialog = PrivateViewDialog(self._ctx, uuid, partner, proof, what, self)
        except (TrellisError, ValueError) as error:
            self.message.say(explain(error))
            return
        dialog.accepted.connect(lambda: self.view_note.say(
            words("view_kept", name=self._names[partner])))
        self.view_dialog = dialog
        dialog.open()

    # deciding together

    def chosen_decision(self) -> str | None:
        checked = self.decision.checkedButton()
        return None if checked is None else str(checked.property("decision"))

    def ask_decide(self) -> None:
        if self.chosen is None or self.fresh is not None or self._ctx.session.locked:
            return
        decision = self.chosen_decision()
        if decision is None:
            self.decide_message.say(words("need_decision"))
            return
        uuid, note = self.chosen, self.note.text()
        self.fresh = ask_fresh(self._ctx, (1, 2), words("decide_fresh"), self,
                               lambda proofs: self._decide(uuid, decision, note, proofs),
                               title=words("decide_heading"))
        self.fresh.finished.connect(self._asked)

    def _decide(self, uuid: str, decision: str, note: str,
                proofs: dict[int, FreshProof]) -> None:
        if not isValid(self) or self._ctx.session.locked:
            return
        try:
            review = reviews.decide_review(self._ctx.session.keyring, list(proofs.values()),
                                           uuid, decision, note,
                                           partner=self._ctx.session.partners[0])
        except (TrellisError, ValueError) as error:
            self.decide_message.say(explain(error))
            return
        self.note.clear()
        self._uncheck()
        self._announce(uuid)
        self.reload()
        # the views are revealed now, to both, with what was decided (also when the
        # commitment was let go and leaves the list)
        lines = [words("decided", date=day(review.reviewed_on),
                       decision=words(f"decision_{decision}"))]
        lines += [words("past_view", name=self._names[p],
                        view=words(f"view_{review.ratings.get(p, 'rather_not')}"))
                  for p in (1, 2)]
        if decision == "change":
            lines.append(words("change_next"))
        self.message.say("\n".join(lines))

    def _announce(self, uuid: str) -> None:
        self._quiet = True
        try:
            self._ctx.changes.announce(WORKBOOK, uuid)
        finally:
            self._quiet = False
        self.reload()

    def flush(self) -> None:
        """Keep days chosen a moment ago (the tab asks before a lock)."""
        self.keep_cadence()

    def clear(self) -> None:
        """Let go of what is on screen (the tab closes or locks)."""
        self._cadence_timer.stop()
        self.note.clear()
        self.past.clear()
        self.rows.show([])
        self.commitments = {}
