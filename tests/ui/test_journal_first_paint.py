"""Alone, with My journal the tab showing, the other tabs are built after the journal's
list paints, not while its first page is read (#9): built at the gate's 'opening'
paint, they held the read's result on the GUI thread until every one was built."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from tests.ui.conftest import PASSWORDS
from ui import settings, workbench
from ui.workbooks.journal import tab as journal_tab


def test_the_other_tabs_wait_for_the_journals_first_page(
        qtbot, window, existing_vault, monkeypatch) -> None:
    settings.LAST_TAB.set("journalTab")
    monkeypatch.setattr(workbench, "OPENING_MS", 60_000)  # no fallback during the test
    release = threading.Event()
    read = journal_tab.first_page

    def slow_first_page(*args):  # the read is still on the worker while the gate paints
        release.wait(10)
        return read(*args)

    monkeypatch.setattr(journal_tab, "first_page", slow_first_page)
    window.start()
    page = window.unlock_page
    page.one.setChecked(True)
    qtbot.keyClicks(page.first.edit, PASSWORDS[1])
    try:
        qtbot.keyClick(page.first.edit, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
        tab = window.workbench.findChild(QWidget, "journalTab")
        assert tab is not None
        qtbot.waitUntil(lambda: tab.loading is not None, timeout=10000)
        qtbot.wait(200)  # the gate's 'opening' line paints meanwhile
        assert window.workbench.building
    finally:
        release.set()
    qtbot.waitUntil(lambda: tab.page is not None, timeout=10000)
    qtbot.waitUntil(lambda: not window.workbench.building, timeout=10000)
    assert window.workbench.currentWidget() is tab
