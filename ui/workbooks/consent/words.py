"""The consent check-in's own labels: the four answers and the items a new list starts
with (the ``[consent]`` table of ``resources/agreements.toml``), and the headings of the
shared page."""

from __future__ import annotations

from models.consent import Outcome
from ui.texts import resource_toml, text

GROUP_KEYS: dict[Outcome, str] = {"yes": "group_yes", "talk": "group_talk",
                                  "respected": "group_respected"}


def answer_label(answer: str) -> str:
    return str(resource_toml("agreements.toml")["consent"]["labels"][answer])


def answers() -> list[str]:
    return list(resource_toml("agreements.toml")["consent"]["answers"])


def starter_items() -> list[str]:
    return list(resource_toml("agreements.toml")["consent"]["starter"]["items"])


def group_label(outcome: Outcome) -> str:
    """The heading an outcome is shown under on the shared page ("Both open to", …)."""
    return text("consent_checkin", GROUP_KEYS[outcome])
