"""Font choice for exports: reportlab's own Vera first, wider system fonts when needed."""

from __future__ import annotations

import pytest

from exports import fonts
from exports.recovery_sheet import recovery_texts
from exports.words import every_string


def test_latin_names_use_the_font_bundled_with_reportlab() -> None:
    assert fonts.body_fonts(["Zoë", "José", "Françoise Łukasz"]) == (
        "Trellis-Vera",
        "Trellis-Vera-Bold",
    )


def test_every_letter_of_the_sheet_wording_is_in_the_bundled_font() -> None:
    texts = recovery_texts()
    words = list(every_string(texts))
    assert texts.sheet.key_caption in words and "November" in words
    assert fonts.body_fonts(words)[0] == "Trellis-Vera"


def test_a_name_vera_cannot_draw_moves_to_a_wider_font_when_one_is_installed() -> None:
    name = "Győző Женя"
    chosen = fonts.body_fonts([name])
    if chosen[0] == "Trellis-Vera":
        pytest.skip("no wider system font (DejaVu, Noto, Arial) on this computer")
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(chosen[0]).face
    assert all(ord(ch) in face.charToGlyph for ch in name if not ch.isspace())


def test_a_monospace_face_is_always_available() -> None:
    name = fonts.monospace_bold_font()
    from reportlab.pdfbase import pdfmetrics

    assert pdfmetrics.getFont(name).stringWidth("W", 10) == pdfmetrics.getFont(name).stringWidth(
        "1", 10
    )
