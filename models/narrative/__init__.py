"""Narrative re-authoring (#11): each partner's story, the letter of accountability,
the impact statement, what they chose to share, the joint story and the roles.

Every piece starts as a private draft (:mod:`~models.narrative.drafts`): a
:class:`~models.records.PrivateRecord` sealed with its author's journal key, kind and
dates included; only ``owner`` is plain, and each owner's rows are counted
(:mod:`~models.narrative.counting`). In a together session the drafts open only with
their owner's fresh password (:func:`open_story`, the journal's own step).

Who may do what (``models/rules.py``): writing, sharing and withdrawing are the
owner's (``OWNER``); wishing for a joint story and writing it are either partner's
(``ONE``); confirming a version is its confirmer's, signed (``OWNER``); naming the
roles needs both fresh passwords (``BOTH``), and either partner may clear them
(``ONE``).

Words a failed save could not write as the private pages closed or Trellis locked are
kept in memory, sealed with their owner's journal key (:mod:`~models.narrative.unsaved`).

The contract with the screens and exports: /work/notes/narrative_api.md.
Callers import from the package: ``from models.narrative import load_drafts, Draft``.
"""

from __future__ import annotations

from models.narrative import facts
from models.narrative.drafts import (
    check_fields,
    close_story,
    delete_draft,
    load_draft,
    load_drafts,
    now,
    open_story,
    page_of,
    require_held,
    save_draft,
)
from models.narrative.joint import (
    check_paragraphs,
    confirm_joint,
    load_joint,
    save_joint,
    wish_joint,
)
from models.narrative.roles import clear_roles, load_roles, name_roles
from models.narrative.sharing import load_shared, share_piece, versions_of, withdraw_piece
from models.narrative.tables import TABLES, NarrativeDraft, NarrativeJoint, NarrativePiece
from models.narrative.unsaved import UnsavedDraft, keep_unsaved, take_unsaved
from models.narrative.views import (
    FIELDS,
    HEARD,
    KINDS,
    LISTS,
    PAGES,
    PRIVATE_FIELDS,
    TRUTH,
    VIEWS,
    Draft,
    JointParagraph,
    JointStory,
    JointVersion,
    Roles,
    SharedPiece,
    shareable,
)

__all__ = [
    "FIELDS",
    "HEARD",
    "KINDS",
    "LISTS",
    "PAGES",
    "PRIVATE_FIELDS",
    "TABLES",
    "TRUTH",
    "VIEWS",
    "Draft",
    "JointParagraph",
    "JointStory",
    "JointVersion",
    "NarrativeDraft",
    "NarrativeJoint",
    "NarrativePiece",
    "Roles",
    "SharedPiece",
    "UnsavedDraft",
    "check_fields",
    "check_paragraphs",
    "clear_roles",
    "close_story",
    "confirm_joint",
    "delete_draft",
    "facts",
    "keep_unsaved",
    "load_draft",
    "load_drafts",
    "load_joint",
    "load_roles",
    "load_shared",
    "name_roles",
    "now",
    "open_story",
    "page_of",
    "require_held",
    "save_draft",
    "save_joint",
    "share_piece",
    "shareable",
    "take_unsaved",
    "versions_of",
    "wish_joint",
    "withdraw_piece",
]
