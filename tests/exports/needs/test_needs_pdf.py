"""The needs map's PDF for our therapist (#12): the map drawn as vector shapes and text;
shared needs in each partner's own words with the safety signals; commitments with who
does them, since when, the latest review decision and dated notes; conversations about
a miss with both sides or whose side it waits for; and never a draft, a withdrawn need,
a private rating, a rate, a percentage or a streak.

Everything is written through the real models in a fresh vault (fast KDF), so the
document is tested on what the app really stores. One vault is open per process.
"""

from __future__ import annotations

import datetime as dt
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from exports import in_child
from exports.fonts import body_fonts
from exports.needs import NeedsOrder, export_from_vault, export_needs, gather, needs_texts
from exports.needs.drawing import TEXT_SIZE
from exports.needs.words import DECISIONS
from exports.session_packet import PacketRequest, export_packet, gather_packet
from exports.words import every_string
from models import needs
from models.needs import reviews
from tests.exports.needs.needs_book import NAMES, Book, canary, opened_book, pdf_pages, pdf_text

PREPARED = dt.date(2026, 3, 20)
SESSION = dt.date(2026, 3, 24)
PDF_PASSWORD = "willow path at dusk"
TEXTS = needs_texts()
# Words that would grade or count a person: never on any page.
NEVER = re.compile(r"%|\bper ?cent|\brate\b|\brates\b|\bstreak|\bscore|\bfail|\bcomplian"
                   r"|\breasonable\b", re.IGNORECASE)


@pytest.fixture
def book(tmp_path: Path) -> Iterator[Book]:
    with opened_book(tmp_path / "vault") as opened:
        yield opened


def export(book: Book, folder: Path, name: str = "needs.pdf",
           password: str | None = None) -> Path:
    data = gather(book.keys, NAMES, prepared_on=PREPARED, session_on=SESSION)
    return export_needs(folder / name, data, password=password)


def packet(book: Book, folder: Path) -> str:
    request = PacketRequest(book.keys, NAMES, prepared_on=PREPARED, session_on=SESSION)
    return pdf_text(export_packet(folder / "packet.pdf", gather_packet(request, ("needs",))))


def day(moment: dt.datetime) -> str:
    return TEXTS.date(moment.astimezone().date())


def test_each_need_is_in_its_owners_words_with_the_safety_signals(
        book: Book, tmp_path: Path) -> None:
    book.need(1, "One")
    again = book.draft(1, "Two")
    needs.share_need(book.keys, book.proofs[1], again.uuid)
    latest = needs.share_need(book.keys, book.proofs[1], book.draft(
        1, "Three", uuid=again.uuid).uuid)
    theirs = book.need(2, "Own", card="", importance="1", lately="")
    text = pdf_text(export(book, tmp_path))
    assert "Robin’s needs" in text and "Sasha’s needs" in text
    assert f"Robin · version 2 · shared on {day(latest.shared_at)}" in text
    assert f"Sasha · version 1 · shared on {day(theirs.shared_at)}" in text
    assert canary(1, "need", "words", "Two") not in text  # only the latest version
    for name in ("title", "words", "safe_signs", "early_signs", "helps", "does_not_help"):
        assert canary(1, "need", name, "Three") in text
        assert canary(2, "need", name, "Own") in text
    for label in ("What tells me I am safe", "My early signs of feeling unsafe",
                  "What helps", "What does not help", "In my own words"):
        assert label in text
    assert "Started from the card “Reassurance”" in text
    assert "How much it matters: matters most · Lately: partly met" in text
    assert "How much it matters: matters" in text


