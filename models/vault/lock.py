"""One running app per vault: OS locks beside the file and on its inode."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from models import paths
from models.errors import VaultFolderNotWritable, VaultInUse

log = logging.getLogger(__name__)


class _LockFile:
    """An OS-level exclusive lock on one file, released by the OS even if the app is
    killed. A holder may remove the file on release; a waiter that then locked the
    removed file notices (its inode is gone from the path) and tries again."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.created = False
        self._fd: int | None = None

    def acquire(self, note: str) -> None:
        for _ in range(8):
            existed = self.path.exists()
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            except OSError as exc:
                raise VaultFolderNotWritable(type(exc).__name__) from exc
            try:
                _lock_fd(fd)
            except OSError as exc:
                os.close(fd)
                raise VaultInUse("another Trellis window has this vault open") from exc
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except OSError:
                same = False
            if same:
                break
            os.close(fd)
        else:
            raise VaultInUse("the lock file keeps being replaced")
        os.ftruncate(fd, 0)
        os.write(fd, note.encode())
        self.created = not existed
        self._fd = fd

    def release(self, remove: bool = False) -> None:
        if self._fd is None:
            return
        if remove:
            try:
                self.path.unlink(missing_ok=True)  # while still holding it
            except OSError:  # pragma: no cover - Windows keeps an open file
                pass
        os.close(self._fd)
        self._fd = None


def _lock_fd(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


class VaultLock:
    """One running app per vault file, however it is reached.

    ``<real path>.lock`` catches the same file opened by its path or through a
    symlink; a second lock named after the file's device and inode, in the user's lock
    folder, catches a hard link under another name.
    """

    def __init__(self, path: Path) -> None:
        self.vault = path
        self.beside = _LockFile(path.with_name(path.name + ".lock"))
        self.by_inode: _LockFile | None = None

    def acquire(self) -> None:
        info = os.stat(self.vault)
        note = f"{os.getpid()} {info.st_dev}:{info.st_ino}\n"
        self.beside.acquire(note)
        try:
            folder = paths.lock_dir()
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            # A read-only home must not stop anyone opening their workbook; the lock
            # beside the file still stops a second window on the same path.
            log.info("no lock folder (%s): hard links are not caught", type(exc).__name__)
            return
        by_inode = _LockFile(folder / f"{info.st_dev}-{info.st_ino}.lock")
        try:
            by_inode.acquire(note)
        except VaultInUse:
            self.beside.release(remove=self.beside.created)
            raise
        except VaultFolderNotWritable as exc:
            log.info("lock folder not writable (%s): hard links are not caught", exc)
            return
        self.by_inode = by_inode

    def release(self, refused: bool = False) -> None:
        """Let go; after a refusal, remove the ``.lock`` this attempt created."""
        if self.by_inode is not None:
            self.by_inode.release(remove=True)
            self.by_inode = None
        self.beside.release(remove=refused and self.beside.created)
