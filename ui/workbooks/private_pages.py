"""What every tab with a partner's private pages shares (#8): together at one keyboard the
pages stay behind a gate until their owner types their own password at that moment
(:func:`ui.widgets.fresh_password.ask_fresh`), and they close again on the tab's own
Close button, another tab, a lock (the tab is hidden, then deleted), or
``journal/idle_minutes`` without a key press, click or scroll anywhere. Words copied from
them do not stay on the clipboard for the other partner to paste.

A tab subclasses :class:`PrivatePagesTab` and says how its pages open
(:meth:`~PrivatePagesTab.open_private`), close (:meth:`~PrivatePagesTab.close_private`)
and save (:meth:`~PrivatePagesTab.flush`). Its words live in ``[<name>_gate]``.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget
from shiboken6 import isValid

from models.proof import FreshProof
from ui import settings
from ui.texts import counted, text
from ui.widgets.common import MessageLabel, body_label, centered, left_aligned, named, title_label
from ui.widgets.fresh_password import FreshPasswordDialog, ask_fresh
from ui.workbooks import WorkbookContext

_ACTIVITY = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel)


class PrivateGate(QWidget):
    """The closed private pages in a together session: one "Open my …" button per
    partner, each named, and nothing else about either partner's pages.

    Nothing on it depends on what either partner wrote: not whether anything was
    written, how much, or when. It reads nothing private. ``open_requested`` carries the
    partner whose button was pressed.
    """

    open_requested = Signal(int)

    def __init__(self, ctx: WorkbookContext, name: str) -> None:
        super().__init__()
        section = f"{name}_gate"
        self.setObjectName(f"{name}Gate")
        self.setAccessibleName(text(section, "title"))
        self.buttons: dict[int, QPushButton] = {}
        for partner in ctx.session.partners:
            who = ctx.session.name_of(partner)
            button = named(QPushButton(text(section, "open", name=who)), f"{name}Open{partner}",
                           text(section, "open_name", name=who))
            button.clicked.connect(lambda _=False, p=partner: self.open_requested.emit(p))
            self.buttons[partner] = button
        self.message = MessageLabel(f"{name}GateMessage", kind="notice")
        layout = QVBoxLayout()
        layout.setSpacing(10)
        layout.addWidget(title_label(text(section, "title"), f"{name}GateTitle"))
        layout.addWidget(body_label(text(section, "intro"), f"{name}GateIntro"))
        layout.addWidget(body_label(text(section, "privacy"), f"{name}GatePrivacy", role="hint"))
        layout.addSpacing(6)
        for button in self.buttons.values():
            layout.addLayout(left_aligned(button))
        layout.addWidget(self.message)
        centered(self, layout, 620)


class PrivatePagesTab(QWidget):
    """A tab whose private pages open together only with their owner's password.

    ``self.gate`` (set by the subclass) has a ``message``; ``fresh`` is the password
    dialog while it is asked; ``idle`` closes the pages after the minutes set.
    """

    check_requested = Signal()  # Help → Check this workbook file…, from a damaged part

    def __init__(self, ctx: WorkbookContext, name: str) -> None:
        super().__init__()
        self.setObjectName(f"{name}Tab")
        self.ctx = ctx
        self.together = ctx.session.together
        self.gate_texts = f"{name}_gate"
        self.fresh: FreshPasswordDialog | None = None
        self.closed_by_idle = False
        self.idle = QTimer(self)
        self.idle.setObjectName(f"{name}Idle")
        self.idle.setSingleShot(True)
        self.idle.setTimerType(Qt.TimerType.PreciseTimer)  # minutes, to the millisecond
        self.idle.timeout.connect(self._idle_close)

    # what each tab says

    def is_open(self) -> bool:
        raise NotImplementedError

    def open_private(self, owner: int, proof: FreshProof | None) -> bool:
        raise NotImplementedError

    def close_private(self) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        """Save what is typed but not saved yet (before a lock)."""

    # opening together

    def ask_to_open(self, partner: int) -> None:
        """Together: ask ``partner`` for their own password now, then open their pages."""
        if self.is_open() or self.fresh is not None or self.ctx.session.locked:
            return
        self._say("")
        name = self.ctx.session.name_of(partner)
        self.fresh = ask_fresh(self.ctx, (partner,), text(self.gate_texts, "password", name=name),
                               self, lambda proofs: self.open_private(partner,
                                                                      proofs.get(partner)),
                               title=text(self.gate_texts, "password_title", name=name))
        self.fresh.finished.connect(self._asked)

    def _asked(self) -> None:
        self.fresh = None

    def watch_idle(self) -> None:
        """The pages are open together: from now on they close after the idle minutes."""
        self.closed_by_idle = False
        self.idle.setInterval(max(1, settings.JOURNAL_IDLE_MINUTES.get()) * 60_000)
        self.idle.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # closing

    def stop_watching(self) -> None:
        """The pages are closing: no idle close, no password dialog left open."""
        self.idle.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._reject_fresh()

    def guard_clipboard(self, pages: Sequence[QWidget]) -> None:
        """Words copied from ``pages`` do not stay for the other partner to paste."""
        guard = getattr(self.window(), "clipboard_guard", None)
        if guard is not None:
            guard.clear_ours(list(pages))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in _ACTIVITY and self.idle.isActive():
            self.idle.start()
        return False

    def _idle_close(self) -> None:
        minutes = max(1, round(self.idle.interval() / 60_000))
        self.close_private()
        self.closed_by_idle = True
        self._say(counted(self.gate_texts, "closed_idle", minutes, minutes=minutes))

    def _say(self, line: str) -> None:
        message = getattr(getattr(self, "gate", None), "message", None)
        if isinstance(message, MessageLabel):
            if line:
                message.say(line)
            else:
                message.clear_message()

    def _reject_fresh(self) -> None:
        if self.fresh is not None and isValid(self.fresh):
            self.fresh.reject()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        """Another tab, a lock or the resting page: together, the private pages close."""
        if self.together:
            self._reject_fresh()
            self.close_private()
        else:
            self.flush()
        super().hideEvent(event)
