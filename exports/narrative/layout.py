"""Lays out the narrative PDF "Our stories, as we shared them" in the house style.

A cover (who shared it, when, the roles if both named them, and what follows); then
each partner's story, the letter of accountability with the answers shared about each
of its versions, the impact statement, the exceptions as a timeline and the joint
story, each from a new page and only when something of it was shared. An empty
workbook is one calm page. The workbook's part of the therapy-session packet
(:func:`session_section`) is a compact form: the latest versions, the answers and where
the joint story stands. reportlab is imported inside the functions.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, BinaryIO

from exports.house_style import HouseStyle, Page, Section
from exports.house_style.text import local_day
from exports.house_style.workbook_document import draw_workbook, partner_names, shared_cover
from exports.narrative.blocks import NarrativeComposer
from exports.narrative.data import HeardAnswer, NarrativeExport, NarrativeTexts, SharedWork
from exports.pdf_writer import Progress
from exports.words import every_string

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

_COUNT_WIDTH = 70  # millimetres, for the labels of the cover's contents


def draw_document(stream: BinaryIO, data: NarrativeExport, texts: NarrativeTexts,
                  progress: Progress | None) -> None:
    """Draw the whole document for ``data`` into ``stream``."""
    style = HouseStyle.for_text(Page(paper=data.paper), drawn_text(data, texts))
    draw_workbook(stream, style, texts.words.document, NarrativeLayout(style, data, texts),
                  progress)


def session_section(data: NarrativeExport, texts: NarrativeTexts,
                    style: HouseStyle | None = None) -> list[Flowable]:
    """The workbook's part of the therapy-session packet: the latest version of each
    shared piece, the answers about the letter and where the joint story stands; no
    cover, no page shell. Pass the packet's ``style`` so every part shares its fonts."""
    if style is None:
        style = HouseStyle.for_text(Page(paper=data.paper), drawn_text(data, texts))
    return NarrativeLayout(style, data, texts).compact()


def printed_names(data: NarrativeExport, texts: NarrativeTexts) -> dict[int, str]:
    """Partner 1 and 2 as printed: the names (or initials) chosen, or "Partner 1"."""
    return partner_names(data.names, texts.words.document.partner_fallback)


def drawn_text(data: NarrativeExport, texts: NarrativeTexts) -> list[str]:
    """Every string that may be drawn, so the fonts chosen can draw all of it."""
    found = [*printed_names(data, texts).values(), *every_string(texts.words)]
    for work in (*data.stories, *data.letters, *data.impacts, *data.exceptions):
        for version in work.versions:
            found += version.fields.values()
    for answer in data.heard:
        found += [answer.landed, answer.missing]
    if data.joint is not None:
        found += [paragraph.text for paragraph in data.joint.paragraphs]
    return found


