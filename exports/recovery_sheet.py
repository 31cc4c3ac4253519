"""A one-page, printable recovery-key sheet for one partner.

The sheet shows the key in its groups, large and boxed so it can be copied by
hand, with a few calm sentences on what the key opens and where to keep it. The
words live in ``resources/exports_recovery.toml``; this module only lays them out.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal
from xml.sax.saxutils import escape

from exports.fonts import body_fonts, monospace_bold_font
from exports.pdf_writer import BuildPdf, Progress, write_pdf
from exports.words import DateWords, load_words
from models.keys import format_recovery_key

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Flowable

PaperSize = Literal["A4", "letter"]

GROUPS_PER_ROW = 4

_INK = "#2E2E2C"
_MUTED = "#6F6C66"
_ACCENT = "#4E6B57"
_BOX_FILL = "#F6F4EF"
_BOX_LINE = "#CBC4B4"


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
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    regular, bold = body_fonts([name, vault_name])
    styles = _styles(regular, bold, monospace_bold_font())

    def footer(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        # Frames pad their content by 6 pt; line the footer up with the text.
        left, right = doc.leftMargin + 6, doc.pagesize[0] - doc.rightMargin - 6
        y = 13 * mm
        canvas.setStrokeColor(_BOX_LINE)
        canvas.setLineWidth(0.5)
        canvas.line(left, y + 5 * mm, right, y + 5 * mm)
        canvas.setFillColor(_MUTED)
        canvas.setFont(regular, 8.5)
        canvas.drawString(left, y, texts.sheet.footer)
        canvas.drawRightString(right, y, texts.sheet.page.format(page=canvas.getPageNumber()))
        canvas.restoreState()

    doc = SimpleDocTemplate(
        stream,
        pagesize=LETTER if paper == "letter" else A4,
        leftMargin=24 * mm,
        rightMargin=24 * mm,
        topMargin=20 * mm,
        bottomMargin=24 * mm,
        title=texts.sheet.document_title,
        author="",
        subject="",
        creator="Trellis",
    )
    content_width = doc.width - 12  # the frame's own 6 pt padding on each side
    story = _story(texts, styles, name, groups, vault_name, when, content_width)
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


def _story(
    texts: RecoveryTexts,
    styles: dict[str, Any],
    name: str,
    groups: list[str],
    vault_name: str,
    when: datetime.date,
    width: float,
) -> list[Flowable]:
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, Spacer

    def para(text: str, style: str) -> Paragraph:
        return Paragraph(escape(text), styles[style])

    story: list[Flowable] = [
        para(texts.sheet.brand, "brand"),
        para(texts.sheet.title, "title"),
        para(texts.sheet.subtitle.format(name=name), "subtitle"),
        _details(texts, styles, vault_name, when, width),
        Spacer(1, 8 * mm),
        _key_box(groups, styles, width),
        Spacer(1, 3 * mm),
        para(texts.sheet.key_caption, "caption"),
        Spacer(1, 6 * mm),
    ]
    for section in texts.sheet.sections:
        story.append(KeepTogether([para(section.heading, "heading"), para(section.body, "body")]))
    return story


def _details(
    texts: RecoveryTexts,
    styles: dict[str, Any],
    vault_name: str,
    when: datetime.date,
    width: float,
) -> Flowable:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    rows = [
        [
            Paragraph(escape(texts.sheet.label_vault), styles["label"]),
            Paragraph(escape(vault_name), styles["value"]),
        ],
        [
            Paragraph(escape(texts.sheet.label_date), styles["label"]),
            Paragraph(escape(texts.date.write(when)), styles["value"]),
        ],
    ]
    label_width = 34 * mm
    table = Table(rows, colWidths=[label_width, width - label_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LINEABOVE", (0, 0), (-1, 0), 0.5, _BOX_LINE),
                ("LINEBELOW", (0, -1), (-1, -1), 0.5, _BOX_LINE),
                ("TOPPADDING", (0, 0), (-1, 0), 6),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
            ]
        )
    )
    return table


def _key_box(groups: list[str], styles: dict[str, Any], width: float) -> Flowable:
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Table, TableStyle

    rows: list[list[Any]] = []
    for start in range(0, len(groups), GROUPS_PER_ROW):
        chunk = groups[start : start + GROUPS_PER_ROW]
        row: list[Any] = [Paragraph(escape(group), styles["key"]) for group in chunk]
        row += [""] * (GROUPS_PER_ROW - len(row))
        rows.append(row)
    column = (width - 16 * mm) / GROUPS_PER_ROW
    table = Table(rows, colWidths=[column] * GROUPS_PER_ROW, hAlign="CENTER")
    last = len(rows) - 1
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), _BOX_FILL),
                ("BOX", (0, 0), (-1, -1), 0.9, _BOX_LINE),
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


def _styles(regular: str, bold: str, key: str) -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm

    base = ParagraphStyle("base", fontName=regular, fontSize=11, leading=16.5, textColor=_INK)
    return {
        "brand": ParagraphStyle(
            "brand",
            base,
            fontName=bold,
            fontSize=9,
            leading=12,
            textColor=_ACCENT,
            spaceAfter=5,
        ),
        "title": ParagraphStyle("title", base, fontName=bold, fontSize=26, leading=31),
        "subtitle": ParagraphStyle(
            "subtitle",
            base,
            fontSize=15,
            leading=20,
            textColor=_MUTED,
            spaceBefore=2,
            spaceAfter=7 * mm,
        ),
        "label": ParagraphStyle("label", base, fontSize=10.5, leading=15, textColor=_MUTED),
        "value": ParagraphStyle("value", base, fontSize=10.5, leading=15),
        "key": ParagraphStyle(
            "key",
            base,
            fontName=key,
            fontSize=24,
            leading=28,
            alignment=TA_CENTER,
        ),
        "caption": ParagraphStyle(
            "caption",
            base,
            fontSize=8.5,
            leading=12,
            textColor=_MUTED,
            alignment=TA_CENTER,
            leftIndent=8 * mm,
            rightIndent=8 * mm,
        ),
        "heading": ParagraphStyle(
            "heading",
            base,
            fontName=bold,
            fontSize=11.5,
            leading=15,
            textColor=_ACCENT,
            spaceBefore=11,
            spaceAfter=2.5,
        ),
        "body": ParagraphStyle("body", base),
    }
