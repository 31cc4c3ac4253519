"""Dates as people write them, the same on every screen: 3 May 2026."""

from __future__ import annotations

import datetime as dt


def day(moment: dt.date | dt.datetime | None) -> str:
    """A date as people write it: 3 May 2026 (local time for moments)."""
    if moment is None:
        return ""
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        moment = moment.astimezone()
    return f"{moment.day} {moment:%B %Y}"
