"""Gentle hints for the letter of accountability (#11).

Worked out locally from the text as its author writes: they point at words that can
undo, soften or shift what the letter says (a "but" after owning something, "if you
felt", "we both", reasons before the impact, a passive that hides who acted, ...) and say
why in one calm sentence. They never block, rewrite or score anything, and they are never
stored, shared or exported; only the spots the author dismissed are kept, in the letter's
private ``dismissed`` field.

The rules are data in ``resources/narrative_hints.toml`` (its header says how to write
one), read once, on first use. A hint's ``spot`` is its rule and a digest of the sentence
it is in, so it stays the same while the author edits other sentences, and comes back
when that sentence itself changes.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from bisect import bisect_right
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from models.narrative.views import FIELDS

RULES_FILE = "narrative_hints.toml"
LETTER_SECTIONS: tuple[str, ...] = FIELDS["letter"]
# The letter's fields that are not prose: agreement uuids and the dismissed spots.
NOT_PROSE: tuple[str, ...] = ("agreements", "dismissed")
PROSE_SECTIONS: tuple[str, ...] = tuple(s for s in LETTER_SECTIONS if s not in NOT_PROSE)

_RULE_KEYS = frozenset({"why", "patterns", "unless_before", "sections", "skip_sections",
                        "needs_filled"})
_RULE_NAME = re.compile(r"[a-z][a-z0-9_]*")
# Curly quotes and apostrophes are read as straight ones, one character for one, so
# the rules need only ' and " and every offset still points into the author's text.
_PLAIN = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"',
                        "\u201d": '"', "\u00a0": " "})
# Rules are matched in lower-case text, not with re.IGNORECASE, and from where a word
# begins, checked here rather than with a leading \b: either one stops `re` from skipping
# ahead to the letters a pattern can start with, and a 3,000-word letter took ~10 times
# as long (the target is a few milliseconds, on the GUI thread).
_LEADING_BOUNDARY = "\\b"
_SENTENCE_END = re.compile(r"[.!?\u2026]+[\"')\]]*(?=\s|$)|\n")
_EDGES = " \t.,;:!?\u2026\"'()[]-"


@dataclass(frozen=True)
class Hint:
    """One hint: the words it points at and why, never a verdict on the letter."""

    rule: str        # the rule's key in resources/narrative_hints.toml
    start: int       # character offsets in the section's text
    end: int
    why: str         # one calm sentence saying why (from the rule)
    spot: str        # stable key for "dismiss this one": rule + digest of its sentence


class HintRulesError(ValueError):
    """The rules file cannot be used; says which rule and what is wrong with it."""

    def __init__(self, rule: str, problem: str) -> None:
        where = f"rule {rule!r} " if rule else ""
        super().__init__(f"{RULES_FILE}: {where}{problem}")
        self.rule = rule
        self.problem = problem


@dataclass(frozen=True)
class HintRule:
    """A rule as read from the file, its patterns joined into one expression."""

    key: str
    why: str
    pattern: re.Pattern[str] | None          # None for a rule about what is still empty
    hit_groups: tuple[str, ...]              # groups marking the words, one per pattern
    unless_before: re.Pattern[str] | None
    sections: frozenset[str] | None          # None: every section, and text of no section
    skip_sections: frozenset[str]
    needs_filled: tuple[str, ...]

    def applies_to(self, section: str) -> bool:
        """Whether the rule's patterns are looked for in ``section`` ("" for no section)."""
        if self.pattern is None or section in self.skip_sections:
            return False
        return self.sections is None or section in self.sections


def find_hints(text: str, *, section: str = "", dismissed: Collection[str] = ()
               ) -> list[Hint]:
    """The hints for one piece of text, in the order they appear.

    ``section`` is the letter section the text is in (a key of ``FIELDS["letter"]``), or
    "" for text of no section: then the rules limited to some sections are left out.
    Hints whose spot is in ``dismissed`` are left out.
    """
    plain = _lower(text.translate(_PLAIN))
    starts: list[int] | None = None
    found: list[Hint] = []
    for rule in hint_rules():
        if not rule.applies_to(section):
            continue
        assert rule.pattern is not None
        for match in _matches(rule.pattern, plain):
            start, end = _marked(match, rule.hit_groups)
            if start == end:
                continue
            if starts is None:
                starts = _sentence_starts(plain)
            first, last = _sentence_around(starts, start, len(plain))
            if rule.unless_before is not None and rule.unless_before.search(plain, first, start):
                continue
            spot = spot_key(rule.key, plain[first:last])
            if spot not in dismissed:
                found.append(Hint(rule.key, start, end, rule.why, spot))
    found.sort(key=lambda h: (h.start, h.end, h.rule))
    return found


