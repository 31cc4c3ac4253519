"""Propose a commitment, or change its words: for which shared need, who does it, what,
how often and how it can be seen, which other needs it serves and an agreement it is
linked to. Proposing and changing are one partner's (who writes is named together);
new words are proposed until both confirm them. While the words are typed a calm note
appears beside them when they ask for surveillance
(:class:`~ui.workbooks.needs.surveillance_panel.SurveillancePanel`).

The dialog runs the model step itself, so a refusal is said inside it and nothing typed
is lost; ``written`` holds the commitment once written.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from models import agreements, needs
from models.errors import TrellisError
from models.needs import Commitment, Need
from ui.texts import explain
from ui.widgets.common import (
    FieldMessage,
    FittingScroll,
    body_label,
    fit_to_content,
    labelled,
    lines_high,
    named,
    submit_cancel,
)
from ui.workbooks import WorkbookContext
from ui.workbooks.needs.commitment_rows import need_name
from ui.workbooks.needs.surveillance_panel import SurveillancePanel
from ui.workbooks.needs.words import section_words

log = logging.getLogger(__name__)

AGREEMENTS_LISTED = 200
FIELD_LINES = {"what": 3, "how_often": 1, "how_seen": 2}
CHECK_MS = 300  # the surveillance note follows the words after a short pause


def _words(key: str, **values: object) -> str:
    return section_words("propose", key, **values)


class CommitmentDialog(QDialog):
    """Propose a commitment (``commitment`` None) or change ``commitment``'s words."""

    def __init__(self, ctx: WorkbookContext, shared: Sequence[Need], parent: QWidget,
                 commitment: Commitment | None = None, need: str | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._ctx = ctx
        self.commitment = commitment
        self.written: Commitment | None = None
        session = ctx.session
        title = _words("change_title" if commitment else "title")
        named(self, "needsCommitmentDialog", title)
        self.setWindowTitle(title)
        self.setMinimumWidth(540)
        fit_to_content(self)
        self._check = QTimer(self)
        self._check.setSingleShot(True)
        self._check.setInterval(CHECK_MS)
        self._check.timeout.connect(self.check_words)

        self.need = named(QComboBox(), "needsCommitmentNeed", _words("need"))
        for item in shared:
            self.need.addItem(need_name(item, session.name_of), item.uuid)
        chosen = commitment.need if commitment else need
        if chosen is not None and self.need.findData(chosen) >= 0:
            self.need.setCurrentIndex(self.need.findData(chosen))
        self.need.setEnabled(commitment is None)
        self.doer = named(QComboBox(), "needsCommitmentDoer", _words("doer"))
        for partner in (1, 2):
            self.doer.addItem(session.name_of(partner), partner)
        self.areas: dict[str, QPlainTextEdit] = {}
        for key, lines in FIELD_LINES.items():
            area = named(QPlainTextEdit(), f"needsCommitment_{key}", _words(key))
            area.setTabChangesFocus(True)
            area.setPlaceholderText(_words(f"{key}_prompt"))
            lines_high(area, lines)
            area.textChanged.connect(self._check.start)
            self.areas[key] = area
        self.surveillance = SurveillancePanel("needsCommitmentSurveillance")
        self.also = named(QListWidget(), "needsCommitmentAlso", _words("also"))
        self.also.setMaximumHeight(self.also.fontMetrics().lineSpacing() * 5 + 12)
        for item in shared:
            row = QListWidgetItem(need_name(item, session.name_of))
            row.setData(Qt.ItemDataRole.UserRole, item.uuid)
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Checked if commitment and item.uuid in
                              commitment.needs[1:] else Qt.CheckState.Unchecked)
            self.also.addItem(row)
        self.agreement = named(QComboBox(), "needsCommitmentAgreement", _words("agreement"))
        self._fill_agreements()
        self.writer = named(QComboBox(), "needsCommitmentWriter", _words("writer"))
        for partner in session.partners:
            self.writer.addItem(session.name_of(partner), partner)
        self.message = FieldMessage("needsCommitmentMessage")
        self.buttons = submit_cancel(self, "needsCommitment",
                                     _words("change_submit" if commitment else "submit"),
                                     _words("cancel"))
        self.buttons.accepted.connect(self.submit)
        if commitment is not None:
            self.doer.setCurrentIndex(max(0, self.doer.findData(commitment.doer)))
            self.doer.setEnabled(False)  # new words, the same doer
            for key, area in self.areas.items():
                area.setPlainText(commitment.fields.get(key, ""))
        else:  # the other partner is the likelier doer (either may be) until one is chosen
            self._owners = {n.uuid: n.owner for n in shared}
            self._doer_chosen = False
            self.doer.activated.connect(self._chose_doer)
            self.need.currentIndexChanged.connect(self._likely_doer)
            self._likely_doer()
        self.need.currentIndexChanged.connect(self._hide_chosen)
        self._hide_chosen()
        self._build()
        self.check_words()

    def _chose_doer(self) -> None:
        self._doer_chosen = True

    def _likely_doer(self) -> None:
        owner = self._owners.get(str(self.need.currentData()))
        if owner is not None and not self._doer_chosen:
            self.doer.setCurrentIndex(max(0, self.doer.findData(3 - owner)))

    def _hide_chosen(self) -> None:
        """The need it is for is not offered again as one it also serves."""
        chosen = self.need.currentData()
        for row in range(self.also.count()):
            item = self.also.item(row)
            item.setHidden(item.data(Qt.ItemDataRole.UserRole) == chosen)

    def _build(self) -> None:
        body = QWidget()
        body.setObjectName("needsCommitmentBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(body_label(_words("change_intro" if self.commitment else "intro"),
                                    "needsCommitmentIntro"))
        for words, widget in ((_words("need"), self.need), (_words("doer"), self.doer)):
            column.addWidget(labelled(words, widget))
            column.addWidget(widget)
        for key, area in self.areas.items():
            column.addWidget(labelled(_words(key), area))
            column.addWidget(self.message.under(area) if key == "what" else area)
        column.addWidget(body_label(_words("kind_words"), "needsCommitmentKindWords",
                                    role="hint"))
        column.addWidget(self.surveillance)
        column.addWidget(labelled(_words("also"), self.also))
        column.addWidget(self.also)
        column.addWidget(labelled(_words("agreement"), self.agreement))
        column.addWidget(self.agreement)
        writer_label = labelled(_words("writer"), self.writer)
        column.addWidget(writer_label)
        column.addWidget(self.writer)
        writer_label.setVisible(self.writer.count() > 1)
        self.writer.setVisible(self.writer.count() > 1)
        column.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(FittingScroll(body, "needsCommitmentScroll"), 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _fill_agreements(self) -> None:
        self.agreement.addItem(_words("agreement_none"), None)
        try:
            views, _damaged = agreements.load_recent(self._ctx.session.keyring,
                                                     AGREEMENTS_LISTED)
        except TrellisError as error:
            log.info("agreements not listed for a commitment: %s", type(error).__name__)
            views = []
        for view in views:
            if view.status != "retired" or (self.commitment is not None
                                            and self.commitment.agreement == view.uuid):
                title = (view.current.text.get("title", "").strip()
                         or _words("agreement_untitled"))
                self.agreement.addItem(title, view.uuid)
        linked = self.commitment.agreement if self.commitment is not None else None
        if linked is not None:
            index = self.agreement.findData(linked)
            if index < 0:
                self.agreement.addItem(_words("agreement_unknown"), linked)
                index = self.agreement.count() - 1
            self.agreement.setCurrentIndex(index)

    def fields(self) -> dict[str, str]:
        return {key: area.toPlainText().strip() for key, area in self.areas.items()}

    def also_serves(self) -> tuple[str, ...]:
        first = self.need.currentData()
        checked = []
        for row in range(self.also.count()):
            item = self.also.item(row)
            uuid = item.data(Qt.ItemDataRole.UserRole)
            if item.checkState() == Qt.CheckState.Checked and uuid != first:
                checked.append(str(uuid))
        return tuple(checked)

    def check_words(self) -> None:
        if isValid(self):
            self.surveillance.show_for(self.fields().values())

    def submit(self) -> None:
        """Write the commitment (or its new words) as proposed; say why not, if not."""
        if self._ctx.session.locked:
            return
        fields = self.fields()
        if not fields["what"]:
            self.message.say(_words("what_missing"), under=self.areas["what"])
            self.areas["what"].setFocus()
            return
        if self.need.currentData() is None:
            self.message.say(_words("no_need"))
            return
        keys, by = self._ctx.session.keyring, int(self.writer.currentData())
        agreement = self.agreement.currentData()
        try:
            if self.commitment is None:
                self.written = needs.propose_commitment(
                    keys, by, str(self.need.currentData()), int(self.doer.currentData()),
                    fields, also_serves=self.also_serves(), agreement=agreement)
            else:
                self.written = needs.change_commitment(
                    keys, by, self.commitment.uuid, fields, also_serves=self.also_serves(),
                    agreement=agreement)
        except (TrellisError, ValueError) as error:
            log.info("a commitment was not written: %s", type(error).__name__)
            self.message.say(explain(error))
            return
        self._ctx.changes.announce("needs", self.written.uuid)
        self.accept()
