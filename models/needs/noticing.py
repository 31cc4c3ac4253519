"""Noticing: one dated line about a commitment, in a partner's own words.

Who does it notes "kept" or "missed"; the person with the need notes "noticed" (both,
for a commitment to oneself). Either partner alone, no password (``ONE``): a note adds
and never loosens. A miss its doer noted before anyone else said anything about it (no
"noticed" and no misattunement about the commitment since the doer's own last note) is
``early``: shown as honesty. That is fixed when the note is made, in its fact.

Nothing here counts notes against each other: there is no rate, streak or tally, only
the notes themselves and which came since the last review.
"""

from __future__ import annotations

import datetime as dt

from models.damage import LOW_LEVEL, Damage, RecordDamaged, contained
from models.db import writing
from models.errors import TrellisError
from models.needs import facts
from models.needs.commitments import load_commitment
from models.needs.tables import NoteRow
from models.needs.views import NOTE_KINDS, Note
from models.session import Keyring

TABLE = NoteRow._meta.table_name
LONGEST = 500  # one line: a sentence or two, not a letter


def check_line(line: str) -> str:
    """``line`` stripped; ValueError when it is not text, is more than one line or is
    longer than :data:`LONGEST`."""
    if not isinstance(line, str):
        raise ValueError("not text")
    line = line.strip()
    if "\n" in line or "\r" in line:
        raise ValueError("a note is one line")
    if len(line) > LONGEST:
        raise ValueError(f"a note is at most {LONGEST} characters")
    return line


def _spoken_since(keys: Keyring, uuid: str, said: facts.CommitmentFacts) -> bool:
    """Whether the person with the need noticed something, or anyone opened a
    misattunement about this commitment, since its doer's last note (or ever)."""
    since = said.last_doer_note
    for noted in said.notes.values():
        if noted.kind == "noticed" and (since is None or noted.noted_at > since):
            return True
    from models.needs import misattunement

    try:
        entries, damaged = misattunement.load_misattunements(keys)
    except LOW_LEVEL:
        return True  # not known: never call a miss early on a guess
    if damaged:
        return True
    return any(entry.commitment == uuid and (since is None or entry.opened_at > since)
               for entry in entries)


def note(keys: Keyring, by: int, commitment: str, kind: str, line: str) -> Note:
    """``by`` notes ``kind`` about ``commitment`` with one ``line``. Either partner, no
    password. ValueError when ``kind`` is not ``by``'s to note (kept and missed are the
    doer's, noticed the need's owner's), for a commitment still proposed or retired, or
    a line that is not one line; :class:`RecordDamaged` when the commitment does not
    verify."""
    if by not in (1, 2):
        raise ValueError("not a partner")
    if kind not in NOTE_KINDS:
        raise ValueError(f"kind must be one of {NOTE_KINDS}")
    text = check_line(line)
    current = load_commitment(keys, commitment)
    if current.state in ("proposed", "retired"):
        raise ValueError("notes are for a commitment both confirmed")
    said = facts.commitment(keys, commitment)
    if not facts.fits(kind, by, said.doer, said.need_owner):
        raise ValueError(f"partner {by} does not note {kind!r} on this commitment")
    early = kind == "missed" and not _spoken_since(keys, commitment, said)
    with writing():
        row = NoteRow.write_new(keys, {"commitment": commitment, "by_partner": by,
                                       "kind": kind, "early": early}, line=text)
        fact = facts.record(keys, facts.stream_of(commitment), "noted", note=row.uuid, by=by,
                            kind_of=kind, early=early, words=facts.words_digest(text))
    return Note(row.uuid, commitment, by, kind, text, facts.at_of(fact).astimezone(), early)


def _verified(keys: Keyring, row: NoteRow, said: facts.NoteFact | None) -> Note:
    uuid = str(row.uuid)
    if said is None:
        raise RecordDamaged(Damage(TABLE, uuid, "state", "no fact"))
    if (row.by_partner, row.kind, bool(row.early)) != (said.by, said.kind, said.early) or (
            row.early not in (0, 1, True, False)):
        raise RecordDamaged(Damage(TABLE, uuid, "state", "columns differ from facts"))
    line = row.read(keys)["line"]
    if facts.words_digest(line) != said.words:
        raise RecordDamaged(Damage(TABLE, uuid, "words", "words differ from facts"))
    return Note(uuid, str(row.commitment), said.by, said.kind, line,
                said.noted_at.astimezone(), said.early)


def load_notes(keys: Keyring, commitment: str | None = None,
               since: dt.datetime | None = None) -> tuple[list[Note], list[Damage]]:
    """Notes, oldest first (of one ``commitment``, or all; only those after ``since``,
    an aware moment, when given), and what could not be verified. Workbook key only."""
    try:
        if commitment is None:
            derived = facts.commitments(keys)
            query = NoteRow.select()
        else:
            try:
                derived = {commitment: facts.commitment(keys, commitment)}
            except RecordDamaged as exc:
                derived = {commitment: exc}
            query = NoteRow.select().where(NoteRow.commitment == commitment)
        rows = list(query.order_by(NoteRow.id))
    except LOW_LEVEL as exc:
        return [], [Damage(TABLE, "all", "record", type(exc).__name__)]
    found: list[Note] = []
    damaged: list[Damage] = []
    seen: set[str] = set()
    for row in rows:
        uuid = str(row.uuid)
        seen.add(uuid)
        try:
            with contained(TABLE, uuid):
                said = derived.get(str(row.commitment))
                if isinstance(said, RecordDamaged):  # named where the commitment is read
                    raise RecordDamaged(Damage(TABLE, uuid, "state", "commitment damaged"))
                found.append(_verified(keys, row, None if said is None else said.notes.get(uuid)))
        except RecordDamaged as exc:
            damaged.append(exc.damage)
        except TrellisError as exc:  # sealed words that did not open
            damaged.append(Damage(TABLE, uuid, "words", type(exc).__name__))
    for said in derived.values():
        if isinstance(said, facts.CommitmentFacts):
            damaged += [Damage(TABLE, uuid, "record", "missing") for uuid in said.notes
                        if uuid not in seen]
    chosen = [n for n in found if since is None or n.noted_at > since]
    chosen.sort(key=lambda n: (n.noted_at, n.uuid))
    return chosen, damaged


def notes_since_review(keys: Keyring) -> dict[str, list[Note]]:
    """Per commitment that has any, its notes since its latest review (or ever), oldest
    first. Notes that do not verify are left out (:func:`load_notes` names them)."""
    try:
        marks = {uuid: said.reviewed_at for uuid, said in facts.commitments(keys).items()
                 if isinstance(said, facts.CommitmentFacts)}
    except LOW_LEVEL:
        marks = {}
    notes, _ = load_notes(keys)
    since: dict[str, list[Note]] = {}
    for noted in notes:
        last = marks.get(noted.commitment)
        if last is None or noted.noted_at > last:
            since.setdefault(noted.commitment, []).append(noted)
    return since
