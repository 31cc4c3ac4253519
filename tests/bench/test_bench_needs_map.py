"""The needs map's bench rows (#12) run end to end at a tiny size and print each row
in its one-line form. No time is asserted: only that each was measured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.bench.test_bench_smoke import LINE

ROOT = Path(__file__).resolve().parents[2]
MEASURES = ("needs map opened, read from the vault -> painted (10 needs, 20 commitments)",
            "needs map opened again, the tab's read held -> painted (10 needs, 20 commitments)",
            "needs map panning, frame time median (10 needs, 20 commitments)",
            "needs map panning, frame time p95 (10 needs, 20 commitments)")


def test_the_needs_map_rows_at_a_tiny_size(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BENCH_CACHE": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "bench.needs_map", "--repeat", "1", "--needs", "10",
         "--commitments", "20"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    rows = {m["measure"]: m for m in map(LINE.match, done.stdout.splitlines()) if m}
    for measure in MEASURES:
        assert measure in rows, f"no line for {measure!r} in:\n{done.stdout}"
        assert rows[measure]["trellis"] != "-" and rows[measure]["floor"] != "-", done.stdout
    assert "gave no result" not in done.stdout and "failed" not in done.stdout, done.stdout
