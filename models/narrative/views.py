"""Narrative re-authoring as opened in memory for a screen or an export: frozen data.

Nothing here is stored as it is. A draft is sealed whole (kind, words and dates) with
its author's journal key (:mod:`models.narrative.tables`); shared pieces, the joint
story and the roles live under the workbook key with signed facts.

Keys only: the labels and prompts a person reads live in ``resources/``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

# One of each per partner (a page), and many per partner (a list that grows).
PAGES: tuple[str, ...] = ("problem", "story", "stand", "values", "preferred", "letter",
                          "impact")
LISTS: tuple[str, ...] = ("exception", "heard")
KINDS: tuple[str, ...] = PAGES + LISTS

FIELDS: dict[str, tuple[str, ...]] = {
    # patterns: the guard for the partner who caused the hurt (what made the harm easier)
    "problem": ("name", "shows_up", "effects_me", "effects_us", "strongest", "weakest",
                "patterns"),
    # truth: "" or "0".."10", how true the story feels today; private
    "story": ("about_me", "about_us", "came_from", "truth"),
    # view: one of VIEWS
    "stand": ("view", "why"),
    "values": ("values", "hopes"),
    "preferred": ("title", "text", "step_1", "step_2", "step_3"),
    # agreements: agreement uuids joined by ","; dismissed: hint spots joined by "\n"
    "letter": ("did", "chose", "impact", "not_your_fault", "how", "differently",
               "who_checks", "agreements", "not_asking", "dismissed"),
    "impact": ("feelings", "body", "sex_touch", "trust", "self_blame", "daily_life",
               "questions", "needs_now", "not_ready"),
    # happened_on: an ISO date "YYYY-MM-DD" or ""
    "exception": ("happened_on", "what", "made_possible", "says_value", "noticed_by"),
    # letter: the uuid of the shared letter version it answers; heard: one of HEARD
    "heard": ("letter", "heard", "landed", "missing"),
}

# Never copied into a shared piece, a fact, a digest, an export or the packet.
PRIVATE_FIELDS: dict[str, tuple[str, ...]] = {"story": ("truth",), "letter": ("dismissed",),
                                               "impact": ("not_ready",)}

VIEWS: tuple[str, ...] = ("", "ok", "not_ok", "mixed")
HEARD: tuple[str, ...] = ("", "yes", "partly", "not_yet", "rather_not")
TRUTH: tuple[str, ...] = ("", *(str(n) for n in range(11)))


def shareable(kind: str) -> tuple[str, ...]:
    """The fields of ``kind`` a shared piece holds: all but its private ones."""
    private = PRIVATE_FIELDS.get(kind, ())
    return tuple(name for name in FIELDS[kind] if name not in private)


@dataclass(frozen=True)
class Draft:
    """One private page or list item, opened with its author's journal key."""

    uuid: str
    owner: int
    kind: str  # one of KINDS
    fields: Mapping[str, str]  # every key of FIELDS[kind], "" when empty
    written_at: dt.datetime  # aware, local; sealed
    updated_at: dt.datetime  # aware, local; sealed

    def is_empty(self) -> bool:
        """True when every field that could be shared is blank."""
        return not any(self.fields.get(name, "").strip() for name in shareable(self.kind))


@dataclass(frozen=True)
class SharedPiece:
    """A dated, versioned copy of a draft that both partners read."""

    uuid: str
    author: int
    kind: str
    source: str  # uuid of the Draft it was copied from
    version: int  # 1 for the first share of that draft, then 2, 3, ...
    fields: Mapping[str, str]  # FIELDS[kind] without PRIVATE_FIELDS[kind]
    shared_at: dt.datetime  # aware, local


@dataclass(frozen=True)
class JointParagraph:
    """One paragraph of the joint story and who wrote it."""

    author: int
    text: str


@dataclass(frozen=True)
class JointVersion:
    """One version of the joint story: its words and who confirmed exactly these."""

    version: int  # 1, 2, ...
    paragraphs: tuple[JointParagraph, ...]
    written_at: dt.datetime  # aware, local: when these words were last saved
    confirmed_by: frozenset[int]

    @property
    def settled(self) -> bool:
        """Both partners confirmed these words."""
        return self.confirmed_by >= {1, 2}


@dataclass(frozen=True)
class JointStory:
    """Who would like a joint story, and its versions, oldest first."""

    wished_by: frozenset[int]
    versions: tuple[JointVersion, ...]

    @property
    def open(self) -> bool:
        """Both partners said they would like one: only then is it written."""
        return self.wished_by >= {1, 2}

    @property
    def latest(self) -> JointVersion | None:
        return self.versions[-1] if self.versions else None

    @property
    def settled(self) -> JointVersion | None:
        """The newest version both confirmed, if any."""
        for version in reversed(self.versions):
            if version.settled:
                return version
        return None


@dataclass(frozen=True)
class Roles:
    """Names for the roles, if the couple chose them together; optional."""

    hurt: int | None  # the partner who was hurt; the other caused the hurt; None: not named
    named_at: dt.datetime | None

    def caused(self) -> int | None:
        """The partner who caused the hurt, when the roles are named."""
        return None if self.hurt is None else 3 - self.hurt
