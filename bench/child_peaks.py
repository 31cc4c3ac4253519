"""The export child processes' own peak memory, for ``bench.ui_run`` (#9)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any


def _peak_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass  # ended already, or no /proc here
    return 0.0


class ChildPeaks:
    """The export child processes' own peak RSS, read from /proc while they run.

    getrusage's RUSAGE_CHILDREN does not tell it: on Linux a child's maximum takes in
    its parent's peak when it starts its program (the window's, here), so it read as
    the window's peak again whatever the child held."""

    def __init__(self) -> None:
        self.pids: list[int] = []
        self.peak = 0.0
        self.last = 0.0
        pids = self.pids

        class Watched(subprocess.Popen):  # type: ignore[type-arg]
            """Popen noting each child's pid (in this bench process only)."""

            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                pids.append(self.pid)

        subprocess.Popen = Watched  # type: ignore[misc]

    def sample(self) -> None:
        """At most every 20 ms: the largest peak of a child still running."""
        now = time.perf_counter()
        if now - self.last >= 0.02:
            self.last = now
            for pid in self.pids:
                self.peak = max(self.peak, _peak_mib(pid))
