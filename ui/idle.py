"""Locking that needs no click in the main window: after quiet time, on Ctrl+L from any
window, and closing every dialog when it happens."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from shiboken6 import isValid

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    """Installed on the application; emits ``idle`` once after ``timeout_ms`` of quiet."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.idle)

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self._timer.setInterval(timeout_ms)
        if self._timer.isActive():
            self._timer.start()

    def interval_ms(self) -> int:
        return int(self._timer.interval())

    def start(self) -> None:
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False


def is_lock_key(event: QEvent) -> bool:
    """Ctrl+L (Cmd+L on a Mac), with no other modifier than the keypad's."""
    if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
        return False
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() == Qt.Key.Key_L and modifiers == Qt.KeyboardModifier.ControlModifier


class LockKey(QObject):
    """Installed on the application; emits ``pressed`` on Ctrl+L in any window.

    A QShortcut or QAction shortcut belongs to one window, and Qt ignores it while a
    modal dialog blocks that window, even with ``ApplicationShortcut`` context. The
    application's event filter sees the key press whichever window has the focus.
    """

    pressed = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if is_lock_key(event):
            self.pressed.emit()
            return True
        return False


def close_every_dialog(window: QWidget) -> None:
    """Close and delete every open dialog, so none keeps a typed password or decrypted
    words in a hidden window: ``window``'s own (at any depth) and any without a parent.

    Innermost first, and with ``reject`` before anything else goes: a dialog may save
    what it holds as it closes. ``reject`` also ends an ``exec()``-ed dialog's loop.
    """
    dialogs = list(window.findChildren(QDialog))
    app = QApplication.instance()
    if isinstance(app, QApplication):
        dialogs += [w for w in app.topLevelWidgets() if isinstance(w, QDialog) and w not in dialogs]
    for dialog in reversed(dialogs):
        if not isValid(dialog):
            continue
        dialog.reject()
        if isValid(dialog):
            dialog.hide()
            dialog.deleteLater()
