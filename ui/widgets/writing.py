"""Places to write and the parts a writing page is laid out with, shared by the
workbooks: a text area that grows with its words, keeping its cursor in view while
typing, a heading, and two parts side by side while there is room (#8)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QPlainTextEdit, QScrollArea, QSizePolicy, QWidget
from shiboken6 import isValid

from ui.widgets.common import body_label, named

WRITING_LINES = 4  # a section's place to write, in lines of the text size chosen
MOST_LINES = 16  # then it scrolls inside


class GrowingText(QPlainTextEdit):
    """A place to write that grows with its words, from ``least`` lines of its own font
    to ``most`` (then it scrolls inside), so a short section stays short and the page
    scrolls as a whole. Tab moves on."""

    CHROME = 2 * 4 + 2 * 8  # the document's margin and the style's frame and padding
    resized = Signal()

    def __init__(self, least: int = WRITING_LINES, most: int = MOST_LINES) -> None:
        super().__init__()
        self._least, self._most = least, most
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(
            lambda _size: self.updateGeometry())

    def _height(self) -> int:
        lines = int(self.document().size().height())  # lines, wrapped ones included
        lines = min(max(lines + 1, self._least), self._most)  # room for the next line
        return self.fontMetrics().lineSpacing() * lines + self.CHROME

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(super().sizeHint().width(), self._height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self.resized.emit()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(super().minimumSizeHint().width(), self._height())


def writing_area(object_name: str, accessible: str, lines: int = WRITING_LINES
                 ) -> GrowingText:
    """A named :class:`GrowingText`, ``lines`` lines tall at least."""
    return named(GrowingText(lines), object_name, accessible)


def follow_cursor(scroll: QScrollArea, area: GrowingText) -> None:
    """Keep ``area``'s cursor in view in the page's ``scroll`` while typing, also once
    the area has grown (the page is laid out again a moment after a line is added)."""

    def keep() -> None:
        inner = scroll.widget()
        if inner is None or not isValid(area) or not area.hasFocus():
            return
        spot = area.viewport().mapTo(inner, area.cursorRect().center())
        scroll.ensureVisible(spot.x(), spot.y(), 0, area.fontMetrics().lineSpacing() * 2)

    def soon() -> None:
        if area.hasFocus():  # typing, not loading: once the area has grown
            QTimer.singleShot(0, area, keep)

    area.cursorPositionChanged.connect(soon)
    area.resized.connect(soon)


def heading(words: str, object_name: str) -> QLabel:
    label = body_label(words, object_name)
    label.setProperty("role", "heading")
    return label


class SideBySide(QWidget):
    """Two parts side by side, tops level, while each has ``least`` px; one above the
    other when not (a narrow pane, a large text size)."""

    def __init__(self, first: QWidget, second: QWidget, object_name: str,
                 least: int = 340) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self._least = 2 * least
        self._row = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addWidget(first, 1, Qt.AlignmentFlag.AlignTop)
        self._row.addWidget(second, 1, Qt.AlignmentFlag.AlignTop)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        wanted = (QBoxLayout.Direction.LeftToRight if event.size().width() >= self._least
                  else QBoxLayout.Direction.TopToBottom)
        if self._row.direction() != wanted:
            self._row.setDirection(wanted)
