"""State is bound to the people who made it (#6): edits of plain columns, moved rows and
forged facts are reported as damage, and only that record is affected."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from models import agreements as A
from models import ledger
from models.agreements import facts
from models.damage import RecordDamaged
from models.errors import RecordUnreadable
from models.keys import KeyBundle
from models.proof import FreshProof
from models.session import Keyring

WORDS = {"title": "Phones at dinner", "wording": "Phones stay in the hall while we eat."}


@pytest.fixture
def proofs(session_both, couple, vault) -> dict[int, FreshProof]:
    return {p: vault.check_password(p, couple.passwords[p]) for p in (1, 2)}


def agreed(keys, proofs, **words) -> A.AgreementView:
    view = A.create(keys, 1, **(words or WORDS))
    A.propose(keys, view.uuid, 1)
    A.confirm(keys, view.uuid, 1, proofs[1])
    return A.confirm(keys, view.uuid, 2, proofs[2])


def sql(couple, statement: str, *args) -> None:
    """Edit the file the way anyone with an SQLite tool could."""
    connection = sqlite3.connect(couple.path)
    try:
        connection.execute(statement, args)
        connection.commit()
    finally:
        connection.close()


def damaged_uuids(keys) -> set[str]:
    return {d.uuid for d in A.load_all(keys)[1]}


def test_a_paused_agreement_edited_to_agreed_is_damage(session_both, proofs, couple) -> None:
    keys = session_both.keyring
    paused = agreed(keys, proofs)
    A.withdraw(keys, paused.uuid, 2)
    other = agreed(keys, proofs, title="Walks", wording="A walk on Sundays.")
    sql(couple, "UPDATE agreement SET status='agreed', needs_discussion=0 WHERE uuid=?",
        paused.uuid)
    sql(couple, "UPDATE confirmation SET withdrawn_at=NULL")

    views, damaged = A.load_all(keys)

    assert [d.uuid for d in damaged] == [paused.uuid]
    assert [v.uuid for v in views] == [other.uuid], "the other agreement is untouched"


@pytest.mark.parametrize("column, value", [
    ("current_revision", 7), ("agreed_revision", None), ("next_review_on", "2030-01-01"),
    ("cadence_days", 3), ("needs_discussion", 1), ("status", "retired"),
])
def test_every_state_column_is_checked_against_the_facts(session_both, proofs, couple,
                                                         column, value) -> None:
    keys = session_both.keyring
    view = agreed(keys, proofs)
    sql(couple, f"UPDATE agreement SET {column}=? WHERE uuid=?", value, view.uuid)
    assert damaged_uuids(keys) == {view.uuid}


def test_a_drafts_words_moved_under_an_agreed_agreement_are_damage(session_both, proofs,
                                                                     couple) -> None:
    keys = session_both.keyring
    good = agreed(keys, proofs)
    draft = A.create(keys, 2, title="Anything goes", wording="No rules at all.")
    draft_row = A.AgreementRevision.get(A.AgreementRevision.agreement == A.get(draft.uuid))
    good_id = A.get(good.uuid).id
    sql(couple, "DELETE FROM agreement_revision WHERE agreement_id=?", good_id)
    sql(couple, "UPDATE agreement_revision SET agreement_id=? WHERE id=?", good_id,
        draft_row.id)
    assert good.uuid in damaged_uuids(keys)


def test_the_other_partner_cannot_forge_a_confirmation(session_both, proofs) -> None:
    """Partner 2 holds the workbook key and their own journal key, not partner 1's."""
    keys = session_both.keyring
    view = A.create(keys, 1, **WORDS)
    A.propose(keys, view.uuid, 1)
    A.confirm(keys, view.uuid, 2, proofs[2])
    words = facts.words_digest(A.view(keys, A.get(view.uuid)).current.text)
    # Signed with partner 2's own key, in partner 1's name: refused before it is written.
    with pytest.raises(RecordDamaged), ledger_writing():
        facts.record(keys, view.uuid, "confirmed", signers={1: proofs[2].bundle.journal_key},
                     partner=1, number=1, words=words, next_review_on="2030-01-01")
    assert A.view(keys, A.get(view.uuid)).confirmations.keys() == {2}


