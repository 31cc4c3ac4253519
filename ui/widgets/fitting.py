"""Layouts and controls that keep their words whole at any text size and window size.

:class:`FlowLayout` lays out a row of buttons that wraps onto a second (or third) line
when the pane is too narrow for all of them, instead of squeezing each button until its
label is cut. :class:`ElidingComboBox` is a combo box that may be narrower than its
longest choice: it ends the shown choice with "…" (the whole one in its tooltip) rather
than cutting it off mid-letter. A :class:`Pane` is one side of a splitter that is never
squeezed narrower than what it holds needs, and :func:`keep_splitter` puts the handle
back where it was left. :func:`compact` lets a plain combo box of long labels shrink
with its pane.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QLayout,
    QLayoutItem,
    QSplitter,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QWidget,
)

from ui.settings import splitter_state

SPACING = 6  # px between buttons, across and down


class FlowLayout(QLayout):
    """Items left to right, wrapping to a new line when the next one would not fit.

    Each item keeps at least its size hint (a button its whole label). With ``fill``,
    the items of each line share the width left over on it, so two combo boxes side by
    side fill the pane, and each takes the whole width once they sit one above the
    other. Hidden widgets take no room.
    """

    def __init__(self, parent: QWidget | None = None, fill: bool = False,
                 spacing: int = SPACING) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._fill = fill
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    # QLayout's list of items

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt API)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 (Qt API)
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    # sizes

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 (Qt API)
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        """Everything on one line."""
        shown = self._shown()
        width = sum(item.sizeHint().width() for item in shown)
        width += self.spacing() * max(0, len(shown) - 1)
        height = max((item.sizeHint().height() for item in shown), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def minimumSize(self) -> QSize:  # noqa: N802 (Qt API)
        """As narrow as the widest item (each on a line of its own)."""
        size = QSize()
        for item in self._shown():
            size = size.expandedTo(item.sizeHint().expandedTo(item.minimumSize()))
        return size.grownBy(self.contentsMargins())

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 (Qt API)
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def _shown(self) -> list[QLayoutItem]:
        return [item for item in self._items if not item.isEmpty()]

    def _lines(self, width: int) -> list[list[QLayoutItem]]:
        lines: list[list[QLayoutItem]] = []
        used = 0
        for item in self._shown():
            wanted = item.sizeHint().width()
            if lines and used + self.spacing() + wanted <= width:
                lines[-1].append(item)
                used += self.spacing() + wanted
            else:
                lines.append([item])
                used = wanted
        return lines

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items inside ``rect`` (when ``move``); the height that takes."""
        margins: QMargins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        y = area.y()
        for line in self._lines(area.width()):
            height = max(item.sizeHint().height() for item in line)
            natural = sum(item.sizeHint().width() for item in line)
            spare = max(0, area.width() - natural - self.spacing() * (len(line) - 1))
            x = area.x()
            for number, item in enumerate(line):
                width = item.sizeHint().width()
                if self._fill:  # share what is left over, the last one taking the rest
                    width += spare // len(line) + (spare % len(line)
                                                   if number == len(line) - 1 else 0)
                if move:
                    item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
                x += width + self.spacing()
            y += height + self.spacing()
        used = y - self.spacing() - area.y() if self._shown() else 0
        return used + margins.top() + margins.bottom()


class ElidingComboBox(QComboBox):
    """A combo box that shows "…" at the end of a choice too long for its width.

    Its size hint is ``letters`` wide (the longest choices need not widen a pane); the
    whole choice is in its list, its tooltip and its accessible value.
    """

    def __init__(self, letters: int = 10, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(letters)
        self.currentTextChanged.connect(self._tell_whole)

    def _tell_whole(self, words: str) -> None:
        self.setToolTip(words if self._elided(words) != words else "")

    def _field(self, option: QStyleOptionComboBox) -> QRect:
        return self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                           QStyle.SubControl.SC_ComboBoxEditField, self)

    def _elided(self, words: str) -> str:
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        room = self._field(option).width() - 2
        return self.fontMetrics().elidedText(words, Qt.TextElideMode.ElideRight, room)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._tell_whole(self.currentText())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        if self.isEditable():
            super().paintEvent(event)
            return
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self._elided(option.currentText)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class Pane(QWidget):
    """One side of a splitter: at least ``least`` px wide, and wider when what it holds
    needs more (long names, a large text size), so the splitter never squeezes it."""

    def __init__(self, least: int) -> None:
        super().__init__()
        self._least = least

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        hint = super().minimumSizeHint()
        return QSize(max(self._least, hint.width()), hint.height())


def keep_splitter(splitter: QSplitter) -> None:
    """Put the splitter's handle back where it was left, and remember where it goes
    (positions only, under the splitter's objectName)."""
    setting = splitter_state(splitter.objectName())
    saved = setting.get()
    if saved:
        splitter.restoreState(QByteArray.fromBase64(saved.encode("ascii")))
    splitter.splitterMoved.connect(
        lambda *_: setting.set(bytes(splitter.saveState().toBase64().data()).decode("ascii")))


def compact(combo: QComboBox, letters: int = 10) -> QComboBox:
    """Let a combo of long labels shrink with its pane instead of widening the window."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(letters)
    return combo
