"""Text as typed, made safe to lay out, and dates as a couple reads them."""

from __future__ import annotations

import datetime
import unicodedata

# C0 controls (but tab and newline) and DEL would upset the Paragraph parser.
_CONTROLS = dict.fromkeys([*range(0, 9), *range(11, 32), 127])


def clean(text: str) -> str:
    """Text as typed, made safe to lay out: one kind of line break, no control codes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROLS)
    return unicodedata.normalize("NFC", text).strip()


def markup(text: str) -> str:
    """Plain text as Paragraph markup: escaped (so "<b>" prints as typed), breaks kept."""
    return _escape(clean(text)).replace("\n", "<br/>")


def _escape(text: str) -> str:
    # As xml.sax.saxutils.escape, whose import pulls in urllib and http (25 ms).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def local_day(moment: datetime.datetime) -> datetime.date:
    """The local calendar day of a stored (UTC) moment."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone().date()
