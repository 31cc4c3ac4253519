"""The one way a workbook stores text: :class:`SealedRecord`.

A workbook model subclasses it, lists its secret fields in ``sealed_fields`` (each a
``BlobField`` column of the same name) and says whose key seals them with ``scope``::

    class Agreement(SharedRecord):
        sealed_fields = ("title", "wording")
        title = peewee.BlobField()
        wording = peewee.BlobField()
        status = peewee.CharField(default="draft")   # structural, stays plain

    row = Agreement.write_new(session.keyring, title="…", wording="…")
    text = row.read(session.keyring)["title"]
    row.rewrite(session.keyring, wording="…")        # new revision, every field resealed

Each value is AES-256-GCM under the workbook key (shared records) or the owner's
journal key (private records), bound to ``table | uuid | revision | field``. Sealing
happens here, in the model layer, where the row is known; never in a field hook.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid as uuid_module
from typing import Any, ClassVar, Literal, Self

import peewee

from models import crypto
from models.db import BaseModel, writing
from models.errors import RecordUnreadable, SealBroken
from models.session import Keyring

Scope = Literal["shared", "private"]


def new_uuid() -> str:
    return uuid_module.uuid4().hex


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class SealedRecord(BaseModel):
    """Base for every record holding words a partner wrote."""

    scope: ClassVar[Scope] = "shared"
    sealed_fields: ClassVar[tuple[str, ...]] = ()
    # Plain columns that are also sealed (in an ``echo`` BlobField the model declares):
    # an edit of one of them with a database tool no longer matches, and is damage.
    echoed: ClassVar[tuple[str, ...]] = ()
    _dirty: set[str]  # peewee's names of changed columns (typed for rewrite's rollback)

    id = peewee.AutoField()
    uuid = peewee.CharField(unique=True, default=new_uuid)
    revision = peewee.IntegerField(default=1)

    # -- keys and associated data ---------------------------------------------------

    def _key(self, keys: Keyring) -> bytes:
        if self.scope == "private":
            return keys.journal_key(self._owner())
        return keys.workbook_key()

    def _owner(self) -> int:
        owner = getattr(self, "owner", None)
        if owner is None:
            raise TypeError(f"{type(self).__name__} is private but has no owner column")
        return int(owner)

    def _aad(self, field: str) -> bytes:
        # Table and field names are identifiers and the uuid is hex, so none holds the
        # separator; this is aad_for's format without its (slow, here needless) escaping.
        return f"trellis|v1|{self._meta.table_name}|{self.uuid}|{self.revision}|{field}".encode()

    # -- reading and writing ----------------------------------------------------------

    def read(self, keys: Keyring) -> dict[str, str]:
        """Decrypt every sealed field; raises :class:`RecordUnreadable` naming the record."""
        aead = keys.cipher(self._key(keys))
        values = {}
        for field in self.sealed_fields:
            try:
                sealed = getattr(self, field)
                values[field] = crypto.unseal_with(aead, sealed, self._aad(field)).decode()
            except (SealBroken, UnicodeDecodeError) as exc:
                raise RecordUnreadable(self._meta.table_name, self.uuid, field) from exc
        if self.echoed:
            self._check_echo(aead)
        return values

    def _echo_text(self) -> bytes:
        data = self.__data__
        return json.dumps({name: None if data.get(name) is None else str(data.get(name))
                           for name in self.echoed}, sort_keys=True).encode()

    def _check_echo(self, aead: Any) -> None:
        sealed = getattr(self, "echo", None)
        if sealed is None:
            if echoes_required():
                raise RecordUnreadable(self._meta.table_name, self.uuid, "echo")
            return  # a row from before echoes, not yet filled in
        try:
            said = crypto.unseal_with(aead, sealed, self._aad("echo"))
        except SealBroken as exc:
            raise RecordUnreadable(self._meta.table_name, self.uuid, "echo") from exc
        if said != self._echo_text():
            raise RecordUnreadable(self._meta.table_name, self.uuid, "echo")

    def _seal_all(self, keys: Keyring, values: dict[str, str]) -> None:
        unknown = set(values) - set(self.sealed_fields)
        missing = set(self.sealed_fields) - set(values)
        if unknown or missing:
            raise ValueError(f"fields: unknown {sorted(unknown)}, missing {sorted(missing)}")
        aead = keys.cipher(self._key(keys))
        for field in self.sealed_fields:
            sealed = crypto.seal_with(aead, values[field].encode(), self._aad(field))
            setattr(self, field, sealed)
        if self.echoed:
            setattr(self, "echo", crypto.seal_with(aead, self._echo_text(),  # noqa: B010
                                                   self._aad("echo")))

    @classmethod
    def write_new(cls, keys: Keyring, plain: dict[str, Any] | None = None, **values: str) -> Self:
        """Create and save a record; ``plain`` holds its structural (unsealed) columns.

        A sealed field left out is stored as an empty string.
        """
        record = cls(**(plain or {}))
        full = {field: values.get(field, "") for field in cls.sealed_fields}
        full.update(values)
        record._seal_all(keys, full)
        with writing():
            record.save(force_insert=True)
        return record

    def rewrite(self, keys: Keyring, plain: dict[str, Any] | None = None, **changes: str) -> None:
        """Change sealed fields (and structural ones): a new revision, all fields resealed.

        Written only if it commits; on any failure the stored record is unchanged.
        """
        current = self.read(keys)
        current.update(changes)
        # Every column, not only the sealed ones: save() hooks change some too (updated_at).
        data: dict[str, Any] = dict(self.__data__)
        dirty: set[str] = set(self._dirty)
        try:
            for name, value in (plain or {}).items():
                setattr(self, name, value)
            self.revision += 1
            self._seal_all(keys, current)
            with writing():
                self.save()
        except BaseException:
            self.__data__ = data
            self._dirty = dirty
            raise


class SharedRecord(SealedRecord):
    """A record both partners read: sealed with the workbook key; dates stay plain."""

    scope: ClassVar[Scope] = "shared"
    created_at = peewee.DateTimeField(default=utc_now)
    updated_at = peewee.DateTimeField(default=utc_now)

    def _seal_all(self, keys: Keyring, values: dict[str, str]) -> None:
        # Dated when sealed (every write seals), so the date can be among the echoes.
        self.updated_at = utc_now()
        super()._seal_all(keys, values)


class PrivateRecord(SealedRecord):
    """A record only its owner reads: sealed with their journal key.

    No plain dates: when something was written is itself private, so subclasses keep
    their dates among ``sealed_fields``.
    """

    scope: ClassVar[Scope] = "private"
    owner = peewee.IntegerField()


# -- echoes of plain columns -------------------------------------------------------------

ECHO_STREAM = "vault/echo"
_KNOWN = "_trellis_echoes_required"  # kept on the open database object itself


def echoes_required() -> bool:
    """True once every echoed row of this file has its echo (a fact in the ledger says
    so); from then on a missing echo is damage, not a row from before echoes."""
    from models import ledger
    from models.db import DB

    known = getattr(DB.obj, _KNOWN, None)
    if known is None:
        known = bool(ledger.streams(ECHO_STREAM))
        setattr(DB.obj, _KNOWN, known)
    return bool(known)


def fill_echoes(keys: Keyring, models: list[type[SealedRecord]]) -> None:
    """Once per file, at the first unlock after echoes came: seal the echo of every
    shared row from before, from its columns as they are, then note in the ledger that
    it was done (a new file notes it at setup)."""
    from models import ledger
    from models.db import DB

    if echoes_required():
        return
    key = keys.workbook_key()
    with writing():
        for model in models:
            column = getattr(model, "echo")  # noqa: B009 (declared by each echoing model)
            for row in model.select().where(column.is_null()):
                echo = crypto.seal(key, row._echo_text(), row._aad("echo"))
                model.update({column: echo}).where(model.id == row.id).execute()
        ledger.append(keys, ECHO_STREAM, "filled")
    setattr(DB.obj, _KNOWN, True)
