"""My coping plan: what sets me off, my early signs, what helps and what does not, how
my partner can help, and people I can reach. Private like the journal, saved shortly
after typing stops; only "how my partner can help" offers to be shared, and only when
its owner chooses to, with their password. A plan that does not open says so in its
place, and its parts stay closed, so nothing is written over it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models import journal
from models.errors import TrellisError
from ui.texts import explain, text
from ui.widgets.common import MessageLabel, body_label, lines_high, named, scrolling
from ui.workbooks import WorkbookContext
from ui.workbooks.journal.grounding import grounding_link
from ui.workbooks.journal.words import section_label, section_prompt

if TYPE_CHECKING:
    from models.journal import CopingPlan

log = logging.getLogger(__name__)

AUTOSAVE_MS = 800
SHAREABLE = "partner_can_help"
SECTION_LINES = 3


class CopingPage(QWidget):
    """The six parts of ``owner``'s plan; ``share_requested`` carries the words of the
    part meant for the partner, when its owner asks to share it."""

    share_requested = Signal(str)

    def __init__(self, ctx: WorkbookContext, owner: int, plan: CopingPlan | None,
                 problem: str = "") -> None:
        super().__init__()
        self.setObjectName("journalCoping")
        self._ctx = ctx
        self.owner = owner
        sections = plan.sections if plan is not None else {}
        self._stored: dict[str, str] = {k: sections.get(k, "") for k in journal.COPING_SECTIONS}
        self._timer = QTimer(self)
        self._timer.setObjectName("copingAutosave")
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)
        self.areas: dict[str, QPlainTextEdit] = {}
        for key in journal.COPING_SECTIONS:
            area = named(QPlainTextEdit(self._stored[key]), f"coping_{key}", section_label(key))
            area.setTabChangesFocus(True)
            area.setPlaceholderText(section_prompt(key))
            lines_high(area, SECTION_LINES)
            area.textChanged.connect(self._changed)
            area.setReadOnly(plan is None)
            self.areas[key] = area
        self.share = named(QPushButton(text("coping", "share")), "copingShare",
                           text("coping", "share_name"))
        self.share.clicked.connect(lambda: self.share_requested.emit(
            self.areas[SHAREABLE].toPlainText().strip()))
        self.saved_note = named(QLabel(""), "copingSaved", text("coping", "saved"))
        self.saved_note.setProperty("role", "hint")
        self.saved_note.hide()
        self.message = MessageLabel("copingMessage")
        self.grounding = grounding_link("copingGrounding", self)
        self._build()
        self.share.setEnabled(plan is not None)
        if problem:
            self.message.say(problem)

    def _build(self) -> None:
        fields = QVBoxLayout()
        fields.setSpacing(4)
        fields.addWidget(body_label(text("coping", "intro"), "copingIntro"))
        for key, area in self.areas.items():
            label = QLabel(section_label(key))
            label.setProperty("role", "heading")
            label.setBuddy(area)
            fields.addSpacing(8)
            fields.addWidget(label)
            fields.addWidget(area)
            if key == SHAREABLE:
                fields.addWidget(body_label(text("coping", "share_hint"), "copingShareHint",
                                            role="hint"))
                row = QHBoxLayout()
                row.addWidget(self.share)
                row.addStretch(1)
                fields.addLayout(row)
        fields.addSpacing(8)
        row = QHBoxLayout()
        row.addWidget(self.grounding)
        row.addStretch(1)
        fields.addLayout(row)
        fields.addStretch(1)
        inner = QWidget()
        inner.setObjectName("copingFields")
        inner.setLayout(fields)
        scroll = scrolling(inner, "copingScroll")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.saved_note)  # takes no room until there is something saved

    def values(self) -> dict[str, str]:
        return {key: area.toPlainText() for key, area in self.areas.items()}

    def _changed(self) -> None:
        self.saved_note.hide()
        self._timer.start()

    def flush(self) -> bool:
        """Save the plan now if any part changed; False when a save failed."""
        self._timer.stop()
        values = self.values()
        if self._ctx.session.locked or values == self._stored:
            return True
        try:
            journal.save_plan(self._ctx.session.keyring, self.owner, values)
        except TrellisError as error:
            log.info("coping plan not saved: %s", type(error).__name__)
            self.message.say(explain(error))
            return False
        self._stored = values
        self.message.clear_message()
        self.saved_note.setText(text("coping", "saved"))
        self.saved_note.show()
        return True

    def unsaved(self) -> dict[str, str] | None:
        """The plan as typed when it is not saved (after a :meth:`flush` that failed)."""
        values = self.values()
        return None if values == self._stored else values

    def put_back(self, sections: dict[str, str]) -> None:
        """Words kept over a lock go back in their parts, not yet saved: :meth:`flush`
        saves them."""
        for key, words in sections.items():
            area = self.areas.get(key)
            if area is not None and area.toPlainText() != words:
                area.blockSignals(True)
                area.setPlainText(words)
                area.blockSignals(False)

    def clear(self) -> None:
        """Let every word go (the journal is closing); saves nothing."""
        self._timer.stop()
        for area in self.areas.values():
            area.blockSignals(True)
            area.clear()
            area.blockSignals(False)
