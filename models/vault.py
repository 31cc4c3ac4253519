"""The vault file: one SQLite file holding every sealed record and the key slots.

Opening checks that the file is a Trellis vault this version understands before
anything is written; a newer file is refused untouched. One running app per vault is
enforced with an OS lock on ``<vault>.lock``. Slow key work (Argon2id) lives in the
pure functions of :mod:`models.keys` and in :func:`prepare_setup` / :func:`try_password`
so the UI can run it off its thread; everything that touches the file stays here.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import peewee

from models import crypto, keys, migrations
from models.db import DB, PRAGMAS, writing
from models.errors import (
    NotATrellisFile,
    PasswordRejected,
    SealBroken,
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
PARTNERS = (1, 2)


# -- before opening: what is this file? ---------------------------------------------


def inspect(path: Path) -> str:
    """Say what is at ``path`` without writing anything.

    Returns ``"missing"`` (no vault yet: run setup) or ``"vault"``. Raises
    :class:`NotATrellisFile`, :class:`VaultDamaged` or :class:`VaultFromNewerVersion`.
    """
    if not path.exists():
        return "missing"
    if path.is_dir():
        raise NotATrellisFile("a folder, not a file")
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as exc:
        raise VaultDamaged(type(exc).__name__) from exc
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
    return "vault"


# -- one app per vault ----------------------------------------------------------------


class _VaultLock:
    """An OS-level exclusive lock, released by the OS even if the app is killed."""

    def __init__(self, path: Path) -> None:
        self.path = path.with_name(path.name + ".lock")
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise VaultFolderNotWritable(type(exc).__name__) from exc
        handle = os.fdopen(fd, "r+")
        try:
            if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            handle.close()
            raise VaultInUse("another Trellis window has this vault open") from exc
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None


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


def try_password(slots: list[SlotData], password: str) -> tuple[int, KeyBundle]:
    """Find whose password this is (slow: one Argon2id per slot tried).

    No name is stored in the clear, so the password itself says who is here.
    """
    for slot in slots:
        try:
            return slot.partner, keys.open_password_slot(slot, password)
        except SealBroken:
            continue
    raise WrongPassword("no slot opened")


def try_two_passwords(
    slots: list[SlotData], first: str, second: str
) -> dict[int, KeyBundle]:
    """Open a *together* session: each partner typed their own password (slow).

    Raises :class:`WrongPassword` with ``which`` set to "first" or "second", or
    :class:`PasswordRejected` ("same_person") when both passwords are one partner's.
    """
    try:
        partner, bundle = try_password(slots, first)
    except WrongPassword as exc:
        raise WrongPassword("first") from exc
    others = [slot for slot in slots if slot.partner != partner]
    try:
        other, other_bundle = try_password(others, second)
    except WrongPassword as exc:
        if second == first:
            raise PasswordRejected("same_person") from exc
        mine = [slot for slot in slots if slot.partner == partner]
        try:
            try_password(mine, second)
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


def prepare_password_change(slot: SlotData, other: SlotData, old: str, new: str) -> SlotData:
    """The re-wrapped slot for a password change (slow; pure, any thread).

    Raises :class:`WrongPassword` if ``old`` does not open ``slot`` and
    :class:`PasswordRejected` if ``new`` is weak or opens the other partner's slot.
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
    """Who the recovery key belongs to, their bundle and their new password slot (slow)."""
    partner, bundle = try_recovery_key(recovery_slots, recovery_text)
    by_partner = {slot.partner: slot for slot in password_slots}
    _check_not_partners(by_partner[3 - partner], new)
    return partner, bundle, rewrap_password(by_partner[partner], bundle, new, cost_of(
        by_partner[partner]))


