"""The Consent check-in tab: the couple's list, private answers, and the reveal together.

Answers are sealed with each partner's own key; this tab shows them only inside the
answer dialog, for the partner answering. The comparison shows where the two meet,
never who said what.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from models import consent
from models.consent import Comparison, Item
from models.errors import TrellisError
from ui.texts import explain, text
from ui.widgets.common import MessageLabel, body_label, left_aligned, named, two_panes
from ui.workbooks import WorkbookContext
from ui.workbooks.agreement_dialogs import NoteDialog
from ui.workbooks.agreement_words import day, starter_items
from ui.workbooks.consent_answers import AnswerDialog

GROUPS = (("yes", "group_yes"), ("talk", "group_talk"), ("respected", "group_respected"))


def _words(key: str, **values: object) -> str:
    return text("consent_checkin", key, **values)


def _heading(key: str) -> QLabel:
    label = QLabel(f"<b>{escape(_words(key))}</b>")
    label.setObjectName(f"consentHeading_{key}")
    return label


def comparison_html(comparison: Comparison | None) -> str:
    """The three groups, with the date each outcome was decided and no attribution."""
    if comparison is None:
        return f"<p><i>{escape(_words('none_yet'))}</i></p>"
    parts = [f"<p><i>{escape(_words('revealed_on', date=day(comparison.revealed_at)))}</i></p>"]
    for outcome, key in GROUPS:
        parts.append(f"<p style='margin-top:12px'><b>{escape(_words(key))}</b></p>")
        if outcome == "respected":
            parts.append(f"<p>{escape(_words('respected_line'))}</p>")
        entries = comparison.by_outcome(outcome)  # type: ignore[arg-type]
        if not entries:
            parts.append(f"<p><i>{escape(_words('group_empty'))}</i></p>")
            continue
        rows = "".join(
            f"<li>{escape(entry.label)} "
            f"<span style='color:gray'>— {escape(_words('decided', date=day(entry.decided_on)))}"
            "</span></li>"
            for entry in entries
        )
        parts.append(f"<ul>{rows}</ul>")
    return "".join(parts)


class ConsentTab(QWidget):
    """Yes / maybe / not now / no, answered privately by each, revealed only together."""

    def __init__(self, ctx: WorkbookContext) -> None:
        super().__init__()
        self.setObjectName("consentTab")
        self.ctx = ctx
        session = ctx.session
        self.names = {partner: session.name_of(partner) for partner in (1, 2)}
        self.items: list[Item] = []
        self.answer_dialog: AnswerDialog | None = None
        self.dialog: NoteDialog | None = None

        self.item_list = named(QListWidget(), "consentItems", _words("list_name"))
        self.item_list.setWordWrap(True)
        self.item_list.setSpacing(3)
        self.item_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.new_item = named(QLineEdit(), "consentNewItem", _words("add_name"))
        self.new_item.setPlaceholderText(_words("add_prompt"))
        self.add_button = named(QPushButton(_words("add")), "consentAdd", _words("add"))
        self.archive_button = named(QPushButton(_words("archive")), "consentArchive",
                                    _words("archive").rstrip("…"))
        self.who = named(QComboBox(), "consentWho", _words("answer_who"))
        for partner in session.partners:
            self.who.addItem(self.names[partner], partner)
        self.answer_note = body_label("", "consentAnswerNote", role="hint")
        self.answer_button = named(QPushButton(_words("answer")), "consentAnswer",
                                   _words("answer").rstrip("…"))
        self.reveal_note = body_label("", "consentRevealNote", role="hint")
        self.reveal_button = named(QPushButton(_words("reveal")), "consentReveal",
                                   _words("reveal"))
        self.reveal_button.setProperty("role", "primary")
        self.comparison = named(QTextBrowser(), "consentComparison", _words("comparison_name"))
        self.message = MessageLabel("consentMessage")
        self._build()

        self.new_item.returnPressed.connect(self.add_item)
        self.add_button.clicked.connect(self.add_item)
        self.archive_button.clicked.connect(self.archive_item)
        self.item_list.currentRowChanged.connect(
            lambda row: self.archive_button.setEnabled(row >= 0))
        self.who.currentIndexChanged.connect(self._who_changed)
        self.answer_button.clicked.connect(self.answer_privately)
        self.reveal_button.clicked.connect(self.reveal)

        consent.add_starter_items(session.keyring, starter_items())
        self.refresh()
        self.comparison.setHtml(comparison_html(consent.latest_reveal(session.keyring)))

    def _build(self) -> None:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(12, 12, 8, 12)
        column.addWidget(_heading("list_heading"))
        column.addWidget(self.item_list, 1)
        adding = QHBoxLayout()
        adding.addWidget(self.new_item, 1)
        adding.addWidget(self.add_button)
        column.addLayout(adding)
        column.addWidget(self.archive_button)

        right = QWidget()
        side = QVBoxLayout(right)
        side.setContentsMargins(16, 12, 16, 12)
        side.addWidget(body_label(_words("intro"), "consentIntro"))
        side.addSpacing(6)
        side.addWidget(_heading("answer_heading"))
        who = QFormLayout()
        side.addLayout(who)
        self.who.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        who.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        who.addRow(_words("answer_who"), self.who)
        if not self.ctx.session.together:  # alone, the one unlocked is the one answering
            who.setRowVisible(0, False)
        side.addWidget(self.answer_note)
        side.addLayout(left_aligned(self.answer_button))
        side.addSpacing(6)
        side.addWidget(_heading("reveal_heading"))
        side.addWidget(self.reveal_note)
        side.addLayout(left_aligned(self.reveal_button))
        side.addWidget(self.message)
        side.addSpacing(6)
        side.addWidget(_heading("comparison_heading"))
        side.addWidget(self.comparison, 1)

        two_panes(self, left, right, "consentSplitter", (320, 640))

    # state

    def answering(self) -> int:
        return int(self.who.currentData())

    def refresh(self) -> None:
        """Re-read the list and whether a reveal is possible (a few fast decryptions)."""
        keys = self.ctx.session.keyring
        self.items = consent.items(keys)
        self.item_list.clear()
        self.item_list.addItems([item.label for item in self.items])
        self.archive_button.setEnabled(False)
        self._who_changed()
        ready = consent.can_reveal(keys)
        self.reveal_button.setEnabled(ready)
        if ready:
            reason = "reveal_ready"
        elif not self.items:
            reason = "reveal_need_items"
        elif not self.ctx.session.together:
            reason = "reveal_need_together"
        else:
            reason = "reveal_need_answers"
        self.reveal_note.setText(_words(reason))

    def _who_changed(self) -> None:
        session = self.ctx.session
        name = self.names[self.answering()]
        other = self.names[3 - self.answering()]
        if session.together:
            self.answer_note.setText(_words("answer_warning", name=name, other=other))
            return
        mine = consent.my_answers(session.keyring, self.answering())
        done = sum(1 for item in self.items if item.uuid in mine)
        self.answer_note.setText(_words("answer_solo", other=other) + " "
                                 + _words("answered", done=done, total=len(self.items)))

    # steps

    def add_item(self) -> None:
        label = self.new_item.text().strip()
        if not label:
            return
        try:
            consent.add_item(self.ctx.session.keyring, label, self.ctx.session.partners[0])
        except TrellisError as error:
            self.message.say(explain(error))
            return
        self.new_item.clear()
        self.message.clear_message()
        self.refresh()

    def archive_item(self) -> None:
        row = self.item_list.currentRow()
        if not 0 <= row < len(self.items):
            return
        item = self.items[row]
        dialog = NoteDialog("consent_archive", self, note=False, label=item.label)
        self.dialog = dialog

        def archive() -> None:
            try:
                consent.archive_item(item.uuid)
            except TrellisError as error:
                self.message.say(explain(error))
                return
            self.refresh()

        dialog.accepted.connect(archive)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def answer_privately(self) -> None:
        if not self.items:
            return
        dialog = AnswerDialog(self.ctx, self.answering(), self.items, self)
        self.answer_dialog = dialog
        dialog.finished.connect(self._answered)
        dialog.open()

    def _answered(self) -> None:
        dialog, self.answer_dialog = self.answer_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self.refresh()

    def reveal(self) -> None:
        try:
            comparison = consent.reveal(self.ctx.session.keyring)
        except TrellisError as error:
            self.message.say(explain(error))
            self.refresh()
            return
        self.comparison.setHtml(comparison_html(comparison))
        self.refresh()

    def flush(self) -> None:
        """Save a private note still being typed (before a lock)."""
        if self.answer_dialog is not None:
            self.answer_dialog.flush()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        self.flush()
        super().hideEvent(event)
