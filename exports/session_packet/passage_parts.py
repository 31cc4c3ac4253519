"""The packet's part "Brought from our journals": the passages either partner shared on
purpose from their journal or coping plan to bring to the session.

They are shared already (sealed with the workbook key, read by both partners in
Trellis), so this part needs no password and is ticked by default whenever there are
any; withdrawn passages are never among them (:func:`models.journal.load_passages`),
and no journal key is used: nothing private is read. Each passage says whose journal it
came from and the day it was shared, then its words, in the order they were shared.
Its words are in ``resources/exports_shared_passages.toml``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from exports.house_style import Composer, HouseStyle, clean
from exports.house_style.palette import ACCENT
from exports.session_packet.sections import PacketRequest, PacketSection
from exports.words import DateWords, every_string, load_words
from models.errors import TrellisError
from models.journal import load_passages
from models.session import Keyring

if TYPE_CHECKING:
    from reportlab.platypus import Flowable

FILE = "exports_shared_passages.toml"
DESTINATION = "session"


@dataclass(frozen=True)
class PassageWords:
    """Every word of ``exports_shared_passages.toml``."""

    intro: str
    from_journal: str
    from_coping_plan: str
    partner_fallback: str
    date: DateWords


@cache
def passage_words() -> PassageWords:
    """Load (once) and check the part's words; raises ``WordsError`` naming a key."""
    return load_words(PassageWords, FILE)


@dataclass(frozen=True)
class BroughtPassage:
    """One passage as printed: who shared it and from where, when, and its words."""

    author: str  # the name as printed
    source: str  # "journal" or "coping_plan"
    shared_on: datetime.date  # local
    text: str


@dataclass(frozen=True)
class BroughtPassages:
    """The session list, oldest first: plain data, opened already."""

    passages: tuple[BroughtPassage, ...]


def gather_passages(request: PacketRequest) -> BroughtPassages | None:
    """The passages shared for the session, opened with the workbook key; None when
    there are none (the part is then left out)."""
    found, _damaged = load_passages(request.keys, DESTINATION)
    if not found:
        return None
    fallback = passage_words().partner_fallback
    names = {p: clean(request.names.get(p, "")) or fallback.format(number=p) for p in (1, 2)}
    return BroughtPassages(tuple(
        BroughtPassage(names.get(p.author, fallback.format(number=p.author)), p.source,
                       p.shared_at.astimezone().date(), p.text) for p in found))


def _offered(keys: Keyring, together: bool) -> bool:
    """In every session, once either partner has shared a passage for the session."""
    try:
        return bool(load_passages(keys, DESTINATION)[0])
    except TrellisError:  # unreadable: not offered; Home says a passage did not open
        return False


def _from(passage: BroughtPassage, words: PassageWords) -> str:
    line = words.from_coping_plan if passage.source == "coping_plan" else words.from_journal
    return line.format(name=passage.author, date=words.date.write(passage.shared_on))


def passage_flowables(data: BroughtPassages, style: HouseStyle) -> list[Flowable]:
    """The part's pages: a line on their order, then each passage, a rule between."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    words = passage_words()
    if "passage_from" not in style.styles:
        style.add("passage_from", "small", fontName=style.bold, textColor=ACCENT,
                  spaceBefore=2, keepWithNext=1)
    compose = Composer(style)
    flow: list[Flowable] = [compose.para(words.intro, "section_note"), Spacer(1, 3 * mm)]
    for number, passage in enumerate(data.passages):
        block: list[Flowable] = [] if number == 0 else [compose.divider()]
        block.append(compose.para(_from(passage, words), "passage_from"))
        block += compose.paras(passage.text, "body")
        flow += compose.keep(block)
    return flow


def passage_strings(data: BroughtPassages) -> list[str]:
    """Every string the part may draw, so the packet's fonts draw all of it."""
    words = passage_words()
    found = list(every_string(words))
    for passage in data.passages:
        found += [passage.author, passage.text, _from(passage, words)]
    return found


PASSAGES = PacketSection(
    key="passages", title_key="passages", gather=gather_passages,
    flowables=passage_flowables, drawn_text=passage_strings, available=_offered,
)