def test_an_unsigned_confirmation_is_damage(session_both, proofs) -> None:
    keys = session_both.keyring
    view = A.create(keys, 1, **WORDS)
    A.propose(keys, view.uuid, 1)
    with ledger_writing():
        ledger.append(keys, facts.stream_of(view.uuid), "confirmed", partner=1, number=1,
                      words="x", at="2026-01-01T00:00:00+00:00")
    assert view.uuid in damaged_uuids(keys)


def test_a_replaced_public_key_is_noticed_by_its_owner(session_both, proofs) -> None:
    keys = session_both.keyring
    view = agreed(keys, proofs)
    stranger = Keyring({1: KeyBundle(keys.workbook_key(), b"\x07" * 32)})
    ledger.PartnerKey.delete().where(ledger.PartnerKey.partner == 1).execute()
    ledger.check_own_key(keys, 1, b"\x07" * 32)  # someone plants a key for partner 1
    assert view.uuid in damaged_uuids(keys), "old signatures no longer verify"
    with pytest.raises(RecordDamaged):
        ledger.check_own_key(keys, 1, proofs[1].bundle.journal_key)
    stranger.clear()


@pytest.mark.parametrize("mutation", ["edit", "delete", "swap", "move"])
def test_ledger_entries_cannot_be_edited_deleted_swapped_or_moved(session_both, proofs,
                                                                  couple, mutation) -> None:
    keys = session_both.keyring
    view = agreed(keys, proofs)
    other = agreed(keys, proofs, title="Walks", wording="A walk on Sundays.")
    stream = facts.stream_of(view.uuid)
    rows = list(ledger.LedgerEntry.select().where(ledger.LedgerEntry.stream == stream)
                .order_by(ledger.LedgerEntry.seq))
    if mutation == "edit":
        body = bytearray(rows[1].body)
        body[-3] ^= 0x40
        sql(couple, "UPDATE ledger_entry SET body=? WHERE id=?", bytes(body), rows[1].id)
    elif mutation == "delete":
        sql(couple, "DELETE FROM ledger_entry WHERE id=?", rows[2].id)
    elif mutation == "swap":
        sql(couple, "UPDATE ledger_entry SET seq=-1 WHERE id=?", rows[1].id)
        sql(couple, "UPDATE ledger_entry SET seq=1 WHERE id=?", rows[2].id)
        sql(couple, "UPDATE ledger_entry SET seq=2 WHERE id=?", rows[1].id)
    else:
        sql(couple, "UPDATE ledger_entry SET stream=? WHERE stream=?",
            "agreement/moved", facts.stream_of(other.uuid))
        sql(couple, "UPDATE ledger_entry SET stream=? WHERE stream=?",
            facts.stream_of(other.uuid), stream)
    assert view.uuid in damaged_uuids(keys)


def test_retiring_and_deciding_carry_both_signatures(session_both, proofs) -> None:
    keys = session_both.keyring
    view = agreed(keys, proofs)
    A.retire(keys, view.uuid, 1, proofs=(proofs[1], proofs[2]))
    stream = ledger.verify(keys, facts.stream_of(view.uuid), needs_signature=facts.SIGNED)
    retired = [f for f in stream if f.kind == "retired"]
    assert len(retired) == 1 and retired[0].signed_by == {1, 2}
    assert A.view(keys, A.get(view.uuid)).status == "retired"


def test_agreements_from_before_the_ledger_are_carried_over_once(session_both, proofs,
                                                                  couple) -> None:
    keys = session_both.keyring
    old = agreed(keys, proofs)
    new = agreed(keys, proofs, title="Walks", wording="A walk on Sundays.")
    # As a file from before step 5: no facts at all, and the list the step makes.
    ledger.LedgerEntry.delete().execute()
    from models.schema import VaultFact

    VaultFact.insert(name=A.LEGACY_FACT, value=json.dumps([old.uuid])).execute()

    views, damaged = A.load_all(keys)

    assert [v.uuid for v in views] == [old.uuid]
    assert views[0].status == "agreed" and set(views[0].confirmations) == {1, 2}
    assert [d.uuid for d in damaged] == [new.uuid], "only listed agreements are carried"
    assert VaultFact.get_or_none(VaultFact.name == A.LEGACY_FACT) is None
    ledger.LedgerEntry.delete().where(
        ledger.LedgerEntry.stream == facts.stream_of(old.uuid)).execute()
    assert old.uuid in damaged_uuids(keys), "a second carry-over is never offered"


