"""Start-up rows: process start → first paint of the unlock window, against a bare
PySide6 window with six tabs; and, for a large vault against an empty one, process
start → the unlock window painted *and* its file open behind it (the window opens the
file right after its first paint, #9: only then can a password be tried, so that is
when a large file's opening would show).

Each child is a fresh Python process timed from ``Popen`` to the line it prints when
the first paint event reaches the window it shows, so interpreter start, imports and
everything before the first paint count alike on both sides. Trellis starts through
``app.main`` exactly as ``python app.py --vault PATH`` does; the probe only watches.
"""

from __future__ import annotations

import os
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.vaults import ROOT, copy_of

# Watches for the first paint of the widget named NAME, says so, and quits. Installed
# when the event loop starts, which is where app.main hands over to Qt, on that widget
# alone: a filter on the whole application makes PySide6 wrap every object it sees,
# which costs a window with more kinds of objects more (Trellis's unlock window paid for
# ~80 Qt classes the bare window never made), so the probe would weigh on one side.
PROBE = """
import os
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

class _Probe(QObject):
    seen = False
    def eventFilter(self, obj, event):
        if (not self.seen and event.type() == QEvent.Type.Paint
                and obj.objectName() == NAME):
            self.seen = True
            print("painted", flush=True)
            os._exit(0)  # the timing is taken; nothing after it matters
        return False

_probe = _Probe()
_exec = QApplication.exec
def _watched_exec(self, *args):
    for top in QApplication.topLevelWidgets():
        watched = top if top.objectName() == NAME else top.findChild(QWidget, NAME)
        if watched is not None:
            watched.installEventFilter(_probe)
    return _exec()
QApplication.exec = _watched_exec
"""

BARE = PROBE.replace("NAME", "'bareWindow'") + """
from PySide6.QtWidgets import QLabel, QTabWidget
app = QApplication([])
window = QTabWidget()
window.setObjectName("bareWindow")
for i in range(6):
    window.addTab(QLabel(f"tab {i}"), f"Tab {i}")
window.resize(900, 640)
window.show()
app.exec()
"""

TRELLIS = PROBE.replace("NAME", "'unlockPage'") + """
import app as trellis
sys.exit(trellis.main(["--vault", sys.argv[1]]))
"""

# The same start, timed until the unlock page has painted and the file behind it is open.
OPENED = """
            from PySide6.QtCore import QTimer
            window = obj.window()
            def opened():
                if window.vault is not None:
                    print("painted", flush=True)
                    os._exit(0)
            self.poll = QTimer()
            self.poll.timeout.connect(opened)
            self.poll.start(0)
"""
READY = TRELLIS.replace("""
            print("painted", flush=True)
            os._exit(0)  # the timing is taken; nothing after it matters
""", OPENED)


def child_env(home: Path) -> dict[str, str]:
    """A private home, so no run reads or writes a real user's settings or log."""
    return {
        "QT_QPA_PLATFORM": "offscreen", "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"), "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"), "XDG_RUNTIME_DIR": str(home / "run"),
        "PYTHONPATH": str(ROOT),
    }


def time_to_paint(code: str, *args: str, home: Path, limit: float = 60.0) -> float:
    """Seconds from process start to the first paint of its window; infinity (printed
    "timeout") when none came within ``limit`` seconds (a window that shows something
    else, a notice say, never paints the page watched for)."""
    (home / "run").mkdir(parents=True, exist_ok=True, mode=0o700)
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True, env=child_env(home),
    )
    assert child.stdout is not None
    with selectors.DefaultSelector() as waiting:
        waiting.register(child.stdout, selectors.EVENT_READ)
        ready = waiting.select(timeout=limit)
    line = child.stdout.readline() if ready else ""
    elapsed = time.perf_counter() - start
    try:
        child.wait(timeout=0 if not ready else limit)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
    if not ready:
        return float("inf")
    if line.strip() != "painted":
        return float("nan")
    return elapsed


def start_rows(empty: Path, large: Path | None, rounds: int) -> dict[str, list[float]]:
    """Alternating runs (drift hits all sides alike). Without ``large``: the bare window
    and Trellis's unlock window painted, on an empty vault (``bare``, ``unlock_window``).
    With it: the unlock window painted and the file open, on the empty vault and on
    ``large`` (``ready_empty``, ``ready_large``). Each run opens a fresh copy (a copy
    left open by an earlier run would look unclean and get the whole integrity check)."""
    home = Path(tempfile.mkdtemp(prefix="trellis-bench-home-"))

    def trellis(code: str, source: Path) -> float:
        folder = home / "vault"
        shutil.rmtree(folder, ignore_errors=True)
        return time_to_paint(code, str(copy_of(source, folder)), home=home)

    out: dict[str, list[float]] = {"bare": [], "unlock_window": [], "ready_empty": [],
                                   "ready_large": []}
    for _ in range(rounds + 1):  # the first round only warms the file cache
        if large is None:
            out["bare"].append(time_to_paint(BARE, home=home))
            out["unlock_window"].append(trellis(TRELLIS, empty))
        else:
            out["ready_empty"].append(trellis(READY, empty))
            out["ready_large"].append(trellis(READY, large))
    shutil.rmtree(home, ignore_errors=True)
    return {name: times[1:] for name, times in out.items()}
