"""The bulk path (models/bulk.py, #9) writes what the normal steps write: a vault filled in
bulk reads back through the normal API as one built step by step, with the same facts and
signatures, and the file check finds nothing wrong."""

from __future__ import annotations

import datetime as dt

import pytest

from models import agreements as A
from models import bulk, ledger
from models import consent as C
from models.agreements import facts
from models.file_check import check_file
from models.proof import FreshProof
from models.session import Keyring

# A draft first: every row of a batch must carry the same columns as the first one.
STATES = ("draft", "proposed", "agreed", "paused", "change", "agreed", "draft")


@pytest.fixture
def both(session_both, couple) -> Keyring:
    """Both partners' keys at once, as only setup, the demo and the bulk writer hold them."""
    return Keyring(dict(couple.plan.bundles))


def stepwise(keys: Keyring, couple, state: str, author: int, words: dict[str, str],
             note: str, change: str) -> str:
    """The same agreement through the normal API, the steps fill_agreements takes."""
    other = 3 - author
    proofs = {p: FreshProof(p, couple.plan.bundles[p]) for p in (1, 2)}
    uuid = A.create(keys, author, **words).uuid
    if state != "draft":
        A.propose(keys, uuid, author)
    if state in ("agreed", "paused", "change"):
        A.confirm(keys, uuid, author, proofs[author])
        A.confirm(keys, uuid, other, proofs[other])
    if state == "paused":
        A.withdraw(keys, uuid, other, note)
    if state == "change":
        A.propose_change(keys, uuid, other)
        A.edit(keys, uuid, other, wording=change)
    return uuid


def shape(keys: Keyring, uuid: str) -> dict[str, object]:
    """What the app shows of an agreement and how its facts read, without uuids or times."""
    view = A.view(keys, A.get(uuid))
    stream = ledger.verify(keys, facts.stream_of(uuid), needs_signature=facts.SIGNED)
    return {
        "status": view.status, "proposed_by": view.proposed_by,
        "current": (view.current.number, view.current.author),
        "agreed_revision": view.agreed_revision, "confirmations": sorted(view.confirmations),
        "in_force": None if view.in_force is None else view.in_force.number,
        "in_force_confirmations": sorted(view.in_force_confirmations),
        "needs_discussion": view.needs_discussion, "next_review_on": view.next_review_on,
        "pending_change": view.pending_change, "words_locked": view.words_locked,
        "events": [(e.kind, e.partner) for e in A.events(keys, uuid)],
        "revisions": [(r.number, r.author) for r in A.revisions(keys, uuid)],
        "facts": [(f.kind, sorted(f.data), f.signed_by,
                   {k: v for k, v in f.data.items()
                    if k in ("by", "partner", "number", "cadence", "carried", "change",
                             "signers", "words")})
                  for f in stream],
    }


def test_agreements_written_in_bulk_read_back_as_ones_made_step_by_step(both, couple) -> None:
    uuids = bulk.fill_agreements(None, both, len(STATES), states=STATES, seed=7)
    assert len(uuids) == len(STATES)
    views, damaged = A.load_all(both)
    assert damaged == []
    assert {v.uuid for v in views} == set(uuids)
    for number, (uuid, state) in enumerate(zip(uuids, STATES, strict=True)):
        filled = A.view(both, A.get(uuid))
        agreed = filled.in_force.text if filled.in_force is not None else filled.current.text
        note = next((e.note for e in A.events(both, uuid) if e.kind == "withdrawn"), "")
        made = stepwise(both, couple, state, 1 + number % 2, dict(agreed), note,
                        filled.current.text["wording"])
        assert shape(both, uuid) == shape(both, made), state
        assert A.view(both, A.get(made)).current.text == filled.current.text
        assert [e.note for e in A.events(both, made)] == [e.note for e in A.events(both, uuid)]
    assert check_file(both).ok


def test_a_vault_filled_in_bulk_opens_and_unlocks_as_usual(vault, couple, both) -> None:
    uuids = bulk.fill_agreements(vault, both, 25)
    bulk.fill_consent_items(vault, both, 12, answered_by=(1, 2))
    vault.close()
    from models.vault import Vault

    again = Vault.open(couple.path)
    try:
        session = again.start_session({1: couple.plan.bundles[1]})
        views, damaged = A.load_all(session.keyring)
        assert damaged == [] and sorted(v.uuid for v in views) == sorted(uuids)
        statuses = {v.status for v in views}
        assert statuses == {"draft", "proposed", "agreed", "paused"}
        assert any(v.pending_change for v in views)
        items, hurt = C.load_items(session.keyring)
        assert hurt == [] and len(items) == 12
        assert len(C.my_answers(session.keyring, 1)) == 12
        report = check_file(session.keyring)
        assert report.ok, report
    finally:
        again.close()


def test_consent_items_written_in_bulk_are_the_ones_add_item_writes(both, couple) -> None:
    made = C.add_item(both, "Holding hands", 1)
    filled = bulk.fill_consent_items(None, both, 5, answered_by=(2,))
    items = C.items(both)
    assert [i.uuid for i in items] == [made.uuid, *filled]
    assert [i.added_by for i in items[1:]] == [1, 2, 1, 2, 1]
    stream = ledger.verify(both, C.facts.STREAM, needs_signature=C.facts.SIGNED)
    assert {(f.kind, tuple(sorted(f.data))) for f in stream} == {
        ("added", ("at", "by", "item", "kind", "position"))}
    answers = C.my_answers(both, 2)
    assert set(answers) == set(filled)
    assert all(isinstance(a.answered_at, dt.datetime) for a in answers.values())
    # The bulk answers count in the owner's own manifest, so another one adds up too.
    C.answer(both, 2, made.uuid, "maybe")
    assert len(C.my_answers(both, 2)) == 6
    assert check_file(both).ok


def test_unknown_states_are_refused(both) -> None:
    with pytest.raises(ValueError):
        bulk.fill_agreements(None, both, 3, states=("agreed", "forgiven"))
