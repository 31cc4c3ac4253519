"""The vault file: one SQLite file holding every sealed record and the key slots.

Opening first reads the file without writing (:func:`inspect`): a regular file, SQLite,
Trellis's application id, a schema this version understands, the tables step 1 made
and the vault id only Trellis writes. Only then does anything write to it (a lock
file, pragmas, migrations); anything else is refused untouched. Symlinks are resolved,
and one running app per vault is enforced with OS locks on ``<real path>.lock`` and on
the file's inode (so a hard link cannot open a second instance either). Slow key work
(Argon2id) lives in the pure functions of :mod:`models.keys` and in
:func:`prepare_setup` / :func:`try_password` so the UI can run it off its thread;
everything that touches the file stays here.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import sqlite3
import stat
import sys
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import peewee

from models import crypto, keys, ledger, manifest, migrations, paths, records
from models.damage import LOW_LEVEL, Damage
from models.db import DB, PRAGMAS, writing
from models.errors import (
    NotATrellisFile,
    PasswordRejected,
    SealBroken,
    TrellisError,
    VaultDamaged,
    VaultFolderNotWritable,
    VaultFromNewerVersion,
    VaultInUse,
    WrongPassword,
    WrongRecoveryKey,
)
from models.keys import Argon2Cost, KdfParams, KeyBundle, SlotData, SlotKind
from models.proof import FreshProof, prove
from models.schema import KeySlot, Partner, VaultFact
from models.session import Keyring, Session

# PRAGMA application_id marks the file as ours ("TRLS").
APPLICATION_ID = 0x54524C53
_SQLITE_MAGIC = b"SQLite format 3\x00"
_UTF8 = 1  # the header's text encoding; Trellis files are always UTF-8
PARTNERS = (1, 2)
# What step 1 made in every Trellis file: with the application id and the vault id
# fact, the header a file must carry before Trellis writes anything to it.
_CORE_COLUMNS = {
    "vault_fact": {"name", "value"},
    "partner": {"number", "sealed_name"},
    "key_slot": {"partner", "kind", "kdf", "sealed"},
    "journal_entry": {"uuid", "owner"},
}
_VAULT_ID = re.compile(r"[0-9a-f]{32}")
# A plain VaultFact: it tells someone holding the file only how many tries failed.
FAILED_UNLOCKS = "failed_unlocks"
_MAX_COUNTED_FAILURES = 10_000

log = logging.getLogger(__name__)


class UnlockCancelled(TrellisError):
    """The person stopped an unlock while the password was being checked."""

    key = "unlock_cancelled"


class PasswordNotChanged(TrellisError):
    """The new key slot was not saved: the current password still opens Trellis."""

    key = "password_not_changed"


class PasswordChangedNotTidied(TrellisError):
    """The new password is saved, but the old slot's bytes could not be purged from the
    file yet (the checkpoint failed); closing the vault tries again."""

    key = "password_changed_not_tidied"


# -- before opening: what is this file? ---------------------------------------------


def inspect(path: Path) -> str:
    """Say what is at ``path`` without writing anything.

    Returns ``"missing"`` (no vault yet: run setup) or ``"vault"``. Raises
    :class:`NotATrellisFile`, :class:`VaultDamaged` or :class:`VaultFromNewerVersion`.
    The file is read through a read-only connection, so neither a lock file nor a
    pragma touches a file that turns out not to be Trellis's.
    """
    real = Path(os.path.realpath(path))
    try:
        info = real.stat()
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    if stat.S_ISDIR(info.st_mode):
        raise NotATrellisFile("a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        # A FIFO would block the first read forever; a device is never a vault.
        raise NotATrellisFile("not a regular file")
    header = _read_header(real)
    if len(header) == 0:
        raise VaultDamaged("empty file")
    if not header.startswith(_SQLITE_MAGIC[: min(len(header), 16)]):
        raise NotATrellisFile("not an SQLite file")
    if len(header) < 100:
        raise VaultDamaged("truncated header")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id != APPLICATION_ID:
        raise NotATrellisFile("another program's database")
    version = int.from_bytes(header[60:64], "big")
    if version > migrations.SCHEMA_VERSION:
        raise VaultFromNewerVersion(version, migrations.SCHEMA_VERSION)
    if int.from_bytes(header[56:60], "big") != _UTF8:
        raise VaultDamaged("text encoding")
    _check_trellis_tables(real, version)
    return "vault"


def _read_header(path: Path) -> bytes:
    """The first 100 bytes, opened without blocking and checked to be a regular file."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise VaultDamaged(type(exc).__name__) from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped since the stat
            raise NotATrellisFile("not a regular file")
        return os.read(fd, 100)
    except OSError as exc:
        raise VaultDamaged(type(exc).__name__) from exc
    finally:
        os.close(fd)


