"""Errors a person can cause or meet, each with a stable ``key``.

The UI turns the key into a calm sentence from ``resources/messages.toml``; models
hold no user-facing text. No exception here ever carries what a partner wrote.
"""

from __future__ import annotations


class TrellisError(Exception):
    """Base for every error Trellis expects and explains."""

    key = "unexpected"


class SealBroken(TrellisError):
    """A sealed value did not open: wrong key, changed bytes or wrong place."""

    key = "seal_broken"


class RecordUnreadable(TrellisError):
    """A stored record failed to decrypt; names the record, not its content."""

    key = "record_unreadable"

    def __init__(self, table: str, uuid: str, field: str) -> None:
        super().__init__(f"{table} {uuid} field {field} did not open")
        self.table = table
        self.uuid = uuid
        self.field = field


class WrongPassword(TrellisError):
    key = "wrong_password"


class WrongRecoveryKey(TrellisError):
    key = "wrong_recovery_key"


class PasswordRejected(TrellisError):
    """A new password that setup or a change will not accept (too short, shared)."""

    key = "password_rejected"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotATrellisFile(TrellisError):
    key = "not_a_trellis_file"


class VaultDamaged(TrellisError):
    key = "vault_damaged"


class VaultFromNewerVersion(TrellisError):
    key = "vault_newer"

    def __init__(self, found: int, supported: int) -> None:
        super().__init__(f"schema {found} is newer than {supported}")
        self.found = found
        self.supported = supported


class VaultInUse(TrellisError):
    key = "vault_in_use"


class VaultFolderNotWritable(TrellisError):
    key = "vault_folder_not_writable"


class DiskFull(TrellisError):
    key = "disk_full"


class WriteFailed(TrellisError):
    key = "write_failed"


class NotUnlocked(TrellisError):
    """An action needs a key the current session does not hold."""

    key = "not_unlocked"
