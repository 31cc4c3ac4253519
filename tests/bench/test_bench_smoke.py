"""``make bench`` runs end to end at a tiny size and prints every row in its one-line
form. It asserts no time: only that each row was measured and printed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^(?P<measure>[^:]+): trellis=(?P<trellis>\S+) floor=(?P<floor>\S+) "
                  r"ratio=(?P<ratio>\S+) target=(?P<target>\S+) (?P<verdict>ok|miss)$")
MEASURES = (
    "process start -> unlock window painted",
    "unlock -> Agreements tab painted (20)",
    "search as you type, p95 (20)",
    "agreement autosave, median (20)",
    "consent answer, median (20 items)",
    "longest GUI stall during agreements PDF export (20)",
    "agreements PDF, ",
    "opening a large vault, process start -> unlock window painted and its file open "
    "(20 vs empty)",
    "peak RSS outside key derivation, window + export child (20)",
)


def test_bench_prints_every_row_at_a_tiny_size(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BENCH_CACHE": str(tmp_path)}
    env.pop("BENCH_FULL", None)
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--sizes", "20", "--repeat", "1", "--samples", "3",
         "--fast-kdf"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = {m["measure"]: m for m in map(LINE.match, done.stdout.splitlines()) if m}
    for measure in MEASURES:
        found = [row for name, row in rows.items() if name.startswith(measure)]
        assert found, f"no line for {measure!r} in:\n{done.stdout}"
        assert found[0]["trellis"] != "-", f"{measure} was not measured:\n{done.stdout}"
    assert "failed" not in done.stdout and "gave no result" not in done.stdout, done.stdout
