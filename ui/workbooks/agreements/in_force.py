"""The agreed words in force, shown in the editor beside a proposed change (or while
the agreement is paused or proposed again): they stay in force until both confirm."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QWidget

from models.agreements import AgreementView
from ui.dates import day
from ui.texts import text

# In lines of the text size chosen, so a larger size shows as many words.
IN_FORCE_LINES = (3, 10)  # the fewest and most lines the words in force take


def in_force_html(view: AgreementView) -> str | None:
    """The words in force as the editor shows them; None when they are not shown (no
    agreed words, retired, or nothing proposed beside them)."""
    agreed = view.in_force
    show = agreed is not None and view.status != "retired" and (
        view.pending_change or view.status in ("paused", "proposed"))
    if not show or agreed is None:
        return None
    parts = [f"<b>{escape(text('agreements', 'in_force_heading', date=day(view.agreed_at)))}"
             "</b>"]
    for field in ("title", "wording", "in_practice", "not_ok"):
        words = agreed.text.get(field, "").strip()
        if words:
            label = escape(text("agreements_fields", field))
            parts.append(f"<i>{label}</i><br>{escape(words)}")
    return "<br><br>".join(parts).replace("\n", "<br>")


class WordsInForce(QScrollArea):
    """The agreed words in force: as tall as they are, up to a quarter of the editor's
    height (3 to 10 lines), so a small window keeps its fields in sight and a large one
    shows the words whole; past that they scroll, with the arrow keys too."""

    def __init__(self, words: QLabel, editor: QWidget) -> None:
        super().__init__()
        self._editor = editor
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setWidget(words)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def _height(self) -> int:
        words = self.widget()
        if words is None:
            return 0
        line = words.fontMetrics().lineSpacing()
        fewest, most = IN_FORCE_LINES
        lines = max(fewest, min(most, self._editor.height() // 4 // max(line, 1)))
        margins = words.contentsMargins()  # the style sheet's padding
        room = lines * line + margins.top() + margins.bottom()  # whole lines, none cut
        width = self.viewport().width() if self.isVisible() else self._editor.width() - 40
        return min(words.heightForWidth(max(width, 100)), room) + 2 * self.frameWidth()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(super().sizeHint().width(), self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(super().minimumSizeHint().width(), self._height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # the words wrap anew: their height changes
