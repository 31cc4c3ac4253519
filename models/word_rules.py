"""Rules as data: reading a rules file of ``[rules.<key>]`` tables, checked at once (#8).

A workbook that notes something about words as they are written (the letter's hints,
the needs map's notes on watching) keeps its rules in a TOML file in ``resources/``,
where a writer edits them. Reading one is the same everywhere: the file must be TOML
with only ``[rules.<key>]`` tables, each key lower-case letters, digits and ``_``, each
rule a table with only the keys its reader knows. Anything else fails at once, naming
the rule, so a misspelt key never silently turns a rule off. What a rule's keys mean is
the workbook's own.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from importlib import resources
from typing import Any

_RULE_NAME = re.compile(r"[a-z][a-z0-9_]*")


class RulesError(ValueError):
    """A rules file cannot be used; says which file, which rule and what is wrong."""

    rules_file = "rules"

    def __init__(self, rule: str, problem: str) -> None:
        where = f"rule {rule!r} " if rule else ""
        super().__init__(f"{self.rules_file}: {where}{problem}")
        self.rule = rule
        self.problem = problem


def read_resource(name: str) -> str:
    """The text of rules file ``name`` shipped in ``resources/``."""
    return resources.files("resources").joinpath(name).read_text("utf-8")


def rule_tables(source: str, error: type[RulesError], keys: frozenset[str],
                ) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each rule's key and table in the text of a rules file, in the file's order, after
    checking its shape; ``error`` names the first rule that cannot be used and why."""
    try:
        raw = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise error("", f"is not valid TOML ({exc})") from exc
    extra = sorted(set(raw) - {"rules"})
    if extra:
        raise error("", f"has tables no rule reader uses: {', '.join(extra)}")
    table = raw.get("rules")
    if not isinstance(table, dict) or not table:
        raise error("", "has no [rules.<key>] tables")
    for key, rule in table.items():
        if not _RULE_NAME.fullmatch(key):
            raise error(key, "needs a key of lower-case letters, digits and _")
        if not isinstance(rule, dict):
            raise error(key, "should be a table")
        unknown = sorted(set(rule) - keys)
        if unknown:
            raise error(key, f"has unknown keys (misspelt?): {', '.join(unknown)}")
        yield key, rule


def begins_a_word(text: str, start: int) -> bool:
    """Whether ``text[start:]`` begins a word (a match inside one does not count)."""
    return start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_")