def ledger_writing():
    from models.db import writing

    return writing()


def test_no_one_can_be_first_to_sign_in_the_others_name(session_both, proofs,
                                                         couple) -> None:
    """Both public keys are known from setup, so a forged signature never verifies, even
    when the plain columns are edited to match."""
    keys = session_both.keyring
    view = A.create(keys, 1, **WORDS)
    A.propose(keys, view.uuid, 1)
    A.confirm(keys, view.uuid, 2, proofs[2])
    words = facts.words_digest(A.view(keys, A.get(view.uuid)).current.text)
    with pytest.raises(RecordDamaged):
        with ledger_writing():
            facts.record(keys, view.uuid, "confirmed",
                         signers={1: proofs[2].bundle.journal_key}, partner=1, number=1,
                         words=words, next_review_on="2030-01-01")
    # Written by hand instead, past check_own_key: the signature does not verify.
    stream = facts.stream_of(view.uuid)
    from models.ledger import _private

    fact = ledger.append(keys, stream, "confirmed", partner=1, number=1, words=words,
                         next_review_on="2030-01-01", signers=[1],
                         at="2026-11-27T10:00:00+00:00")
    row = ledger.LedgerEntry.get((ledger.LedgerEntry.stream == stream)
                                 & (ledger.LedgerEntry.seq == fact.seq))
    digest = ledger._digest(*_chain_before(stream, fact.seq), bytes(row.body))
    forged = _private(proofs[2].bundle.journal_key).sign(digest).hex()
    sql(couple, "UPDATE ledger_entry SET signatures=? WHERE id=?", json.dumps({"1": forged}),
        row.id)
    sql(couple, "UPDATE agreement SET status='agreed', agreed_revision=1, "
        "next_review_on='2030-01-01' WHERE uuid=?", view.uuid)
    assert view.uuid in damaged_uuids(keys)


def _chain_before(stream: str, seq: int) -> tuple[bytes, str, int]:
    previous = ledger.GENESIS
    for row in ledger.LedgerEntry.select().where(
            (ledger.LedgerEntry.stream == stream) & (ledger.LedgerEntry.seq < seq)).order_by(
            ledger.LedgerEntry.seq):
        previous = ledger._digest(previous, stream, row.seq, bytes(row.body))
    return previous, stream, seq


# -- the consent check-in ----------------------------------------------------------------

from models import consent as C  # noqa: E402


def revealed(keys, proofs, plan: dict[str, tuple[str, str]]) -> dict[str, str]:
    uuids = {}
    for label, (first, second) in plan.items():
        item = C.add_item(keys, label, 1)
        uuids[label] = item.uuid
        C.answer(keys, 1, item.uuid, first, proof=proofs[1])  # type: ignore[arg-type]
        C.answer(keys, 2, item.uuid, second, proof=proofs[2])  # type: ignore[arg-type]
    C.reveal(keys, proofs.values())
    return uuids


def test_an_item_set_aside_cannot_come_back_by_editing_the_file(session_both, proofs,
                                                                couple) -> None:
    keys = session_both.keyring
    kept = C.add_item(keys, "Holding hands", 1)
    aside = C.add_item(keys, "Kissing", 2)
    C.set_aside_item(keys, aside.uuid, proofs.values())
    sql(couple, "UPDATE consent_item SET archived=0 WHERE uuid=?", aside.uuid)
    opened, damaged = C.load_items(keys)
    assert [i.uuid for i in opened] == [kept.uuid]
    assert [d.uuid for d in damaged] == [aside.uuid]


def test_an_item_hidden_or_slipped_in_is_damage(session_both, proofs, couple) -> None:
    keys = session_both.keyring
    first = C.add_item(keys, "Holding hands", 1)
    sql(couple, "UPDATE consent_item SET archived=1 WHERE uuid=?", first.uuid)
    assert [d.uuid for d in C.load_items(keys)[1]] == [first.uuid]


def test_a_reveal_edited_toward_yes_is_damage(session_both, proofs) -> None:
    keys = session_both.keyring
    uuids = revealed(keys, proofs, {"Kissing": ("yes", "not_now"), "Hugs": ("yes", "yes")})
    assert C.latest_reveal(keys).outcome_of(uuids["Kissing"]) == "respected"
    row = C.ConsentReveal.get()
    outcomes = json.loads(row.read(keys)["outcomes"])
    outcomes[uuids["Kissing"]]["outcome"] = "yes"  # someone with the workbook key
    row.rewrite(keys, outcomes=json.dumps(outcomes, sort_keys=True))
    comparison, damage = C.load_latest_reveal(keys)
    assert comparison is None and damage is not None


