"""What every workbook's own PDF shares (#8): the whole document drawn from its layout's
cover and sections with the house footer (:func:`draw_workbook`), the partners' names
as printed (:func:`partner_names`), and the cover of a PDF of what the partners shared
(:func:`shared_cover`: the narrative, the needs map). reportlab is imported inside the
functions."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, BinaryIO, Protocol

from exports.house_style.composer import Composer
from exports.house_style.document import Progress, Section, build_document
from exports.house_style.page import Footer
from exports.house_style.styles import HouseStyle
from exports.house_style.text import clean
from exports.words import SharedDocumentWords

if TYPE_CHECKING:
    from reportlab.platypus import Flowable


class DocumentShell(Protocol):
    """The words every PDF's ``[document]`` table has for its page shell."""

    @property
    def metadata_title(self) -> str: ...  # stored in the PDF's properties; never a name

    @property
    def footer(self) -> str: ...

    @property
    def page(self) -> str: ...


class WorkbookLayout(Protocol):
    """A workbook's layout: its cover, then its sections, each from a new page."""

    def cover(self) -> list[Flowable]: ...

    def sections(self) -> list[Section]: ...


def draw_workbook(stream: BinaryIO, style: HouseStyle, document: DocumentShell,
                  layout: WorkbookLayout, progress: Progress | None) -> None:
    """Draw ``layout``'s cover and sections into ``stream`` with the house footer."""
    build_document(stream, style, Footer(document.footer, document.page),
                   title=document.metadata_title, cover=layout.cover(),
                   sections=layout.sections(), progress=progress)


def partner_names(names: Mapping[int, str], fallback: str) -> dict[int, str]:
    """Partner 1 and 2 as printed: the names (or initials) chosen, or ``fallback``
    ("Partner {number}") for a name left empty."""
    return {p: clean(names.get(p, "")) or fallback.format(number=p) for p in (1, 2)}


def shared_cover(composer: Composer, words: SharedDocumentWords, names: dict[int, str], *,
                 prepared_on: str, session_on: str | None, unreadable: int, empty: bool,
                 contents: Callable[[], list[Flowable]],
                 notes: Sequence[Flowable] = ()) -> list[Flowable]:
    """The cover's flowables. ``prepared_on`` and ``session_on`` are written already
    (``None``: no session date); ``notes`` follow the note that only shared things are
    in it (the narrative's roles); ``contents`` is called only when something was
    shared."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    details = [(words.label_prepared, prepared_on)]
    if session_on is not None:
        details.append((words.label_session, session_on))
    prepared_by = words.prepared_by.format(name1=names[1], name2=names[2])
    flow: list[Flowable] = [
        *composer.cover_heading(words.brand, words.title, prepared_by, details),
        Spacer(1, 6 * mm),
        composer.para(words.note, "note"),
        composer.para(words.only_shared, "note"),
        *notes,
    ]
    if unreadable:
        flow.append(composer.para(words.unreadable(unreadable), "note"))
    if empty:
        calm = composer.box([composer.para(words.empty, "note")])
        calm.spaceBefore = 6 * mm
        return [*flow, calm]
    return [*flow, *contents()]