def _check_trellis_tables(path: Path, header_version: int) -> None:
    """Read-only: the schema Trellis made, and the vault id only Trellis writes."""
    if header_version < 1:
        # Trellis sets the version in the same transaction that makes its tables.
        raise NotATrellisFile("no Trellis schema")
    wal = path.with_name(path.name + "-wal")
    # Without a WAL the main file is the whole truth: read it as immutable, so SQLite
    # creates no -wal or -shm beside it. With one, read through it (a crash left it).
    query = "mode=ro" if _size(wal) else "mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?{query}", uri=True)
    except sqlite3.Error as exc:
        raise VaultDamaged(type(exc).__name__) from exc
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > migrations.SCHEMA_VERSION:
            raise VaultFromNewerVersion(version, migrations.SCHEMA_VERSION)
        if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise NotATrellisFile("another program's database")
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        if not tables & set(_CORE_COLUMNS):
            raise NotATrellisFile("no Trellis tables")
        for table, needed in _CORE_COLUMNS.items():
            if table not in tables:
                raise VaultDamaged(f"table {table} missing")
            columns = {row[1] for row in connection.execute(f"PRAGMA table_info({table})")}
            if not needed <= columns:
                raise VaultDamaged(f"table {table} changed")
        row = connection.execute(
            "SELECT value FROM vault_fact WHERE name = 'vault_id'"
        ).fetchone()
        if row is None or not isinstance(row[0], str) or not _VAULT_ID.fullmatch(row[0]):
            raise VaultDamaged("no vault id")
    except (sqlite3.Error, UnicodeDecodeError, ValueError, OverflowError) as exc:
        raise VaultDamaged(type(exc).__name__) from exc
    finally:
        connection.close()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


# -- one app per vault ----------------------------------------------------------------


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


class _VaultLock:
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


# -- setup (pure, slow) -----------------------------------------------------------------


@dataclass(frozen=True)
class SetupPlan:
    """Everything a new vault needs, computed before the file is touched."""

    vault_id: str
    names: dict[int, str]
    bundles: dict[int, KeyBundle]
    slots: list[SlotData]
    recovery_keys: dict[int, bytes]


def prepare_setup(
    names: dict[int, str], passwords: dict[int, str], cost: Argon2Cost | None = None
) -> SetupPlan:
    """Make keys and slots for a new couple (slow: calibrates and runs Argon2id).

    ``cost=None`` calibrates to about half a second on this computer.
    """
    for partner in PARTNERS:
        keys.check_new_password(passwords[partner])
    if passwords[1] == passwords[2]:
        raise PasswordRejected("same_as_partner")
    cost = cost or keys.calibrate()
    vault_id = uuid.uuid4().hex
    workbook_key = crypto.new_key()
    bundles, slots, recovery_keys = {}, [], {}
    for partner in PARTNERS:
        bundle = KeyBundle(workbook_key, crypto.new_key())
        recovery = keys.new_recovery_key()
        bundles[partner] = bundle
        recovery_keys[partner] = recovery
        slots.append(keys.seal_password_slot(vault_id, partner, passwords[partner], bundle, cost))
        slots.append(keys.seal_recovery_slot(vault_id, partner, recovery, bundle))
    return SetupPlan(vault_id, dict(names), bundles, slots, recovery_keys)


