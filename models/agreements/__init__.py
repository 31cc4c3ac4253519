"""Boundary agreements: concrete wording both partners confirm, revisions and reviews.

Lifecycle (``Agreement.status``)::

    draft ──propose──► proposed ──both confirm──► agreed ──start_review──► under_review
      ▲                   ▲                         │  ▲                      │
      └─ (delete)         │                         │  └── decide: keep ──────┤
                          │                         │      (both passwords)   │
                      resume ◄── paused ◄── pause (either partner, alone, at once)
                                  retired ◄── retire (both passwords once agreed)

Caution takes one partner; loosening takes both (:mod:`models.rules`). Once an
agreement has been agreed, its agreed words stay **in force** — while it is paused,
while a change is proposed, while it is being reviewed — until both partners confirm
new words, each with their own fresh password. Typing never changes a status: the
agreed words cannot be edited at all; a partner *proposes a change*, which is a new
revision beside the agreed one (``pending_change``), and discarding it loses nothing
because nothing agreed was touched. Only each partner's own "why it matters" can be
edited in place.

Every text is sealed with the workbook key in :class:`AgreementRevision` rows; the
:class:`Agreement` row holds only structure (status, dates, who proposed). A revision
stays *open* (edited in place, so autosave does not flood the history) until someone
confirms it; an edit after that starts a new revision.

Reviews record what really happened: each partner rates privately
(:class:`ReviewRating`, sealed with their own journal key, "rather not rate" allowed);
the ratings are revealed into the shared :class:`AgreementReview` only when both decide
together with their passwords. A review noted by one partner alone is stored and shown
as done alone by that partner, with no decision.

The package, one module for each part of the story: :mod:`~models.agreements.tables`
(the rows), :mod:`~models.agreements.views` (what a screen or a PDF gets),
:mod:`~models.agreements.reading`, :mod:`~models.agreements.actions`,
:mod:`~models.agreements.reviewing`, :mod:`~models.agreements.facts` (the state as
signed facts) and :mod:`~models.agreements.legacy` (files from before facts). Callers
import from the package: ``from models.agreements import create, AgreementView``.
"""

from __future__ import annotations

from models.agreements import facts
from models.agreements.actions import (
    confirm,
    create,
    delete_draft,
    discard_change,
    edit,
    propose,
    propose_change,
    retire,
    set_cadence,
    withdraw,
)
from models.agreements.errors import (
    AgreementIncomplete,
    AgreementNotAllowed,
)
from models.agreements.legacy import (
    LEGACY_FACT,
)
from models.agreements.reading import (
    all_agreements,
    events,
    load_all,
    load_recent,
    reviews,
    reviews_due,
    revisions,
    search,
    view,
)
from models.agreements.reviewing import (
    decide_review,
    my_rating,
    note_review_alone,
    rate_review,
    start_review,
)
from models.agreements.tables import (
    BINDING_FIELDS,
    CATEGORIES,
    ECHOED,
    REQUIRED_TO_PROPOSE,
    STATUSES,
    TABLES,
    TABLES_V3,
    TEXT_FIELDS,
    Agreement,
    AgreementEvent,
    AgreementReview,
    AgreementRevision,
    Confirmation,
    Decision,
    ReviewRating,
    Status,
    get,
)
from models.agreements.views import (
    AgreementView,
    EventView,
    MyRating,
    ReviewView,
    RevisionView,
)

__all__ = [
    "facts",
    "Agreement",
    "AgreementEvent",
    "AgreementIncomplete",
    "AgreementNotAllowed",
    "AgreementReview",
    "AgreementRevision",
    "AgreementView",
    "BINDING_FIELDS",
    "CATEGORIES",
    "Confirmation",
    "Decision",
    "ECHOED",
    "EventView",
    "LEGACY_FACT",
    "MyRating",
    "REQUIRED_TO_PROPOSE",
    "ReviewRating",
    "ReviewView",
    "RevisionView",
    "STATUSES",
    "Status",
    "TABLES",
    "TABLES_V3",
    "TEXT_FIELDS",
    "all_agreements",
    "confirm",
    "create",
    "decide_review",
    "delete_draft",
    "discard_change",
    "edit",
    "events",
    "get",
    "load_all",
    "load_recent",
    "my_rating",
    "note_review_alone",
    "propose",
    "propose_change",
    "rate_review",
    "retire",
    "reviews",
    "reviews_due",
    "revisions",
    "search",
    "set_cadence",
    "start_review",
    "view",
    "withdraw",
]
