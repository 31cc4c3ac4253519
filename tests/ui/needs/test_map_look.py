"""The map's shades (#12): calm neutral greys, deeper as a need matters more, readable
text on each in the light and the dark palette, and a dark palette restyles the items
already on the map (none made anew)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor

from tests.ui.needs.map_helpers import Source, context, small_map
from ui import theme
from ui.workbooks.needs.map_cards import DARK, LIGHT, Look
from ui.workbooks.needs.map_view import MapPage


def luminance(colour: str) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    c = QColor(colour)
    r, g, b = (channel(v) for v in (c.redF(), c.greenF(), c.blueF()))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("look", [LIGHT, DARK], ids=["light", "dark"])
def test_text_reads_on_every_shade_and_the_shades_are_neutral(look: Look) -> None:
    for fill in (*look.shades, look.card):
        assert contrast(look.text, fill) >= 7.0, fill  # WCAG AAA for text
        assert QColor(fill).hsvSaturationF() < 0.12, fill  # grey: no hue carries meaning
    lightness = [QColor(fill).lightnessF() for fill in look.shades]
    dark = look is DARK
    assert lightness == sorted(lightness, reverse=not dark)  # deeper as it matters more
    assert contrast(look.shades[0], look.shades[2]) >= 1.4  # told apart (and said in words)
    # the focus ring and the edges stand out from the map's background (WCAG 1.4.11)
    ground = look.card
    assert contrast(look.focus, ground) >= 3.0
    assert contrast(look.strong_edge, ground) >= 3.0
    assert contrast(look.line, ground) >= 3.0


def test_the_looks_follow_the_theme() -> None:
    assert LIGHT.text == theme.LIGHT.text and DARK.text == theme.DARK.text
    assert LIGHT.focus == theme.LIGHT.focus and DARK.focus == theme.DARK.focus


def test_a_dark_palette_restyles_the_items_on_the_map(qtbot, qapp, plain_look_afterwards) -> None:
    theme.apply_theme(qapp, "light", "normal")
    page = MapPage(context(), None, loader=Source(small_map()))
    qtbot.addWidget(page)
    card = page.scene.card("need", "n1")
    card.shown_text()  # its words made, as when it comes into view
    assert card.brush().color().name() == LIGHT.shades[2]
    theme.apply_theme(qapp, "dark", "normal")
    qtbot.waitUntil(lambda: page.scene.look is DARK)
    assert page.scene.card("need", "n1") is card
    assert card.brush().color().name() == DARK.shades[2]
    assert card.texts[0].brush().color().name() == DARK.text
