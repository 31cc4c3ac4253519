"""The journal's rows in ``make bench`` (#10) run end to end at a tiny size and print in
their one-line form, and jrnl's side by side when jrnl is installed (the ``bench``
extra). Nothing here asserts a time: only that each row was measured and printed."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^(?P<measure>[^:]+): trellis=(?P<trellis>\S+) floor=(?P<floor>\S+) "
                  r"ratio=(?P<ratio>\S+) target=(?P<target>\S+) (?P<verdict>ok|miss)$")
SIDE = re.compile(r"^jrnl side by side, (?P<what>[^:]+): trellis=(?P<trellis>\S+) "
                  r"jrnl=(?P<jrnl>\S+) trellis/jrnl=(?P<ratio>\S+)x$")
MEASURES = (
    "opening the journal after the password together, Open my journal -> list painted "
    "(20 entries)",
    "unlock alone -> My journal painted (20 entries)",
    "journal search as you type, p95 (20 entries)",
    "journal save_entry with fsync, median (20 entries)",
    "journal autosave in the tab with fsync, median (20 entries)",
)
SIDE_BY_SIDE = ("open and show the newest entry (20)", "search 'therapist' (20)",
                "add an entry (20)")
JRNL_INSTALLED = importlib.util.find_spec("jrnl") is not None


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> str:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "BENCH_CACHE": str(tmp_path_factory.mktemp("bench-cache"))}
    done = subprocess.run(
        [sys.executable, "-m", "bench.journal_rows", "--sizes", "20", "--repeat", "1",
         "--samples", "3", "--fast-kdf"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_every_journal_row_is_measured_against_its_floor(printed: str) -> None:
    rows = {m["measure"]: m for m in map(LINE.match, printed.splitlines()) if m}
    for measure in MEASURES:
        assert measure in rows, f"no line for {measure!r} in:\n{printed}"
        assert rows[measure]["trellis"] != "-", f"{measure} was not measured:\n{printed}"
        assert rows[measure]["floor"] != "-", f"{measure} has no floor:\n{printed}"
    assert "failed" not in printed and "gave no result" not in printed, printed


def test_jrnl_runs_beside_the_journal(printed: str) -> None:
    if not JRNL_INSTALLED:
        assert "jrnl (20): not measured: jrnl is not installed" in printed, printed
        pytest.skip("jrnl is not installed here (pip install --require-hashes --no-deps "
                    "-r requirements-bench.lock): its side-by-side lines were not checked")
    sides = {m["what"]: m for m in map(SIDE.match, printed.splitlines()) if m}
    for what in SIDE_BY_SIDE:
        assert what in sides, f"no jrnl line for {what!r} in:\n{printed}"
        assert "-" not in (sides[what]["trellis"], sides[what]["jrnl"]), printed
        assert sides[what]["ratio"] != "nan", printed
    assert "not measured" not in printed, printed


def test_make_bench_prints_the_journal_after_each_size(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    import bench.__main__ as bench_main

    def journal_rows(size: int, *_: object) -> list[str]:
        return [f"journal row for {size}"]

    monkeypatch.setattr(bench_main, "key_derivation", lambda *_, **__: (0.0, ""))
    monkeypatch.setattr(bench_main.start, "start_rows",
                        lambda *_: {"unlock_window": [1.0], "bare": [1.0]})
    monkeypatch.setattr(bench_main, "empty_vault", lambda: Path("unused"))
    monkeypatch.setattr(bench_main, "size_rows", lambda size, *_: [f"agreements for {size}"])
    monkeypatch.setattr(bench_main, "journal_rows", journal_rows)
    assert bench_main.main(["--sizes", "20,30", "--repeat", "1", "--fast-kdf"]) == 0
    lines = capsys.readouterr().out.splitlines()
    for size in (20, 30):
        assert lines.index(f"journal row for {size}") > lines.index(f"agreements for {size}")
