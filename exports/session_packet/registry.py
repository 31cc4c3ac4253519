"""Every part the therapy-session packet can hold, in the order it prints them.

The one list a workbook joins to add its part: a :class:`~exports.session_packet.
sections.PacketSection` made in its own export package (how to gather its data and lay
it out), one entry here, and its title and description under ``[sections]`` in
``resources/exports_session_packet.toml``. The packet's cover, dialog and layout read
this list and need no change.
"""

from __future__ import annotations

from exports.session_packet.agreement_parts import AGREEMENTS, CONSENT
from exports.session_packet.journal_parts import JOURNALS
from exports.session_packet.narrative_parts import NARRATIVE
from exports.session_packet.needs_parts import NEEDS
from exports.session_packet.passage_parts import PASSAGES
from exports.session_packet.sections import PacketSection

SECTIONS: tuple[PacketSection, ...] = (
    AGREEMENTS,
    CONSENT,
    PASSAGES,  # shared already, for both to read: ticked whenever there are any
    NARRATIVE,  # shared pieces only, for both to read: ticked whenever there are any
    NEEDS,  # shared needs only, for both to read: ticked whenever there are any
    *JOURNALS,  # each partner's own, only with their password: never ticked for them
)


def section(key: str) -> PacketSection:
    """The registered part named ``key``; raises ``KeyError`` for an unknown one."""
    for entry in SECTIONS:
        if entry.key == key:
            return entry
    raise KeyError(key)
