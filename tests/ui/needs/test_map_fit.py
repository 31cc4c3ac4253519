"""On a narrow window the map starts zoomed out so both columns of needs are in view,
never so far that the words become too small to read (#12; at 900x600 the right-hand
column started out of sight)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.ui.needs.map_helpers import Source, context, small_map
from ui.workbooks.needs.map_view import FIT_SMALLEST, MapPage


def opened(qtbot, width: int) -> MapPage:
    page = MapPage(context(), None, loader=Source(small_map()))
    qtbot.addWidget(page)
    page.resize(width, 600)
    page.show()
    qtbot.waitExposed(page)
    QApplication.processEvents()
    qtbot.wait(50)
    return page


def test_a_narrow_map_starts_zoomed_out_to_its_width(qtbot) -> None:
    page = opened(qtbot, 560)
    view = page.view
    assert view.zoom() < 1.0
    assert view.zoom() >= FIT_SMALLEST
    fits = view.sceneRect().width() * view.zoom() <= view.viewport().width()
    assert fits or view.zoom() == FIT_SMALLEST
    assert view.horizontalScrollBar().value() == view.horizontalScrollBar().minimum()


def test_a_wide_map_keeps_its_own_size(qtbot) -> None:
    page = opened(qtbot, 1800)
    assert page.view.zoom() == 1.0
