"""A workbook tab made of pages (#8): a list of pages on the left, "Just for me until I
share" above "Between us", and the chosen page beside it.

Alone, the partner who unlocked holds their own journal key, so their private pages
open when first shown (nothing private is decrypted before that). Together the private
pages show only the gate until their owner opens them (:mod:`ui.workbooks.private_pages`).
Closing saves what was typed first, closes the pages' dialogs and deletes the pages, so
no word of them stays in any widget. Each page is built the first time it is shown; one
that fails shows as damaged and never stops the rest.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
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

from models.errors import TrellisError
from models.proof import FreshProof
from ui.texts import explain
from ui.widgets.common import MessageLabel, named, scrolling
from ui.workbooks import WorkbookContext
from ui.workbooks.damaged import DamagedPart
from ui.workbooks.private_pages import PrivateGate, PrivatePagesTab

log = logging.getLogger(__name__)

KEY = Qt.ItemDataRole.UserRole

PrivateFactory = Callable[[WorkbookContext, int, QWidget], QWidget]
SharedFactory = Callable[[WorkbookContext, QWidget], QWidget]
DialogFactory = Callable[[WorkbookContext, QWidget], QDialog]


class PagedTab(PrivatePagesTab):
    """The pages of one workbook; one partner's private pages open at a time.

    A subclass gives its pages (``private_pages`` built as ``Page(ctx, owner, parent)``,
    ``shared_pages`` as ``Page(ctx, parent)``), the words of its tab (``words``), and how
    an owner's key is held and let go (:meth:`hold_key`, :meth:`let_go`).
    """

    SELECT_PAGE = ""  # the page Home's links to a shared piece open

    def __init__(self, ctx: WorkbookContext, name: str, first: str, close_name: str,
                 words: Callable[..., str], private_pages: Mapping[str, PrivateFactory],
                 shared_pages: Mapping[str, SharedFactory]) -> None:
        super().__init__(ctx, name)
        self.name = name
        self._words = words
        self._private_pages = private_pages
        self._shared_pages = shared_pages
        # Whose private pages are open; alone, the partner who unlocked (their key is held).
        self.owner: int | None = None if self.together else ctx.session.partners[0]
        self.private: dict[str, QWidget] = {}
        self.between: dict[str, QWidget] = {}
        self.current = self._first = first
        self.list = named(QListWidget(), f"{name}Pages", words("pages_name"))
        self.list.setWordWrap(True)  # a long page name takes two lines, never cut
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._item_chosen)
        self.export_button = named(QPushButton(words("export")), f"{name}ExportButton",
                                   words("export_name"))
        self.close_button = named(QPushButton(words("close")), close_name, words("close"))
        self.close_button.clicked.connect(self.close_private)
        self.gate = PrivateGate(ctx, name)
        self.gate.open_requested.connect(self.ask_to_open)
        self.gate_scroll = scrolling(self.gate, f"{name}GateScroll")
        self.stack = QStackedWidget()
        self.stack.setObjectName(f"{name}Stack")
        self.stack.addWidget(self.gate_scroll)
        self.message = MessageLabel(f"{name}Message")

    def build(self, buttons: Sequence[QWidget], above: Sequence[QWidget],
              sizes: list[int]) -> None:
        """The list and ``buttons`` on the left; ``above`` the page beside it."""
        left = QWidget()
        left.setObjectName(f"{self.name}Left")
        column = QVBoxLayout(left)
        column.setContentsMargins(8, 8, 4, 8)
        column.addWidget(self.list, 1)
        for button in buttons:
            column.addWidget(button)
        right = QWidget()
        right.setObjectName(f"{self.name}Right")
        side = QVBoxLayout(right)
        side.setContentsMargins(4, 8, 8, 8)
        for widget in above:
            side.addWidget(widget)
        side.addWidget(self.stack, 1)
        side.addWidget(self.message)
        splitter = QSplitter()
        splitter.setObjectName(f"{self.name}Splitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes(sizes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    # what each workbook says

    def page_title(self, key: str) -> str:
        raise NotImplementedError

    def private_keys(self) -> Sequence[str]:
        """The private pages listed for whoever is open now."""
        raise NotImplementedError

    def between_keys(self) -> Sequence[str]:
        raise NotImplementedError

    def hold_key(self, owner: int, proof: FreshProof | None) -> None:
        """Together: hold ``owner``'s key with their fresh proof (raises TrellisError)."""
        raise NotImplementedError

    def let_go(self, owner: int) -> None:
        raise NotImplementedError

    def opened(self) -> None:
        """The private pages were opened, or the tab shown (alone)."""

    def built(self, key: str, page: QWidget) -> None:
        """Page ``key`` was just built."""

    def going(self, page: QWidget) -> None:
        """A private page goes, saved as far as it could be."""

    def shown(self, key: str) -> None:
        """Page ``key`` is shown."""

    def on_show(self) -> None:
        """The tab is shown, its page too."""
        self.opened()

    # the list of pages

    def _heading(self, words_: str) -> None:
        item = QListWidgetItem(words_)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # read, never chosen
        font = QFont(self.list.font())
        font.setBold(True)
        item.setFont(font)
        self.list.addItem(item)

    def _entry(self, key: str) -> None:
        item = QListWidgetItem(self.page_title(key))
        item.setData(KEY, key)
        self.list.addItem(item)

    def listed(self) -> list[str]:
        """The keys of the pages listed, in order."""
        return [str(self.list.item(row).data(KEY)) for row in range(self.list.count())
                if self.list.item(row).data(KEY)]

    def _row_of(self, key: str) -> int:
        return next((row for row in range(self.list.count())
                     if self.list.item(row).data(KEY) == key), -1)

    def fill_list(self) -> None:
        """List the pages for whoever is open now, keeping the page shown when it is
        still listed."""
        self.list.blockSignals(True)
        try:
            self.list.clear()
            name = self.ctx.session.name_of(self.owner) if self.owner is not None else ""
            self._heading(self._words("private_heading_open", name=name)
                          if self.together and name else self._words("private_heading"))
            for key in self.private_keys():
                self._entry(key)
            self._heading(self._words("between_heading"))
            for key in self.between_keys():
                self._entry(key)
            keys = self.listed()
            if self.current not in keys:
                self.current = keys[0]
            self.list.setCurrentRow(self._row_of(self.current))
        finally:
            self.list.blockSignals(False)
        self.close_button.setVisible(self.together and self.owner is not None)
        if self.owner is not None:
            self.close_button.setAccessibleName(
                self._words("close_name", name=self.ctx.session.name_of(self.owner)))
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
            key = self._first
        if key != self.current or self.list.currentRow() != self._row_of(key):
            self.current = key
            self.list.blockSignals(True)
            self.list.setCurrentRow(self._row_of(key))
            self.list.blockSignals(False)
        if key in self.between_keys():
            page = self.between.get(key) or self.build_page(key, None)
        elif self.owner is None:
            page = self.gate_scroll
        else:
            page = self.private.get(key) or self.build_page(key, self.owner)
        self.stack.setCurrentWidget(page)
        self.shown(key)
        return page

    def build_page(self, key: str, owner: int | None) -> QWidget:
        try:
            page = (self._private_pages[key](self.ctx, owner, self.stack) if owner is not None
                    else self._shared_pages[key](self.ctx, self.stack))
        except Exception as error:  # noqa: BLE001 (one page that fails never stops the rest)
            log.error("the %s page could not be opened: %s", key, type(error).__name__)
            part = DamagedPart(self.page_title(key), f"{self.name}Damaged_{key}")
            part.check_requested.connect(self.check_requested)
            page = part
        (self.private if owner is not None else self.between)[key] = page
        self.built(key, page)
        self.stack.addWidget(page)
        return page

    # opening together

    def is_open(self) -> bool:
        return self.owner is not None

    def open_private(self, owner: int, proof: FreshProof | None) -> bool:
        """Together: open ``owner``'s private pages with their fresh ``proof``. False
        (and a kind sentence) when it cannot: then nothing was opened and no key is held."""
        if self.ctx.session.locked or self.owner is not None or not self.isVisible():
            return False
        try:
            self.hold_key(owner, proof)
        except TrellisError as error:
            log.info("the %s pages did not open: %s", self.name, type(error).__name__)
            self.gate.message.say(explain(error))
            return False
        self.owner = owner
        self.gate.message.clear_message()
        self.fill_list()
        self.show_page(self.current)
        self.opened()
        self.watch_idle()
        return True

    # closing

    def close_private(self) -> None:
        """Together: save, close the private pages' dialogs, delete the pages and let go
        of the owner's key. (Alone the key is the session's; nothing closes.)"""
        owner = self.owner
        if not self.together or owner is None:
            return
        self.stop_watching()
        self.guard_clipboard(list(self.private.values()))
        pages, self.private = list(self.private.values()), {}
        try:
            for page in pages:
                self._drop(page)
        finally:
            self.owner = None
            if not self.ctx.session.locked:
                self.let_go(owner)
            self.fill_list()
            if self.current not in self.between_keys():
                self.stack.setCurrentWidget(self.gate_scroll)

    def _drop(self, page: QWidget) -> None:
        """Save a private page, close its dialogs, let go of its words and delete it."""
        try:
            flush = getattr(page, "flush", None)
            if callable(flush) and not self.ctx.session.locked:
                flush()
        except Exception as error:  # noqa: BLE001 (closing goes on whatever happens)
            log.info("a %s page did not save on closing: %s", self.name, type(error).__name__)
        self.going(page)
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
            self.on_show()

    def flush(self) -> None:
        """Save what is typed but not saved yet (before a lock)."""
        for page in (*self.private.values(), *self.between.values()):
            flush = getattr(page, "flush", None)
            if callable(flush):
                flush()

    def unsaved(self) -> list[object]:
        return []

    def open_dialog(self, factory: DialogFactory) -> QDialog | None:
        try:
            dialog = factory(self.ctx, self)
        except Exception as error:  # noqa: BLE001 (a part that fails never stops the rest)
            log.error("a dialog could not be opened: %s", type(error).__name__)
            self.message.say(self._words("not_available"))
            return None
        dialog.open()
        return dialog

    def select(self, uuid: str) -> None:
        """Home or another tab asks for a shared piece: show the page that lists it."""
        page = self.show_page(self.SELECT_PAGE)
        select = getattr(page, "select", None)
        if uuid and callable(select):
            select(uuid)
