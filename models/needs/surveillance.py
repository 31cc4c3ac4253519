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
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

RULES_FILE = "needs_checks.toml"
_RULE_KEYS = frozenset({"why", "patterns", "unless_before"})
_RULE_NAME = re.compile(r"[a-z][a-z0-9_]*")
_CLAUSE_END = re.compile(r"[.!?;\n]")


class CheckRulesError(ValueError):
    """The rules file cannot be used; says which rule and what is wrong with it."""

    def __init__(self, rule: str, problem: str) -> None:
        where = f"rule {rule!r} " if rule else ""
        super().__init__(f"{RULES_FILE}: {where}{problem}")
        self.rule = rule
        self.problem = problem


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
                if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
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
    source = resources.files("resources").joinpath(RULES_FILE).read_text("utf-8")
    return load_rules(source)


def load_rules(source: str) -> tuple[CheckRule, ...]:
    """Read rules from the text of a rules file; :class:`CheckRulesError` names the first
    rule that cannot be used and why."""
    try:
        raw = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise CheckRulesError("", f"is not valid TOML ({exc})") from exc
    extra = sorted(set(raw) - {"rules"})
    if extra:
        raise CheckRulesError("", f"has tables no rule reader uses: {', '.join(extra)}")
    table = raw.get("rules")
    if not isinstance(table, dict) or not table:
        raise CheckRulesError("", "has no [rules.<key>] tables")
    return tuple(_read_rule(key, value) for key, value in table.items())


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


def _read_rule(key: str, raw: Any) -> CheckRule:
    if not _RULE_NAME.fullmatch(key):
        raise CheckRulesError(key, "needs a key of lower-case letters, digits and _")
    if not isinstance(raw, dict):
        raise CheckRulesError(key, "should be a table")
    unknown = sorted(set(raw) - _RULE_KEYS)
    if unknown:
        raise CheckRulesError(key, f"has unknown keys (misspelt?): {', '.join(unknown)}")
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
