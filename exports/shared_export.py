"""What every workbook's PDF export does the same way (#8), so a new workbook's
``export.py`` holds only what is its own: the order's fields, what it gathers and its
layout function.

In the child process (:mod:`exports.in_child`) a job reads the vault with
:func:`read_in_child` (or :func:`read_shared`, the workbook key alone), then writes
with :func:`write_laid_out`: the workbook's layout draws into the stream that
:func:`exports.pdf_writer.write_pdf` encrypts (optionally) and puts in place, and its
fractions fill the part of the progress that ``write_pdf`` leaves for the layout.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Protocol, TypeVar

from exports.house_style import PaperSize
from exports.in_child import Child, reading
from exports.pdf_writer import BuildPdf, Progress, write_pdf
from models.session import Keyring

Data = TypeVar("Data")
Words = TypeVar("Words")
Data_co = TypeVar("Data_co", covariant=True)
# A workbook's layout: draws ``data`` with its words into the stream, reporting the
# fraction of the layout done (draw_document in exports/<workbook>/layout.py).
LayOut = Callable[[BinaryIO, Data, Words, Progress | None], object]

GATHERED = "gathered"  # the child's step once everything is read


@dataclass(frozen=True)
class SharedOrder:
    """What a child process needs to read what both partners shared in one workbook and
    write its PDF: the order of a workbook whose export asks no password and no choice
    besides these (the narrative, the needs map).

    It goes to the child through a pipe, never the disk, argv or the environment. It
    holds the workbook key alone: no partner's journal key, so nothing private can be
    opened in the child. ``password`` is the PDF's (``None``: unencrypted).
    """

    vault: Path
    workbook_key: bytes = field(repr=False)
    names: dict[int, str] = field(repr=False)
    prepared_on: dt.date
    session_on: dt.date | None
    target: Path
    password: str | None = field(default=None, repr=False)
    paper: PaperSize = "A4"


def read_in_child(vault: Path, open_keys: Callable[[], Keyring],
                  gather: Callable[[Keyring], Data], child: Child) -> Data:
    """Read ``vault`` (read-only, in the child) with the keys ``open_keys`` makes; return
    what ``gather`` made of them. The keys are cleared however it ends; then the child
    says :data:`GATHERED`."""
    with reading(vault):
        keys = open_keys()
        try:
            data = gather(keys)
        finally:
            keys.clear()
    child.step(GATHERED)
    return data


def read_shared(vault: Path, workbook_key: bytes, gather: Callable[[Keyring], Data],
                child: Child) -> Data:
    """:func:`read_in_child` with the workbook key alone: what both partners may read."""
    return read_in_child(vault, lambda: Keyring.shared_only(workbook_key), gather, child)


class GatherShared(Protocol[Data_co]):
    """A workbook's ``gather`` for a :class:`SharedOrder` (exports/<workbook>/reading.py)."""

    def __call__(self, keys: Keyring, names: dict[int, str], *, prepared_on: dt.date,
                 session_on: dt.date | None = None, paper: PaperSize = "A4") -> Data_co: ...


def read_order(order: SharedOrder, gather: GatherShared[Data], child: Child) -> Data:
    """:func:`read_shared` of what ``gather`` reads for ``order``, with its names and dates."""
    return read_shared(order.vault, order.workbook_key, lambda keys: gather(
        keys, order.names, prepared_on=order.prepared_on, session_on=order.session_on,
        paper=order.paper), child)


def pdf_builder(lay_out: LayOut[Data, Words], data: Data, words: Words,
                progress: Progress | None = None) -> BuildPdf:
    """Return a function that draws ``data`` with ``words`` into a stream, for
    :func:`exports.pdf_writer.write_pdf`; ``progress`` hears the layout's fractions."""

    def build(stream: BinaryIO) -> None:
        lay_out(stream, data, words, progress)

    return build


def write_laid_out(target: Path, lay_out: LayOut[Data, Words], data: Data, words: Words, *,
                   password: str | None, progress: Progress | None) -> Path:
    """Write ``data`` laid out by ``lay_out`` to ``target`` as a PDF; return it.

    With ``password`` the PDF is AES-256 encrypted. ``progress`` hears fractions from
    0.0 to 1.0 on the calling thread (never the GUI thread). Raises the errors of
    :func:`exports.pdf_writer.write_pdf`, which leaves nothing behind when it fails.
    """
    report = progress
    layout_progress: Progress | None = None
    if report is not None:

        def layout_progress(fraction: float) -> None:
            # write_pdf reports 0.05 before the build and 0.7 after it; fill the gap.
            report(min(0.7, 0.05 + 0.65 * fraction))

    build = pdf_builder(lay_out, data, words, layout_progress)
    return write_pdf(build, target, password=password, progress=progress)
