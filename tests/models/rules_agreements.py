"""Drivers for the boundary agreements' actions in ``models.rules`` (see
``test_models_rules.py``): each sets up what it needs, then acts with ``proofs`` only."""

from __future__ import annotations

import datetime as dt

from models import agreements as A
from models.proof import FreshProof


def _agreed(world) -> A.AgreementView:
    view = A.create(world.keys, 1, title="Phones at dinner", wording="Phones in the hall.")
    A.propose(world.keys, view.uuid, 1)
    A.confirm(world.keys, view.uuid, 1, world.proof(1))
    return A.confirm(world.keys, view.uuid, 2, world.proof(2))


def _one(proofs: list[FreshProof], partner: int) -> FreshProof | None:
    return next((p for p in proofs if p.partner == partner), proofs[0] if proofs else None)


def create(world, proofs) -> None:
    assert A.create(world.keys, 2, title="A walk").status == "draft"


def propose(world, proofs) -> None:
    view = A.create(world.keys, 2, title="A walk", wording="On Sundays.")
    assert A.propose(world.keys, view.uuid, 2).status == "proposed"


def propose_change(world, proofs) -> None:
    view = _agreed(world)
    assert A.propose_change(world.keys, view.uuid, 2).pending_change


def discard_change(world, proofs) -> None:
    view = _agreed(world)
    A.propose_change(world.keys, view.uuid, 2)
    assert not A.discard_change(world.keys, view.uuid, 1).pending_change


def pause(world, proofs) -> None:
    view = _agreed(world)
    assert A.withdraw(world.keys, view.uuid, 2, "I need to talk first.").status == "paused"


def note_review_alone(world, proofs) -> None:
    view = _agreed(world)
    A.note_review_alone(world.keys, view.uuid, 2, reviewed_on=dt.date.today(),
                        helps="It helps.", hard="")
    assert A.reviews(world.keys, view.uuid)[0].together is False


def rate_review(world, proofs) -> None:
    view = _agreed(world)
    A.rate_review(world.keys, view.uuid, 1, _one(proofs, 1), works=4, follow=4)


def confirm(world, proofs) -> None:
    view = A.create(world.keys, 2, title="A walk", wording="On Sundays.")
    A.propose(world.keys, view.uuid, 2)
    after = A.confirm(world.keys, view.uuid, 1, _one(proofs, 1))  # type: ignore[arg-type]
    assert set(after.confirmations) == {1}


def retire(world, proofs) -> None:
    view = _agreed(world)
    try:
        A.retire(world.keys, view.uuid, 1, "We outgrew it.", proofs=tuple(proofs))
    finally:
        if len({p.partner for p in proofs}) < 2:
            assert A.view(world.keys, A.get(view.uuid)).status == "agreed"


def decide_review(world, proofs) -> None:
    view = _agreed(world)
    A.decide_review(world.keys, view.uuid, tuple(proofs), reviewed_on=dt.date.today(),
                    helps="", hard="", decision="retire", partner=1)


DRIVERS = {
    "agreements.create": create,
    "agreements.propose": propose,
    "agreements.propose_change": propose_change,
    "agreements.discard_change": discard_change,
    "agreements.pause": pause,
    "agreements.note_review_alone": note_review_alone,
    "agreements.rate_review": rate_review,
    "agreements.confirm": confirm,
    "agreements.retire": retire,
    "agreements.decide_review": decide_review,
}
