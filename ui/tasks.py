"""The one way slow work leaves the GUI thread.

Work (key derivation, bulk decryption, export) runs on a one-thread pool, so jobs
never interleave (as in Picard's save pool); the result or the error comes back on the
GUI thread through a queued signal. Workers never touch widgets.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as exc:  # handed back to the GUI thread, never lost
            self._relay.failed.emit(exc)
        else:
            self._relay.done.emit(result)


class TaskRunner(QObject):
    """Runs callables off the GUI thread; ``busy_changed`` drives busy indicators."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relays: set[_Relay] = set()
        self._stops: dict[_Relay, threading.Event] = {}

    @property
    def busy(self) -> bool:
        return bool(self._relays)

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        stop: threading.Event | None = None,
    ) -> None:
        """Run ``work`` off the GUI thread; call ``on_done`` or ``on_error`` back on it.

        ``stop``, when given, is an event ``work`` checks between its steps:
        :meth:`stop_all` sets it, so locking never waits for a long export to end.
        """
        relay = _Relay(self)
        if stop is not None:
            self._stops[relay] = stop

        def finish(callback: Callable[[Any], None], value: Any) -> None:
            self._relays.discard(relay)
            self._stops.pop(relay, None)
            relay.deleteLater()
            if not self._relays:
                self.busy_changed.emit(False)
            callback(value)

        relay.done.connect(lambda result: finish(on_done, result))
        relay.failed.connect(lambda exc: finish(on_error, exc))
        was_busy = self.busy
        self._relays.add(relay)
        if not was_busy:
            self.busy_changed.emit(True)
        self._pool.start(_Job(work, relay))

    def stop_all(self) -> None:
        """Ask every stoppable job to end at its next step (before a lock waits)."""
        for stop in self._stops.values():
            stop.set()

    def wait(self, msecs: int = 30000) -> bool:
        """Block until queued work finished (for shutdown and tests)."""
        return self._pool.waitForDone(msecs)
