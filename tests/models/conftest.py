"""Shared fixtures for the model-layer tests: a fresh vault per test, fast KDF, no Qt.

Every vault lives under ``tmp_path``. Argon2id runs at ``keys.FAST_TEST_COST``; only
the test that checks real calibrated parameters pays for the real cost.

Helpers live here as fixtures (not in an importable module) so that a same-named
helper under ``tests/ui`` or ``tests/exports`` can never shadow them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from models import keys
from models import vault as vault_module
from models.db import DB
from models.keys import KeyBundle
from models.session import Session
from models.vault import SetupPlan, Vault

PASSWORDS = {1: "amber lantern quietly 41", 2: "cobalt harbour slowly 17"}
NAMES = {1: "Avery", 2: "Blake"}

# The folder that holds models/, found from this file, never from the working directory.
REPO_ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Couple:
    """A fresh vault on disk and everything the test knows about it."""

    path: Path
    plan: SetupPlan
    passwords: dict[int, str] = field(default_factory=lambda: dict(PASSWORDS))
    names: dict[int, str] = field(default_factory=lambda: dict(NAMES))

    def recovery_text(self, partner: int) -> str:
        """The recovery key as a person would read it off the sheet."""
        return " ".join(keys.format_recovery_key(self.plan.recovery_keys[partner]))

    def family(self) -> list[Path]:
        """The vault file and the SQLite files next to it (which may not exist)."""
        return [self.path.with_name(self.path.name + s) for s in ("", "-wal", "-shm")]


def _close_if_open(vault: Vault) -> None:
    if not vault._database.is_closed():
        vault.close()


@pytest.fixture(autouse=True)
def _no_vault_left_open() -> Iterator[None]:
    """Every test starts and ends with the global database proxy unbound.

    A test that fails half-way (or one elsewhere that forgot to close its vault) must
    not hand an open database to the next test.
    """
    _unbind()
    yield
    _unbind()


def _unbind() -> None:
    if DB.obj is not None:
        DB.obj.close()
        DB.initialize(None)


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def setup_plan() -> SetupPlan:
    return vault_module.prepare_setup(NAMES, PASSWORDS, cost=keys.FAST_TEST_COST)


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vault-folder" / "trellis.vault"


@pytest.fixture
def opened() -> Iterator[Callable[[Vault], Vault]]:
    """Register a vault to be closed at teardown if the test left it open."""
    vaults: list[Vault] = []

    def register(vault: Vault) -> Vault:
        vaults.append(vault)
        return vault

    yield register
    for vault in reversed(vaults):
        _close_if_open(vault)


@pytest.fixture
def couple(vault_path: Path, setup_plan: SetupPlan) -> Couple:
    """A vault created on disk and closed again (so tests can open it their own way)."""
    Vault.create(vault_path, setup_plan).close()
    return Couple(vault_path, setup_plan)


@pytest.fixture
def vault(couple: Couple, opened: Callable[[Vault], Vault]) -> Vault:
    """The couple's vault, open; closed at teardown unless the test closed it."""
    return opened(Vault.open(couple.path))


@pytest.fixture
def unlock(vault: Vault) -> Callable[[str], tuple[int, KeyBundle]]:
    """Unlock with a password the way the unlock screen does (no partner chosen)."""

    def _unlock(password: str) -> tuple[int, KeyBundle]:
        return vault_module.try_password(vault.slots("password"), password)

    return _unlock


@pytest.fixture
def session_a(vault: Vault, couple: Couple) -> Session:
    """Partner 1 alone, unlocked with their password."""
    partner, bundle = vault_module.try_password(vault.slots("password"), couple.passwords[1])
    assert partner == 1
    return vault.start_session({1: bundle})


@pytest.fixture
def session_both(vault: Vault, couple: Couple) -> Session:
    """Both partners, each unlocked with their own password."""
    bundles = {}
    for partner in (1, 2):
        who, bundle = vault_module.try_password(vault.slots("password"), couple.passwords[partner])
        assert who == partner
        bundles[who] = bundle
    return vault.start_session(bundles)


def file_digests(paths: list[Path]) -> dict[str, str | None]:
    """sha256 of each path (None when absent), to prove files were left untouched."""
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None for p in paths
    }


@pytest.fixture
def digests() -> Callable[[list[Path]], dict[str, str | None]]:
    return file_digests


@pytest.fixture
def session_both_owners(session_both: Session, vault: Vault, couple: Couple) -> Session:
    """A together session in which each partner has just typed their own password
    again (a fresh proof), so both journal keys are held, as during private views."""
    for partner in (1, 2):
        proof = vault.check_password(partner, couple.passwords[partner])
        session_both.keyring.hold_journal(partner, proof.bundle.journal_key)
    return session_both