def test_commitments_say_who_does_them_since_when_the_latest_review_and_dated_notes(
        book: Book, tmp_path: Path) -> None:
    need = book.need(2, "N")
    theirs = book.need(1, "M")
    kept = book.commitment(need, 1, "Kept", also=(theirs.uuid,))
    kept_note = book.note(kept, 1, "kept")
    missed = book.note(kept, 1, "missed")
    book.note(kept, 2, "noticed")
    review = book.review(kept, "keep")
    after = book.note(kept, 1, "kept", "After")
    proposed = book.commitment(need, 1, "Proposed", confirm=False)
    proposed = needs.confirm_commitment(book.keys, book.proofs[1], proposed.uuid)
    book.commitment(need, 1, "Both", confirm=False)
    paused = needs.pause_commitment(book.keys, 2, book.commitment(need, 1, "Paused").uuid)
    book.note(paused, 1, "kept", "Unreviewed")
    book.note(paused, 2, "noticed", "Unreviewed")
    assert proposed.state == "proposed" and paused.state == "paused" and missed.early
    pages = pdf_pages(export(book, tmp_path))
    text = " ".join(pages)
    # The map says what was noted since the last review (or so far) in words.
    (drawn,) = [page for page in pages if "Robin’s needs What we do" in page]
    assert "1 note since the last review: kept" in drawn
    assert "2 notes so far: kept, noticed" in drawn
    assert "Robin does this" in text
    assert (f"For: {canary(2, 'need', 'title', 'N')} (Sasha); "
            f"{canary(1, 'need', 'title', 'M')} (Robin)") in text
    since = needs.load_commitment(book.keys, kept.uuid).since
    assert since is not None and f"In force since {day(since)}" in text
    assert (f"Latest review together, {TEXTS.date(review.reviewed_on)}: "
            "we keep it as it is") in text
    assert f"What we said: {canary(1, 'review', 'note')}" in text
    assert "1 note since the last review: kept" in text
    lines = [f"{day(kept_note.noted_at)} · Robin: kept “{canary(1, 'note', 'kept')}”",
             f"Robin said so first: missed “{canary(1, 'note', 'missed')}”",
             f"Sasha noticed “{canary(2, 'note', 'noticed')}”",
             f"{day(after.noted_at)} · Robin: kept “{canary(1, 'note', 'kept', 'After')}”"]
    assert [text.index(line) for line in lines] == sorted(text.index(line) for line in lines)
    assert "A miss noted first by the one who does it is honesty" in text
    assert "Proposed: waiting for Sasha to confirm these words." in text
    assert "Proposed: waiting for both of us to confirm these words." in text
    assert "Paused for a conversation by Sasha." in text
    assert "How often" in text and canary(1, "commitment", "how_seen", "Kept") in text


def test_a_conversation_shows_both_sides_or_whose_side_it_waits_for(
        book: Book, tmp_path: Path) -> None:
    need = book.need(2, "N")
    book.misattunement(2, need, "Open")
    book.misattunement(1, None, "Both", answered=True)
    text = pdf_text(export(book, tmp_path))
    waiting = text.index("Opened by Sasha")
    assert f"About the need: {canary(2, 'need', 'title', 'N')}" in text
    assert text.index("Robin’s side Waiting for Robin’s side.", waiting) < text.index(
        "Sasha’s side", waiting) < text.index(canary(2, "miss", "felt", "Open"))
    both = text.index("Opened by Robin")
    order = [text.index(word, both) for word in (
        "Robin’s side", canary(1, "miss", "happened", "Both"), canary(1, "miss", "needed",
                                                                     "Both"),
        "Sasha’s side", canary(2, "miss", "happened", "Both"))]
    assert order == sorted(order)
    assert text.count(canary(1, "miss", "happened", "Both")) == 1  # not twice for the opener


