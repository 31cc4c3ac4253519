"""Search as you type across an opened journal, in memory only (never on disk).

Each entry's title, words, own feeling words and feeling and tag keys are folded once
(lower case, accents dropped) and kept in one long string with a separator between
entries, so a word is found with the string's own fast search, jumping to the next
entry after each hit: 10,000 entries of a few thousand characters take milliseconds.
A query that only extends the one before (typing on) looks only among what that one
found. The index goes with the object: let it go when the journal closes.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable

from models.journal.views import Entry

_FIELD = "\x1f"  # between an entry's fields: no word of a query holds it
_ENTRY = "\x1e"  # between entries
_CONTROL = re.compile(r"[\x00-\x1f]")
_MARKS: re.Pattern[str] | None = None
# A narrowed search reads candidates one by one while they are fewer than this share of
# the journal; past it, one pass over the long string is faster.
_NARROW_SHARE = 0.2


def _marks() -> re.Pattern[str]:
    """Every combining mark (made once, on first use, in a few milliseconds: every
    character Unicode gives a combining class lies between U+0300 and U+1EFFF)."""
    global _MARKS
    if _MARKS is None:
        marks = "".join(chr(code) for code in range(0x300, 0x1F000)
                        if unicodedata.combining(chr(code)))
        _MARKS = re.compile(f"[{re.escape(marks)}]")
    return _MARKS


def fold(text: str) -> str:
    """``text`` lower-cased with its accents removed (NFKD, combining marks dropped)."""
    if text.isascii():
        return text.lower()
    return _marks().sub("", unicodedata.normalize("NFKD", text)).lower()


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
        self._joined: str | None = None
        self._uuids: list[str] = []
        self._starts: list[int] = []
        self._last: tuple[tuple[str, ...], set[str]] | None = None

    def __len__(self) -> int:
        return len(self._texts)

    def update(self, entry: Entry) -> None:
        """A new or rewritten entry."""
        self._texts[entry.uuid] = searchable(entry)
        self._changed()

    def remove(self, uuid: str) -> None:
        """An entry deleted (or no longer shown); unknown uuids are ignored."""
        if self._texts.pop(uuid, None) is not None:
            self._changed()

    def clear(self) -> None:
        """Forget every text (the journal closed)."""
        self._texts.clear()
        self._changed()

    def _changed(self) -> None:
        self._joined = None
        self._last = None

    def find(self, query: str) -> set[str]:
        """The uuids of entries that hold every word of ``query`` (folded as the texts
        are); every entry for a query with no words."""
        words = words_of(query)
        if not words:
            return set(self._texts)
        found = self._narrowed(words)
        if found is None:
            found = self._scan(words[0])
            found = self._keep(found, words[1:])
        self._last = (words, found)
        return set(found)

    def _narrowed(self, words: tuple[str, ...]) -> set[str] | None:
        """When each word of the last query is inside a word of this one, every match
        is among the last matches: look only there, while they are few."""
        if self._last is None:
            return None
        before, matches = self._last
        if not all(any(old in new for new in words) for old in before):
            return None
        if len(matches) > _NARROW_SHARE * len(self._texts):
            return self._keep(self._scan(words[0]) & matches, words[1:])
        return self._keep(matches, words)

    def _keep(self, candidates: set[str], words: Iterable[str]) -> set[str]:
        texts = self._texts
        kept = candidates
        for word in words:
            kept = {uuid for uuid in kept if word in texts[uuid]}
        return kept

    def _scan(self, word: str) -> set[str]:
        """Every entry holding ``word``: one pass over the long string."""
        joined = self._build()
        starts, uuids = self._starts, self._uuids
        found: set[str] = set()
        at = joined.find(word)
        while at != -1:
            index = bisect_right(starts, at) - 1
            found.add(uuids[index])
            following = index + 1
            if following == len(starts):
                break
            at = joined.find(word, starts[following])
        return found

    def _build(self) -> str:
        if self._joined is None:
            self._uuids = list(self._texts)
            self._starts = []
            position = 0
            for uuid in self._uuids:
                self._starts.append(position)
                position += len(self._texts[uuid]) + 1
            self._joined = _ENTRY.join(self._texts[uuid] for uuid in self._uuids)
        return self._joined
