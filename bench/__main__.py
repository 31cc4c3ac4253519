"""Trellis benchmarks: ``make bench`` or ``python -m bench [--sizes 1000,10000] [--repeat N]``.

Every row of issue #9's table, each against its floor measured in the same run, as
one line ``<measure>: trellis=<value> floor=<value> ratio=<r>x target=<t> ok|miss``:

- process start → unlock window painted, against a bare PySide6 window with six tabs;
- unlock → Agreements tab painted (the real window, offscreen), against the same rows
  read and decrypted with plain peewee + AES-GCM and shown in a plain Qt list; the
  floor plus one key derivation at the cost calibrated here, Trellis unlocking at that
  cost, the derivation inside its unlock (bench.real_kdf: what the window does while
  it runs is not counted twice; with ``--fast-kdf``, the fast cost and the figure added);
- search as you type (p95), agreement autosave and a consent answer (medians), against
  a plain proxy filter and one encrypted row update;
- the longest GUI stall while the agreements PDF exports (a 5 ms timer on the GUI
  thread), and the PDF's time against plain reportlab for as many pages;
- opening a large vault, against an empty one; peak RSS (fast key derivation, so it is
  what Trellis holds outside the derivation);
- the private journal at the same size (#10, :mod:`bench.journal_rows`): opening it
  after the password, search as you type, saving an entry, each against its floor, and
  jrnl's encrypted journal with the same texts side by side;
- the needs map (#12, :mod:`bench.needs_map`), once: 200 needs and 500 commitments,
  opening it from the vault to its first paint and frame times while panning, against
  Qt's plainest scene of the same cards.

Sizes 1k and 10k (100k too with ``BENCH_FULL=1``). Each value is the median over
``--repeat`` runs; samples within a run are medians too (p95 for search). Machines are
noisy: compare ratios. Tests never assert times; this prints them.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import real_kdf, start
from bench.journal_rows import journal_rows
from bench.needs_map import COMMITMENTS, NEEDS, needs_map_rows
from bench.report import Row, median, p95
from bench.vaults import PASSWORDS, ROOT, bulk_path, copy_of, empty_vault, vault_of

STEP_LIMIT = float(os.environ.get("BENCH_STEP_LIMIT", "300"))  # seconds per step
# What each step of bench.ui_run measures: a step that timed out shows "timeout" there.
UI_STEPS = {
    "unlock": ("unlock_to_agreements", "rss_after_unlock"),
    "search": ("search",), "autosave": ("autosave",),
    "consent": ("consent_answer", "consent_dialog_open"),
    "export": ("export_stall", "export_dialog_seconds"), "pdf": ("pdf_seconds", "pdf_pages"),
}
TIMEOUT = "timeout"


def child(module: str, *args: str, limit: float = 3600) -> dict[str, Any]:
    """Run ``python -m module args`` in a private home; its last line is JSON. A child
    still running after ``limit`` seconds is ended and gives no result."""
    home = Path(tempfile.mkdtemp(prefix="trellis-bench-home-"))
    try:
        (home / "run").mkdir(mode=0o700)
        done = subprocess.run(
            [sys.executable, "-m", module, *args], cwd=ROOT, env=start.child_env(home),
            capture_output=True, text=True, timeout=limit, check=False,
        )
    except subprocess.TimeoutExpired:
        print(f"  ({module} still ran after {limit:.0f} s: ended, no result)", flush=True)
        return {}
    finally:
        shutil.rmtree(home, ignore_errors=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        tail = "\n".join(done.stderr.splitlines()[-8:])
        print(f"  ({module} gave no result, exit {done.returncode}:\n{tail})", flush=True)
        return {}
    result: dict[str, Any] = json.loads(lines[-1])
    for step, error in result.get("errors", {}).items():
        print(f"  ({module}: step {step} failed: {error})", flush=True)
    return result


def ui_child(vault: Path, folder: Path, samples: int, kdf: str = "") -> dict[str, Any]:
    """``bench.ui_run`` on a copy of ``vault`` in ``folder`` (its password slots sealed
    at the Argon2id cost ``kdf``, "M,T,P", when given: bench.real_kdf). A step that runs
    past STEP_LIMIT ends its child: its measures say "timeout", and the steps after it
    run again in a new child, on a new copy, without it."""
    merged: dict[str, Any] = {}
    skip: list[str] = []
    while True:
        copy = copy_of(vault, folder / str(len(skip)))
        result = child("bench.ui_run", str(copy), str(samples),
                       f"--step-limit={STEP_LIMIT:g}", f"--skip={','.join(skip)}",
                       *([f"--kdf={kdf}"] if kdf else []),
                       limit=STEP_LIMIT * (len(UI_STEPS) + 1))
        late = [step for step in result.get("timeouts", []) if step not in skip]
        for key, value in result.items():
            if key == "rss" and isinstance(value, dict):
                merged.setdefault("rss", {}).update(value)
            elif key in ("peak_rss", "export_child_peak_rss"):
                merged[key] = max(value, merged.get(key, 0.0))
            elif key not in merged:
                merged[key] = value
        for step in late:
            print(f"  (bench.ui_run: step {step} took longer than {STEP_LIMIT:g} s: timeout)",
                  flush=True)
            for key in UI_STEPS.get(step, ()):
                merged[key] = TIMEOUT
        if not late or "unlock" in late:
            return merged
        skip += late


def key_derivation(rounds: int, fast: bool = False) -> tuple[float, str]:
    """Seconds to open a slot at the Argon2id cost calibrated on this machine (at the
    fast test cost with ``fast``, for the smoke test), and that cost as "M,T,P" for
    bench.ui_run's ``--kdf`` ("" with ``fast``)."""
    from models import keys
    from models import vault as vault_module

    began = time.perf_counter()
    cost = keys.FAST_TEST_COST if fast else keys.calibrate()
    calibration = time.perf_counter() - began
    plan = vault_module.prepare_setup({1: "A", 2: "B"}, PASSWORDS, cost)
    slots = [slot for slot in plan.slots if slot.kind == "password"]
    own, other = [], []
    for _ in range(rounds):
        began = time.perf_counter()
        vault_module.try_password(slots, PASSWORDS[1])  # the first slot fits
        own.append(time.perf_counter() - began)
        began = time.perf_counter()
        vault_module.try_password(slots, PASSWORDS[2])  # the first slot, then the second
        other.append(time.perf_counter() - began)
    print(f"Argon2id calibrated here to {cost.memory_kib // 1024} MiB, t={cost.iterations}, "
          f"p={cost.lanes} (calibration took {calibration:.2f} s); unlock, first slot fits "
          f"{median(own):.3f} s, second slot {median(other):.3f} s (median of {rounds})",
          flush=True)
    return median(own), "" if fast else real_kdf.cost_text(cost)