class NarrativeLayout(NarrativeComposer):
    """Turns the export's data into the cover and the sections that follow it."""

    def __init__(self, style: HouseStyle, data: NarrativeExport,
                 texts: NarrativeTexts) -> None:
        super().__init__(style, texts, printed_names(data, texts), data.hurt)
        self.data = data

    # -- the whole document ------------------------------------------------------------

    def sections(self) -> list[Section]:
        """Each partner's story, the letter, the impact, exceptions, the joint story."""
        words = self.w
        found = [Section(words.stories.whose.format(name=self.names[p]), self.story_of(p))
                 for p in (1, 2)]
        found += [
            Section(words.letter.heading, self.letters()),
            Section(words.impact.heading, self.impacts()),
            Section(words.exceptions.heading, self.exceptions()),
            Section(words.joint.heading, self.joint()),
        ]
        return found

    def story_of(self, partner: int, compact: bool = False) -> list[Flowable]:
        """One partner's shared steps in the order of the steps (none: nothing)."""
        works = [w for w in self.data.stories if w.author == partner]
        if not works:
            return []
        lead = self.heading(self.w.stories.whose.format(name=self.names[partner]))
        if not compact:
            lead.append(self.para(self.w.stories.note, "section_note"))
        flow: list[Flowable] = []
        for work in works:
            # A heading rides in its first piece's block, so it never ends a page alone.
            flow += self.piece(self.w.stories.steps[work.kind], work, lead,
                               earlier=not compact)
            lead = []
        return flow

    def letters(self, compact: bool = False) -> list[Flowable]:
        if not self.data.letters and not self.data.heard:
            return []
        words = self.w.letter
        lead = self.heading(words.heading)
        if not compact:
            lead.append(self.para(words.note if self.hurt is not None else words.note_unnamed,
                                  "section_note"))
        flow: list[Flowable] = []
        shown: set[str] = set()
        for number, work in enumerate(self.data.letters):
            shown.update(v.uuid for v in work.versions)
            flow += self.letter(work, [self.divider()] if number else lead, compact)
            lead = []
        orphans = [a for a in self.data.heard if a.letter not in shown]
        if orphans:
            flow += [*lead, self.answers(orphans, None)]
        return flow

    def letter(self, work: SharedWork, lead: list[Flowable], compact: bool) -> list[Flowable]:
        """The latest version in full, then the answers shared about each version,
        newest first (in the whole document an earlier version with none is still
        listed, by its date; the packet lists only those with answers)."""
        title = self.w.letter.whose.format(name=self.names[work.author])
        flow = self.piece(title, work, lead, earlier=False)
        for version in reversed(work.versions):
            answers = self.about(version.uuid)
            if answers or version is work.latest or not compact:
                flow.append(self.answers(answers, version))
        return flow

    def about(self, letter: str) -> list[HeardAnswer]:
        return [answer for answer in self.data.heard if answer.letter == letter]

    def impacts(self, compact: bool = False) -> list[Flowable]:
        if not self.data.impacts:
            return []
        words = self.w.impact
        session = self.box([self.para(words.session, "box_text")])
        session.spaceBefore, session.spaceAfter = 2, 4
        lead = self.heading(words.heading)
        if not compact:
            lead.append(self.para(words.note if self.hurt is not None else words.note_unnamed,
                                  "section_note"))
        lead.append(session)
        flow: list[Flowable] = []
        for number, work in enumerate(self.data.impacts):
            flow += self.piece(None, work, [self.divider()] if number else lead,
                               earlier=not compact, cue=words.heading)
        return flow

    def exceptions(self, compact: bool = False) -> list[Flowable]:
        if not self.data.exceptions:
            return []
        words = self.w.exceptions
        lead = self.heading(words.heading)
        if not compact:
            lead.append(self.para(words.note, "section_note"))
        flow: list[Flowable] = []
        for number, work in enumerate(sorted(self.data.exceptions, key=self.day_of)):
            day = self.texts.happened_on(work.latest.fields.get("happened_on", ""))
            title = self.date(day) if day is not None else words.no_date
            flow += self.piece(title, work, [self.divider()] if number else lead,
                               earlier=not compact)
        return flow

    def day_of(self, work: SharedWork) -> tuple[dt.date, dt.datetime]:
        """A timeline's order: the day it happened (none given: last), then when shared."""
        day = self.texts.happened_on(work.latest.fields.get("happened_on", ""))
        return day or dt.date.max, work.versions[0].shared_at

    def joint(self, compact: bool = False) -> list[Flowable]:
        """Its latest version and whether it is settled; in the whole document, also
        each paragraph under the name of who wrote it."""
        joint = self.data.joint
        if joint is None:
            return []
        words = self.w.joint
        version = words.version.format(version=joint.version,
                                       date=self.date(local_day(joint.written_at)))
        opening = [*self.heading(words.heading)]
        if not compact:
            opening.append(self.para(words.note, "section_note"))
        opening += [self.para(version, "status"), self.joint_status(joint)]
        if compact:
            return self.keep(opening)
        paragraphs = self.joint_paragraphs(joint)
        return self.keep([*opening, *paragraphs])

    # -- the packet's part -------------------------------------------------------------

    def compact(self) -> list[Flowable]:
        """The latest versions, the answers and the joint story's state, one after the
        other (the packet begins the part on a new page and titles it)."""
        session = self.w.session
        if self.data.empty:
            return [self.para(session.none, "body")]
        flow: list[Flowable] = [self.para(session.intro, "section_note")]
        for partner in (1, 2):
            flow += self.story_of(partner, compact=True)
        flow += self.letters(compact=True)
        flow += self.impacts(compact=True)
        flow += self.exceptions(compact=True)
        flow += self.joint(compact=True)
        if self.data.unreadable:
            flow.append(self.para(self.unreadable(), "section_note"))
        return flow

    # -- the cover ---------------------------------------------------------------------

    def unreadable(self) -> str:
        return self.w.document.unreadable(self.data.unreadable)

    def cover(self) -> list[Flowable]:
        data = self.data
        roles = [] if data.hurt is None else [self.para(self.w.roles.cover.format(
            hurt=self.names[data.hurt], caused=self.names[3 - data.hurt]), "note")]
        return shared_cover(self, self.w.document, self.names,
                            prepared_on=self.date(data.prepared_on),
                            session_on=None if data.session_on is None
                            else self.date(data.session_on),
                            unreadable=data.unreadable, empty=data.empty,
                            contents=self.contents, notes=roles)

    def contents(self) -> list[Flowable]:
        """What follows, with how many pieces each part holds."""
        from reportlab.lib.units import mm

        data, words = self.data, self.w.contents

        def count(number: int) -> str:
            return words.one if number == 1 else words.many.format(count=number)

        rows = [(label, count(len(works))) for label, works in (
            (words.stories, data.stories), (words.letter, data.letters),
            (words.impact, data.impacts), (words.exceptions, data.exceptions)) if works]
        if not data.letters and data.heard:
            rows.append((words.letter, count(len(data.heard))))
        if data.joint is not None:
            rows.append((words.joint, words.joint_line.format(version=data.joint.version)))
        return [self.para(self.w.document.contents_heading, "h2"),
                self.rows(rows, _COUNT_WIDTH * mm)]
