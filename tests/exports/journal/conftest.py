"""Journal export fixtures: entries as the exports get them, and PDFs read back as text."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from pathlib import Path

from pypdf import PasswordType, PdfReader

from exports.journal import JournalExport, JournalRow

PDF_PASSWORD = "willow path at dusk"
HERE = dt.timezone(dt.timedelta(hours=1))  # where the entries were written
MADE = dt.datetime(2026, 3, 21, 10, 0, tzinfo=HERE)


def at(day: int, hour: int = 21, minute: int = 40) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=HERE)


def row(uuid: str, day: int, title: str = "", body: str = "", **fields: object) -> JournalRow:
    written = fields.pop("written_at", at(day))
    return JournalRow(uuid, written, fields.pop("updated_at", written), title, body,  # type: ignore[arg-type]
                      **fields)  # type: ignore[arg-type]


def export_of(*rows: JournalRow, **fields: object) -> JournalExport:
    settings: dict[str, object] = {
        "owner": 1, "owner_name": "Wrenfield", "entries": tuple(rows), "since": None,
        "until": None, "tags": (), "include_just_for_me": False, "made_at": MADE,
    }
    settings.update(fields)
    return JournalExport(**settings)  # type: ignore[arg-type]


def pdf_pages(source: Path | bytes, password: str | None = None) -> list[str]:
    """Each page's words, whitespace folded, so phrases survive line wrapping."""
    reader = PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source)
    if password is not None:
        assert reader.decrypt(password) != PasswordType.NOT_DECRYPTED
    return [re.sub(r"\s+", " ", unicodedata.normalize("NFC", page.extract_text()))
            for page in reader.pages]


def pdf_text(source: Path | bytes, password: str | None = None) -> str:
    return " ".join(pdf_pages(source, password))
