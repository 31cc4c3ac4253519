"""Reading the chosen entries: only with the owner's fresh password, in every kind of
session; "just for me" entries stay out unless picked; the days and tags chosen are
kept to; and the packet's part holds only what its owner tagged for the session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from exports.journal import gather, gather_for_session, gather_opened, journal_texts
from exports.journal.reading import prompt_words
from models import keys
from models import vault as vault_module
from models.journal import FEELINGS, TAGS, EntryDraft, actions, save_entry
from models.proof import FreshProof, NeedsOwner
from models.session import Keyring

NAMES = {1: "Wrenfield", 2: "Ottoline"}
HERE = dt.timezone(dt.timedelta(hours=1))


@dataclass
class Journal:
    """An open vault: partner 1's own session, a together session's keyring, proofs."""

    alone: Keyring
    together: Keyring
    proofs: dict[int, FreshProof]

    def write(self, day: int, title: str, monkeypatch: pytest.MonkeyPatch,
              **fields: object) -> None:
        moment = dt.datetime(2026, 3, day, 21, 40, tzinfo=HERE)
        monkeypatch.setattr(actions, "now", lambda: moment)
        save_entry(self.alone, 1, EntryDraft(title=title, body=f"{title}, in words.",
                                             **fields))  # type: ignore[arg-type]

    def titles(self, **options: object) -> list[str]:
        data = gather(self.alone, 1, self.proofs[1], owner_name=NAMES[1],
                      **options)  # type: ignore[arg-type]
        return [row.title for row in data.entries]


@pytest.fixture
def journal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Journal]:
    plan = vault_module.prepare_setup(NAMES, {1: "a" * 12, 2: "b" * 12}, keys.FAST_TEST_COST)
    vault = vault_module.Vault.create(tmp_path / "trellis.vault", plan)
    try:
        alone = vault.start_session({1: plan.bundles[1]}).keyring
        together = vault.start_session(dict(plan.bundles)).keyring  # holds no journal key
        book = Journal(alone, together, {p: FreshProof(p, plan.bundles[p]) for p in (1, 2)})
        book.write(3, "The car", monkeypatch, tags=("trigger", "bring_to_session"),
                   prompt="hurt_body", feelings=("sad",), own_feelings=("heavy",), safety=3)
        book.write(7, "Slept well", monkeypatch, tags=("small_win",))
        book.write(9, "Only mine", monkeypatch, tags=("just_for_me", "bring_to_session"))
        book.write(12, "Untagged", monkeypatch)
        yield book
    finally:
        vault.close()


def test_entries_come_the_earliest_first_without_just_for_me(journal: Journal) -> None:
    assert journal.titles() == ["The car", "Slept well", "Untagged"]


def test_just_for_me_goes_in_only_when_picked(journal: Journal) -> None:
    assert journal.titles(include_just_for_me=True) == [
        "The car", "Slept well", "Only mine", "Untagged"]
    assert journal.titles(tags=("just_for_me",)) == ["Only mine"]
    # Tagged for the session too, it stays out unless picked.
    assert journal.titles(tags=("bring_to_session",)) == ["The car"]


def test_days_and_tags_are_kept_to(journal: Journal) -> None:
    assert journal.titles(since=dt.date(2026, 3, 7), until=dt.date(2026, 3, 12)) == [
        "Slept well", "Untagged"]
    assert journal.titles(until=dt.date(2026, 3, 3)) == ["The car"]
    assert journal.titles(tags=("small_win", "trigger")) == ["The car", "Slept well"]
    assert journal.titles(since=dt.date(2026, 4, 1)) == []


def test_every_field_is_copied_and_the_prompt_is_in_words(journal: Journal) -> None:
    data = gather(journal.alone, 1, journal.proofs[1], owner_name="Wrenfield",
                  tags=("trigger",))
    (car,) = data.entries
    assert (car.title, car.body, car.feelings, car.own_feelings, car.safety, car.tags) == (
        "The car", "The car, in words.", ("sad",), ("heavy",), 3,
        ("trigger", "bring_to_session"))
    assert car.prompt == prompt_words("hurt_body") and car.prompt.startswith("What my body")
    assert car.written_at == dt.datetime(2026, 3, 3, 21, 40, tzinfo=HERE)
    assert (data.owner, data.owner_name, data.tags, data.include_just_for_me) == (
        1, "Wrenfield", ("trigger",), False)
    assert data.unreadable == 0


def test_only_the_owners_fresh_password_opens_them(journal: Journal) -> None:
    for proof in (None, journal.proofs[2]):
        with pytest.raises(NeedsOwner):
            gather(journal.alone, 1, proof, owner_name="Wrenfield")
    stale = FreshProof(1, journal.proofs[1].bundle, made_at=journal.proofs[1].made_at - 600)
    with pytest.raises(NeedsOwner):
        gather(journal.alone, 1, stale, owner_name="Wrenfield")


def test_a_together_session_needs_no_open_journal_only_the_proof(journal: Journal) -> None:
    together = journal.together
    assert not together.holds_journal(1)
    data = gather(together, 1, journal.proofs[1], owner_name="Wrenfield")
    assert [row.title for row in data.entries] == ["The car", "Slept well", "Untagged"]
    assert not together.holds_journal(1)  # reading with the proof opened nothing for good


def test_the_packet_part_holds_only_entries_tagged_for_the_session(journal: Journal) -> None:
    data = gather_for_session(journal.alone, 1, journal.proofs[1], owner_name="Wrenfield")
    assert [row.title for row in data.entries] == ["The car"]  # never "Only mine"
    with pytest.raises(NeedsOwner):
        gather_for_session(journal.alone, 1, journal.proofs[2], owner_name="Wrenfield")


def test_the_childs_reading_with_the_key_alone_chooses_the_same_entries(
        journal: Journal) -> None:
    """The export's child gets the owner's journal key alone (no proof, no workbook
    key) and must choose exactly what the model's entries_for_export chooses."""
    key_only = Keyring({})
    key_only.hold_journal(1, journal.proofs[1].bundle.journal_key)
    for options in ({}, {"include_just_for_me": True}, {"tags": ("just_for_me",)},
                    {"tags": ("bring_to_session",)}, {"tags": ("small_win", "trigger")},
                    {"since": dt.date(2026, 3, 7), "until": dt.date(2026, 3, 12)},
                    {"until": dt.date(2026, 3, 3)}, {"since": dt.date(2026, 4, 1)}):
        made = dt.datetime(2026, 3, 21, 10, tzinfo=HERE)
        by_proof = gather(journal.together, 1, journal.proofs[1], owner_name="Wrenfield",
                          made_at=made, **options)
        by_key = gather_opened(key_only, 1, owner_name="Wrenfield", made_at=made,
                               **options)
        assert by_key == by_proof, options
    with pytest.raises(NeedsOwner):
        gather_opened(Keyring({}), 1, owner_name="Wrenfield")


