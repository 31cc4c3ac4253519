"""The house type: fonts that can draw every letter given, and the paragraph styles.

One base size for every document (10.5 pt on 15.5), a smaller one for details and
boxes, bold green headings. A document adds its own few styles on top of these with
:meth:`HouseStyle.add`; it never redefines the house ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from exports.fonts import body_fonts
from exports.house_style.page import Page
from exports.house_style.palette import ACCENT, INK, MUTED, colour


class HouseStyle:
    """The fonts, paragraph styles and measures of one document.

    Build it with :meth:`for_text`, from every string the document may draw, so the
    fonts chosen can draw all of them (a name in Cyrillic switches the whole document
    to a font that has it). Styles are reportlab ``ParagraphStyle`` objects by name.
    """

    def __init__(self, page: Page, regular: str, bold: str) -> None:
        self.page = page
        self.regular = regular
        self.bold = bold
        self.styles: dict[str, Any] = make_styles(regular, bold)
        self.width = page.text_width  # of the text column
        self.page_height = page.text_height  # of the text frame

    @classmethod
    def for_text(cls, page: Page, texts: Iterable[str]) -> HouseStyle:
        """A style whose fonts can draw every letter of ``texts``."""
        regular, bold = body_fonts(texts)
        return cls(page, regular, bold)

    def add(self, name: str, parent: str = "base", **settings: Any) -> None:
        """A document's own style, built on a house one (``parent``)."""
        from reportlab.lib.styles import ParagraphStyle

        if name in self.styles:
            raise ValueError(f"{name!r} is a house style already")
        self.styles[name] = ParagraphStyle(name, self.styles[parent], **coloured(settings))


def coloured(settings: dict[str, Any]) -> dict[str, Any]:
    """``settings`` with each colour given as a hex string made a reportlab colour once,
    so no paragraph turns it into one again each time it is drawn."""
    return {key: colour(value) if key.endswith("Color") and isinstance(value, str) else value
            for key, value in settings.items()}


def make_styles(regular: str, bold: str) -> dict[str, Any]:
    """Every house paragraph style, in the given (registered) fonts."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm

    base = ParagraphStyle("base", fontName=regular, fontSize=10.5, leading=15.5,
                          textColor=colour(INK))
    small = ParagraphStyle("small", base, fontSize=9.5, leading=13.5)

    def style(name: str, parent: ParagraphStyle = base, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent, **coloured(kw))

    return {
        "base": base,
        "small": small,
        # The cover: a small brand line, the title, who or what it is for.
        "brand": style("brand", fontName=bold, fontSize=9, leading=12, textColor=ACCENT,
                       spaceAfter=5),
        "title": style("title", fontName=bold, fontSize=24, leading=29),
        "subtitle": style("subtitle", fontSize=14, leading=19, textColor=MUTED, spaceBefore=2,
                          spaceAfter=6 * mm),
        "label": style("label", textColor=MUTED),
        "value": style("value"),
        "note": style("note", leading=16.5, spaceAfter=1 * mm),
        # Headings keep with what follows, so none is left alone at the foot of a page.
        "h1": style("h1", fontName=bold, fontSize=15, leading=19, textColor=ACCENT,
                    spaceBefore=5 * mm, spaceAfter=1.5, keepWithNext=1),
        "h2": style("h2", fontName=bold, fontSize=11.5, leading=15, textColor=ACCENT,
                    spaceBefore=5 * mm, spaceAfter=2, keepWithNext=1),
        "subheading": style("subheading", fontSize=11, leading=15, textColor=MUTED,
                            spaceBefore=2, spaceAfter=3),
        "section_note": style("section_note", small, textColor=MUTED, spaceBefore=2,
                              spaceAfter=4),
        "body": style("body"),
        "field_label": style("field_label", fontName=bold, fontSize=9, leading=12,
                             textColor=MUTED, spaceBefore=6, spaceAfter=1, keepWithNext=1),
        "status": style("status", fontName=bold, fontSize=9, leading=12, spaceBefore=1,
                        spaceAfter=2, keepWithNext=1),
        "meta_label": style("meta_label", small, textColor=MUTED),
        "meta_value": style("meta_value", small),
        # Inside a box.
        "box_heading": style("box_heading", small, fontName=bold),
        "box_text": style("box_text", small),
        "box_label": style("box_label", small, textColor=MUTED),
        "box_label_gap": style("box_label_gap", small, textColor=MUTED, spaceBefore=5),
        "box_name": style("box_name", small, fontName=bold),
        "continued": style("continued", small, textColor=MUTED, spaceAfter=2),
    }
