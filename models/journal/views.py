"""The journal as opened in memory for the screen or an export: plain, frozen data.

Nothing here is stored as it is: every field of an entry and of the coping plan is
sealed with its owner's journal key (:mod:`models.journal.tables`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

# Keys only; the labels a person reads live in resources/ui_journal.toml.
TAGS: tuple[str, ...] = ("trigger", "small_win", "therapist_question", "bring_to_session",
                         "just_for_me")
FEELINGS: tuple[str, ...] = ("calm", "hopeful", "sad", "angry", "afraid", "numb", "ashamed",
                             "lonely", "tender", "tired", "confused", "relieved")
SAFETY_RANGE = range(0, 11)  # the safety rating, 0 to 10, or None for not rated

COPING_SECTIONS: tuple[str, ...] = ("triggers", "early_signs", "helps", "does_not_help",
                                    "partner_can_help", "people")

# Where a shared passage goes: the "bring to the session" list, or a note on an agreement.
DESTINATIONS: tuple[str, ...] = ("session", "agreement")
SOURCES: tuple[str, ...] = ("journal", "coping_plan")


@dataclass(frozen=True)
class EntryDraft:
    """What the editor saves: every field of one entry, as the owner wrote it."""

    title: str = ""
    body: str = ""
    prompt: str = ""  # a prompt key from resources/journal_prompts.toml, "" for none
    feelings: tuple[str, ...] = ()  # keys from FEELINGS
    own_feelings: tuple[str, ...] = ()  # the owner's own words
    safety: int | None = None  # 0..10, None when not rated
    tags: tuple[str, ...] = ()  # keys from TAGS


@dataclass(frozen=True)
class Entry:
    """One entry, opened. Its dates are sealed in the file like its words."""

    uuid: str
    owner: int
    written_at: dt.datetime  # aware, the writer's local time
    updated_at: dt.datetime  # aware, local
    draft: EntryDraft

    @property
    def title(self) -> str:
        return self.draft.title

    @property
    def body(self) -> str:
        return self.draft.body

    @property
    def prompt(self) -> str:
        return self.draft.prompt

    @property
    def tags(self) -> tuple[str, ...]:
        return self.draft.tags

    @property
    def feelings(self) -> tuple[str, ...]:
        return self.draft.feelings

    @property
    def own_feelings(self) -> tuple[str, ...]:
        return self.draft.own_feelings

    @property
    def safety(self) -> int | None:
        return self.draft.safety

    @property
    def day(self) -> dt.date:
        return self.written_at.date()


@dataclass(frozen=True)
class CopingPlan:
    """One partner's personal coping plan: every section, "" when empty."""

    owner: int
    sections: Mapping[str, str]  # every key of COPING_SECTIONS
    updated_at: dt.datetime | None  # None when nothing was written yet


@dataclass(frozen=True)
class SharedPassage:
    """A dated copy its author shared on purpose; both partners read it."""

    uuid: str
    author: int
    text: str
    shared_at: dt.datetime  # aware, local
    destination: str  # one of DESTINATIONS
    target: str | None  # the agreement's uuid for "agreement", else None
    source: str  # one of SOURCES: "journal" or "coping_plan"
