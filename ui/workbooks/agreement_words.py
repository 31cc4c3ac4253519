"""Labels for the agreements and consent screens (from ``resources/agreements.toml``),
and two sizing helpers they share."""

from __future__ import annotations

import datetime as dt
from functools import cache

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QComboBox, QSplitter

from models.agreements import CATEGORIES
from ui.settings import splitter_state
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


def answer_label(answer: str) -> str:
    return str(resource_toml("agreements.toml")["consent"]["labels"][answer])


def answers() -> list[str]:
    return list(resource_toml("agreements.toml")["consent"]["answers"])


def starter_items() -> list[str]:
    return list(resource_toml("agreements.toml")["consent"]["starter"]["items"])


def cadences() -> list[tuple[int, str]]:
    """(days, label) for each review rhythm a couple can pick."""
    days = resource_toml("agreements.toml")["cadences"]
    return [(int(days[key]), text("agreements_cadences", key)) for key in days]


def day(moment: dt.date | dt.datetime | None) -> str:
    """A date as people write it: 3 May 2026 (local time for moments)."""
    if moment is None:
        return ""
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        moment = moment.astimezone()
    return f"{moment.day} {moment:%B %Y}"


def compact(combo: QComboBox, letters: int = 10) -> QComboBox:
    """Let a combo of long labels shrink with its pane instead of widening the window."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(letters)
    return combo


def keep_splitter(splitter: QSplitter) -> None:
    """Put the splitter's handle back where it was left, and remember where it goes
    (positions only, under the splitter's objectName)."""
    setting = splitter_state(splitter.objectName())
    saved = setting.get()
    if saved:
        splitter.restoreState(QByteArray.fromBase64(saved.encode("ascii")))
    splitter.splitterMoved.connect(
        lambda *_: setting.set(bytes(splitter.saveState().toBase64().data()).decode("ascii")))
