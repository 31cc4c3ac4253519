"""Caution takes one partner; loosening takes both; private things need their owner.

Every action in ``models.rules.ACTIONS`` has a driver in one of the ``rules_*`` modules
beside this file. A driver sets up what its action needs, then takes the action with
the proofs it is given (and no others). Each is run in a *together* session, where the
keyring holds only the workbook key, as at one keyboard:

- ONE: works with no proof at all;
- OWNER (partner 1 owns): refused with none and with partner 2's proof; works with
  partner 1's;
- BOTH: refused with none, with either partner's alone, with a stale proof; works with
  both.

A new workbook adds its actions to ``models/rules.py`` and its drivers to a new
``rules_<workbook>.py`` listed in ``DRIVER_MODULES``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from models import rules
from models.proof import FreshProof, NeedsBoth, NeedsOwner
from models.session import Keyring
from models.vault import Vault

DRIVER_MODULES = ("tests.models.rules_agreements", "tests.models.rules_consent",
                  "tests.models.rules_journal", "tests.models.rules_narrative",
                  "tests.models.rules_needs")


@dataclass
class World:
    """A together session at one keyboard, and a way to make fresh proofs."""

    vault: Vault
    keys: Keyring
    passwords: dict[int, str]

    def proof(self, partner: int) -> FreshProof:
        return self.vault.check_password(partner, self.passwords[partner])


Driver = Callable[[World, list[FreshProof]], object]


def all_drivers() -> dict[str, Driver]:
    drivers: dict[str, Driver] = {}
    for name in DRIVER_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue
        drivers.update(module.DRIVERS)
    return drivers


DRIVERS = all_drivers()


@pytest.fixture
def world(vault, couple, session_both) -> World:
    assert not session_both.keyring.holds_journal(1)
    assert not session_both.keyring.holds_journal(2)
    return World(vault, session_both.keyring, couple.passwords)


def test_every_action_has_a_driver() -> None:
    assert sorted(set(rules.ACTIONS) - set(DRIVERS)) == []
    assert sorted(set(DRIVERS) - set(rules.ACTIONS)) == []


@pytest.mark.parametrize("action", sorted(a for a, n in rules.ACTIONS.items() if n == rules.ONE))
def test_caution_and_adding_take_one_partner(world: World, action: str) -> None:
    DRIVERS[action](world, [])


@pytest.mark.parametrize("action",
                         sorted(a for a, n in rules.ACTIONS.items() if n == rules.OWNER))
def test_private_steps_take_their_owners_fresh_password(world: World, action: str) -> None:
    with pytest.raises(NeedsOwner):
        DRIVERS[action](world, [])
    with pytest.raises(NeedsOwner):
        DRIVERS[action](world, [world.proof(2)])
    DRIVERS[action](world, [world.proof(1)])


@pytest.mark.parametrize("action",
                         sorted(a for a, n in rules.ACTIONS.items() if n == rules.BOTH))
def test_loosening_takes_both_fresh_passwords(world: World, action: str) -> None:
    for proofs in ([], [world.proof(1)], [world.proof(2)], [world.proof(1), world.proof(1)]):
        with pytest.raises(NeedsBoth):
            DRIVERS[action](world, proofs)
    fresh = world.proof(1)
    stale = FreshProof(1, fresh.bundle, made_at=fresh.made_at - 3600)
    with pytest.raises(NeedsBoth):
        DRIVERS[action](world, [stale, world.proof(2)])
    DRIVERS[action](world, [world.proof(1), world.proof(2)])
