"""The narrative workbook's part of the packet: "Our stories, as we shared them".

Only what a partner chose to share (shared already, under the workbook key, read by
both in Trellis), so the part needs no password and is ticked by default whenever
something was shared or a joint story was begun; no journal key is used, so no draft
and no private field can be read. It is laid out compactly by
:func:`exports.narrative.session_section`: the latest version of each piece with who
wrote it, its version and day, the "do I feel heard" answers, and where the joint story
stands. Withdrawn pieces are never among them (:func:`models.narrative.load_shared`).
"""

from __future__ import annotations

from exports.narrative import drawn_text, gather, narrative_texts, session_section
from exports.session_packet.sections import shared_part
from models import narrative
from models.errors import TrellisError
from models.session import Keyring


def _offered(keys: Keyring, together: bool) -> bool:
    """In every session, once either partner has shared a piece or a joint story began."""
    try:
        if narrative.load_shared(keys)[0]:
            return True
        return narrative.load_joint(keys)[0].latest is not None
    except TrellisError:  # unreadable: not offered; the workbook says what did not open
        return False


NARRATIVE = shared_part("narrative", gather=gather, session_section=session_section,
                   drawn_text=drawn_text, texts=narrative_texts, available=_offered)
