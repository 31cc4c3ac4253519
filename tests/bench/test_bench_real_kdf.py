"""The unlock row with the key derivation inside it (bench.real_kdf, #9): the window
unlocks a copy whose password slots were sealed again at the calibrated cost, and the row
counts what the unlock took beyond the same check timed alone. It asserts no time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import bench.__main__ as bench_main

ROOT = Path(__file__).resolve().parents[2]
COST = "2048,1,1"  # tiny: what is checked is the path, not the seconds


def test_a_run_with_the_derivation_inside_counts_what_came_beyond_it() -> None:
    inside = {"unlock_to_agreements": 1.30, "kdf_in_unlock": True, "kdf_alone": 1.10}
    fast = {"unlock_to_agreements": 0.30}
    assert abs(bench_main.unlock_seconds([inside], 1.0) - 1.20) < 1e-9
    assert abs(bench_main.unlock_seconds([fast], 1.0) - 1.30) < 1e-9
    timed_out = {"unlock_to_agreements": bench_main.TIMEOUT, "kdf_in_unlock": True,
                 "kdf_alone": 1.0}
    assert bench_main.unlock_seconds([timed_out], 1.0) == float("inf")


def test_the_window_unlocks_a_copy_sealed_at_the_given_cost(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BENCH_CACHE": str(tmp_path)}
    from bench.vaults import vault_of

    os.environ["BENCH_CACHE"] = str(tmp_path)
    try:
        vault = shutil.copy(vault_of(20, log=False), tmp_path / "copy.vault")
    finally:
        os.environ.pop("BENCH_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-m", "bench.ui_run", str(vault), "1",
         "--skip=search,autosave,consent,export,pdf", f"--kdf={COST}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads([line for line in done.stdout.splitlines() if line.startswith("{")][-1])
    assert result["errors"] == {} and result["kdf_in_unlock"] is True
    assert result["kdf_alone"] > 0 and result["unlock_to_agreements"] > 0
    assert result["peak_rss"] > 0

    from models.vault import Vault

    opened = Vault.open(Path(vault))
    try:
        costs = {(slot.kdf.memory_kib, slot.kdf.iterations, slot.kdf.lanes)
                 for slot in opened.slots("password")}
    finally:
        opened.close()
    assert costs == {(2048, 1, 1)}