def try_password(
    slots: list[SlotData], password: str, cancel: threading.Event | None = None
) -> tuple[int, KeyBundle]:
    """Find whose password this is (slow: one Argon2id per slot).

    No name is stored in the clear, so the password itself says who is here. Every
    slot is tried even after one opened, so the time taken does not say whose password
    it was. Only slots asking for different costs (Trellis always gives both the same:
    one was edited) are tried cheapest first, stopping at the first that opens, so an
    edited slot cannot slow the other partner's unlock. ``cancel`` is checked before
    each slot: once set, :class:`UnlockCancelled` is raised.
    """
    even = len({(s.kdf.memory_kib, s.kdf.iterations, s.kdf.lanes) for s in slots}) <= 1
    order = slots if even else sorted(slots, key=lambda slot: slot.kdf.work())
    found: tuple[int, KeyBundle] | None = None
    for slot in order:
        if cancel is not None and cancel.is_set():
            raise UnlockCancelled("stopped while checking")
        try:
            bundle = keys.open_password_slot(slot, password)
        except SealBroken:
            continue
        if found is None:
            found = (slot.partner, bundle)
        if not even:
            break
    if found is None:
        raise WrongPassword("no slot opened")
    return found


def try_two_passwords(
    slots: list[SlotData], first: str, second: str, cancel: threading.Event | None = None
) -> dict[int, KeyBundle]:
    """Open a *together* session: each partner typed their own password (slow).

    The first password is tried against every slot (so the time says nothing about
    who typed first), the second against the other partner's. Raises
    :class:`WrongPassword` with ``which`` set to "first" or "second", or
    :class:`PasswordRejected` ("same_person") when both passwords are one partner's.
    """
    try:
        partner, bundle = try_password(slots, first, cancel)
    except WrongPassword as exc:
        raise WrongPassword("first") from exc
    others = [slot for slot in slots if slot.partner != partner]
    try:
        other, other_bundle = try_password(others, second, cancel)
    except WrongPassword as exc:
        if second == first:
            raise PasswordRejected("same_person") from exc
        mine = [slot for slot in slots if slot.partner == partner]
        try:
            try_password(mine, second, cancel)
        except WrongPassword:
            raise WrongPassword("second") from exc
        raise PasswordRejected("same_person") from exc
    return {partner: bundle, other: other_bundle}


def try_recovery_key(slots: list[SlotData], text: str) -> tuple[int, KeyBundle]:
    """Find whose recovery key this is; raises :class:`WrongRecoveryKey`."""
    raw = keys.parse_recovery_key(text)
    if raw is not None:
        for slot in slots:
            try:
                return slot.partner, keys.open_recovery_slot(slot, raw)
            except SealBroken:
                continue
    raise WrongRecoveryKey("no slot opened")


def rewrap_password(
    slot: SlotData, bundle: KeyBundle, new_password: str, cost: Argon2Cost
) -> SlotData:
    """A fresh password slot (new salt) for the same bundle (slow)."""
    keys.check_new_password(new_password)
    return keys.seal_password_slot(slot.vault_id, slot.partner, new_password, bundle, cost)


def prepare_password_change(
    slot: SlotData, other: SlotData | None, old: str, new: str
) -> SlotData:
    """The re-wrapped slot for a password change (slow; pure, any thread).

    Raises :class:`WrongPassword` if ``old`` does not open ``slot`` and
    :class:`PasswordRejected` if ``new`` is weak or opens the other partner's slot.
    ``other`` is ``None`` when the other partner's slot is damaged: no password opens
    it, so there is nothing to compare with.
    """
    try:
        bundle = keys.open_password_slot(slot, old)
    except SealBroken as exc:
        raise WrongPassword("current password did not fit") from exc
    _check_not_partners(other, new)
    return rewrap_password(slot, bundle, new, cost_of(slot))


