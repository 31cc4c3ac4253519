"""Reading what the narrative exports need from the models: shared pieces only.

Everything comes from :func:`models.narrative.load_shared`, :func:`~models.narrative.
load_joint` and :func:`~models.narrative.load_roles`, which read with the workbook key
alone: no partner's journal key is asked for or used, so no private draft can be
opened here. Withdrawn pieces are never returned by the model, and a piece whose words
are all blank is left out as well. Run it off the GUI thread (the export's child).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

from exports.house_style import PaperSize, clean
from exports.narrative.data import (
    HeardAnswer,
    JointParagraphRow,
    JointRow,
    NarrativeExport,
    PieceVersion,
    SharedWork,
)
from exports.narrative.words import STEPS
from models import narrative
from models.errors import TrellisError
from models.narrative.views import FIELDS, JointStory, SharedPiece, shareable
from models.session import Keyring


def gather(keys: Keyring, names: dict[int, str], *, prepared_on: dt.date,
           session_on: dt.date | None = None, paper: PaperSize = "A4") -> NarrativeExport:
    """Every shared piece, grouped by the draft it came from, with the heard answers,
    the joint story (when it has a version) and the roles (when both named them).

    A shared record that does not open is counted in ``unreadable``; the rest are
    exported.
    """
    pieces, damaged = narrative.load_shared(keys)
    joint, joint_damaged = narrative.load_joint(keys)
    try:
        hurt, lost = narrative.load_roles(keys).hurt, 0
    except TrellisError:  # unreadable roles: printed as not named, and counted
        hurt, lost = None, 1
    works: dict[str, list[SharedWork]] = defaultdict(list)
    for work in _works(pieces):
        works["steps" if work.kind in STEPS else work.kind].append(work)
    step_order = {kind: n for n, kind in enumerate(STEPS)}
    # Each partner's story in the order of its steps; the rest in the order first shared.
    stories = sorted(works["steps"], key=lambda w: (w.author, step_order[w.kind]))
    return NarrativeExport(
        names=dict(names), prepared_on=prepared_on, session_on=session_on, hurt=hurt,
        stories=tuple(stories), letters=tuple(works["letter"]),
        heard=tuple(_answers(pieces)), impacts=tuple(works["impact"]),
        exceptions=tuple(works["exception"]), joint=_joint(joint),
        unreadable=len(damaged) + len(joint_damaged) + lost, paper=paper,
    )


def _words_of(piece: SharedPiece) -> dict[str, str]:
    """The piece's shareable fields, and nothing else it may hold."""
    return {key: piece.fields.get(key, "") for key in shareable(piece.kind)}


def _has_words(fields: Mapping[str, str], kind: str) -> bool:
    ignored = {"letter"} if kind == "heard" else set()  # the uuid it answers is no words
    return any(clean(value) for key, value in fields.items() if key not in ignored)


def _works(pieces: Iterable[SharedPiece]) -> list[SharedWork]:
    """The pieces (never heard answers) grouped by their draft, versions oldest first,
    in the order each draft was first shared."""
    groups: dict[str, list[PieceVersion]] = {}
    first: dict[str, SharedPiece] = {}
    for piece in pieces:
        if piece.kind not in FIELDS or piece.kind == "heard":
            continue
        fields = _words_of(piece)
        if not _has_words(fields, piece.kind):
            continue  # emptied (withdrawn): never printed
        first.setdefault(piece.source, piece)
        groups.setdefault(piece.source, []).append(
            PieceVersion(piece.uuid, piece.version, piece.shared_at, fields))
    found = []
    for source, versions in groups.items():
        head = first[source]
        versions.sort(key=lambda v: (v.version, v.shared_at))
        found.append(SharedWork(head.author, head.kind, source, tuple(versions)))
    return sorted(found, key=lambda work: (work.versions[0].shared_at, work.source))


def _answers(pieces: Iterable[SharedPiece]) -> list[HeardAnswer]:
    found = []
    for piece in pieces:
        if piece.kind != "heard":
            continue
        fields = _words_of(piece)
        if not _has_words(fields, "heard"):
            continue
        found.append(HeardAnswer(piece.author, clean(fields["letter"]), piece.version,
                                 piece.shared_at, clean(fields["heard"]), fields["landed"],
                                 fields["missing"]))
    return sorted(found, key=lambda a: (a.shared_at, a.version))


def _joint(story: JointStory) -> JointRow | None:
    latest = story.latest
    if latest is None:
        return None
    settled = story.settled
    older = (settled.version, settled.written_at) if settled is not None \
        and settled.version != latest.version else None
    return JointRow(
        version=latest.version, written_at=latest.written_at,
        paragraphs=tuple(JointParagraphRow(p.author, p.text) for p in latest.paragraphs
                         if clean(p.text)),
        confirmed_by=frozenset(latest.confirmed_by), last_settled=older,
    )
