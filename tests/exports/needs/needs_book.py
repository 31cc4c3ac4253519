"""A needs map written through the real models, for the export tests (#12).

Both partners are unlocked together with their needs opened by their own fresh proofs,
as the workbook's screens would have them; a canary word can be written into every
field of a need, a commitment, a note, a review and a conversation, so a test can say
which words may reach a page and which never may. No Qt (the export's child process
imports the stand-ins that use this module).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from models import keys, needs
from models import vault as vault_module
from models.needs.misattunement import Misattunement, add_side, open_misattunement
from models.needs.reviews import Review, decide_review, rate_commitment
from models.proof import FreshProof
from models.session import Keyring
from tests.exports.narrative.narrative_book import pdf_pages, pdf_text

NAMES = {1: "Robin", 2: "Sasha"}
PASSWORDS = {1: "a" * 12, 2: "b" * 12}
# Need fields whose values are choices, not words: given a valid choice, never a canary.
CHOICES = {"card": "reassurance", "importance": "3", "lately": "partly"}
WORDS = tuple(name for name in needs.NEED_FIELDS if name not in CHOICES)

__all__ = ["NAMES", "Book", "canary", "opened_book", "pdf_pages", "pdf_text"]


def canary(partner: int, kind: str, name: str, mark: str = "") -> str:
    """A word found nowhere else: no hyphen or space, so a line never breaks inside it."""
    return f"Kq{partner}{kind.capitalize()}{name.replace('_', '').capitalize()}{mark}Zz"


@dataclass
class Book:
    """An open vault with both partners unlocked together, their needs open."""

    vault: vault_module.Vault
    keys: Keyring
    proofs: dict[int, FreshProof]
    path: Path
    workbook_key: bytes

    def draft(self, partner: int, mark: str = "", uuid: str | None = None,
              **given: str) -> needs.NeedDraft:
        """A draft need with a canary in every field of words."""
        fields = {name: CHOICES.get(name) or canary(partner, "need", name, mark)
                  for name in needs.NEED_FIELDS}
        fields.update(given)
        return needs.save_draft(self.keys, partner, fields, uuid)

    def need(self, partner: int, mark: str = "", **given: str) -> needs.Need:
        """A need drafted and shared by ``partner``."""
        return needs.share_need(self.keys, self.proofs[partner],
                                self.draft(partner, mark, **given).uuid)

    def commitment(self, need: needs.Need, doer: int, mark: str = "", *,
                   confirm: bool = True, also: tuple[str, ...] = ()) -> needs.Commitment:
        """A commitment for ``need`` done by ``doer``, confirmed by both (or proposed)."""
        fields = {name: canary(doer, "commitment", name, mark)
                  for name in needs.COMMITMENT_FIELDS}
        made = needs.propose_commitment(self.keys, doer, need.uuid, doer, fields,
                                        also_serves=also)
        if confirm:
            for partner in {need.owner, doer}:
                made = needs.confirm_commitment(self.keys, self.proofs[partner], made.uuid)
        return made

    def note(self, commitment: needs.Commitment, by: int, kind: str,
             mark: str = "") -> needs.Note:
        return needs.note(self.keys, by, commitment.uuid, kind,
                          canary(by, "note", kind, mark))

    def rate(self, commitment: needs.Commitment, partner: int, rating: str) -> None:
        rate_commitment(self.keys, self.proofs[partner], commitment.uuid, rating)

    def review(self, commitment: needs.Commitment, decision: str = "keep",
               mark: str = "") -> Review:
        return decide_review(self.keys, self.proofs.values(), commitment.uuid, decision,
                             canary(1, "review", "note", mark))

    def misattunement(self, by: int, need: needs.Need | None = None, mark: str = "",
                      answered: bool = False) -> Misattunement:
        entry = open_misattunement(
            self.keys, by, need=need.uuid if need else None,
            what_happened=canary(by, "miss", "happened", mark),
            felt=canary(by, "miss", "felt", mark), needed=canary(by, "miss", "needed", mark))
        if answered:
            other = 3 - by
            entry = add_side(self.keys, other, entry.uuid,
                             happened=canary(other, "miss", "happened", mark),
                             felt=canary(other, "miss", "felt", mark),
                             needed=canary(other, "miss", "needed", mark))
        return entry


@contextmanager
def opened_book(folder: Path) -> Iterator[Book]:
    """A fresh vault (fast KDF), both partners together, both partners' needs opened."""
    plan = vault_module.prepare_setup(NAMES, PASSWORDS, keys.FAST_TEST_COST)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "trellis.vault"
    vault = vault_module.Vault.create(path, plan)
    try:
        session = vault.start_session(dict(plan.bundles))
        proofs = {p: FreshProof(p, plan.bundles[p]) for p in (1, 2)}
        for partner in (1, 2):
            needs.open_needs(session.keyring, partner, proofs[partner])
        yield Book(vault, session.keyring, proofs, path, session.keyring.workbook_key())
    finally:
        vault.close()
