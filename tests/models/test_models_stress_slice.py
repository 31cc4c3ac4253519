"""A 50-round slice of ``make stress``: SIGKILL a writer mid-write, reopen, lose nothing.

40 rounds kill a child writing journal entries, agreements and consent items; 10 kill
one changing a password over and over. Every acknowledged write must read back intact,
the file must pass ``PRAGMA integrity_check``, and after a password change the last
acknowledged password (or the one being set) opens the slot while the other partner's
password and both recovery keys still open theirs.
"""

from __future__ import annotations

import pytest

from tools import stress_vault


@pytest.mark.slow
def test_nothing_acknowledged_is_lost_when_the_writer_is_killed(tmp_path):
    tally = stress_vault.stress(40, 10, seed=2026, folder=tmp_path)
    print(tally.line(), f"({tally.acknowledged} acknowledged)")
    assert tally.rounds == 50
    assert tally.problems == [] and tally.lost == 0
    assert tally.acknowledged > 50  # the children really wrote, round after round
    assert tally.killed_mid_write >= 25  # and most kills landed inside a write


def test_a_lost_write_is_counted(tmp_path):
    """The checker itself can fail: a write it was told about but never made is lost."""
    run = stress_vault.Stress(tmp_path, seed=1)
    run.expected.journal["0" * 32] = (1, "never written", "never")
    run.expected.items["1" * 32] = "never added"
    run._check_writes(None)
    assert run.tally.lost == 2, run.tally.problems
