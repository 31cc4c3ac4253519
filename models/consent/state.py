"""The check-in's verified state, after carrying over a file from before facts."""

from __future__ import annotations

import json

from models import ledger
from models.consent import facts
from models.consent.tables import ConsentItem, latest_by_date
from models.db import writing
from models.session import Keyring


def current_state(keys: Keyring) -> facts.ConsentState:
    """The verified facts of the check-in, after carrying over a file from before them."""
    _carry_over_legacy(keys)
    return facts.derive(keys)


def _carry_over_legacy(keys: Keyring) -> None:
    """Once, after the step that introduced facts: one baseline fact from the rows that
    were there (unsigned, marked as carried over); the marker is then gone."""
    from models.schema import VaultFact

    listed = VaultFact.get_or_none(VaultFact.name == facts.LEGACY_FACT)
    if listed is None:
        return
    with writing():
        if not ledger.streams(facts.STREAM):
            latest = latest_by_date()
            outcomes: dict[str, str] = {}
            if latest is not None:
                raw = json.loads(latest.read(keys)["outcomes"])
                outcomes = {item: entry["outcome"] for item, entry in raw.items()}
            facts.record(
                keys, "baseline",
                items={row.uuid: bool(row.archived) for row in ConsentItem.select()},
                reveal=None if latest is None else latest.uuid, outcomes=outcomes)
        listed.delete_instance()
