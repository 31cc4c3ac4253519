"""Who may take each step: caution takes one partner, loosening takes both.

Every action of every workbook that changes what a partner relies on is listed here
with what it needs, and ``tests/models/test_models_rules.py`` drives each one with too
few proofs and with enough. A new workbook adds its actions to this table and a driver
to that test.

- ``ONE``: either partner, alone, with no password (a move toward caution, or adding).
- ``OWNER``: the partner it belongs to, with their fresh password (private answers,
  their own confirmation).
- ``BOTH``: both partners' fresh passwords (anything that loosens).
"""

from __future__ import annotations

from typing import Final, Literal

Need = Literal["one", "owner", "both"]
ONE: Final = "one"
OWNER: Final = "owner"
BOTH: Final = "both"

ACTIONS: dict[str, Need] = {
    # boundary agreements
    "agreements.create": ONE,
    "agreements.propose": ONE,
    "agreements.propose_change": ONE,
    "agreements.discard_change": ONE,
    "agreements.pause": ONE,
    "agreements.note_review_alone": ONE,
    "agreements.rate_review": OWNER,
    "agreements.confirm": OWNER,  # new words are agreed once each owner has confirmed
    "agreements.retire": BOTH,
    "agreements.decide_review": BOTH,
    # consent check-in
    "consent.add_item": ONE,
    "consent.answer": OWNER,
    "consent.set_aside_item": BOTH,
    "consent.reveal": BOTH,
    # private journal and coping plan: always their owner's (models/journal/)
    "journal.write": OWNER,
    "journal.share_passage": OWNER,  # signed by its author
    "journal.withdraw_passage": OWNER,  # the author only
    "journal.export": OWNER,  # a fresh password even alone
    "coping.write": OWNER,
    # narrative re-authoring (models/narrative/)
    "narrative.write": OWNER,  # drafts open only with their author's key
    "narrative.share": OWNER,  # signed by its author
    "narrative.withdraw": OWNER,  # the author only
    "narrative.wish_joint": ONE,
    "narrative.write_joint": ONE,  # the other partner's paragraphs are never changed
    "narrative.confirm_joint": OWNER,  # signed; settled once both confirmed the words
    "narrative.name_roles": BOTH,
    "narrative.clear_roles": ONE,
    "narrative.export": ONE,  # shared pieces only
    # attachment-needs map (models/needs/)
    "needs.write": OWNER,  # drafts open only with their owner's key
    "needs.share": OWNER,  # signed by the need's owner
    "needs.withdraw": OWNER,  # the owner only; its commitments pause
    "needs.propose_commitment": ONE,
    "needs.change_commitment": ONE,  # new words are proposed again until both confirm
    "needs.confirm_commitment": OWNER,  # each their own part, signed
    "needs.pause_commitment": ONE,
    "needs.resume_commitment": BOTH,
    "needs.note": ONE,
    "needs.misattunement": ONE,  # a request for a conversation, never a finding
    "needs.add_side": ONE,  # one's own side only
    "needs.rate_review": OWNER,  # sealed with the rater's journal key
    "needs.decide_review": BOTH,  # reveals both ratings; signed by both
    "needs.set_cadence": ONE,
    "needs.export": ONE,  # shared needs, commitments and notes only
}
