"""The consent check-in: yes / not sure yet / not now / no, answered privately, revealed
only when both choose to.

Each partner's answers are :class:`~models.records.PrivateRecord` rows sealed with that
partner's journal key, so the other partner cannot read them early — not even which
items were answered. In a together session the keyring holds no journal key: a
partner's answers open only with their own :class:`~models.proof.FreshProof` (typed just
now), or while a private view holds that key for a moment (:meth:`Keyring.hold_journal`).
Alone, the partner who unlocked holds their own key and needs no second password.

Who may do what (``models/rules.py``): anyone adds an item; only the owner answers;
setting an item aside and revealing take both partners' fresh passwords.

The reveal publishes only the *combination* for each item, never each answer:
``yes`` (both said yes), ``talk`` (someone is not sure yet, and nobody said no or not
now) or ``respected`` (someone said no or not now — honoured without question or
attribution). With two people, a yes that finds no match still tells its giver that
the other is not ready; the words on screen say so. Afterwards, a partner who moves an
answer toward caution (yes → not sure yet, anything → no) changes the shared result at
once; a move toward yes waits for the next reveal together.

The package: :mod:`~models.consent.tables` (the rows), :mod:`~models.consent.views`,
:mod:`~models.consent.item_list`, :mod:`~models.consent.answers`,
:mod:`~models.consent.revealing`, :mod:`~models.consent.facts` and
:mod:`~models.consent.state` (the facts added up). Callers import from the package.
"""

from __future__ import annotations

from models.consent import facts
from models.consent.answers import (
    answer,
    leaning,
    my_answers,
    outcome_after,
    waits_for_reveal,
)
from models.consent.item_list import (
    add_item,
    add_starter_items,
    items,
    load_first,
    load_items,
    set_aside_item,
)
from models.consent.revealing import (
    RevealNotReady,
    comparison_for_export,
    latest_reveal,
    load_latest_reveal,
    reveal,
)
from models.consent.tables import (
    TABLES,
    ConsentAnswer,
    ConsentItem,
    ConsentReveal,
)
from models.consent.views import (
    ANSWERS,
    Answer,
    Comparison,
    Item,
    MyAnswer,
    Outcome,
    RevealedItem,
)

__all__ = [
    "facts",
    "ANSWERS",
    "Answer",
    "Comparison",
    "ConsentAnswer",
    "ConsentItem",
    "ConsentReveal",
    "Item",
    "MyAnswer",
    "Outcome",
    "RevealNotReady",
    "RevealedItem",
    "TABLES",
    "add_item",
    "add_starter_items",
    "answer",
    "comparison_for_export",
    "items",
    "latest_reveal",
    "leaning",
    "load_first",
    "load_items",
    "load_latest_reveal",
    "my_answers",
    "outcome_after",
    "reveal",
    "set_aside_item",
    "waits_for_reveal",
]