def test_the_printed_labels_name_exactly_the_journals_tags_and_feelings() -> None:
    words = journal_texts().words
    assert tuple(words.tags) == TAGS and tuple(words.feelings) == FEELINGS


def test_the_packet_takes_a_journal_only_with_its_owners_proof(
        journal: Journal, tmp_path: Path) -> None:
    from exports.session_packet import PacketRequest, export_packet, gather_packet

    def request(*proofs: FreshProof) -> PacketRequest:
        return PacketRequest(journal.together, dict(NAMES), prepared_on=dt.date(2026, 3, 21),
                             session_on=None, proofs=proofs)

    for proofs in ((), (journal.proofs[2],)):
        with pytest.raises(NeedsOwner):
            gather_packet(request(*proofs), ["journal_1", "agreements"])
    packet = gather_packet(request(journal.proofs[1], journal.proofs[2]),
                           ["agreements", "journal_1"])
    assert [part.title for part in packet.parts] == [
        "Our boundary agreements", "From Wrenfield’s journal"]
    words = " ".join(" ".join(page.split()) for page in _pages(
        export_packet(tmp_path / "packet.pdf", packet)))
    assert "Part 2 of 2 From Wrenfield’s journal" in words
    assert "The car, in words." in words and "Only mine" not in words


def _pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]
