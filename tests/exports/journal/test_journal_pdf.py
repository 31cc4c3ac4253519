"""The journal's PDF: a cover naming whose journal, then each chosen entry, the earliest
first, with all it holds; encrypted with AES-256 when given a password, as the dialog
does by default. Built from the export's own data; reading is tested beside this."""

from __future__ import annotations

import inspect
import stat
from pathlib import Path

import pytest
from pypdf import PasswordType, PdfReader

from exports.errors import ExportFolderNotWritable
from exports.journal import export_pdf, journal_texts, session_section
from exports.journal.layout import draw_document
from tests.exports.journal.conftest import (
    PDF_PASSWORD,
    at,
    export_of,
    pdf_pages,
    pdf_text,
    row,
)

TEXTS = journal_texts()
CAR = row("a", 3, "After the drive home",
          "It came back in the car, out of nowhere.\n\nI said I needed quiet.\n\n"
          "## What helped\n- Saying it out loud\n- Cold water on my wrists\n\n"
          "1. Why at night?\n2. Is it normal?\n\nI typed <b>this</b> & that.",
          prompt="What my body does when something feels unsafe.",
          feelings=("sad", "afraid"), own_feelings=("heavy in my chest",), safety=3,
          tags=("trigger", "bring_to_session"))
SLEPT = row("b", 7, "", "Slept through the night.", written_at=at(7, 8, 5),
            updated_at=at(9, 12, 0), feelings=("relieved",), tags=("small_win",))


def drawn(data) -> bytes:  # type: ignore[no-untyped-def]
    import io

    stream = io.BytesIO()
    draw_document(stream, data, TEXTS, None)
    return stream.getvalue()


def test_the_cover_names_whose_journal_the_days_the_tags_and_what_was_left_out() -> None:
    cover = pdf_pages(drawn(export_of(CAR, SLEPT, tags=("trigger", "small_win"))))[0]
    assert "From my journal" in cover and "Wrenfield’s journal" in cover
    assert "Written 3 March 2026 to 7 March 2026" in cover  # the entries' own days
    assert "Tagged A trigger, A small win" in cover
    assert "Entries 2 entries" in cover and "Prepared on 21 March 2026" in cover
    assert "the earliest first" in cover
    assert "Entries Wrenfield marked “just for me” are not in this copy." in cover
    assert "After the drive home" not in cover  # the entries begin on the next page

    chosen = pdf_pages(drawn(export_of(CAR, since=at(1).date(), until=at(20).date(),
                                       include_just_for_me=True)))[0]
    assert "Written 1 March 2026 to 20 March 2026" in chosen
    assert "Tagged Any tag, or none" in chosen and "Entries 1 entry" in chosen
    assert "are included, as Wrenfield chose" in chosen


def test_each_entry_shows_when_what_it_answers_how_it_felt_its_tags_and_its_words() -> None:
    text = pdf_text(drawn(export_of(CAR, SLEPT)))
    entry = text[text.index("Tuesday 3 March 2026, 21:40"):text.index("Saturday 7 March")]
    for part in ("After the drive home",
                 "Writing to the prompt: What my body does when something feels unsafe.",
                 "Feelings sad, afraid, heavy in my chest", "Feeling safe 3 out of 10",
                 "Tags A trigger, Bring to the next session",
                 "It came back in the car, out of nowhere.", "I said I needed quiet.",
                 "What helped", "• Saying it out loud", "• Cold water on my wrists",
                 "1. Why at night?", "2. Is it normal?",
                 "I typed <b>this</b> & that."):  # escaped: printed as typed
        assert part in entry, part
    assert "## What helped" not in entry and "- Saying" not in entry  # the marks are drawn
    later = text[text.index("Saturday 7 March 2026, 08:05"):]
    assert "Slept through the night." in later and "Last changed on 9 March 2026" in later
    assert "Feeling safe" not in later and "Writing to the prompt" not in later


def test_entries_come_the_earliest_first_whatever_order_they_are_given_in_by_data() -> None:
    # The data holds them in the order gather chose (the earliest first); the layout
    # prints that order, so a therapist reads the journal as it happened.
    text = pdf_text(drawn(export_of(CAR, SLEPT)))
    assert text.index("After the drive home") < text.index("Slept through the night.")


def test_no_entries_says_so_kindly() -> None:
    pages = pdf_pages(drawn(export_of()))
    assert len(pages) == 1 and "No entries match what was chosen." in pages[0]
    assert "Written Every entry, from the first" in pages[0]


def test_a_long_entry_flows_over_pages_with_the_house_footer() -> None:
    long = row("c", 4, "A long evening", "\n\n".join(
        f"Paragraph {n}: " + "I kept going back over the same conversation. " * 12
        for n in range(14)))
    pages = pdf_pages(drawn(export_of(long)))
    assert len(pages) >= 4
    assert all(f"Page {n} of {len(pages)}" in page for n, page in enumerate(pages, 1))
    assert all("Confidential — from a private journal" in page for page in pages)
    assert "Paragraph 13:" in pages[-1]


def test_letters_beyond_latin_are_drawn() -> None:
    greek = row("g", 5, "Καλημέρα", "Σήμερα ήταν ήσυχα. Спокойно.")
    text = pdf_text(drawn(export_of(greek, owner_name="Ξανθή")))
    assert "Καλημέρα" in text and "Спокойно." in text and "Ξανθή’s journal" in text


def test_the_pdf_is_aes_256_and_refuses_a_wrong_password(tmp_path: Path) -> None:
    target = export_pdf(tmp_path / "journal.pdf", export_of(CAR), password=PDF_PASSWORD)
    reader = PdfReader(target)
    assert reader.is_encrypted
    crypt = reader.trailer["/Encrypt"].get_object()
    assert (crypt["/V"], crypt["/R"], crypt["/CF"]["/StdCF"]["/CFM"]) == (5, 6, "/AESV3")
    assert PdfReader(target).decrypt("willow path at dawn") == PasswordType.NOT_DECRYPTED
    assert PdfReader(target).decrypt("") == PasswordType.NOT_DECRYPTED
    assert "After the drive home" in pdf_text(target, PDF_PASSWORD)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["journal.pdf"]
    assert b"After the drive home" not in target.read_bytes()


def test_the_properties_name_no_one(tmp_path: Path) -> None:
    target = export_pdf(tmp_path / "journal.pdf", export_of(CAR), password=None)
    meta = PdfReader(target).metadata
    assert meta is not None and meta.title == "Trellis journal entries"
    assert "Wrenfield" not in " ".join(str(v) for v in meta.values())


def test_no_password_is_a_choice_made_out_loud() -> None:
    # No default: a caller says None (the owner unticked protection after a warning).
    password = inspect.signature(export_pdf).parameters["password"]
    assert password.kind is inspect.Parameter.KEYWORD_ONLY
    assert password.default is inspect.Parameter.empty


def test_an_unwritable_folder_leaves_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(ExportFolderNotWritable):
        export_pdf(blocker / "journal.pdf", export_of(CAR), password=PDF_PASSWORD)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_the_session_part_says_how_the_entries_are_ordered_or_that_there_are_none() -> None:
    from reportlab.platypus import Paragraph

    def words(flow) -> str:  # type: ignore[no-untyped-def]
        return " ".join(f.getPlainText() for f in flow if isinstance(f, Paragraph))

    part = session_section(export_of(CAR, tags=("bring_to_session",)), TEXTS)
    assert "In the order Wrenfield wrote them, the earliest first." in words(part)
    empty = session_section(export_of(tags=("bring_to_session",)), TEXTS)
    assert "Wrenfield has no entries tagged “Bring to the next session”" in words(empty)
