"""The couple's list of things to ask about: adding, setting aside, and reading it.

Anyone adds an item (asking is never loosening); setting one aside takes both
partners' fresh passwords. Items the facts do not vouch for are damage, never listed.
"""

from __future__ import annotations

from collections.abc import Iterable

import peewee

from models.consent import facts
from models.consent.state import current_state
from models.consent.tables import ConsentItem
from models.consent.views import Item
from models.damage import LOW_LEVEL, Damage, RecordDamaged
from models.db import writing
from models.errors import TrellisError
from models.proof import FreshProof, require_both
from models.session import Keyring

# What a damaged row can raise while it is opened: a seal that does not open, a sealed
# column edited into something that is not bytes, outcomes that are not Trellis's.
DAMAGE: tuple[type[Exception], ...] = (TrellisError, *LOW_LEVEL)


def items(keys: Keyring) -> list[Item]:
    """The couple's current list, in their order (items that could not be opened or
    verified are left out; :func:`load_items` names them)."""
    return load_items(keys)[0]


def add_item(keys: Keyring, label: str, added_by: int | None) -> Item:
    """Add an item to the list: either partner, alone (asking is never loosening)."""
    label = label.strip()
    if not label:
        raise ValueError("an item needs words")
    position = (ConsentItem.select(peewee.fn.MAX(ConsentItem.position)).scalar() or 0) + 1
    with writing():
        row = ConsentItem.write_new(keys, {"added_by": added_by, "position": position},
                                    label=label)
        facts.record(keys, "added", item=row.uuid, by=added_by, position=position)
    return Item(row.uuid, label, added_by)


def add_starter_items(keys: Keyring, labels: list[str]) -> None:
    """Offer our starter list once, when the couple has no items yet."""
    if ConsentItem.select().count():
        return
    with writing():
        for label in labels:
            add_item(keys, label, None)


def set_aside_item(keys: Keyring, uuid: str, proofs: Iterable[FreshProof | None]) -> None:
    """Take an item off the list: needs both partners' fresh passwords.

    Its answers and earlier reveals stay as they were.
    """
    both = require_both(keys, proofs)
    with writing():
        facts.record(keys, "set_aside", item=uuid,
                             signers={p: proof.bundle.journal_key for p, proof in both.items()})
        ConsentItem.update(archived=True).where(ConsentItem.uuid == uuid).execute()


def load_items(keys: Keyring) -> tuple[list[Item], list[Damage]]:
    """The current list as :func:`items` gives it, and each item that could not be
    opened as a :class:`~models.damage.Damage`, so one bad item never hides the rest."""
    opened, damaged, _ = _load(keys, None)
    return opened, damaged


def load_first(keys: Keyring, count: int) -> tuple[list[Item], list[Damage], bool]:
    """The items among the first ``count`` rows of the list, checked as
    :func:`load_items` checks them, and True when that was the whole list (the result
    is then :func:`load_items`'s own, with the items the facts name but the file lacks).

    The facts are verified whole either way (once per connection while the keys are
    held: an answer or a reveal afterwards reads only facts added since), but only
    ``count`` rows are opened, so a long list shows its beginning at once and the
    rest can be read elsewhere (:func:`load_items` on a worker's own connection).
    """
    return _load(keys, max(count, 1))


def _load(keys: Keyring, count: int | None) -> tuple[list[Item], list[Damage], bool]:
    opened: list[Item] = []
    damaged: list[Damage] = []
    table = ConsentItem._meta.table_name
    try:
        state = current_state(keys)
        query = ConsentItem.select().order_by(ConsentItem.position, ConsentItem.id)
        # The whole list a row at a time, never all its sealed rows at once (10 MiB at
        # 10,000 items) (#9); a first page in one piece.
        listed = None if count is None else list(query.limit(count + 1))
        rows = iter(query.iterator() if listed is None else listed[:count])
    except RecordDamaged as exc:  # the check-in's facts themselves: nothing is trusted
        return [], [exc.damage], True
    except DAMAGE as exc:
        return [], [Damage(table, "", "record", type(exc).__name__)], True
    whole = listed is None or count is None or len(listed) <= count
    seen: set[str] = set()
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except DAMAGE as exc:  # a row that does not convert: as when all were read first
            return [], [Damage(table, "", "record", type(exc).__name__)], True
        uuid = str(row.uuid)
        seen.add(uuid)
        set_aside = state.items.get(uuid)
        said = state.added.get(uuid)
        if set_aside is None or bool(row.archived) != set_aside or (
                said is not None and (row.added_by, row.position) != said):
            # An item the facts never added, or one brought back (or hidden) without
            # both: shown as damage, never as part of the list.
            damaged.append(Damage(table, uuid, "state", "differs from the facts"))
            continue
        if set_aside:
            continue
        try:
            opened.append(Item(uuid, row.read(keys)["label"], row.added_by))
        except DAMAGE as exc:
            damaged.append(Damage(table, uuid, "words", type(exc).__name__))
    if whole:
        damaged += [Damage(table, uuid, "record", "missing")
                    for uuid, aside in state.items.items() if uuid not in seen and not aside]
    return opened, damaged, whole
