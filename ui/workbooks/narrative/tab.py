"""The "Our stories" tab: a list of pages on the left and the chosen page beside it.

"Just for me until I share" holds one partner's private pages: the guided steps
(``steps.py``, ``exceptions.py``), then the letter of accountability, what this did to
me and about the letter I was given, shown by the roles the couple named (not named:
every page to each, with a line saying naming them is optional). "Between us" holds
what was shared and the story written together; they need no password.

Alone, the partner who unlocked holds their own journal key, so their pages open when
first shown (nothing private is decrypted before that). Together at one keyboard the
private pages show only the gate: an "Open my story" button per partner, whose password
is asked at that moment (:func:`ui.widgets.fresh_password.ask_fresh`);
:func:`models.narrative.open_story` then holds their key until the pages close: Close my
story, another tab, a lock (the tab is hidden, then deleted), or
``journal/idle_minutes`` without a key press, click or scroll anywhere. Closing saves
what was typed first, closes the pages' dialogs and deletes the pages, so no word of
them stays in any widget.
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

from models import narrative
from models.errors import TrellisError
from models.narrative import Roles
from models.proof import FreshProof
from ui import settings
from ui.texts import counted, explain, text
from ui.widgets.common import MessageLabel, body_label, named, scrolling
from ui.widgets.fresh_password import FreshPasswordDialog, ask_fresh
from ui.workbooks import WorkbookContext
from ui.workbooks.damaged import DamagedPart
from ui.workbooks.narrative.gate import StoryGate
from ui.workbooks.narrative.kept import keep_words, put_back
from ui.workbooks.narrative.pages import (
    BETWEEN,
    CAUSED,
    HURT,
    PRIVATE,
    SHARED,
    DialogFactory,
    export_dialog,
    private_pages,
    roles_dialog,
)
from ui.workbooks.narrative.words import page_title, words

log = logging.getLogger(__name__)

KEY = Qt.ItemDataRole.UserRole
_ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel)


class NarrativeTab(QWidget):
    """The pages of "Our stories"; one partner's private pages open at a time."""

    check_requested = Signal()

    def __init__(self, ctx: WorkbookContext) -> None:
        super().__init__()
        self.setObjectName("narrativeTab")
        self.ctx = ctx
        self.together = ctx.session.together
        # Whose private pages are open; alone, the partner who unlocked (their key is held).
        self.owner: int | None = None if self.together else ctx.session.partners[0]
        self.fresh: FreshPasswordDialog | None = None
        self.closed_by_idle = False
        self.private: dict[str, QWidget] = {}
        self.between: dict[str, QWidget] = {}
        self.current = "problem"
        try:
            self.roles = narrative.load_roles(ctx.session.keyring)
        except TrellisError as error:
            log.info("roles not read: %s", type(error).__name__)
            self.roles = Roles(None, None)

        self.list = named(QListWidget(), "narrativePages", words("pages_name"))
        self.list.setWordWrap(True)  # a long page name takes two lines, never cut
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._item_chosen)
        self.roles_note = body_label(words("roles_optional"), "narrativeRolesOptional",
                                     role="hint")
        self.roles_button = named(QPushButton(words("roles")), "narrativeRolesButton",
                                  words("roles_name"))
        self.roles_button.clicked.connect(self.open_roles)
        self.export_button = named(QPushButton(words("export")), "narrativeExportButton",
                                   words("export_name"))
        self.export_button.clicked.connect(self.open_export)
        self.close_button = named(QPushButton(words("close")), "narrativeCloseStory",
                                  words("close"))
        self.close_button.clicked.connect(self.close_story)
        self.gate = StoryGate(ctx)
        self.gate.open_requested.connect(self.ask_to_open)
        self.gate_scroll = scrolling(self.gate, "narrativeGateScroll")
        self.stack = QStackedWidget()
        self.stack.setObjectName("narrativeStack")
        self.stack.addWidget(self.gate_scroll)
        self.message = MessageLabel("narrativeMessage")
        self._build()
        self.idle = QTimer(self)
        self.idle.setObjectName("narrativeIdle")
        self.idle.setSingleShot(True)
        self.idle.setTimerType(Qt.TimerType.PreciseTimer)
        self.idle.timeout.connect(self._idle_close)
        ctx.changes.changed.connect(self._changed_elsewhere)
        self._fill_list()

    def _build(self) -> None:
        left = QWidget()
        left.setObjectName("narrativeLeft")
        column = QVBoxLayout(left)
        column.setContentsMargins(8, 8, 4, 8)
        column.addWidget(self.list, 1)
        for button in (self.close_button, self.roles_button, self.export_button):
            column.addWidget(button)
        right = QWidget()
        right.setObjectName("narrativeRight")
        side = QVBoxLayout(right)
        side.setContentsMargins(4, 8, 8, 8)
        side.addWidget(self.roles_note)  # above the pages that depend on the roles
        side.addWidget(self.stack, 1)
        side.addWidget(self.message)
        splitter = QSplitter()
        splitter.setObjectName("narrativeSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 620])
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

    def _fill_list(self) -> None:
        """List the pages for whoever is open and the roles named now, keeping the page
        shown when it is still listed."""
        self.list.blockSignals(True)
        try:
            self.list.clear()
            name = self.ctx.session.name_of(self.owner) if self.owner is not None else ""
            heading = (words("private_heading_open", name=name) if self.together and name
                       else words("private_heading"))
            self._heading(heading)
            for key in private_pages(self.roles, self.owner):
                self._entry(key)
            self._heading(words("between_heading"))
            for key in BETWEEN:
                self._entry(key)
            keys = self.listed()
            if self.current not in keys:
                self.current = keys[0]
            self.list.setCurrentRow(1 + keys.index(self.current) + (
                1 if self.current in BETWEEN else 0))
        finally:
            self.list.blockSignals(False)
        self.close_button.setVisible(self.together and self.owner is not None)
        if self.owner is not None:
            self.close_button.setAccessibleName(
                words("close_name", name=self.ctx.session.name_of(self.owner)))
        # Pages no longer listed for this owner go (saved first).
        for key in [k for k in self.private if k not in self.listed()]:
            self._drop(self.private.pop(key))

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
            key = "problem"
        if key != self.current:
            self.current = key
            self.list.blockSignals(True)
            for row in range(self.list.count()):
                if self.list.item(row).data(KEY) == key:
                    self.list.setCurrentRow(row)
            self.list.blockSignals(False)
        if key in BETWEEN:
            page = self.between.get(key) or self._build_shared(key)
        elif self.owner is None:
            page = self.gate_scroll
        else:
            page = self.private.get(key) or self._build_private(key, self.owner)
        self.stack.setCurrentWidget(page)
        self.roles_note.setVisible(self.roles.hurt is None and key in CAUSED + HURT)
        return page

    def _build_private(self, key: str, owner: int) -> QWidget:
        try:
            page = PRIVATE[key](self.ctx, owner, self.stack)
        except Exception as error:  # noqa: BLE001 (one page that fails never stops the rest)
            log.error("the %s page could not be opened: %s", key, type(error).__name__)
            page = self._damaged(key)
        self.private[key] = page
        self.stack.addWidget(page)
        return page

    def _build_shared(self, key: str) -> QWidget:
        try:
            page = SHARED[key](self.ctx, self.stack)
        except Exception as error:  # noqa: BLE001 (one page that fails never stops the rest)
            log.error("the %s page could not be opened: %s", key, type(error).__name__)
            page = self._damaged(key)
        self.between[key] = page
        self.stack.addWidget(page)
        return page

    def _damaged(self, key: str) -> QWidget:
        part = DamagedPart(page_title(key), f"narrativeDamaged_{key}")
        part.check_requested.connect(self.check_requested)
        return part

    # opening together

    def ask_to_open(self, partner: int) -> None:
        """Together: ask ``partner`` for their own password now, then open their pages."""
        if self.owner is not None or self.fresh is not None or self.ctx.session.locked:
            return
        self.gate.message.clear_message()
        name = self.ctx.session.name_of(partner)
        self.fresh = ask_fresh(self.ctx, (partner,), text("narrative_gate", "password", name=name),
                               self, lambda proofs: self.open_story(partner,
                                                                    proofs.get(partner)),
                               title=text("narrative_gate", "password_title", name=name))
        self.fresh.finished.connect(self._asked)

    def _asked(self) -> None:
        self.fresh = None

    def open_story(self, owner: int, proof: FreshProof | None) -> bool:
        """Together: open ``owner``'s private pages with their fresh ``proof``. False
        (and a kind sentence) when it cannot: then nothing was opened and no key is held."""
        if self.ctx.session.locked or self.owner is not None or not self.isVisible():
            return False
        try:
            narrative.open_story(self.ctx.session.keyring, owner, proof)
        except TrellisError as error:
            log.info("the story did not open: %s", type(error).__name__)
            self.gate.message.say(explain(error))
            return False
        self.owner = owner
        self.closed_by_idle = False
        self.gate.message.clear_message()
        self._fill_list()
        self.show_page(self.current)
        self._put_back()
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
        self.close_story()
        self.closed_by_idle = True
        self.gate.message.say(counted("narrative_gate", "closed_idle", minutes,
                                      minutes=minutes))

    def close_story(self) -> None:
        """Together: save, close the private pages' dialogs, delete the pages and let go
        of the owner's key. (Alone the key is the session's; nothing closes.)"""
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
        if guard is not None:  # words copied from these pages do not stay to be pasted
            guard.clear_ours(list(self.private.values()))
        pages, self.private = list(self.private.values()), {}
        try:
            for page in pages:
                self._drop(page)
        finally:
            self.owner = None
            if not self.ctx.session.locked:
                narrative.close_story(self.ctx.session.keyring, owner)
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
            log.info("a story page did not save on closing: %s", type(error).__name__)
        keep_words(self.ctx, page)  # what still did not save, for its owner alone
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
            self._put_back()  # alone: words kept at the last lock

    def _put_back(self) -> None:
        """The open owner's words that did not save when their pages last went (kept)."""
        owner = self.owner
        line = "" if owner is None else put_back(
            self.ctx, owner, self.private,
            lambda key: self.private.get(key) or (
                self._build_private(key, owner) if key in self.listed() else None))
        if line:
            self.message.say(line)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        """Another tab, a lock or the resting page: together, the private pages close."""
        if self.together:
            if self.fresh is not None and isValid(self.fresh):
                self.fresh.reject()
            self.close_story()
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
        """Before a lock: the pages go; what did not save is kept for its owner (kept)."""
        pages, self.private = list(self.private.values()), {}
        for page in pages:
            self._drop(page)
        return []

    # between us

    def _changed_elsewhere(self, workbook: str, _uuid: str) -> None:
        """Roles named, changed or cleared: list the pages that go with them now."""
        if workbook != "narrative" or self.ctx.session.locked:
            return
        try:
            roles = narrative.load_roles(self.ctx.session.keyring)
        except TrellisError as error:
            log.info("roles not read: %s", type(error).__name__)
            return
        if roles == self.roles:
            return
        self.roles = roles
        self._fill_list()
        for page in self.private.values():
            set_roles = getattr(page, "set_roles", None)
            if callable(set_roles):
                set_roles(roles)
        if self.isVisible():
            self.show_page(self.current)

    def open_roles(self) -> QDialog | None:
        """Names for our roles…"""
        return self._open(roles_dialog)

    def open_export(self) -> QDialog | None:
        """Export for our therapist… (only what was shared)."""
        return self._open(export_dialog)

    def _open(self, factory: DialogFactory) -> QDialog | None:
        try:
            dialog = factory(self.ctx, self)
        except Exception as error:  # noqa: BLE001 (a part that fails never stops the rest)
            log.error("a dialog could not be opened: %s", type(error).__name__)
            self.message.say(words("not_available"))
            return None
        dialog.open()
        return dialog

    def select(self, uuid: str) -> None:
        """Home or another tab asks for a shared piece: show what we have shared."""
        page = self.show_page("shared")
        select = getattr(page, "select", None)
        if uuid and callable(select):
            select(uuid)
