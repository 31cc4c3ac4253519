"""A throwaway vault with a fictional couple, for looking around (``make demo``)."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from models import agreements, consent, narrative, needs
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
        _demo_narrative(keys, couple.get("narrative", {}))
        _demo_needs(keys, couple.get("needs", {}))
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


def _demo_narrative(keys: Keyring, story: dict[str, Any]) -> None:
    """Roles named together, some pages and moments shared, an answer about the letter,
    a letter reworked since it was shared, and a joint story settled once and changed."""
    if not story:
        return
    proofs = {p: FreshProof(p, KeyBundle(keys.workbook_key(), keys.journal_key(p)))
              for p in (1, 2)}
    narrative.name_roles(keys, proofs.values(), int(story["hurt"]))
    letters: list[str] = []
    for owner, pages in story.get("pages", {}).items():
        for kind, fields in pages.items():
            words = {k: v for k, v in fields.items() if k in narrative.FIELDS[kind]}
            draft = narrative.save_draft(keys, int(owner), kind, words)
            if fields.get("shared"):
                piece = narrative.share_piece(keys, proofs[int(owner)], draft.uuid)
                letters += [piece.uuid] if kind == "letter" else []
            later = {k[5:]: v for k, v in fields.items() if k.startswith("then_")}
            if later:
                narrative.save_draft(keys, int(owner), kind, later)
    for kind in ("exceptions", "heard"):
        for owner, items in story.get(kind, {}).items():
            for fields in items:
                words = {k: v for k, v in fields.items() if k != "shared"}
                if kind == "heard":
                    words["letter"] = letters[-1]
                draft = narrative.save_draft(keys, int(owner), kind.rstrip("s"), words)
                if fields.get("shared"):
                    narrative.share_piece(keys, proofs[int(owner)], draft.uuid)
    for partner in (1, 2):
        narrative.wish_joint(keys, partner, True)
    joint = story.get("joint", {})
    for round_, confirming in (("first", (1, 2)), ("second", (2,))):
        paragraphs = [narrative.JointParagraph(int(a), t) for a, t in joint.get(round_, [])]
        # Each writes their own words: first one paragraph each, then Sasha's change.
        steps = range(1, len(paragraphs) + 1) if round_ == "first" else [len(paragraphs)]
        for count in steps:
            version = narrative.save_joint(keys, paragraphs[count - 1].author,
                                           paragraphs[:count])
        for partner in confirming:
            narrative.confirm_joint(keys, proofs[partner], version.version)


def _demo_needs(keys: Keyring, plan: dict[str, Any]) -> None:
    """Needs shared by each partner, commitments confirmed by both (one still proposed),
    notes kept, missed early and noticed, and one time they missed each other, talked
    through from both sides."""
    if not plan:
        return
    proofs = {p: FreshProof(p, KeyBundle(keys.workbook_key(), keys.journal_key(p)))
              for p in (1, 2)}
    shared: list[str] = []
    for owner in (1, 2):
        for fields in plan.get(str(owner), []):
            draft = needs.save_draft(keys, owner, fields)
            shared.append(needs.share_need(keys, proofs[owner], draft.uuid).uuid)
    for item in plan.get("commitments", []):
        words = {k: item[k] for k in needs.COMMITMENT_FIELDS}
        made = needs.propose_commitment(keys, int(item["doer"]), shared[int(item["need"])],
                                        int(item["doer"]), words)
        if item.get("confirmed"):
            for partner in sorted({int(made.need_owner or 0), made.doer} - {0}):
                needs.confirm_commitment(keys, proofs[partner], made.uuid)
        for kind, by, line in item.get("notes", []):
            needs.note(keys, int(by), made.uuid, kind, line)
    missed = plan.get("missed")
    if missed:
        entry = needs.open_misattunement(
            keys, int(missed["by"]), need=shared[int(missed["need"])],
            what_happened=missed["what_happened"], felt=missed["felt"],
            needed=missed["needed"])
        needs.add_side(keys, 3 - int(missed["by"]), entry.uuid,
                       happened=missed["other_happened"], felt=missed["other_felt"],
                       needed=missed["other_needed"])
