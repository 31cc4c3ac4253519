"""Consent check-in: private answers open only with their owner's fresh password (or the
solo owner's own key), the reveal is a moment both choose, caution is honoured at once."""

from __future__ import annotations

import pytest

from models import consent as C
from models import vault as vault_module
from models.consent import RevealNotReady
from models.errors import RecordUnreadable
from models.keys import KeyBundle
from models.proof import FreshProof, NeedsBoth, NeedsOwner
from models.session import Keyring, Session
from models.vault import Vault

STARTER = ["Holding hands in public", "Kissing", "Sex"]


@pytest.fixture
def items(session_both: Session) -> list[C.Item]:
    C.add_starter_items(session_both.keyring, STARTER)
    return C.items(session_both.keyring)


@pytest.fixture
def proof(vault: Vault, couple):
    """A fresh proof for a partner, as the password dialog would make it."""
    return lambda partner: vault.check_password(partner, couple.passwords[partner])


@pytest.fixture
def session_a_keys(vault: Vault, couple) -> Keyring:
    _, bundle = vault_module.try_password(vault.slots("password"), couple.passwords[1])
    return Keyring({1: bundle})


def answer_all(keys: Keyring, owner: int, answers: list[C.Answer], proof: FreshProof) -> None:
    for item, value in zip(C.items(keys), answers, strict=True):
        C.answer(keys, owner, item.uuid, value, proof=proof)


def both(proof) -> list[FreshProof]:
    return [proof(1), proof(2)]


def test_starter_items_added_once_and_set_aside_by_both(session_both: Session, items,
                                                        proof) -> None:
    keys = session_both.keyring
    C.add_starter_items(keys, ["Something else"])
    assert [i.label for i in C.items(keys)] == STARTER
    assert all(i.added_by is None for i in items)
    mine = C.add_item(keys, "  Sleeping in the same bed  ", 2)
    assert mine.label == "Sleeping in the same bed" and mine.added_by == 2
    with pytest.raises(NeedsBoth):
        C.set_aside_item(keys, items[0].uuid, [proof(2)])
    assert [i.label for i in C.items(keys)][0] == STARTER[0], "one partner alone changes nothing"
    C.set_aside_item(keys, items[0].uuid, both(proof))
    assert [i.label for i in C.items(keys)] == STARTER[1:] + ["Sleeping in the same bed"]
    with pytest.raises(ValueError):
        C.add_item(keys, "   ", 1)


def test_together_answers_open_only_with_their_owners_fresh_password(
        session_both: Session, items, proof) -> None:
    keys = session_both.keyring
    # Finding 1 of #5: at one keyboard, nothing of partner 1's opens without their password.
    with pytest.raises(NeedsOwner):
        C.answer(keys, 1, items[0].uuid, "yes", note="only for me")
    with pytest.raises(NeedsOwner):
        C.answer(keys, 1, items[0].uuid, "yes", proof=proof(2))
    C.answer(keys, 1, items[0].uuid, "yes", note="only for me", proof=proof(1))
    with pytest.raises(NeedsOwner):
        C.my_answers(keys, 1)
    with pytest.raises(NeedsOwner):
        C.my_answers(keys, 1, proof(2))
    fresh = proof(1)
    with pytest.raises(NeedsOwner):
        C.my_answers(keys, 1, FreshProof(1, fresh.bundle, made_at=fresh.made_at - 3600))
    assert C.my_answers(keys, 1, fresh)[items[0].uuid].note == "only for me"
    assert C.my_answers(keys, 2, proof(2)) == {}, "partner 2 sees nothing of partner 1's"
    assert not keys.holds_journal(1) and not keys.holds_journal(2), "a proof opens one step"


def test_a_held_key_opens_until_it_is_forgotten(session_both: Session, items, proof) -> None:
    keys = session_both.keyring
    keys.hold_journal(2, proof(2).bundle.journal_key)  # a private view opened with a proof
    C.answer(keys, 2, items[1].uuid, "maybe", note="later")
    assert C.my_answers(keys, 2)[items[1].uuid].answer == "maybe"
    with pytest.raises(NeedsOwner):
        C.my_answers(keys, 1)
    keys.forget_journal(2)
    with pytest.raises(NeedsOwner):
        C.my_answers(keys, 2)


def test_alone_the_owners_own_key_is_enough(session_a: Session, vault, couple) -> None:
    keys = session_a.keyring
    item = C.add_item(keys, "Kissing", 1)
    C.answer(keys, 1, item.uuid, "not_now", note="not this week")
    assert C.my_answers(keys, 1)[item.uuid].note == "not this week"
    with pytest.raises(NeedsOwner):
        C.my_answers(keys, 2)
    # Partner 2's own journal key, put in partner 1's place, still opens nothing.
    _, bundle_b = vault_module.try_password(vault.slots("password"), couple.passwords[2])
    impostor = Keyring({1: KeyBundle(bundle_b.workbook_key, bundle_b.journal_key)})
    with pytest.raises(RecordUnreadable):
        C.my_answers(impostor, 1)


