"""Lays out the agreements document in the house style (:mod:`exports.house_style`).

Called by :func:`exports.agreements.build_agreements_pdf` on the export thread: a
cover with a short summary, the agreements by category, then (when chosen) how the
wording changed and the consent comparison, each from a new page. The same parts,
without the cover and the page shell, are the agreements' part of the therapy-session
packet (:func:`session_section`). Everything a partner wrote is escaped, so "<b>"
prints as typed. reportlab is imported inside the functions, so importing this module
loads none of it.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, BinaryIO

from exports.agreements.blocks import AgreementBlock
from exports.agreements.composer import AgreementsComposer
from exports.agreements.data import AgreementSection, AgreementsExport, AgreementsTexts
from exports.agreements.sections import SectionWriter
from exports.house_style import HouseStyle, Page, Section
from exports.house_style.workbook_document import draw_workbook, partner_names
from exports.pdf_writer import Progress
from exports.words import every_string

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

_STATUS_ORDER = ("agreed", "under_review", "proposed", "paused", "draft", "retired")
_REVIEWS_LISTED = 8  # on the cover; more are counted, so the cover stays one page


def draw_document(
    stream: BinaryIO, data: AgreementsExport, texts: AgreementsTexts, progress: Progress | None
) -> None:
    """Draw the whole document for ``data`` into ``stream``."""
    style = HouseStyle.for_text(Page(paper=data.paper), drawn_text(data, texts))
    draw_workbook(stream, style, texts.words.document, AgreementsLayout(style, data, texts),
                  progress)


def session_section(data: AgreementsExport, texts: AgreementsTexts,
                    style: HouseStyle | None = None) -> list[Flowable]:
    """The agreements' part of the therapy-session packet: flowables, no cover, no shell.

    The agreements by category, then (as ``data`` asks) how the wording changed and the
    consent comparison, each from a new page. Pass the packet's ``style`` so every part
    shares its fonts (build it from every part's :func:`drawn_text`); without one, the
    fonts are chosen for this part alone.
    """
    from reportlab.platypus import PageBreak

    if style is None:
        style = HouseStyle.for_text(Page(paper=data.paper), drawn_text(data, texts))
    flow: list[Flowable] = []
    for section in AgreementsLayout(style, data, texts).sections():
        if section.flowables:
            flow += [PageBreak(), *section.flowables] if flow else section.flowables
    return flow


def printed_names(data: AgreementsExport, texts: AgreementsTexts) -> dict[int, str]:
    """Partner 1 and 2 as printed: the names (or initials) chosen, or "Partner 1"."""
    return partner_names(data.names, texts.words.document.partner_fallback)


def drawn_text(data: AgreementsExport, texts: AgreementsTexts) -> list[str]:
    """Every string that may be drawn, so the fonts chosen can draw all of it."""
    found: list[str] = [*printed_names(data, texts).values(), *every_string(texts.words)]
    found += every_string(texts.labels)
    for section in data.agreements:
        found += section.view.current.text.values()
        for revision in section.revisions:
            found += revision.text.values()
        if section.latest_review is not None:
            found += [section.latest_review.helps, section.latest_review.hard]
    if data.consent is not None:
        found += [item.label for item in data.consent.items]
    return found


def _order(section: AgreementSection) -> tuple[datetime.datetime, str]:
    return section.view.created_at, section.view.current.text.get("title", "").casefold()


class AgreementsLayout(AgreementsComposer):
    """Turns the export's data into the cover and the sections that follow it."""

    def __init__(self, style: HouseStyle, data: AgreementsExport,
                 texts: AgreementsTexts) -> None:
        names = printed_names(data, texts)
        super().__init__(style, texts, names)
        self.data = data
        self.blocks = AgreementBlock(style, texts, names, today=data.prepared_on)
        self.parts = SectionWriter(style, texts, names)
        kept = [s for s in data.agreements if data.include_drafts or s.view.status != "draft"]
        self.active = sorted((s for s in kept if s.view.status != "retired"), key=_order)
        self.retired = sorted(
            (s for s in kept if s.view.status == "retired" and data.include_retired), key=_order
        )

    def count(self, number: int) -> str:
        if number == 1:
            return self.w.summary.one_agreement
        return self.w.summary.many_agreements.format(count=number)

    def by_category(self, sections: list[AgreementSection]) -> list[tuple[str, list[Any]]]:
        groups: dict[str, list[AgreementSection]] = {
            key: [] for key in self.texts.labels.categories}
        for section in sections:
            key = section.view.current.text.get("category", "other")
            groups[key if key in groups else "other"].append(section)
        return [(self.texts.category(k), v) for k, v in groups.items() if v]

    def sections(self) -> list[Section]:
        """The agreements, then how the wording changed and consent when asked for."""
        return [
            Section(self.w.document.title, self.agreements()),
            Section(self.w.history.heading, self.parts.history(self.active + self.retired)
                    if self.data.include_history else []),
            Section(self.w.consent.heading, self.parts.consent(self.data.consent)
                    if self.data.consent is not None else []),
        ]

    def agreements(self) -> list[Flowable]:
        """Every agreement shown, by category, and the ones set aside last."""
        flow: list[Flowable] = []
        for label, sections in self.by_category(self.active):
            lead = self.heading(label)
            for section in sections:
                flow += self.blocks.agreement(section, lead)
                lead = []
        if self.retired:
            lead = [*self.heading(self.w.agreement.retired_heading),
                    self.para(self.w.agreement.retired_note, "section_note")]
            for section in self.retired:
                flow += self.blocks.agreement(section, lead)
                lead = []
        return flow

    def cover(self) -> list[Flowable]:
        from reportlab.lib.units import mm
        from reportlab.platypus import Spacer

        data, words = self.data, self.w.document
        details = [(words.label_prepared, self.date(data.prepared_on))]
        if data.session_on is not None:
            details.append((words.label_session, self.date(data.session_on)))
        prepared_by = words.prepared_by.format(name1=self.names[1], name2=self.names[2])
        return [
            *self.cover_heading(words.brand, words.title, prepared_by, details),
            Spacer(1, 6 * mm),
            self.para(words.note, "note"),
            *self.summary(),
        ]

    def summary(self) -> list[Flowable]:
        from reportlab.lib.units import mm

        shown = self.active + self.retired
        if not shown:
            return [self.para(self.w.summary.no_agreements, "h2")]
        label_width = 80 * mm
        counts = [
            (self.texts.status(status), str(n))
            for status in _STATUS_ORDER
            if (n := sum(1 for s in shown if s.view.status == status))
        ]
        part: list[Flowable] = [
            self.para(self.w.summary.status_heading, "h2"),
            self.rows(counts, label_width, "summary_"),
            self.para(self.w.summary.reviews_heading, "h2"),
        ]
        today = self.data.prepared_on
        due = sorted(
            (s.view for s in self.active if s.view.review_due(today) and s.view.next_review_on),
            key=lambda v: (v.next_review_on or today, v.created_at),
        )
        if due:
            listed = [
                (self.title_of(v.current.text),
                 self.w.summary.review_due.format(date=self.date(v.next_review_on or today)))
                for v in due[:_REVIEWS_LISTED]
            ]
            if len(due) > len(listed):
                more = self.w.summary.reviews_more.format(count=len(due) - len(listed))
                listed.append((more, ""))
            part.append(self.rows(listed, label_width, "summary_"))
        else:
            part.append(self.para(self.w.summary.reviews_none, "summary_label"))
        contents = [(label, self.count(len(group)))
                    for label, group in self.by_category(self.active)]
        if self.retired:
            contents.append((self.w.agreement.retired_heading, self.count(len(self.retired))))
        if self.data.include_history:
            contents.append((self.w.history.heading, ""))
        if self.data.consent is not None:
            contents.append((self.w.consent.heading, ""))
        part += [
            self.para(self.w.summary.contents_heading, "h2"),
            self.rows(contents, label_width, "summary_"),
        ]
        return part