def prepare_reset(
    recovery_slots: list[SlotData], password_slots: list[SlotData], recovery_text: str, new: str
) -> tuple[int, KeyBundle, SlotData]:
    """Who the recovery key belongs to, their bundle and their new password slot (slow).

    Also mends a partner's damaged password slot: the new one is written in its place.
    """
    partner, bundle = try_recovery_key(recovery_slots, recovery_text)
    by_partner = {slot.partner: slot for slot in password_slots}
    _check_not_partners(by_partner.get(3 - partner), new)
    model = by_partner.get(partner) or by_partner.get(3 - partner)
    cost = cost_of(model) if model is not None else Argon2Cost()
    vault_id = recovery_slots[0].vault_id
    return partner, bundle, keys.seal_password_slot(vault_id, partner, new, bundle, cost)


def _check_not_partners(other: SlotData | None, password: str) -> None:
    """Refuse a password that opens the other partner's slot: it would blur who is who."""
    keys.check_new_password(password)
    if other is None:
        return
    try:
        keys.open_password_slot(other, password)
    except SealBroken:
        return
    raise PasswordRejected("same_as_partner")


def cost_of(slot: SlotData) -> Argon2Cost:
    return Argon2Cost(slot.kdf.memory_kib, slot.kdf.iterations, slot.kdf.lanes)


# -- the open file ----------------------------------------------------------------------


