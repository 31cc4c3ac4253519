"""The joint story: only if both want it, written by either, settled by both.

Either partner may say they would like one, or no longer would (``ONE``); it is open
while both would. Each version's paragraphs name who wrote them; an editor may change,
add, move or drop their own paragraphs, but the other partner's are kept word for word
(their order may change). A version is rewritten in place while nobody has confirmed
it; once anyone has, a save starts a new version and the confirmed one is kept.
Confirming is each partner's own step, with their fresh password, signed; a version
is settled when both confirmed these exact words.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from models.damage import LOW_LEVEL, Damage, RecordDamaged, contained
from models.db import writing
from models.errors import TrellisError
from models.narrative import facts
from models.narrative.tables import NarrativeJoint
from models.narrative.views import JointParagraph, JointStory, JointVersion
from models.proof import FreshProof, NeedsOwner, require_owner
from models.session import Keyring

TABLE = NarrativeJoint._meta.table_name


def _words(paragraphs: Sequence[JointParagraph]) -> list[list[Any]]:
    return [[p.author, p.text] for p in paragraphs]


def _paragraphs(text: str) -> tuple[JointParagraph, ...]:
    loaded = json.loads(text)
    if not isinstance(loaded, list):
        raise ValueError("not paragraphs")
    out = []
    for item in loaded:
        author, words = item
        if type(author) is not int or author not in (1, 2) or not isinstance(words, str):
            raise ValueError("not a paragraph")
        out.append(JointParagraph(author, words))
    return tuple(out)


def _opened(keys: Keyring, version: int, said: facts.VersionFact,
            row: NarrativeJoint | None) -> JointVersion:
    if row is None:
        raise RecordDamaged(Damage(TABLE, said.row, "record", "missing"))
    with contained(TABLE, said.row):
        if row.version != version:
            raise RecordDamaged(Damage(TABLE, said.row, "state", "columns differ from facts"))
        text = row.read(keys)["paragraphs"]
        paragraphs = _paragraphs(text)
        if facts.words_digest(_words(paragraphs)) != said.words:
            raise RecordDamaged(Damage(TABLE, said.row, "words", "words differ from facts"))
    return JointVersion(version, paragraphs, said.written_at.astimezone(), said.confirmed_by)


def load_joint(keys: Keyring) -> tuple[JointStory, list[Damage]]:
    """Who would like a joint story, its versions oldest first, and what could not be
    verified (a damaged version is left out, the others are shown). Workbook key only."""
    try:
        state = facts.joint(keys)
        rows = {str(row.uuid): row for row in NarrativeJoint.select()}
    except RecordDamaged as exc:
        return JointStory(frozenset(), ()), [exc.damage]
    except LOW_LEVEL as exc:
        return JointStory(frozenset(), ()), [Damage(TABLE, "all", "record", type(exc).__name__)]
    versions: list[JointVersion] = []
    damaged: list[Damage] = []
    for number, said in sorted(state.versions.items()):
        try:
            versions.append(_opened(keys, number, said, rows.pop(said.row, None)))
        except RecordDamaged as exc:
            damaged.append(exc.damage)
        except TrellisError as exc:  # sealed words that did not open
            damaged.append(Damage(TABLE, said.row, "words", type(exc).__name__))
    damaged += [Damage(TABLE, uuid, "state", "no fact") for uuid in rows]
    return JointStory(frozenset(state.wished_by), tuple(versions)), damaged


def _story(keys: Keyring) -> JointStory:
    story, damaged = load_joint(keys)
    if damaged:  # never write on top of what could not be verified
        raise RecordDamaged(damaged[0])
    return story


def wish_joint(keys: Keyring, partner: int, wish: bool) -> JointStory:
    """``partner`` would like a joint story (``wish``), or no longer would. Either
    partner, no password; what was written is kept either way."""
    if partner not in (1, 2):
        raise ValueError("not a partner")
    state = facts.joint(keys)
    if (partner in state.wished_by) != wish:
        with writing():
            facts.record(keys, facts.JOINT, "wished", by=partner, wish=bool(wish))
    return load_joint(keys)[0]


def check_paragraphs(before: Sequence[JointParagraph], editor: int,
                     paragraphs: Sequence[JointParagraph]) -> tuple[JointParagraph, ...]:
    """The paragraphs ``editor`` may save after ``before``: their own blank ones left out;
    ValueError unless the other partner's paragraphs are all there word for word."""
    if editor not in (1, 2):
        raise ValueError("not a partner")
    kept: list[JointParagraph] = []
    for paragraph in paragraphs:
        if paragraph.author not in (1, 2) or not isinstance(paragraph.text, str):
            raise ValueError("not a paragraph")
        if paragraph.author == editor and not paragraph.text.strip():
            continue
        kept.append(JointParagraph(paragraph.author, paragraph.text))
    other = 3 - editor
    theirs_before = Counter(p.text for p in before if p.author == other)
    theirs_now = Counter(p.text for p in kept if p.author == other)
    if theirs_before != theirs_now:
        raise ValueError("the other partner's paragraphs are theirs to change")
    return tuple(kept)


