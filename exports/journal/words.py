"""The journal exports' words, as typed tables of ``resources/exports_journal.toml``.

Each dataclass is one table of the file, each field one key: :func:`exports.words.load_words`
fills them and reports a missing or a left-over key by name. The tag and feeling labels
must name exactly the keys the journal stores (``models.journal.views``), so a new tag
without a printed label fails when the words are loaded, not half-way through an export.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from exports.words import DateWords
from models.journal.views import FEELINGS, TAGS


@dataclass(frozen=True)
class DocumentWords:
    metadata_title: str  # stored in the PDF's properties; never a name
    brand: str
    title: str
    whose: str
    partner_fallback: str
    label_written: str
    range_both: str
    range_since: str
    range_until: str
    range_all: str
    label_tags: str
    tags_all: str
    label_prepared: str
    label_entries: str
    one_entry: str
    many_entries: str
    note: str
    order_note: str
    just_for_me_left_out: str
    just_for_me_in: str
    no_entries: str
    footer: str
    page: str


@dataclass(frozen=True)
class EntryWords:
    written: str
    continued: str
    prompt: str
    label_feelings: str
    label_safety: str
    safety: str
    label_tags: str
    changed: str
    empty: str
    weekdays: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.weekdays) != 7:
            raise ValueError("needs seven weekdays, Monday first")


@dataclass(frozen=True)
class SessionWords:
    intro: str
    none: str


@dataclass(frozen=True)
class MarkdownWords:
    title: str
    written: str
    tags: str
    prepared: str
    warning: str
    prompt: str
    feelings: str
    safety: str
    tags_line: str


@dataclass(frozen=True)
class JournalWords:
    """Every word of ``exports_journal.toml``, one field per table."""

    document: DocumentWords
    entry: EntryWords
    session: SessionWords
    markdown: MarkdownWords
    date: DateWords
    # Printed in the file's order; the keys are what the journal stores.
    tags: Mapping[str, str] = field(metadata={"keys": TAGS})
    feelings: Mapping[str, str] = field(metadata={"keys": FEELINGS})
