"""The "Needs map" tab: a list of pages on the left and the chosen page beside it.

"Just for me until I share" holds one partner's need drafts (``my_needs.py``). "Between
us" holds what both read without a password: the map of shared needs and commitments,
the commitments themselves, the times we missed each other and reviewing together.

Alone, the partner who unlocked holds their own journal key, so their drafts open when
first shown (nothing private is decrypted before that). Together at one keyboard "My
needs" shows only the gate: an "Open my needs" button per partner, whose password is
asked at that moment (:func:`ui.widgets.fresh_password.ask_fresh`);
:func:`models.needs.open_needs` then holds their key until the page closes: Close my
needs, another tab, a lock (the tab is hidden, then deleted), or ``journal/idle_minutes``
without a key press, click or scroll anywhere. Closing saves what was typed first,
closes the page's dialogs and deletes it, so no word of it stays in any widget.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from models import needs
from models.errors import TrellisError
from models.proof import FreshProof
from ui import settings
from ui.texts import counted, explain, text
from ui.widgets.common import MessageLabel, named, scrolling
from ui.widgets.fresh_password import FreshPasswordDialog, ask_fresh
from ui.workbooks import WorkbookContext
from ui.workbooks.damaged import DamagedPart
from ui.workbooks.needs.gate import NeedsGate
from ui.workbooks.needs.pages import BETWEEN, MINE, PRIVATE, SHARED, export_dialog
from ui.workbooks.needs.words import words

log = logging.getLogger(__name__)

KEY = Qt.ItemDataRole.UserRole
_ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel)


def page_title(key: str) -> str:
    return words(f"page_{key}")


class NeedsTab(QWidget):
    """The pages of the needs map; one partner's drafts open at a time."""

    check_requested = Signal()

    def __init__(self, ctx: WorkbookContext) -> None:
        super().__init__()
        self.setObjectName("needsTab")
        self.ctx = ctx
        self.together = ctx.session.together
        # Whose drafts are open; alone, the partner who unlocked (their key is held).
        self.owner: int | None = None if self.together else ctx.session.partners[0]
        self.fresh: FreshPasswordDialog | None = None
        self.closed_by_idle = False
        self.private: dict[str, QWidget] = {}
        self.between: dict[str, QWidget] = {}
        self.current = "mine"

        self.list = named(QListWidget(), "needsPages", words("pages_name"))
        self.list.setWordWrap(True)  # a long page name takes two lines, never cut
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._item_chosen)
        self.export_button = named(QPushButton(words("export")), "needsExportButton",
                                   words("export_name"))
        self.export_button.clicked.connect(self.open_export)
        self.close_button = named(QPushButton(words("close")), "needsCloseMine",
                                  words("close"))
        self.close_button.clicked.connect(self.close_mine)
        self.gate = NeedsGate(ctx)
        self.gate.open_requested.connect(self.ask_to_open)
        self.gate_scroll = scrolling(self.gate, "needsGateScroll")
        self.stack = QStackedWidget()
        self.stack.setObjectName("needsStack")
        self.stack.addWidget(self.gate_scroll)
        self.message = MessageLabel("needsMessage")
        self._build()
        self.idle = QTimer(self)
        self.idle.setObjectName("needsIdle")
        self.idle.setSingleShot(True)
        self.idle.setTimerType(Qt.TimerType.PreciseTimer)
        self.idle.timeout.connect(self._idle_close)
        self._fill_list()

    def _build(self) -> None:
        left = QWidget()
        left.setObjectName("needsLeft")
        column = QVBoxLayout(left)
        column.setContentsMargins(8, 8, 4, 8)
        column.addWidget(self.list, 1)
        column.addWidget(self.close_button)
        column.addWidget(self.export_button)
        right = QWidget()
        right.setObjectName("needsRight")
        side = QVBoxLayout(right)
        side.setContentsMargins(4, 8, 8, 8)
        side.addWidget(self.stack, 1)
        side.addWidget(self.message)
        splitter = QSplitter()
        splitter.setObjectName("needsSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 660])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # the list of pages

    def _heading(self, words_: str) -> None:
        item = QListWidgetItem(words_)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # read, never chosen
        font = QFont(self.list.font())
        font.setBold(True)
        item.setFont(font)
        self.list.addItem(item)

    def _entry(self, key: str) -> None:
        item = QListWidgetItem(page_title(key))
        item.setData(KEY, key)
        self.list.addItem(item)

    def listed(self) -> list[str]:
        """The keys of the pages listed, in order."""
        return [str(self.list.item(row).data(KEY)) for row in range(self.list.count())
                if self.list.item(row).data(KEY)]

    def _row_of(self, key: str) -> int:
        return next((row for row in range(self.list.count())
                     if self.list.item(row).data(KEY) == key), -1)

    def _fill_list(self) -> None:
        self.list.blockSignals(True)
        try:
            self.list.clear()
            name = self.ctx.session.name_of(self.owner) if self.owner is not None else ""
            self._heading(words("private_heading_open", name=name) if self.together and name
                          else words("private_heading"))
            for key in MINE:
                self._entry(key)
            self._heading(words("between_heading"))
            for key in BETWEEN:
                self._entry(key)
            self.list.setCurrentRow(self._row_of(self.current))
        finally:
            self.list.blockSignals(False)
        self.close_button.setVisible(self.together and self.owner is not None)
        if self.owner is not None:
            self.close_button.setAccessibleName(
                words("close_name", name=self.ctx.session.name_of(self.owner)))

    def _item_chosen(self, item: QListWidgetItem | None) -> None:
        key = item.data(KEY) if item is not None else None
        if not key:
            return
        self.current = str(key)
        if self.isVisible():
            self.show_page(self.current)

    def show_page(self, key: str) -> QWidget:
        """Show the page ``key`` (building it the first time), or the gate."""
        self.message.clear_message()
        if key not in self.listed():
            key = "mine"
        if key != self.current or self.list.currentRow() != self._row_of(key):
            self.current = key
            self.list.blockSignals(True)
            self.list.setCurrentRow(self._row_of(key))
            self.list.blockSignals(False)
        if key in BETWEEN:
            page = self.between.get(key) or self._build_page(key, None)
        elif self.owner is None:
            page = self.gate_scroll
        else:
            page = self.private.get(key) or self._build_page(key, self.owner)
        self.stack.setCurrentWidget(page)
        return page

    def _build_page(self, key: str, owner: int | None) -> QWidget:
        try:
            page = (PRIVATE[key](self.ctx, owner, self.stack) if owner is not None
                    else SHARED[key](self.ctx, self.stack))
        except Exception as error:  # noqa: BLE001 (one page that fails never stops the rest)
            log.error("the %s page could not be opened: %s", key, type(error).__name__)
            part = DamagedPart(page_title(key), f"needsDamaged_{key}")
            part.check_requested.connect(self.check_requested)
            page = part
        (self.private if owner is not None else self.between)[key] = page
        self.stack.addWidget(page)
        return page

    # opening together

    def ask_to_open(self, partner: int) -> None:
        """Together: ask ``partner`` for their own password now, then open their drafts."""
        if self.owner is not None or self.fresh is not None or self.ctx.session.locked:
            return
        self.gate.message.clear_message()
        name = self.ctx.session.name_of(partner)
        self.fresh = ask_fresh(self.ctx, (partner,), text("needs_gate", "password", name=name),
                               self, lambda proofs: self.open_mine(partner, proofs.get(partner)),
                               title=text("needs_gate", "password_title", name=name))
        self.fresh.finished.connect(self._asked)

    def _asked(self) -> None:
        self.fresh = None

    def open_mine(self, owner: int, proof: FreshProof | None) -> bool:
        """Together: open ``owner``'s drafts with their fresh ``proof``. False (and a
        kind sentence) when it cannot: then nothing was opened and no key is held."""
        if self.ctx.session.locked or self.owner is not None or not self.isVisible():
            return False
        try:
            needs.open_needs(self.ctx.session.keyring, owner, proof)
        except TrellisError as error:
            log.info("the needs did not open: %s", type(error).__name__)
            self.gate.message.say(explain(error))
            return False
        self.owner = owner
        self.closed_by_idle = False
        self.gate.message.clear_message()
        self._fill_list()
        self.show_page(self.current)
        self.idle.setInterval(max(1, settings.JOURNAL_IDLE_MINUTES.get()) * 60_000)
        self.idle.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        return True

    # closing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in _ACTIVITY and self.idle.isActive():
            self.idle.start()
        return False

    def _idle_close(self) -> None:
        minutes = max(1, round(self.idle.interval() / 60_000))
        self.close_mine()
        self.closed_by_idle = True
        self.gate.message.say(counted("needs_gate", "closed_idle", minutes, minutes=minutes))

    def close_mine(self) -> None:
        """Together: save, close the drafts' dialogs, delete the page and let go of the
        owner's key. (Alone the key is the session's; nothing closes.)"""
        owner = self.owner
        if not self.together or owner is None:
            return
        self.idle.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self.fresh is not None and isValid(self.fresh):
            self.fresh.reject()
        guard = getattr(self.window(), "clipboard_guard", None)
        if guard is not None:  # words copied from the drafts do not stay to be pasted
            guard.clear_ours(list(self.private.values()))
        pages, self.private = list(self.private.values()), {}
        try:
            for page in pages:
                self._drop(page)
        finally:
            self.owner = None
            if not self.ctx.session.locked:
                needs.close_needs(self.ctx.session.keyring, owner)
            self._fill_list()
            if self.current not in BETWEEN:
                self.stack.setCurrentWidget(self.gate_scroll)

    def _drop(self, page: QWidget) -> None:
        """Save a private page, close its dialogs, let go of its words and delete it."""
        try:
            flush = getattr(page, "flush", None)
            if callable(flush) and not self.ctx.session.locked:
                flush()
        except Exception as error:  # noqa: BLE001 (closing goes on whatever happens)
            log.info("a needs page did not save on closing: %s", type(error).__name__)
        for dialog in reversed(page.findChildren(QDialog)):
            if isValid(dialog):
                dialog.reject()
            if isValid(dialog):
                dialog.hide()
                dialog.deleteLater()
        clear = getattr(page, "clear", None)
        if callable(clear):
            clear()
        self.stack.removeWidget(page)
        page.hide()
        page.setParent(None)
        page.deleteLater()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        """The page chosen is built when the tab is first shown (not at unlock)."""
        super().showEvent(event)
        QTimer.singleShot(0, self, self._show_if_shown)

    def _show_if_shown(self) -> None:
        if self.isVisible() and not self.ctx.session.locked:
            self.show_page(self.current)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        """Another tab, a lock or the resting page: together, the drafts close."""
        if self.together:
            if self.fresh is not None and isValid(self.fresh):
                self.fresh.reject()
            self.close_mine()
        else:
            self.flush()
        super().hideEvent(event)

    def flush(self) -> None:
        """Save what is typed but not saved yet (before a lock)."""
        for page in (*self.private.values(), *self.between.values()):
            flush = getattr(page, "flush", None)
            if callable(flush):
                flush()

    def unsaved(self) -> list[object]:
        return []

    def open_export(self) -> QDialog | None:
        """Export for our therapist… (only what was shared)."""
        try:
            dialog = export_dialog(self.ctx, self)
        except Exception as error:  # noqa: BLE001 (a part that fails never stops the rest)
            log.error("the export could not be opened: %s", type(error).__name__)
            self.message.say(words("not_available"))
            return None
        dialog.open()
        return dialog

    def select(self, uuid: str) -> None:
        """Home or another tab asks for a commitment: show the commitments."""
        page = self.show_page("commitments")
        select = getattr(page, "select", None)
        if uuid and callable(select):
            select(uuid)
