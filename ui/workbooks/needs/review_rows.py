"""The commitments to look at together, as list rows: those ready to look at again on
their own rhythm first, under a calm heading, then the others. Never a count of what is
waiting, never how long ago it was due; a row changes alone when its commitment does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ui.dates import day
from ui.texts import text
from ui.workbooks.needs.misattunement_rows import ConversationRow, MisattunementRows, shorten

LISTED = ("active", "paused")  # what can be looked at together (never proposed or retired)


def words(key: str, **values: object) -> str:
    return text("needs_review", key, **values)


@dataclass(frozen=True, slots=True)
class ReviewRow(ConversationRow):
    """A commitment's row (its key its uuid), or a heading ("heading:<which>")."""

    heading: bool = False


def commitment_row(commitment: Any, names: Mapping[int, str],
                   last: dt.date | None) -> ReviewRow:
    what = shorten(commitment.fields.get("what", ""), 80)
    name = names.get(commitment.doer, "")
    when = words("row_last", date=day(last)) if last is not None else words("row_never")
    return ReviewRow(commitment.uuid, f"{words('row', what=what, name=name)}\n{when}",
                     words("row_spoken", what=what, name=name, when=when))


def arrange(commitments: Sequence[Any], ready: Collection[str], names: Mapping[int, str],
            last: Mapping[str, dt.date]) -> list[ReviewRow]:
    """Ready ones first under their heading, then the others under theirs; each group in
    the order the commitments were made."""
    listed = sorted((c for c in commitments if c.state in LISTED),
                    key=lambda c: (c.created_at, c.uuid))
    first = [c for c in listed if c.uuid in ready]
    rest = [c for c in listed if c.uuid not in ready]
    rows: list[ReviewRow] = []
    for key, group in (("ready_heading", first), ("others_heading", rest)):
        if not group:
            continue
        if first:  # with nothing ready, the others are simply the list: no heading
            rows.append(ReviewRow(f"heading:{key}", words(key), words(key), True))
        rows.extend(commitment_row(c, names, last.get(c.uuid)) for c in group)
    return rows


class ReviewRows(MisattunementRows):
    """The rows, held once; headings are shown in bold and cannot be chosen."""
