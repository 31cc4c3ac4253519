"""One agreement as printed: its words in force, its state, and its latest review.

A block is kept on one page when it is short; a long one flows, each part that follows
its first page saying "<title> (continued)" at the top of the page it lands on.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from exports.agreements.composer import AgreementsComposer
from exports.agreements.data import AgreementSection, AgreementsTexts
from exports.house_style import HouseStyle, clean, local_day
from models.agreements import ReviewView

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

# The words of an agreement that bind both, in the order they are printed.
FIELDS = ("wording", "in_practice", "not_ok")
_PAUSE_EVENTS = ("withdrawn", "reviewed_pause")
# Where "agreed on" tells the current state; a re-proposed agreement waits for both.
_ONCE_AGREED = ("agreed", "under_review", "paused", "retired")


class AgreementBlock(AgreementsComposer):
    """Lays out one agreement at a time; ``today`` decides whether a review is due."""

    def __init__(self, style: HouseStyle, texts: AgreementsTexts, names: dict[int, str],
                 today: datetime.date) -> None:
        super().__init__(style, texts, names)
        self.today = today

    def agreement(self, section: AgreementSection, lead: list[Flowable]) -> list[Flowable]:
        """One agreement's block; ``lead`` is its category's heading when it comes first.

        Its flowables are made when the layout comes to it (:meth:`keep_later`)."""
        return [self.keep_later(lambda: self.parts(section, lead))]

    def parts(self, section: AgreementSection,
              lead: list[Flowable]) -> list[Flowable | list[Flowable]]:
        """The block's parts: flowables, and lists kept together when it flows."""
        view = section.view
        # The words in force: the agreed ones, whatever is proposed or paused since.
        text = (view.in_force or view.current).text
        flow: list[Flowable] = list(lead)
        if not lead:
            flow.append(self.divider())
        title = self.title_of(text)
        flow += [self.para(title, "agreement_title"), self.status_line(view.status)]
        if view.needs_discussion:
            flow.append(self.paused(section))
        if view.in_force is not None and (view.pending_change
                                          or view.status in ("paused", "proposed")):
            since = local_day(view.agreed_at or view.in_force.created_at)
            flow.append(self.para(self.w.agreement.in_force.format(date=self.date(since)),
                                  "body"))
        passages = [(self.field_label(key), text.get(key, "")) for key in FIELDS]
        passages += [(self.w.agreement.why.format(name=self.names[partner]),
                      text.get(f"why_{partner}", "")) for partner in (1, 2)]
        filled = [(label, words) for label, words in passages if clean(words)]
        for index, (label, words) in enumerate(filled):
            if index:  # the first passage stays with the title anyway
                flow.append(self.continued_from(title))
            flow += self.field(label, words)
        parts: list[Flowable | list[Flowable]] = [
            *flow, [self.continued_from(title), self.details(section)]
        ]
        if view.pending_change:
            parts.append([self.continued_from(title), self.proposed_change(section)])
        if section.latest_review is not None:
            parts.append([self.continued_from(title), self.review(section)])
        return parts

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
        labels = [(key, self.field_label(key)) for key in FIELDS]
        labels += [(f"why_{p}", self.w.agreement.why.format(name=self.names[p])) for p in (1, 2)]
        for key, label in labels:
            if clean(after.get(key, "")) != clean(before.get(key, "")):
                content += [self.para(label, "box_label_gap"),
                            *self.paras(after.get(key, "") or self.w.history.emptied,
                                        "box_text")]
        box = self.box(content)
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
            "paused",
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
                if view.review_due(self.today)
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
        box = self.box(content)
        box.spaceBefore = 8
        return box
