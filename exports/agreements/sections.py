"""The optional parts of the agreements document: how the wording changed, and consent.

The history shows, for each agreement with more than one version, who wrote each
version and when; the first version in full, later ones only where they differ.
The consent part shows the comparison the couple revealed together: each item's
combined outcome and since when, never who answered what (the data holds no more).
reportlab is imported inside the functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from exports.agreements.composer import AgreementsComposer
from exports.agreements.data import AgreementSection
from exports.house_style import clean, local_day
from models.agreements import RevisionView
from models.consent import Comparison

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

_HISTORY_FIELDS = ("title", "category", "wording", "in_practice", "not_ok", "why_1", "why_2")
HISTORY_KEEP_SHARE = 0.45  # a history shorter than this share of a page stays on one page


class SectionWriter(AgreementsComposer):
    """Lays out the history and the consent comparison."""

    def history(self, sections: list[AgreementSection]) -> list[Flowable]:
        """"How the wording changed", for the agreements among ``sections`` that changed."""
        part: list[Flowable] = [
            *self.heading(self.w.history.heading),
            self.para(self.w.history.note, "section_note"),
        ]
        changed = [s for s in sections if len(s.revisions) > 1]
        if not changed:
            part.append(self.para(self.w.history.none, "body"))
        for section in changed:
            part += self.versions(section)
        return part

    def versions(self, section: AgreementSection) -> list[Flowable]:
        """One agreement's versions, made when the layout comes to them."""
        return [self.keep_later(lambda: self.version_parts(section),
                                share=HISTORY_KEEP_SHARE)]

    def version_parts(self, section: AgreementSection) -> list[Flowable | list[Flowable]]:
        text = section.view.current.text
        lead = [
            self.para(self.title_of(text), "history_title"),
            self.para(self.texts.category(text.get("category", "other")), "history_category"),
        ]
        # The whole history of a short agreement stays on one page; a long one flows,
        # each version kept whole where it fits, the first with the agreement's title.
        parts: list[Flowable | list[Flowable]] = []
        before: RevisionView | None = None
        view = section.view
        agreed_up_to = view.in_force.number if view.in_force is not None else 0
        for revision in section.revisions:
            line = self.w.history.version.format(
                number=revision.number, date=self.date(local_day(revision.created_at)),
                name=self.names.get(revision.author, str(revision.author)),
            )
            if view.status != "retired" and revision.number > agreed_up_to:
                line += self.w.history.not_agreed  # a draft or a change still proposed
            changes = self.changes(before, revision, text.get("title", ""))
            cue = [] if lead else [self.continued_from(self.title_of(text))]
            version = [*lead, *cue, self.para(line, "version"), *changes]
            parts += [version] if self.fits(version, HISTORY_KEEP_SHARE) else version
            lead, before = [], revision
        return parts

    def changes(
        self, before: RevisionView | None, revision: RevisionView, current_title: str
    ) -> list[Flowable]:
        """What ``revision`` says: for the first, every filled-in field; later, what changed."""
        labels = {
            "title": self.w.history.title,
            "category": self.w.history.category,
            "wording": self.w.agreement.wording,
            "in_practice": self.w.agreement.in_practice,
            "not_ok": self.w.agreement.not_ok,
            "why_1": self.w.agreement.why.format(name=self.names[1]),
            "why_2": self.w.agreement.why.format(name=self.names[2]),
        }
        found: list[Flowable] = []
        for key in _HISTORY_FIELDS:
            now = revision.text.get(key, "")
            if before is None:
                # The first version, under the agreement's heading: what was filled in.
                if key == "category" or not clean(now):
                    continue
                if key == "title" and clean(now) == clean(current_title):
                    continue
            elif clean(before.text.get(key, "")) == clean(now):
                continue
            shown = self.texts.category(now) if key == "category" else now
            found.append(self.para(labels[key], "history_label"))
            found += self.paras(shown, "history_body") or [
                self.para(self.w.history.emptied, "history_empty")
            ]
        return found or [self.para(self.w.history.unchanged, "history_empty")]

    def consent(self, comparison: Comparison) -> list[Flowable]:
        """The revealed comparison in three groups, each item with the day it was decided."""
        from reportlab.lib.units import mm

        compared = self.w.consent.compared_on.format(
            date=self.date(local_day(comparison.revealed_at)))
        part: list[Flowable] = [
            *self.heading(self.w.consent.heading),
            self.para(self.w.consent.subheading, "subheading"),
            self.para(self.w.consent.note, "section_note"),
            self.para(compared, "section_note"),
        ]
        for outcome, label in self.w.consent.groups.items():
            entries = [entry for entry in comparison.items if entry.outcome == outcome]
            part.append(self.para(label, "h2"))
            if not entries:
                part.append(self.para(self.w.consent.empty, "meta_label"))
                continue
            rows = [
                (entry.label, self.w.consent.decided_on.format(date=self.date(entry.decided_on)))
                for entry in entries
            ]
            part.append(self.rows(rows, self.width - 48 * mm, "consent_"))
        return part
