"""One slow step never hangs ``make bench`` (#9): a step of bench.ui_run that runs past
its limit is printed as a timeout (a miss), and the steps after it are measured again in
a new child without it. No child process runs here: ``child`` is a stand-in."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

import bench.__main__ as bench_main
from bench.report import Row


def test_a_timed_out_step_says_timeout_and_the_steps_after_it_run_again(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[tuple[str, ...]] = []
    first = {"errors": {}, "timeouts": ["consent"], "rss": {"agreements": [120.0, 121.0]},
             "unlock_to_agreements": 0.5, "search": [0.01], "autosave": [0.02],
             "peak_rss": 130.0, "export_child_peak_rss": 0.0}
    second = {"errors": {}, "timeouts": [], "rss": {"export": [125.0, 140.0]},
              "unlock_to_agreements": 0.6, "export_stall": 0.03, "pdf_seconds": 2.0,
              "pdf_pages": 10, "peak_rss": 140.0, "export_child_peak_rss": 90.0}
    answers = iter([first, second])

    def child(module: str, *args: str, limit: float = 0) -> dict[str, Any]:
        calls.append(args)
        return next(answers)

    monkeypatch.setattr(bench_main, "child", child)
    monkeypatch.setattr(bench_main, "copy_of", lambda vault, folder: folder / vault.name)
    merged = bench_main.ui_child(tmp_path / "v.vault", tmp_path, 3)

    assert len(calls) == 2 and "--skip=consent" in calls[1] and "--skip=" in calls[0]
    assert merged["consent_answer"] == merged["consent_dialog_open"] == bench_main.TIMEOUT
    assert merged["unlock_to_agreements"] == 0.5  # the first child's, not the rerun's
    assert merged["export_stall"] == 0.03 and merged["pdf_pages"] == 10
    assert merged["peak_rss"] == 140.0 and merged["export_child_peak_rss"] == 90.0
    assert set(merged["rss"]) == {"agreements", "export"}

    answer = bench_main.values([merged], "consent_answer")
    assert math.isinf(answer)
    line = Row("consent answer, median (1k items)", 1000 * answer, 0.4, "ms",
               target_limit=15).line()
    assert "trellis=timeout" in line and line.endswith(" miss") and "ratio=-" in line


def test_an_unlock_that_timed_out_is_not_tried_again(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls = []

    def child(module: str, *args: str, limit: float = 0) -> dict[str, Any]:
        calls.append(args)
        return {"errors": {}, "timeouts": ["unlock"], "peak_rss": 100.0}

    monkeypatch.setattr(bench_main, "child", child)
    monkeypatch.setattr(bench_main, "copy_of", lambda vault, folder: folder / vault.name)
    merged = bench_main.ui_child(tmp_path / "v.vault", tmp_path, 3)
    assert len(calls) == 1 and merged["unlock_to_agreements"] == bench_main.TIMEOUT
