"""Help → User guide… (F1): every page loads, every link between pages resolves, search
finds words, F1 opens the page for the tab showing, and nothing leaves the guide."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication, QListWidget, QWidget

from tests.ui.conftest import PASSWORDS, unlock_solo, unlock_together, unnamed_controls
from ui.guide import GuideWindow, guide_pages, matching, page_for, page_of_link
from ui.home import HomeTab

LINK = re.compile(r"\]\(([^)]+)\)")


def guide_of(window) -> GuideWindow:
    guide = window.findChild(GuideWindow)
    assert guide is not None and guide.isVisible()
    return guide


def press_f1(qtbot, window) -> GuideWindow:
    """F1 in the main window (which must be the active one, as after a click on it)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    # The menus' shortcuts exist from the window's first paint on (#9), as for a person,
    # who cannot press F1 on a window they have not yet seen.
    qtbot.waitUntil(lambda: window._menu_actions is not None)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    return guide_of(window)


def test_every_page_loads_with_a_title_and_its_links_resolve(qtbot) -> None:
    pages = guide_pages()
    assert [p.key for p in pages][:1] == ["getting-started"]
    assert {"therapy", "privacy", "home", "agreements", "consent", "journal", "exports",
            "recovery-key", "trouble"} <= {p.key for p in pages}
    guide = GuideWindow(None)
    qtbot.addWidget(guide)
    for page in pages:
        assert page.title and not page.title.startswith("#")
        guide.show_page(page.key)
        assert guide.current == page.key
        assert guide.browser.toPlainText().startswith(page.title)
        for target in LINK.findall(page.markdown):
            assert page_of_link(QUrl(target)) is not None, f"{page.key}: {target}"


def test_links_outside_the_guide_go_nowhere(qtbot) -> None:
    for url in ("https://example.org/", "mailto:someone@example.org",
                "file:///etc/passwd", "notapage.md", "//example.org/home.md"):
        assert page_of_link(QUrl(url)) is None, url
    guide = GuideWindow(None)
    qtbot.addWidget(guide)
    guide.show_page("home")
    guide.browser.anchorClicked.emit(QUrl("https://example.org/"))
    assert guide.current == "home"
    assert guide.found.isVisible() or not guide.isVisible()
    guide.browser.anchorClicked.emit(QUrl("privacy.md"))
    assert guide.current == "privacy"


def test_no_page_promises_what_the_code_does_not_keep() -> None:
    """The guide never calls Trellis safe from everything; the journal's page says what
    its privacy does not cover."""
    for page in guide_pages():
        words = page.markdown.casefold()
        for promise in ("completely secure", "100%", "guarantee", "unbreakable"):
            assert promise not in words, (page.key, promise)
    journal = {p.key: p for p in guide_pages()}["journal"].markdown
    for limit in ("watching the screen", "cannot undo what your partner has already read",
                  "recovery key are lost"):
        assert limit in " ".join(journal.split()), limit
    privacy = {p.key: p for p in guide_pages()}["privacy"].markdown
    for limit in ("watching an unlocked screen", "keylogger", "pressuring you",
                  "how many entries", "old password"):
        assert limit in privacy, limit


def test_search_lists_the_pages_that_mention_a_word_and_marks_it(qtbot) -> None:
    guide = GuideWindow(None)
    qtbot.addWidget(guide)
    guide.show()
    guide.show_page("getting-started")
    assert [p.key for p in matching("keylogger")] == ["privacy"]
    qtbot.keyClicks(guide.search, "keylogger")
    assert guide.current == "privacy", "the page shown moves to one that matches"
    shown = [guide.contents.item(r).data(Qt.ItemDataRole.UserRole)
             for r in range(guide.contents.count()) if not guide.contents.item(r).isHidden()]
    assert shown == ["privacy"]
    assert guide.browser.extraSelections(), "the word is marked on the page"
    assert "1 page" in guide.found.text()

    guide.search.clear()
    qtbot.keyClicks(guide.search, "zzqx")
    assert "No page mentions" in guide.found.text()
    guide.search.clear()
    assert all(not guide.contents.item(r).isHidden() for r in range(guide.contents.count()))
    assert not guide.found.isVisible()


def test_choosing_a_page_in_the_contents_shows_it(qtbot) -> None:
    guide = GuideWindow(None)
    qtbot.addWidget(guide)
    contents = guide.findChild(QListWidget, "guideContents")
    for row in range(contents.count()):
        contents.setCurrentRow(row)
        assert guide.current == contents.item(row).data(Qt.ItemDataRole.UserRole)
    assert unnamed_controls(guide) == []
    assert guide.browser.accessibleName() and contents.accessibleName()


@pytest.mark.parametrize(("tab", "page"), [("homeTab", "home"),
                                           ("agreementsTab", "agreements"),
                                           ("consentTab", "consent")])
def test_f1_opens_the_page_for_the_tab_showing(qtbot, window, existing_vault, tab,
                                               page) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    window.workbench.setCurrentWidget(window.workbench.findChild(QWidget, tab))
    guide = press_f1(qtbot, window)
    assert guide.current == page == page_for(tab.removesuffix("Tab"))
    assert guide.browser.toPlainText().startswith(
        {p.key: p for p in guide_pages()}[page].title)


def test_f1_before_unlocking_opens_getting_started_and_locking_closes_it(
        qtbot, window, existing_vault) -> None:
    window.start()
    guide = press_f1(qtbot, window)
    assert guide.current == "getting-started"
    unlock_solo(qtbot, window, PASSWORDS[1])
    assert isinstance(window.workbench.currentWidget(), HomeTab)
    again = press_f1(qtbot, window)
    assert again is guide and guide.current == "home", "one guide, moved to the page"
    qtbot.keyClicks(guide.search, "pause")
    window.lock()
    QApplication.processEvents()
    shown = window.findChild(GuideWindow)
    assert shown is None or not shown.isVisible(), "what was typed in search goes too"


def test_the_home_button_opens_the_therapy_page(qtbot, window, existing_vault) -> None:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    home = window.workbench.findChild(HomeTab)
    qtbot.mouseClick(home.therapy_more, Qt.MouseButton.LeftButton)
    assert guide_of(window).current == "therapy"
