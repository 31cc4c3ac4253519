"""Narrative re-authoring's state as facts, in three ledger streams.

``narrative/shared`` — pieces shared on purpose:

- ``shared`` {piece, by, kind, source, version, words}: signed by its author (``by``)
  with the key derived from their journal key, so the other partner, who holds the
  workbook key too, cannot share in their name; ``version`` is the shares of that
  ``source`` draft so far plus one; ``words`` is a digest of the shareable fields only
  (never a private field).
- ``withdrawn`` {piece, by}: signed by the same author.

``narrative/joint`` — the joint story:

- ``wished`` {by, wish}: either partner, unsigned (a wish, and taking it back).
- ``written`` {version, row, by, words}: a version's words saved (again, while nobody
  has confirmed it; a confirmed version is never written again).
- ``confirmed`` {version, by, words}: signed by the partner confirming these words.

``narrative/roles`` — names for the roles:

- ``named`` {hurt}: signed by both partners.
- ``cleared`` {by}: either partner, unsigned (stopping the names is caution).

The rows are only an index: reading compares them with these facts, and a row without
its fact, a fact without its row, or a column or words that differ is damage.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from models import ledger_fold
from models.ledger import Fact
from models.narrative.views import KINDS, PRIVATE_FIELDS
from models.session import Keyring
from models.signed_facts import apply_withdrawn
from models.signed_facts import at_of as at_of
from models.signed_facts import partner as _partner
from models.signed_facts import record as record
from models.signed_facts import stream_damage as _damage
from models.signed_facts import utc_now as utc_now
from models.signed_facts import words_digest as words_digest

SHARED = "narrative/shared"
JOINT = "narrative/joint"
ROLES = "narrative/roles"


def fields_digest(kind: str, fields: Mapping[str, str]) -> str:
    """The digest of a shared piece's fields; a private field here is a bug."""
    if set(fields) & set(PRIVATE_FIELDS.get(kind, ())):
        raise ValueError("a private field in a shared piece")
    return words_digest(dict(fields))


# -- shared pieces ------------------------------------------------------------------------


@dataclass(frozen=True)
class PieceFact:
    """What the signed facts say about one shared piece."""

    author: int
    kind: str
    source: str
    version: int
    words: str
    shared_at: dt.datetime
    withdrawn: bool = False


@dataclass
class Pieces:
    """Every piece ever shared, in the order shared (withdrawn ones too), and how many
    times each draft was shared."""

    by_uuid: dict[str, PieceFact] = field(default_factory=dict)
    shares: dict[str, int] = field(default_factory=dict)


def _apply_piece(state: Pieces, fact: Fact) -> None:
    uuid, by = str(fact.get("piece")), _partner(fact.get("by"))
    if fact.signed_by != {by}:
        raise ValueError("not signed by its author")
    if fact.kind == "shared":
        kind, source, version = fact.get("kind_of"), str(fact.get("source")), fact.get("version")
        if uuid in state.by_uuid or kind not in KINDS:
            raise ValueError("shared twice, or an unknown kind")
        if version != state.shares.get(source, 0) + 1:
            raise ValueError("versions out of order")
        earlier = next((p for p in state.by_uuid.values() if p.source == source), None)
        if earlier is not None and (earlier.author, earlier.kind) != (by, kind):
            raise ValueError("one draft shared by two authors or as two kinds")
        state.shares[source] = version
        state.by_uuid[uuid] = PieceFact(by, kind, source, version, str(fact.get("words")),
                                        at_of(fact))
    elif fact.kind == "withdrawn":
        apply_withdrawn(state.by_uuid, uuid, by)
    else:
        raise ValueError(f"unknown fact {fact.kind!r}")


def _copy_pieces(state: Pieces) -> Pieces:
    return Pieces(dict(state.by_uuid), dict(state.shares))


PIECES = ledger_fold.Reducer("narrative pieces", frozenset({"shared", "withdrawn"}), Pieces,
                             _apply_piece, _copy_pieces)


