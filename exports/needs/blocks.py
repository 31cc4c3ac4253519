"""One shared need, one commitment and one conversation about a miss, as printed.

Only the house styles are used (:mod:`exports.house_style`). A need is its title (its
owner's own words, else its card's name), a line naming whose it is, its version and
the day it was shared, how much it matters (and "lately", when said), then each filled
in field under its label. A commitment is its words, who does it and for which needs,
where it stands (in force since, proposed and waiting for whom, paused by whom), its
latest review together and its dated notes in the words they were written in. A
conversation puts both sides next to each other, or says whose side it waits for.
Everything a partner wrote is escaped, so "<b>" prints as typed. reportlab is imported
inside the functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from exports.house_style import Composer, HouseStyle, clean
from exports.needs.data import (
    CommitmentRow,
    MisattunementRow,
    NeedRow,
    NeedsExport,
    NeedsTexts,
    NoteRow,
    SideRow,
)
from exports.needs.words import LABELLED

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

_SIDE_GAP = 12  # points between the two sides of a conversation


class NeedsComposer(Composer):
    """The house blocks, with this document's words and the names as printed."""

    def __init__(self, style: HouseStyle, data: NeedsExport, texts: NeedsTexts,
                 names: dict[int, str]) -> None:
        super().__init__(style)
        self.data, self.texts, self.w, self.names = data, texts, texts.words, names

    def date(self, when: object) -> str:
        return self.texts.date(when)  # type: ignore[arg-type]

    def small(self, text: str, style: str = "meta_label") -> Flowable:
        line = self.para(text, style)
        line.keepWithNext = 1
        return line

    # -- a need --------------------------------------------------------------------------

    def need(self, need: NeedRow, lead: Sequence[Flowable] = ()) -> list[Flowable]:
        """A need as its owner shared it; ``lead`` rides in its block (a heading)."""
        words = self.w.needs
        title = self.texts.title(need)
        parts: list[Flowable | list[Flowable]] = [
            *lead, self.para(title, "h2"),
            self.small(words.meta.format(name=self.names[need.owner], version=need.version,
                                         date=self.date(need.shared_on)))]
        card = clean(need.fields.get("card", ""))
        if card in self.w.cards and self.w.cards[card] != title:
            parts.append(self.small(words.own.format(card=self.w.cards[card])))
        about = [words.importance.format(importance=self.texts.importance(need.importance))]
        lately = self.w.lately.get(clean(need.fields.get("lately", "")))
        if lately:
            about.append(words.lately.format(lately=lately))
        parts.append(self.small(" · ".join(about), "meta_value"))
        for index, key in enumerate(LABELLED):
            value = need.fields.get(key, "")
            if not clean(value):
                continue
            if index:
                parts.append(self.continued(words.continued.format(title=title)))
            parts += self.field(self.w.labels[key], value)
        return self.keep(parts)

    # -- a commitment --------------------------------------------------------------------

    def commitment(self, row: CommitmentRow, lead: Sequence[Flowable] = (),
                   compact: bool = False) -> list[Flowable]:
        """Its words, who does it, for which needs, where it stands, its latest review
        and its notes (``compact``: only those since the latest review)."""
        words = self.w.commitments
        title = row.what or self.w.states.get(row.state, "")
        parts: list[Flowable | list[Flowable]] = [*lead, self.para(title, "h2")]
        owners = {need.owner for uuid in row.needs if (need := self.data.need(uuid))}
        doer = words.doer_self if owners == {row.doer} else words.doer
        parts.append(self.small(doer.format(name=self.names[row.doer]), "meta_value"))
        parts.append(self.small(words.serves.format(needs=self._needs(row.needs))))
        parts.append(self.status(self._standing(row), "paused" if row.state == "paused"
                                 else "settled" if row.state == "active" else "waiting"))
        for key, label in self.w.commitment_labels.items():
            value = row.fields.get(key, "")
            if clean(value):
                parts.append(self.continued(words.continued.format(title=title)))
                parts += self.field(label, value)
        if row.linked:
            parts.append(self.para(words.agreement, "section_note"))
        parts.append(self._review_and_notes(row, compact))
        return self.keep(parts)

    def _needs(self, uuids: Sequence[str]) -> str:
        found = []
        for uuid in uuids:
            need = self.data.need(uuid)
            found.append(f"{self.texts.title(need)} ({self.names[need.owner]})" if need
                         else self.w.commitments.unknown_need)
        return "; ".join(found) or self.w.commitments.unknown_need

    def _standing(self, row: CommitmentRow) -> str:
        words = self.w.commitments
        if row.state == "paused":
            return (words.paused_by.format(name=self.names[row.paused_by])
                    if row.paused_by in self.names else words.paused)
        if row.state == "retired":
            return words.retired
        if row.state == "proposed":
            if len(row.waiting) == 1 and row.waiting[0] in self.names:
                return words.proposed_waiting.format(name=self.names[row.waiting[0]])
            return words.proposed
        if row.since is not None:
            from exports.house_style import local_day

            return words.since.format(date=self.date(local_day(row.since)))
        return self.w.states.get(row.state, row.state)

    def _review_and_notes(self, row: CommitmentRow, compact: bool) -> Flowable:
        words, notes = self.w.commitments, self.w.notes
        review = row.review
        if review is None:
            content = [self.para(words.no_review, "box_text")]
        else:
            decision = self.w.decisions.get(review.decision, review.decision)
            content = [self.para(words.review.format(date=self.date(review.reviewed_on),
                                                     decision=decision), "box_heading")]
            if clean(review.note):
                content.append(self.para(words.review_note.format(note=review.note),
                                         "box_text"))
        # What was noted since the review (or so far), in words; "No notes yet" once.
        content.append(self.para(self.since_review(row), "box_label_gap"))
        shown = row.since_review if compact else row.notes
        if shown:
            content.append(self.para(words.notes_heading, "box_label_gap"))
            for note in shown:
                content += self.note(note)
        if any(note.early for note in shown):
            content.append(self.para(notes.early_reads, "box_label_gap"))
        box = self.box(content)
        box.spaceBefore = 6
        return box

    def since_review(self, row: CommitmentRow) -> str:
        """"2 notes since the last review: kept, missed" — words, never a rate."""
        return self.texts.noted_since(row.since_review, row.review is not None)

    def note(self, note: NoteRow) -> list[Flowable]:
        notes = self.w.notes
        form = {"kept": notes.kept, "missed": notes.missed_early if note.early
                else notes.missed, "noticed": notes.noticed}.get(note.kind, notes.kept)
        found = [self.para(form.format(date=self.date(note.noted_on),
                                       name=self.names.get(note.by, "")), "box_name")]
        if clean(note.line):
            found.append(self.para(notes.line.format(line=clean(note.line)), "box_text"))
        return found

    # -- a conversation about a miss -----------------------------------------------------

    def misattunement(self, row: MisattunementRow,
                      lead: Sequence[Flowable] = ()) -> list[Flowable]:
        """Who opened it and when, what it touched, the opener's facts, both sides next
        to each other (or whose side it waits for) and what we will try."""
        words = self.w.misattunements
        title = words.opened.format(name=self.names[row.opened_by],
                                    date=self.date(row.opened_on))
        parts: list[Flowable | list[Flowable]] = [*lead, self.para(title, "h2")]
        need = self.data.need(row.need)
        if need is not None:
            parts.append(self.small(words.about_need.format(title=self.texts.title(need))))
        commitment = self.data.commitment(row.commitment)
        if commitment is not None:
            parts.append(self.small(words.about_commitment.format(title=commitment.what)))
        if row.paused:
            parts.append(self.status(words.paused, "paused"))
        opener = next((s for s in row.sides if s.partner == row.opened_by), None)
        if clean(row.what_happened) and (opener is None
                                         or clean(opener.happened) != clean(row.what_happened)):
            parts += self.field(words.what_happened.format(name=self.names[row.opened_by]),
                                row.what_happened)
        parts.append([self.sides(row)])
        if clean(row.try_next):
            parts.append(self.continued(words.continued.format(title=title)))
            parts += self.field(words.try_next, row.try_next)
        return self.keep(parts)

    def sides(self, row: MisattunementRow) -> Flowable:
        """Partner 1's side on the left, partner 2's on the right."""
        words = self.w.misattunements
        by_partner = {side.partner: side for side in row.sides}
        cells = []
        for partner in (1, 2):
            side = by_partner.get(partner)
            heading = self.para(words.side.format(name=self.names[partner]), "box_heading")
            cells.append([heading, *self._side(side)] if side is not None else
                         [heading, self.para(words.waiting.format(name=self.names[partner]),
                                             "box_text")])
        half = (self.width - _SIDE_GAP) / 2
        table = self.table([cells], [half + _SIDE_GAP / 2, half + _SIDE_GAP / 2])
        table.spaceBefore = 6
        return table

    def _side(self, side: SideRow) -> list[Flowable]:
        words = self.w.misattunements
        found: list[Flowable] = []
        for label, value in ((words.happened, side.happened), (words.felt, side.felt),
                             (words.needed, side.needed)):
            if clean(value):
                found += [self.para(label, "box_label_gap"), *self.paras(value, "box_text")]
        return found
