"""Search as you type across an opened journal, in memory only (never on disk).

Each entry's title, words, own feeling words and feeling and tag keys are folded once
(lower case, accents dropped) into one string. A query's words are looked for with the
string's own fast search, entry by entry: a word most entries hold is found near the
start of each, a rare one costs one pass over the text, so 10,000 entries of a few
thousand characters take a few milliseconds per word. A query that only adds to the one
before (typing on) looks only among what that one found, and only for the new words.
The index goes with the object: let it go (or :meth:`SearchIndex.clear`) when the
journal closes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from models.journal.views import Entry

_FIELD = "\x1f"  # between an entry's fields: no word of a query holds it
_CONTROL = re.compile(r"[\x00-\x1f]")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


class _Folding(dict[int, str]):
    """Each non-ASCII character folded, worked out the first time it is met: single
    characters only, never a run of someone's words."""

    def __missing__(self, code: int) -> str:
        folded = "".join(char for char in unicodedata.normalize("NFKD", chr(code))
                         if not unicodedata.combining(char))
        self[code] = folded
        return folded


_FOLDING = _Folding()


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_FOLDING)


def fold(text: str) -> str:
    """``text`` lower-cased with its accents removed (NFKD, combining marks dropped)."""
    # Decomposing works character by character, so only the runs of non-ASCII
    # characters are looked at, each character through a table made as they come.
    if not text.isascii():
        text = _NOT_ASCII.sub(_fold_run, text)
    return text.lower()


def searchable(entry: Entry) -> str:
    """The folded text a query is looked for in, one entry's fields apart."""
    # No query word holds a control character (words_of drops them), so the separators
    # keep a word from being found across two fields or two entries.
    return fold(_FIELD.join((entry.title, entry.body, *entry.own_feelings, *entry.feelings,
                             *entry.tags)))


def words_of(query: str) -> tuple[str, ...]:
    """The folded words of a query, each once, longest first (the rarest, usually)."""
    words = dict.fromkeys(fold(_CONTROL.sub(" ", query)).split())
    return tuple(sorted(words, key=len, reverse=True))


class SearchIndex:
    """The folded text of every entry of one opened journal, by uuid."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self._texts: dict[str, str] = {entry.uuid: searchable(entry) for entry in entries}
        self._last: tuple[tuple[str, ...], list[tuple[str, str]]] | None = None

    def __len__(self) -> int:
        return len(self._texts)

    def update(self, entry: Entry) -> None:
        """A new or rewritten entry."""
        self._texts[entry.uuid] = searchable(entry)
        self._last = None

    def remove(self, uuid: str) -> None:
        """An entry deleted (or no longer shown); unknown uuids are ignored."""
        if self._texts.pop(uuid, None) is not None:
            self._last = None

    def clear(self) -> None:
        """Forget every text (the journal closed)."""
        self._texts.clear()
        self._last = None

    def find(self, query: str) -> set[str]:
        """The uuids of entries that hold every word of ``query`` (folded as the texts
        are); every entry for a query with no words."""
        words = words_of(query)
        if not words:
            return set(self._texts)
        candidates: list[tuple[str, str]] | None = None
        todo = words
        if self._last is not None:
            before, found = self._last
            # Each word of the last query inside a word of this one: every match is
            # among the last matches, which already hold the words that did not change.
            if all(any(old in new for new in words) for old in before):
                candidates, todo = found, tuple(w for w in words if w not in before)
        if candidates is None:
            candidates = list(self._texts.items())
        for word in todo:
            candidates = [pair for pair in candidates if word in pair[1]]
        self._last = (words, candidates)
        return {uuid for uuid, _ in candidates}
