"""The unlock row with the real key derivation inside it (``bench.ui_run --kdf=M,T,P``).

Until this, the window unlocked its vault at the fast test cost and ``make bench`` added
the key derivation measured on its own in the parent. That counted every step of the
unlock one after the other, as if the window did nothing while Argon2id ran: the
derivation runs on a worker and lets go of the interpreter lock, so what the window
does on the GUI thread meanwhile is done by the time the key is there. With ``--kdf``
both password slots of the bench's copy are sealed again at the cost calibrated in the
parent (as a person's file is), so ``unlock_to_agreements`` holds the real derivation,
run while the window lives beside it on this machine's two processors; the floor keeps
its figure (the calibrated derivation, measured alone, plus its own read and paint).

The derivation's own time moves with whatever else the machine is doing, and the floor
adds the one measured in the parent. So that a busy moment of the derivation is not
counted as Trellis's, the child also times the same check alone (:func:`check_alone`,
in a process of its own just before the window starts, with the same slots) and the
row counts what the unlock took beyond that: ``kdf + unlock_to_agreements -
kdf_alone``. What the window did on the GUI thread while the derivation ran counts only
if it made the unlock end later.

The peak memory rows stay what they were, Trellis's memory outside the derivation:
Argon2id holds its whole cost while it runs (128 MiB here), so the process's high-water
mark (VmHWM) is reset once the password check returns (``/proc/self/clear_refs``), and
the sealing done here before the window starts is left out the same way.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.vaults import PASSWORDS


def parse_cost(text: str) -> Any:
    """``"131072,4,4"`` (memory KiB, iterations, lanes) as an Argon2Cost."""
    from models.keys import Argon2Cost

    memory_kib, iterations, lanes = (int(part) for part in text.split(","))
    return Argon2Cost(memory_kib=memory_kib, iterations=iterations, lanes=lanes)


def cost_text(cost: Any) -> str:
    return f"{cost.memory_kib},{cost.iterations},{cost.lanes}"


def forget_peak() -> None:
    """Start this process's peak resident memory again from what it holds now."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass  # not Linux: the peak rows then include the derivation


def seal_slots_at(vault_path: Path, cost: Any) -> None:
    """Seal both partners' password slots of ``vault_path`` again at ``cost``, with the
    bench's passwords (the same keys inside, so the file opens as before)."""
    from models import keys
    from models.vault import Vault

    vault = Vault.open(vault_path)
    try:
        for slot in vault.slots("password"):
            bundle = keys.open_password_slot(slot, PASSWORDS[slot.partner])
            vault.replace_slot(keys.seal_password_slot(
                slot.vault_id, slot.partner, PASSWORDS[slot.partner], bundle, cost))
    finally:
        vault.close()
    forget_peak()


IN_WINDOW: list[float] = []  # seconds each password check took in the window, for the JSON


def peak_forgotten_after_check() -> None:
    """The window's password check (``models.vault.try_password``, on its worker) resets
    the peak as soon as it returns: what comes after is measured, the derivation not.
    How long the check took there is noted in :data:`IN_WINDOW` (not used by the row:
    beside ``kdf_alone`` it shows what the window's own work cost the derivation)."""
    from models import vault as vault_module

    check: Callable[..., Any] = vault_module.try_password

    def checked(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return check(*args, **kwargs)
        finally:
            IN_WINDOW.append(time.perf_counter() - began)
            forget_peak()

    vault_module.try_password = checked


def check_alone(vault_path: Path) -> float:
    """Seconds the window's password check takes alone at the moment, on the slots of
    ``vault_path`` (partner 1's password): timed in a child, its code loaded first."""
    done = subprocess.run([sys.executable, "-m", "bench.real_kdf", str(vault_path)],
                          capture_output=True, text=True, check=True, timeout=300)
    return float(done.stdout.split()[-1])


def _time_check(vault_path: Path) -> float:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: F401 (loaded
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id  # noqa: F401 before)

    from models import vault as vault_module

    vault = vault_module.Vault.open(vault_path)
    try:
        slots = vault.slots("password")
    finally:
        vault.close()
    began = time.perf_counter()
    vault_module.try_password(slots, PASSWORDS[1])
    return time.perf_counter() - began


if __name__ == "__main__":
    print(f"{_time_check(Path(sys.argv[1])):.6f}")
