"""Writing one plain-text file as safely as a PDF: all or nothing, readable only by us.

The text goes to a private temp file (mode 0600) in the target folder, is flushed and
fsynced, then renamed onto the target, so a failure leaves neither a partial file nor
the temp file, and the finished file is never readable by other accounts. The errors are
those of :mod:`exports.errors`, so the dialog can say kindly what to do.
"""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

from exports.errors import ExportDiskFull, ExportError, ExportFolderNotWritable, ExportWriteFailed

_FOLDER_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOENT, errno.ENOTDIR,
                  errno.EISDIR}
_FULL_ERRNOS = {errno.ENOSPC} | ({errno.EDQUOT} if hasattr(errno, "EDQUOT") else set())
_TEMP_STEM_BYTES = 120  # room for the dot, a tag and ".part" within 255 bytes


def write_text(target: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``target`` atomically, mode 0600; return ``target``.

    Raises :class:`~exports.errors.ExportFolderNotWritable`,
    :class:`~exports.errors.ExportDiskFull` or :class:`~exports.errors.ExportWriteFailed`;
    then nothing is left behind.
    """
    target = Path(target)
    data = text.encode("utf-8")
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


def _open_temp(target: Path) -> tuple[int, Path]:
    stem = target.name.encode("utf-8")[:_TEMP_STEM_BYTES].decode("utf-8", "ignore")
    flags = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
             | getattr(os, "O_CLOEXEC", 0))
    while True:
        temp = target.parent / f".{stem}.{secrets.token_hex(4)}.part"
        try:
            return os.open(temp, flags, 0o600), temp
        except FileExistsError:
            continue


def _write_and_sync(fd: int, data: bytes) -> None:
    # fdopen owns the descriptor from here and closes it, even on failure.
    with os.fdopen(fd, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _sync_folder(folder: Path) -> None:
    """Make the rename durable where a folder can be fsynced (not on Windows)."""
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
    if exc.errno in _FOLDER_ERRNOS or isinstance(exc, PermissionError | NotADirectoryError
                                                 | FileNotFoundError | IsADirectoryError):
        return ExportFolderNotWritable(f"cannot write in the folder ({exc.strerror})", folder)
    return ExportWriteFailed(f"writing the export failed ({exc.strerror})", folder)
