"""The shared pieces as list rows, and a piece's words as the reader shows them.

One row per piece (every version of one draft), grouped under a heading row per author,
in the order of the steps; a partner's exceptions follow one another as a dated
timeline. A piece that could not be opened gets a row of its own at the end, with no
words from it. :meth:`SharedRows.show` inserts, removes and changes single rows: a new
share is one ``rowsInserted``, a new version one ``dataChanged``, never a reset.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from models.damage import Damage
from models.narrative.views import FIELDS, KINDS, PRIVATE_FIELDS, SharedPiece
from ui.dates import day
from ui.texts import counted, text
from ui.widgets.rows import KeyedRows
from ui.word_diff import word_diff

# A row's key (role ui.widgets.rows.KEY): a source uuid, "author:N" or "damaged:uuid".


def words(key: str, **values: object) -> str:
    return text("narrative_shared", key, **values)


def kind_label(kind: str) -> str:
    try:
        return words(f"kind_{kind}")
    except KeyError:  # a kind added later than these words: its key, readable
        return kind.replace("_", " ").capitalize()


def field_label(kind: str, field: str) -> str:
    try:
        return words(f"field_{kind}_{field}")
    except KeyError:
        return field.replace("_", " ").capitalize()


def heard_words(answer: str) -> str:
    try:
        return words(f"heard_{answer or 'blank'}")
    except KeyError:
        return answer


def happened(piece: SharedPiece) -> dt.date | None:
    """The day an exception happened, as its author gave it (None when not given)."""
    try:
        return dt.date.fromisoformat(piece.fields.get("happened_on", ""))
    except ValueError:
        return None


def piece_title(piece: SharedPiece) -> str:
    """What the piece is, with the name its author gave it where there is one."""
    label = kind_label(piece.kind)
    own = {"problem": "name", "preferred": "title"}.get(piece.kind, "")
    given = " ".join(piece.fields.get(own, "").split()) if own else ""
    if len(given) > 60:
        given = given[:60].rsplit(" ", 1)[0] + "…"
    return f"{label}: “{given}”" if given else label


@dataclass(frozen=True, slots=True, eq=False)
class SharedRow:
    """One row: a heading (``author`` only), a piece (its versions, oldest first) or a
    piece that could not be opened (``damage``)."""

    key: str
    author: int | None
    versions: tuple[SharedPiece, ...] = ()
    damage: Damage | None = None
    display: str = ""
    spoken: str = ""

    @property
    def heading(self) -> bool:
        return not self.versions and self.damage is None

    @property
    def latest(self) -> SharedPiece | None:
        return self.versions[-1] if self.versions else None

    def same_as(self, other: SharedRow) -> bool:
        return (self.display, self.spoken, [p.uuid for p in self.versions]) == (
            other.display, other.spoken, [p.uuid for p in other.versions])


def piece_row(versions: Sequence[SharedPiece], names: dict[int, str]) -> SharedRow:
    latest = versions[-1]
    name = names.get(latest.author, "")
    values = {"piece": piece_title(latest), "version": latest.version,
              "date": day(latest.shared_at)}
    if latest.kind == "exception":
        on = happened(latest)
        display = words("row_exception", happened=day(on) if on else words("undated"), **values)
    elif latest.kind == "heard":
        display = words("row_heard", answer=heard_words(latest.fields.get("heard", "")),
                        **values)
    else:
        display = words("row", **values)
    spoken = words("row_spoken", name=name, **values)
    return SharedRow(latest.source, latest.author, tuple(versions), None, display, spoken)


def arrange(pieces: Sequence[SharedPiece], damaged: Sequence[Damage],
            names: dict[int, str]) -> list[SharedRow]:
    """Every row in order: per author a heading, then their pieces in the order of the
    steps (exceptions by the day they happened), then what could not be opened."""
    by_source: dict[str, list[SharedPiece]] = {}
    for piece in pieces:
        by_source.setdefault(piece.source, []).append(piece)
    rows: list[SharedRow] = []
    for author in sorted({p.author for p in pieces}):
        rows.append(SharedRow(f"author:{author}", author,
                              display=words("heading", name=names.get(author, "")),
                              spoken=words("heading_spoken", name=names.get(author, ""))))
        mine = [sorted(v, key=lambda p: p.version) for v in by_source.values()
                if v[0].author == author]

        def order(versions: list[SharedPiece]) -> tuple[int, dt.date, dt.datetime, str]:
            first, last = versions[0], versions[-1]
            place = KINDS.index(last.kind) if last.kind in KINDS else len(KINDS)
            when = happened(last) or first.shared_at.date()
            return place, when, first.shared_at, last.source

        rows.extend(piece_row(versions, names) for versions in sorted(mine, key=order))
    if damaged:
        rows.append(SharedRow("damaged:", None, display=words("damaged_heading"),
                              spoken=words("damaged_heading")))
        rows.extend(SharedRow(f"damaged:{d.uuid}", None, (), d, words("damaged_row"),
                              words("damaged_row")) for d in damaged)
    return rows


class SharedRows(KeyedRows[SharedRow]):
    """The shared pieces as rows; :meth:`show` changes only the rows that differ (a
    piece's row when its words or its versions do)."""

    def same(self, shown: SharedRow, wanted: SharedRow) -> bool:
        return shown.same_as(wanted)


def _plain(words_: str) -> str:
    return escape(words_).replace("\n", "<br>")


def _value(piece: SharedPiece, field: str) -> str:
    """A field as the reader shows it: choices in words, dates as people write them."""
    value = piece.fields.get(field, "")
    if not value:
        return ""
    if piece.kind == "stand" and field == "view":
        try:
            return words(f"view_{value}")
        except KeyError:
            return value
    if piece.kind == "heard" and field == "heard":
        return heard_words(value)
    if piece.kind == "exception" and field == "happened_on":
        on = happened(piece)
        return day(on) if on else value
    if piece.kind == "letter" and field == "agreements":
        linked = [u for u in value.split(",") if u.strip()]
        return counted("narrative_shared", "agreements_linked", len(linked)) if linked else ""
    return value


def shown_fields(kind: str) -> tuple[str, ...]:
    """The fields a reader sees: never a private one, nor the letter a heard answer
    points at (said in words above it instead)."""
    private = set(PRIVATE_FIELDS.get(kind, ())) | ({"letter"} if kind == "heard" else set())
    return tuple(f for f in FIELDS.get(kind, ()) if f not in private)


def piece_html(piece: SharedPiece, before: SharedPiece | None = None) -> str:
    """The piece's words, captioned; with ``before``, each part as it read then and as
    it reads now, changed words marked."""
    parts = []
    for field in shown_fields(piece.kind):
        now = _value(piece, field)
        then = _value(before, field) if before is not None else ""
        if not now and not then:
            continue
        heading = f"<p><b>{escape(field_label(piece.kind, field))}</b><br>"
        if before is None:
            parts.append(heading + _plain(now) + "</p>")
            continue
        old, new = word_diff(then, now)
        empty = f"<i>{escape(words('empty_field'))}</i>"
        then_is = f"<i>{escape(words('before', version=before.version))}</i><br>"
        now_is = f"<i>{escape(words('after', version=piece.version))}</i><br>"
        parts.append(heading + then_is + (old or empty) + "<br>" + now_is + (new or empty)
                     + "</p>")
    return "".join(parts)
