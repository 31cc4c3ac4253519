"""Consent check-in: private answers, reveal only together, caution honoured at once."""

from __future__ import annotations

import pytest

from models import consent as C
from models import vault as vault_module
from models.consent import RevealNotReady
from models.errors import NotUnlocked, RecordUnreadable
from models.keys import KeyBundle
from models.session import Keyring, Session

STARTER = ["Holding hands in public", "Kissing", "Sex"]


@pytest.fixture
def items(session_both: Session) -> list[C.Item]:
    C.add_starter_items(session_both.keyring, STARTER)
    return C.items(session_both.keyring)


def answer_all(keys: Keyring, owner: int, answers: list[C.Answer]) -> None:
    for item, value in zip(C.items(keys), answers, strict=True):
        C.answer(keys, owner, item.uuid, value)


def test_starter_items_added_once(session_both: Session, items) -> None:
    keys = session_both.keyring
    C.add_starter_items(keys, ["Something else"])
    assert [i.label for i in C.items(keys)] == STARTER
    assert all(i.added_by is None for i in items)
    mine = C.add_item(keys, "  Sleeping in the same bed  ", 2)
    assert mine.label == "Sleeping in the same bed" and mine.added_by == 2
    C.archive_item(items[0].uuid)
    assert [i.label for i in C.items(keys)] == STARTER[1:] + ["Sleeping in the same bed"]
    with pytest.raises(ValueError):
        C.add_item(keys, "   ", 1)


def test_answers_are_private_to_their_owner(session_both: Session, items, vault,
                                            couple) -> None:
    keys = session_both.keyring
    C.answer(keys, 1, items[0].uuid, "yes", note="only for me")
    assert C.my_answers(keys, 1)[items[0].uuid].note == "only for me"
    # Partner 2's own password gives no way into partner 1's answers.
    _, bundle_b = vault_module.try_password(vault.slots("password"), couple.passwords[2])
    only_b = Keyring({2: bundle_b})
    with pytest.raises(NotUnlocked):
        C.my_answers(only_b, 1)
    # Even with B's journal key put in A's place, the sealed rows do not open.
    impostor = Keyring({1: KeyBundle(bundle_b.workbook_key, bundle_b.journal_key)})
    with pytest.raises(RecordUnreadable):
        C.my_answers(impostor, 1)


def test_reveal_needs_both_unlocked(session_both: Session, items, vault, couple) -> None:
    keys = session_both.keyring
    answer_all(keys, 1, ["yes", "yes", "no"])
    answer_all(keys, 2, ["yes", "maybe", "yes"])
    partner, bundle = vault_module.try_password(vault.slots("password"), couple.passwords[1])
    solo = Keyring({partner: bundle})
    assert not C.can_reveal(solo)
    with pytest.raises(NotUnlocked):
        C.reveal(solo)
    assert C.latest_reveal(solo) is None
    assert C.can_reveal(keys)


def test_reveal_needs_every_answer(session_both: Session, items) -> None:
    keys = session_both.keyring
    answer_all(keys, 1, ["yes", "yes", "no"])
    C.answer(keys, 2, items[0].uuid, "yes")
    assert not C.can_reveal(keys)
    with pytest.raises(RevealNotReady):
        C.reveal(keys)


def test_reveal_shows_combinations_without_attribution(session_both: Session, items) -> None:
    keys = session_both.keyring
    answer_all(keys, 1, ["yes", "yes", "no"])
    answer_all(keys, 2, ["yes", "maybe", "yes"])
    comparison = C.reveal(keys)
    outcomes = {e.label: e.outcome for e in comparison.items}
    assert outcomes == {"Holding hands in public": "yes", "Kissing": "talk", "Sex": "respected"}
    assert [e.label for e in comparison.by_outcome("respected")] == ["Sex"]
    stored = C.ConsentReveal.select().first().read(keys)["outcomes"]
    assert '"no"' not in stored and '"maybe"' not in stored, "who said what stays private"


@pytest.mark.parametrize("first, second, outcome", [
    ("yes", "yes", "yes"), ("yes", "maybe", "talk"), ("maybe", "maybe", "talk"),
    ("yes", "not_now", "respected"), ("no", "yes", "respected"), ("maybe", "no", "respected"),
])
def test_every_combination(session_both: Session, first, second, outcome) -> None:
    keys = session_both.keyring
    item = C.add_item(keys, "Trying something new together", 1)
    C.answer(keys, 1, item.uuid, first)
    C.answer(keys, 2, item.uuid, second)
    assert C.reveal(keys).items[0].outcome == outcome


def test_change_from_yes_is_honoured_at_once(session_both: Session, items, vault,
                                             couple) -> None:
    keys = session_both.keyring
    answer_all(keys, 1, ["yes", "yes", "yes"])
    answer_all(keys, 2, ["yes", "yes", "maybe"])
    C.reveal(keys)
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
    assert {e.label: e.outcome for e in C.reveal(keys).items}["Sex"] == "yes"


def test_answer_values_are_checked(session_both: Session, items) -> None:
    with pytest.raises(ValueError):
        C.answer(session_both.keyring, 1, items[0].uuid, "perhaps")  # type: ignore[arg-type]
