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
    # Every tab of the session is built: only the tab showing is built before the first
    # paint, the others right after it (ui/workbench.py).
    all_built = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.built = False

    def announce(self, workbook: str, uuid: str = "") -> None:
        self.changed.emit(workbook, uuid)

    def tabs_built(self) -> None:
        if not self.built:
            self.built = True
            self.all_built.emit()
