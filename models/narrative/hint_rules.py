"""The rules behind the letter's hints (#11), read from ``resources/narrative_hints.toml``.

The file's header says how a rule is written. Here each rule is checked (a missing
"why", a pattern that does not compile, a misspelt key or section each fail at once,
naming the rule) and made fast enough to run while the author types: patterns are
matched in lower-case text, a match counts only where a word begins, and each pattern
is unfolded into alternatives that start with their first letters, so ``re`` can skip
ahead to them. Matched with ``re.IGNORECASE`` and a leading ``\\b`` as written, a
3,000-word letter took about 13 ms of CPU; unfolded, about 3.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from models.narrative.views import FIELDS
from models.word_rules import RulesError, begins_a_word, read_resource, rule_tables

RULES_FILE = "narrative_hints.toml"
LETTER_SECTIONS: tuple[str, ...] = FIELDS["letter"]
# The letter's fields that are not prose: agreement uuids and the dismissed spots.
NOT_PROSE: tuple[str, ...] = ("agreements", "dismissed")
PROSE_SECTIONS: tuple[str, ...] = tuple(s for s in LETTER_SECTIONS if s not in NOT_PROSE)

_RULE_KEYS = frozenset({"why", "patterns", "unless_before", "sections", "skip_sections",
                        "needs_filled"})
_NAMED = re.compile(r"(\(\?P<[^>]*>|\(\?P=[^)]*\))")
_LEADING_GROUP = re.compile(r"\((\?:|\?P<hit>)")
_HIT_END = "(?P<hitend>)"
_MOST_WAYS = 64  # a pattern unfolding into more alternatives is kept as written


class HintRulesError(RulesError):
    """The rules file cannot be used; says which rule and what is wrong with it."""

    rules_file = RULES_FILE


@dataclass(frozen=True)
class HintRule:
    """A rule as read from the file, its patterns unfolded and joined into one."""

    key: str
    why: str
    pattern: re.Pattern[str] | None          # None for a rule about what is still empty
    marks: tuple[tuple[str, bool], ...]      # (group, True: it marks only where words end)
    unless_before: re.Pattern[str] | None
    sections: frozenset[str] | None          # None: every section, and text of no section
    skip_sections: frozenset[str]
    needs_filled: tuple[str, ...]

    def applies_to(self, section: str) -> bool:
        """Whether the rule's patterns are looked for in ``section`` ("" for no section)."""
        if self.pattern is None or section in self.skip_sections:
            return False
        return self.sections is None or section in self.sections

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        """Where the rule's words are in ``text`` (lower case, straight quotes): the start
        and end of the words each match points at, in order."""
        if self.pattern is None:
            return
        at = 0
        while (match := self.pattern.search(text, at)) is not None:
            start = match.start()
            at = max(match.end(), start + 1)
            if not begins_a_word(text, start):
                at = start + 1  # inside a word: look again from the next letter
                continue
            yield self._marked(match)

    def _marked(self, match: re.Match[str]) -> tuple[int, int]:
        for group, ends_only in self.marks:
            if match.start(group) >= 0:
                return (match.start(), match.start(group)) if ends_only else match.span(group)
        return match.span()


@cache
def hint_rules() -> tuple[HintRule, ...]:
    """The rules in ``resources/narrative_hints.toml``, read and checked once."""
    return load_rules(read_resource(RULES_FILE))


def load_rules(source: str) -> tuple[HintRule, ...]:
    """Read rules from the text of a rules file; :class:`HintRulesError` names the first
    rule that cannot be used and why."""
    return tuple(_read_rule(key, value)
                 for key, value in rule_tables(source, HintRulesError, _RULE_KEYS))


def _read_rule(key: str, raw: dict[str, Any]) -> HintRule:
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
    pattern, marks = _join_patterns(key, patterns) if patterns else (None, ())
    unless = _strings(key, raw, "unless_before")
    return HintRule(
        key=key, why=why.strip(), pattern=pattern, marks=marks,
        unless_before=(_compile(key, "|".join(f"(?:{lower_pattern(u)})" for u in unless))
                       if unless else None),
        sections=frozenset(sections) if sections else None,
        skip_sections=frozenset(_sections(key, raw, "skip_sections")),
        needs_filled=tuple(needs_filled),
    )


