"""The last line of defence: an unexpected error gets a calm dialog, never a traceback.

The log gets the exception's type and where it happened — not its message, which could
quote something a partner wrote.
"""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication

from ui.texts import text

log = logging.getLogger("trellis.crash")


def describe_without_content(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> str:
    """Type and stack frames only; exception messages are left out on purpose."""
    frames = traceback.extract_tb(tb)
    lines = [f"  {Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames]
    chain = []
    cause = error.__cause__ or error.__context__
    while cause is not None and len(chain) < 5:
        chain.append(type(cause).__name__)
        cause = cause.__cause__ or cause.__context__
    caused = f" (after {', '.join(chain)})" if chain else ""
    return f"{kind.__name__}{caused}\n" + "\n".join(lines)


def install(log_file: Path) -> None:
    """Route uncaught exceptions to the log and a calm dialog."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        log.error("unexpected error: %s", describe_without_content(kind, error, tb))
        if QApplication.instance() is not None:
            from PySide6.QtWidgets import QMessageBox  # not needed before the first paint

            box = QMessageBox()
            box.setObjectName("unexpectedErrorDialog")
            box.setIcon(QMessageBox.Icon.Information)
            box.setWindowTitle(text("app", "title"))
            box.setText(text("errors", "unexpected", log=str(log_file)))
            box.exec()

    sys.excepthook = hook
