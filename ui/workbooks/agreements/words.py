"""Labels for the agreements screens: statuses, categories and review rhythms (from
``resources/agreements.toml``), and the name of each field."""

from __future__ import annotations

from functools import cache

from models.agreements import CATEGORIES
from ui.texts import resource_toml, text

STATUSES = ("draft", "proposed", "agreed", "under_review", "paused", "retired")


@cache
def _labels(table: str) -> dict[str, str]:
    """One table of labels, read once (every list row asks for two of them)."""
    return dict(resource_toml("agreements.toml")[table])


def status_label(status: str) -> str:
    return _labels("statuses").get(status, status)


def category_label(category: str) -> str:
    return _labels("categories").get(category, _labels("categories")["other"])


def categories() -> list[tuple[str, str]]:
    """(key, label) for every category, in the model's order."""
    return [(key, category_label(key)) for key in CATEGORIES]


def cadences() -> list[tuple[int, str]]:
    """(days, label) for each review rhythm a couple can pick."""
    days = resource_toml("agreements.toml")["cadences"]
    return [(int(days[key]), text("agreements_cadences", key)) for key in days]


def field_label(field: str, names: dict[int, str]) -> str:
    if field.startswith("why_"):
        return text("agreements_fields", "why", name=names[int(field[-1])])
    return text("agreements_fields", field)