def _check_not_partners(other: SlotData, password: str) -> None:
    """Refuse a password that opens the other partner's slot: it would blur who is who."""
    keys.check_new_password(password)
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
        self.vault_id = VaultFact.get_by_id("vault_id").value

    # opening and closing

    @classmethod
    def open(cls, path: Path) -> Vault:
        """Open an existing vault, migrating it (after a backup copy) if it is older."""
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(str(path))
        inspect(path)  # before the lock, so no .lock file appears beside a foreign file
        lock = _VaultLock(path)
        lock.acquire()
        try:
            database = _connect(path)
            try:
                _migrate(path, database)
                return cls(path, lock, database)
            except BaseException:
                database.close()
                if DB.obj is database:
                    DB.initialize(None)
                raise
        except BaseException:
            lock.release()
            raise

    @classmethod
    def create(cls, path: Path, plan: SetupPlan) -> Vault:
        """Write a new vault file from a :class:`SetupPlan` (mode 0600)."""
        path = Path(path)
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
            _migrate(path, database)
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
            # Move the header (application id, schema version) into the main file now,
            # so the file is recognisable even before the first clean close.
            database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except BaseException:
            if DB.obj is not None:
                DB.obj.close()
                DB.initialize(None)
            lock.release()
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
        rows = KeySlot.select().where(KeySlot.kind == kind).order_by(KeySlot.partner)
        return [
            SlotData(self.vault_id, row.partner, kind, KdfParams.from_json(row.kdf), row.sealed)
            for row in rows
        ]

    def slot_of(self, partner: int, kind: SlotKind) -> SlotData:
        for slot in self.slots(kind):
            if slot.partner == partner:
                return slot
        raise VaultDamaged(f"no {kind} slot for partner {partner}")

    def replace_slot(self, slot: SlotData) -> None:
        """Store a re-wrapped slot, then purge the old one's bytes from file and WAL."""
        with writing():
            KeySlot.update(kdf=slot.kdf.to_json(), sealed=slot.sealed).where(
                (KeySlot.partner == slot.partner) & (KeySlot.kind == slot.kind)
            ).execute()
        # secure_delete zeroed the old cell in the new page image; a truncating
        # checkpoint moves that image into the file and empties the WAL.
        self._database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    def change_password(self, partner: int, old: str, new: str) -> None:
        """Re-wrap ``partner``'s slot under a new password (slow; the old one must fit).

        Keeps the slot's cost. The recovery key is untouched and still works.
        """
        slot = self.slot_of(partner, "password")
        other = self.slot_of(3 - partner, "password")
        self.replace_slot(prepare_password_change(slot, other, old, new))

    def reset_password(self, recovery_text: str, new: str) -> tuple[int, KeyBundle]:
        """Set a new password for whoever's recovery key this is (slow)."""
        partner, bundle, slot = prepare_reset(
            self.slots("recovery"), self.slots("password"), recovery_text, new
        )
        self.replace_slot(slot)
        return partner, bundle

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
        the partner who typed their password keeps their own journal key.
        """
        keyring = Keyring(bundles)
        partners = tuple(sorted(bundles))
        if len(partners) > 1:
            for partner in partners:
                keyring.forget_journal(partner)
        session = Session(partners=partners, keyring=keyring, names=self.names(keyring))
        with writing():
            Partner.update(last_unlocked_at=_now()).where(Partner.number.in_(partners)).execute()
        return session

    def names(self, keyring: Keyring) -> dict[int, str]:
        """Both partners' chosen names, opened with the workbook key."""
        names = {}
        for row in Partner.select():
            try:
                names[row.number] = crypto.unseal(
                    keyring.workbook_key(), row.sealed_name, _name_aad(row.number)
                ).decode()
            except SealBroken:
                names[row.number] = ""
        return names

    def last_unlocked(self) -> dict[int, dt.datetime | None]:
        return {row.number: row.last_unlocked_at for row in Partner.select()}

    def set_name(self, keyring: Keyring, partner: int, name: str) -> None:
        sealed = crypto.seal(keyring.workbook_key(), name.encode(), _name_aad(partner))
        with writing():
            Partner.update(sealed_name=sealed).where(Partner.number == partner).execute()


# -- helpers ------------------------------------------------------------------------------


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _name_aad(partner: int) -> bytes:
    return crypto.aad_for("partner", partner, "name")


def _family(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm"))]


def _connect(path: Path) -> peewee.SqliteDatabase:
    if not os.access(path.parent, os.W_OK):
        raise VaultFolderNotWritable("folder is read-only")
    database = peewee.SqliteDatabase(str(path), pragmas=PRAGMAS, autoconnect=False)
    try:
        database.connect()
        # Reading the schema proves the file is readable SQLite.
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
        check = database.execute_sql("PRAGMA quick_check").fetchone()
    except (peewee.DatabaseError, sqlite3.DatabaseError) as exc:
        database.close()
        raise VaultDamaged(str(exc)) from exc
    if check is None or check[0] != "ok":
        database.close()
        raise VaultDamaged("quick_check failed")
    DB.initialize(database)
    return database


def _migrate(path: Path, database: peewee.SqliteDatabase) -> None:
    current = database.execute_sql("PRAGMA user_version").fetchone()[0]
    if current > migrations.SCHEMA_VERSION:
        raise VaultFromNewerVersion(current, migrations.SCHEMA_VERSION)
    steps = migrations.pending(current)
    if steps and current > 0:
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
    backup = path.with_name(f"{path.name}.schema{current}-{stamp}.bak")
    fd = os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, path.open("rb") as src:
        shutil.copyfileobj(src, out)
        out.flush()
        os.fsync(out.fileno())
