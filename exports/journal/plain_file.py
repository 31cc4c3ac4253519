"""Writing one plain-text file as safely as a PDF: all or nothing, readable only by us.

The text goes through :func:`exports.pdf_writer.write_file`: a private temp file (mode
0600) in the target folder, flushed and fsynced, then renamed onto the target, so a
failure leaves neither a partial file nor the temp file. The errors are those of
:mod:`exports.errors`, so the dialog can say kindly what to do.
"""

from __future__ import annotations

from pathlib import Path

from exports.pdf_writer import write_file


def write_text(target: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``target`` atomically, mode 0600; return ``target``.

    Raises :class:`~exports.errors.ExportFolderNotWritable`,
    :class:`~exports.errors.ExportDiskFull` or :class:`~exports.errors.ExportWriteFailed`;
    then nothing is left behind.
    """
    return write_file(target, text.encode("utf-8"))
