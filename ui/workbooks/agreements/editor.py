"""The editor for one agreement: its words, who wrote them, and autosave.

Autosave waits until typing stops (``AUTOSAVE_MS``), and :meth:`flush` saves at once;
the tab flushes when the selection changes, when it is hidden and before a lock. Saving
never writes back into the fields, so each field's own undo keeps working.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from html import escape

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from models import agreements
from models.agreements import AgreementView
from models.errors import TrellisError
from ui.dates import day
from ui.texts import counted, explain, text
from ui.widgets.common import MessageLabel, body_label, lines_high, named, scrolling
from ui.widgets.fitting import compact
from ui.widgets.steady_note import SteadyNote
from ui.workbooks import WorkbookContext
from ui.workbooks.agreements.in_force import WordsInForce, in_force_html
from ui.workbooks.agreements.journal_notes import JournalNotes
from ui.workbooks.agreements.words import cadences, categories, field_label

log = logging.getLogger(__name__)

AUTOSAVE_MS = 800
TEXT_AREAS = ("wording", "in_practice", "not_ok", "why_1", "why_2")
# Heights in lines of the text size chosen, so a larger size shows as many words.
AREA_LINES = {"wording": 4, "in_practice": 3, "not_ok": 3, "why_1": 2, "why_2": 2}


class AgreementEditor(QWidget):
    """Shows and saves the selected agreement; ``saved`` carries the fresh view."""

    saved = Signal(object)  # AgreementView

    def __init__(self, ctx: WorkbookContext) -> None:
        super().__init__()
        self.setObjectName("agreementEditor")
        self._ctx = ctx
        session = ctx.session
        self._names = {partner: session.name_of(partner) for partner in (1, 2)}
        self.view: AgreementView | None = None
        self._stored: dict[str, str] = {}
        self._loading = False
        self._missing: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)

        self.status_line = body_label("", "agreementStatusLine")
        self.writer = named(QComboBox(), "agreementWriter", text("agreements", "writing_now_name"))
        for partner in session.partners:
            self.writer.addItem(self._names[partner], partner)
        self.written_by = body_label("", "agreementWrittenBy", role="hint")
        self.edit_hint = body_label(text("agreements", "agreed_edit_hint"), "agreementEditHint",
                                    role="hint")
        # Beside a proposed change: the agreed words, which stay in force until both confirm.
        self.in_force = body_label("", "agreementInForce")
        self.in_force.setTextFormat(Qt.TextFormat.RichText)
        self.in_force.setProperty("role", "in_force")
        self.in_force.setAccessibleName(text("agreements", "in_force_name"))
        self.in_force.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # At most a few lines tall, scrolling on its own, so the fields below keep room.
        self.in_force_box = named(WordsInForce(self.in_force, self), "agreementInForceBox",
                                  text("agreements", "in_force_name"))
        self.in_force_box.hide()

        self.title = named(QLineEdit(), "agreementTitle", text("agreements_fields", "title"))
        self.title.setPlaceholderText(text("agreements_fields", "title_prompt"))
        self.category = compact(named(QComboBox(), "agreementCategory",
                                      text("agreements_fields", "category")), 20)
        for key, label in categories():
            self.category.addItem(label, key)
        self.cadence = named(QComboBox(), "agreementCadence", text("agreements", "cadence_name"))
        self.areas: dict[str, QPlainTextEdit] = {}
        self.labels: dict[str, QLabel] = {}
        for field in TEXT_AREAS:
            area = named(QPlainTextEdit(), f"agreement_{field}", field_label(field, self._names))
            area.setTabChangesFocus(True)
            area.textChanged.connect(self._changed)
            self.areas[field] = area
        self.title.textChanged.connect(self._changed)
        self.category.currentIndexChanged.connect(self._changed)
        self.cadence.activated.connect(self._cadence_chosen)
        self.message = MessageLabel("agreementMessage")
        # Shown after each autosave: the same size with or without its words, so a save
        # never lays the window out again.
        self.saved_note = named(SteadyNote(text("agreements", "saved")), "agreementSaved",
                                text("agreements", "saved"))
        self.saved_note.setProperty("role", "hint")
        self.journal_notes = JournalNotes(ctx)  # shared from a journal: read-only
        self._build()
        self._size_to_text()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if "in_force_box" in vars(self) and event.type() in (QEvent.Type.FontChange,
                                                             QEvent.Type.StyleChange):
            self._size_to_text()  # a new text size in Preferences

    def _size_to_text(self) -> None:
        for field, area in self.areas.items():
            lines_high(area, AREA_LINES[field])
        self.in_force_box.updateGeometry()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if event.size().height() != event.oldSize().height():
            self.in_force_box.updateGeometry()  # it takes a share of the height

    def _build(self) -> None:
        # Everything but who is writing scrolls, so at 900×600 the fields keep the room.
        fields = QVBoxLayout()
        fields.setSpacing(4)
        fields.addWidget(self.status_line)
        fields.addWidget(self.edit_hint)
        fields.addWidget(self.in_force_box)
        meta = QFormLayout()
        meta.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for field, widget in (("title", self.title), ("category", self.category)):
            label = QLabel(text("agreements_fields", field))
            label.setBuddy(widget)
            self.labels[field] = label
            meta.addRow(label, widget)
        cadence_label = QLabel(text("agreements", "cadence"))
        cadence_label.setBuddy(self.cadence)
        meta.addRow(cadence_label, self.cadence)
        fields.addLayout(meta)
        for field, area in self.areas.items():
            label = QLabel(field_label(field, self._names))
            label.setBuddy(area)
            self.labels[field] = label
            fields.addSpacing(8)
            fields.addWidget(label)
            fields.addWidget(area)
        fields.addWidget(self.journal_notes)
        fields.addStretch(1)
        inner = QWidget()
        inner.setObjectName("agreementFields")
        inner.setLayout(fields)
        scroll = scrolling(inner, "agreementScroll")
        # Tab goes from field to field; the area scrolls to the field that has focus.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        who = QHBoxLayout()
        writer_label = QLabel(text("agreements", "writing_now"))
        writer_label.setBuddy(self.writer)
        who.addWidget(writer_label)
        who.addWidget(self.writer)
        if not self._ctx.session.together:  # alone, the one unlocked is the one writing
            writer_label.hide()
            self.writer.hide()
        who.addWidget(self.written_by, 1)
        who.addWidget(self.saved_note)

        editing = QWidget()
        column = QVBoxLayout(editing)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(who)
        column.addWidget(scroll, 1)

        self.empty = body_label(text("agreements", "nothing_selected"), "agreementNothingSelected",
                                role="hint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(editing)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages, 1)
        outer.addWidget(self.message)

    # who writes

    def writer_partner(self) -> int:
        return int(self.writer.currentData())

    def _authors(self) -> dict[str, int]:
        """Whose words each field is: the "why" fields always belong to their partner."""
        writer = self.writer_partner()
        return {field: int(field[-1]) if field.startswith("why_") else writer
                for field in ("title", "category", *TEXT_AREAS)}

    # loading

    def values(self) -> dict[str, str]:
        values = {field: area.toPlainText() for field, area in self.areas.items()}
        values["title"] = self.title.text()
        values["category"] = str(self.category.currentData())
        return values

    def load(self, view: AgreementView | None) -> None:
        """Show ``view`` (or nothing). Call :meth:`flush` first: this replaces the fields."""
        self._timer.stop()
        self.message.clear_message()
        self.saved_note.clear()
        self._set_missing(())
        self.view = view
        self._stored = dict(view.current.text) if view is not None else {}
        self._loading = True
        self.title.setText(self._stored.get("title", ""))
        self.category.setCurrentIndex(max(0, self.category.findData(self._stored.get("category"))))
        for field, area in self.areas.items():
            area.setPlainText(self._stored.get(field, ""))
        self._loading = False
        self.pages.setCurrentIndex(0 if view is None else 1)
        self.journal_notes.show_for(view.uuid if view is not None else None)
        if view is not None:
            self.refresh(view)

    def same_words(self, view: AgreementView) -> bool:
        """True when ``view``'s words are the ones last loaded or saved here."""
        return all(self._stored.get(field, "") == words
                   for field, words in view.current.text.items())

    def refresh(self, view: AgreementView) -> None:
        """Update the state shown for the same agreement, leaving the fields alone."""
        self.view = view
        names = self._names
        lines = [text("agreements_status", view.status, date=day(view.agreed_at))]
        if view.status == "proposed" or view.pending_change:
            for partner in (1, 2):
                key = "confirmed_by" if partner in view.confirmations else "waiting_for"
                if view.pending_change:  # the agreed words stand; this is about the change
                    key = f"change_{key}"
                lines.append(text("agreements_status", key, name=names[partner]))
        today = dt.date.today()
        if view.review_due(today) and view.next_review_on is not None:
            lines.append(text("agreements", "due_since", date=day(view.next_review_on)) + ".")
        elif view.status in ("agreed", "under_review") and view.next_review_on is not None:
            lines.append(text("agreements", "next_review", date=day(view.next_review_on)) + ".")
        self.status_line.setText(" ".join(lines))
        self.status_line.setAccessibleName(self.status_line.text()[:80])
        self.written_by.setText(text("agreements", "written_by", name=names[view.current.author],
                                     date=day(view.current.created_at)))
        self._fill_cadence(view.cadence_days)
        retired = view.status == "retired"
        # Agreed words are changed only through "Propose a change…": never by typing.
        locked = retired or view.words_locked
        self.title.setReadOnly(locked)
        self.category.setEnabled(not locked)
        self.cadence.setEnabled(not retired)
        session = self._ctx.session
        for field, area in self.areas.items():
            owner = int(field[-1]) if field.startswith("why_") else None
            foreign = owner is not None and owner not in session.partners
            area.setReadOnly(retired or foreign or (locked and owner is None))
            if foreign:
                area.setPlaceholderText(text("agreements_fields", "why_other_prompt",
                                             name=names[owner or 0]))
            elif owner is not None:
                area.setPlaceholderText(text("agreements_fields", "why_prompt"))
            else:
                area.setPlaceholderText(text("agreements_fields", f"{field}_prompt"))
        hint = ("retired_hint" if retired else "change_hint" if view.pending_change
                else "agreed_edit_hint")
        self.edit_hint.setText(text("agreements", hint))
        self.edit_hint.setVisible(retired or view.in_force is not None)
        self._show_in_force(view)

    def _show_in_force(self, view: AgreementView) -> None:
        """While a change is proposed (or the agreement is paused), show the words in force."""
        words = in_force_html(view)
        self.in_force_box.setVisible(words is not None)
        if words is None:
            self.in_force.clear()
            return
        self.in_force.setText(words)
        self.in_force_box.updateGeometry()

    def _fill_cadence(self, days: int) -> None:
        if self.cadence.count() and self.cadence.currentData() == days:
            return  # as it is (a refresh after each autosave)
        self.cadence.clear()
        for value, label in cadences():
            self.cadence.addItem(label, value)
        if self.cadence.findData(days) < 0:
            self.cadence.addItem(counted("agreements", "cadence_other", days, days=days), days)
        self.cadence.setCurrentIndex(self.cadence.findData(days))

    # saving

    def _changed(self) -> None:
        if self._loading or self.view is None:
            return
        self.saved_note.clear()
        if self._missing:
            self._set_missing(f for f in self._missing if not self.values()[f].strip())
        self._timer.start()

    def flush(self) -> AgreementView | None:
        """Save what changed since the last save, now. Returns the fresh view, if any."""
        self._timer.stop()
        view = self.view
        if view is None or self._ctx.session.locked or view.status == "retired":
            return None
        changed = {k: v for k, v in self.values().items() if self._stored.get(k, "") != v}
        if not changed:
            return None
        authors = self._authors()
        writer = self.writer_partner()
        # The other partner's words first, so the revision's author is the writer.
        order = sorted({authors[f] for f in changed}, key=lambda p: p == writer)
        keys = self._ctx.session.keyring
        try:
            for author in order:
                part = {f: v for f, v in changed.items() if authors[f] == author}
                view = agreements.edit(keys, view.uuid, author, **part)
                self._stored.update(part)
        except TrellisError as error:
            log.info("autosave failed: %s", type(error).__name__)
            self.message.say(explain(error))
            return None
        self.message.clear_message()
        self.saved_note.say()
        self.refresh(view)
        self.saved.emit(view)
        return view

    def unsaved(self) -> dict[str, str]:
        """The fields that differ from what was last saved (after a failed save)."""
        if self.view is None or self.view.status == "retired":
            return {}
        return {k: v for k, v in self.values().items() if self._stored.get(k, "") != v}

    def put_back(self, fields: dict[str, str], writer: int) -> None:
        """Words kept over a lock go back into their fields, then are saved at once (a
        save that fails again leaves them in the fields and says why)."""
        index = self.writer.findData(writer)
        if index >= 0:
            self.writer.setCurrentIndex(index)
        for field, value in fields.items():
            if field == "title":
                self.title.setText(value)
            elif field == "category":
                self.category.setCurrentIndex(max(0, self.category.findData(value)))
            elif field in self.areas:
                self.areas[field].setPlainText(value)
        self.flush()

    def _cadence_chosen(self) -> None:
        if self.view is None:
            return
        try:
            agreements.set_cadence(self._ctx.session.keyring, self.view.uuid,
                                   int(self.cadence.currentData()))
            fresh = agreements.view(self._ctx.session.keyring, agreements.get(self.view.uuid))
        except TrellisError as error:
            self.message.say(explain(error))
            return
        self.refresh(fresh)
        self.saved.emit(fresh)

    # proposing needs words

    def mark_missing(self, fields: tuple[str, ...]) -> None:
        """Point gently at the empty fields a proposal needs, and move to the first."""
        self._set_missing(fields)
        first = next((f for f in ("title", *TEXT_AREAS) if f in self._missing), None)
        if first == "title":
            self.title.setFocus()
        elif first is not None:
            self.areas[first].setFocus()

    def _set_missing(self, fields: Iterable[str]) -> None:
        self._missing = set(fields)
        for field, label in self.labels.items():
            plain = field_label(field, self._names)
            if field in self._missing:
                marked = text("agreements", "missing_mark", label=plain)
                label.setText(f"<b>{escape(marked)}</b>")
            else:
                label.setText(plain)
