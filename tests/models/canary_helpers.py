"""What every workbook's canary test does (#8): plant distinctive words, then look for
them in the vault's folder (file, -wal, -shm) in every encoding a word could be stored
in. A workbook's canary writes its own words; the vault, the scan and its control are
here."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from models import keys as key_module
from models import vault as vault_module
from models.proof import FreshProof
from models.session import Keyring

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le")
PASSWORDS = {1: "canary password one", 2: "canary password two"}


def marker(label: str) -> str:
    """A word found nowhere unless it was written: ``label`` and a random tail."""
    return f"canary{label}{uuid.uuid4().hex}"


def hits(markers: list[str], folder: Path) -> list[tuple[str, str]]:
    """(file, marker) for every marker found in any file under ``folder``."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [(str(path), m) for m in markers for e in ENCODINGS if m.encode(e) in data]
    return found


def check_the_scan_finds(tmp_path: Path, encoding: str) -> None:
    """The control: a marker planted in ``encoding`` is found."""
    planted = marker("control")
    (tmp_path / "plant").write_bytes(b"junk" + planted.encode(encoding) + b"junk")
    assert hits([planted], tmp_path) == [(str(tmp_path / "plant"), planted)]


@dataclass
class CanaryVault:
    """A fresh vault, unlocked by both partners, in its own folder."""

    folder: Path
    path: Path
    vault: vault_module.Vault
    keys: Keyring

    def proof(self, partner: int) -> FreshProof:
        """``partner``'s password, typed just now."""
        return self.vault.check_password(partner, PASSWORDS[partner])

    @property
    def wal(self) -> Path:
        return self.path.with_name(self.path.name + "-wal")


@contextmanager
def canary_vault(tmp_path: Path) -> Iterator[CanaryVault]:
    """A :class:`CanaryVault` that is closed on the way out, whatever happened."""
    folder = tmp_path / "vault-folder"
    path = folder / "canary.vault"
    plan = vault_module.prepare_setup({1: "One", 2: "Two"}, PASSWORDS,
                                      cost=key_module.FAST_TEST_COST)
    vault = vault_module.Vault.create(path, plan)
    try:
        bundles = {p: vault_module.try_password(vault.slots("password"), PASSWORDS[p])[1]
                   for p in (1, 2)}
        yield CanaryVault(folder, path, vault, vault.start_session(bundles).keyring)
    finally:
        vault.close()


def assert_nothing_on_disk(opened: CanaryVault, markers: list[str]) -> None:
    """No marker in the vault's folder, with the WAL really there to scan."""
    assert opened.wal.exists() and opened.wal.stat().st_size > 0  # the WAL is really scanned
    assert hits(markers, opened.folder) == []
