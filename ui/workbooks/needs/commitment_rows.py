"""A commitment and its notes as people read them: who does what, for which need, in
what state, and each note as a dated line in words.

Nothing here counts toward a score: no rate, percentage or streak, no "failed". A miss
its doer noted early reads as honesty; "noted since the last review" is a short list of
words ("kept, missed (said early)"), not a tally to compare.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from models.needs import Commitment, Need, Note
from ui.dates import day
from ui.workbooks.needs.words import counted_words, need_title, section_words

NameOf = Callable[[int], str]


def _words(key: str, **values: object) -> str:
    return section_words("commitments", key, **values)


def need_name(need: Need | None, name_of: NameOf) -> str:
    """A shared need as the lists name it: its owner's words and whose it is."""
    if need is None:
        return _words("need_unknown")
    return _words("need_of", title=need_title(need.fields), name=name_of(need.owner))


def what_of(commitment: Commitment) -> str:
    return commitment.fields.get("what", "").strip() or _words("untitled")


def state_short(commitment: Commitment) -> str:
    """The state in a word or two, for a row."""
    if commitment.state == "active" and commitment.since is not None:
        return _words("state_active_since", date=day(commitment.since))
    return _words(f"state_{commitment.state}")


def row_words(commitment: Commitment, needs: Mapping[str, Need], name_of: NameOf) -> str:
    """One row: what, who does it, for which need, and its state."""
    return _words("row", what=what_of(commitment), doer=name_of(commitment.doer),
                  need=need_title(needs[commitment.need].fields) if commitment.need in needs
                  else _words("need_unknown"), state=state_short(commitment))


def need_owner(commitment: Commitment, needs: Mapping[str, Need]) -> int | None:
    """The person with the need: who says "this would help"."""
    if commitment.need_owner is not None:
        return commitment.need_owner
    need = needs.get(commitment.need)
    return need.owner if need is not None else None


def state_lines(commitment: Commitment, needs: Mapping[str, Need], name_of: NameOf
                ) -> list[str]:
    """Where the commitment stands, sentence by sentence, naming who said what."""
    owner = need_owner(commitment, needs)
    doer = name_of(commitment.doer)
    if commitment.state == "active":
        lines = [_words("active_since", date=day(commitment.since)) if commitment.since
                 else _words("state_active")]
    elif commitment.state == "paused":
        lines = [_words("paused_by", name=name_of(commitment.paused_by))
                 if commitment.paused_by is not None else _words("paused")]
    elif commitment.state == "retired":
        return [_words("retired")]
    else:
        lines = [_words("proposed")]
    if commitment.state != "active":
        if owner is not None:
            lines.append(_words("helps_said" if commitment.helps_confirmed
                                else "helps_waiting", name=name_of(owner)))
        lines.append(_words("can_do_said" if commitment.can_do_confirmed
                            else "can_do_waiting", name=doer))
    return lines


def note_words(note: Note, name_of: NameOf) -> str:
    """A note as a dated line: who noted what, in their own words."""
    kind = "missed_early" if note.kind == "missed" and note.early else note.kind
    return section_words("notes", f"line_{kind}", date=day(note.noted_at),
                         name=name_of(note.by), line=note.line.strip())


def since_review_words(notes: Iterable[Note], reviewed: bool) -> str:
    """What was noted since the last review (or so far), in words, never a rate."""
    listed = sorted(notes, key=lambda n: n.noted_at)
    since = "since_review" if reviewed else "since_start"
    if not listed:
        return section_words("notes", f"{since}_none")
    kinds = [section_words("notes", "kind_missed_early" if n.kind == "missed" and n.early
                           else f"kind_{n.kind}") for n in listed]
    return counted_words("notes", since, len(listed), kinds=", ".join(kinds))
