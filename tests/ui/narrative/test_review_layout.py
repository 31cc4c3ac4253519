"""Our stories at 900x600 with the largest text (#11, review N8): what a partner wrote
is read whole, never cut at the side of a list."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from models import narrative
from tests.ui.conftest import PASSWORDS, unlock_solo
from tests.ui.narrative.frame_helpers import narrative_tab, settle
from ui import theme
from ui.workbooks.narrative.exceptions import ExceptionsPage

LONG = ("Sasha's plans changed on Friday and I asked calmly instead of spiralling, and we "
        "talked for an hour on the back step until it was dark")


def test_a_long_moment_wraps_in_the_list_instead_of_scrolling_sideways(
        qtbot, window, existing_vault, qapp, plain_look_afterwards) -> None:
    theme.apply_theme(qapp, "light", "larger")
    window.resize(900, 600)
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    narrative.save_draft(window.session.keyring, 1, "exception",
                         {"happened_on": "2026-11-14", "what": LONG})
    tab = narrative_tab(window)
    page = tab.show_page("exception")
    assert isinstance(page, ExceptionsPage)
    settle(window)
    QApplication.processEvents()
    moments = page.list
    assert moments.isVisible() and moments.count() == 1
    assert moments.horizontalScrollBar().maximum() == 0  # nothing off to the side
    row = moments.visualRect(moments.model().index(0, 0))
    assert row.width() <= moments.viewport().width()
    line = moments.fontMetrics().lineSpacing()
    assert row.height() >= 2 * line  # the row takes the lines it needs
