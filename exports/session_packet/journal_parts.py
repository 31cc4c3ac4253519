"""Each partner's journal as a part of the packet: only what its owner brings, with
their own password typed for this packet.

A journal part holds the entries its owner tagged "Bring to the next session", never
one marked "just for me", laid out by :func:`exports.journal.session_section` in the
journal export's own words. It is offered only in a session with its owner, never
ticked for them, and gathered only with their fresh proof among the packet's
(:func:`exports.journal.gather_for_session` refuses anything less).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from exports.house_style import HouseStyle
from exports.journal import JournalExport, drawn_text, gather_for_session, journal_texts
from exports.journal import session_section as journal_flowables
from exports.session_packet.sections import PacketRequest, PacketSection
from models.session import Keyring

if TYPE_CHECKING:
    from reportlab.platypus import Flowable


def _gather(owner: int) -> Callable[[PacketRequest], JournalExport]:
    def gather(request: PacketRequest) -> JournalExport:
        proof = next((p for p in request.proofs if p.partner == owner), None)
        return gather_for_session(request.keys, owner, proof,
                                  owner_name=request.names.get(owner, ""))

    return gather


def _flowables(data: JournalExport, style: HouseStyle) -> list[Flowable]:
    return journal_flowables(data, journal_texts(), style)


def _drawn(data: JournalExport) -> list[str]:
    return drawn_text(data, journal_texts())


def _offered(owner: int) -> Callable[[Keyring, bool], bool]:
    """Together, or alone as its owner (whose own journal key the session holds)."""

    def available(keys: Keyring, together: bool) -> bool:
        return together or keys.holds_journal(owner)

    return available


def journal_part(owner: int) -> PacketSection:
    """The packet part for ``owner``'s journal."""
    return PacketSection(key=f"journal_{owner}", title_key="journal", gather=_gather(owner),
                         flowables=_flowables, drawn_text=_drawn, available=_offered(owner),
                         owner=owner)


JOURNALS = (journal_part(1), journal_part(2))
