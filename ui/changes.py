"""One signal for "a record changed", so every view showing it can update itself.

A tab that saves something calls :meth:`Changes.announce`; Home, lists and detail panes
connect to :attr:`Changes.changed` and refresh only what the change touches. It carries
which workbook and which record (a uuid, or "" for "several"), never any words.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Changes(QObject):
    """The unlocked session's change notifications (one per Workbench)."""

    changed = Signal(str, str)  # workbook key ("agreements", "consent", …), record uuid or ""

    def announce(self, workbook: str, uuid: str = "") -> None:
        self.changed.emit(workbook, uuid)