def values(runs: list[dict[str, Any]], key: str, pick: Any = median) -> float:
    """The median over runs of each run's ``pick`` (median or p95) of ``key``."""
    per_run = []
    for run in runs:
        value = run.get(key)
        if value == TIMEOUT:
            per_run.append(math.inf)  # printed as "timeout"
        elif isinstance(value, list):
            per_run.append(pick(value) if value else math.nan)
        elif isinstance(value, int | float):
            per_run.append(float(value))
    return median(per_run)


def rss_at(runs: list[dict[str, Any]], where: str) -> float:
    """The median resident memory (MiB) after the step ``where`` of bench.ui_run."""
    return median([run["rss"][where][0] for run in runs if where in run.get("rss", {})])


def unlock_seconds(runs: list[dict[str, Any]], kdf: float) -> float:
    """Return pressed -> the list painted, with ``kdf`` (measured alone, as the floor
    has it) for the key derivation: a run that unlocked at the calibrated cost counts
    what its unlock took beyond the same check timed alone just before it
    (bench.real_kdf); a run at the fast cost, all of its unlock after that."""
    return median([kdf + values([run], "unlock_to_agreements")
                   - (float(run.get("kdf_alone") or 0.0) if run.get("kdf_in_unlock") else 0.0)
                   for run in runs])


