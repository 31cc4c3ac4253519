"""The needs map's part of the packet: "Our needs map, as we shared it" (#12).

Only what a partner chose to share (shared already, under the workbook key, read by
both in Trellis), so the part needs no password and is ticked by default whenever a
need was shared; no journal key is used, so no draft and no private rating waiting to
be revealed can be read. It is laid out compactly by :func:`exports.needs.
session_section`: each shared need in its owner's words with the safety signals, the
commitments with who does them, since when, the latest review and the notes since, and
the times we missed each other with both sides. Withdrawn needs are never among them.
"""

from __future__ import annotations

from exports.needs import drawn_text, gather, needs_texts, session_section
from exports.session_packet.sections import shared_part
from models import needs
from models.errors import TrellisError
from models.session import Keyring


def _offered(keys: Keyring, together: bool) -> bool:
    """In every session, once either partner has shared a need."""
    try:
        return bool(needs.load_needs(keys)[0])
    except TrellisError:  # unreadable: not offered; the workbook says what did not open
        return False


NEEDS = shared_part("needs", gather=gather, session_section=session_section,
                   drawn_text=drawn_text, texts=needs_texts, available=_offered)