def test_reveal_needs_both_fresh_passwords_and_uses_their_keys(
        session_both: Session, items, proof, session_a_keys) -> None:
    keys = session_both.keyring
    answer_all(keys, 1, ["yes", "yes", "no"], proof(1))
    answer_all(keys, 2, ["yes", "maybe", "yes"], proof(2))
    for proofs in ([], [proof(1)], [proof(2)], [proof(1), proof(1)]):
        with pytest.raises(NeedsBoth):
            C.reveal(keys, proofs)
    # Alone, holding one's own key is not the other's choice to reveal.
    with pytest.raises(NeedsBoth):
        C.reveal(session_a_keys, [proof(1)])
    assert C.latest_reveal(keys) is None
    C.reveal(keys, both(proof))
    assert not keys.holds_journal(1) and not keys.holds_journal(2)


def test_reveal_needs_every_answer_and_says_by_no_one(session_both: Session, items,
                                                      proof) -> None:
    keys = session_both.keyring
    answer_all(keys, 1, ["yes", "yes", "no"], proof(1))
    C.answer(keys, 2, items[0].uuid, "yes", proof=proof(2))
    with pytest.raises(RevealNotReady) as raised:
        C.reveal(keys, both(proof))
    assert "1" not in str(raised.value) and "2" not in str(raised.value)
    assert C.latest_reveal(keys) is None


def test_reveal_shows_combinations_without_attribution(session_both: Session, items,
                                                       proof) -> None:
    keys = session_both.keyring
    answer_all(keys, 1, ["yes", "yes", "no"], proof(1))
    answer_all(keys, 2, ["yes", "maybe", "yes"], proof(2))
    comparison = C.reveal(keys, both(proof))
    outcomes = {e.label: e.outcome for e in comparison.items}
    assert outcomes == {"Holding hands in public": "yes", "Kissing": "talk", "Sex": "respected"}
    assert [e.label for e in comparison.by_outcome("respected")] == ["Sex"]
    assert comparison.outcome_of(items[1].uuid) == "talk"
    stored = C.ConsentReveal.select().first().read(keys)["outcomes"]
    assert '"no"' not in stored and '"maybe"' not in stored, "each answer stays private"


@pytest.mark.parametrize("first, second, outcome", [
    ("yes", "yes", "yes"), ("yes", "maybe", "talk"), ("maybe", "maybe", "talk"),
    ("yes", "not_now", "respected"), ("no", "yes", "respected"), ("maybe", "no", "respected"),
])
def test_every_combination(session_both: Session, proof, first, second, outcome) -> None:
    keys = session_both.keyring
    item = C.add_item(keys, "Trying something new together", 1)
    C.answer(keys, 1, item.uuid, first, proof=proof(1))
    C.answer(keys, 2, item.uuid, second, proof=proof(2))
    assert C.reveal(keys, both(proof)).items[0].outcome == outcome


@pytest.mark.parametrize("shared, value, after, waits", [
    ("yes", "yes", "yes", False), ("yes", "maybe", "talk", False),
    ("yes", "not_now", "respected", False), ("yes", "no", "respected", False),
    ("talk", "yes", "talk", True), ("talk", "maybe", "talk", False),
    ("talk", "no", "respected", False), ("respected", "yes", "respected", True),
    ("respected", "maybe", "respected", True), ("respected", "no", "respected", False),
])
def test_only_moves_toward_caution_apply_before_the_next_reveal(shared, value, after,
                                                                waits) -> None:
    assert C.outcome_after(shared, value) == after
    assert C.waits_for_reveal(shared, value) is waits


def test_change_from_yes_is_honoured_at_once(session_both: Session, items, vault,
                                             couple, proof) -> None:
    keys = session_both.keyring
    answer_all(keys, 1, ["yes", "yes", "yes"], proof(1))
    answer_all(keys, 2, ["yes", "yes", "maybe"], proof(2))
    C.reveal(keys, both(proof))
    # Later, alone, partner 2 changes their mind: no reveal together needed for that.
    _, bundle_b = vault_module.try_password(vault.slots("password"), couple.passwords[2])
    solo_b = Keyring({2: bundle_b})
    C.answer(solo_b, 2, items[0].uuid, "not_now")
    C.answer(solo_b, 2, items[1].uuid, "maybe")
    outcomes = {e.label: e.outcome for e in C.latest_reveal(solo_b).items}
    assert outcomes["Holding hands in public"] == "respected"
    assert outcomes["Kissing"] == "talk"
    # A move toward yes waits for the next reveal together.
    C.answer(solo_b, 2, items[2].uuid, "yes")
    assert {e.label: e.outcome for e in C.latest_reveal(solo_b).items}["Sex"] == "talk"
    assert {e.label: e.outcome for e in C.reveal(keys, both(proof)).items}["Sex"] == "yes"


