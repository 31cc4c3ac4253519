"""Errors an export can meet, each with a stable ``key`` the UI turns into a sentence.

Like :mod:`models.errors`, these carry no user-facing text and never anything a
partner wrote; ``folder`` is kept so the UI can name the place and offer another.
"""

from __future__ import annotations

from pathlib import Path

from models.errors import TrellisError


class ExportError(TrellisError):
    """Base for every export failure Trellis expects and explains."""

    key = "export_failed"

    def __init__(self, message: str, folder: Path | None = None) -> None:
        super().__init__(message)
        self.folder = folder


class ExportFolderNotWritable(ExportError):
    """The chosen folder is missing, not a folder, read-only or not ours to write."""

    key = "export_folder_not_writable"


class ExportDiskFull(ExportError):
    """The disk (or the person's quota) ran out of space while writing."""

    key = "export_disk_full"


class ExportWriteFailed(ExportError):
    """Any other operating-system error while writing; nothing partial is left."""

    key = "export_write_failed"


class ExportPasswordTooShort(ExportError):
    """A PDF password shorter than :data:`exports.pdf_writer.MIN_PDF_PASSWORD_CHARS`."""

    key = "export_password_too_short"

    def __init__(self, minimum: int) -> None:
        super().__init__(f"a PDF password needs at least {minimum} characters")
        self.minimum = minimum