def test_canary_no_draft_withdrawn_need_or_private_rating_reaches_the_pdf_or_packet(
        book: Book, tmp_path: Path) -> None:
    shared = book.need(1, "Shared")
    book.draft(1, "Changed", uuid=shared.source)  # edited after sharing: the draft only
    book.draft(2, "Never")  # never shared
    withdrawn = book.need(2, "Taken")
    kept = book.need(2, "Kept")
    commitment = book.commitment(kept, 1, "C", also=(shared.uuid,))
    book.note(commitment, 1, "kept")
    book.rate(commitment, 1, "helping")  # private until a review is decided together
    book.rate(commitment, 2, "helping")
    needs.withdraw_need(book.keys, book.proofs[2], withdrawn.uuid)
    book.misattunement(2, kept, "Miss", answered=True)
    text, in_packet = pdf_text(export(book, tmp_path)), packet(book, tmp_path)
    for found in (text, in_packet):
        for name in ("title", "words", "safe_signs", "early_signs", "helps", "does_not_help"):
            assert canary(1, "need", name, "Shared") in found
            assert canary(2, "need", name, "Kept") in found
            for mark, partner in (("Changed", 1), ("Never", 2), ("Taken", 2)):
                assert canary(partner, "need", name, mark) not in found
        for name in needs.COMMITMENT_FIELDS:
            assert canary(1, "commitment", name, "C") in found
        assert canary(1, "note", "kept") in found
        assert canary(2, "miss", "felt", "Miss") in found and canary(1, "miss", "needed",
                                                                      "Miss") in found
        assert "helping" not in found.casefold()
        assert not NEVER.search(found.replace("rated a commitment", "")), NEVER.search(found)


def test_the_map_is_vector_shapes_and_text(book: Book, tmp_path: Path) -> None:
    mine, theirs = book.need(1, "L"), book.need(2, "R")
    book.commitment(theirs, 1, "Mid", also=(mine.uuid,))
    reader = PdfReader(export(book, tmp_path))
    (page,) = [p for p in reader.pages if "The map" in p.extract_text()
               and "Robin’s needs" in p.extract_text()]
    text = page.extract_text()
    assert canary(1, "need", "title", "L") in text and canary(2, "need", "title", "R") in text
    assert "What we do" in text and "matters most" in text
    resources = page["/Resources"]
    for name in (resources.get("/XObject") or {}).values():
        assert name.get_object().get("/Subtype") != "/Image"
    stream = page.get_contents().get_data().decode("latin-1")
    # Paths: moved to, lines (the links, the cards' sides), curves (rounded corners,
    # the initials' circles), filled and stroked.
    for operator in ("m", "l", "c", "B\\*", "S"):
        assert re.search(rf"\s{operator}\n", stream), operator
    sizes = [float(size) for size in re.findall(r"/F\d+\+?\d* ([\d.]+) Tf", stream)]
    assert sizes and min(sizes) >= TEXT_SIZE >= 8


