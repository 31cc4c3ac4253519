"""Nothing clips its words (#7): at 900×600 with every text size, and at 1400×900 with
the normal one, every button, combo box and one-line label on every tab of the
main window is at least as wide as it asks to be.

Together with the demo couple (their agreements are in four states, so each set of
steps is shown), each agreement chosen in turn.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QScrollArea,
    QWidget,
)

from models.demo import create_demo_vault
from models.keys import FAST_TEST_COST
from tests.ui.conftest import unlock_together
from ui import theme
from ui.main_window import MainWindow
from ui.workbooks.agreements import AgreementsTab

# The QApplication outlives each file: every test here gives its look back.
pytestmark = pytest.mark.usefixtures("plain_look_afterwards")


def clipped(window: QWidget) -> list[str]:
    """Visible buttons, combo boxes and one-line labels narrower than their words."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel):
            if widget.wordWrap() or not widget.text():
                continue
            words = widget.text()
        elif isinstance(widget, QAbstractButton):
            words = widget.text()
        elif isinstance(widget, QComboBox):
            words = widget.currentText()
        else:
            continue
        if widget.width() < widget.sizeHint().width() - 1:
            found.append(f"{type(widget).__name__} '{widget.objectName()}' {words!r}: "
                         f"{widget.width()} px of {widget.sizeHint().width()}")
    return found


def settle(qtbot) -> None:
    qtbot.wait(20)  # layouts run at Qt's next turn
    QApplication.processEvents()


@pytest.mark.parametrize(("width", "height", "text_size"),
                         [*((900, 600, size) for size in theme.TEXT_SIZES),
                          (1400, 900, "normal")])
def test_no_tab_clips_its_words(qtbot, qapp, tmp_path: Path, width: int, height: int,
                                text_size: str) -> None:
    path = tmp_path / "demo.vault"
    people = create_demo_vault(path, FAST_TEST_COST)
    theme.apply_theme(qapp, "light", text_size)
    window = MainWindow(path, cost=FAST_TEST_COST)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    window.start()
    unlock_together(qtbot, window, people[1][1], people[2][1])
    assert window.session is not None and window.session.together
    settle(qtbot)
    assert window.width() <= width and window.height() <= height, "fits the screen"

    problems: list[str] = []
    workbench = window.workbench
    for index in range(workbench.count()):
        workbench.setCurrentIndex(index)
        tab = workbench.currentWidget()
        settle(qtbot)
        problems += [f"{tab.objectName()}: {p}" for p in clipped(window)]
        if isinstance(tab, AgreementsTab):
            assert len({view.status for view in tab.views}) >= 3
            for view in tab.views:  # each status shows its own steps
                tab.list.select(view.uuid)
                settle(qtbot)
                problems += [f"{tab.objectName()} ({view.status}): {p}"
                             for p in clipped(window)]
    window.tasks.wait()
    window.close()
    assert not problems, "\n".join(sorted(set(problems)))


def test_tab_goes_from_field_to_field_in_the_editor(qtbot, tmp_path: Path) -> None:
    """The editor's scroll area is no stop of its own: Tab walks each field in turn and
    each step, and the area scrolls to the field that has focus."""
    path = tmp_path / "demo.vault"
    people = create_demo_vault(path, FAST_TEST_COST)
    window = MainWindow(path, cost=FAST_TEST_COST)
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    window.start()
    unlock_together(qtbot, window, people[1][1], people[2][1])
    tab = window.workbench.findChild(AgreementsTab)
    window.workbench.setCurrentWidget(tab)
    draft = next(view for view in tab.views if view.status == "draft")
    tab.list.select(draft.uuid)
    editor = tab.editor
    window.activateWindow()
    editor.title.setFocus()
    qtbot.waitUntil(editor.title.hasFocus)
    reached = []
    for _ in range(30):  # round the whole tab and back
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
        if reached[-1] is editor.title:
            break
    assert reached[-1] is editor.title, "Tab comes round again"
    assert not [w.objectName() for w in reached if isinstance(w, QScrollArea)]
    fields = [editor.category, editor.cadence, *editor.areas.values(), tab.buttons["propose"]]
    assert reached[:len(fields)] == fields
    window.tasks.wait()
    window.close()