def test_comparison_leaves_for_export_only_with_both(session_both: Session, items,
                                                     proof) -> None:
    keys = session_both.keyring
    assert C.comparison_for_export(keys, both(proof)) is None, "nothing revealed yet"
    answer_all(keys, 1, ["yes", "yes", "yes"], proof(1))
    answer_all(keys, 2, ["yes", "no", "yes"], proof(2))
    C.reveal(keys, both(proof))
    for proofs in ([], [proof(1)], [proof(2)]):
        with pytest.raises(NeedsBoth):
            C.comparison_for_export(keys, proofs)
    shared = C.comparison_for_export(keys, both(proof))
    assert shared is not None and shared.outcome_of(items[1].uuid) == "respected"


def test_answer_values_are_checked(session_a: Session) -> None:
    item = C.add_item(session_a.keyring, "Kissing", 1)
    with pytest.raises(ValueError):
        C.answer(session_a.keyring, 1, item.uuid, "perhaps")  # type: ignore[arg-type]


def test_a_first_page_opens_only_its_rows_and_says_whether_it_was_all(
        session_both: Session, couple, monkeypatch) -> None:
    """(#9) load_first opens the first rows only, checked as load_items checks them;
    a page holding every row is load_items' own answer, rows the facts miss included."""
    import sqlite3

    from models.records import SealedRecord

    keys = session_both.keyring
    added = [C.add_item(keys, f"Item {n}", 1 + n % 2) for n in range(7)]
    opened: list[str] = []
    real_read = SealedRecord.read
    monkeypatch.setattr(SealedRecord, "read",
                        lambda row, ring: opened.append(row.uuid) or real_read(row, ring))
    items, damaged, whole = C.load_first(keys, 3)
    assert [i.uuid for i in items] == [i.uuid for i in added[:3]] and damaged == []
    assert not whole and opened == [i.uuid for i in added[:3]], "only the page is opened"
    assert C.load_first(keys, 7) == (*C.load_items(keys), True)
    # An item slipped out of the file is named only by a read of the whole list.
    connection = sqlite3.connect(couple.path)
    connection.execute("DELETE FROM consent_item WHERE uuid = ?", (added[-1].uuid,))
    connection.commit()
    connection.close()
    items, damaged, whole = C.load_first(keys, 3)
    assert not whole and damaged == [] and len(items) == 3
    items, damaged, whole = C.load_first(keys, 10)
    assert whole and [d.uuid for d in damaged] == [added[-1].uuid]
    assert (items, damaged) == C.load_items(keys)



def test_the_whole_list_is_read_a_row_at_a_time(session_both: Session, monkeypatch) -> None:
    """(#9) load_items never holds every sealed row at once (10 MiB at 10,000 items):
    while an item opens, only a row or two of the table are alive."""
    import gc

    from models.consent.tables import ConsentItem
    from models.records import SealedRecord

    keys = session_both.keyring
    added = [C.add_item(keys, f"Item {n}", 1 + n % 2) for n in range(12)]
    gc.collect()
    alive: list[int] = []
    real_read = SealedRecord.read

    def read(row: SealedRecord, ring: Keyring) -> dict[str, str]:
        alive.append(sum(1 for thing in gc.get_objects() if isinstance(thing, ConsentItem)))
        return real_read(row, ring)

    monkeypatch.setattr(SealedRecord, "read", read)
    items, damaged = C.load_items(keys)
    assert [i.uuid for i in items] == [i.uuid for i in added] and damaged == []
    assert len(alive) == 12 and max(alive) <= 2, alive

def test_a_comparison_names_each_items_outcome_by_its_uuid() -> None:
    import datetime as dt

    entries = [C.RevealedItem(f"u{n}", f"Item {n}", "talk", dt.date(2024, 1, 1))
               for n in range(3)]
    comparison = C.Comparison(dt.datetime(2024, 1, 1, tzinfo=dt.UTC), entries)
    assert [comparison.outcome_of(f"u{n}") for n in range(3)] == ["talk"] * 3
    assert comparison.outcome_of("another") is None
    assert comparison == C.Comparison(comparison.revealed_at, list(entries)), \
        "what it remembers is not part of what it is"