def test_a_forged_loosening_fact_is_damage(session_both, proofs) -> None:
    keys = session_both.keyring
    uuids = revealed(keys, proofs, {"Kissing": ("yes", "maybe")})
    row = C.ConsentReveal.get()
    from models.consent import facts as consent_facts

    with ledger_writing():
        consent_facts.record(keys, "lowered", reveal=row.uuid, item=uuids["Kissing"],
                             outcome="yes")
    assert C.load_latest_reveal(keys)[1] is not None


def test_caution_after_a_reveal_still_applies_and_verifies(session_both, proofs) -> None:
    keys = session_both.keyring
    uuids = revealed(keys, proofs, {"Hugs": ("yes", "yes")})
    C.answer(keys, 2, uuids["Hugs"], "not_now", proof=proofs[2])
    comparison, damage = C.load_latest_reveal(keys)
    assert damage is None and comparison is not None
    assert comparison.outcome_of(uuids["Hugs"]) == "respected"


def test_a_reveal_the_facts_do_not_name_is_damage(session_both, proofs, couple) -> None:
    keys = session_both.keyring
    revealed(keys, proofs, {"Hugs": ("yes", "maybe")})
    from models.records import SharedRecord  # noqa: F401 - the same sealing as the app

    extra = C.ConsentReveal.write_new(keys, outcomes=json.dumps({}))  # no signed fact
    sql(couple, "UPDATE consent_reveal SET created_at='2099-01-01 00:00:00' WHERE uuid=?",
        extra.uuid)
    comparison, damage = C.load_latest_reveal(keys)
    assert comparison is not None, "the latest reveal is the one the facts name"
    assert damage is None


def test_an_older_copy_of_the_whole_file_is_noticed(session_both, proofs) -> None:
    keys = session_both.keyring
    view = agreed(keys, proofs)
    A.withdraw(keys, view.uuid, 2, "I need to talk first.")
    mark = ledger.seen_mark()
    assert not ledger.went_back(mark)
    A.create(keys, 1, title="More facts later")
    assert not ledger.went_back(mark), "new facts after the mark are fine"
    # As in an older copy of the file: the pause and everything after it are not there.
    pause = ledger.LedgerEntry.select().where(
        ledger.LedgerEntry.stream == facts.stream_of(view.uuid)).order_by(
        ledger.LedgerEntry.seq.desc()).first()
    ledger.LedgerEntry.delete().where(ledger.LedgerEntry.id >= pause.id).execute()
    assert ledger.went_back(mark)
    assert not ledger.went_back("nonsense")


def test_deleting_a_draft_never_makes_the_file_seem_to_go_back(session_both, proofs) -> None:
    keys = session_both.keyring
    draft = A.create(keys, 1, title="Maybe later")
    mark = ledger.seen_mark()
    A.delete_draft(keys, draft.uuid)
    assert not ledger.went_back(mark)
    assert A.load_all(keys) == ([], [])


# -- echoes of plain columns -------------------------------------------------------------


@pytest.mark.parametrize("table, column, value", [
    ("agreement_revision", "author", 2), ("agreement_revision", "created_at", "2001-01-01"),
    ("agreement_revision", "updated_at", "2001-01-01"),
    ("agreement_event", "kind", "retired"), ("agreement_event", "partner", 2),
    ("agreement_review", "by_partner", 1), ("consent_item", "position", 9),
    ("consent_reveal", "created_at", "2001-01-01"), ("agreement_revision", "echo", None),
])
def test_an_edited_plain_column_no_longer_matches_its_sealed_echo(session_both, proofs, couple,
                                                                  table, column, value) -> None:
    keys = session_both.keyring
    view = agreed(keys, proofs)
    A.note_review_alone(keys, view.uuid, 2, reviewed_on=dt.date.today(), helps="Calmer.",
                        hard="")
    revealed(keys, proofs, {"Hugs": ("yes", "yes")})

    def damaged() -> bool:
        try:
            A.view(keys, A.get(view.uuid))
            A.revisions(keys, view.uuid)
            A.events(keys, view.uuid)
            A.reviews(keys, view.uuid)
        except (RecordDamaged, RecordUnreadable):
            return True
        return bool(C.load_items(keys)[1]) or C.load_latest_reveal(keys)[1] is not None

    assert not damaged()
    sql(couple, f"UPDATE {table} SET {column}=?", value)
    assert damaged()


