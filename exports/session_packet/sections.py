"""What a part of the packet is, and what a gathered packet holds: plain, frozen data.

A workbook contributes a :class:`PacketSection`: how to read its part (``gather``) and
how to lay that data out (``flowables``), both in the packet's child process.
:func:`exports.session_packet.gather_packet` turns the ones the couple ticked into a
:class:`Packet`: plain data, opened already.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from exports.house_style import HouseStyle, PaperSize
from models.proof import FreshProof
from models.session import Keyring

if TYPE_CHECKING:
    from reportlab.platypus import Flowable


@dataclass(frozen=True)
class PacketRequest:
    """What every part is gathered with.

    ``names`` are printed for partner 1 and 2. ``proofs`` are the fresh password proofs
    typed for this one packet (none unless a part that needs them was ticked); a part
    that needs them passes them to the model, which checks them, never the caller.
    ``partners`` are the ones preparing it: both together, or one alone.
    """

    keys: Keyring
    names: dict[int, str]
    prepared_on: datetime.date
    session_on: datetime.date | None
    proofs: tuple[FreshProof, ...] = ()
    partners: tuple[int, ...] = (1, 2)


def _always(keys: Keyring, together: bool) -> bool:
    return True


@dataclass(frozen=True)
class PacketSection:
    """One part the packet can hold, as a workbook contributes it.

    ``key`` is how the dialog and :func:`gather_packet` name it; ``title_key`` finds its
    title, description and (if it has one) "not available" line in
    ``resources/exports_session_packet.toml``. ``gather(request)`` runs on the GUI
    thread and returns frozen data, or ``None`` when there is nothing to show;
    ``flowables(data, style)`` lays that data out on the export thread, without a
    heading (the packet adds the part's title); ``drawn_text(data)`` lists every string
    it may draw, so the packet's fonts can draw all of them. ``available(keys,
    together)`` says whether this session can offer it; ``needs_both`` asks both
    partners to type their own password, at that moment, before it is gathered.
    ``owner`` marks a part that is one partner's own (their journal): offered only in
    a session with them, never ticked for them, gathered only with their own password
    typed for this packet; its title and description name them (``{name}``).
    """

    key: str
    title_key: str
    gather: Callable[[PacketRequest], Any]
    flowables: Callable[[Any, HouseStyle], list[Flowable]]
    drawn_text: Callable[[Any], list[str]]
    available: Callable[[Keyring, bool], bool] = _always
    needs_both: bool = False
    owner: int | None = None


@dataclass(frozen=True)
class GatheredSection:
    """A ticked part, read and opened already, with the words the cover lists it by."""

    key: str
    title: str
    description: str
    data: Any
    flowables: Callable[[Any, HouseStyle], list[Flowable]]
    drawn_text: Callable[[Any], list[str]]


@dataclass(frozen=True)
class Packet:
    """Everything the packet prints, opened already: plain data, safe to lay out anywhere.

    ``note`` is "what we'd like to talk about", as typed: shared when ``prepared_by`` is
    both partners, one partner's when one prepared it alone (the cover says whose). It
    lives only here and in the PDF, never in the vault or anywhere else on disk.
    """

    names: dict[int, str]
    prepared_on: datetime.date
    session_on: datetime.date | None
    note: str
    parts: tuple[GatheredSection, ...]
    paper: PaperSize = "A4"
    prepared_by: tuple[int, ...] = (1, 2)


def shared_part(key: str, *, gather: Callable[..., Any],
                session_section: Callable[[Any, Any, HouseStyle], list[Flowable]],
                drawn_text: Callable[[Any, Any], list[str]], texts: Callable[[], Any],
                available: Callable[[Keyring, bool], bool]) -> PacketSection:
    """The part of a workbook whose PDF holds what the partners shared (#8): read by its
    ``gather(keys, names, prepared_on=..., session_on=...)`` (``None`` when its data is
    ``empty``), laid out by its ``session_section(data, texts, style)``, its strings
    from ``drawn_text(data, texts)``, with the words ``texts()`` returns; ``key`` names
    it and its words."""

    def gathered(request: PacketRequest) -> Any:
        data = gather(request.keys, request.names, prepared_on=request.prepared_on,
                      session_on=request.session_on)
        return None if data.empty else data

    def flowables(data: Any, style: HouseStyle) -> list[Flowable]:
        return session_section(data, texts(), style)

    def drawn(data: Any) -> list[str]:
        return drawn_text(data, texts())

    return PacketSection(key=key, title_key=key, gather=gathered, flowables=flowables,
                         drawn_text=drawn, available=available)