def _lower(text: str) -> str:
    """``text`` in lower case, one character for one (so offsets still hold)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few letters grow when lowered (such as "\u0130"); they are kept as they are.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _matches(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of ``pattern`` that begin where a word begins, overlapping ones too
    when an earlier match is refused for starting inside a word."""
    at = 0
    while (match := pattern.search(text, at)) is not None:
        start = match.start()
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            at = start + 1
            continue
        yield match
        at = max(match.end(), start + 1)


def letter_hints(fields: Mapping[str, str], dismissed: Collection[str] = ()
                 ) -> dict[str, list[Hint]]:
    """The hints for a whole letter: a list for every key of ``FIELDS["letter"]``.

    Besides each section's own hints, this adds the rules about the letter's order (such
    as "How I got there" written while the impact is empty). The spots in ``dismissed``
    and in the letter's own ``dismissed`` field are left out. ``agreements`` and
    ``dismissed`` are not prose and always get an empty list.
    """
    hidden = set(dismissed) | dismissed_spots(fields)
    found: dict[str, list[Hint]] = {section: [] for section in LETTER_SECTIONS}
    for section in PROSE_SECTIONS:
        text = fields.get(section, "")
        if text.strip():
            found[section] = find_hints(text, section=section, dismissed=hidden)
    for rule in hint_rules():
        if not rule.needs_filled or all(fields.get(n, "").strip() for n in rule.needs_filled):
            continue
        for section in sorted(rule.sections or ()):
            hint = _first_sentence_hint(rule, fields.get(section, ""))
            if hint is not None and hint.spot not in hidden:
                found[section].append(hint)
                found[section].sort(key=lambda h: (h.start, h.end, h.rule))
    return found


def dismissed_spots(fields: Mapping[str, str]) -> frozenset[str]:
    """The spots the author dismissed, from the letter's private ``dismissed`` field."""
    return frozenset(_spot_lines(fields.get("dismissed", "")))


def with_dismissed(fields: Mapping[str, str], spot: str) -> dict[str, str]:
    """A copy of ``fields`` whose ``dismissed`` field also holds ``spot`` (kept once)."""
    spot = spot.strip()
    if not spot or "\n" in spot:
        raise ValueError("a hint's spot is one line")
    lines = _spot_lines(fields.get("dismissed", ""))
    if spot not in lines:
        lines.append(spot)
    changed = dict(fields)
    changed["dismissed"] = "\n".join(lines)
    return changed


def spot_key(rule: str, sentence: str) -> str:
    """The spot of a hint of ``rule`` in ``sentence``: the same for the same words,
    whatever the case, spacing, curly quotes or the punctuation around them."""
    words = " ".join(sentence.translate(_PLAIN).split()).strip(_EDGES).casefold()
    digest = hashlib.blake2b(words.encode("utf-8"), digest_size=8).hexdigest()
    return f"{rule}@{digest}"


@cache
def hint_rules() -> tuple[HintRule, ...]:
    """The rules in ``resources/narrative_hints.toml``, read and checked once."""
    source = resources.files("resources").joinpath(RULES_FILE).read_text("utf-8")
    return load_rules(source)


def load_rules(source: str) -> tuple[HintRule, ...]:
    """Read rules from the text of a rules file; :class:`HintRulesError` names the first
    rule that cannot be used and why."""
    try:
        raw = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise HintRulesError("", f"is not valid TOML ({exc})") from exc
    extra = sorted(set(raw) - {"rules"})
    if extra:
        raise HintRulesError("", f"has tables no rule reader uses: {', '.join(extra)}")
    table = raw.get("rules")
    if not isinstance(table, dict) or not table:
        raise HintRulesError("", "has no [rules.<key>] tables")
    return tuple(_read_rule(key, value) for key, value in table.items())


