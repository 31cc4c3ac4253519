"""The house colours: warm ink on white, a muted green accent, soft boxes.

A state is shown in a quiet tone: a paused agreement is a warm brown, never an alarm
red. Documents name a tone for what they show; the colour lives here.
"""

from __future__ import annotations

from functools import cache
from typing import Any, Literal

INK = "#2E2E2C"
MUTED = "#6F6C66"
ACCENT = "#4E6B57"
ACCENT_SOFT = "#A9BBAE"
RULE = "#DDD8CC"
BOX_FILL = "#F6F4EF"
BOX_LINE = "#CBC4B4"
PAUSE_FILL = "#FAF4E8"
PAUSE_LINE = "#E2CFA8"
PAPER = "#FFFFFF"  # white, as the page: an open end, a plain card, a letter on a mark

Tone = Literal["settled", "reviewing", "waiting", "paused", "quiet"]
TONES: dict[Tone, str] = {
    "settled": ACCENT,  # agreed, in force
    "reviewing": "#566B86",
    "waiting": "#7A6A4F",  # waiting for someone
    "paused": "#93653A",  # paused for a conversation: warm, never alarming
    "quiet": MUTED,
}
# A box's (fill, line): "plain" for notes and reviews, "paused" for a pause.
BOXES: dict[str, tuple[str, str]] = {
    "plain": (BOX_FILL, BOX_LINE),
    "paused": (PAUSE_FILL, PAUSE_LINE),
}


@cache
def colour(value: str) -> Any:
    """A colour above as reportlab's ``Color``, made once.

    reportlab turns a hex string into a colour each time it draws with one, and tries
    colour names and expressions before hex; a document of a few hundred pages spent
    a tenth of its time there.
    """
    from reportlab.lib.colors import HexColor

    return HexColor(value)
