"""Search as you type across an opened journal, in memory only (never on disk).

Each entry's title, words, own feeling words and feeling and tag keys are folded once
(lower case, accents dropped) into one string. A query's words are looked for with the
string's own fast search, entry by entry: a word most entries hold is found near the
start of each, a rare one costs one pass over the text, so 10,000 entries of a few
thousand characters take a few milliseconds per word. A query that only adds to one
asked before (typing on) looks only among what that one found, and only for the new
words; the last few answers are kept, so erasing back to a query asked a moment ago
costs nothing. The index goes with the object: let it go (or :meth:`SearchIndex.clear`)
when the journal closes.
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from collections.abc import Collection, Iterable

from models.journal.views import Entry

_FIELD = "\x1f"  # between an entry's fields: no word of a query holds it
_CONTROL = re.compile(r"[\x00-\x1f]")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")
KEPT_ANSWERS = 24  # queries whose matches are kept (a word typed and erased again)


class _Folding(dict[int, str]):
    """Each non-ASCII character folded, worked out the first time it is met: single
    characters only, never a run of someone's words."""

    def __missing__(self, code: int) -> str:
        folded = "".join(char for char in unicodedata.normalize("NFKD", chr(code))
                         if not unicodedata.combining(char))
        self[code] = folded
        return folded


_FOLDING = _Folding()


def _latin1_tables() -> tuple[bytes, bytes]:
    """A byte table folding each Latin-1 character to the one character it folds and
    lower-cases to, and the bytes it can fold that way (all but four, such as ½)."""
    table, plain = bytearray(range(256)), bytearray()
    for code in range(256):
        folded = chr(code).lower() if code < 128 else _FOLDING[code].lower()
        if len(folded) == 1 and ord(folded) < 256:
            table[code] = ord(folded)
            plain.append(code)
    return bytes(table), bytes(plain)


_LATIN1_FOLD, _LATIN1_PLAIN = _latin1_tables()


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(_FOLDING)


def fold(text: str) -> str:
    """``text`` lower-cased with its accents removed (NFKD, combining marks dropped)."""
    if text.isascii():
        return text.lower()
    # Most words are Latin-1 (café, naïve): one pass through a byte table folds them,
    # character by character, as the slower way below would.
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        raw = b""
    if raw and not raw.translate(None, _LATIN1_PLAIN):
        return raw.translate(_LATIN1_FOLD).decode("latin-1")
    # Decomposing works character by character, so only the runs of non-ASCII
    # characters are looked at, each character through a table made as they come.
    return _NOT_ASCII.sub(_fold_run, text).lower()


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


def _narrows(before: tuple[str, ...], words: tuple[str, ...]) -> bool:
    """Every word of ``before`` lies inside a word of ``words``: whatever holds
    ``words`` holds ``before`` too."""
    return all(any(old in new for new in words) for old in before)


class SearchIndex:
    """The folded text of every entry of one opened journal, by uuid."""

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._texts: dict[str, str] = {entry.uuid: searchable(entry) for entry in entries}
        self._pairs: list[tuple[str, str]] | None = None  # (uuid, text), made when asked
        # The matches of the last queries, most recent last: (uuid, text) pairs.
        self._answers: OrderedDict[tuple[str, ...], list[tuple[str, str]]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._texts)

    def _changed(self) -> None:
        self._pairs = None
        self._answers.clear()

    def update(self, entry: Entry) -> None:
        """A new or rewritten entry."""
        self._texts[entry.uuid] = searchable(entry)
        self._changed()

    def take(self, other: SearchIndex, skip: Collection[str] = ()) -> None:
        """Add the texts of ``other`` (made elsewhere, on a worker), except those of
        ``skip``: entries this index knows better (saved or deleted since)."""
        if skip:
            self._texts.update((uuid, text) for uuid, text in other._texts.items()
                               if uuid not in skip)
        else:
            self._texts.update(other._texts)
        self._changed()

    def remove(self, uuid: str) -> None:
        """An entry deleted (or no longer shown); unknown uuids are ignored."""
        if self._texts.pop(uuid, None) is not None:
            self._changed()

    def clear(self) -> None:
        """Forget every text (the journal closed)."""
        self._texts.clear()
        self._changed()

    def holds(self, uuid: str, query: str) -> bool:
        """Whether the entry ``uuid`` holds every word of ``query`` (one entry only)."""
        text = self._texts.get(uuid)
        return text is not None and all(word in text for word in words_of(query))

    def find(self, query: str) -> set[str]:
        """The uuids of entries that hold every word of ``query`` (folded as the texts
        are); every entry for a query with no words."""
        words = words_of(query)
        if not words:
            return set(self._texts)
        return {uuid for uuid, _ in self._matches(words)}

    def _matches(self, words: tuple[str, ...]) -> list[tuple[str, str]]:
        answers = self._answers
        found = answers.get(words)
        if found is not None:
            answers.move_to_end(words)
            return found
        # The fewest matches of an earlier query this one narrows: every match is among
        # them, and they hold that query's words already.
        since: tuple[str, ...] = ()
        for before, matched in answers.items():
            if _narrows(before, words) and (found is None or len(matched) < len(found)):
                found, since = matched, before
        if found is None:
            if self._pairs is None:
                self._pairs = list(self._texts.items())
            found = self._pairs
        for word in words:
            if word not in since:
                found = [pair for pair in found if word in pair[1]]
        answers[words] = found
        if len(answers) > KEPT_ANSWERS:
            answers.popitem(last=False)
        return found
