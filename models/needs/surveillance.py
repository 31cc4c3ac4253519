"""Calm notes beside a commitment's words that ask one partner to watch the other (#12).

Transparency a partner offers in words ("I text you when I leave work") builds trust;
location tracking, access to a phone, reading messages or email, shared passwords,
checks of a device and monitoring apps tend to keep both partners in the roles of
watcher and watched. When a commitment's words ask for one of these,
:func:`surveillance_notes` finds them and the screen shows one calm note for each kind,
with why and a suggestion to talk it through with the therapist. It never blocks,
rewrites, stores or scores anything.

The rules are data: ``resources/needs_checks.toml`` (its header says how one is written).
A rule that cannot be used (a missing "why", a misspelt key, a pattern that does not
compile) fails at once, naming the rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from models.word_rules import RulesError, begins_a_word, read_resource, rule_tables

RULES_FILE = "needs_checks.toml"
_RULE_KEYS = frozenset({"why", "patterns", "unless_before"})
_CLAUSE_END = re.compile(r"[.!?;\n]")


class CheckRulesError(RulesError):
    """The rules file cannot be used; says which rule and what is wrong with it."""

    rules_file = RULES_FILE


@dataclass(frozen=True)
class SurveillanceNote:
    """One kind of watching the words ask for: the rule, where its first words are
    (``text[start:end]``) and why it tends to harm trust (the rule's own words)."""

    rule: str
    start: int
    end: int
    why: str


@dataclass(frozen=True)
class CheckRule:
    key: str
    why: str
    patterns: tuple[re.Pattern[str], ...]
    unless_before: tuple[re.Pattern[str], ...]

    def first(self, text: str) -> tuple[int, int] | None:
        """Where the rule's first match in ``text`` points (the ``hit`` group, or the
        whole match), or None."""
        found: list[tuple[int, int]] = []
        for pattern in self.patterns:
            for match in pattern.finditer(text):
                start = match.start()
                if not begins_a_word(text, start):
                    continue  # inside a word
                if self._left_alone(text, start):
                    continue
                found.append(match.span("hit") if "hit" in pattern.groupindex
                             and match.start("hit") >= 0 else match.span())
                break
        return min(found) if found else None

    def _left_alone(self, text: str, start: int) -> bool:
        ends = [m.end() for m in _CLAUSE_END.finditer(text, 0, start)]
        before = text[ends[-1] if ends else 0:start]
        return any(p.search(before) for p in self.unless_before)


@cache
def check_rules() -> tuple[CheckRule, ...]:
    """The rules in ``resources/needs_checks.toml``, read and checked once."""
    return load_rules(read_resource(RULES_FILE))


def load_rules(source: str) -> tuple[CheckRule, ...]:
    """Read rules from the text of a rules file; :class:`CheckRulesError` names the first
    rule that cannot be used and why."""
    return tuple(_read_rule(key, value)
                 for key, value in rule_tables(source, CheckRulesError, _RULE_KEYS))


def _compile(key: str, name: str, value: Any, required: bool) -> tuple[re.Pattern[str], ...]:
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(p, str) for p in value):
        raise CheckRulesError(key, f"needs {name} as a list of regular expressions")
    try:
        return tuple(re.compile(p, re.IGNORECASE) for p in value)
    except re.error as exc:
        raise CheckRulesError(key, f"has a pattern in {name} that does not compile ({exc})") \
            from exc


def _read_rule(key: str, raw: dict[str, Any]) -> CheckRule:
    why = raw.get("why")
    if not isinstance(why, str) or not why.strip():
        raise CheckRulesError(key, "needs a why: one calm paragraph shown with the note")
    return CheckRule(key, " ".join(why.split()),
                     _compile(key, "patterns", raw.get("patterns"), True),
                     _compile(key, "unless_before", raw.get("unless_before"), False))


def surveillance_notes(text: str, rules: tuple[CheckRule, ...] | None = None,
                       ) -> list[SurveillanceNote]:
    """One note per kind of watching ``text`` asks for, in the order they appear (the
    shipped rules unless ``rules`` are given). Nothing is kept."""
    plain = text.replace("\u2019", "'").replace("\u2018", "'")
    notes = []
    for rule in check_rules() if rules is None else rules:
        span = rule.first(plain)
        if span is not None:
            notes.append(SurveillanceNote(rule.key, span[0], span[1], rule.why))
    notes.sort(key=lambda note: (note.start, note.rule))
    return notes
