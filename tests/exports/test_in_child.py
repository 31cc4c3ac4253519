"""A PDF is read, laid out and written in a child process (#9): what the child needs goes
through a pipe, never its command line or environment; it reports progress; stopping it
leaves no file; its errors come back kindly and without a partner's words."""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import pytest

from exports import in_child
from exports.errors import ExportDiskFull
from tests import child_jobs

WORDS = "Juniper-6042 phones at dinner"
KEY = bytes(range(32))


def order(target: Path) -> dict[str, Any]:
    return {"target": str(target), "words": WORDS, "key": KEY}


def test_the_child_writes_the_file_and_nothing_of_the_order_is_on_its_command_line(
        tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    fractions: list[float] = []
    steps: list[str] = []

    written = in_child.run(child_jobs.small_pdf, order(target), progress=fractions.append,
                           step=steps.append, writes=target)

    assert written == target and target.read_bytes().endswith(WORDS.encode())
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]
    argv, env = steps[0], steps[1]
    assert argv.startswith("argv ") and env.startswith("env ")
    for told in (argv, env):
        assert WORDS not in told and "Juniper" not in told
        assert KEY.hex() not in told and str(KEY) not in told


def test_a_stop_while_writing_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "long.pdf"
    stop = threading.Event()
    heard: list[float] = []

    def progress(fraction: float) -> None:
        heard.append(fraction)
        if fraction > 0.05:  # the unfinished file exists now
            assert list(tmp_path.iterdir()), "the child had begun writing"
            stop.set()

    with pytest.raises(in_child.BuildStopped):
        in_child.run(child_jobs.long_pdf, order(target), progress=progress, stop=stop,
                     writes=target)

    assert list(tmp_path.iterdir()) == []
    assert len(heard) < child_jobs.LONG_STEPS  # stopped at a next step, not at its end


def test_a_stop_while_reading_ends_the_child_at_once(tmp_path: Path, monkeypatch) -> None:
    ended: list[int | None] = []
    real_end = in_child._end

    def end(child: Any, writes: Path | None) -> None:
        real_end(child, writes)
        ended.append(child.returncode)

    monkeypatch.setattr(in_child, "_end", end)
    stop = threading.Event()

    def step(name: str) -> None:
        if name == "reading":
            stop.set()

    with pytest.raises(in_child.BuildStopped):
        in_child.run(child_jobs.slow_reading, order(tmp_path / "slow.pdf"), step=step,
                     stop=stop)

    assert ended == [3]  # it ended itself (nothing written yet), not ended from outside
    assert list(tmp_path.iterdir()) == []


def test_a_child_that_cannot_stop_is_ended_and_its_unfinished_file_removed(
        tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(in_child, "_GRACE", 0.3)
    target = tmp_path / "stuck.pdf"
    (tmp_path / "other.txt").write_text("not ours")
    stop = threading.Event()

    def progress(fraction: float) -> None:
        if fraction >= 0.05:
            stop.set()

    with pytest.raises(in_child.BuildStopped):
        in_child.run(child_jobs.stuck_pdf, order(target), progress=progress, stop=stop,
                     writes=target)

    assert [p.name for p in tmp_path.iterdir()] == ["other.txt"]


def test_an_error_trellis_expects_comes_back_as_itself(tmp_path: Path) -> None:
    with pytest.raises(ExportDiskFull) as caught:
        in_child.run(child_jobs.full_disk, order(tmp_path / "full.pdf"))
    assert caught.value.folder == tmp_path


def test_an_unexpected_error_comes_back_without_its_words(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING), pytest.raises(in_child.ChildFailed) as caught:
        in_child.run(child_jobs.unexpected, order(tmp_path / "x.pdf"))
    told = f"{caught.value} {caplog.text}"
    assert "ValueError" in told and "child_jobs.py" in told  # what and where
    assert "Juniper" not in told and WORDS not in told
    assert caught.value.key == "export_failed"


def test_a_child_that_answered_ends_cleanly(tmp_path: Path, monkeypatch) -> None:
    """A finished child exits with 0, not SIGABRT: its thread watching the pipe holds
    standard input's lock, which a normal interpreter exit aborts on (4 runs in 5 did)."""
    ended: list[int | None] = []
    end = in_child._end

    def noting(child: Any, writes: Path | None) -> None:
        end(child, writes)
        ended.append(child.returncode)

    monkeypatch.setattr(in_child, "_end", noting)
    for run in range(8):
        target = tmp_path / f"out{run}.pdf"
        in_child.run(child_jobs.small_pdf, order(target), writes=target)
    assert ended == [0] * 8
