"""One house style for every PDF: the page, the footer, and a cover with sections."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from pypdf import PdfReader

import exports
from exports.house_style import (
    Composer,
    Footer,
    HouseStyle,
    Page,
    Section,
    SectionStart,
    build_document,
)

EXPORTS = Path(exports.__file__).parent
FOOTER = Footer("Confidential — house test", "Page {page} of {pages}")


def pages_of(data: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def style() -> HouseStyle:
    return HouseStyle.for_text(Page(), ["Section one", "Cover"])


def long_part(composer: Composer, name: str, paragraphs: int) -> list[Any]:
    flow = composer.heading(f"{name} begins")
    flow += [composer.para(f"{name}, paragraph {n}. " + "Words that take room. " * 30, "body")
             for n in range(paragraphs)]
    return flow


def test_a_cover_lists_each_section_with_the_page_it_begins_on() -> None:
    house = style()
    composer = Composer(house)
    sections = [
        Section("Agreements", long_part(composer, "Agreements", 12)),  # two pages or more
        Section("Nothing yet", []),  # left out, no blank page
        Section("Journal", long_part(composer, "Journal", 3)),
    ]
    told: list[list[SectionStart]] = []

    def cover(starts: list[SectionStart]) -> list[Any]:
        told.append(starts)
        return [composer.para("Cover", "title"),
                *(composer.page_of(start, f"{s.title} ..... {{page}}", "body")
                  for s, start in zip(sections, starts, strict=True) if s.flowables)]

    out = io.BytesIO()
    starts = build_document(out, house, FOOTER, title="Test", cover=cover, sections=sections)

    pages = pages_of(out.getvalue())
    assert starts[1] == 0 and 1 < starts[0] < starts[2] <= len(pages)
    assert "Agreements begins" in pages[starts[0] - 1]
    assert "Journal begins" in pages[starts[2] - 1]
    # In reading order: each number follows its own line, and nothing else is listed.
    assert f"Cover Agreements ..... {starts[0]} Journal ..... {starts[2]} Confidential" in (
        pages[0])
    assert len(told) == 1  # laid out once; the numbers are filled in when known
    for number, page in enumerate(pages, start=1):
        assert f"Confidential — house test Page {number} of {len(pages)}" in page


def test_a_listing_cover_is_laid_out_once_however_long_the_sections() -> None:
    """The cover's page numbers no longer need the document laid out again, so blocks
    carried to the next page are laid out once (a second pass over the same flowables
    refused them: see the session packet's tests)."""
    house = style()
    composer = Composer(house)
    blocks: list[Any] = []
    for n in range(40):  # kept whole, so some are carried to the next page
        blocks += composer.keep([composer.para(f"Block {n}", "h2"),
                                 *composer.field("Label", "Words that take room. " * 20)])
    out = io.BytesIO()
    starts = build_document(
        out, house, FOOTER, title="Test",
        cover=lambda starts: [composer.page_of(starts[0], "Blocks from page {page}", "body")],
        sections=[Section("Blocks", blocks)])

    pages = pages_of(out.getvalue())
    assert starts == [2] and len(pages) > 5
    assert "Blocks from page 2" in pages[0] and "Block 39" in pages[-1]


def test_without_a_listing_cover_the_document_is_laid_out_once_with_rising_progress() -> None:
    house = style()
    composer = Composer(house)
    fractions: list[float] = []
    out = io.BytesIO()

    build_document(out, house, FOOTER, title="Test", cover=[composer.para("Cover", "title")],
                   sections=[Section("One", long_part(composer, "One", 8))],
                   progress=fractions.append)

    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert len(pages_of(out.getvalue())) >= 2


def test_a_page_format_without_the_count_says_only_the_page() -> None:
    house = style()
    out = io.BytesIO()
    build_document(out, house, Footer("Private", "Page {page}"), title="T",
                   cover=[Composer(house).para("One page", "body")])
    assert pages_of(out.getvalue())[0].strip().endswith("Private Page 1")


def test_colours_and_page_measures_live_only_in_the_house_style() -> None:
    """A document holds only what is particular to it: no colour or margin of its own."""
    offenders = []
    for path in sorted(EXPORTS.rglob("*.py")):
        if "house_style" in path.parts:
            continue
        text = path.read_text("utf-8")
        offenders += [f"{path.name}: {m}" for m in re.findall(r"\"#[0-9A-Fa-f]{6}\"", text)]
        offenders += [f"{path.name}: {m}" for m in re.findall(r"\w+Margin\s*=", text)]
        offenders += [f"{path.name}: SimpleDocTemplate" for _ in
                      re.findall(r"SimpleDocTemplate", text)]
    assert offenders == []


def test_a_paragraph_breaks_its_lines_once_for_a_width(monkeypatch) -> None:
    """reportlab measures a paragraph each time something asks its height: a block kept
    on one page, the group a label keeps with, the frame, a table cell. Each measure
    broke its lines again; the same width now gives back the lines found (#9)."""
    from reportlab.platypus.paragraph import Paragraph

    broken: dict[int, int] = {}
    alive: list[Any] = []  # so no id is used again by a later paragraph
    real = Paragraph.breakLines

    def counted(self: Any, width: Any, *args: Any, **kwargs: Any) -> Any:
        alive.append(self)
        # Each is measured at one width: the text column's (measured ahead and by the
        # frame, which must agree to the last bit), or its table column's.
        broken[id(self)] = broken.get(id(self), 0) + 1
        return real(self, width, *args, **kwargs)

    monkeypatch.setattr(Paragraph, "breakLines", counted)
    house = style()
    composer = Composer(house)
    flow: list[Any] = [*composer.heading("Kept whole")]
    for n in range(12):  # short blocks, kept on one page each, a few to a page
        flow += composer.keep([composer.para(f"Block {n}", "h2"),
                               *composer.field("Label", "Words that take room. " * 12),
                               [composer.continued(f"Block {n} (continued)"),
                                composer.rows([("Label", "Value")], 80)]])
    out = io.BytesIO()
    build_document(out, house, FOOTER, title="Test", cover=[composer.para("Cover", "title")],
                   sections=[Section("One", flow)])

    assert len(pages_of(out.getvalue())) >= 2
    assert broken and max(broken.values()) == 1, sorted(broken.values())[-3:]


def test_a_long_document_holds_only_the_blocks_it_is_laying_out() -> None:
    """A block's flowables are made when the layout comes to it and let go once drawn
    (#9): a 4,000-page export held all its flowables, then all its pages, at once."""
    import gc
    import weakref

    house = style()
    composer = Composer(house)
    made: list[weakref.ref[Any]] = []
    alive_when_made: list[int] = []

    def block(n: int) -> Any:
        def parts() -> list[Any]:
            gc.collect()
            alive_when_made.append(sum(1 for ref in made if ref() is not None))
            title = composer.para(f"Block {n}", "h2")
            made.append(weakref.ref(title))
            return [title, *composer.field("Label", "Words that take room. " * 30)]

        return composer.keep_later(parts)

    out = io.BytesIO()
    build_document(out, house, FOOTER, title="Test", cover=[composer.para("Cover", "title")],
                   sections=[Section("Blocks", [block(n) for n in range(60)])])

    pages = pages_of(out.getvalue())
    assert len(made) == 60 and "Block 59" in pages[-1] and len(pages) > 15
    assert max(alive_when_made) < 8, alive_when_made  # a page or two's worth, not all


def test_a_long_document_keeps_its_pages_small_until_it_writes_the_same_bytes(
        monkeypatch) -> None:
    """Until the page count is known each page is kept as what differs from the first
    page's state, and each is handed to reportlab with its contents encoded already, so
    no page's text waits for the file (#9): at 4,351 pages the whole canvas state per
    page and the pages' text held 40 MiB. The bytes written are reportlab's own."""
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    import exports.house_style.document as document
    import exports.house_style.page as page

    monkeypatch.setattr(rl_config, "invariant", 1)  # no dates or random ids: comparable
    kept: list[int] = []
    texts_held: list[int] = []
    real_canvas, real_format = document.numbered_canvas, pdfdoc.PDFDocument.format

    def watched_canvas(*args: Any) -> Any:
        class Watched(real_canvas(*args)):  # type: ignore[misc]
            def save(self) -> None:
                kept.extend(len(state) for _, state in self._kept_pages)
                super().save()

        return Watched

    def watched_format(doc: Any) -> Any:
        texts_held.append(sum(1 for p in doc.Pages.pages if p.stream is not None))
        return real_format(doc)

    monkeypatch.setattr(document, "numbered_canvas", watched_canvas)
    monkeypatch.setattr(pdfdoc.PDFDocument, "format", watched_format)

    def build() -> bytes:
        composer = Composer(style())
        out = io.BytesIO()
        build_document(out, style(), FOOTER, title="Test",
                       cover=[composer.para("Cover", "title")],
                       sections=[Section("Section one", long_part(composer, "One", 60))])
        return out.getvalue()

    ours = build()
    # Its code and the lists each page starts afresh: ten of the canvas's sixty or so (the
    # last is kept whole: reportlab lets go of the document template before it ends).
    assert len(kept) > 10 and max(kept[1:-1]) <= 12, kept
    assert texts_held == [0]
    pages = len(kept)
    monkeypatch.setattr(page, "_encode_now", lambda page: None)  # reportlab's own way
    assert build() == ours and texts_held[-1] == pages
