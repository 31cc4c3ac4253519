"""Trellis benchmarks: ``make bench`` or ``python -m bench``.

Measures side by side in one run (the machines are noisy, so compare ratios):
- how long until the unlock window shows, against a bare PySide6 window with six tabs;
- how long unlocking takes at the Argon2id cost calibrated on this machine;
- loading and decrypting 10,000 private records, and searching them in memory.
Tests never assert times; this prints them.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget
app = QApplication([])
window = QTabWidget()
for i in range(6):
    window.addTab(QLabel(f"tab {i}"), f"Tab {i}")
window.show()
app.processEvents()
print("shown", flush=True)
"""

TRELLIS = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from ui.main_window import MainWindow
from ui.texts import style_sheet
app = QApplication([])
app.setStyle("Fusion")
app.setStyleSheet(style_sheet())
window = MainWindow(Path(sys.argv[1]))
window.show()
window.start()
app.processEvents()
assert window.pages.currentWidget() is window.unlock_page
heavy = sorted(m for m in ("reportlab", "pypdf") if m in sys.modules)
print("shown", ",".join(heavy) or "-", flush=True)
window.close()
"""


def _time_to_window(code: str, *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.PIPE, text=True,
        stderr=subprocess.DEVNULL,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin",
             "XDG_CONFIG_HOME": args[1] if len(args) > 1 else "/tmp"},
    )
    assert child.stdout is not None
    line = child.stdout.readline()
    elapsed = time.perf_counter() - start
    child.wait()
    return elapsed, line.strip()


def bench_start(rounds: int = 7) -> None:
    from models import vault as vault_module
    from models.keys import FAST_TEST_COST

    folder = Path(tempfile.mkdtemp(prefix="trellis-bench-"))
    path = folder / "bench.vault"
    plan = vault_module.prepare_setup({1: "A", 2: "B"}, {1: "a" * 12, 2: "b" * 12}, FAST_TEST_COST)
    vault_module.Vault.create(path, plan).close()
    _time_to_window(BARE)  # warm the file cache for both
    _time_to_window(TRELLIS, str(path), str(folder))
    bare, trellis, heavy = [], [], set()
    for _ in range(rounds):  # alternate, so drift hits both alike
        bare.append(_time_to_window(BARE)[0])
        seconds, line = _time_to_window(TRELLIS, str(path), str(folder))
        trellis.append(seconds)
        heavy.add(line.split()[-1])
    b, t = statistics.median(bare), statistics.median(trellis)
    print(f"window shown, median of {rounds} (process start to first paint):")
    print(f"  bare PySide6, six tabs   {b:6.3f} s")
    print(f"  Trellis unlock window    {t:6.3f} s   ratio {t / b:4.2f}x  (target <= 2x)")
    print(f"  PDF libraries imported at start-up: {', '.join(sorted(heavy))}")


def bench_unlock(rounds: int = 5) -> None:
    from models import keys
    from models import vault as vault_module

    start = time.perf_counter()
    cost = keys.calibrate()
    calibrate_seconds = time.perf_counter() - start
    plan = vault_module.prepare_setup({1: "A", 2: "B"}, {1: "a" * 12, 2: "b" * 12}, cost)
    slots = [slot for slot in plan.slots if slot.kind == "password"]
    own, other = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        vault_module.try_password(slots, "a" * 12)  # first slot fits
        own.append(time.perf_counter() - start)
        start = time.perf_counter()
        vault_module.try_password(slots, "b" * 12)  # tries the first slot, then the second
        other.append(time.perf_counter() - start)
    print(f"Argon2id calibrated here to {cost.memory_kib // 1024} MiB, t={cost.iterations}, "
          f"p={cost.lanes} (calibration took {calibrate_seconds:.2f} s)")
    print(f"  unlock, first slot fits  {statistics.median(own):6.3f} s (median of {rounds})")
    print(f"  unlock, second slot      {statistics.median(other):6.3f} s")


def bench_records(count: int = 10_000) -> None:
    from models import vault as vault_module
    from models.db import DB
    from models.journal import JournalEntry, entries_of
    from models.keys import FAST_TEST_COST

    folder = Path(tempfile.mkdtemp(prefix="trellis-bench-"))
    plan = vault_module.prepare_setup({1: "A", 2: "B"}, {1: "a" * 12, 2: "b" * 12}, FAST_TEST_COST)
    vault = vault_module.Vault.create(folder / "records.vault", plan)
    session = vault.start_session({1: plan.bundles[1]})
    start = time.perf_counter()
    with DB.atomic():
        for i in range(count):
            JournalEntry.write_new(
                session.keyring, {"owner": 1}, written_at=f"2026-01-01T00:00:{i:05d}",
                title=f"Entry {i}", body=f"Today I noticed something new, number {i}. " * 8,
            )
    write_seconds = time.perf_counter() - start
    loads, searches = [], []
    for _ in range(5):
        start = time.perf_counter()
        opened = entries_of(session.keyring, 1)
        loads.append(time.perf_counter() - start)
        start = time.perf_counter()
        hits = [v for _, v in opened if "number 9999." in v["body"]]
        searches.append(time.perf_counter() - start)
    vault.close()
    print(f"{count:,} private records: write {write_seconds:.2f} s, load and decrypt "
          f"{statistics.median(loads):.3f} s, search in memory {statistics.median(searches):.4f} s"
          f" ({len(hits)} hit)")


def main() -> None:
    bench_start()
    bench_unlock()
    bench_records()


if __name__ == "__main__":
    main()