def test_a_removed_line_of_what_happened_is_noticed(session_both, proofs, couple) -> None:
    keys = session_both.keyring
    view = agreed(keys, proofs)
    A.withdraw(keys, view.uuid, 2, "I need to talk first.")
    assert [e.kind for e in A.events(keys, view.uuid)][-1] == "withdrawn"
    sql(couple, "DELETE FROM agreement_event WHERE kind='withdrawn'")
    with pytest.raises(RecordDamaged):
        A.events(keys, view.uuid)


def test_a_revision_gone_from_the_history_is_noticed(session_both, proofs, couple) -> None:
    """Opening no longer reads every page (#9): an index that stopped finding a revision
    makes the history damaged, never quietly shorter."""
    keys = session_both.keyring
    view = agreed(keys, proofs)
    A.edit(keys, view.uuid, 1, why_1="It helps me feel safe.")  # revision 2, carried over
    assert [r.number for r in A.revisions(keys, view.uuid)] == [1, 2]
    sql(couple, "DELETE FROM agreement_revision WHERE number = 1")
    assert A.view(keys, A.get(view.uuid)).current.number == 2, "the words in force still open"
    with pytest.raises(RecordDamaged):
        A.revisions(keys, view.uuid)


# -- what exists of private rows ---------------------------------------------------------

from models.journal import entries_of, write_entry  # noqa: E402


@pytest.mark.parametrize("mutation", [
    "DELETE FROM journal_entry WHERE id = (SELECT MIN(id) FROM journal_entry)",
    "UPDATE journal_entry SET owner = 2 WHERE id = (SELECT MIN(id) FROM journal_entry)",
])
def test_a_private_entry_removed_or_moved_away_is_noticed_by_its_owner(
        session_both_owners, couple, mutation) -> None:
    keys = session_both_owners.keyring
    for n in range(3):
        write_entry(keys, 1, f"title {n}", "body")
    assert len(entries_of(keys, 1)) == 3
    sql(couple, mutation)
    with pytest.raises(RecordDamaged):
        entries_of(keys, 1)


def test_a_private_answer_or_rating_removed_is_noticed(session_both, proofs, couple) -> None:
    keys = session_both.keyring
    view = agreed(keys, proofs)
    revealed(keys, proofs, {"Hugs": ("yes", "yes"), "Kissing": ("yes", "maybe")})
    A.rate_review(keys, view.uuid, 2, proofs[2], works=4, follow=4)
    assert A.my_rating(keys, view.uuid, 2, proofs[2]) == A.MyRating(4, 4)
    sql(couple, "DELETE FROM consent_answer WHERE id = (SELECT MIN(id) FROM consent_answer "
        "WHERE owner = 1)")
    sql(couple, "DELETE FROM review_rating")
    with pytest.raises(RecordDamaged):
        C.my_answers(keys, 1, proofs[1])
    assert len(C.my_answers(keys, 2, proofs[2])) == 2, "the other owner's stay whole"
    with pytest.raises(RecordDamaged):
        A.my_rating(keys, view.uuid, 2, proofs[2])


def test_a_deleted_manifest_is_damage_not_a_fresh_start(session_both_owners, couple) -> None:
    keys = session_both_owners.keyring
    write_entry(keys, 2, "mine", "body")
    sql(couple, "DELETE FROM private_manifest")
    with pytest.raises(RecordDamaged):
        entries_of(keys, 2)


def test_the_list_order_comes_from_what_is_verified_not_the_plain_column(session_both, proofs,
                                                                         couple) -> None:
    keys = session_both.keyring
    first = agreed(keys, proofs)
    second = A.create(keys, 2, title="Walks", wording="Sundays.")
    before = [v.uuid for v in A.load_all(keys)[0]]
    assert before == [second.uuid, first.uuid]
    sql(couple, "UPDATE agreement SET updated_at='2099-01-01 00:00:00' WHERE uuid=?",
        first.uuid)
    views, damaged = A.load_all(keys)
    assert damaged == [] and [v.uuid for v in views] == before
