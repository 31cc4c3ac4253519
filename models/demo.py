"""A throwaway vault with a fictional couple, for looking around (``make demo``)."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from models import agreements, consent
from models import vault as vault_module
from models.journal import EntryDraft, save_entry
from models.keys import Argon2Cost, KeyBundle
from models.proof import FreshProof
from models.session import Keyring


def demo_couple() -> dict[str, Any]:
    """The fictional couple's names, passwords and entries from ``resources/demo.toml``."""
    raw = resources.files("resources").joinpath("demo.toml").read_text("utf-8")
    return tomllib.loads(raw)


def create_demo_vault(path: Path, cost: Argon2Cost | None = None) -> dict[int, tuple[str, str]]:
    """Write a demo vault at ``path``; returns ``{partner: (name, password)}``.

    Uses the floor Argon2id cost (no calibration wait) unless ``cost`` is given.
    """
    couple = demo_couple()
    partners = {int(k): v for k, v in couple["partners"].items()}
    plan = vault_module.prepare_setup(
        {p: v["name"] for p, v in partners.items()},
        {p: v["password"] for p, v in partners.items()},
        cost or Argon2Cost(),
    )
    vault = vault_module.Vault.create(path, plan)
    try:
        # The demo writes as each owner in turn, so it holds both journal keys at once,
        # which no session in the app does.
        keys = Keyring(dict(plan.bundles))
        for owner, entries in couple.get("journal", {}).items():
            for entry in entries:
                save_entry(keys, int(owner), EntryDraft(
                    title=entry["title"], body=entry["body"], prompt=entry.get("prompt", ""),
                    feelings=tuple(entry.get("feelings", ())), safety=entry.get("safety"),
                    tags=tuple(entry.get("tags", ()))))
        _demo_agreements(keys, plan.bundles, couple.get("agreements", []))
        _demo_consent(keys, couple.get("consent", {}))
        keys.clear()
    finally:
        vault.close()
    return {p: (v["name"], v["password"]) for p, v in partners.items()}


def _demo_agreements(keys: Keyring, bundles: dict[int, KeyBundle], entries: list[Any]) -> None:
    fields = set(agreements.TEXT_FIELDS)
    for entry in entries:
        author = int(entry["author"])
        view = agreements.create(keys, author, **{k: v for k, v in entry.items() if k in fields})
        if entry["state"] == "draft":
            continue
        agreements.propose(keys, view.uuid, author)
        for partner in (1, 2):
            agreements.confirm(keys, view.uuid, partner, FreshProof(partner, bundles[partner]))
        if entry["state"] == "paused":
            agreements.withdraw(keys, view.uuid, 3 - author, entry.get("withdraw_note", ""))
        if "change_wording" in entry:
            proposer = int(entry["change_author"])
            agreements.propose_change(keys, view.uuid, proposer)
            agreements.edit(keys, view.uuid, proposer, wording=entry["change_wording"])


def _demo_consent(keys: Keyring, answers: dict[str, list[str]]) -> None:
    if not answers:
        return
    raw = resources.files("resources").joinpath("agreements.toml").read_text("utf-8")
    consent.add_starter_items(keys, tomllib.loads(raw)["consent"]["starter"]["items"])
    for partner in (1, 2):
        for item, value in zip(consent.items(keys), answers[f"answers_{partner}"], strict=True):
            consent.answer(keys, partner, item.uuid, value)  # type: ignore[arg-type]
    # The demo couple reveals together: each partner's proof made from their own keys.
    consent.reveal(keys, [
        FreshProof(p, KeyBundle(keys.workbook_key(), keys.journal_key(p))) for p in (1, 2)
    ])
