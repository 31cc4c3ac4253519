"""The one way Trellis writes a PDF to disk.

Every export hands :func:`write_pdf` a function that draws the document into a
file-like object. The document is built in memory, encrypted there when a PDF
password is set, and only then written: to a private temp file (mode 0600) in the
target folder, flushed and fsynced, then renamed onto the target. A failure leaves
neither a partial target nor the temp file, and plaintext never reaches any disk
other than as the finished, chosen file.

reportlab and pypdf are imported inside the functions that need them, so starting
the app does not pay for them.
"""

from __future__ import annotations

import errno
import glob
import io
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from exports.errors import (
    ExportDiskFull,
    ExportError,
    ExportFolderNotWritable,
    ExportPasswordTooShort,
    ExportWriteFailed,
)

MIN_PDF_PASSWORD_CHARS = 8

Progress = Callable[[float], None]
BuildPdf = Callable[[BinaryIO], None]

_FOLDER_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT, errno.ENOTDIR,
                  errno.EISDIR}
_FULL_ERRNOS = {errno.ENOSPC} | ({errno.EDQUOT} if hasattr(errno, "EDQUOT") else set())
# Leave room for the dot, a random tag and ".part" within the usual 255-byte name limit.
_TEMP_STEM_BYTES = 120


def write_pdf(
    build: BuildPdf,
    target: Path,
    password: str | None = None,
    progress: Progress | None = None,
) -> Path:
    """Build a PDF in memory and write it to ``target`` safely; return ``target``.

    ``build`` draws the whole document into the stream it is given (an in-memory
    buffer). With ``password`` the PDF is encrypted with AES-256 and opens only with
    that password; the owner password is random and never kept. ``progress``, if
    given, is called with a fraction from 0.0 to 1.0 as the work advances; it is
    called on the calling thread.

    Raises :class:`ExportPasswordTooShort` before any work, and
    :class:`ExportFolderNotWritable`, :class:`ExportDiskFull` or
    :class:`ExportWriteFailed` when writing fails; then nothing is left behind.
    """
    report = progress if progress is not None else _ignore
    if password is not None and len(password) < MIN_PDF_PASSWORD_CHARS:
        raise ExportPasswordTooShort(MIN_PDF_PASSWORD_CHARS)
    target = Path(target)
    folder = target.parent
    report(0.0)

    # The temp file is made first, empty, so an unusable folder is reported at once
    # rather than after a long build.
    try:
        fd, temp = _open_temp(target)
    except OSError as exc:
        raise _export_error(exc, folder) from exc
    writing = False  # only errors from the disk become export errors
    try:
        report(0.05)
        data = _build_in_memory(build)
        report(0.7)
        if password is not None:
            data = _encrypt(data, password)
        report(0.85)
        writing = True
        owned, fd = fd, -1
        _write_and_sync(owned, data)
        report(0.95)
        os.replace(temp, target)
    except BaseException as exc:
        if fd >= 0:
            os.close(fd)
        _remove_quietly(temp)
        if writing and isinstance(exc, OSError):
            raise _export_error(exc, folder) from exc
        raise
    _sync_folder(folder)
    report(1.0)
    return target


def write_file(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` the same safe way as a PDF (a 0600 temp file in the
    target's folder, fsync, rename); return ``target``. For exports that are not PDFs
    (a journal's Markdown). Raises the same export errors; then nothing is left behind.
    """
    target = Path(target)
    try:
        fd, temp = _open_temp(target)
    except OSError as exc:
        raise _export_error(exc, target.parent) from exc
    try:
        _write_and_sync(fd, data)
        os.replace(temp, target)
    except BaseException as exc:
        _remove_quietly(temp)
        if isinstance(exc, OSError):
            raise _export_error(exc, target.parent) from exc
        raise
    _sync_folder(target.parent)
    return target


def _ignore(_fraction: float) -> None:
    return None


def remove_unfinished(target: Path) -> None:
    """Remove what a write to ``target`` cut off mid-way left: its temp files only.

    For a writer that could not clean up itself (a child process that had to be ended);
    the target and every other file are left alone.
    """
    for temp in Path(target).parent.glob(f".{glob.escape(_temp_stem(target))}.*.part"):
        _remove_quietly(temp)


def _temp_stem(target: Path) -> str:
    return target.name.encode("utf-8")[:_TEMP_STEM_BYTES].decode("utf-8", "ignore")


def _open_temp(target: Path) -> tuple[int, Path]:
    stem = _temp_stem(target)
    flags = (
        os.O_WRONLY
        | os.O_CREAT
        | os.O_EXCL
        | getattr(os, "O_BINARY", 0)
        | getattr(os, "O_CLOEXEC", 0)
    )
    while True:
        temp = target.parent / f".{stem}.{secrets.token_hex(4)}.part"
        try:
            return os.open(temp, flags, 0o600), temp
        except FileExistsError:
            continue


def _build_in_memory(build: BuildPdf) -> bytes:
    buffer = io.BytesIO()
    build(buffer)
    return buffer.getvalue()


def _encrypt(data: bytes, password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(
        user_password=password,
        owner_password=secrets.token_urlsafe(32),
        algorithm="AES-256",
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _write_and_sync(fd: int, data: bytes) -> None:
    # fdopen owns the descriptor from here and closes it, even on failure.
    with os.fdopen(fd, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the rename durable where the OS lets a folder be fsynced (not Windows)."""
    if os.name == "nt":
        return
    try:
        dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass  # some file systems refuse to fsync a folder; the file itself is synced
    finally:
        os.close(dir_fd)


def _remove_quietly(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _export_error(exc: OSError, folder: Path) -> ExportError:
    if exc.errno in _FULL_ERRNOS:
        return ExportDiskFull(f"no space left ({exc.strerror})", folder)
    if exc.errno in _FOLDER_ERRNOS or isinstance(
        exc, PermissionError | NotADirectoryError | FileNotFoundError | IsADirectoryError
    ):
        return ExportFolderNotWritable(f"cannot write in the folder ({exc.strerror})", folder)
    return ExportWriteFailed(f"writing the export failed ({exc.strerror})", folder)