def test_a_large_map_continues_over_pages_at_the_same_text_size(
        book: Book, tmp_path: Path) -> None:
    shared = [book.need(1 + n % 2, f"N{n}") for n in range(36)]
    for n in range(0, 36, 3):
        book.commitment(shared[n], 1 + (n // 3) % 2, f"C{n}", confirm=False)
    reader = PdfReader(export(book, tmp_path))
    pages = [page.extract_text() for page in reader.pages]
    map_pages = [n for n, words in enumerate(pages)
                 if "Robin’s needs What we do Sasha’s needs" in re.sub(r"\s+", " ", words)]
    assert len(map_pages) >= 2 and "The map (continued)" in pages[map_pages[1]]
    drawn = " ".join(pages[n] for n in map_pages)
    for n in range(36):
        assert canary(1 + n % 2, "need", "title", f"N{n}") in drawn
    for n in map_pages:
        stream = reader.pages[n].get_contents().get_data().decode("latin-1")
        sizes = [float(size) for size in re.findall(r" ([\d.]+) Tf", stream)]
        assert min(sizes) >= TEXT_SIZE >= 8


def test_a_shared_need_that_does_not_open_is_counted_and_the_rest_printed(
        book: Book, tmp_path: Path) -> None:
    from models.needs.tables import SharedNeedRow

    broken, kept = book.need(1, "Broken"), book.need(2, "Kept")
    row = SharedNeedRow.get(SharedNeedRow.need == broken.uuid)
    flipped = bytearray(row.fields)
    flipped[-1] ^= 1
    SharedNeedRow.update(fields=bytes(flipped)).where(SharedNeedRow.id == row.id).execute()
    data = gather(book.keys, NAMES, prepared_on=PREPARED)
    assert data.unreadable == 1 and [n.uuid for n in data.needs] == [kept.uuid]
    text = pdf_text(export_needs(tmp_path / "damaged.pdf", data))
    assert "One shared record could not be opened" in text
    assert canary(2, "need", "words", "Kept") in text
    assert canary(1, "need", "words", "Broken") not in text


def test_nothing_shared_makes_one_calm_page(book: Book, tmp_path: Path) -> None:
    book.draft(1, "Draft")
    book.draft(2, "Draft")
    data = gather(book.keys, NAMES, prepared_on=PREPARED, session_on=None)
    assert data.empty
    pages = pdf_pages(export_needs(tmp_path / "empty.pdf", data))
    assert len(pages) == 1
    assert "Neither of us has shared a need yet" in pages[0]
    assert "Kq" not in pages[0] and "Page 1 of 1" in pages[0]
    request = PacketRequest(book.keys, NAMES, prepared_on=PREPARED, session_on=None)
    assert gather_packet(request, ("needs",)).parts == ()


def test_a_password_makes_it_open_only_with_it_and_the_file_private(
        book: Book, tmp_path: Path) -> None:
    book.need(1, "Secret")
    target = export(book, tmp_path, password=PDF_PASSWORD)
    assert canary(1, "need", "helps", "Secret") in pdf_text(target, PDF_PASSWORD)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert b"KqNeed" not in target.read_bytes() and b"Kq1" not in target.read_bytes()


def test_the_child_reads_with_the_workbook_key_alone_and_writes_the_pdf(
        book: Book, tmp_path: Path) -> None:
    book.need(1, "Shared")
    book.draft(2, "Draft")
    order = NeedsOrder(vault=book.path, workbook_key=book.workbook_key, names=NAMES,
                       prepared_on=PREPARED, session_on=SESSION,
                       target=tmp_path / "out" / "needs.pdf")
    order.target.parent.mkdir()
    steps: list[str] = []
    fractions: list[float] = []
    written = in_child.run(export_from_vault, order, step=steps.append,
                           progress=fractions.append, writes=order.target)
    assert written == order.target and steps == ["gathered"]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    text = pdf_text(written)
    assert canary(1, "need", "words", "Shared") in text
    assert canary(2, "need", "words", "Draft") not in text
    assert [p.name for p in order.target.parent.iterdir()] == ["needs.pdf"]


def test_the_packet_part_is_compact_with_the_notes_since_the_last_review(
        book: Book, tmp_path: Path) -> None:
    need = book.need(2, "N")
    commitment = book.commitment(need, 1, "C")
    book.note(commitment, 1, "kept", "Before")
    book.review(commitment, "change")
    book.note(commitment, 2, "noticed", "After")
    text = packet(book, tmp_path)
    assert "Our needs map, as we shared it" in text
    assert canary(2, "need", "safe_signs", "N") in text
    assert "we change its words" in text and "1 note since the last review: noticed" in text
    assert canary(2, "note", "noticed", "After") in text
    assert canary(1, "note", "kept", "Before") not in text  # in the workbook's own PDF
    assert "Robin’s needs What we do" not in text  # the map is in the workbook's own PDF


def test_the_words_fit_the_models_and_the_bundled_font() -> None:
    assert DECISIONS == reviews.DECISIONS
    words = list(every_string(TEXTS.words))
    assert "matters most" in words and "December" in words
    assert body_fonts(words)[0] == "Trellis-Vera"
    assert not any(NEVER.search(word.replace("rated a commitment", "")) for word in words)
