"""The narrative PDF for our therapist (#11): only shared pieces, each with its author,
version and day; the letter's versions with the answers shared about each; the impact
statement with its line about a session; exceptions as a timeline; the joint story and
whether it is settled; and never a draft, a private field or a withdrawn piece.

Everything is written through the real models in a fresh vault (fast KDF), so the
document is tested on what the app really stores. One vault is open per process.
"""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from exports import in_child
from exports.fonts import body_fonts
from exports.narrative import (
    NarrativeExport,
    NarrativeOrder,
    export_from_vault,
    export_narrative,
    gather,
    narrative_texts,
)
from exports.session_packet import PacketRequest, export_packet, gather_packet
from exports.words import every_string
from models.narrative import FIELDS, KINDS, SharedPiece, shareable
from tests.exports.narrative.narrative_book import (
    NAMES,
    Book,
    canary,
    opened_book,
    pdf_pages,
    pdf_text,
    private_words,
)

PREPARED = dt.date(2026, 3, 20)
SESSION = dt.date(2026, 3, 24)
PDF_PASSWORD = "willow path at dusk"
TEXTS = narrative_texts()


@pytest.fixture
def book(tmp_path: Path) -> Iterator[Book]:
    with opened_book(tmp_path / "vault") as opened:
        yield opened


def export(book: Book, folder: Path, name: str = "narrative.pdf",
           password: str | None = None) -> str:
    data = gather(book.keys, NAMES, prepared_on=PREPARED, session_on=SESSION)
    return pdf_text(export_narrative(folder / name, data, password=password), password)


def packet(book: Book, folder: Path) -> str:
    request = PacketRequest(book.keys, NAMES, prepared_on=PREPARED, session_on=SESSION)
    made = gather_packet(request, ("narrative",))
    return pdf_text(export_packet(folder / "packet.pdf", made))


def shared_on(piece: SharedPiece) -> str:
    return TEXTS.date(piece.shared_at.astimezone().date())


def test_each_shared_piece_says_who_wrote_it_its_version_and_day(
        book: Book, tmp_path: Path) -> None:
    first = book.share(book.write(1, "problem", "One"))
    second = book.share(book.write(1, "problem", "Two"))
    story = book.share(book.write(2, "story"))
    text = export(book, tmp_path)
    assert second.version == 2 and "Robin’s story" in text and "Sasha’s story" in text
    assert f"Robin · version 2 · shared on {shared_on(second)}" in text
    assert f"Sasha · version 1 · shared on {shared_on(story)}" in text
    assert canary(1, "problem", "name", "Two") in text
    # An earlier version is listed by its day, its words not repeated.
    assert f"Earlier versions Version 1, shared on {shared_on(first)}" in text
    assert canary(1, "problem", "name", "One") not in text
    assert "Naming the problem" in text and "The story it tells" in text


def test_the_letter_has_each_version_with_the_dated_answers_shared_about_it(
        book: Book, tmp_path: Path) -> None:
    first = book.share(book.write(1, "letter", "One"))
    book.share(book.write(2, "heard", "About1", letter=first.uuid, heard="not_yet"))
    second = book.share(book.write(1, "letter", "Two"))
    answer = book.share(book.write(2, "heard", "About2", letter=second.uuid,
                                   heard="partly"))
    text = export(book, tmp_path)
    assert "Robin’s letter" in text
    assert f"Robin · version 2 · shared on {shared_on(second)}" in text
    assert canary(1, "letter", "did", "Two") in text
    assert canary(1, "letter", "did", "One") not in text  # only the latest in full
    latest = text.index(f"About version 2, shared on {shared_on(second)}")
    earlier = text.index(f"About version 1, shared on {shared_on(first)}")
    assert latest < text.index(f"Sasha, on {shared_on(answer)}: Partly") < earlier
    assert earlier < text.index("Not yet")
    for mark in ("About1", "About2"):
        assert canary(2, "heard", "landed", mark) in text
        assert canary(2, "heard", "missing", mark) in text
    # Linked agreements are counted (their uuids mean nothing on paper).
    assert "1 of our agreements" in text and canary(1, "letter", "agreements") not in text


