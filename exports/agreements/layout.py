"""Lays out the agreements document with reportlab Platypus.

Called by :func:`exports.agreements.build_agreements_pdf` on the export thread: a
cover with a short summary, the agreements by category, then (when chosen) how the
wording changed and the consent comparison. Everything a partner wrote is escaped,
so "<b>" prints as typed. reportlab is imported inside the functions, so importing
this module loads none of it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, BinaryIO

from exports.agreements.data import AgreementSection, AgreementsExport, AgreementsTexts
from exports.agreements.sections import SectionWriter
from exports.agreements.style import (
    BOX_FILL,
    BOX_LINE,
    PAUSE_FILL,
    PAUSE_LINE,
    RULE,
    clean,
    local_day,
    make_styles,
    markup,
    numbered_canvas,
    status_colour,
)
from exports.fonts import body_fonts
from exports.pdf_writer import Progress
from exports.words import every_string
from models.agreements import ReviewView

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

# The words of an agreement that bind both, in the order they are printed.
_FIELDS = ("wording", "in_practice", "not_ok")
_STATUS_ORDER = ("agreed", "under_review", "proposed", "paused", "draft", "retired")
_PAUSE_EVENTS = ("withdrawn", "reviewed_pause")
# Where "agreed on" tells the current state; a re-proposed agreement waits for both.
_ONCE_AGREED = ("agreed", "under_review", "paused", "retired")
_REVIEWS_LISTED = 8  # on the cover; more are counted, so the cover stays one page


def draw_document(
    stream: BinaryIO, data: AgreementsExport, texts: AgreementsTexts, progress: Progress | None
) -> None:
    """Draw the whole document for ``data`` into ``stream``."""
    from reportlab.lib.pagesizes import A4, LETTER
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    names = {
        p: clean(data.names.get(p, "")) or texts.words.document.partner_fallback.format(number=p)
        for p in (1, 2)
    }
    regular, bold = body_fonts(_every_text(data, texts, names))
    doc = SimpleDocTemplate(
        stream,
        pagesize=LETTER if data.paper == "letter" else A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=24 * mm,
        title=texts.words.document.metadata_title,
        author="",
        subject="",
        creator="Trellis",
    )
    # The frame pads its content by 6 pt on each side.
    writer = _Writer(data, texts, names, make_styles(regular, bold), doc.width - 12,
                     doc.height - 12)
    story = writer.story()
    if progress is not None:
        doc.setProgressCallBack(_progress_reporter(progress))
    footer = (texts.words.document.footer, texts.words.document.page)
    doc.build(story, canvasmaker=numbered_canvas(footer, regular, doc))


def _progress_reporter(progress: Progress) -> Callable[[str, int], None]:
    """Turn reportlab's flowable counts into rising fractions, about one a percent."""
    state = {"total": 1.0, "told": 0.0}

    def report(kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            state["total"] = max(1.0, float(value))
        elif kind == "PROGRESS":
            fraction = min(1.0, max(0.0, value / state["total"]))
            if fraction >= state["told"] + 0.01:
                state["told"] = fraction
                progress(fraction)
        elif kind == "FINISHED" and state["told"] < 1.0:
            state["told"] = 1.0
            progress(1.0)

    return report


def _every_text(data: AgreementsExport, texts: AgreementsTexts, names: dict[int, str]) -> list[str]:
    """Every string that may be drawn, so the font chosen can draw all of it."""
    found: list[str] = [*names.values(), *every_string(texts.words)]
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


class _Writer(SectionWriter):
    """Turns the export's data into a Platypus story, one part per method."""

    def __init__(
        self,
        data: AgreementsExport,
        texts: AgreementsTexts,
        names: dict[int, str],
        styles: dict[str, Any],
        width: float,
        page_height: float,
    ) -> None:
        super().__init__(texts, names, styles, width, page_height)
        self.data = data
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

    # -- the document ---------------------------------------------------------------

    def story(self) -> list[Flowable]:
        from reportlab.platypus import PageBreak

        story: list[Flowable] = [*self.cover(), PageBreak()]
        for label, sections in self.by_category(self.active):
            lead = self.heading(label)
            for section in sections:
                story += self.agreement(section, lead)
                lead = []
        if self.retired:
            lead = [*self.heading(self.w.agreement.retired_heading),
                    self.para(self.w.agreement.retired_note, "section_note")]
            for section in self.retired:
                story += self.agreement(section, lead)
                lead = []
        if self.data.include_history:
            story += [PageBreak(), *self.history(self.active + self.retired)]
        if self.data.consent is not None:
            story += [PageBreak(), *self.consent(self.data.consent)]
        if isinstance(story[-1], PageBreak):
            story.pop()  # nothing at all to show after the cover
        return story

    def cover(self) -> list[Flowable]:
        from reportlab.lib.units import mm
        from reportlab.platypus import Spacer

        data = self.data
        details = [(self.w.document.label_prepared, self.date(data.prepared_on))]
        if data.session_on is not None:
            details.append((self.w.document.label_session, self.date(data.session_on)))
        table = self.rows(details, 42 * mm)
        table.setStyle([
            ("LINEABOVE", (0, 0), (-1, 0), 0.5, RULE),
            ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
            ("TOPPADDING", (0, 0), (-1, 0), 6),
            ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
        ])
        prepared_by = self.w.document.prepared_by.format(name1=self.names[1], name2=self.names[2])
        return [
            self.para(self.w.document.brand, "brand"),
            self.para(self.w.document.title, "title"),
            self.para(prepared_by, "subtitle"),
            table,
            Spacer(1, 6 * mm),
            self.para(self.w.document.note, "note"),
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

    # -- one agreement --------------------------------------------------------------

    def agreement(self, section: AgreementSection, lead: list[Flowable]) -> list[Flowable]:
        """One agreement's block; ``lead`` is its category's heading when it comes first."""
        from reportlab.platypus import HRFlowable, Paragraph

        view = section.view
        # The words in force: the agreed ones, whatever is proposed or paused since.
        text = (view.in_force or view.current).text
        flow: list[Flowable] = list(lead)
        if not lead:
            rule = HRFlowable(width="100%", thickness=0.4, color=RULE, spaceBefore=6,
                              spaceAfter=6)
            rule.keepWithNext = 1
            flow.append(rule)
        status_style = self.styles["status"].clone(
            "status_now", textColor=status_colour(view.status)
        )
        title = self.title_of(text)
        flow += [
            self.para(title, "agreement_title"),
            Paragraph(markup(self.texts.status(view.status)), status_style),
        ]
        if view.needs_discussion:
            flow.append(self.paused(section))
        if view.in_force is not None and (view.pending_change
                                          or view.status in ("paused", "proposed")):
            since = local_day(view.agreed_at or view.in_force.created_at)
            flow.append(self.para(self.w.agreement.in_force.format(date=self.date(since)),
                                  "body"))
        passages = [(self.field_label(key), text.get(key, "")) for key in _FIELDS]
        passages += [(self.w.agreement.why.format(name=self.names[partner]),
                      text.get(f"why_{partner}", "")) for partner in (1, 2)]
        filled = [(label, words) for label, words in passages if clean(words)]
        for index, (label, words) in enumerate(filled):
            if index:  # the first passage stays with the title anyway
                flow.append(self.continued(title))
            flow += self.field(label, words)
        parts: list[Flowable | list[Flowable]] = [
            *flow, [self.continued(title), self.details(section)]
        ]
        if view.pending_change:
            parts.append([self.continued(title), self.proposed_change(section)])
        if section.latest_review is not None:
            parts.append([self.continued(title), self.review(section)])
        return self.keep(parts)

    def proposed_change(self, section: AgreementSection) -> Flowable:
        """The words proposed beside the agreed ones: only the parts that differ."""
        view = section.view
        assert view.in_force is not None
        before, after = view.in_force.text, view.current.text
        content: list[Flowable] = [
            self.para(self.w.agreement.change_heading.format(
                name=self.names.get(view.current.author, ""),
                date=self.date(local_day(view.current.created_at))), "box_heading"),
            self.para(self.w.agreement.change_note, "box_text"),
        ]
        waiting = [self.names[p] for p in (1, 2) if p not in view.confirmations]
        confirmed = [self.names[p] for p in (1, 2) if p in view.confirmations]
        content.append(self.para(
            self.w.agreement.change_waiting.format(names=" and ".join(waiting),
                                                   confirmed=" and ".join(confirmed))
            if confirmed
            else self.w.agreement.change_waiting_none, "box_text"))
        labels = [(key, self.field_label(key)) for key in _FIELDS]
        labels += [(f"why_{p}", self.w.agreement.why.format(name=self.names[p])) for p in (1, 2)]
        for key, label in labels:
            if clean(after.get(key, "")) != clean(before.get(key, "")):
                content += [self.para(label, "box_label_gap"),
                            *self.paras(after.get(key, "") or self.w.history.emptied,
                                        "box_text")]
        box = self.box(content, BOX_FILL, BOX_LINE)
        box.spaceBefore = 8
        return box

    def paused(self, section: AgreementSection) -> Flowable:
        since = next(
            (e.at for e in reversed(section.events) if e.kind in _PAUSE_EVENTS),
            section.view.updated_at,
        )
        box = self.box(
            [self.para(self.w.agreement.paused_since.format(date=self.date(local_day(since))),
                       "box_heading"),
             self.para(self.w.agreement.paused_note, "box_text")],
            PAUSE_FILL,
            PAUSE_LINE,
        )
        box.spaceBefore, box.spaceAfter, box.keepWithNext = 4, 2, 1
        return box

    def details(self, section: AgreementSection) -> Flowable:
        from reportlab.lib.units import mm

        view = section.view
        # Beside a proposed change, the confirmations that count are the agreed words'.
        standing = view.in_force_confirmations if view.pending_change else view.confirmations
        confirmed = [
            self.w.agreement.confirmed.format(name=self.names[p], date=self.date(local_day(at)))
            for p, at in sorted(standing.items())
        ]
        if view.status == "proposed":
            confirmed += [self.w.agreement.waiting_for.format(name=self.names[p])
                          for p in (1, 2) if p not in view.confirmations]
        if not confirmed and view.status != "retired":
            confirmed = [self.w.agreement.on_hold if view.status == "paused"
                         else self.w.agreement.not_confirmed]
        rows: list[tuple[str, str]] = []
        if confirmed:
            rows.append((self.w.agreement.label_confirmed, "\n".join(confirmed)))
        if view.agreed_at is not None and view.status in _ONCE_AGREED:
            agreed_on = self.date(local_day(view.agreed_at))
            rows.append((self.w.agreement.label_agreed_on, agreed_on))
        if view.status in ("agreed", "under_review") and view.next_review_on is not None:
            when = self.date(view.next_review_on)
            rows.append((
                self.w.agreement.label_next_review,
                self.w.agreement.next_review_due.format(date=when)
                if view.review_due(self.data.prepared_on)
                else self.w.agreement.next_review.format(
                    date=when, cadence=self.texts.cadence(view.cadence_days)),
            ))
        table = self.rows(rows, 30 * mm, "meta_")
        table.spaceBefore = 8
        return table

    def review(self, section: AgreementSection) -> Flowable:
        from reportlab.lib.units import mm

        review = section.latest_review
        assert review is not None

        def scores(values: dict[int, int | None]) -> list[Flowable]:
            return [self.para(self.w.review.score.format(value=values[p]), "box_text")
                    if values.get(p) is not None else self.para(self.w.review.no_rating,
                                                                "box_text")
                    for p in (1, 2)]

        if review.together is False:
            who = self.names.get(review.by_partner or 0, "")
            alone: list[Flowable] = [
                self.para(self.w.review.heading_alone.format(
                    name=who, date=self.date(review.reviewed_on)), "box_heading"),
                self.para(self.w.review.alone_note.format(name=who), "box_text"),
            ]
            return self.review_box(alone, review)
        heading = self.w.review.heading_together if review.together else self.w.review.heading
        grid = [
            [self.para("", "box_label"), self.para(self.names[1], "box_name"),
             self.para(self.names[2], "box_name")],
            [self.para(self.w.review.rating, "box_label"), *scores(review.ratings)],
            [self.para(self.w.review.follow_through, "box_label"),
             *scores(review.follow_through)],
        ]
        content: list[Flowable] = [
            self.para(heading.format(date=self.date(review.reviewed_on)),
                      "box_heading"),
            self.para(self.texts.decision(review.decision), "box_text"),
            self.table(grid, [42 * mm, 36 * mm, 36 * mm], extra=[("TOPPADDING", (0, 0),
                                                                     (-1, 0), 5)]),
        ]
        return self.review_box(content, review)

    def review_box(self, content: list[Flowable], review: ReviewView) -> Flowable:
        """A review's box: what it opens with, then what helps and what is hard."""
        for label, words in ((self.w.review.helps, review.helps),
                             (self.w.review.hard, review.hard)):
            if clean(words):
                content += [self.para(label, "box_label_gap"),
                            *self.paras(words, "box_text")]
        box = self.box(content, BOX_FILL, BOX_LINE)
        box.spaceBefore = 8
        return box