def save_joint(keys: Keyring, editor: int, paragraphs: Sequence[JointParagraph]) -> JointVersion:
    """Save the joint story as ``editor`` wrote it: only while both would like one
    (ValueError otherwise, or when the other partner's paragraphs are not all kept).
    Rewrites the latest version while nobody has confirmed it; starts a new one once
    anyone has. The same words again change nothing."""
    story = _story(keys)
    if not story.open:
        raise ValueError("the joint story is written only while both would like one")
    latest = story.latest
    kept = check_paragraphs(latest.paragraphs if latest else (), editor, paragraphs)
    if latest is not None and kept == latest.paragraphs:
        return latest
    if latest is None and not kept:
        raise ValueError("nothing written yet")
    text = json.dumps(_words(kept), ensure_ascii=False)
    words = facts.words_digest(_words(kept))
    with writing():
        if latest is not None and not latest.confirmed_by:
            said = facts.joint(keys).versions[latest.version]
            row = NarrativeJoint.get(NarrativeJoint.uuid == said.row)
            with contained(TABLE, said.row):
                row.rewrite(keys, paragraphs=text)
            number = latest.version
        else:
            number = latest.version + 1 if latest else 1
            row = NarrativeJoint.write_new(keys, {"version": number}, paragraphs=text)
        fact = facts.record(keys, facts.JOINT, "written", by=editor, version=number,
                            row=row.uuid, words=words)
    return JointVersion(number, kept, facts.at_of(fact).astimezone(), frozenset())


def confirm_joint(keys: Keyring, proof: FreshProof | None, version: int, *,
                  partner: int | None = None) -> JointVersion:
    """Confirm the latest version's words as ``proof.partner`` (``partner``, when given,
    must be the one who typed their password), with their fresh password
    (:class:`NeedsOwner` otherwise); signed. ValueError for an older version or while
    the story is not open. Confirming twice changes nothing."""
    if proof is None:
        raise NeedsOwner("your own password is needed to confirm")
    partner = proof.partner if partner is None else partner
    journal_key = require_owner(keys, proof, partner)
    story = _story(keys)
    latest = story.latest
    if not story.open:
        raise ValueError("the joint story is confirmed only while both would like one")
    if latest is None or latest.version != version:
        raise ValueError("only the latest version can be confirmed")
    if partner in latest.confirmed_by:
        return latest
    with writing():
        facts.record(keys, facts.JOINT, "confirmed", sign_with={partner: journal_key},
                     by=partner, version=version,
                     words=facts.words_digest(_words(latest.paragraphs)))
    return JointVersion(version, latest.paragraphs, latest.written_at,
                        latest.confirmed_by | {partner})
