"""Help → User guide… (F1): the guide's pages from ``resources/guide/``, searchable.

The pages are Markdown a writer edits; ``contents.toml`` lists them in reading order and
says which page F1 opens from each tab. Links between pages open here; nothing is ever
fetched from the network, and a link that leaves the guide does nothing but say so.
The guide holds none of the couple's words, but the search field may, so it closes with
every other dialog when Trellis locks.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.texts import counted, text
from ui.widgets.common import MessageLabel, named

FIRST_PAGE = "getting-started"


@dataclass(frozen=True)
class GuidePage:
    key: str  # its file name without ".md"
    title: str  # from its first line, "# Title"
    markdown: str

    def plain(self) -> str:
        """The page's words, folded for searching (Markdown marks do not matter)."""
        return self.markdown.casefold()


def _guide_file(name: str) -> str:
    return resources.files("resources").joinpath("guide", name).read_text("utf-8")


@cache
def _contents() -> dict[str, object]:
    return tomllib.loads(_guide_file("contents.toml"))


@cache
def guide_pages() -> tuple[GuidePage, ...]:
    """Every page, in reading order (read once)."""
    pages = []
    for key in _contents()["pages"]:  # type: ignore[attr-defined]
        markdown = _guide_file(f"{key}.md")
        first = markdown.lstrip().splitlines()[0]
        pages.append(GuidePage(key, first.lstrip("#").strip(), markdown))
    return tuple(pages)


def page_for(workbook: str) -> str:
    """The page F1 opens from the tab of ``workbook`` ("" for any other screen)."""
    for_tab: dict[str, str] = _contents()["for_tab"]  # type: ignore[assignment]
    return for_tab.get(workbook, for_tab.get("", FIRST_PAGE))


def matching(query: str) -> list[GuidePage]:
    """Pages holding every word of ``query`` (all pages for an empty query)."""
    words = query.casefold().split()
    return [page for page in guide_pages() if all(word in page.plain() for word in words)]


def page_of_link(url: QUrl) -> str | None:
    """The guide page a link points to, or None for a link that leaves the guide."""
    if url.scheme() or url.host():
        return None
    name = url.path().rsplit("/", 1)[-1]
    key = name.removesuffix(".md")
    return key if key in {page.key for page in guide_pages()} else None


class GuideWindow(QDialog):
    """Contents on the left, the page on the right, a search field above both."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        title = text("guide", "title")
        named(self, "guideWindow", title)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setModal(False)
        # Never taller or wider than the screen leaves room for (its Close button in sight).
        room = self.screen().availableGeometry() if self.screen() is not None else None
        width, height = 980, 720
        if room is not None:
            width, height = min(width, room.width() - 40), min(height, room.height() - 80)
        self.resize(width, height)
        self.current = ""

        self.search = named(QLineEdit(), "guideSearch", text("guide", "search_name"))
        self.search.setPlaceholderText(text("guide", "search_placeholder"))
        self.search.setClearButtonEnabled(True)
        for clear in self.search.findChildren(QWidget):
            if clear.inherits("QToolButton"):
                named(clear, "guideSearchClear", text("guide", "search_name"))
        self.found = MessageLabel("guideFound")
        self.contents = named(QListWidget(), "guideContents", text("guide", "contents_name"))
        for page in guide_pages():
            item = QListWidgetItem(page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.key)
            self.contents.addItem(item)
        self.contents.setSpacing(3)
        # A long title wraps onto a second line rather than running under the page.
        self.contents.setWordWrap(True)
        self.contents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.browser = named(QTextBrowser(), "guidePage", text("guide", "page_name"))
        self.browser.document().setDocumentMargin(14)
        # Links are handled here: pages of the guide open, nothing else is fetched.
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._link)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        named(close, "guideClose", text("guide", "close")).setText(text("guide", "close"))
        buttons.rejected.connect(self.reject)

        splitter = QSplitter()
        splitter.setObjectName("guideSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([self._contents_width(width), width])
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.found)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)

        self.contents.currentItemChanged.connect(self._chosen)
        self.search.textChanged.connect(self.search_for)

    def _contents_width(self, width: int) -> int:
        """Room for the longest title on one line, in the text size chosen, but never
        more than a third of the window (longer titles wrap)."""
        metrics = self.contents.fontMetrics()
        longest = max((metrics.horizontalAdvance(page.title) for page in guide_pages()),
                      default=200)
        scroll_bar = self.contents.verticalScrollBar().sizeHint().width()
        return min(longest + 2 * 12 + scroll_bar, width // 3)

    # pages

    def show_page(self, key: str) -> None:
        """Show page ``key`` (the first page for a key the guide does not have)."""
        pages = {page.key: page for page in guide_pages()}
        page = pages.get(key) or pages.get(FIRST_PAGE) or guide_pages()[0]
        self.current = page.key
        self.browser.setMarkdown(page.markdown)
        self.browser.setAccessibleName(page.title)
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == page.key:
                self.contents.blockSignals(True)
                self.contents.setCurrentItem(item)
                self.contents.blockSignals(False)
        self._highlight()

    def _chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.show_page(str(item.data(Qt.ItemDataRole.UserRole)))

    def _link(self, url: QUrl) -> None:
        key = page_of_link(url)
        if key is None:
            self.found.say(text("guide", "offline"))
            return
        self.show_page(key)

    # search

    def search_for(self, query: str) -> None:
        """List only the pages that mention every word, and mark the words on the page."""
        query = query.strip()
        found = matching(query)
        keys = {page.key for page in found}
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            item.setHidden(item.data(Qt.ItemDataRole.UserRole) not in keys)
        if not query:
            self.found.clear_message()
        elif not found:
            self.found.say(text("guide", "found_none", query=query))
        else:
            self.found.say(counted("guide", "found", len(found), query=query))
        if found and self.current not in keys:
            self.show_page(found[0].key)
        else:
            self._highlight()

    def _highlight(self) -> None:
        """Mark every word of the search on the page shown (in the page's own colours)."""
        marks: list[QTextEdit.ExtraSelection] = []
        mark = QTextCharFormat()
        mark.setBackground(QColor("#f3e3a6"))
        mark.setForeground(QColor("#2b2b2b"))
        document = self.browser.document()
        for word in self.search.text().split():
            cursor = document.find(word, 0)
            while not cursor.isNull():
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format = mark
                marks.append(selection)
                cursor = document.find(word, cursor, QTextDocument.FindFlag(0))
        self.browser.setExtraSelections(marks)
        if marks:  # scroll to the first, leaving it marked rather than selected
            first = QTextCursor(marks[0].cursor)
            first.clearSelection()
            self.browser.setTextCursor(first)
            self.browser.ensureCursorVisible()


def show_guide(window: QWidget, page: str) -> GuideWindow:
    """Open the guide over ``window`` at ``page`` (the one already open is reused)."""
    guide = window.findChild(GuideWindow)
    if guide is None:
        guide = GuideWindow(window)
    guide.show_page(page)
    guide.show()
    guide.activateWindow()  # brings an open guide forward (window managers raise it)
    return guide
