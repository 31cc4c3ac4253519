"""Calibration does not depend on a busy moment (#9): each cost is timed several times
and the fastest run counts, never below the floor. A fake clock stands in for Argon2id,
so nothing here measures real time."""

from __future__ import annotations

import pytest

from models import keys


class FakeArgon2:
    """Argon2id that "takes" 0.12 s per 64 MiB and 3 passes; ``busy`` runs take longer."""

    def __init__(self, busy: set[int]) -> None:
        self.now = 0.0
        self.calls = 0
        self.busy = busy

    def clock(self) -> float:
        return self.now

    def derive(self, password: str, kdf: keys.KdfParams) -> bytes:
        seconds = 0.12 * (kdf.memory_kib / keys.FLOOR_MEMORY_KIB) * (kdf.iterations / 3)
        if self.calls in self.busy:
            seconds *= 3  # something else had the machine for a moment
        self.calls += 1
        self.now += seconds
        return bytes(32)


def calibrated(monkeypatch: pytest.MonkeyPatch, busy: set[int]) -> keys.Argon2Cost:
    fake = FakeArgon2(busy)
    monkeypatch.setattr(keys.time, "perf_counter", fake.clock)
    monkeypatch.setattr(keys, "derive_password_key", fake.derive)
    return keys.calibrate()


def test_a_busy_moment_does_not_lower_the_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    quiet = calibrated(monkeypatch, busy=set())
    assert quiet.memory_kib == 2 * keys.FLOOR_MEMORY_KIB
    # The second run of each cost tried is slow, as on a machine doing other work.
    for busy in ({1}, {1, 4}, set(range(1, 40, 3)), {0, 1}):
        assert calibrated(monkeypatch, busy) == quiet, busy


def test_calibration_never_goes_below_the_floor(monkeypatch: pytest.MonkeyPatch) -> None:
    every_run_slow = calibrated(monkeypatch, busy=set(range(100)))
    assert every_run_slow.memory_kib >= keys.FLOOR_MEMORY_KIB
    assert every_run_slow.iterations >= keys.FLOOR_ITERATIONS
    assert every_run_slow.lanes >= keys.FLOOR_LANES
