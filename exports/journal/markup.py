"""The journal's light markup, read into blocks a document can lay out.

The same small markup the journal's reader draws (``ui/workbooks/journal/reader.py``):
a line starting with "#" is a heading ("##", "###" deeper), a line starting with "- "
or "* " is a list item, a blank line starts a new paragraph, and a line break inside a
paragraph is kept. A line starting with "1. " or "1) " is a numbered item, printed with
its own number as typed. Nothing else is markup: every other character prints as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from exports.house_style import clean

Kind = Literal["paragraph", "heading", "bullets", "numbers"]

_HEADING = re.compile(r"^(#+)[ \t]*(\S.*)$")
_BULLET = re.compile(r"^[-*•][ \t]+(\S.*)$")
_NUMBER = re.compile(r"^(\d{1,4})[.)][ \t]+(\S.*)$")


@dataclass(frozen=True)
class Block:
    """A paragraph (``lines`` of one paragraph), a heading (``level`` 1 to 3, one line)
    or a list (``lines`` one item each; ``start`` is a numbered list's first number)."""

    kind: Kind
    lines: tuple[str, ...]
    level: int = 0
    start: int = 1


def blocks(text: str) -> list[Block]:
    """The blocks of an entry's text, in order; empty text gives none."""
    found: list[Block] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_kind: Kind | None = None
    start = 1

    def close_paragraph() -> None:
        if paragraph:
            found.append(Block("paragraph", tuple(paragraph)))
            paragraph.clear()

    def close_list() -> None:
        nonlocal list_kind
        if items and list_kind is not None:
            found.append(Block(list_kind, tuple(items), start=start))
        items.clear()
        list_kind = None

    for raw in clean(text).split("\n"):
        line = raw.strip()
        heading, bullet, number = _HEADING.match(line), _BULLET.match(line), _NUMBER.match(line)
        if not line.strip():
            close_paragraph()
            close_list()
        elif heading:
            close_paragraph()
            close_list()
            found.append(Block("heading", (heading.group(2).strip(),),
                               level=min(3, len(heading.group(1)))))
        elif bullet is not None or number is not None:
            close_paragraph()
            kind: Kind = "bullets" if bullet is not None else "numbers"
            if kind != list_kind:
                close_list()
                list_kind = kind
                start = int(number.group(1)) if number is not None else 1
            item = bullet.group(1) if bullet is not None else number.group(2)  # type: ignore[union-attr]
            items.append(item.strip())
        else:
            close_list()
            paragraph.append(line)
    close_paragraph()
    close_list()
    return found


def demoted(text: str, levels: int) -> str:
    """``text`` with each heading ``levels`` deeper (at most "######"), for a file in
    which the entry itself sits under a heading; everything else as typed."""
    lines = []
    for line in clean(text).split("\n"):
        heading = _HEADING.match(line.strip())
        if heading:
            depth = min(6, len(heading.group(1)) + levels)
            line = "#" * depth + " " + heading.group(2).strip()
        lines.append(line)
    return "\n".join(lines)