def test_named_roles_stand_beside_the_names_in_our_own_words(
        book: Book, tmp_path: Path) -> None:
    book.share(book.write(1, "letter"))
    book.share(book.write(2, "impact"))
    unnamed = export(book, tmp_path, "unnamed.pdf")
    assert "the partner who was hurt" not in unnamed
    assert "the partner who caused the hurt" not in unnamed
    book.name_roles(hurt=2)
    text = export(book, tmp_path)
    assert "Robin (the partner who caused the hurt) · version 1" in text
    assert "Sasha (the partner who was hurt) · version 1" in text
    assert "Sasha is the partner who was hurt, and Robin is the partner who caused" in text
    for word in ("victim", "offender", "perpetrator", "betrayer"):
        assert word not in text.casefold()


def test_the_impact_statement_says_it_is_best_read_in_a_session(
        book: Book, tmp_path: Path) -> None:
    book.share(book.write(2, "impact"))
    text = export(book, tmp_path)
    assert "The impact statement" in text and "best read in a session" in text
    for name in shareable("impact"):
        assert canary(2, "impact", name) in text
    assert canary(2, "impact", "not_ready") not in text


def test_exceptions_are_a_timeline_by_the_day_they_happened(
        book: Book, tmp_path: Path) -> None:
    for partner, mark, day in ((1, "March", "2026-03-05"), (2, "Undated", ""),
                               (2, "February", "2026-02-20")):
        book.share(book.write(partner, "exception", mark, happened_on=day))
    text = export(book, tmp_path)
    order = [text.index(canary(p, "exception", "what", mark))
             for p, mark in ((2, "February"), (1, "March"), (2, "Undated"))]
    assert order == sorted(order)
    assert "20 February 2026" in text and "5 March 2026" in text and "No day given" in text


def test_the_joint_story_names_each_paragraphs_writer_and_is_settled_only_by_both(
        book: Book, tmp_path: Path) -> None:
    book.joint((1, "KqJointRobinZz we were hurt by a secret."),
               (2, "KqJointSashaZz we are learning to speak plainly."))
    book.confirm(2)
    text = export(book, tmp_path, "one.pdf")
    assert "Our story together" in text and "Version 1, written on" in text
    assert "Written by Robin KqJointRobinZz" in text
    assert "Written by Sasha KqJointSashaZz" in text
    assert "Sasha confirmed these words" in text and "Settled" not in text
    book.confirm(1)
    text = export(book, tmp_path, "both.pdf")
    assert "Settled: both of us confirmed these words." in text


def test_canary_no_draft_private_field_or_withdrawn_piece_reaches_the_pdf_or_packet(
        book: Book, tmp_path: Path) -> None:
    drafts = {(p, kind): book.write(p, kind) for p in (1, 2) for kind in KINDS
              if kind != "heard"}
    letter = book.share(drafts[(1, "letter")])
    drafts[(2, "heard")] = book.write(2, "heard", letter=letter.uuid)
    shared = [(1, "problem"), (1, "story"), (1, "exception"), (2, "impact"), (2, "heard"),
              (2, "values")]
    for key in shared:
        book.share(drafts[key])
    withdrawn = book.write(2, "exception", "Taken")
    book.withdraw(book.share(withdrawn))
    pdf, in_packet = export(book, tmp_path), packet(book, tmp_path)
    for text in (pdf, in_packet):
        for word in private_words():
            assert word not in text
        for (partner, kind), _draft in drafts.items():
            for name in FIELDS[kind]:
                word = canary(partner, kind, name)
                expected = ((partner, kind) in [*shared, (1, "letter")]
                            and name in shareable(kind)
                            and name not in ("happened_on", "view", "truth", "heard",
                                             "letter", "agreements"))
                assert (word in text) == expected, (word, expected)
        assert canary(2, "exception", "what", "Taken") not in text
        assert "Kq" in text  # the canaries are read at all
    assert "Not OK with me" not in pdf  # partner 1's stand was never shared


