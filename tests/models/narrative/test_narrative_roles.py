"""Names for the roles: optional, named with both fresh passwords (signed by both),
cleared by either partner alone."""

from __future__ import annotations

import pytest

from models import ledger, narrative
from models.proof import FreshProof, NeedsBoth


@pytest.fixture
def world(vault, couple, session_both):
    keys = session_both.keyring

    def proof(partner: int) -> FreshProof:
        return vault.check_password(partner, couple.passwords[partner])

    return keys, proof


def test_not_named_until_both_confirm(world) -> None:
    keys, proof = world
    assert narrative.load_roles(keys) == narrative.Roles(None, None)
    fresh = proof(2)
    stale = FreshProof(2, fresh.bundle, made_at=fresh.made_at - 3600)
    for proofs in ([], [proof(1)], [proof(2)], [proof(1), proof(1)], [proof(1), stale]):
        with pytest.raises(NeedsBoth):
            narrative.name_roles(keys, proofs, 2)
    assert narrative.load_roles(keys).hurt is None
    roles = narrative.name_roles(keys, [proof(1), proof(2)], 2)
    assert (roles.hurt, roles.caused()) == (2, 1) and roles.named_at is not None
    assert narrative.load_roles(keys) == roles
    named = [f for f in ledger.verify(keys, narrative.facts.ROLES) if f.kind == "named"]
    assert [f.signed_by for f in named] == [frozenset({1, 2})]


def test_either_partner_clears_them_alone_and_they_can_be_named_again(world) -> None:
    keys, proof = world
    narrative.name_roles(keys, [proof(1), proof(2)], 1)
    assert narrative.clear_roles(keys, 2) == narrative.Roles(None, None)
    assert narrative.clear_roles(keys, 1).hurt is None  # clearing twice changes nothing
    again = narrative.name_roles(keys, [proof(2), proof(1)], 2)
    assert narrative.load_roles(keys).hurt == 2 == again.hurt


def test_a_bad_partner_number_is_refused(world) -> None:
    keys, proof = world
    with pytest.raises(ValueError):
        narrative.name_roles(keys, [proof(1), proof(2)], 3)
    with pytest.raises(ValueError):
        narrative.clear_roles(keys, 0)
