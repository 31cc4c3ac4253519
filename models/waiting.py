"""What is waiting for whoever is signed in: the list Home shows.

Read only from what both partners already share: the agreements (their words, state and
history are sealed with the workbook key) and the consent check-in's list and latest
reveal. Nothing private is opened here — no journal, no private answer, no private
rating — so the list is the same whether or not the other partner has written anything
of their own. That is also why a reveal is offered as "items not yet revealed together",
never as "both have answered": whether the other has answered is theirs to tell, and
only a reveal together finds it out (:func:`models.consent.reveal`).

Alone, the list holds what is waiting for the partner at the keyboard: agreements
waiting for *their* confirmation (never a count of what the other has not done yet).
Together, it holds what is waiting for either of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar

from models import agreements, consent
from models.agreements import AgreementView
from models.damage import Damage, RecordDamaged
from models.session import Session

# Agreements already opened (by the list on screen), and the ones that did not open.
Opened = tuple[list[AgreementView], list[Damage]]

# The steps whose line in an agreement's history is "paused for a conversation".
PAUSE_EVENTS = ("withdrawn", "reviewed_pause")


@dataclass(frozen=True)
class Target:
    """Where "Go there" leads: a workbook tab, and the record to select ("" for none)."""

    workbook: str
    uuid: str = ""


@dataclass(frozen=True)
class ToConfirm:
    """An agreement (or a proposed change to one) waiting for ``partners`` to confirm."""

    kind: ClassVar[str] = "confirm"
    uuid: str
    title: str
    change: bool  # a change to agreed words, rather than a first proposal
    partners: tuple[int, ...]  # alone: only the signed-in partner, when it is theirs

    @property
    def target(self) -> Target:
        return Target("agreements", self.uuid)


@dataclass(frozen=True)
class PausedForTalk:
    """An agreement paused for a conversation, with the shared note left when pausing."""

    kind: ClassVar[str] = "paused"
    uuid: str
    title: str
    # "" when none was left (or the history could not be read, or was not asked for:
    # see waiting_for's notes_for)
    note: str
    paused_by: int | None
    paused_at: dt.datetime | None

    @property
    def target(self) -> Target:
        return Target("agreements", self.uuid)


@dataclass(frozen=True)
class ReviewDue:
    """An agreement whose review is due today or was due earlier."""

    kind: ClassVar[str] = "review"
    uuid: str
    title: str
    due_on: dt.date

    @property
    def target(self) -> Target:
        return Target("agreements", self.uuid)


@dataclass(frozen=True)
class RevealOpen:
    """Items on the consent list that have not been revealed together yet.

    ``first`` is True when nothing has been revealed so far; then only items a partner
    added count (the starter list asks nothing of anyone). Says nothing about who has
    answered what.
    """

    kind: ClassVar[str] = "reveal"
    items: int
    first: bool

    @property
    def target(self) -> Target:
        return Target("consent")


WaitingItem = ToConfirm | PausedForTalk | ReviewDue | RevealOpen


@dataclass(frozen=True)
class Waiting:
    """Everything :func:`waiting_for` found, in the order Home lists it."""

    items: list[WaitingItem] = field(default_factory=list)
    # No agreement at all yet (none opened and none damaged): a new workbook.
    no_agreements: bool = True


def _title(view: AgreementView) -> str:
    return view.current.text.get("title", "").strip()


def _to_confirm(view: AgreementView, session: Session) -> ToConfirm | None:
    if view.status != "proposed" and not view.pending_change:
        return None
    missing = tuple(p for p in session.partners if p not in view.confirmations)
    if not missing:
        return None
    return ToConfirm(view.uuid, _title(view), view.pending_change, missing)


def _paused(view: AgreementView, session: Session) -> PausedForTalk:
    """The latest pause and its note, as the agreement's shared history tells it."""
    try:
        history = agreements.events(session.keyring, view.uuid)
    except RecordDamaged:  # the history did not open: list it, without a note
        history = []
    for event in reversed(history):
        if event.kind in PAUSE_EVENTS:
            return PausedForTalk(view.uuid, _title(view), event.note.strip(), event.partner,
                                 event.at)
    return PausedForTalk(view.uuid, _title(view), "", None, None)


def _reveal(session: Session) -> RevealOpen | None:
    listed, _damaged = consent.load_items(session.keyring)
    if not listed:
        return None
    comparison, damage = consent.load_latest_reveal(session.keyring)
    if damage is not None:  # the consent tab says so in its place; Home stays quiet
        return None
    if comparison is None:
        # Our starter list is a suggestion, not a request from either of them: until the
        # couple has revealed once, only an item one of them added is raised here.
        open_items = [item for item in listed if item.added_by is not None]
    else:
        open_items = [item for item in listed if comparison.outcome_of(item.uuid) is None]
    if not open_items:
        return None
    return RevealOpen(len(open_items), comparison is None)


def waiting_for(session: Session, today: dt.date | None = None, opened: Opened | None = None,
                notes_for: int | None = None) -> Waiting:
    """What is waiting for the partners of ``session`` (read through the open vault).

    Confirmations first, then agreements paused for a conversation, reviews due (most
    overdue first), then a reveal. Opens nothing private; an agreement that cannot be
    opened is left out here (its tab shows it in its place).

    ``opened`` is every agreement as a list on screen already holds it (views and the
    damaged ones): then no agreement is read again. Each pause's shared note is read
    from that agreement's history; with ``notes_for``, only for the pauses among the
    first ``notes_for`` lines about agreements (what a screen shows), so a workbook with
    thousands of pauses reads a few histories, not all.
    """
    today = today or dt.date.today()
    views, damaged = opened if opened is not None else agreements.load_all(session.keyring)
    confirm: list[WaitingItem] = []
    paused: list[AgreementView] = []
    due: list[ReviewDue] = []
    for view in views:
        wanted = _to_confirm(view, session)
        if wanted is not None:
            confirm.append(wanted)
        if view.status == "paused":
            paused.append(view)
        if view.review_due(today) and view.next_review_on is not None:
            due.append(ReviewDue(view.uuid, _title(view), view.next_review_on))
    due.sort(key=lambda item: item.due_on)
    read_notes = len(paused) if notes_for is None else max(0, notes_for - len(confirm))
    pauses: list[WaitingItem] = [
        _paused(view, session) if n < read_notes
        else PausedForTalk(view.uuid, _title(view), "", None, None)
        for n, view in enumerate(paused)]
    items: list[WaitingItem] = [*confirm, *pauses, *due]
    reveal = _reveal(session)
    if reveal is not None:
        items.append(reveal)
    return Waiting(items, no_agreements=not views and not damaged)
