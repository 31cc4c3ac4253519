"""Trellis's one look for every PDF: page, type, colours, boxes and the building blocks.

Every document (the recovery sheet, the agreements, and the workbooks to come) is laid
out with these, so they read as one family and a workbook's export holds only what is
particular to it:

- :mod:`~exports.house_style.page`: paper and margins, and the footer on every page
  (the confidential line, "Page N of M");
- :mod:`~exports.house_style.palette`: warm ink on white, a muted green accent, soft
  boxes, quiet tones for a state (never an alarm red);
- :mod:`~exports.house_style.styles`: :class:`HouseStyle`, the fonts chosen to draw
  every letter given (:mod:`exports.fonts`) and the paragraph styles in them;
- :mod:`~exports.house_style.composer`: :class:`Composer`, the blocks (escaped
  paragraphs, label tables, the cover's details, a boxed note in a tone, a "continued"
  line shown only at the top of a page, blocks kept on one page when short);
- :mod:`~exports.house_style.document`: :func:`build_document`, a cover and sections
  that each begin on a new page (the cover can list on which, laid out once), with
  progress.

reportlab is imported inside the functions, so importing this package loads none of it.
"""

from exports.house_style.composer import Composer
from exports.house_style.document import Section, SectionStart, build_document
from exports.house_style.page import Footer, Page, PaperSize
from exports.house_style.styles import HouseStyle
from exports.house_style.text import clean, local_day, markup

__all__ = [
    "Composer",
    "Footer",
    "HouseStyle",
    "Page",
    "PaperSize",
    "Section",
    "SectionStart",
    "build_document",
    "clean",
    "local_day",
    "markup",
]
