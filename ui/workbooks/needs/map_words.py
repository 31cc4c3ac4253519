"""What the needs map says about each card, for the scene, its accessible
descriptions and the text version alike (``[needs_map]`` in ``resources/ui_needs.toml``).

Importance and a commitment's state are always said in words. Notes since the last
review are counted by kind in words ("3 notes since the last review: kept (2); noticed");
never as a rate, a share or a run of days.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ui.texts import counted, text


def words(key: str, **values: object) -> str:
    return text("needs_map", key, **values)


def asks_watching(commitment: Any) -> bool:
    """Whether a commitment's words ask for surveillance (sharing a location, handing
    over a phone, reading messages…): the map marks it with a calm word."""
    from models.needs.surveillance import surveillance_notes

    said = "\n".join(str(commitment.fields.get(key, "")) for key in
                      ("what", "how_often", "how_seen"))
    try:
        return bool(said.strip()) and bool(surveillance_notes(said))
    except Exception:  # noqa: BLE001 (a mark is a help, never a stop)
        return False


@dataclass(frozen=True)
class MapData:
    """What the map shows: shared needs, commitments, the notes since each commitment's
    latest review (by commitment uuid), and the partners' names."""

    needs: Sequence[Any] = ()  # models.needs.Need
    commitments: Sequence[Any] = ()  # models.needs.Commitment
    notes: Mapping[str, Sequence[Any]] = field(default_factory=dict)  # uuid -> [Note]
    names: Mapping[int, str] = field(default_factory=dict)
    # Whether a commitment's words ask for surveillance (the store remembers it per
    # version; asked only for what is drawn or said).
    watching: Callable[[Any], bool] = asks_watching

    def shown_commitments(self) -> list[Any]:
        """The commitments on the map: all but those set aside together."""
        return [c for c in self.commitments if c.state != "retired"]


def name_of(data: MapData, partner: int) -> str:
    return data.names.get(partner, "") or str(partner)


def initial(name: str) -> str:
    return name.strip()[:1].upper() or "?"


def need_title(need: Any) -> str:
    """The partner's own title, else the label of the card it started from."""
    own = str(need.fields.get("title", "")).strip()
    if own:
        return own
    card = str(need.fields.get("card", ""))
    if card:
        try:
            return text("needs_cards", card)
        except KeyError:
            return card
    return words("untitled")


def importance(need: Any) -> str:
    return words(f"importance_{need.importance}")


def lately(need: Any) -> str:
    value = str(need.fields.get("lately", ""))
    return words(f"lately_{value}") if value else ""


def state(commitment: Any) -> str:
    return words(f"state_{commitment.state}")


def what(commitment: Any) -> str:
    return commitment.fields.get("what", "").strip() or words("no_words")


def notes_since(notes: Sequence[Any]) -> str:
    """"2 notes since the last review: kept; missed, said so early" — kinds in the
    order first noted, each counted when noted more than once."""
    if not notes:
        return words("notes_none")
    kinds: dict[str, int] = {}
    for note in notes:
        kind = "early" if note.kind == "missed" and note.early else note.kind
        kinds[kind] = kinds.get(kind, 0) + 1
    said = []
    for kind, count in kinds.items():
        name = words(f"kind_{kind}") if kind in ("kept", "missed", "early", "noticed") else kind
        said.append(name if count == 1 else words("kind_times", kind=name, count=count))
    return counted("needs_map", "notes_since", len(notes), kinds="; ".join(said))


def need_description(data: MapData, need: Any, served_by: int) -> str:
    """One card said whole, for a screen reader and the tooltip."""
    parts = [words("need_card", name=name_of(data, need.owner), title=need_title(need),
                   importance=importance(need))]
    if lately(need):
        parts.append(lately(need) + ".")
    if need.fields.get("words", "").strip():
        parts.append(need.fields["words"].strip())
    parts.append(counted("needs_map", "served_by", served_by) if served_by
                 else words("served_by_none"))
    return " ".join(parts)


def _unstopped(said: str) -> str:
    """A partner's words without their own last full stop, so a sentence around them
    does not end in two."""
    said = said.strip()
    return said[:-1] if said.endswith(".") and not said.endswith("..") else said


def commitment_description(data: MapData, commitment: Any, titles: Mapping[str, str]) -> str:
    parts = [words("commitment_card", state=state(commitment),
                   what=_unstopped(what(commitment)),
                   doer=words("doer", name=name_of(data, commitment.doer)))]
    for key in ("how_often", "how_seen"):
        if commitment.fields.get(key, "").strip():
            parts.append(words(key, words=_unstopped(commitment.fields[key])) + ".")
    met = [titles[uuid] for uuid in commitment.needs if uuid in titles]
    if met:
        parts.append(words("serves", needs="; ".join(met)) + ".")
    parts.append(notes_since(data.notes.get(commitment.uuid, ())) + ".")
    if data.watching(commitment):
        parts.append(words("surveillance_said"))
    return " ".join(parts)
