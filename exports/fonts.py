"""Fonts for exported documents: embedded, and able to draw the names people choose.

reportlab ships Bitstream Vera, which covers Latin-1 and much of Latin Extended, so
it is the first choice and most documents look the same on every computer. A name
with letters Vera lacks (Cyrillic, Greek, some Central European letters) switches
the document to a common system font that has them. Fonts are found and
registered on first use only, so importing this module loads no reportlab.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import cache
from pathlib import Path

# Built into every PDF viewer; used only when no monospace TrueType face is found.
MONOSPACE_FALLBACK = "Courier-Bold"

# (family, regular file, bold file). Vera ships inside reportlab, so it is always
# there and covers Latin-1 and much of Latin Extended; the others are common system
# fonts with wider coverage, used only when a name needs a letter Vera lacks.
_BODY_FAMILIES = (
    ("Vera", "Vera.ttf", "VeraBd.ttf"),
    ("DejaVuSans", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("NotoSans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("Arial", "arial.ttf", "arialbd.ttf"),
    ("ArialMac", "Arial.ttf", "Arial Bold.ttf"),
)
# A bold monospace face to embed (for a recovery key), so it prints the same in every
# viewer; without one, the built-in Courier-Bold, drawn by the viewer's own Courier.
_MONOSPACE_FONTS = (
    ("DejaVuSansMono-Bold", "DejaVuSansMono-Bold.ttf"),
    ("NotoSansMono-Bold", "NotoSansMono-Bold.ttf"),
    ("Consolas-Bold", "consolab.ttf"),
    ("CourierNew-Bold", "courbd.ttf"),
    ("CourierNewMac-Bold", "Courier New Bold.ttf"),
)
_FONT_FOLDERS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/noto",
    "/System/Library/Fonts/Supplemental",
    "/Library/Fonts",
    "C:/Windows/Fonts",
)
_FONT_LOCK = threading.Lock()


def body_fonts(texts: Iterable[str]) -> tuple[str, str]:
    """Register and return (regular, bold) font names that can draw every letter given.

    Prefers reportlab's own Vera, so most documents look the same on every computer.
    With no font that has every letter, the one missing the fewest is used.
    """
    needed = {ord(ch) for text in texts for ch in text if not ch.isspace()}
    best: tuple[str, str] = ("Helvetica", "Helvetica-Bold")  # Latin-1, never missing
    best_missing = len(needed) + 1
    with _FONT_LOCK:
        for family, regular_file, bold_file in _BODY_FAMILIES:
            regular = _load_font(f"Trellis-{family}", regular_file)
            bold = _load_font(f"Trellis-{family}-Bold", bold_file)
            if regular is None or bold is None:
                continue
            missing = len(needed - (regular[1] & bold[1]))
            if missing < best_missing:
                best, best_missing = (regular[0], bold[0]), missing
            if missing == 0:
                break
    return best


def monospace_bold_font() -> str:
    """Register and return a bold monospace font name, for keys and codes (ASCII)."""
    with _FONT_LOCK:
        for name, filename in _MONOSPACE_FONTS:
            font = _load_font(f"Trellis-{name}", filename)
            if font is not None:
                return font[0]
    return MONOSPACE_FALLBACK


@cache
def _load_font(name: str, filename: str) -> tuple[str, frozenset[int]] | None:
    """Find, load and register one TrueType font; ``None`` when it is not here."""
    import reportlab
    from reportlab import rl_config
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folders = [Path(reportlab.__file__).parent / "fonts"]
    folders += [Path(p) for p in (*rl_config.TTFSearchPath, *_FONT_FOLDERS)]
    for folder in folders:
        path = folder / filename
        if not path.is_file():
            continue
        try:
            font = TTFont(name, str(path))
        except Exception:  # an unreadable or unusual font file: look further
            continue
        pdfmetrics.registerFont(font)
        return name, frozenset(font.face.charToGlyph)
    return None
