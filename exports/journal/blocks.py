"""One journal entry as printed: when it was written, its title and prompt, how it
felt, its tags, and its words with their headings and lists.

A short entry is kept on one page; a long one flows, each part after its first page
saying "<date> (continued)" at the top of the page it lands on. Everything the owner
wrote is escaped, so "<b>" prints as typed. reportlab is imported inside the functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from exports.house_style import Composer, HouseStyle, clean, markup
from exports.house_style.palette import ACCENT, MUTED
from exports.journal.data import JournalRow, JournalTexts
from exports.journal.markup import Block, blocks

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

_META_LABEL_WIDTH = 30  # millimetres
_LIST_INDENT = 16  # points from the text's edge to a list item's words
_CONTINUED_SHARE = 0.2  # a part shorter than this share of a page may begin a page whole
_HEADING_STYLES = {1: "entry_h1", 2: "entry_h2", 3: "entry_h3"}


def add_journal_styles(style: HouseStyle) -> None:
    """The journal's own styles, on the house ones (once per style)."""
    if "entry_date" in style.styles:
        return
    bold, regular = style.bold, style.regular
    style.add("entry_date", "small", fontName=bold, textColor=ACCENT, spaceBefore=2,
              keepWithNext=1)
    style.add("entry_title", fontName=bold, fontSize=12.5, leading=16.5, spaceBefore=2,
              keepWithNext=1)
    style.add("entry_prompt", "small", textColor=MUTED, spaceBefore=2, keepWithNext=1)
    style.add("entry_note", "small", textColor=MUTED, spaceBefore=4)
    style.add("entry_h1", fontName=bold, fontSize=11.5, leading=15.5, spaceBefore=8,
              spaceAfter=1, keepWithNext=1)
    style.add("entry_h2", fontName=bold, spaceBefore=7, spaceAfter=1, keepWithNext=1)
    style.add("entry_h3", fontName=bold, textColor=MUTED, spaceBefore=6, keepWithNext=1)
    style.add("entry_item", leftIndent=_LIST_INDENT, bulletIndent=2, bulletFontName=regular,
              spaceBefore=1.5)


class JournalComposer(Composer):
    """The house blocks, with the journal's words and the owner's name as printed."""

    def __init__(self, style: HouseStyle, texts: JournalTexts, owner_name: str) -> None:
        add_journal_styles(style)
        super().__init__(style)
        self.texts = texts
        self.w = texts.words
        self.name = owner_name

    def entry(self, row: JournalRow, first: bool) -> list[Flowable]:
        """One entry's block; a divider above every entry but the first."""
        from reportlab.lib.units import mm

        lead: list[Flowable] = [] if first else [self.divider()]
        lead.append(self.para(self.texts.written(row.written_at), "entry_date"))
        if clean(row.title):
            lead.append(self.para(row.title, "entry_title"))
        if clean(row.prompt):
            lead.append(self.para(self.w.entry.prompt.format(prompt=clean(row.prompt)),
                                  "entry_prompt"))
        details = self.details(row)
        if details:
            table = self.rows(details, _META_LABEL_WIDTH * mm, "meta_")
            table.spaceBefore, table.spaceAfter = 4, 4
            lead.append(table)
        body = self.body(row.body)
        if not body:
            body = [self.para(self.w.entry.empty, "entry_note")]
        continued = self.w.entry.continued.format(date=self.texts.date(row.day))
        parts: list[Flowable | list[Flowable]] = [*lead, body[0]]
        for flowable in body[1:]:
            # A "continued" line keeps with what follows, so a long paragraph behind one
            # would jump whole to the next page; it may split across pages instead.
            if self.fits([flowable], _CONTINUED_SHARE):
                parts.append(self.continued(continued))
            parts.append(flowable)
        if row.updated_at.date() > row.day:
            changed = self.w.entry.changed.format(date=self.texts.date(row.updated_at.date()))
            parts.append(self.para(changed, "entry_note"))
        return self.keep(parts)

    def details(self, row: JournalRow) -> list[tuple[str, str]]:
        """Feelings, how safe the owner felt and the tags, for those the entry has."""
        words = self.w.entry
        found: list[tuple[str, str]] = []
        feelings = [self.texts.feeling(key) for key in row.feelings]
        feelings += [clean(own) for own in row.own_feelings if clean(own)]
        if feelings:
            found.append((words.label_feelings, ", ".join(feelings)))
        if row.safety is not None:
            found.append((words.label_safety, words.safety.format(value=row.safety)))
        if row.tags:
            found.append((words.label_tags, ", ".join(self.texts.tag(t) for t in row.tags)))
        return found

    def body(self, text: str) -> list[Flowable]:
        """The entry's words: paragraphs, headings and lists, as the reader shows them."""
        from reportlab.platypus import Spacer

        flow: list[Flowable] = []
        for block in blocks(text):
            if block.kind == "paragraph":
                if flow:
                    flow.append(Spacer(1, 5))
                flow.append(self.para("\n".join(block.lines), "body"))
            elif block.kind == "heading":
                flow.append(self.para(block.lines[0], _HEADING_STYLES[block.level]))
            else:
                flow += self.items(block)
        return flow

    def items(self, block: Block) -> list[Flowable]:
        from reportlab.platypus import Paragraph

        flow: list[Any] = []
        for number, item in enumerate(block.lines, start=block.start):
            bullet = "•" if block.kind == "bullets" else f"{number}."
            flow.append(Paragraph(markup(item), self.styles["entry_item"], bulletText=bullet))
        return flow