def _read_rule(key: str, raw: Any) -> HintRule:
    if not _RULE_NAME.fullmatch(key):
        raise HintRulesError(key, "needs a key of lower-case letters, digits and _")
    if not isinstance(raw, dict):
        raise HintRulesError(key, "should be a table")
    unknown = sorted(set(raw) - _RULE_KEYS)
    if unknown:
        raise HintRulesError(key, f"has unknown keys (misspelt?): {', '.join(unknown)}")
    why = raw.get("why")
    if not isinstance(why, str) or not why.strip():
        raise HintRulesError(key, "needs a 'why' sentence")
    if "\n" in why or not why.rstrip().endswith((".", "?")):
        raise HintRulesError(key, "needs 'why' to be one sentence on one line, ending with '.'")
    patterns = _strings(key, raw, "patterns")
    sections = _sections(key, raw, "sections")
    needs_filled = _sections(key, raw, "needs_filled")
    if needs_filled and (patterns or not sections):
        raise HintRulesError(key, "with 'needs_filled' takes 'sections' and no 'patterns'")
    if not needs_filled and not patterns:
        raise HintRulesError(key, "needs at least one pattern")
    pattern, hit_groups = _join_patterns(key, patterns) if patterns else (None, ())
    unless = _strings(key, raw, "unless_before")
    return HintRule(
        key=key, why=why.strip(), pattern=pattern, hit_groups=hit_groups,
        unless_before=(_compile(key, "|".join(f"(?:{_lower_pattern(u)})" for u in unless))
                       if unless else None),
        sections=frozenset(sections) if sections else None,
        skip_sections=frozenset(_sections(key, raw, "skip_sections")),
        needs_filled=tuple(needs_filled),
    )


def _join_patterns(key: str, patterns: list[str]) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """One expression for all of a rule's patterns (one pass over the text per rule);
    each pattern's ``hit`` group is renamed so the names stay distinct."""
    joined: list[str] = []
    groups: list[str] = []
    for index, pattern in enumerate(patterns):
        pattern = _lower_pattern(pattern.strip()).removeprefix(_LEADING_BOUNDARY)
        compiled = _compile(key, pattern, index)
        if compiled.search("") is not None:
            raise HintRulesError(key, f"pattern {index + 1} matches empty text")
        if "hit" in compiled.groupindex:
            groups.append(f"hit{index}")
            pattern = pattern.replace("(?P<hit>", f"(?P<hit{index}>")
        joined.append(f"(?:{pattern})")
    return _compile(key, "|".join(joined)), tuple(groups)


def _lower_pattern(pattern: str) -> str:
    """A pattern for lower-case text: its letters lowered, its escapes (\\W, \\S, \\B, ...)
    and group names kept."""
    out: list[str] = []
    escaped = False
    for part in re.split(r"(\(\?P<[^>]*>|\(\?P=[^)]*\))", pattern):
        if part.startswith(("(?P<", "(?P=")):
            out.append(part)
            continue
        for char in part:
            out.append(char if escaped else char.lower())
            escaped = not escaped and char == "\\"
    return "".join(out)


def _compile(key: str, pattern: str, index: int | None = None) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        which = "a pattern" if index is None else f"pattern {index + 1}"
        raise HintRulesError(key, f"has {which} that does not compile ({exc})") from exc


def _strings(key: str, raw: dict[str, Any], name: str) -> list[str]:
    value = raw.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise HintRulesError(key, f"needs '{name}' to be a list of non-empty strings")
    return list(value)


def _sections(key: str, raw: dict[str, Any], name: str) -> list[str]:
    sections = _strings(key, raw, name)
    unknown = sorted(set(sections) - set(PROSE_SECTIONS))
    if unknown:
        raise HintRulesError(key, f"names sections the letter does not have in '{name}': "
                             f"{', '.join(unknown)}")
    return sections


def _marked(match: re.Match[str], hit_groups: tuple[str, ...]) -> tuple[int, int]:
    """The words a match points at: its ``hit`` group when it has one, else all of it."""
    for group in hit_groups:
        if match.start(group) >= 0:
            return match.span(group)
    return match.span()


def _sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)]


def _sentence_around(starts: list[int], at: int, length: int) -> tuple[int, int]:
    index = bisect_right(starts, at) - 1
    return starts[index], starts[index + 1] if index + 1 < len(starts) else length


def _first_sentence_hint(rule: HintRule, text: str) -> Hint | None:
    """A hint over the first sentence of ``text`` that has words in it."""
    plain = text.translate(_PLAIN)
    starts = _sentence_starts(plain)
    for index, first in enumerate(starts):
        last = starts[index + 1] if index + 1 < len(starts) else len(plain)
        sentence = plain[first:last]
        if sentence.strip(_EDGES + "\n"):
            start = first + len(sentence) - len(sentence.lstrip())
            end = first + len(sentence.rstrip())
            return Hint(rule.key, start, end, rule.why, spot_key(rule.key, sentence))
    return None


def _spot_lines(stored: str) -> list[str]:
    lines: list[str] = []
    for line in stored.split("\n"):
        line = line.strip()
        if line and line not in lines:
            lines.append(line)
    return lines
