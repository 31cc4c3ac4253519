"""The therapy-session packet: one PDF of the parts the couple ticked, its cover listing
each with the page it begins on, built from the demo couple through the real models.

Only one vault can be open per process: the module's vault is closed when its tests end.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PasswordType, PdfReader

from exports.errors import ExportFolderNotWritable
from exports.house_style import Composer
from exports.session_packet import (
    SECTIONS,
    Packet,
    PacketRequest,
    PacketSection,
    export_packet,
    gather_packet,
    packet_words,
)
from exports.session_packet import reading as packet_reading
from exports.session_packet import words as packet_words_module
from exports.words import WordsError
from models import vault as vault_module
from models.demo import create_demo_vault
from models.keys import FAST_TEST_COST
from models.proof import FreshProof, NeedsBoth
from models.session import Keyring

PREPARED = datetime.date(2026, 11, 27)
SESSION = datetime.date(2026, 12, 2)
NOTE = ("How the first month with the phones agreement went.\n\n"
        "Sunday evenings, and what helps after a hard day <b>at work</b>.")
WORDS = packet_words()
TITLES = {entry.key: WORDS.title(entry.title_key) for entry in SECTIONS}


@dataclass
class Demo:
    """The demo couple's vault, open for both of them together."""

    vault: vault_module.Vault
    keys: Keyring
    names: dict[int, str]
    passwords: dict[int, str]

    def proofs(self) -> tuple[FreshProof, ...]:
        """Both partners' passwords, typed just now."""
        return tuple(self.vault.check_password(p, self.passwords[p]) for p in (1, 2))

    def request(self, proofs: tuple[FreshProof, ...] = ()) -> PacketRequest:
        return PacketRequest(self.keys, self.names, prepared_on=PREPARED, session_on=SESSION,
                             proofs=proofs)

    def packet(self, *chosen: str, note: str = NOTE) -> Packet:
        proofs = self.proofs() if "consent" in chosen else ()
        return gather_packet(self.request(proofs), chosen, note)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    path = tmp_path_factory.mktemp("demo") / "demo.vault"
    people = create_demo_vault(path, FAST_TEST_COST)
    vault = vault_module.Vault.open(path)
    try:
        passwords = {p: people[p][1] for p in (1, 2)}
        bundles = {p: vault.check_password(p, passwords[p]).bundle for p in (1, 2)}
        session = vault.start_session(bundles)
        yield Demo(vault, session.keyring, {p: people[p][0] for p in (1, 2)}, passwords)
    finally:
        vault.close()


