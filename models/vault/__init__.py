"""The vault file: one SQLite file holding every sealed record and the key slots.

Opening first reads the file without writing (:func:`inspect`): a regular file, SQLite,
Trellis's application id, a schema this version understands, the tables step 1 made
and the vault id only Trellis writes. Only then does anything write to it (a lock
file, pragmas, migrations); anything else is refused untouched. Symlinks are resolved,
and one running app per vault is enforced with OS locks on ``<real path>.lock`` and on
the file's inode (so a hard link cannot open a second instance either). Slow key work
(Argon2id) lives in the pure functions of :mod:`models.keys` and in
:func:`prepare_setup` / :func:`try_password` so the UI can run it off its thread;
everything that touches the file stays with :class:`Vault`.

The package: :mod:`~models.vault.inspection` (what is this file?),
:mod:`~models.vault.lock`, :mod:`~models.vault.connection` (pragmas, checks,
migrations), :mod:`~models.vault.setup`, :mod:`~models.vault.unlocking`,
:mod:`~models.vault.password_change`, :mod:`~models.vault.slots` (the key slots of an
open file) and, here, :class:`Vault` itself: opening, creating, and sessions.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import sqlite3
from pathlib import Path

import peewee

from models import crypto, ledger, manifest, records
from models.damage import LOW_LEVEL, Damage
from models.db import DB, writing
from models.errors import (
    SealBroken,
    TrellisError,
    VaultDamaged,
    VaultFolderNotWritable,
    WrongPassword,
)
from models.keys import KeyBundle, SlotData
from models.proof import FreshProof, prove
from models.schema import KeySlot, Partner, VaultFact
from models.session import Keyring, Session
from models.vault import connection
from models.vault.connection import now as _now
from models.vault.inspection import APPLICATION_ID, VAULT_ID, inspect
from models.vault.lock import VaultLock
from models.vault.password_change import (
    cost_of,
    prepare_password_change,
    prepare_reset,
    rewrap_password,
)
from models.vault.setup import PARTNERS, SetupPlan, prepare_setup
from models.vault.slots import (
    FAILED_UNLOCKS,
    KeySlots,
    PasswordChangedNotTidied,
    PasswordNotChanged,
)
from models.vault.unlocking import (
    UnlockCancelled,
    try_password,
    try_recovery_key,
    try_two_passwords,
)

__all__ = [
    "APPLICATION_ID",
    "FAILED_UNLOCKS",
    "PARTNERS",
    "PasswordChangedNotTidied",
    "PasswordNotChanged",
    "SetupPlan",
    "SlotData",
    "UnlockCancelled",
    "Vault",
    "WrongPassword",
    "cost_of",
    "inspect",
    "prepare_password_change",
    "prepare_reset",
    "prepare_setup",
    "rewrap_password",
    "try_password",
    "try_recovery_key",
    "try_two_passwords",
]

log = logging.getLogger(__name__)


class Vault(KeySlots):
    """An open vault file. Use :meth:`open` or :meth:`create`; call :meth:`close`."""

    def __init__(self, path: Path, lock: VaultLock, database: peewee.SqliteDatabase) -> None:
        self.path = path
        self._lock = lock
        self._database = database
        self.vault_id = _read_vault_id()
        # An opening not yet sealed (start_session(note=False)): when, and whose keys.
        self._opening: tuple[str, dict[int, KeyBundle]] | None = None

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
        lock = VaultLock(path)
        lock.acquire()
        try:
            database = connection.connect(path)
            try:
                connection.migrate(path, database, backup=True)
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
        lock = VaultLock(path)
        try:
            lock.acquire()
            database = connection.connect(path)
            database.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.migrate(path, database, backup=False)  # an empty file Trellis just made
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
        self._opening = None
        try:
            self._database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        except peewee.DatabaseError:
            pass
        self._database.close()
        if DB.obj is self._database:
            DB.initialize(None)
        self._lock.release()

    def check_structure(self) -> tuple[str, ...]:
        """SQLite's quick check of the whole file, which opening no longer runs on a
        file that was closed cleanly: slow for a large file, so call it off the GUI
        thread once unlocked (:func:`models.vault.connection.check_structure`). Problem
        lines, none when sound; changes nothing."""
        return connection.check_structure()

    # sessions

    def check_password(self, partner: int, password: str) -> FreshProof:
        """A :class:`~models.proof.FreshProof` if ``password`` is ``partner``'s (slow).

        The UI reads the slot here and runs :func:`models.proof.prove` off its thread;
        this is the same in one call, for tests and the command line.
        """
        return prove(self.slot_of(partner, "password"), password)

    def start_session(self, bundles: dict[int, KeyBundle], note: bool = True) -> Session:
        """Begin a session for the partners whose bundles were opened.

        Together, neither journal key is kept: at one keyboard, what is private opens
        only with its owner's password typed at that moment (a fresh proof). Alone,
        the partner who typed their password keeps their own journal key. Each partner
        who just typed their password has this opening sealed under their own journal
        key (see :meth:`last_unlocked`). With ``note=False`` the caller seals it soon
        after through :meth:`note_opened` (the window, once its first tab has painted:
        the mark hashes every fact in the file), and always before the keys go; until
        then the vault holds the bundles.
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
        self._opening = (_now().isoformat(), dict(bundles))
        if note:
            self.note_opened()
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

    def note_opened(self) -> None:
        """Seal the opening :meth:`start_session` began (when, and a mark of every fact)
        for each partner who opened it, under their own journal key, and let go of
        their keys. Does nothing when there is none, or it is sealed already."""
        opening, self._opening = self._opening, None
        if opening is not None:
            self._note_opened(opening[1], opening[0])

    def _note_opened(self, bundles: dict[int, KeyBundle], opened_at: str = "") -> None:
        try:
            seen = {"opened_at": opened_at or _now().isoformat(), "ledger": ledger.seen_mark()}
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


# -- helpers ---------------------------------------------------------------------------


def _private_tables() -> list[str]:
    from models import agreements, consent
    from models.journal import JournalEntry

    return [JournalEntry._meta.table_name, consent.ConsentAnswer._meta.table_name,
            agreements.ReviewRating._meta.table_name]


def _echoed_models() -> list[type[records.SealedRecord]]:
    from models import agreements, consent

    return [*agreements.ECHOED, consent.ConsentItem, consent.ConsentReveal]


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
    if not isinstance(value, str) or not VAULT_ID.fullmatch(value):
        raise VaultDamaged("vault id")
    return value