class Vault:
    """An open vault file. Use :meth:`open` or :meth:`create`; call :meth:`close`."""

    def __init__(self, path: Path, lock: _VaultLock, database: peewee.SqliteDatabase) -> None:
        self.path = path
        self._lock = lock
        self._database = database
        self.vault_id = _read_vault_id()

    # opening and closing

    @classmethod
    def open(cls, path: Path) -> Vault:
        """Open an existing vault, migrating it (after a backup copy) if it is older.

        ``path`` may be a symlink or a hard link: the real file is opened and locked.
        """
        path = Path(os.path.realpath(path))
        # Read-only checks first: nothing (no lock file, no pragma) touches a file
        # that is not Trellis's, or one this version would refuse.
        if inspect(path) == "missing":
            raise FileNotFoundError(str(path))
        if not os.access(path.parent, os.W_OK):
            raise VaultFolderNotWritable("folder is read-only")
        lock = _VaultLock(path)
        lock.acquire()
        try:
            database = _connect(path)
            try:
                _migrate(path, database, backup=True)
                return cls(path, lock, database)
            except BaseException:
                database.close()
                if DB.obj is database:
                    DB.initialize(None)
                raise
        except BaseException:
            lock.release(refused=True)
            raise

    @classmethod
    def create(cls, path: Path, plan: SetupPlan) -> Vault:
        """Write a new vault file from a :class:`SetupPlan` (mode 0600)."""
        path = Path(os.path.realpath(path))
        if path.exists():
            raise FileExistsError(str(path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
        except OSError as exc:
            raise VaultFolderNotWritable(type(exc).__name__) from exc
        lock = _VaultLock(path)
        try:
            lock.acquire()
            database = _connect(path)
            database.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            _migrate(path, database, backup=False)  # an empty file Trellis just made
            with writing():
                VaultFact.create(name="vault_id", value=plan.vault_id)
                VaultFact.create(name="created_at", value=_now().isoformat())
                for slot in plan.slots:
                    KeySlot.create(
                        partner=slot.partner, kind=slot.kind, kdf=slot.kdf.to_json(),
                        sealed=slot.sealed,
                    )
                workbook_key = plan.bundles[1].workbook_key
                for partner, name in plan.names.items():
                    Partner.create(
                        number=partner,
                        sealed_name=crypto.seal(workbook_key, name.encode(), _name_aad(partner)),
                    )
            # Both public signing keys are known from the start, so neither partner can
            # be the first to sign in the other's name (models.ledger).
            keyring = Keyring(dict(plan.bundles))
            for partner, bundle in plan.bundles.items():
                ledger.check_own_key(keyring, partner, bundle.journal_key)
            # A new file has no rows from before echoes: from now on every shared row
            # must carry its echo (models.records).
            records.fill_echoes(keyring, _echoed_models())
            # Each owner's private rows are counted from the start (models.manifest).
            manifest.start(keyring, _private_tables())
            # Move the header (application id, schema version) into the main file now,
            # so the file is recognisable even before the first clean close.
            database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except BaseException:
            if DB.obj is not None:
                DB.obj.close()
                DB.initialize(None)
            lock.release(refused=True)
            for leftover in _family(path):
                leftover.unlink(missing_ok=True)
            raise
        return cls(path, lock, database)

    def close(self) -> None:
        """Checkpoint, close the file and release the lock."""
        try:
            self._database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except peewee.DatabaseError:
            pass
        self._database.close()
        if DB.obj is self._database:
            DB.initialize(None)
        self._lock.release()

    # key slots

    def slots(self, kind: SlotKind) -> list[SlotData]:
        """The slots of ``kind`` that can be tried, by partner.

        A slot whose stored parameters are unreadable or out of bounds is left out: it
        could not open anyway, and it must not stop the other partner's slot.
        """
        try:
            rows = DB.execute_sql(
                "SELECT partner, CAST(kdf AS BLOB), sealed FROM key_slot WHERE kind = ?"
                " ORDER BY partner",
                (kind,),
            ).fetchall()
        except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
            raise VaultDamaged(type(exc).__name__) from exc
        found = []
        for partner, kdf, sealed in rows:
            if type(partner) is not int or partner not in PARTNERS:
                continue
            if not isinstance(sealed, bytes) or not isinstance(kdf, bytes):
                continue
            try:
                params = KdfParams.from_json(kdf)
            except SealBroken:
                log.info("partner %d's %s slot is damaged", partner, kind)
                continue
            found.append(SlotData(self.vault_id, partner, kind, params, sealed))
        return found

    def find_slot(self, partner: int, kind: SlotKind) -> SlotData | None:
        """``partner``'s slot of ``kind``, or ``None`` when it is missing or damaged."""
        for slot in self.slots(kind):
            if slot.partner == partner:
                return slot
        return None

    def slot_of(self, partner: int, kind: SlotKind) -> SlotData:
        slot = self.find_slot(partner, kind)
        if slot is None:
            raise VaultDamaged(f"no usable {kind} slot for partner {partner}")
        return slot

    def replace_slot(self, slot: SlotData) -> None:
        """Store a re-wrapped slot, then purge the old one's bytes from file and WAL.

        Says exactly what happened: :class:`PasswordNotChanged` when the new slot was
        not saved (the old password still works), :class:`PasswordChangedNotTidied`
        when it was saved but the old bytes could not be purged yet. A damaged or
        missing slot is written anew.
        """
        try:
            with writing():
                changed = KeySlot.update(kdf=slot.kdf.to_json(), sealed=slot.sealed).where(
                    (KeySlot.partner == slot.partner) & (KeySlot.kind == slot.kind)
                ).execute()
                if not changed:
                    KeySlot.create(partner=slot.partner, kind=slot.kind,
                                   kdf=slot.kdf.to_json(), sealed=slot.sealed)
        except TrellisError as exc:
            raise PasswordNotChanged(exc.key) from exc
        # secure_delete zeroed the old cell in the new page image; a truncating
        # checkpoint moves that image into the file and empties the WAL.
        try:
            busy = self._database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        except (peewee.DatabaseError, sqlite3.DatabaseError, OSError) as exc:
            raise PasswordChangedNotTidied(type(exc).__name__) from exc
        if busy:
            raise PasswordChangedNotTidied("checkpoint busy")

    def change_password(self, partner: int, old: str, new: str) -> None:
        """Re-wrap ``partner``'s slot under a new password (slow; the old one must fit).

        Keeps the slot's cost. The recovery key is untouched and still works.
        """
        slot = self.slot_of(partner, "password")
        other = self.find_slot(3 - partner, "password")
        self.replace_slot(prepare_password_change(slot, other, old, new))

    def reset_password(self, recovery_text: str, new: str) -> tuple[int, KeyBundle]:
        """Set a new password for whoever's recovery key this is (slow)."""
        partner, bundle, slot = prepare_reset(
            self.slots("recovery"), self.slots("password"), recovery_text, new
        )
        self.replace_slot(slot)
        return partner, bundle

    # failed tries, kept in the file so that restarting does not reset the back-off

    def failed_unlocks(self) -> int:
        """How many unlock tries failed since the last one that opened."""
        try:
            row = VaultFact.get_or_none(VaultFact.name == FAILED_UNLOCKS)
            count = int(row.value) if row is not None else 0
        except (peewee.DatabaseError, sqlite3.DatabaseError, ValueError, TypeError):
            return 0
        return max(0, min(count, _MAX_COUNTED_FAILURES))

    def note_failed_unlock(self) -> int:
        """Count one more failed try; returns the new count."""
        count = min(self.failed_unlocks() + 1, _MAX_COUNTED_FAILURES)
        with writing():
            VaultFact.insert(name=FAILED_UNLOCKS, value=str(count)).on_conflict_replace().execute()
        return count

    def clear_failed_unlocks(self) -> None:
        """Someone got in: the back-off starts again from nothing."""
        if self.failed_unlocks():
            with writing():
                VaultFact.delete().where(VaultFact.name == FAILED_UNLOCKS).execute()

    # sessions

    def check_password(self, partner: int, password: str) -> FreshProof:
        """A :class:`~models.proof.FreshProof` if ``password`` is ``partner``'s (slow).

        The UI reads the slot here and runs :func:`models.proof.prove` off its thread;
        this is the same in one call, for tests and the command line.
        """
        return prove(self.slot_of(partner, "password"), password)

    def start_session(self, bundles: dict[int, KeyBundle]) -> Session:
        """Begin a session for the partners whose bundles were opened.

        Together, neither journal key is kept: at one keyboard, what is private opens
        only with its owner's password typed at that moment (a fresh proof). Alone,
        the partner who typed their password keeps their own journal key. Each partner
        who just typed their password has this opening sealed under their own journal
        key (see :meth:`last_unlocked`).
        """
        keyring = Keyring(bundles)
        partners = tuple(sorted(bundles))
        for partner, bundle in bundles.items():
            try:  # learns the key of a file from before the ledger; checks it after
                ledger.check_own_key(keyring, partner, bundle.journal_key)
            except TrellisError as exc:
                # A replaced key: the facts it signed are reported as damage where they
                # are read; unlocking goes on.
                log.warning("partner %d's signing key: %s", partner, exc.key)
        self._note_opened(bundles)
        try:  # once, for a file from before echoes of plain columns
            records.fill_echoes(keyring, _echoed_models())
        except (TrellisError, peewee.DatabaseError, sqlite3.DatabaseError) as exc:
            log.warning("echoes not filled in: %s", type(exc).__name__)
        if len(partners) > 1:
            for partner in partners:
                keyring.forget_journal(partner)
        names, damaged = self.load_names(keyring)
        return Session(partners=partners, keyring=keyring,
                       names={p: names.get(p, "") for p in PARTNERS}, names_damaged=damaged)

    def names(self, keyring: Keyring) -> dict[int, str]:
        """Both partners' chosen names, opened with the workbook key; a name that could
        not be opened is empty here (:meth:`load_names` says which)."""
        names, _ = self.load_names(keyring)
        return {partner: names.get(partner, "") for partner in PARTNERS}

    def load_names(self, keyring: Keyring) -> tuple[dict[int, str], list[Damage]]:
        """The names that open, and a :class:`Damage` for each partner whose name row is
        missing, doubled, moved or does not open (damage stays with that one name)."""
        names: dict[int, str] = {}
        damaged: list[Damage] = []
        try:
            rows = DB.execute_sql(
                "SELECT number, sealed_name FROM partner ORDER BY rowid").fetchall()
        except LOW_LEVEL as exc:
            return {}, [Damage("partner", f"partner {p}", "record", type(exc).__name__)
                        for p in PARTNERS]
        seen: set[int] = set()
        for number, sealed in rows:
            if number not in PARTNERS or number in seen:
                damaged.append(Damage("partner", f"partner {number}", "record", "unknown"))
                continue
            seen.add(number)
            try:
                names[number] = crypto.unseal(
                    keyring.workbook_key(), sealed, _name_aad(number)).decode()
            except (SealBroken, UnicodeDecodeError):
                damaged.append(Damage("partner", f"partner {number}", "words", "unseal"))
        damaged += [Damage("partner", f"partner {p}", "record", "missing")
                    for p in PARTNERS if p not in seen]
        return names, damaged

    def went_back(self, keyring: Keyring) -> list[int]:
        """The partners (whose journal keys ``keyring`` holds) for whom this file now holds
        fewer facts than when they last opened it: facts were removed, or part of an
        older copy was put back. Call before :meth:`start_session`, which notes the
        file as it is now. An older copy of the *whole* file carries its own older
        marks and is not caught here.
        """
        back = []
        for partner in PARTNERS:
            if keyring.holds_journal(partner):
                mark = self._read_seen(partner, keyring.journal_key(partner)).get("ledger")
                if isinstance(mark, str) and ledger.went_back(mark):
                    back.append(partner)
        return back

    def last_unlocked(self, keyring: Keyring | None = None) -> dict[int, dt.datetime | None]:
        """When each partner whose journal key ``keyring`` holds last opened Trellis.

        The moment is sealed under that partner's own journal key, so neither the
        other partner nor anyone holding the file can read it. Partners whose journal
        key is not held are left out (with no keyring, everyone is); ``None`` means
        never, or a value that did not open. Call it before :meth:`start_session`
        (with ``Keyring(bundles)``) for the opening before this one.
        """
        seen: dict[int, dt.datetime | None] = {}
        if keyring is None:
            return seen
        for partner in PARTNERS:
            if keyring.holds_journal(partner):
                opened_at = self._read_seen(partner, keyring.journal_key(partner)).get("opened_at")
                try:
                    seen[partner] = dt.datetime.fromisoformat(str(opened_at))
                except ValueError:
                    seen[partner] = None
        return seen

    def set_name(self, keyring: Keyring, partner: int, name: str) -> None:
        sealed = crypto.seal(keyring.workbook_key(), name.encode(), _name_aad(partner))
        with writing():
            Partner.update(sealed_name=sealed).where(Partner.number == partner).execute()

    def _note_opened(self, bundles: dict[int, KeyBundle]) -> None:
        try:
            seen = {"opened_at": _now().isoformat(), "ledger": ledger.seen_mark()}
            with writing():
                for partner, bundle in bundles.items():
                    sealed = crypto.seal(
                        bundle.journal_key, json.dumps(seen).encode(), self._seen_aad(partner)
                    )
                    Partner.update(sealed_last_seen=sealed).where(
                        Partner.number == partner
                    ).execute()
        except (TrellisError, peewee.DatabaseError, sqlite3.DatabaseError) as exc:
            # Only Home's "you last opened" line goes stale; unlocking goes on.
            log.info("last opening not saved: %s", type(exc).__name__)

    def _read_seen(self, partner: int, journal_key: bytes) -> dict[str, object]:
        """What ``partner`` saw when they last opened the file; empty when never, or
        when the sealed value does not open (damage stays with this one line)."""
        try:
            row = DB.execute_sql(
                "SELECT sealed_last_seen FROM partner WHERE number = ?", (partner,)
            ).fetchone()
            if row is None or row[0] is None:
                return {}
            seen = json.loads(crypto.unseal(journal_key, row[0], self._seen_aad(partner)))
        except (SealBroken, peewee.DatabaseError, sqlite3.DatabaseError, ValueError):
            return {}
        return seen if isinstance(seen, dict) else {}

    def _seen_aad(self, partner: int) -> bytes:
        return crypto.aad_for("partner", self.vault_id, partner, "last_seen")


# -- helpers ------------------------------------------------------------------------------


def _private_tables() -> list[str]:
    from models import agreements, consent
    from models.journal import JournalEntry

    return [JournalEntry._meta.table_name, consent.ConsentAnswer._meta.table_name,
            agreements.ReviewRating._meta.table_name]


def _echoed_models() -> list[type[records.SealedRecord]]:
    from models import agreements, consent

    return [*agreements.ECHOED, consent.ConsentItem, consent.ConsentReveal]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _name_aad(partner: int) -> bytes:
    return crypto.aad_for("partner", partner, "name")


def _family(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))]


