"""A narrative workbook written through the real models, for the export tests (#11).

Both partners are unlocked together with their stories opened by their own fresh
proofs, as the workbook's screens would have them; a canary word is written into every
field of every draft, private fields included, so a test can say which words may reach
a page and which never may. Also: the PDF read back as text. No Qt (the export's child
process imports the stand-ins that use this module).
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PasswordType, PdfReader

from models import keys, narrative
from models import vault as vault_module
from models.narrative import FIELDS, PRIVATE_FIELDS, Draft, JointParagraph, SharedPiece
from models.proof import FreshProof
from models.session import Keyring

NAMES = {1: "Robin", 2: "Sasha"}
PASSWORDS = {1: "a" * 12, 2: "b" * 12}
# Fields whose values are choices, not words: given a valid choice, never a canary.
CHOICES = {("stand", "view"): "not_ok", ("story", "truth"): "7",
           ("heard", "heard"): "partly", ("exception", "happened_on"): "2026-03-01"}


def canary(partner: int, kind: str, name: str, mark: str = "") -> str:
    """A word found nowhere else: no hyphen or space, so a line never breaks inside it."""
    return f"Kq{partner}{kind.capitalize()}{name.replace('_', '').capitalize()}{mark}Zz"


@dataclass
class Book:
    """An open vault with both partners unlocked together, their stories open."""

    vault: vault_module.Vault
    keys: Keyring
    proofs: dict[int, FreshProof]
    path: Path
    workbook_key: bytes
    drafts: dict[tuple[int, str], Draft] = field(default_factory=dict)

    def write(self, partner: int, kind: str, mark: str = "",
              **given: str) -> Draft:
        """A draft of ``kind`` with a canary in every field (private ones too)."""
        fields = {name: CHOICES.get((kind, name), canary(partner, kind, name, mark))
                  for name in FIELDS[kind]}
        fields.update(given)
        uuid = self.drafts[(partner, kind)].uuid \
            if (partner, kind) in self.drafts and kind in narrative.PAGES else None
        draft = narrative.save_draft(self.keys, partner, kind, fields, uuid)
        self.drafts[(partner, kind)] = draft
        return draft

    def share(self, draft: Draft) -> SharedPiece:
        return narrative.share_piece(self.keys, self.proofs[draft.owner], draft.uuid)

    def withdraw(self, piece: SharedPiece) -> None:
        narrative.withdraw_piece(self.keys, self.proofs[piece.author], piece.uuid)

    def joint(self, *paragraphs: tuple[int, str]) -> None:
        for partner in (1, 2):
            narrative.wish_joint(self.keys, partner, True)
        story, _ = narrative.load_joint(self.keys)
        kept = list(story.latest.paragraphs) if story.latest else []
        for author, text in paragraphs:
            kept.append(JointParagraph(author, text))
            narrative.save_joint(self.keys, author, kept)

    def confirm(self, partner: int) -> None:
        story, _ = narrative.load_joint(self.keys)
        assert story.latest is not None
        narrative.confirm_joint(self.keys, self.proofs[partner], story.latest.version)

    def name_roles(self, hurt: int) -> None:
        narrative.name_roles(self.keys, self.proofs.values(), hurt)


@contextmanager
def opened_book(folder: Path) -> Iterator[Book]:
    """A fresh vault (fast KDF), both partners together, both stories opened."""
    plan = vault_module.prepare_setup(NAMES, PASSWORDS, keys.FAST_TEST_COST)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "trellis.vault"
    vault = vault_module.Vault.create(path, plan)
    try:
        session = vault.start_session(dict(plan.bundles))
        proofs = {p: FreshProof(p, plan.bundles[p]) for p in (1, 2)}
        for partner in (1, 2):
            narrative.open_story(session.keyring, partner, proofs[partner])
        yield Book(vault, session.keyring, proofs, path, session.keyring.workbook_key())
    finally:
        vault.close()


def private_words() -> list[str]:
    """Every canary a private field could hold, for either partner."""
    return [canary(p, kind, name) for p in (1, 2) for kind, names in PRIVATE_FIELDS.items()
            for name in names if (kind, name) not in CHOICES]




def pdf_pages(source: Path | bytes, password: str | None = None) -> list[str]:
    """Each page's words, whitespace folded, so phrases survive line wrapping."""
    reader = PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source)
    if password is not None:
        assert reader.decrypt(password) != PasswordType.NOT_DECRYPTED
    return [re.sub(r"\s+", " ", unicodedata.normalize("NFC", page.extract_text()))
            for page in reader.pages]


def pdf_text(source: Path | bytes, password: str | None = None) -> str:
    return " ".join(pdf_pages(source, password))