def test_nothing_shared_makes_one_calm_page(book: Book, tmp_path: Path) -> None:
    for kind in ("problem", "letter", "impact"):
        book.write(1, kind)  # drafts only
    data = gather(book.keys, NAMES, prepared_on=PREPARED, session_on=None)
    assert data.empty
    pages = pdf_pages(export_narrative(tmp_path / "empty.pdf", data))
    assert len(pages) == 1
    assert "Neither of us has shared anything from our stories yet" in pages[0]
    assert "Kq" not in pages[0] and "Page 1 of 1" in pages[0]
    assert "For our session on" not in pages[0]
    request = PacketRequest(book.keys, NAMES, prepared_on=PREPARED, session_on=None)
    assert gather_packet(request, ("narrative",)).parts == ()


def test_a_password_makes_it_open_only_with_it_and_the_file_private(
        book: Book, tmp_path: Path) -> None:
    book.share(book.write(1, "values"))
    text = export(book, tmp_path, password=PDF_PASSWORD)
    assert canary(1, "values", "hopes") in text
    target = tmp_path / "narrative.pdf"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert b"KqValues" not in target.read_bytes()


def test_the_child_reads_with_the_workbook_key_alone_and_writes_the_pdf(
        book: Book, tmp_path: Path) -> None:
    book.share(book.write(1, "preferred"))
    book.write(2, "preferred")  # a draft: never read
    order = NarrativeOrder(vault=book.path, workbook_key=book.workbook_key, names=NAMES,
                           prepared_on=PREPARED, session_on=SESSION,
                           target=tmp_path / "out" / "narrative.pdf")
    order.target.parent.mkdir()
    steps: list[str] = []
    fractions: list[float] = []
    written = in_child.run(export_from_vault, order, step=steps.append,
                           progress=fractions.append, writes=order.target)
    assert written == order.target and steps == ["gathered"]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    text = pdf_text(written)
    assert canary(1, "preferred", "step_1") in text
    assert canary(2, "preferred", "step_1") not in text
    assert [p.name for p in order.target.parent.iterdir()] == ["narrative.pdf"]


def test_the_packet_part_is_compact_with_answers_and_where_the_joint_story_stands(
        book: Book, tmp_path: Path) -> None:
    book.share(book.write(1, "problem", "One"))
    latest = book.share(book.write(1, "problem", "Two"))
    letter = book.share(book.write(1, "letter"))
    answer = book.share(book.write(2, "heard", letter=letter.uuid, heard="rather_not"))
    book.joint((1, "KqJointRobinZz together."))
    text = packet(book, tmp_path)
    assert "Our stories, as we shared them" in text
    assert f"Robin · version 2 · shared on {shared_on(latest)}" in text
    assert "Earlier versions Version 1" not in text  # listed in the workbook’s own PDF
    assert f"Sasha, on {shared_on(answer)}: I’d rather not say" in text
    assert "Version 1, written on" in text and "Neither of us has confirmed" in text
    assert "KqJointRobinZz" not in text  # its words stay in the workbook's own PDF


def test_every_word_of_the_document_is_in_the_bundled_font() -> None:
    words = list(every_string(TEXTS.words))
    assert "the partner who was hurt" in words and "December" in words
    assert body_fonts(words)[0] == "Trellis-Vera"


def test_gathered_data_is_plain_and_holds_no_private_field(book: Book) -> None:
    book.share(book.write(1, "story"))
    book.share(book.write(1, "letter"))
    data = gather(book.keys, NAMES, prepared_on=PREPARED)
    assert isinstance(data, NarrativeExport)
    for work in (*data.stories, *data.letters):
        assert "truth" not in work.latest.fields and "dismissed" not in work.latest.fields


def test_a_long_letter_starts_under_its_heading_and_flows_over_pages(
        book: Book, tmp_path: Path) -> None:
    long = " ".join(["I told you I was working late, and I was not."] * 260)
    book.share(book.write(1, "letter", did=long))
    data = gather(book.keys, NAMES, prepared_on=PREPARED)
    pages = pdf_pages(export_narrative(tmp_path / "long.pdf", data))
    (first,) = [page for page in pages[1:] if "The letter of accountability" in page]
    # Never a page holding only the heading: the letter begins right under it.
    assert "Robin’s letter" in first and "What I did I told you" in first
    assert len(pages) >= 4 and canary(1, "letter", "notasking") in pages[-1]
