"""The check-in as opened in memory: items, one partner's own answers, a comparison."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

Answer = Literal["yes", "maybe", "not_now", "no"]
Outcome = Literal["yes", "talk", "respected"]
ANSWERS: tuple[Answer, ...] = ("yes", "maybe", "not_now", "no")
# How careful each shared outcome is: a move toward caution applies at once.
CAUTION: dict[Outcome, int] = {"yes": 0, "talk": 1, "respected": 2}


@dataclass(frozen=True)
class Item:
    uuid: str
    label: str
    added_by: int | None


@dataclass(frozen=True)
class MyAnswer:
    answer: Answer
    note: str
    answered_at: dt.datetime


@dataclass(frozen=True)
class RevealedItem:
    item: str
    label: str
    outcome: Outcome
    decided_on: dt.date


@dataclass(frozen=True)
class Comparison:
    revealed_at: dt.datetime
    items: list[RevealedItem]

    def by_outcome(self, outcome: Outcome) -> list[RevealedItem]:
        return [entry for entry in self.items if entry.outcome == outcome]

    def outcome_of(self, item: str) -> Outcome | None:
        """The shared outcome of ``item`` (None when it was not part of this reveal)."""
        return self._outcomes.get(item)

    @cached_property
    def _outcomes(self) -> dict[str, Outcome]:
        # Looked up once per item on a list of thousands (Home, each answer): by key.
        return {entry.item: entry.outcome for entry in self.items}
