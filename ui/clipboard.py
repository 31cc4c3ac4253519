"""Lock leaves nothing on the clipboard that Trellis put there, and leaves the rest alone.

Whatever a person copies elsewhere is theirs: Trellis clears the clipboard on lock only
when its text is Trellis's — copied from a Trellis widget (remembered as a digest, never
as the words), or equal to the whole text of a widget the lock is about to destroy.
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QClipboard
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QWidget

Mode = QClipboard.Mode


def _digest(words: str) -> bytes:
    import hashlib  # not before the unlock window's first paint (#9)

    return hashlib.sha256(words.encode("utf-8", "surrogatepass")).digest()


def selected_text(widget: QWidget | None) -> str:
    """What is selected in ``widget`` (what a copy from it puts on the clipboard)."""
    from PySide6.QtWidgets import QPlainTextEdit, QTextEdit  # not before the first paint

    if isinstance(widget, QLineEdit | QLabel):
        return widget.selectedText()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        # Qt marks paragraph ends in a selection with U+2029; a copy turns them into \n.
        return widget.textCursor().selectedText().replace("\u2029", "\n")
    return ""


def whole_text(widget: QWidget) -> str:
    """All the text ``widget`` shows (never a password field's)."""
    from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

    if isinstance(widget, QLineEdit):
        return widget.text() if widget.echoMode() == QLineEdit.EchoMode.Normal else ""
    if isinstance(widget, QLabel):
        return widget.text()
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return widget.toPlainText()
    return ""


class ClipboardGuard(QObject):
    """Remembers (as digests) what was copied from a Trellis widget; :meth:`clear_ours`
    clears the clipboard on lock when it still holds it."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ours: set[bytes] = set()
        clipboard = QApplication.clipboard()
        clipboard.dataChanged.connect(lambda: self._changed(Mode.Clipboard))
        clipboard.selectionChanged.connect(lambda: self._changed(Mode.Selection))

    def _changed(self, mode: QClipboard.Mode) -> None:
        words = QApplication.clipboard().text(mode)
        if words and words == selected_text(QApplication.focusWidget()):
            self._ours.add(_digest(words))

    def clear_ours(self, roots: list[QWidget]) -> bool:
        """Clear each clipboard (and the X11 selection) holding Trellis's text: a copy
        remembered, or the whole text of a widget under ``roots``. True if it cleared."""
        clipboard = QApplication.clipboard()
        modes = [Mode.Clipboard] + ([Mode.Selection] if clipboard.supportsSelection() else [])
        cleared = False
        for mode in modes:
            words = clipboard.text(mode)
            if words and (_digest(words) in self._ours or self._shown(words, roots)):
                clipboard.clear(mode)
                cleared = True
        self._ours.clear()
        return cleared

    @staticmethod
    def _shown(words: str, roots: list[QWidget]) -> bool:
        target = words.strip()
        if not target:
            return False
        for root in roots:
            for widget in [root, *root.findChildren(QWidget)]:
                if whole_text(widget).strip() == target:
                    return True
        return False