def size_rows(size: int, repeat: int, samples: int, kdf: float, cost: str = "") -> list[str]:
    vault = vault_of(size)
    trellis, floor = [], []
    work = Path(tempfile.mkdtemp(prefix="trellis-bench-run-"))
    try:
        for turn in range(repeat):  # alternate, so drift hits both alike
            trellis.append(ui_child(vault, work / str(turn), samples, cost))
            floor.append(child("bench.floor_run", str(vault), str(samples)))
        opening = start.start_rows(empty_vault(), vault, repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    allowance = 1.5 if size >= 100_000 else 0.25
    pdf_pages = values(trellis, "pdf_pages")
    floor_pages = values(floor, "pdf_pages")
    floor_pdf = values(floor, "pdf_seconds") * pdf_pages / floor_pages if floor_pages else math.nan
    count = f"{size // 1000}k" if size >= 1000 else str(size)
    ms = 1000.0
    rows = [
        Row(f"unlock -> Agreements tab painted ({count})", unlock_seconds(trellis, kdf),
            kdf + values(floor, "unlock_to_list"), "s", target_limit=kdf + allowance),
        Row(f"search as you type, p95 ({count})", ms * values(trellis, "search", p95),
            ms * values(floor, "search", p95), "ms", target_limit=30),
        Row(f"agreement autosave, median ({count})", ms * values(trellis, "autosave"),
            ms * values(floor, "save"), "ms", target_limit=15),
        Row(f"consent answer, median ({count} items)", ms * values(trellis, "consent_answer"),
            ms * values(floor, "save"), "ms", target_limit=15),
        Row(f"longest GUI stall during agreements PDF export ({count})",
            ms * values(trellis, "export_stall"), None, "ms", target_limit=50),
        Row(f"agreements PDF, {pdf_pages:.0f} pages ({count})", values(trellis, "pdf_seconds"),
            floor_pdf, "s", target_ratio=1.2),
        Row(f"opening a large vault, process start -> unlock window painted and its file open "
            f"({count} vs empty)", median(opening["ready_large"]), median(opening["ready_empty"]),
            "s", target_ratio=1.2),
        Row(f"peak RSS outside key derivation, window + export child ({count})",
            values(trellis, "peak_rss") + values(trellis, "export_child_peak_rss"),
            values(floor, "peak_rss"), "MiB", target_limit=150),
    ]
    lines = [row.line() for row in rows]
    memory = ", ".join(f"{where} {rss_at(trellis, where):.0f}" for where in
                       ("agreements", "consent tab", "answers dialog", "export"))
    lines.append(
        f"  · key derivation {kdf:.3f} s alone, added to the floor's unlock; Trellis's ran "
        f"{'inside its unlock, at the same cost' if cost else 'fast, and has it added'}; "
        f"the answers dialog took {values(trellis, 'consent_dialog_open'):.2f} s to open; "
        f"the export from its dialog took {values(trellis, 'export_dialog_seconds'):.2f} s; "
        f"plain reportlab made {floor_pages:.0f} pages, scaled to {pdf_pages:.0f}; peak RSS "
        f"right after unlocking {values(trellis, 'rss_after_unlock'):.0f} MiB, the window's peak "
        f"{values(trellis, 'peak_rss'):.0f} MiB, the export child's "
        f"{values(trellis, 'export_child_peak_rss'):.0f} MiB; resident MiB after {memory}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="agreements (and consent items) per vault, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (medians)")
    parser.add_argument("--samples", type=int, default=20,
                        help="saves and answers timed per run")
    parser.add_argument("--fast-kdf", action="store_true",
                        help="skip calibrating Argon2id (the smoke test): the unlock row "
                             "then holds no real key derivation")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size]
    if os.environ.get("BENCH_FULL") == "1" and 100_000 not in sizes:
        sizes.append(100_000)
    repeat = max(1, args.repeat)
    print(f"Trellis bench: sizes {', '.join(f'{s:,}' for s in sizes)}; median of {repeat} "
          f"run(s); vaults built through {bulk_path() or 'the normal API (no bulk path yet)'}",
          flush=True)
    kdf, cost = key_derivation(max(3, repeat), fast=args.fast_kdf)
    opening = start.start_rows(empty_vault(), None, max(5, repeat))
    print(Row("process start -> unlock window painted", median(opening["unlock_window"]),
              median(opening["bare"]), "s", target_ratio=1.5).line(), flush=True)
    for size in sizes:
        print(f"== {size:,} agreements and {size:,} consent items ==", flush=True)
        for line in size_rows(size, repeat, args.samples, kdf, cost):
            print(line, flush=True)
        print(f"== {size:,} journal entries (and jrnl beside them) ==", flush=True)
        for line in journal_rows(size, repeat, args.samples, kdf, child):
            print(line, flush=True)
    # The size; a tenth of it when every size asked for is tiny (the smoke test).
    scale = 1 if max(sizes, default=0) >= 1000 else 10
    print(f"== needs map: {NEEDS // scale} needs and {COMMITMENTS // scale} commitments ==",
          flush=True)
    for line in needs_map_rows(repeat, child, NEEDS // scale, COMMITMENTS // scale):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
