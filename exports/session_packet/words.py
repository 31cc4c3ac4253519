"""The packet's words, as typed tables of ``resources/exports_session_packet.toml``.

:func:`packet_words` fills them with :func:`exports.words.load_words`, which reports a
missing or left-over key by name, and then checks the ``[sections]`` tables against the
registry: every registered part needs a title and a description, and a title for a
part nobody registered is a left-over (often a misspelt key).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from exports.session_packet.registry import SECTIONS
from exports.words import DateWords, WordsError, load_words

FILE = "exports_session_packet.toml"


@dataclass(frozen=True)
class DocumentWords:
    metadata_title: str  # stored in the PDF's properties; never a name
    brand: str
    title: str
    prepared_by: str
    prepared_by_one: str
    partner_fallback: str
    label_prepared: str
    label_session: str
    intro: str
    footer: str
    page: str


@dataclass(frozen=True)
class CoverWords:
    note_heading: str
    note_heading_one: str
    contents_heading: str
    contents_page: str
    contents_none: str


@dataclass(frozen=True)
class PartWords:
    label: str


@dataclass(frozen=True)
class SectionWords:
    """Each registered part's words, by its ``title_key``."""

    titles: Mapping[str, str]
    descriptions: Mapping[str, str]
    unavailable: Mapping[str, str]  # only for parts a session may not offer


@dataclass(frozen=True)
class PacketWords:
    """Every word of ``exports_session_packet.toml``, one field per table."""

    document: DocumentWords
    cover: CoverWords
    part: PartWords
    sections: SectionWords
    date: DateWords

    def title(self, title_key: str, name: str = "") -> str:
        """A part's title; ``name`` fills in whose it is, for a partner's own part."""
        return self.sections.titles[title_key].format(name=name)

    def description(self, title_key: str, name: str = "") -> str:
        return self.sections.descriptions[title_key].format(name=name)

    def unavailable(self, title_key: str) -> str:
        """Why a part is not offered in this session ("" when it has no such line)."""
        return self.sections.unavailable.get(title_key, "")


@cache
def packet_words() -> PacketWords:
    """Load (once) and check the packet's words; raises
    :class:`~exports.words.WordsError` naming a missing or left-over key."""
    words = load_words(PacketWords, FILE)
    known = {entry.title_key for entry in SECTIONS}
    for table in ("titles", "descriptions"):
        found = getattr(words.sections, table)
        for key in sorted(known - set(found)):
            raise WordsError(FILE, f"sections.{table}.{key}", "is missing")
    for table in ("titles", "descriptions", "unavailable"):
        for key in getattr(words.sections, table):
            if key not in known:
                raise WordsError(FILE, f"sections.{table}.{key}",
                                 "is not a registered part (misspelt, or left over?)")
    return words
