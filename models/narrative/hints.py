"""Gentle hints for the letter of accountability (#11).

Worked out locally from the text as its author writes: they point at words that can
undo, soften or shift what the letter says (a "but" after owning something, "if you
felt", "we both", reasons before the impact, a passive that hides who acted, ...) and say
why in one calm sentence. They never block, rewrite or score anything, and they are never
stored, shared or exported; only the spots the author dismissed are kept, in the letter's
private ``dismissed`` field.

The rules are data in ``resources/narrative_hints.toml`` (its header says how to write
one), read once, on first use, by :mod:`models.narrative.hint_rules`. A hint's ``spot`` is
its rule and a digest of the sentence it is in, so it stays the same while the author
edits other sentences, and comes back when that sentence itself changes.

Fast enough for the GUI thread, debounced: a 3,000-word letter scanned whole takes about
4-5 ms of CPU here; while the author types in one section, only that section is scanned
again (under 1 ms). The first call reads and compiles the rules (about 40 ms, once).
"""

from __future__ import annotations

import hashlib
import re
import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from models.narrative.hint_rules import (
    LETTER_SECTIONS,
    PROSE_SECTIONS,
    RULES_FILE,
    HintRule,
    HintRulesError,
    hint_rules,
    load_rules,
)

__all__ = ["LETTER_SECTIONS", "PROSE_SECTIONS", "RULES_FILE", "Hint", "HintRule",
           "HintRulesError", "dismissed_spots", "find_hints", "hint_rules", "letter_hints",
           "load_rules", "spot_key", "with_dismissed"]

# Curly quotes and apostrophes are read as straight ones, one character for one, so
# the rules need only ' and " and every offset still points into the author's text.
_PLAIN = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
          "\u00a0": " "}
# A sentence ends at a line's end, or at . ! ? or \u2026 (with any closing quotes or
# brackets) before a space; written to begin with one class of letters, which `re` skips
# ahead to (as an alternation of the two it took twice as long).
_SENTENCE_END = re.compile(r"[.!?\u2026\n](?:(?<=\n)|[.!?\u2026]*[\"')\]]*(?=\s|$))")
_EDGES = " \t.,;:!?\u2026\"'()[]-"


@dataclass(frozen=True)
class Hint:
    """One hint: the words it points at and why, never a verdict on the letter."""

    rule: str        # the rule's key in resources/narrative_hints.toml
    start: int       # character offsets in the section's text
    end: int
    why: str         # one calm sentence saying why (from the rule)
    spot: str        # stable key for "dismiss this one": rule + digest of its sentence


def find_hints(text: str, *, section: str = "", dismissed: Collection[str] = ()
               ) -> list[Hint]:
    """The hints for one piece of text, in the order they appear.

    ``section`` is the letter section the text is in (a key of ``FIELDS["letter"]``), or
    "" for text of no section: then the rules limited to some sections are left out.
    Hints whose spot is in ``dismissed`` are left out.
    """
    return [hint for hint in _RECENT.hints(text, section) if hint.spot not in dismissed]


def _scan(text: str, section: str, rules: tuple[HintRule, ...]) -> tuple[Hint, ...]:
    plain = _plain(text).lower()
    if len(plain) != len(text):
        plain = _lower_each(_plain(text))
    starts: list[int] | None = None
    found: list[Hint] = []
    for rule in rules:
        if not rule.applies_to(section):
            continue
        for start, end in rule.find(plain):
            if start == end:
                continue
            if starts is None:
                starts = _sentence_starts(plain)
            first, last = _sentence_around(starts, start, len(plain))
            if rule.unless_before is not None and rule.unless_before.search(plain, first, start):
                continue
            found.append(Hint(rule.key, start, end, rule.why, spot_key(rule.key,
                                                                          plain[first:last])))
    found.sort(key=lambda h: (h.start, h.end, h.rule))
    return tuple(found)


class _RecentScans:
    """The hints of the last texts scanned, by a digest of their section and words, so
    that while the author types in one section the others are not scanned again (a
    3,000-word letter: ~4 ms of CPU scanned whole). It keeps no words: only digests,
    rule keys, offsets and spots."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._rules: tuple[HintRule, ...] = ()
        self._found: OrderedDict[bytes, tuple[Hint, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def hints(self, text: str, section: str) -> tuple[Hint, ...]:
        rules = hint_rules()
        digest = hashlib.blake2b(section.encode("utf-8"), digest_size=16)
        digest.update(b"\0" + text.encode("utf-8", "surrogatepass"))
        key = digest.digest()
        with self._lock:
            if rules is not self._rules:
                self._found.clear()
                self._rules = rules
            found = self._found.get(key)
            if found is not None:
                self._found.move_to_end(key)
                return found
        found = _scan(text, section, rules)
        with self._lock:
            self._found[key] = found
            while len(self._found) > self._size:
                self._found.popitem(last=False)
        return found

    def clear(self) -> None:
        with self._lock:
            self._found.clear()


_RECENT = _RecentScans(size=4 * len(PROSE_SECTIONS))


def _plain(text: str) -> str:
    """``text`` with straight quotes and spaces (``str.translate`` took ten times as long)."""
    for curly, straight in _PLAIN.items():
        if curly in text:
            text = text.replace(curly, straight)
    return text


def _lower_each(text: str) -> str:
    """``text`` in lower case, one character for one, so offsets still hold: a few
    letters grow when lowered (such as "\u0130") and are kept as they are."""
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


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
    words = " ".join(_plain(sentence).split()).strip(_EDGES).casefold()
    digest = hashlib.blake2b(words.encode("utf-8"), digest_size=8).hexdigest()
    return f"{rule}@{digest}"


def _sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)]


def _sentence_around(starts: list[int], at: int, length: int) -> tuple[int, int]:
    index = bisect_right(starts, at) - 1
    return starts[index], starts[index + 1] if index + 1 < len(starts) else length


def _first_sentence_hint(rule: HintRule, text: str) -> Hint | None:
    """A hint over the first sentence of ``text`` that has words in it."""
    plain = _plain(text)
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
