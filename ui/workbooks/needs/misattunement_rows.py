"""The conversations about moments we missed each other, as list rows.

One row per entry, newest first; an entry that could not be opened gets a row of its own
at the end, with no words from it. :meth:`MisattunementRows.show` inserts, removes and
changes single rows: a new entry is one ``rowsInserted``, a side added one
``dataChanged``, never a reset. A row's key (role :data:`ui.widgets.rows.KEY`) is the
entry's uuid, or "damaged:<uuid>". A row says whose side is still awaited, never who was
at fault.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from models.damage import Damage
from ui.dates import day
from ui.texts import text
from ui.widgets.rows import KeyedRows


def words(key: str, **values: object) -> str:
    return text("needs_misattunement", key, **values)


def shorten(line: str, most: int = 60) -> str:
    line = " ".join(line.split())
    return line if len(line) <= most else line[:most].rsplit(" ", 1)[0] + "…"


def about(entry: Any, needs: Mapping[str, Any], commitments: Mapping[str, Any]) -> str:
    """What the entry touched, in the couple's own words (a need's title, a commitment's
    what), or a plain phrase when it touched nothing in particular."""
    if entry.commitment:
        found = commitments.get(entry.commitment)
        if found is None:
            return words("about_unknown")
        return words("about_commitment", what=shorten(found.fields.get("what", "")))
    if entry.need:
        need = needs.get(entry.need)
        return words("about_need", title=shorten(need.title)) if need else words(
            "about_unknown")
    return words("about_none")


@dataclass(frozen=True, slots=True)
class ConversationRow:
    key: str
    display: str
    spoken: str


def entry_row(entry: Any, names: Mapping[int, str], needs: Mapping[str, Any],
              commitments: Mapping[str, Any]) -> ConversationRow:
    values = {"date": day(entry.opened_at), "about": about(entry, needs, commitments),
              "opener": names.get(entry.opened_by, "")}
    waiting = entry.waiting_for
    if waiting is not None:  # a request to talk, whether or not it was set down
        name = names.get(waiting, "")
        display = words("row_waiting", name=name, **values)
        spoken = words("row_spoken_waiting", name=name, **values)
    else:
        display = words("row_set_down" if entry.paused else "row_both", **values)
        spoken = words("row_spoken_both", **values)
    return ConversationRow(entry.uuid, display, spoken)


def arrange(entries: Sequence[Any], damaged: Sequence[Damage], names: Mapping[int, str],
            needs: Mapping[str, Any], commitments: Mapping[str, Any]
            ) -> list[ConversationRow]:
    """Newest first; what could not be opened at the end, without any of its words."""
    ordered = sorted(entries, key=lambda e: (e.opened_at, e.uuid), reverse=True)
    rows = [entry_row(e, names, needs, commitments) for e in ordered]
    rows.extend(ConversationRow(f"damaged:{d.uuid}", words("damaged_row"),
                                words("damaged_row")) for d in damaged)
    return rows


class MisattunementRows(KeyedRows[ConversationRow]):
    """The rows, held once; :meth:`show` changes only the rows that changed."""
