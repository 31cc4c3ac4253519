"""The needs map as text, beside the drawing: every shared need in its partner's own
words with its safety signals, and every commitment with who does it, its state, how
often and how it can be seen, the needs it meets and what was noted since the last
review (#12). For a screen reader, for reading at a larger size, and for printing.

Plain HTML headings, paragraphs and lists (a screen reader can jump by heading); every
word a partner wrote is escaped. Built from the same :class:`MapData` as the scene.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ui.workbooks.needs import map_words as w
from ui.workbooks.needs.map_words import MapData

SIGNALS = ("safe_signs", "early_signs", "helps", "does_not_help")


def map_html(data: MapData) -> str:
    """The whole map as one HTML document."""
    titles = {n.uuid: w.need_title(n) for n in data.needs}
    served: dict[str, list[Any]] = {}
    loose: list[Any] = []
    retired: list[Any] = []
    for c in data.commitments:
        if c.state == "retired":
            retired.append(c)
            continue
        first = next((uuid for uuid in (c.needs or (c.need,)) if uuid in titles), None)
        if first is None:
            loose.append(c)
        else:
            served.setdefault(first, []).append(c)
    parts = [f"<h2>{escape(w.words('title'))}</h2>"]
    if not data.needs:
        parts.append(f"<p>{escape(w.words('nothing_shared'))}</p>")
    for partner in (1, 2):
        name = w.name_of(data, partner)
        parts.append(f"<h3>{escape(w.words('column', name=name))}</h3>")
        own = [n for n in data.needs if (n.owner == 1) == (partner == 1)]
        if not own:
            parts.append(f"<p>{escape(w.words('no_needs_of', name=name))}</p>")
        for need in own:
            parts.append(_need(data, need, served.get(need.uuid, []), titles))
    if loose:
        parts.append(f"<h3>{escape(w.words('loose'))}</h3><ul>")
        parts.extend(f"<li>{_commitment(data, c, titles)}</li>" for c in loose)
        parts.append("</ul>")
    if retired:
        parts.append(f"<h3>{escape(w.words('retired'))}</h3><ul>")
        parts.extend(f"<li>{_commitment(data, c, titles)}</li>" for c in retired)
        parts.append("</ul>")
    return "\n".join(parts)


def _need(data: MapData, need: Any, commitments: list[Any], titles: dict[str, str]) -> str:
    head = f"{w.need_title(need)} — {w.importance(need)}"
    lines = [f"<h4>{escape(head)}</h4>"]
    if w.lately(need):
        lines.append(f"<p>{escape(w.lately(need))}</p>")
    own_words = need.fields.get("words", "").strip()
    if own_words:
        lines.append(f"<p>{_paragraphs(own_words)}</p>")
    signals = [w.words(key, words=need.fields[key].strip()) for key in SIGNALS
               if need.fields.get(key, "").strip()]
    if signals:
        lines.append("<ul>" + "".join(f"<li>{_paragraphs(s)}</li>" for s in signals) + "</ul>")
    if commitments:
        lines.append("<ul>" + "".join(f"<li>{_commitment(data, c, titles)}</li>"
                                      for c in commitments) + "</ul>")
    else:
        lines.append(f"<p>{escape(w.words('served_by_none'))}</p>")
    return "\n".join(lines)


def _commitment(data: MapData, commitment: Any, titles: dict[str, str]) -> str:
    return escape(w.commitment_description(data, commitment, titles))


def _paragraphs(words: str) -> str:
    return "<br>".join(escape(line) for line in words.splitlines())
