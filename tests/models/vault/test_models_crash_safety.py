"""An acknowledged write survives the app being killed at any moment.

A child process (``crash_child.py``, no Qt) writes and rewrites journal entries in a
loop, acknowledging each commit on stdout; the test kills it with SIGKILL at a random
moment, then checks the file is intact and holds exactly what was acknowledged.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from models import vault as vault_module
from models.db import DB
from models.journal import JournalEntry
from models.session import Keyring

ROUNDS = 50
CHILD = Path(__file__).resolve().with_name("crash_child.py")


@dataclass
class Pending:
    op: str  # "N" new entry or "R" rewrite
    uuid: str
    token: str
    body: str


class ChildOutput:
    """Collects the child's stdout on a thread, so a full pipe never blocks the child."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        self.data = bytearray()
        self.ready = threading.Event()
        self._proc = proc
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        assert self._proc.stdout is not None
        for chunk in iter(lambda: self._proc.stdout.read1(65536), b""):  # type: ignore[union-attr]
            self.data += chunk
            if b"\n" in self.data:
                self.ready.set()
        self.ready.set()

    def lines(self) -> list[str]:
        """Complete lines only: a line cut off by the kill was never acknowledged."""
        self._thread.join(timeout=30)
        text = bytes(self.data)
        complete = text[: text.rfind(b"\n") + 1] if b"\n" in text else b""
        return complete.decode("utf-8").splitlines()


def _run_child(path: Path, password: str, seed: int, round_no: int, root: Path, delay: float):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(root), env.get("PYTHONPATH")]))
    env["PYTHONIOENCODING"] = "utf-8"
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(path), password, str(seed), str(round_no)],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    out = ChildOutput(proc)
    try:
        if not out.ready.wait(timeout=30):
            raise AssertionError("child never became ready")
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    lines = out.lines()
    assert lines and lines[0].startswith("ready "), (lines[:1], stderr)
    assert proc.returncode == -signal.SIGKILL, (proc.returncode, stderr)
    _, _, qt_loaded = lines[0].split(" ")
    assert qt_loaded == "0", "the child loaded Qt"
    return lines[1:]


def _replay(lines: list[str], expected: dict[str, tuple[str, str]]) -> tuple[Pending | None, int]:
    """Apply acknowledged writes to ``expected``; return the unacknowledged one, if any."""
    pending: Pending | None = None
    acked = 0
    for line in lines:
        kind, op, uuid, token, body = line.split(" ", 4)
        if kind == "P":
            assert pending is None, "a write started before the last was acknowledged"
            pending = Pending(op, uuid, token, body)
            continue
        assert kind == "A" and pending is not None
        assert (pending.op, pending.token, pending.body) == (op, token, body)
        if op == "N":
            assert uuid not in expected
            expected[uuid] = (token, body)
        else:
            assert pending.uuid == uuid
            expected[uuid] = (expected[uuid][0], body)
        pending = None
        acked += 1
    return pending, acked


def _integrity_of_copy(path: Path, scratch: Path) -> str:
    """PRAGMA integrity_check with plain sqlite3, on a copy (file + WAL) of the vault."""
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    for suffix in ("", "-wal"):
        source = path.with_name(path.name + suffix)
        if source.exists():
            shutil.copyfile(source, scratch / ("copy.vault" + suffix))
    connection = sqlite3.connect(scratch / "copy.vault")
    try:
        return "\n".join(row[0] for row in connection.execute("PRAGMA integrity_check"))
    finally:
        connection.close()


@pytest.mark.slow
def test_acknowledged_writes_survive_sigkill(couple, tmp_path, repo_root):
    rng = random.Random(0x7E11)
    keyring = Keyring({1: couple.plan.bundles[1]})
    expected: dict[str, tuple[str, str]] = {}
    killed_mid_write = 0
    total_acked = 0

    for round_no in range(ROUNDS):
        delay = rng.uniform(0.05, 0.4)
        seed = rng.randrange(2**32)
        where = f"round {round_no} (seed {seed}, delay {delay:.3f}s)"
        lines = _run_child(couple.path, couple.passwords[1], seed, round_no, repo_root, delay)
        pending, acked = _replay(lines, expected)
        total_acked += acked
        killed_mid_write += pending is not None

        assert _integrity_of_copy(couple.path, tmp_path / "copy") == "ok", where

        vault = vault_module.Vault.open(couple.path)
        try:
            check = [row[0] for row in DB.execute_sql("PRAGMA integrity_check").fetchall()]
            assert check == ["ok"], where
            stored: dict[str, dict[str, str]] = {}
            unreadable = []
            for row in JournalEntry.select():
                try:
                    stored[row.uuid] = row.read(keyring)
                except Exception as exc:  # any failure at all is reported below
                    unreadable.append((row.uuid, repr(exc)))
            assert unreadable == [], where
        finally:
            vault.close()

        for uuid, (title, body) in expected.items():
            assert uuid in stored, f"{where}: acknowledged entry {uuid} is missing"
            got = stored[uuid]
            assert got["title"] == title, where
            if pending is not None and pending.op == "R" and pending.uuid == uuid:
                assert got["body"] in (body, pending.body), where  # the rewrite may have landed
            else:
                assert got["body"] == body, f"{where}: entry {uuid} lost an acknowledged write"

        extra = set(stored) - set(expected)
        if extra:  # only the one new entry whose acknowledgement the kill cut off
            assert pending is not None and pending.op == "N", (where, extra)
            assert len(extra) == 1, where
            got = stored[extra.pop()]
            assert (got["title"], got["body"]) == (pending.token, pending.body), where

        # What is on disk now is the truth the next round builds on.
        expected = {uuid: (got["title"], got["body"]) for uuid, got in stored.items()}

    print(
        f"{ROUNDS} kills, {total_acked} acknowledged writes, {killed_mid_write} kills "
        f"inside a write, {len(expected)} entries at the end"
    )
    assert total_acked > ROUNDS  # the child really wrote, round after round
    assert len(expected) > 2 * ROUNDS  # and the vault grew across rounds
    assert killed_mid_write >= ROUNDS // 2  # most kills landed inside a write
