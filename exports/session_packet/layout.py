"""Lays out the therapy-session packet in the house style (:mod:`exports.house_style`).

A cover (who, when, the couple's note, and the parts with the page each begins on),
then each part from a new page: a short opening with its title and what it shows, and
the part's own pages as its workbook lays them out. Everything a partner wrote is
escaped, so "<b>" prints as typed. reportlab is imported inside the functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, BinaryIO

from exports.house_style import (
    Composer,
    Footer,
    HouseStyle,
    Page,
    Section,
    SectionStart,
    build_document,
)
from exports.house_style.palette import ACCENT, MUTED, RULE
from exports.house_style.text import clean
from exports.pdf_writer import Progress
from exports.session_packet.sections import GatheredSection, Packet
from exports.session_packet.words import PacketWords
from exports.words import every_string

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

_NUMBER_WIDTH = 9  # millimetres, for "1", "2" in the contents
_PAGE_WIDTH = 24  # millimetres, for "page 12"


def draw_packet(stream: BinaryIO, packet: Packet, words: PacketWords,
                progress: Progress | None = None) -> list[int]:
    """Draw the whole packet into ``stream``; return the page each part begins on."""
    style = HouseStyle.for_text(Page(paper=packet.paper), drawn_text(packet, words))
    layout = PacketLayout(style, packet, words)
    document = words.document
    return build_document(stream, style, Footer(document.footer, document.page),
                          title=document.metadata_title, cover=layout.cover,
                          sections=layout.sections(), progress=progress)


def printed_names(packet: Packet, words: PacketWords) -> dict[int, str]:
    """Partner 1 and 2 as printed: their names, or "Partner 1" for a name left empty."""
    fallback = words.document.partner_fallback
    return {p: clean(packet.names.get(p, "")) or fallback.format(number=p) for p in (1, 2)}


def drawn_text(packet: Packet, words: PacketWords) -> list[str]:
    """Every string the packet may draw, every part's included, to choose its fonts."""
    found = [*printed_names(packet, words).values(), packet.note, *every_string(words)]
    for part in packet.parts:
        found += part.drawn_text(part.data)
    return found


def add_packet_styles(style: HouseStyle) -> None:
    """The packet's own styles, on the house ones (once per style)."""
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.units import mm

    if "part_title" in style.styles:
        return
    bold = style.bold
    style.add("part_label", "brand", keepWithNext=1, spaceAfter=3)
    style.add("part_title", "title", fontSize=20, leading=25, keepWithNext=1)
    style.add("part_note", "subheading", fontSize=10.5, leading=15, spaceAfter=2 * mm,
              keepWithNext=1)
    style.add("packet_note", leading=16.5)
    style.add("contents_number", fontName=bold, textColor=ACCENT)
    style.add("contents_title", fontName=bold)
    style.add("contents_description", "small", textColor=MUTED, spaceBefore=1)
    style.add("contents_page", textColor=MUTED, alignment=TA_RIGHT)


class PacketLayout(Composer):
    """Turns a gathered packet into its cover and the parts that follow it."""

    def __init__(self, style: HouseStyle, packet: Packet, words: PacketWords) -> None:
        add_packet_styles(style)
        super().__init__(style)
        self.packet = packet
        self.w = words
        self.names = printed_names(packet, words)

    def sections(self) -> list[Section]:
        """Each part from a new page: its opening, then its own pages."""
        count = len(self.packet.parts)
        return [
            Section(part.title, [*self.opening(number, count, part),
                                 *part.flowables(part.data, self.style)])
            for number, part in enumerate(self.packet.parts, start=1)
        ]

    def opening(self, number: int, count: int, part: GatheredSection) -> list[Flowable]:
        """"Part 1 of 2", the part's title and what it shows. No rule of its own: the
        part's first heading, just below, draws one."""
        return [
            self.para(self.w.part.label.format(number=number, count=count), "part_label"),
            self.para(part.title, "part_title"),
            self.para(part.description, "part_note"),
        ]

    def cover(self, starts: list[SectionStart]) -> list[Flowable]:
        """The first page; ``starts`` tells the page each part begins on, once drawn."""
        from reportlab.lib.units import mm
        from reportlab.platypus import Spacer

        packet, words = self.packet, self.w.document
        details = [(words.label_prepared, self.w.date.write(packet.prepared_on))]
        if packet.session_on is not None:
            details.append((words.label_session, self.w.date.write(packet.session_on)))
        # One partner alone prepares it for both, and the cover says so.
        alone = packet.prepared_by[0] if len(packet.prepared_by) == 1 else None
        prepared_by = (words.prepared_by if alone is None else words.prepared_by_one).format(
            name1=self.names[1], name2=self.names[2], name=self.names.get(alone or 1, ""))
        flow: list[Flowable] = [
            *self.cover_heading(words.brand, words.title, prepared_by, details),
            Spacer(1, 6 * mm),
            self.para(words.intro, "note"),
        ]
        if clean(packet.note):
            heading = (self.w.cover.note_heading if alone is None
                       else self.w.cover.note_heading_one.format(name=self.names[alone]))
            flow += [self.para(heading, "h2"), self.note_box()]
        return [*flow, *self.contents(starts)]

    def note_box(self) -> Flowable:
        """The couple's shared note, in their words, set apart in a soft box."""
        box = self.box(self.paras(self.packet.note, "packet_note"))
        box.spaceBefore = 2
        return box

    def contents(self, starts: list[SectionStart]) -> list[Flowable]:
        """Each part, numbered, with what it shows and the page it begins on."""
        from reportlab.lib.units import mm

        cover = self.w.cover
        heading = self.para(cover.contents_heading, "h2")
        if not self.packet.parts:
            return [heading, self.para(cover.contents_none, "body")]
        rows: list[list[Any]] = []
        for number, (part, start) in enumerate(zip(self.packet.parts, starts, strict=True),
                                              start=1):
            rows.append([
                self.para(str(number), "contents_number"),
                [self.para(part.title, "contents_title"),
                 self.para(part.description, "contents_description")],
                self.page_of(start, cover.contents_page, "contents_page"),
            ])
        text_width = self.width - (_NUMBER_WIDTH + _PAGE_WIDTH) * mm
        table = self.table(rows, [_NUMBER_WIDTH * mm, text_width, _PAGE_WIDTH * mm], extra=[
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
            ("TOPPADDING", (0, 0), (-1, -1), 6),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
        ])
        return [heading, table]
