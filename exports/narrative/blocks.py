"""One shared piece as printed, the "do I feel heard" answers, and the joint story.

Only the house styles are used (:mod:`exports.house_style`): a piece is a heading, a
line naming who wrote it (with their role, when both named the roles), its version and
the day it was shared, then its filled-in fields, each under its label. A short piece
stays on one page; a long one flows, each part after a page break saying
"<title> (continued)". Everything a partner wrote is escaped, so "<b>" prints as typed.
reportlab is imported inside the functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from exports.house_style import Composer, HouseStyle, clean, local_day
from exports.narrative.data import (
    HeardAnswer,
    JointRow,
    NarrativeTexts,
    PieceVersion,
    SharedWork,
)

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

# Fields printed elsewhere than under their label: an exception's day is its heading.
_IN_HEADING = {"exception": ("happened_on",)}
# A paragraph taller than this share of a page starts where its label is.
_LONG_SHARE = 0.35


class NarrativeComposer(Composer):
    """The house blocks, with this document's words, the names and the roles."""

    def __init__(self, style: HouseStyle, texts: NarrativeTexts, names: dict[int, str],
                 hurt: int | None) -> None:
        super().__init__(style)
        self.texts = texts
        self.w = texts.words
        self.names = names  # as printed, for partner 1 and 2
        self.hurt = hurt  # None: the roles are not named, and never printed

    def date(self, when: object) -> str:
        return self.texts.date(when)  # type: ignore[arg-type]

    def who(self, partner: int) -> str:
        """A partner's name, with their role beside it when both named the roles."""
        name = self.names.get(partner, self.w.document.partner_fallback.format(
            number=partner))
        if self.hurt is None:
            return name
        role = self.w.roles.hurt if partner == self.hurt else self.w.roles.caused
        return self.w.roles.named.format(name=name, role=role)

    def meta(self, author: int, version: PieceVersion) -> Flowable:
        """"Robin · version 2 · shared on 3 March 2026"."""
        line = self.para(self.w.piece.meta.format(
            name=self.who(author), version=version.version,
            date=self.date(version.shared_on)), "meta_label")
        line.keepWithNext = 1
        return line

    def piece(self, title: str | None, work: SharedWork, lead: Sequence[Flowable] = (),
              earlier: bool = True, cue: str = "") -> list[Flowable]:
        """A piece's latest version in full under ``title`` (``None``: no heading of its
        own), then (when ``earlier``) its earlier versions listed by date. ``cue`` names
        it at the top of a page it flows onto (``title`` when not given)."""
        latest = work.latest
        cue = cue or title or ""
        heading = [self.para(title, "h2")] if title else []
        parts: list[Flowable | list[Flowable]] = [
            *lead, *heading, self.meta(work.author, latest)]
        fields = self.fields(work.kind, latest)
        for field in fields:
            if len(field) > 1 and not self.fits(field[1:2], _LONG_SHARE):
                # A long paragraph may start under its label, not jump with its heading
                # and label to the next page (leaving a page that holds only a heading).
                field[0].keepWithNext = 0
        for index, field in enumerate(fields):
            if index:  # the first stays with the title anyway
                parts.append(self.continued(self.w.piece.continued.format(title=cue)))
            parts += field
        if earlier and work.earlier:
            parts.append(self.earlier(work))
        return self.keep(parts)

    def fields(self, kind: str, version: PieceVersion) -> list[list[Flowable]]:
        """Each filled-in field under its label (a label kept with its first lines)."""
        skipped = _IN_HEADING.get(kind, ())
        found = []
        for key, value in version.fields.items():
            if key in skipped or not clean(value):
                continue
            found.append(self.field(self.texts.label(kind, key), self.shown(kind, key, value)))
        return found

    def shown(self, kind: str, key: str, value: str) -> str:
        """A field's value as printed: keys in words, linked agreements counted."""
        if kind == "stand" and key == "view":
            return self.texts.view(clean(value))
        if kind == "letter" and key == "agreements":
            count = len([uuid for uuid in value.split(",") if uuid.strip()])
            letter = self.w.letter
            return letter.agreements_one if count == 1 else letter.agreements_many.format(
                count=count)
        return value

    def earlier(self, work: SharedWork) -> Flowable:
        """The earlier versions, by date, in a quiet list (their words are not repeated)."""
        rows = [self.para(self.w.piece.earlier, "box_heading")]
        rows += [self.para(self.w.piece.earlier_one.format(
            version=v.version, date=self.date(v.shared_on)), "box_text")
            for v in work.earlier]
        box = self.box(rows)
        box.spaceBefore = 8
        return box

    # -- the letter's answers ----------------------------------------------------------

    def answers(self, answers: Sequence[HeardAnswer], about: PieceVersion | None) -> Flowable:
        """The answers shared about one version of the letter (``about``), each with its
        day; ``None``: answers about a version not in these pages."""
        heard = self.w.heard
        heading = self.w.letter.orphans if about is None else heard.heading.format(
            version=about.version, date=self.date(about.shared_on))
        content: list[Flowable] = [self.para(heading, "box_heading")]
        if not answers:
            content.append(self.para(heard.none, "box_text"))
        for answer in answers:
            line = (heard.answer if answer.heard else heard.no_answer).format(
                name=self.who(answer.author), date=self.date(answer.shared_on),
                answer=self.texts.answer(answer.heard))
            content.append(self.para(line, "box_label_gap"))
            for label, words in ((heard.landed, answer.landed),
                                 (heard.missing, answer.missing)):
                if clean(words):
                    content += [self.para(label, "box_label_gap"),
                                *self.paras(words, "box_text")]
        box = self.box(content)
        box.spaceBefore = 8
        return box

    # -- the joint story ---------------------------------------------------------------

    def joint_status(self, joint: JointRow) -> Flowable:
        """Settled only when both confirmed these words; else who has, plainly."""
        words = self.w.joint
        if joint.settled:
            lines = [words.settled]
        elif joint.confirmed_by:
            (partner,) = sorted(joint.confirmed_by)[:1]
            lines = [words.confirmed_one.format(name=self.names[partner])]
        else:
            lines = [words.confirmed_none]
        if joint.last_settled is not None:
            number, when = joint.last_settled
            lines.append(words.last_settled.format(version=number,
                                                   date=self.date(local_day(when))))
        box = self.box([self.para(line, "box_text") for line in lines])
        box.spaceBefore, box.spaceAfter = 4, 6
        return box

    def joint_paragraphs(self, joint: JointRow) -> list[Flowable]:
        """Each paragraph under the name of who wrote it."""
        flow: list[Flowable] = []
        for paragraph in joint.paragraphs:
            flow += self.field(self.w.joint.paragraph_by.format(
                name=self.who(paragraph.author)), paragraph.text)
        return flow
