"""The narrative exports' words, as typed tables of ``resources/exports_narrative.toml``.

Each dataclass is one table of the file, each field one key: :func:`exports.words.load_words`
fills them and reports a missing or a left-over key by name. The field labels must name
exactly the fields a shared piece holds (:func:`models.narrative.views.shareable`): a
private field (the "how true" number, the dismissed hints, "not ready to say") has no
label, so it could not be printed even by mistake, and a new shareable field without a
label fails when the words are loaded, not half-way through an export.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from exports.words import DateWords, SharedDocumentWords
from models.narrative.views import HEARD, VIEWS, shareable

# The steps of each partner's own story, in the order they are printed.
STEPS = ("problem", "story", "stand", "values", "preferred")


def _labels(kind: str) -> Any:
    """A table of labels that must name exactly the fields a shared ``kind`` holds."""
    return field(metadata={"keys": shareable(kind)})


@dataclass(frozen=True)
class RoleWords:
    hurt: str
    caused: str
    named: str
    cover: str


@dataclass(frozen=True)
class PieceWords:
    meta: str
    earlier: str
    earlier_one: str
    continued: str


@dataclass(frozen=True)
class ContentsWords:
    stories: str
    letter: str
    impact: str
    exceptions: str
    joint: str
    one: str
    many: str
    joint_line: str


@dataclass(frozen=True)
class StoriesWords:
    heading: str
    note: str
    whose: str
    steps: Mapping[str, str] = field(metadata={"keys": STEPS})


@dataclass(frozen=True)
class LabelWords:
    """Each shareable field's label, by kind; exactly the fields a shared piece holds."""

    problem: Mapping[str, str] = _labels("problem")
    story: Mapping[str, str] = _labels("story")
    stand: Mapping[str, str] = _labels("stand")
    values: Mapping[str, str] = _labels("values")
    preferred: Mapping[str, str] = _labels("preferred")
    letter: Mapping[str, str] = _labels("letter")
    impact: Mapping[str, str] = _labels("impact")
    exception: Mapping[str, str] = _labels("exception")


@dataclass(frozen=True)
class LetterWords:
    heading: str
    note: str
    note_unnamed: str
    whose: str
    agreements_one: str
    agreements_many: str
    orphans: str


@dataclass(frozen=True)
class HeardWords:
    heading: str
    answer: str
    no_answer: str
    landed: str
    missing: str
    none: str
    answers: Mapping[str, str] = field(metadata={"keys": tuple(h for h in HEARD if h)})


@dataclass(frozen=True)
class ImpactWords:
    heading: str
    note: str
    note_unnamed: str
    session: str


@dataclass(frozen=True)
class ExceptionWords:
    heading: str
    note: str
    no_date: str


@dataclass(frozen=True)
class JointWords:
    heading: str
    note: str
    version: str
    paragraph_by: str
    settled: str
    confirmed_one: str
    confirmed_none: str
    last_settled: str


@dataclass(frozen=True)
class SessionWords:
    intro: str
    none: str


@dataclass(frozen=True)
class NarrativeWords:
    """Every word of ``exports_narrative.toml``, one field per table."""

    document: SharedDocumentWords
    roles: RoleWords
    piece: PieceWords
    contents: ContentsWords
    stories: StoriesWords
    labels: LabelWords
    letter: LetterWords
    heard: HeardWords
    impact: ImpactWords
    exceptions: ExceptionWords
    joint: JointWords
    session: SessionWords
    date: DateWords
    views: Mapping[str, str] = field(metadata={"keys": tuple(v for v in VIEWS if v)})
