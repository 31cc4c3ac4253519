"""Step 4's moments on screen, held once: a Qt list model with one row per moment
(:class:`ui.widgets.rows.RowsModel`), newest written first. A save replaces its row only
(one ``dataChanged``), a new moment is inserted at the top (``rowsInserted``) and a
deleted one removed (``rowsRemoved``); only the first filling (and letting go on
closing) resets the model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import QObject

from models.narrative import Draft
from ui.dates import day
from ui.widgets.rows import RowsModel
from ui.workbooks.narrative.words import step_words


def _words(key: str, **values: object) -> str:
    return step_words("exceptions", key, **values)


def happened_on(value: str) -> dt.date | None:
    """The ISO date a moment is dated with, or None (blank or not a date)."""
    try:
        return dt.date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        return None


def row_words(draft: Draft) -> str:
    """A moment as its row says it: its date (or "No date") and its first line."""
    when = happened_on(draft.fields.get("happened_on", ""))
    first = next((line.strip() for line in draft.fields.get("what", "").splitlines()
                  if line.strip()), "")
    return _words("row_spoken", date=day(when) if when else _words("undated"),
                  what=first or _words("untitled"))


class MomentsModel(RowsModel[Draft]):
    """One owner's moments, newest written first, one row each."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(row_words, parent)

    def fill(self, records: Iterable[Draft]) -> None:
        """The first filling (the page opening); later changes go row by row."""
        super().fill(sorted(records, key=lambda d: d.written_at, reverse=True))

    def draft_at(self, row: int) -> Draft | None:
        return self.at(row)
