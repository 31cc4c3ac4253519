"""When we missed each other (#12): an entry by one partner is a request for a
conversation until the other adds their side; each writes only their own side; what
we will try waits for both; either may set it down, and the one who did picks it up."""

from __future__ import annotations

import pytest

from models import needs
from models.damage import RecordDamaged
from models.needs import misattunement as mis
from tests.models.needs.test_reviews import make_active


@pytest.fixture
def keys(session_both):
    return session_both.keyring


def _open(keys, by: int = 1, **extra: str):
    return mis.open_misattunement(keys, by, what_happened="You were late and did not call.",
                                  felt="Scared.", needed="A text.", **extra)


def test_an_entry_waits_for_the_other_side(keys) -> None:
    entry = _open(keys)
    assert entry.opened_by == 1 and entry.waiting_for == 2
    assert entry.what_happened == "You were late and did not call."
    assert list(entry.accounts) == [1]
    assert (entry.accounts[1].felt, entry.accounts[1].needed) == ("Scared.", "A text.")
    assert entry.try_next == "" and not entry.paused
    assert entry.need is None and entry.commitment is None
    loaded, damaged = mis.load_misattunements(keys)
    assert damaged == [] and loaded == [entry]


def test_the_other_side_ends_the_waiting_and_sits_beside_the_first(keys) -> None:
    entry = _open(keys, by=2)
    assert entry.waiting_for == 1
    both = mis.add_side(keys, 1, entry.uuid, happened="My phone died on the bus.",
                        felt="Rushed.", needed="To be asked before being blamed.")
    assert both.waiting_for is None and sorted(both.accounts) == [1, 2]
    assert both.what_happened == "You were late and did not call."  # the opener's, kept
    assert both.accounts[1].happened == "My phone died on the bus."
    assert mis.load_misattunements(keys)[0] == [both]


def test_each_partner_edits_only_their_own_side(keys) -> None:
    entry = _open(keys)
    mis.add_side(keys, 2, entry.uuid, happened="I lost track of time.", felt="", needed="")
    edited = mis.add_side(keys, 1, entry.uuid, happened="You came home at ten.",
                          felt="Scared, then angry.", needed="A text.")
    assert edited.accounts[1].felt == "Scared, then angry."
    assert edited.what_happened == "You came home at ten."
    assert edited.accounts[2].happened == "I lost track of time."  # untouched
    again = mis.add_side(keys, 2, entry.uuid, happened="I lost track of time at work.",
                         felt="Ashamed.", needed="")
    assert again.accounts[2].felt == "Ashamed." and again.accounts[1] == edited.accounts[1]
    assert mis.add_side(keys, 2, entry.uuid, happened="I lost track of time at work.",
                        felt="Ashamed.", needed="") == again  # the same words: no change


def test_what_we_will_try_waits_for_both_sides_then_either_writes_it(keys) -> None:
    entry = _open(keys)
    with pytest.raises(ValueError):
        mis.set_try_next(keys, 1, entry.uuid, "A text when I leave.")
    assert mis.load_misattunements(keys)[0][0].try_next == ""
    mis.add_side(keys, 2, entry.uuid, happened="Late.", felt="", needed="")
    assert mis.set_try_next(keys, 2, entry.uuid, "A text when I leave.").try_next == \
        "A text when I leave."
    assert mis.set_try_next(keys, 1, entry.uuid, "A text when I leave, and a call if "
                            "later than ten.").try_next.endswith("ten.")


def test_either_sets_it_down_and_the_one_who_did_picks_it_up(keys) -> None:
    entry = _open(keys)
    paused = mis.set_paused(keys, 2, entry.uuid, True)
    assert paused.paused and paused.paused_by == 2
    with pytest.raises(ValueError):  # its words stay as they are while set down
        mis.add_side(keys, 2, entry.uuid, happened="Later.", felt="", needed="")
    with pytest.raises(ValueError):
        mis.set_paused(keys, 1, entry.uuid, False)
    assert mis.load_misattunements(keys)[0][0].paused
    picked_up = mis.set_paused(keys, 2, entry.uuid, False)
    assert not picked_up.paused and picked_up.paused_by is None
    assert mis.add_side(keys, 2, entry.uuid, happened="Later.", felt="",
                        needed="").waiting_for is None


def test_linked_to_a_need_or_a_commitment(vault, couple, keys) -> None:
    def proof(partner: int):
        return vault.check_password(partner, couple.passwords[partner])

    commitment = needs.load_commitment(keys, make_active(keys, proof))
    entry = _open(keys, need=commitment.need)
    other = _open(keys, by=2, commitment=commitment.uuid)
    assert (entry.need, entry.commitment) == (commitment.need, None)
    assert (other.need, other.commitment) == (None, commitment.uuid)
    assert [e.uuid for e in mis.load_misattunements(keys)[0]] == [entry.uuid, other.uuid]
    for link in ({"need": commitment.uuid}, {"commitment": commitment.need},
                 {"need": "a" * 32}, {"commitment": ""}):
        with pytest.raises(ValueError):
            _open(keys, **link)
    assert len(mis.load_misattunements(keys)[0]) == 2


@pytest.mark.parametrize("what_happened", ["", "   "])
def test_what_happened_comes_first(keys, what_happened: str) -> None:
    with pytest.raises(ValueError):
        mis.open_misattunement(keys, 1, what_happened=what_happened)
    assert mis.load_misattunements(keys) == ([], [])


def test_not_a_partner_is_refused(keys) -> None:
    with pytest.raises(ValueError):
        mis.open_misattunement(keys, 3, what_happened="x")
    entry = _open(keys)
    with pytest.raises(ValueError):
        mis.add_side(keys, 0, entry.uuid, happened="x", felt="", needed="")


def test_an_unknown_entry_is_damage_not_a_new_one(keys) -> None:
    with pytest.raises(RecordDamaged):
        mis.add_side(keys, 2, "f" * 32, happened="x", felt="", needed="")


def test_read_back_after_locking(vault, couple, session_both) -> None:
    entry = _open(session_both.keyring)
    mis.add_side(session_both.keyring, 2, entry.uuid, happened="Late.", felt="Sorry.",
                 needed="Patience.")
    session_both.keyring.clear()
    from models import vault as vault_module

    bundles = {p: vault_module.try_password(vault.slots("password"), couple.passwords[p])[1]
               for p in (1, 2)}
    keys = vault.start_session(bundles).keyring
    loaded, damaged = mis.load_misattunements(keys)
    assert damaged == [] and loaded[0].accounts[2].needed == "Patience."
