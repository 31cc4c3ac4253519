"""Lays out the journal's PDF in the house style (:mod:`exports.house_style`).

A cover naming whose journal it is, the days and tags chosen and how many entries
follow; then the entries from a new page, the earliest first, so a therapist reads
them as they happened (a diary read backwards tells its story backwards). The same
entries, without the cover and the page shell, are the journal's part of the
therapy-session packet (:func:`session_section`). reportlab is imported inside the
functions, so importing this module loads none of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

from exports.house_style import HouseStyle, Page, Section, clean
from exports.house_style.workbook_document import draw_workbook
from exports.journal.blocks import JournalComposer
from exports.journal.data import JournalExport, JournalTexts
from exports.pdf_writer import Progress
from exports.words import every_string

if TYPE_CHECKING:
    from reportlab.platypus import Flowable


def draw_document(stream: BinaryIO, data: JournalExport, texts: JournalTexts,
                  progress: Progress | None) -> None:
    """Draw the whole document for ``data`` into ``stream``."""
    style = HouseStyle.for_text(Page(paper=data.paper), drawn_text(data, texts))
    draw_workbook(stream, style, texts.words.document, JournalLayout(style, data, texts),
                  progress)


def session_section(data: JournalExport, texts: JournalTexts,
                    style: HouseStyle | None = None) -> list[Flowable]:
    """The journal's part of the therapy-session packet: a line saying how the entries
    are ordered, then the entries; no cover, no page shell. Pass the packet's
    ``style`` so every part shares its fonts (built from every part's
    :func:`drawn_text`)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    if style is None:
        style = HouseStyle.for_text(Page(paper=data.paper), drawn_text(data, texts))
    layout = JournalLayout(style, data, texts)
    session = texts.words.session
    if not data.entries:
        return [layout.para(session.none.format(name=layout.name), "section_note")]
    # The packet's opening says whose entries these are; this says how they are ordered.
    return [layout.para(session.intro.format(name=layout.name), "section_note"),
            Spacer(1, 3 * mm), *layout.entries()]


def printed_name(data: JournalExport, texts: JournalTexts) -> str:
    """The owner as printed: their name, or "Partner 1" for a name left empty."""
    fallback = texts.words.document.partner_fallback
    return clean(data.owner_name) or fallback.format(number=data.owner)


def drawn_text(data: JournalExport, texts: JournalTexts) -> list[str]:
    """Every string that may be drawn, so the fonts chosen can draw all of it."""
    found = [printed_name(data, texts), *every_string(texts.words)]
    for row in data.entries:
        found += [row.title, row.body, row.prompt, *row.own_feelings]
    return found


class JournalLayout(JournalComposer):
    """Turns the export's data into the cover and the entries that follow it."""

    def __init__(self, style: HouseStyle, data: JournalExport, texts: JournalTexts) -> None:
        super().__init__(style, texts, printed_name(data, texts))
        self.data = data

    def sections(self) -> list[Section]:
        return [Section(self.w.document.label_entries, self.entries())]

    def entries(self) -> list[Flowable]:
        flow: list[Flowable] = []
        for number, row in enumerate(self.data.entries):
            flow += self.entry(row, first=number == 0)
        return flow

    def cover(self) -> list[Flowable]:
        from reportlab.lib.units import mm
        from reportlab.platypus import Spacer

        data, words = self.data, self.w.document
        rows = data.entries
        since = data.since or (rows[0].day if rows else None)
        until = data.until or (rows[-1].day if rows else None)
        details = [
            (words.label_written, self.texts.written_range(since, until)),
            (words.label_tags, self.texts.tag_list(data.tags)),
            (words.label_entries, self.texts.count(len(rows))),
            (words.label_prepared, self.texts.date(data.made_on)),
        ]
        private = words.just_for_me_in if data.include_just_for_me \
            else words.just_for_me_left_out
        flow: list[Flowable] = [
            *self.cover_heading(words.brand, words.title,
                                words.whose.format(name=self.name), details),
            Spacer(1, 6 * mm),
            self.para(words.note.format(name=self.name), "note"),
            self.para(words.order_note, "note"),
            self.para(private.format(name=self.name), "note"),
        ]
        if not rows:
            flow.append(self.para(words.no_entries, "h2"))
        return flow
