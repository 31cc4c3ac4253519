"""How the hint rules are read (#11): patterns unfolded into alternatives that begin
with their first letters, matched in lower case, only where a word begins, and the same
words found as the patterns written."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

from models.narrative.hint_rules import HintRule, hint_rules, load_rules, lower_pattern, unfold


@pytest.mark.parametrize(("written", "ways"), [
    (r"\bforgive\s+me\b", [r"forgive\s+me\b"]),
    (r"\b(?:a\s+)?fresh\s+start\b|\bstart\s+(?:over|fresh)\b",
     [r"a\s+fresh\s+start\b", r"fresh\s+start\b", r"start\s+(?:over|fresh)\b"]),
    (r"(?P<hit>just|only)\s+(?:a|b)",
     [r"just(?P<hitend>)\s+(?:a|b)", r"only(?P<hitend>)\s+(?:a|b)"]),
    (r"(?:it\s+was\s+|it's\s+)?my\s+fault", [r"it\s+was\s+my\s+fault",
                                              r"it's\s+my\s+fault", r"my\s+fault"]),
    (r"(?:a|b)*c", [r"(?:a|b)*c"]),                 # repeated: kept as written
    (r"(?P<hit>a|b)?c", [r"(?P<hit>a|b)?c"]),       # an optional hit: kept as written
    (r"a[|)(]b|c[]|]d|e[^]|]f|g", [r"a[|)(]b", r"c[]|]d", r"e[^]|]f", "g"]),
    (r"a\|b|c\(d", [r"a\|b", r"c\(d"]),
])
def test_unfold(written: str, ways: list[str]) -> None:
    assert unfold(written) == ways


def test_lower_pattern_keeps_escapes_and_group_names() -> None:
    assert lower_pattern(r"I\s+Know\W(?P<Hit>But)\B(?P=Hit)") == \
        r"i\s+know\W(?P<Hit>but)\B(?P=Hit)"


def test_every_pattern_unfolds_into_the_same_matches() -> None:
    """The shipped rules, unfolded and joined, find what their patterns as written find
    with IGNORECASE and a leading \\b, on the sentences the tests use."""
    examples, good = _sibling("test_hints"), _sibling("test_hints_good_letters")
    raw = tomllib.loads(resources.files("resources").joinpath("narrative_hints.toml")
                        .read_text("utf-8"))["rules"]
    sentences = [s for cases in examples.NOTICED.values() for _, s, _ in cases]
    sentences += [s for cases in examples.QUIET.values() for _, s in cases]
    sentences += [s for group in good.GOOD.values() for s in group]
    for rule in hint_rules():
        if rule.pattern is None:
            continue
        written = [re.compile(p, re.IGNORECASE) for p in raw[rule.key].get("patterns", [])]
        for sentence in sentences:
            plain = sentence.replace("\u2019", "'")
            as_written = {m.start() for p in written for m in p.finditer(plain)}
            unfolded = {start for start, _ in _match_starts(rule, plain.lower())}
            assert unfolded <= as_written and bool(unfolded) == bool(as_written), \
                (rule.key, sentence)


def _sibling(name: str) -> ModuleType:
    """The examples of a test module beside this one, however the tests are imported."""
    spec = importlib.util.spec_from_file_location(f"_hint_examples_{name}",
                                                  Path(__file__).with_name(f"{name}.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _match_starts(rule: HintRule, text: str) -> Iterator[tuple[int, int]]:
    """Where the rule's joined expression matches from a word's start (not the words
    a hit marks, as HintRule.find gives)."""
    assert rule.pattern is not None
    at = 0
    while (match := rule.pattern.search(text, at)) is not None:
        start = match.start()
        at = max(match.end(), start + 1)
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            yield start, match.end()
        else:
            at = start + 1


def test_a_pattern_that_unfolds_too_far_is_kept_as_written() -> None:
    many = "|".join(f"w{i}" for i in range(70))
    (rule,) = load_rules(f"[rules.many]\nwhy = 'Why.'\npatterns = ['''\\b(?:{many})x''']")
    assert rule.pattern is not None and rule.pattern.pattern == f"(?:{many})x"
    (rule,) = load_rules(f"[rules.many]\nwhy = 'Why.'\npatterns = ['''(?:a|(?:{many}))x''']")
    # The part that would unfold too far stays a group; the rest unfolds around it.
    assert rule.pattern is not None and rule.pattern.pattern == f"ax|(?:{many})x"
    assert list(rule.find("w69x ax")) == [(0, 4), (5, 7)]
    assert list(rule.find("a w69x")) == [(2, 6)]
