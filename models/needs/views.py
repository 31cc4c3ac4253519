"""The attachment-needs map as opened in memory for a screen or an export: frozen data.

Nothing here is stored as it is. A need's draft is sealed whole (words and dates) with
its owner's journal key (:mod:`models.needs.tables`); shared needs, commitments and
notes live under the workbook key, their state in signed facts (:mod:`models.needs.facts`).

Keys only: the labels and prompts a person reads live in ``resources/``. No field here
is a rate, a count of misses, a streak or a grade: a commitment is proposed, active,
paused or retired, and its notes are dated lines in a partner's own words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

# Starter cards; their labels and descriptions live in resources/ui_needs.toml
# [needs_cards]. "" is a need in the partner's own words, from no card.
CARDS: tuple[str, ...] = ("reassurance", "transparency", "predictability", "believed",
                          "closeness", "space", "boundaries", "comfort", "repair",
                          "asked_first", "appreciation")
IMPORTANCE: tuple[int, ...] = (1, 2, 3)  # 1 matters, 2 matters a lot, 3 matters most
IMPORTANCE_TEXT: tuple[str, ...] = ("", "1", "2", "3")  # as stored; "" = not said yet
LATELY: tuple[str, ...] = ("", "met", "partly", "not_yet")
# safe_signs: what tells me I am safe (observable); early_signs: my early signs of
# feeling unsafe; helps / does_not_help. Every field is shareable.
NEED_FIELDS: tuple[str, ...] = ("card", "title", "words", "importance", "lately",
                                "safe_signs", "early_signs", "helps", "does_not_help")

COMMITMENT_FIELDS: tuple[str, ...] = ("what", "how_often", "how_seen")
# No "failed" and no "done": retired is only ever decided together in a review.
STATES: tuple[str, ...] = ("proposed", "active", "paused", "retired")
NOTE_KINDS: tuple[str, ...] = ("kept", "missed", "noticed")
DOER_KINDS: tuple[str, ...] = ("kept", "missed")  # noted by who does it
OWNER_KINDS: tuple[str, ...] = ("noticed",)  # noted by the person with the need


@dataclass(frozen=True)
class NeedDraft:
    """One private need, opened with its owner's journal key; private until shared."""

    uuid: str
    owner: int
    fields: Mapping[str, str]  # every key of NEED_FIELDS, "" when empty
    written_at: dt.datetime  # aware, local; sealed
    updated_at: dt.datetime  # aware, local; sealed

    def is_empty(self) -> bool:
        """True when nothing names the need yet (no card, title or words)."""
        return not any(self.fields.get(name, "").strip() for name in ("card", "title", "words"))


@dataclass(frozen=True)
class Need:
    """The latest shared version of a need: both partners read it."""

    uuid: str  # stable across re-shares of the same draft
    owner: int
    source: str  # the NeedDraft's uuid
    version: int  # 1 for the first share, then 2, 3, ...
    fields: Mapping[str, str]  # every key of NEED_FIELDS
    shared_at: dt.datetime  # aware, local: when this version was shared

    @property
    def importance(self) -> int:
        """1, 2 or 3; a need whose importance was not said reads as 1."""
        text = self.fields.get("importance", "")
        return int(text) if text in IMPORTANCE_TEXT[1:] else 1

    @property
    def title(self) -> str:
        """The partner's own words for it, else its card's key (the screen finds the
        card's label), else ""."""
        return self.fields.get("title", "").strip() or self.fields.get("card", "")


@dataclass(frozen=True)
class Commitment:
    """Something one partner does so a need is met, in words both confirmed."""

    uuid: str
    need: str  # the shared Need's uuid it serves
    needs: tuple[str, ...]  # all shared needs it serves (need first): the map's lines
    doer: int  # who does it
    fields: Mapping[str, str]  # what, how_often, how_seen
    agreement: str | None  # a linked agreement's uuid
    state: str  # one of STATES
    helps_confirmed: bool  # the person with the need said "this would help" (these words)
    can_do_confirmed: bool  # the doer said "I can do this" (these words)
    since: dt.datetime | None  # when these words became active
    version: int  # 1, then one more for each change of words
    created_at: dt.datetime
    paused_by: int | None  # who paused it (None when not paused, or paused together)
    latest_review: str | None  # the latest review decision, if any
    need_owner: int | None = None  # the person with the need: who says "this would help"

    def waiting_for(self) -> tuple[int, ...]:
        """Who still has to confirm these words (none once both did)."""
        waiting = []
        if not self.helps_confirmed and self.need_owner is not None:
            waiting.append(self.need_owner)
        if not self.can_do_confirmed and self.doer not in waiting:
            waiting.append(self.doer)
        return tuple(waiting)


@dataclass(frozen=True)
class Note:
    """One dated line about a commitment: kept or missed (by who does it), or noticed
    (by the person with the need)."""

    uuid: str
    commitment: str
    by: int
    kind: str  # one of NOTE_KINDS
    line: str
    noted_at: dt.datetime  # aware, local
    early: bool  # a miss its doer noted before anyone else said anything: honesty
