"""The one test that pays for real Argon2id: calibration never goes below the floor."""

from __future__ import annotations

import pytest

from models import keys
from models import vault as vault_module
from models.errors import WrongPassword
from models.vault import Vault

FLOOR_MEMORY_KIB = 64 * 1024  # DESIGN.md: never below 64 MiB, t=3, p=4
FLOOR_ITERATIONS = 3
FLOOR_LANES = 4


def _at_or_above_floor(memory_kib: int, iterations: int, lanes: int) -> bool:
    return (
        memory_kib >= FLOOR_MEMORY_KIB and iterations >= FLOOR_ITERATIONS and lanes >= FLOOR_LANES
    )


def test_the_floor_in_code_is_the_documented_floor():
    assert (keys.FLOOR_MEMORY_KIB, keys.FLOOR_ITERATIONS, keys.FLOOR_LANES) == (
        FLOOR_MEMORY_KIB,
        FLOOR_ITERATIONS,
        FLOOR_LANES,
    )
    default = keys.Argon2Cost()
    assert _at_or_above_floor(default.memory_kib, default.iterations, default.lanes)
    fast = keys.FAST_TEST_COST
    assert not _at_or_above_floor(fast.memory_kib, fast.iterations, fast.lanes)


@pytest.mark.slow
def test_calibrated_parameters_are_at_or_above_the_floor(tmp_path):
    cost = keys.calibrate()
    assert _at_or_above_floor(cost.memory_kib, cost.iterations, cost.lanes), cost

    passwords = {1: "real cost password one", 2: "real cost password two"}
    plan = vault_module.prepare_setup({1: "A", 2: "B"}, passwords, cost=None)
    path = tmp_path / "real.vault"
    vault = Vault.create(path, plan)
    try:
        slots = vault.slots("password")
        assert [slot.partner for slot in slots] == [1, 2]
        for slot in slots:
            kdf = slot.kdf
            assert kdf.algorithm == "argon2id"
            assert len(kdf.salt) == 16
            assert _at_or_above_floor(kdf.memory_kib, kdf.iterations, kdf.lanes), kdf
        assert slots[0].kdf.salt != slots[1].kdf.salt
        for slot in vault.slots("recovery"):
            assert slot.kdf.algorithm == "hkdf-sha256" and len(slot.kdf.salt) == 16

        assert vault_module.try_password(slots, passwords[2]) == (2, plan.bundles[2])
        with pytest.raises(WrongPassword):
            vault_module.try_password(slots, "real cost password three")
    finally:
        vault.close()
