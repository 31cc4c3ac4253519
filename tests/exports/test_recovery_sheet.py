"""The printable recovery-key sheet: what it says, and that it says it legibly."""

from __future__ import annotations

import datetime
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PasswordType, PdfReader

from exports.errors import ExportPasswordTooShort
from exports.recovery_sheet import (
    build_recovery_sheet,
    export_recovery_sheet,
    recovery_texts,
)
from models.keys import format_recovery_key, new_recovery_key, parse_recovery_key

WHEN = datetime.date(2025, 11, 27)
PASSWORD = "quiet garden path"


def sheet_text(path: Path, password: str | None = None) -> str:
    reader = PdfReader(path)
    if password is not None:
        assert reader.decrypt(password) != PasswordType.NOT_DECRYPTED
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", text)


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces folded, for phrase checks."""
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("name", ["Zoë", "José", "Sam"])
def test_sheet_shows_the_name_and_every_group_of_the_key(tmp_path: Path, name: str) -> None:
    raw = new_recovery_key()

    target = export_recovery_sheet(tmp_path / "key.pdf", name, raw, "us.vault", when=WHEN)

    text = sheet_text(target)
    assert name in text
    for group in format_recovery_key(raw):
        assert group in text


def test_key_read_back_from_the_sheet_opens_as_the_same_key(tmp_path: Path) -> None:
    raw = new_recovery_key()
    target = export_recovery_sheet(tmp_path / "key.pdf", "Zoë", raw, "us.vault", when=WHEN)

    groups = format_recovery_key(raw)
    printed = [g for g in re.findall(r"\b[0-9A-Z]{4}\b", sheet_text(target)) if g in groups]

    assert parse_recovery_key(" ".join(printed)) == raw


def test_name_in_decomposed_form_is_printed_whole(tmp_path: Path) -> None:
    decomposed = unicodedata.normalize("NFD", "Zoë")
    target = export_recovery_sheet(
        tmp_path / "key.pdf", decomposed, new_recovery_key(), "us.vault", when=WHEN
    )
    assert "Zoë" in sheet_text(target)


def test_sheet_shows_the_vault_file_name_and_the_date_in_words(tmp_path: Path) -> None:
    target = export_recovery_sheet(
        tmp_path / "key.pdf", "Zoë", new_recovery_key(), "our-workbook.vault", when=WHEN
    )
    text = sheet_text(target)
    assert "our-workbook.vault" in text
    assert "27 November 2025" in text


def test_sheet_is_one_page_with_the_calm_explanations_and_footer(tmp_path: Path) -> None:
    texts = recovery_texts()
    target = export_recovery_sheet(
        tmp_path / "key.pdf", "Zoë", new_recovery_key(), "us.vault", when=WHEN
    )

    assert len(PdfReader(target).pages) == 1
    text = flat(sheet_text(target))
    assert texts.sheet.title in text
    assert texts.sheet.footer in text
    assert texts.sheet.page.format(page=1) in text
    for section in texts.sheet.sections:
        assert section.heading in text
        assert flat(section.body) in text


def test_the_words_say_what_the_key_opens_and_what_loss_means() -> None:
    words = flat(" ".join(f"{s.heading} {s.body}" for s in recovery_texts().sheet.sections))
    assert "new one" in words  # sets a new password
    assert "private journal" in words and "workbooks" in words
    assert "important papers" in words
    assert "don’t keep it on this computer" in words
    assert "nobody can open your journal" in words
    assert "makers of Trellis" in words
    assert "recovery key cannot open your journal" in words


def test_a_long_name_and_full_path_still_fit_one_page(tmp_path: Path) -> None:
    name = "Maria-Magdalena Alexandrina von Hohenzollern-Sigmaringen"
    vault = "/home/maria/Documents/" + "a-rather-long-folder-name/" * 4 + "workbook.vault"
    target = export_recovery_sheet(tmp_path / "key.pdf", name, new_recovery_key(), vault)

    assert len(PdfReader(target).pages) == 1
    assert name in flat(sheet_text(target))


def test_markup_characters_in_a_name_are_printed_literally(tmp_path: Path) -> None:
    name = "Sam & <b>Alex</b>"
    target = export_recovery_sheet(
        tmp_path / "key.pdf", name, new_recovery_key(), "a&b.vault", when=WHEN
    )
    text = sheet_text(target)
    assert name in text
    assert "a&b.vault" in text


def test_metadata_holds_neither_the_name_nor_the_key(tmp_path: Path) -> None:
    raw = new_recovery_key()
    target = export_recovery_sheet(tmp_path / "key.pdf", "Zoë", raw, "us.vault", when=WHEN)

    metadata: dict[str, Any] = dict(PdfReader(target).metadata or {})
    values = " ".join(str(value) for value in metadata.values())
    assert recovery_texts().sheet.document_title in values
    assert "Zoë" not in values
    assert not any(group in values for group in format_recovery_key(raw))


def test_password_protected_sheet_is_aes_256_and_needs_the_password(tmp_path: Path) -> None:
    raw = new_recovery_key()
    target = export_recovery_sheet(
        tmp_path / "key.pdf", "José", raw, "us.vault", password=PASSWORD, when=WHEN
    )

    reader = PdfReader(target)
    assert reader.is_encrypted
    encrypt: Any = reader.trailer["/Encrypt"]
    assert encrypt["/V"] == 5
    assert reader.decrypt("wrong password") == PasswordType.NOT_DECRYPTED
    text = sheet_text(target, PASSWORD)
    assert "José" in text
    assert all(group in text for group in format_recovery_key(raw))
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_too_short_password_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ExportPasswordTooShort):
        export_recovery_sheet(
            tmp_path / "key.pdf", "Zoë", new_recovery_key(), "us.vault", password="1234"
        )
    assert list(tmp_path.iterdir()) == []


def test_build_can_be_reused_to_draw_the_same_sheet_twice(tmp_path: Path) -> None:
    import io

    build = build_recovery_sheet("Zoë", ["ABCD", "EFGH"], "us.vault", WHEN)
    first, second = io.BytesIO(), io.BytesIO()
    build(first)
    build(second)
    assert first.getvalue().startswith(b"%PDF") and second.getvalue().startswith(b"%PDF")


def test_fonts_are_embedded_so_the_sheet_prints_the_same_everywhere(tmp_path: Path) -> None:
    target = export_recovery_sheet(
        tmp_path / "key.pdf", "Zoë", new_recovery_key(), "us.vault", when=WHEN
    )
    page = PdfReader(target).pages[0]
    resources: Any = page["/Resources"]
    font_table = resources["/Font"]
    used = [font_table[name].get_object() for name in font_table]
    embedded = [f for f in used if "/FontDescriptor" in f and "/FontFile2" in f["/FontDescriptor"]]
    # Body, bold and the key's monospace face (the last only where one is installed).
    assert len(embedded) >= 2


def test_date_is_written_in_words() -> None:
    texts = recovery_texts()
    assert texts.date.write(datetime.date(2026, 2, 3)) == "3 February 2026"
    assert len(texts.date.months) == 12


def test_letter_paper_for_printers_that_use_it(tmp_path: Path) -> None:
    target = export_recovery_sheet(
        tmp_path / "key.pdf", "José", new_recovery_key(), "us.vault", when=WHEN, paper="letter"
    )
    reader = PdfReader(target)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
