"""Lays out the PDF "Our needs map, as we shared it" in the house style (#12).

A cover (who shared it, when, what follows); then the map (:mod:`exports.needs.drawing`,
vector shapes and text, continued over pages when tall), each partner's shared needs in
their own words with their safety signals, the commitments with who does them, since
when, their latest review and their dated notes, and the times we missed each other
with both sides; each from a new page and only when something of it was shared. An
empty workbook is one calm page. The packet's part (:func:`session_section`) is the
compact form: no map, and only the notes since each commitment's latest review.
reportlab is imported inside the functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, BinaryIO

from exports.house_style import HouseStyle, Page, Section
from exports.house_style.workbook_document import draw_workbook, partner_names, shared_cover
from exports.needs.blocks import NeedsComposer
from exports.needs.data import NeedsExport, NeedsTexts
from exports.needs.drawing import MapDrawing
from exports.pdf_writer import Progress
from exports.words import every_string

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

_COUNT_WIDTH = 70  # millimetres, for the labels of the cover's contents
_LATER_PAGES = 30  # points a later page of the map keeps for its "continued" line


def draw_document(stream: BinaryIO, data: NeedsExport, texts: NeedsTexts,
                  progress: Progress | None) -> None:
    """Draw the whole document for ``data`` into ``stream``."""
    style = HouseStyle.for_text(Page(paper=data.paper), drawn_text(data, texts))
    draw_workbook(stream, style, texts.words.document, NeedsLayout(style, data, texts),
                  progress)


def session_section(data: NeedsExport, texts: NeedsTexts,
                    style: HouseStyle | None = None) -> list[Flowable]:
    """The workbook's part of the therapy-session packet: the shared needs, the
    commitments with their latest review and the notes since, and the conversations;
    no cover, no page shell. Pass the packet's ``style`` so every part shares its
    fonts."""
    if style is None:
        style = HouseStyle.for_text(Page(paper=data.paper), drawn_text(data, texts))
    return NeedsLayout(style, data, texts).compact()


def printed_names(data: NeedsExport, texts: NeedsTexts) -> dict[int, str]:
    """Partner 1 and 2 as printed: the names (or initials) chosen, or "Partner 1"."""
    return partner_names(data.names, texts.words.document.partner_fallback)


def drawn_text(data: NeedsExport, texts: NeedsTexts) -> list[str]:
    """Every string that may be drawn, so the fonts chosen can draw all of it."""
    found = [*printed_names(data, texts).values(), *every_string(texts.words)]
    for need in data.needs:
        found += need.fields.values()
    for row in data.commitments:
        found += row.fields.values()
        found += [note.line for note in row.notes]
        if row.review is not None:
            found.append(row.review.note)
    for entry in data.misattunements:
        found += [entry.what_happened, entry.try_next]
        for side in entry.sides:
            found += [side.happened, side.felt, side.needed]
    return found


class NeedsLayout(NeedsComposer):
    """Turns the export's data into the cover and the sections that follow it."""

    def __init__(self, style: HouseStyle, data: NeedsExport, texts: NeedsTexts) -> None:
        super().__init__(style, data, texts, printed_names(data, texts))

    def sections(self) -> list[Section]:
        w = self.w
        return [Section(w.map.heading, self.map()),
                Section(w.needs.heading, self.needs()),
                Section(w.commitments.heading, self.commitments()),
                Section(w.misattunements.heading, self.misattunements())]

    # -- the map -------------------------------------------------------------------------

    def map(self) -> list[Flowable]:
        """The map under its heading, a note on how to read it and the shades' words;
        a tall map goes on over the next pages, each part under the columns' names."""
        from reportlab.platypus import Spacer

        if not self.data.needs and not self.data.commitments:
            return []
        words = self.w.map
        drawing = MapDrawing(self.data, self.texts, self.names, self.style)
        opening: list[Flowable] = [
            *self.heading(words.heading),
            self.para(words.note.format(name1=self.names[1], name2=self.names[2]),
                      "section_note"),
            drawing.legend(), Spacer(1, 8)]
        used = sum(item.wrap(self.width, self.page_height)[1] + item.getSpaceBefore()
                   + item.getSpaceAfter() for item in opening)
        parts = drawing.parts(self.page_height - used - 4, self.page_height - _LATER_PAGES)
        flow = [*opening, parts[0]]
        for part in parts[1:]:
            flow += [self.continued(words.continued), part]
        flow.append(Spacer(1, 6))
        if not self.data.commitments:
            flow.append(self.para(words.no_commitments, "section_note"))
        flow.append(self.para(words.description.format(count=len(self.data.needs)),
                              "section_note"))
        return flow

    # -- the needs, the commitments, the conversations -----------------------------------

    def needs(self, compact: bool = False) -> list[Flowable]:
        from reportlab.lib.units import mm

        if not self.data.needs:
            return []
        words = self.w.needs
        lead = self.heading(words.heading)
        if not compact:
            lead.append(self.para(words.note, "section_note"))
        flow: list[Flowable] = []
        for partner in (1, 2):
            mine = [need for need in self.data.needs if need.owner == partner]
            whose = self.para(words.whose.format(name=self.names[partner]), "subheading")
            whose.keepWithNext = 1
            if not mine:
                flow += [*lead, whose, self.para(words.none.format(
                    name=self.names[partner]), "section_note")]
                lead = []
                continue
            if partner == 2 and not lead:  # a little room between the two partners
                whose.spaceBefore = 6 * mm
            for number, need in enumerate(mine):
                flow += self.need(need, [*lead, whose] if number == 0 else [self.divider()])
                lead = []
        return flow

    def commitments(self, compact: bool = False) -> list[Flowable]:
        if not self.data.commitments:
            return []
        words = self.w.commitments
        lead = self.heading(words.heading)
        if not compact:
            lead.append(self.para(words.note, "section_note"))
        flow: list[Flowable] = []
        for number, row in enumerate(self.data.commitments):
            flow += self.commitment(row, lead if number == 0 else [self.divider()],
                                    compact)
        return flow

    def misattunements(self) -> list[Flowable]:
        if not self.data.misattunements:
            return []
        words = self.w.misattunements
        lead = [*self.heading(words.heading), self.para(words.note, "section_note")]
        flow: list[Flowable] = []
        for number, row in enumerate(self.data.misattunements):
            flow += self.misattunement(row, lead if number == 0 else [self.divider()])
        return flow

    # -- the packet's part ---------------------------------------------------------------

    def compact(self) -> list[Flowable]:
        session = self.w.session
        if self.data.empty:
            return [self.para(session.none, "body")]
        flow: list[Flowable] = [self.para(session.intro, "section_note")]
        flow += self.needs(compact=True)
        flow += self.commitments(compact=True)
        flow += self.misattunements()
        if self.data.unreadable:
            flow.append(self.para(self.unreadable(), "section_note"))
        return flow

    # -- the cover -----------------------------------------------------------------------

    def unreadable(self) -> str:
        return self.w.document.unreadable(self.data.unreadable)

    def cover(self) -> list[Flowable]:
        data = self.data
        return shared_cover(self, self.w.document, self.names,
                            prepared_on=self.date(data.prepared_on),
                            session_on=None if data.session_on is None
                            else self.date(data.session_on),
                            unreadable=data.unreadable, empty=data.empty,
                            contents=self.contents)

    def contents(self) -> list[Flowable]:
        """What follows, with how many of each."""
        from reportlab.lib.units import mm

        data, words = self.data, self.w.contents

        def count(number: int, one: str, many: str) -> str:
            return one if number == 1 else many.format(count=number)

        rows = []
        if data.needs:
            needs = count(len(data.needs), words.need_one, words.need_many)
            rows += [(words.map, needs), (words.needs, needs)]
        if data.commitments:
            rows.append((words.commitments, count(len(data.commitments),
                                                  words.commitment_one,
                                                  words.commitment_many)))
        if data.misattunements:
            rows.append((words.misattunements, count(len(data.misattunements),
                                                     words.entry_one, words.entry_many)))
        return [self.para(self.w.document.contents_heading, "h2"),
                self.rows(rows, _COUNT_WIDTH * mm)]
