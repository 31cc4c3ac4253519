"""Words taken out and words added between two versions of a text, marked in HTML.

Any workbook that keeps versions shows them this way (an agreement's history, the
narrative's shared pieces and joint story), so it lives outside every workbook: a
workbook never imports another."""

from __future__ import annotations

import difflib
import re
from html import escape

# Soft, readable marks with their own text colour, so they also work on a dark palette.
TAKEN_OUT = "background-color:#f5dcc6; color:#2b2b2b; text-decoration:line-through;"
ADDED = "background-color:#d6ead0; color:#2b2b2b;"
_TOKENS = re.compile(r"\S+|\s+")


def word_diff(old: str, new: str) -> tuple[str, str]:
    """HTML for both texts, with words taken out marked on the left, added on the right."""
    old_tokens, new_tokens = _TOKENS.findall(old), _TOKENS.findall(new)
    old_words = [t for t in old_tokens if not t.isspace()]
    new_words = [t for t in new_tokens if not t.isspace()]
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    taken_out: set[int] = set()
    added: set[int] = set()
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            taken_out.update(range(i1, i2))
            added.update(range(j1, j2))
    return _marked(old_tokens, taken_out, TAKEN_OUT), _marked(new_tokens, added, ADDED)


def _marked(tokens: list[str], changed: set[int], style: str) -> str:
    out, index = [], 0
    for token in tokens:
        if token.isspace():
            out.append(escape(token).replace("\n", "<br>"))
            continue
        word = escape(token)
        out.append(f'<span style="{style}">{word}</span>' if index in changed else word)
        index += 1
    return "".join(out)