def pieces(keys: Keyring) -> Pieces:
    """Verify the shared pieces' stream and add it up (read it, never change it);
    :class:`RecordDamaged` if it does not add up."""
    try:
        return ledger_fold.fold(keys, SHARED, PIECES).state
    except (ValueError, TypeError, KeyError) as exc:
        raise _damage(SHARED, exc) from exc


# -- the joint story ----------------------------------------------------------------------


@dataclass(frozen=True)
class VersionFact:
    """What the facts say about one version of the joint story."""

    row: str
    words: str
    written_at: dt.datetime
    confirmed_by: frozenset[int] = frozenset()


@dataclass
class Joint:
    wished_by: set[int] = field(default_factory=set)
    versions: dict[int, VersionFact] = field(default_factory=dict)  # in version order


def _apply_joint(state: Joint, fact: Fact) -> None:
    by = _partner(fact.get("by"))
    if fact.kind == "wished":
        wish = fact.get("wish")
        if not isinstance(wish, bool):
            raise ValueError("a wish is yes or no")
        (state.wished_by.add if wish else state.wished_by.discard)(by)
        return
    version = fact.get("version")
    if type(version) is not int:
        raise ValueError("not a version")
    known = state.versions.get(version)
    latest = max(state.versions, default=0)
    if fact.kind == "written":
        if known is None and version != latest + 1:
            raise ValueError("versions out of order")
        if known is not None and (version != latest or known.confirmed_by
                                  or known.row != fact.get("row")):
            raise ValueError("a confirmed or older version written again")
        state.versions[version] = VersionFact(str(fact.get("row")), str(fact.get("words")),
                                              at_of(fact))
    elif fact.kind == "confirmed":
        if fact.signed_by != {by}:
            raise ValueError("not signed by who confirmed")
        if known is None or known.words != fact.get("words"):
            raise ValueError("confirmed words that were never written")
        state.versions[version] = replace(known, confirmed_by=known.confirmed_by | {by})
    else:
        raise ValueError(f"unknown fact {fact.kind!r}")


def _copy_joint(state: Joint) -> Joint:
    return Joint(set(state.wished_by), dict(state.versions))


JOINT_REDUCER = ledger_fold.Reducer("narrative joint", frozenset({"confirmed"}), Joint,
                                    _apply_joint, _copy_joint)


def joint(keys: Keyring) -> Joint:
    """Verify the joint story's stream and add it up (read it, never change it)."""
    try:
        return ledger_fold.fold(keys, JOINT, JOINT_REDUCER).state
    except (ValueError, TypeError, KeyError) as exc:
        raise _damage(JOINT, exc) from exc


# -- roles --------------------------------------------------------------------------------


@dataclass
class RoleState:
    hurt: int | None = None
    named_at: dt.datetime | None = None


def _apply_roles(state: RoleState, fact: Fact) -> None:
    if fact.kind == "named":
        if fact.signed_by != {1, 2}:
            raise ValueError("roles named without both signatures")
        state.hurt, state.named_at = _partner(fact.get("hurt")), at_of(fact)
    elif fact.kind == "cleared":
        _partner(fact.get("by"))
        state.hurt, state.named_at = None, None
    else:
        raise ValueError(f"unknown fact {fact.kind!r}")


def _copy_roles(state: RoleState) -> RoleState:
    return RoleState(state.hurt, state.named_at)


ROLES_REDUCER = ledger_fold.Reducer("narrative roles", frozenset({"named"}), RoleState,
                                    _apply_roles, _copy_roles)


def roles(keys: Keyring) -> RoleState:
    """Verify the roles' stream and add it up (read it, never change it)."""
    try:
        return ledger_fold.fold(keys, ROLES, ROLES_REDUCER).state
    except (ValueError, TypeError, KeyError) as exc:
        raise _damage(ROLES, exc) from exc
