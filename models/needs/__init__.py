"""The attachment-needs map (#12): each partner's needs and safety signals, commitments
that meet them, and what each partner noticed.

Every need starts as a private draft (:mod:`~models.needs.drafts`): a
:class:`~models.records.PrivateRecord` sealed with its owner's journal key, words and
dates included; only ``owner`` is plain, and each owner's rows are counted
(:mod:`~models.needs.counting`). In a together session the drafts open only with their
owner's fresh password (:func:`open_needs`, the journal's own step).

Who may do what (``models/rules.py``): writing, sharing and withdrawing a need are its
owner's (``OWNER``); proposing, changing (new words are proposed again) and pausing a
commitment are either partner's (``ONE``); confirming is each partner's own part, signed
(``OWNER``); resuming needs both fresh passwords (``BOTH``).

The contract with the screens and exports: /work/notes/needs_api.md.
Callers import from the package: ``from models.needs import load_drafts, NeedDraft``.
"""

from __future__ import annotations

from models.needs import commitments, facts, noticing, sharing
from models.needs.commitments import (
    change_commitment,
    confirm_commitment,
    load_commitment,
    load_commitments,
    pause_commitment,
    propose_commitment,
    resume_commitment,
    review_decided,
)
from models.needs.drafts import (
    check_fields,
    close_needs,
    delete_draft,
    load_draft,
    load_drafts,
    now,
    open_needs,
    require_held,
    save_draft,
)
from models.needs.noticing import load_notes, note, notes_since_review
from models.needs.sharing import load_needs, share_need, versions_of, withdraw_need
from models.needs.tables import TABLES, CommitmentRow, NeedDraftRow, NoteRow, SharedNeedRow
from models.needs.views import (
    CARDS,
    COMMITMENT_FIELDS,
    DOER_KINDS,
    IMPORTANCE,
    IMPORTANCE_TEXT,
    LATELY,
    NEED_FIELDS,
    NOTE_KINDS,
    OWNER_KINDS,
    STATES,
    Commitment,
    Need,
    NeedDraft,
    Note,
)

__all__ = [
    "CARDS",
    "COMMITMENT_FIELDS",
    "DOER_KINDS",
    "IMPORTANCE",
    "IMPORTANCE_TEXT",
    "LATELY",
    "NEED_FIELDS",
    "NOTE_KINDS",
    "OWNER_KINDS",
    "STATES",
    "TABLES",
    "Commitment",
    "CommitmentRow",
    "Need",
    "NeedDraft",
    "NeedDraftRow",
    "Note",
    "NoteRow",
    "SharedNeedRow",
    "change_commitment",
    "check_fields",
    "close_needs",
    "commitments",
    "confirm_commitment",
    "delete_draft",
    "facts",
    "load_commitment",
    "load_commitments",
    "load_draft",
    "load_drafts",
    "load_needs",
    "load_notes",
    "note",
    "notes_since_review",
    "noticing",
    "now",
    "open_needs",
    "pause_commitment",
    "propose_commitment",
    "require_held",
    "resume_commitment",
    "review_decided",
    "save_draft",
    "share_need",
    "sharing",
    "versions_of",
    "withdraw_need",
]

# M2: the conversations (misattunements, reviews together, notes beside watching words).
from models.needs import misattunement, reviews, surveillance  # noqa: E402
from models.needs.misattunement import (  # noqa: E402
    Account,
    Misattunement,
    add_side,
    load_misattunement,
    load_misattunements,
    open_misattunement,
    set_paused,
    set_try_next,
)
from models.needs.reviews import (  # noqa: E402
    DECISIONS,
    REVIEW_RATINGS,
    Review,
    ReviewMark,
    decide_review,
    due_reviews,
    latest_reviews,
    load_reviews,
    my_rating,
    rate_commitment,
    review_cadence,
    set_review_cadence,
)
from models.needs.surveillance import SurveillanceNote, surveillance_notes  # noqa: E402

__all__ += [
    "DECISIONS",
    "REVIEW_RATINGS",
    "Account",
    "Misattunement",
    "Review",
    "ReviewMark",
    "SurveillanceNote",
    "add_side",
    "decide_review",
    "due_reviews",
    "latest_reviews",
    "load_misattunement",
    "load_misattunements",
    "load_reviews",
    "misattunement",
    "my_rating",
    "open_misattunement",
    "rate_commitment",
    "review_cadence",
    "reviews",
    "set_paused",
    "set_review_cadence",
    "set_try_next",
    "surveillance",
    "surveillance_notes",
]
