"""A one-page, printable recovery-key sheet for one partner.

The sheet shows the key in its groups, large and boxed so it can be copied by
hand, with a few calm sentences on what the key opens and where to keep it. The
words live in ``resources/exports_recovery.toml``; the page, type and blocks are the
house style's (:mod:`exports.house_style`); this module holds only the key's box.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from exports.fonts import monospace_bold_font
from exports.house_style import Composer, Footer, HouseStyle, Page, PaperSize, build_document
from exports.house_style.palette import BOX_FILL, BOX_LINE, MUTED
from exports.pdf_writer import BuildPdf, Progress, write_pdf
from exports.words import DateWords, every_string, load_words
from models.keys import format_recovery_key

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

GROUPS_PER_ROW = 4


@dataclass(frozen=True)
class SheetSection:
    heading: str
    body: str


@dataclass(frozen=True)
class SheetWords:
    document_title: str  # stored in the PDF's properties; never a name or a key
    brand: str
    title: str
    subtitle: str
    label_vault: str
    label_date: str
    key_caption: str
    footer: str
    page: str
    sections: tuple[SheetSection, ...]


@dataclass(frozen=True)
class RecoveryTexts:
    """The sheet's words, as a writer left them in ``exports_recovery.toml``."""

    sheet: SheetWords
    date: DateWords


@cache
def recovery_texts() -> RecoveryTexts:
    """Load (once) the sheet's words; raises :class:`~exports.words.WordsError` naming a
    missing or left-over key."""
    return load_words(RecoveryTexts, "exports_recovery.toml")


def build_recovery_sheet(
    name: str,
    groups: list[str],
    vault_name: str,
    when: datetime.date,
    *,
    paper: PaperSize = "A4",
) -> BuildPdf:
    """Return a function that draws the recovery sheet for ``name`` into a stream.

    ``groups`` is the key as :func:`models.keys.format_recovery_key` writes it;
    ``vault_name`` is printed as given (pass the file name, not a full path, unless
    the full path is wanted on paper). ``paper`` is "A4" or "letter". Pass the
    result to :func:`write_pdf`.
    """
    name = unicodedata.normalize("NFC", name.strip())
    vault_name = unicodedata.normalize("NFC", vault_name)
    groups = list(groups)  # the caller's list may change; the sheet should not
    texts = recovery_texts()

    def build(stream: BinaryIO) -> None:
        _draw_sheet(stream, texts, name, groups, vault_name, when, paper)

    return build


def export_recovery_sheet(
    target: Path,
    name: str,
    raw_key: bytes,
    vault_name: str,
    password: str | None = None,
    *,
    when: datetime.date | None = None,
    paper: PaperSize = "A4",
    progress: Progress | None = None,
) -> Path:
    """Write the recovery sheet for ``name`` and ``raw_key`` to ``target`` as a PDF.

    With ``password`` the PDF is AES-256 encrypted. ``when`` defaults to today.
    Raises the errors of :func:`exports.pdf_writer.write_pdf`.
    """
    build = build_recovery_sheet(
        name,
        format_recovery_key(raw_key),
        vault_name,
        when or datetime.date.today(),
        paper=paper,
    )
    return write_pdf(build, target, password=password, progress=progress)


def _draw_sheet(
    stream: BinaryIO,
    texts: RecoveryTexts,
    name: str,
    groups: list[str],
    vault_name: str,
    when: datetime.date,
    paper: PaperSize,
) -> None:
    style = HouseStyle.for_text(Page(paper=paper), [name, vault_name, *every_string(texts)])
    sheet = _SheetLayout(style)
    cover = [
        *sheet.cover_heading(texts.sheet.brand, texts.sheet.title,
                             texts.sheet.subtitle.format(name=name),
                             [(texts.sheet.label_vault, vault_name),
                              (texts.sheet.label_date, texts.date.write(when))]),
        *sheet.key(groups, texts.sheet.key_caption),
        *sheet.sections(texts.sheet.sections),
    ]
    build_document(stream, style, Footer(texts.sheet.footer, texts.sheet.page),
                   title=texts.sheet.document_title, cover=cover)


class _SheetLayout(Composer):
    """The house blocks, and the one thing particular to this sheet: the key itself."""

    def __init__(self, style: HouseStyle) -> None:
        from reportlab.lib.enums import TA_CENTER
        from reportlab.lib.units import mm

        super().__init__(style)
        if "key" not in style.styles:
            style.add("key", fontName=monospace_bold_font(), fontSize=24, leading=28,
                      alignment=TA_CENTER)
            style.add("caption", "small", fontSize=8.5, leading=12, textColor=MUTED,
                      alignment=TA_CENTER, leftIndent=8 * mm, rightIndent=8 * mm)

    def key(self, groups: list[str], caption: str) -> list[Flowable]:
        """The key, large and boxed in rows of four groups, with how to read it."""
        from reportlab.lib.units import mm
        from reportlab.platypus import Spacer

        return [Spacer(1, 8 * mm), self._key_box(groups), Spacer(1, 3 * mm),
                self.para(caption, "caption"), Spacer(1, 6 * mm)]

    def sections(self, sections: tuple[SheetSection, ...]) -> list[Flowable]:
        """The calm sentences under the key, each heading kept with its words."""
        from reportlab.platypus import KeepTogether

        return [KeepTogether([self.para(section.heading, "h2"), self.para(section.body, "body")])
                for section in sections]

    def _key_box(self, groups: list[str]) -> Flowable:
        from reportlab.lib.units import mm
        from reportlab.platypus import Table, TableStyle

        rows: list[list[Any]] = []
        for start in range(0, len(groups), GROUPS_PER_ROW):
            chunk = groups[start : start + GROUPS_PER_ROW]
            row: list[Any] = [self.para(group, "key") for group in chunk]
            row += [""] * (GROUPS_PER_ROW - len(row))
            rows.append(row)
        column = (self.width - 16 * mm) / GROUPS_PER_ROW
        table = Table(rows, colWidths=[column] * GROUPS_PER_ROW, hAlign="CENTER")
        last = len(rows) - 1
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), BOX_FILL),
                    ("BOX", (0, 0), (-1, -1), 0.9, BOX_LINE),
                    ("ROUNDEDCORNERS", [6, 6, 6, 6]),
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 4.5 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5 * mm),
                    ("TOPPADDING", (0, 0), (-1, 0), 8 * mm),
                    ("BOTTOMPADDING", (0, last), (-1, last), 8 * mm),
                ]
            )
        )
        return table
