"""Does this PySide6 build leak references to ``None``?

PySide6 6.12.0 on CPython 3.11 lowers ``None``'s reference count by one on every Qt
call that returns nothing (``QListWidgetItem.setData``, ``QListWidget.addItem``,
``clear``, ``setCurrentRow``) and on a ``data()`` call for an unset role. On Python
3.11 ``None`` is an ordinary object, so after a few thousand calls the interpreter
aborts with "Fatal Python error: none_dealloc". On 3.12+ ``None`` is immortal and the
count never moves, so this script has nothing to measure there.

Run it on each new PySide6 release, and attach its output to an upstream report::

    QT_QPA_PLATFORM=offscreen python tools/pyside_none_refcount.py [CALLS]

It holds a reserve of extra references to ``None`` while it measures, so a leaking
build is measured over every call instead of aborting, prints one line per call and
exits 1 if any call changes the count (skipping interpreter shutdown, which would
abort on the leaked references), 0 if none does. ``tests/ui/test_pyside_refcount.py``
runs it in a child process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

# Extra references to None, far more than the calls below can take away, so a leaking
# build cannot drive the count to zero while it is being measured.
_RESERVE = [None] * 1_000_000


# A sound build moves the count by a handful at most (caches filling on first use); a
# leaking one by one or more per call.
TOLERANCE = 0.01


def _drift(call: Callable[[], object], calls: int) -> float:
    """Average change of ``None``'s reference count per call, over ``calls`` calls."""
    for _ in range(10):  # warm up: first calls may fill caches that keep a None
        call()
    before = sys.getrefcount(None)
    for _ in range(calls):
        call()
    return (sys.getrefcount(None) - before) / calls


def main(argv: list[str]) -> int:
    calls = int(argv[1]) if len(argv) > 1 else 20_000
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import PySide6
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QListWidget, QListWidgetItem

    print(f"PySide6 {PySide6.__version__}, Python {sys.version.split()[0]}")
    if sys.version_info >= (3, 12):
        print("None is immortal on this Python: nothing to measure")
        return 0
    app = QApplication.instance() or QApplication([])
    widget = QListWidget()
    item = QListWidgetItem("row")
    widget.addItem(item)
    role = Qt.ItemDataRole.UserRole
    unset_role = Qt.ItemDataRole.UserRole + 7

    def add_and_clear() -> None:
        widget.addItem("another")
        widget.clear()

    checks: dict[str, Callable[[], object]] = {
        "QListWidgetItem.setData": lambda: item.setData(role, "value"),
        "QListWidgetItem.data (unset role)": lambda: item.data(unset_role),
        "QListWidget.setCurrentRow": lambda: widget.setCurrentRow(0),
        "QListWidget.addItem + clear": add_and_clear,
    }
    leaking = 0
    for name, call in checks.items():
        drift = _drift(call, calls)
        leaks = abs(drift) > TOLERANCE
        verdict = "LEAKS" if leaks else "ok"
        leaking += leaks
        print(f"{name}: {drift:+.4f} references to None per call over {calls} calls  {verdict}")
    del app
    return 1 if leaking else 0


if __name__ == "__main__":
    code = main(sys.argv)
    sys.stdout.flush()
    # A leaking build has taken references the reserve's release would give back to
    # zero: leave without running the shutdown that would abort on them.
    os._exit(code)