def fold(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def page_texts(path: Path, password: str | None = None) -> list[str]:
    reader = PdfReader(path)
    if password is not None:
        assert reader.decrypt(password) != PasswordType.NOT_DECRYPTED
    return [fold(page.extract_text()) for page in reader.pages]


def listed_pages(cover: str) -> dict[str, int]:
    """The parts the cover's contents list names, each with the page it gives."""
    found = {}
    for key, title in TITLES.items():
        match = re.search(re.escape(title) + r" .*?page (\d+)", cover)
        if match:
            found[key] = int(match.group(1))
    return found


def test_the_cover_lists_each_part_with_the_page_its_heading_is_on(demo: Demo,
                                                                  tmp_path: Path) -> None:
    target = export_packet(tmp_path / "packet.pdf", demo.packet("agreements", "consent"))
    pages = page_texts(target)
    cover = pages[0]

    listed = listed_pages(cover)
    assert list(listed) == ["agreements", "consent"]
    assert len(re.findall(r"page \d+", cover)) == 2  # nothing else is listed
    assert 1 < listed["agreements"] < listed["consent"] <= len(pages)
    for number, key in enumerate(listed, start=1):
        start = listed[key]
        assert f"Part {number} of 2 {TITLES[key]}" in pages[start - 1], key
        # The part's title heads its own first page, and no page before it.
        assert not any(TITLES[key] in page for page in pages[1:start - 1]), key
    # Each part's own pages follow its heading: the agreements' words, then consent's.
    agreements = " ".join(pages[listed["agreements"] - 1:listed["consent"] - 1])
    assert "Phones at dinner" in agreements and "Both open to" not in agreements
    assert "Both open to" in pages[listed["consent"] - 1]
    assert "Included because both of us approved" in pages[listed["consent"] - 1]

    assert "Prepared by Robin and Sasha" in cover
    assert "27 November 2026" in cover and "2 December 2026" in cover
    assert "What we’d like to talk about" in cover
    assert "Sunday evenings, and what helps after a hard day <b>at work</b>." in cover
    for number, page in enumerate(pages, start=1):
        assert page.rstrip().endswith(f"Page {number} of {len(pages)}"), number
        assert "Confidential — prepared for our therapy session" in page
    assert "Robin" not in str(PdfReader(target).metadata)  # the properties name no one


def test_a_block_carried_to_the_next_page_is_laid_out_once(
        demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A block kept whole that lands where not even its space before fits is carried to
    the next page, and reportlab marks it so. The cover's page numbers laid the packet
    out a second time over the same blocks, and the marked one was then refused ("too
    large on page 2"): with about a thousand agreements the packet could not be saved.
    Now it is laid out once (#9)."""
    from reportlab.platypus import PageBreak, Spacer

    def flowables(data: Any, style: Any) -> list[Any]:
        composer = Composer(style)
        # A page filled to 3 points from its foot, then a block whose rule asks for 6.
        return [PageBreak(), Spacer(1, style.page_height - 3),
                *composer.keep([composer.divider(), composer.para(data[0], "body")])]

    part = PacketSection(key="journal", title_key="journal",
                         gather=lambda request: ["Carried to the next page"],
                         flowables=flowables, drawn_text=list)
    sections = replace_sections(WORDS.sections, journal="Extracts from our journals")
    monkeypatch.setattr(packet_reading, "SECTIONS", (*SECTIONS, part))
    monkeypatch.setattr(packet_reading, "packet_words",
                        lambda: dataclasses.replace(WORDS, sections=sections))
    packet = gather_packet(demo.request(), ["journal"], NOTE)
    monkeypatch.setattr("exports.session_packet.export.packet_words",
                        lambda: dataclasses.replace(WORDS, sections=sections))

    pages = page_texts(export_packet(tmp_path / "packet.pdf", packet))

    assert re.search(r"Extracts from our journals .*?page 2", pages[0])
    assert "Carried to the next page" in pages[-1] and len(pages) == 4


@pytest.mark.parametrize(("chosen", "left_out"), [
    (("agreements",), "consent"),
    (("consent",), "agreements"),
])
def test_a_part_left_unticked_is_in_neither_the_cover_nor_the_body(
        demo: Demo, tmp_path: Path, chosen: tuple[str, ...], left_out: str) -> None:
    target = export_packet(tmp_path / "packet.pdf", demo.packet(*chosen))
    pages = page_texts(target)
    whole = " ".join(pages)

    assert list(listed_pages(pages[0])) == list(chosen)
    assert TITLES[left_out] not in whole
    assert "Part 1 of 1" in pages[listed_pages(pages[0])[chosen[0]] - 1]
    if left_out == "consent":
        assert "Consent check-in" not in whole and "Both open to" not in whole
    else:
        assert "Phones at dinner" not in whole and "Sexual consent" not in whole


def test_without_a_note_the_cover_has_no_note_heading(demo: Demo, tmp_path: Path) -> None:
    target = export_packet(tmp_path / "packet.pdf", demo.packet("agreements", note="  \n "))
    assert WORDS.cover.note_heading not in page_texts(target)[0]


def test_one_partner_alone_is_named_as_the_one_who_prepared_it(demo: Demo,
                                                                tmp_path: Path) -> None:
    """Records tell the truth: a packet made alone never says "we" for its note."""
    request = dataclasses.replace(demo.request(), partners=(2,))
    packet = gather_packet(request, ["agreements"], NOTE)
    cover = page_texts(export_packet(tmp_path / "packet.pdf", packet))[0]
    assert "For Robin and Sasha, prepared by Sasha" in cover
    assert "What Sasha would like to talk about" in cover
    assert "What we’d like" not in cover and "Prepared by Robin and Sasha" not in cover


def test_consent_is_read_only_with_both_fresh_proofs(demo: Demo) -> None:
    both = demo.proofs()
    stale = tuple(dataclasses.replace(proof, made_at=proof.made_at - 600) for proof in both)
    for proofs in ((), both[:1], both[1:], stale):
        with pytest.raises(NeedsBoth):
            gather_packet(demo.request(proofs), ["agreements", "consent"], NOTE)
    packet = gather_packet(demo.request(both), ["agreements", "consent"], NOTE)
    assert [part.key for part in packet.parts] == ["agreements", "consent"]


def test_an_encrypted_packet_opens_with_its_password_only(demo: Demo, tmp_path: Path) -> None:
    password = "willow path at dusk"
    target = export_packet(tmp_path / "packet.pdf", demo.packet("agreements"),
                           password=password)
    reader = PdfReader(target)
    assert reader.is_encrypted
    assert reader.trailer["/Encrypt"]["/V"] == 5  # AES-256
    assert PdfReader(target).decrypt("willow path at dawn") == PasswordType.NOT_DECRYPTED
    pages = page_texts(target, password)
    assert "For our session together" in pages[0] and "Phones at dinner" in " ".join(pages)
    assert b"Phones at dinner" not in target.read_bytes()


def test_an_unwritable_folder_leaves_nothing_behind(demo: Demo, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(ExportFolderNotWritable) as caught:
        export_packet(blocker / "packet.pdf", demo.packet("agreements"))
    assert caught.value.key == "export_folder_not_writable"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_a_workbook_adds_its_part_through_the_registry_alone(
        demo: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A later workbook's part: one registry entry and its words; the packet's cover,
    numbering and layout take it as they are."""

    def flowables(data: Any, style: Any) -> list[Any]:
        composer = Composer(style)
        return [composer.para(line, "body") for line in data]

    journal = PacketSection(key="journal", title_key="journal",
                            gather=lambda request: [f"Extract {n}" for n in range(1, 4)],
                            flowables=flowables, drawn_text=list)
    sections = replace_sections(WORDS.sections, journal="Extracts from our journals")
    monkeypatch.setattr(packet_reading, "SECTIONS", (*SECTIONS, journal))
    monkeypatch.setattr(packet_reading, "packet_words",
                        lambda: dataclasses.replace(WORDS, sections=sections))
    packet = gather_packet(demo.request(), ["journal", "agreements"], NOTE)
    monkeypatch.setattr("exports.session_packet.export.packet_words",
                        lambda: dataclasses.replace(WORDS, sections=sections))
    pages = page_texts(export_packet(tmp_path / "packet.pdf", packet))

    start = re.search(r"Extracts from our journals .*?page (\d+)", pages[0])
    assert start is not None and listed_pages(pages[0])["agreements"] < int(start.group(1))
    assert "Part 2 of 2 Extracts from our journals" in pages[int(start.group(1)) - 1]
    assert "Extract 3" in pages[-1]


def replace_sections(words: Any, **titles: str) -> Any:
    return dataclasses.replace(
        words, titles={**words.titles, **titles},
        descriptions={**words.descriptions, **{k: f"What {k} shows." for k in titles}})


def test_every_registered_part_has_its_words() -> None:
    for entry in SECTIONS:
        assert WORDS.title(entry.title_key) and WORDS.description(entry.title_key)
    assert WORDS.unavailable("consent")  # the dialog says when it can be ticked


def test_a_registered_part_without_words_is_named_when_the_words_load(
        monkeypatch: pytest.MonkeyPatch) -> None:
    needs_map = dataclasses.replace(SECTIONS[0], key="needs_map", title_key="needs_map")
    monkeypatch.setattr(packet_words_module, "SECTIONS", (*SECTIONS, needs_map))
    packet_words.cache_clear()
    try:
        with pytest.raises(WordsError, match=r"sections\.titles\.needs_map is missing"):
            packet_words()
    finally:
        monkeypatch.undo()
        packet_words.cache_clear()