def _join_patterns(key: str, patterns: list[str]
                   ) -> tuple[re.Pattern[str], tuple[tuple[str, bool], ...]]:
    """One expression for all of a rule's patterns (one pass over the text per rule).
    Each alternative's ``hit`` group is renamed so the names stay distinct."""
    joined: list[str] = []
    marks: list[tuple[str, bool]] = []
    for index, written in enumerate(patterns):
        pattern = lower_pattern(written.strip())
        if _compile(key, pattern, index).search("") is not None:
            raise HintRulesError(key, f"pattern {index + 1} matches empty text")
        for way in unfold(pattern):
            name = f"hit{len(joined)}"
            if _HIT_END in way:
                way = way.replace(_HIT_END, f"(?P<{name}>)")
                marks.append((name, True))
            elif "(?P<hit>" in way:
                way = way.replace("(?P<hit>", f"(?P<{name}>")
                marks.append((name, False))
            joined.append(way)
    return _compile(key, "|".join(joined)), tuple(marks)


def lower_pattern(pattern: str) -> str:
    """A pattern for lower-case text: its letters lowered, its escapes (\\W, \\S, \\B, ...)
    and group names kept."""
    out: list[str] = []
    escaped = False
    for part in _NAMED.split(pattern):
        if part.startswith(("(?P<", "(?P=")):
            out.append(part)
            continue
        for char in part:
            out.append(char if escaped else char.lower())
            escaped = not escaped and char == "\\"
    return "".join(out)


def unfold(pattern: str) -> list[str]:
    """``pattern`` as alternatives that each begin with their first letters, without a
    leading ``\\b`` (a match is checked to begin a word instead): ``(?:a|b)c|d`` becomes
    ``ac``, ``bc`` and ``d``. A leading ``hit`` group becomes a marker where it ended. A
    pattern that would make more than a few dozen is kept as written."""
    ways = _ways(pattern)
    return [pattern.removeprefix("\\b")] if ways is None else ways


def _ways(pattern: str) -> list[str] | None:
    ways: list[str] = []
    for alternative in _split_top(pattern):
        if not _extend(ways, _unfold_lead(alternative.removeprefix("\\b"))):
            return None
    return ways


def _unfold_lead(alternative: str) -> list[str] | None:
    opening = _LEADING_GROUP.match(alternative)
    if opening is None:
        return [alternative]
    end = _group_end(alternative)
    inner, rest = alternative[opening.end():end - 1], alternative[end:]
    hit = opening.group(1) == "?P<hit>"
    optional = rest[:1] == "?" and rest[1:2] not in ("?", "+")
    if rest[:1] in ("*", "+", "{") or (rest[:1] == "?" and not optional) or (optional and hit):
        return [alternative]
    rest = rest[1:] if optional else rest
    inner_ways = _ways(inner)
    if inner_ways is None:
        return [alternative]
    ways: list[str] = []
    for inner_way in inner_ways:
        if not _extend(ways, _unfold_lead(inner_way + (_HIT_END if hit else "") + rest)):
            return None
    if optional and not _extend(ways, _unfold_lead(rest)):
        return None
    return ways


def _extend(ways: list[str], more: list[str] | None) -> bool:
    """Add ``more`` to ``ways`` unless it could not unfold or there would be too many."""
    if more is None or len(ways) + len(more) > _MOST_WAYS:
        return False
    ways.extend(more)
    return True


def _split_top(pattern: str) -> list[str]:
    """The pattern's alternatives at its top level (outside groups and classes)."""
    parts: list[str] = []
    depth, start = 0, 0
    for at, char in _structure(pattern):
        if char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:at])
            start = at + 1
    parts.append(pattern[start:])
    return parts


def _group_end(pattern: str) -> int:
    """Where the group that opens ``pattern`` ends (just past its ``)``)."""
    depth = 0
    for at, char in _structure(pattern):
        if char in "()":
            depth += 1 if char == "(" else -1
            if depth == 0:
                return at + 1
    return len(pattern)


def _structure(pattern: str) -> Iterator[tuple[int, str]]:
    """The ``(``, ``)`` and ``|`` of a pattern that are not escaped or in a class."""
    at, in_class = 0, False
    while at < len(pattern):
        char = pattern[at]
        if char == "\\":
            at += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            at += 1
            at += pattern.startswith("^", at)
            at += pattern.startswith("]", at)  # a "]" first in a class is a letter
            continue
        elif char in "()|":
            yield at, char
        at += 1


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