def _read_vault_id() -> str:
    try:
        value = VaultFact.get_by_id("vault_id").value
    except (peewee.DoesNotExist, peewee.DatabaseError, sqlite3.DatabaseError,
            UnicodeDecodeError) as exc:
        raise VaultDamaged("no vault id") from exc
    if not isinstance(value, str) or not _VAULT_ID.fullmatch(value):
        raise VaultDamaged("vault id")
    return value


def _connect(path: Path) -> peewee.SqliteDatabase:
    if not os.access(path.parent, os.W_OK):
        raise VaultFolderNotWritable("folder is read-only")
    # A write-ahead log left with content means the last session did not close cleanly
    # (a crash, a power cut): then the whole check, which also compares every index with
    # its table, so rows an index lost are found. Otherwise the quick one.
    wal = path.with_name(path.name + "-wal")
    unclean = wal.exists() and wal.stat().st_size > 0
    database = peewee.SqliteDatabase(str(path), pragmas=PRAGMAS, autoconnect=False)
    try:
        database.connect()
        # Reading the schema proves the file is readable SQLite.
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
        pragma = "integrity_check(1)" if unclean else "quick_check"
        check = database.execute_sql(f"PRAGMA {pragma}").fetchone()
    except (peewee.DatabaseError, sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        database.close()
        raise VaultDamaged(type(exc).__name__) from exc
    if check is None or check[0] != "ok":
        database.close()
        raise VaultDamaged(f"{pragma} failed")
    DB.initialize(database)
    return database


def _migrate(path: Path, database: peewee.SqliteDatabase, backup: bool) -> None:
    current = database.execute_sql("PRAGMA user_version").fetchone()[0]
    if current > migrations.SCHEMA_VERSION:
        raise VaultFromNewerVersion(current, migrations.SCHEMA_VERSION)
    steps = migrations.pending(current)
    if steps and backup:
        _backup_before_migration(path, database, current)
    for version, step in steps:
        with writing():
            step()
            database.execute_sql(f"PRAGMA user_version = {version}")
    if steps:
        database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _backup_before_migration(path: Path, database: peewee.SqliteDatabase, current: int) -> None:
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    stamp = _now().strftime("%Y%m%d-%H%M%S")
    # Never over an earlier backup: a file copied back and opened again within the same
    # second gets a second backup beside the first, numbered.
    for attempt in range(1000):
        suffix = "" if attempt == 0 else f"-{attempt}"
        backup = path.with_name(f"{path.name}.schema{current}-{stamp}{suffix}.bak")
        try:
            fd = os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            break
        except FileExistsError:
            continue
    else:
        raise VaultFolderNotWritable("no free name for a backup")
    with os.fdopen(fd, "wb") as out, path.open("rb") as src:
        shutil.copyfileobj(src, out)
        out.flush()
        os.fsync(out.fileno())
