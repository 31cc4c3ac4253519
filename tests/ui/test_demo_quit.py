"""``app.py --demo`` removes its throwaway folder however it is quit (#7)."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app.py"


def start_demo(tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
           "HOME": str(tmp_path / "home"), "TMPDIR": str(temp)}
    child = subprocess.Popen([sys.executable, "-u", str(APP), "--demo"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return child, temp


def wait_for_line(child: subprocess.Popen[str], start: str, limit: float = 120) -> str:
    """The first line of the child's output that begins with ``start``."""
    assert child.stdout is not None
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select([child.stdout], [], [], 1)
        if ready:
            line = child.stdout.readline()
            if not line:
                break
            if line.startswith(start):
                return line
    child.kill()
    raise AssertionError(f"the demo never said {start!r}")


def finish(child: subprocess.Popen[str]) -> int:
    try:
        return child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()


@pytest.mark.parametrize("sent", [signal.SIGTERM, signal.SIGINT])
def test_quitting_the_demo_window_by_signal_removes_its_folder(tmp_path, sent) -> None:
    child, temp = start_demo(tmp_path)
    wait_for_line(child, "Trellis is open.")
    assert [p.name for p in temp.iterdir()][0].startswith("trellis-demo-")
    child.send_signal(sent)
    assert finish(child) == 0, "closed the ordinary way"
    assert list(temp.iterdir()) == []


def test_sigterm_while_the_demo_is_being_made_still_removes_its_folder(tmp_path) -> None:
    """The vault takes a moment to make (real key derivation), before any window."""
    child, temp = start_demo(tmp_path)
    wait_for_line(child, "Demo vault (deleted when you quit)")
    child.send_signal(signal.SIGTERM)
    finish(child)
    assert list(temp.iterdir()) == []
