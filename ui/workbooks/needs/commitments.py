"""Commitments: small, visible things one partner does so a shared need is met.

The list (one row per commitment, held once in a :class:`~ui.widgets.rows.
RowsModel`, a change updates its row only) and, below it, the commitment chosen: its
words, the need it serves, where it stands and who said what, a calm note beside words
that ask for surveillance, the steps (:mod:`~ui.workbooks.needs.commitment_steps`) and
its notes (:mod:`~ui.workbooks.needs.noticing`). Everything here is shared: it needs no
password to read; the steps that need one ask for it.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from models import agreements, needs
from models.errors import TrellisError
from models.needs import Commitment, Need, Note
from ui.texts import explain
from ui.widgets.common import MessageLabel, body_label, named, scrolling, title_label
from ui.widgets.row_list import RowList
from ui.widgets.rows import RowsModel, fit_rows
from ui.workbooks import WorkbookContext
from ui.workbooks.needs.commitment_dialog import CommitmentDialog
from ui.workbooks.needs.commitment_rows import (
    need_name,
    need_owner,
    row_words,
    state_lines,
    what_of,
)
from ui.workbooks.needs.commitment_steps import CommitmentSteps
from ui.workbooks.needs.noticing import NotesPanel
from ui.workbooks.needs.store import store_of
from ui.workbooks.needs.surveillance_panel import SurveillancePanel
from ui.workbooks.needs.words import section_words

log = logging.getLogger(__name__)

READABLE_WIDTH = 760


def _words(key: str, **values: object) -> str:
    return section_words("commitments", key, **values)


def _value(object_name: str) -> QLabel:
    label = body_label("", object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class CommitmentsPage(QWidget):
    """The couple's commitments, and the one chosen."""

    def __init__(self, ctx: WorkbookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("needsCommitments")
        self.setAccessibleName(_words("title"))
        self.ctx = ctx
        self.shared: dict[str, Need] = {}
        self.since: dict[str, list[Note]] = {}
        self.notes: list[Note] = []
        self.dialog: QDialog | None = None
        self._titles: dict[str, str] = {}
        name_of = ctx.session.name_of
        self.model: RowsModel[Commitment] = RowsModel(
            lambda c: row_words(c, self.shared, name_of), self)
        self.list = named(RowList(), "needsCommitmentList", _words("list_name"))
        self.list.setModel(self.model)
        self.list.setWordWrap(True)  # a long row takes two lines, never cut
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(RowList.ResizeMode.Adjust)
        self.list.setSpacing(2)
        self.empty = body_label("", "needsCommitmentsEmpty", role="hint")
        self.propose_button = named(QPushButton(_words("propose")), "needsProposeButton",
                                    _words("propose_name"))
        self.propose_button.setProperty("role", "primary")
        self.propose_button.clicked.connect(self.propose)
        self.what = title_label("", "needsCommitmentWhat")
        self.values: dict[str, QLabel] = {key: _value(f"needsCommitment_{key}Shown")
                                          for key in ("need", "also", "how_often",
                                                      "how_seen", "agreement", "state")}
        self.captions: dict[str, QLabel] = {}
        self.surveillance = SurveillancePanel("needsCommitmentNote")
        self.steps = CommitmentSteps(self)
        self.noticing = NotesPanel(ctx)
        self.noticing.noted.connect(self._noted)
        self.detail = QWidget()
        self.detail.setObjectName("needsCommitmentDetail")
        self.message = MessageLabel("needsCommitmentsMessage")
        self._build()
        self.list.selectionModel().currentChanged.connect(self._chosen)
        # What both shared, held once for the tab's pages; a change re-reads its record.
        self.store = store_of(ctx)
        self.store.changed.connect(self._store_changed)
        self.load()

    def _build(self) -> None:
        column = QVBoxLayout()
        column.setSpacing(6)
        column.addWidget(title_label(_words("title"), "needsCommitmentsTitle"))
        column.addWidget(body_label(_words("intro"), "needsCommitmentsIntro"))
        row = QHBoxLayout()
        row.addWidget(self.propose_button)
        row.addStretch(1)
        column.addLayout(row)
        column.addWidget(self.list)
        column.addWidget(self.empty)
        column.addSpacing(8)
        detail = QVBoxLayout(self.detail)
        detail.setContentsMargins(0, 0, 0, 0)
        detail.setSpacing(4)
        detail.addWidget(self.what)
        for key, label in self.values.items():
            caption = QLabel(_words(f"shown_{key}"))
            caption.setObjectName(f"needsCommitment_{key}Caption")
            caption.setProperty("role", "heading")
            caption.setWordWrap(True)
            caption.setBuddy(label)
            self.captions[key] = caption
            detail.addWidget(caption)
            detail.addWidget(label)
            if key == "how_seen":
                detail.addWidget(self.surveillance)
        detail.addSpacing(4)
        detail.addLayout(self.steps.rows())
        detail.addWidget(self.noticing)
        column.addWidget(self.detail)
        column.addStretch(1)
        inner = QWidget()
        inner.setObjectName("needsCommitmentsFields")
        inner.setMaximumWidth(READABLE_WIDTH)
        inner.setLayout(column)
        scroll = scrolling(inner, "needsCommitmentsScroll")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)

    # reading

    def _read(self) -> tuple[list[Commitment], bool] | None:
        try:
            held = self.store.read_now()  # read here only when the store holds nothing
        except TrellisError as error:
            log.info("commitments not read: %s", type(error).__name__)
            self.say(explain(error))
            return None
        if held is None:  # locked
            return None
        data, damaged = held
        self.since = {uuid: list(notes) for uuid, notes in data.notes.items()}
        self.shared = {need.uuid: need for need in data.needs}
        return list(data.commitments), bool(damaged)

    def load(self) -> None:
        """Read the shared needs and every commitment (the page opening)."""
        read = self._read()
        if read is None:
            self.setEnabled(False)
            return
        commitments, damaged = read
        self.model.fill(sorted(commitments, key=lambda c: c.created_at, reverse=True))
        if damaged:
            self.say(_words("damaged"))
        self._rows_changed()
        self.show_commitment(None)
        if self.model.rowCount():
            self.list.setCurrentIndex(self.model.index(0, 0))  # the newest, shown at once

    def _store_changed(self, _uuids: object) -> None:
        self._changed_elsewhere("needs", "")

    def _changed_elsewhere(self, workbook: str, uuid: str) -> None:
        """A need shared or a commitment changed anywhere: rows that changed update."""
        if workbook != "needs" or self.ctx.session.locked:
            return
        read = self._read()
        if read is None:
            return
        commitments, _damaged = read
        present = {c.uuid for c in commitments}
        for old in self.model.records():
            if old.uuid not in present:
                self.model.remove(old.uuid)
        for commitment in commitments:
            if self.model.get(commitment.uuid) != commitment:
                self.model.put(commitment)
            else:
                self.model.refresh(commitment.uuid)  # a need's title may have changed
        self._rows_changed()
        self.show_commitment(self.chosen())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        fit_rows(self.list)  # rows wrap anew at another width

    def _rows_changed(self) -> None:
        listed = self.model.rowCount() > 0
        fit_rows(self.list)
        self.list.setVisible(listed)
        self.empty.setVisible(not listed)
        self.empty.setText(_words("empty" if self.shared else "empty_no_needs"))
        self.propose_button.setEnabled(bool(self.shared))

    # the one chosen

    def chosen(self) -> Commitment | None:
        index = self.list.currentIndex()
        return self.model.at(index.row()) if index.isValid() else None

    def _chosen(self, index: QModelIndex) -> None:
        self.show_commitment(self.model.at(index.row()) if index.isValid() else None)

    def select(self, uuid: str) -> None:
        row = self.model.row_of(uuid)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row, 0))

    def _agreement_title(self, uuid: str) -> str:
        if uuid not in self._titles:
            try:
                view = agreements.view(self.ctx.session.keyring, agreements.get(uuid))
                self._titles[uuid] = (view.current.text.get("title", "").strip()
                                      or _words("agreement_untitled"))
            except Exception:  # noqa: BLE001 (gone or unreadable: say so, keep the link)
                return _words("agreement_unknown")
        return self._titles[uuid]

    def show_commitment(self, commitment: Commitment | None) -> None:
        """Show ``commitment``'s words, state, steps and notes (or nothing chosen)."""
        self.detail.setVisible(commitment is not None)
        self.steps.show_for(commitment)
        if commitment is None:
            self.noticing.show_for(None, None, [], [], self.ctx.session.name_of)
            return
        name_of = self.ctx.session.name_of
        what = what_of(commitment)
        self.what.setText(what)
        self.what.setAccessibleName(what)
        also = [need_name(self.shared.get(uuid), name_of) for uuid in commitment.needs[1:]]
        shown = {
            "need": need_name(self.shared.get(commitment.need), name_of),
            "also": "\n".join(also),
            "how_often": commitment.fields.get("how_often", ""),
            "how_seen": commitment.fields.get("how_seen", ""),
            "agreement": (self._agreement_title(commitment.agreement)
                          if commitment.agreement else ""),
            "state": "\n".join([_words("doer", name=name_of(commitment.doer)),
                                *state_lines(commitment, self.shared, name_of)]),
        }
        for key, label in self.values.items():
            label.setText(shown[key])
            label.setAccessibleName(shown[key][:200] or _words(f"shown_{key}"))
            label.setVisible(bool(shown[key]))
            self.captions[key].setVisible(bool(shown[key]))
        self.surveillance.show_for(commitment.fields.values())
        try:
            self.notes, _damaged = needs.load_notes(self.ctx.session.keyring, commitment.uuid)
        except TrellisError as error:
            log.info("notes not read: %s", type(error).__name__)
            self.notes = []
        self.noticing.show_for(commitment, need_owner(commitment, self.shared), self.notes,
                               self.since.get(commitment.uuid, []), name_of)

    # changes made here

    def propose(self) -> QDialog | None:
        """Propose a commitment for a shared need."""
        if not self.shared or self.ctx.session.locked:
            return None
        chosen = self.chosen()
        dialog = CommitmentDialog(self.ctx, list(self.shared.values()), self,
                                  need=chosen.need if chosen is not None else None)
        dialog.accepted.connect(lambda: self._proposed(dialog.written))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _proposed(self, commitment: Commitment | None) -> None:
        if commitment is not None:
            self.replace(commitment)
            self.say(_words("proposed_done"))

    def replace(self, commitment: Commitment) -> None:
        """``commitment`` changed here: its row (or a new one), chosen and shown."""
        self.model.put(commitment)
        self._rows_changed()
        self.select(commitment.uuid)
        self.show_commitment(commitment)

    def _noted(self, note: Note | None) -> None:
        if note is None:
            return
        try:  # the announcement read them already; read again rather than add twice
            self.since = needs.notes_since_review(self.ctx.session.keyring)
        except TrellisError as error:
            log.info("notes not read: %s", type(error).__name__)
        self.show_commitment(self.chosen())
        self.say(section_words("notes", "noted"))

    def say(self, words: str) -> None:
        self.message.say(words, quiet=False)
