"""What the vault does with files it should not trust, and with a full disk.

Each case raises the documented :mod:`models.errors` error (never a raw sqlite or
peewee exception) and leaves the file exactly as it was.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import peewee
import pytest

from models import migrations
from models import vault as vault_module
from models.db import DB
from models.errors import (
    DiskFull,
    NotATrellisFile,
    TrellisError,
    VaultDamaged,
    VaultFolderNotWritable,
    VaultFromNewerVersion,
    VaultInUse,
)
from models.journal import JournalEntry, write_entry
from models.vault import Vault


def _siblings(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("", "-wal", "-shm")]


def _open_refused(path: Path, error: type[TrellisError], digests) -> TrellisError:
    """Vault.open raises ``error``; the file and its SQLite siblings are untouched."""
    before = digests(_siblings(path))
    with pytest.raises(TrellisError) as caught:
        Vault.open(path)
    exc = caught.value
    assert type(exc) is error, repr(exc)
    assert not isinstance(exc, sqlite3.Error | peewee.PeeweeException)
    assert digests(_siblings(path)) == before
    assert DB.obj is None  # nothing left bound
    return exc


def test_random_bytes_are_not_a_trellis_file(tmp_path, digests):
    path = tmp_path / "noise.vault"
    path.write_bytes(os.urandom(64 * 1024))
    _open_refused(path, NotATrellisFile, digests)
    with pytest.raises(NotATrellisFile):
        vault_module.inspect(path)


def test_a_text_file_is_not_a_trellis_file(tmp_path, digests):
    path = tmp_path / "notes.txt"
    path.write_text("Shopping list\n- milk\n- bread\n" * 50, "utf-8")
    _open_refused(path, NotATrellisFile, digests)


def test_another_programs_database_is_not_a_trellis_file(tmp_path, digests):
    path = tmp_path / "other.sqlite"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE bookmarks (url TEXT, title TEXT)")
    connection.execute("INSERT INTO bookmarks VALUES ('https://example.org', 'Example')")
    connection.commit()
    connection.close()
    _open_refused(path, NotATrellisFile, digests)


def test_an_empty_file_or_a_folder_is_refused(tmp_path, digests):
    empty = tmp_path / "empty.vault"
    empty.touch()
    _open_refused(empty, VaultDamaged, digests)
    folder = tmp_path / "folder.vault"
    folder.mkdir()
    with pytest.raises(NotATrellisFile):
        Vault.open(folder)
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("keep", "error"),
    [
        ("half", VaultDamaged),
        (4096, VaultDamaged),
        (100, VaultDamaged),
        (50, VaultDamaged),
        (10, VaultDamaged),
    ],
)
def test_a_truncated_vault_is_refused(couple, digests, keep, error):
    data = couple.path.read_bytes()
    assert len(data) > 8192
    size = len(data) // 2 if keep == "half" else keep
    couple.path.write_bytes(data[:size])
    _open_refused(couple.path, error, digests)


def test_a_vault_from_a_newer_version_is_refused_untouched(couple, digests):
    connection = sqlite3.connect(couple.path)
    connection.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    connection.close()
    with pytest.raises(VaultFromNewerVersion) as caught:
        vault_module.inspect(couple.path)
    assert (caught.value.found, caught.value.supported) == (
        migrations.SCHEMA_VERSION + 1,
        migrations.SCHEMA_VERSION,
    )
    exc = _open_refused(couple.path, VaultFromNewerVersion, digests)
    assert exc.found == migrations.SCHEMA_VERSION + 1
    assert not list(couple.path.parent.glob("*.bak"))


def test_a_second_open_is_refused_while_one_is_open(couple, vault, digests):
    with pytest.raises(VaultInUse):
        Vault.open(couple.path)
    # The first is undisturbed.
    assert DB.obj is vault._database
    assert vault_module.try_password(vault.slots("password"), couple.passwords[1])[0] == 1
    vault.close()
    Vault.open(couple.path).close()  # and once closed, the vault opens again


def test_a_second_open_is_refused_from_another_process(couple, vault, repo_root):
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from models.vault import Vault\n"
        "from models.errors import VaultInUse\n"
        "try:\n"
        "    Vault.open(sys.argv[1])\n"
        "except VaultInUse:\n"
        "    print('in use')\n"
    )
    env = dict(os.environ, PYTHONPATH=str(repo_root))
    result = subprocess.run(
        [sys.executable, "-c", code, str(couple.path)],
        cwd=repo_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "in use", result.stderr


def test_create_under_a_regular_file_is_not_writable(tmp_path, setup_plan):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("I am a file")
    with pytest.raises(VaultFolderNotWritable):
        Vault.create(blocker / "trellis.vault", setup_plan)
    with pytest.raises(VaultFolderNotWritable):
        Vault.create(blocker / "deeper" / "trellis.vault", setup_plan)
    assert blocker.read_text() == "I am a file"
    assert DB.obj is None


def test_create_refuses_to_overwrite(couple, setup_plan, digests):
    before = digests(_siblings(couple.path))
    with pytest.raises(FileExistsError):
        Vault.create(couple.path, setup_plan)
    assert digests(_siblings(couple.path)) == before


def test_disk_full_is_a_polite_error_and_loses_nothing(vault, session_a):
    keyring = session_a.keyring
    earlier = {
        write_entry(keyring, 1, f"title {i}", f"body {i} " * 50).uuid: f"body {i} " * 50
        for i in range(20)
    }
    pages = DB.execute_sql("PRAGMA page_count").fetchone()[0]
    DB.execute_sql(f"PRAGMA max_page_count = {pages}")
    assert DB.execute_sql("PRAGMA max_page_count").fetchone()[0] == pages

    with pytest.raises(DiskFull):
        write_entry(keyring, 1, "big", "x" * 300_000)
    with pytest.raises(DiskFull):
        write_entry(keyring, 1, "big again", "y" * 300_000)

    rows = list(JournalEntry.select())
    assert len(rows) == len(earlier)
    assert {row.uuid: row.read(keyring)["body"] for row in rows} == earlier
    assert DB.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"

    DB.execute_sql("PRAGMA max_page_count = 1073741823")
    big = write_entry(keyring, 1, "big", "x" * 300_000)
    assert JournalEntry.get_by_id(big.id).read(keyring)["body"] == "x" * 300_000
    assert JournalEntry.select().count() == len(earlier) + 1


def test_a_failed_create_leaves_no_vault_behind(vault_path, setup_plan):
    from dataclasses import replace

    from models.errors import WriteFailed

    broken = replace(setup_plan, slots=[*setup_plan.slots, setup_plan.slots[0]])  # duplicate
    with pytest.raises(WriteFailed):
        Vault.create(vault_path, broken)
    assert DB.obj is None
    assert not any(p.exists() for p in _siblings(vault_path))
    assert vault_module.inspect(vault_path) == "missing"
    Vault.create(vault_path, setup_plan).close()  # and the same place works afterwards
    assert vault_module.inspect(vault_path) == "vault"


def test_a_foreign_file_gets_no_lock_file_beside_it(tmp_path) -> None:
    from models.errors import NotATrellisFile
    from models.vault import Vault

    foreign = tmp_path / "notes.txt"
    foreign.write_text("shopping list\n" * 20)
    with pytest.raises(NotATrellisFile):
        Vault.open(foreign)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


# -- foreign files are never changed (#6) ---------------------------------------------


def _claims_trellis(path: Path, version: int, journal_mode: str = "delete") -> None:
    """Another program's SQLite file that carries Trellis's application id."""
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA journal_mode = {journal_mode}")
    connection.execute("CREATE TABLE recipes (name TEXT, steps TEXT)")
    connection.execute("INSERT INTO recipes VALUES ('bread', 'knead')")
    connection.execute(f"PRAGMA application_id = {vault_module.APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {version}")
    connection.commit()
    connection.close()


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize("version", [0, 1, 2, 3])
def test_a_file_claiming_our_id_gets_no_tables_no_wal_and_no_lock(tmp_path, digests, version):
    path = tmp_path / "recipes.db"
    _claims_trellis(path, version)
    _open_refused(path, NotATrellisFile, digests)
    assert _listing(tmp_path) == ["recipes.db"]  # no .lock, -wal, -shm or .bak
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
    finally:
        connection.close()
    assert tables == {"recipes"}


def test_a_vault_missing_its_id_is_damaged_and_untouched(couple, digests):
    couple.path.with_name(couple.path.name + ".lock").unlink()  # left by the fixture
    connection = sqlite3.connect(couple.path)
    connection.execute("DELETE FROM vault_fact WHERE name = 'vault_id'")
    connection.commit()
    connection.close()
    _open_refused(couple.path, VaultDamaged, digests)
    assert _listing(couple.path.parent) == [couple.path.name]


def test_a_flipped_text_encoding_bit_is_damage_not_a_decode_error(couple, digests):
    data = bytearray(couple.path.read_bytes())
    assert data[59] == 1  # UTF-8
    data[59] ^= 0b10  # now claims UTF-16be
    couple.path.write_bytes(bytes(data))
    _open_refused(couple.path, VaultDamaged, digests)
    with pytest.raises(VaultDamaged):
        vault_module.inspect(couple.path)


def test_every_single_bit_flip_in_the_header_is_refused_calmly_or_harmless(couple, tmp_path):
    """Each of the 800 header bits, flipped alone: a TrellisError, or a vault that still
    opens (bits SQLite does not rely on); never another exception."""
    original = couple.path.read_bytes()
    outcomes: dict[str, int] = {}
    for bit in range(100 * 8):
        data = bytearray(original)
        data[bit // 8] ^= 1 << (bit % 8)
        path = tmp_path / f"flip-{bit}.vault"
        path.write_bytes(bytes(data))
        try:
            Vault.open(path).close()
            outcome = "opened"
        except TrellisError as exc:
            outcome = type(exc).__name__
            assert path.read_bytes() == bytes(data), f"bit {bit} changed the file"
            assert not path.with_name(path.name + ".lock").exists(), f"bit {bit} left a lock"
        assert DB.obj is None
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        for leftover in path.parent.glob(path.name + "*"):
            leftover.unlink()
    print("header bit flips:", outcomes)
    assert set(outcomes) <= {"opened", "NotATrellisFile", "VaultDamaged",
                             "VaultFromNewerVersion"}, outcomes
    assert outcomes["VaultDamaged"] > 0 and outcomes["NotATrellisFile"] > 0


def test_a_fifo_is_refused_without_waiting(tmp_path):
    import threading

    fifo = tmp_path / "trellis.vault"
    os.mkfifo(fifo)
    outcome: list[BaseException | str] = []

    def try_open() -> None:
        try:
            Vault.open(fifo)
            outcome.append("opened")
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=try_open, daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():  # let the stuck reader go before failing
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(5)
        pytest.fail("opening a FIFO blocked")
    assert len(outcome) == 1 and isinstance(outcome[0], NotATrellisFile), outcome
    assert _listing(tmp_path) == ["trellis.vault"]


def _damage_last_page(couple, opened) -> None:
    """A vault whose last page (journal entries, not the tables opening reads) is
    overwritten with junk after a clean close."""
    from models.journal import write_entry

    vault = opened(Vault.open(couple.path))
    keyring = vault.start_session({1: couple.plan.bundles[1]}).keyring
    for i in range(40):
        write_entry(keyring, 1, f"entry {i}", "words " * 200)
    vault.close()
    data = bytearray(couple.path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    last = len(data) - page  # the last page holds entries, not the Trellis header tables
    data[last : last + page] = bytes(range(256)) * (page // 256)
    couple.path.write_bytes(bytes(data))


def test_a_damaged_vault_refused_after_the_lock_leaves_no_lock(couple, opened):
    _damage_last_page(couple, opened)
    lock = couple.path.with_name(couple.path.name + ".lock")
    lock.unlink()
    # As a crash leaves it: the log still holds content, so opening checks every page.
    couple.path.with_name(couple.path.name + "-wal").write_bytes(b"\x00" * 32)
    with pytest.raises(VaultDamaged):
        Vault.open(couple.path)
    assert not lock.exists()
    assert DB.obj is None


def test_a_damaged_page_after_a_clean_close_is_found_off_the_opening_path(couple, opened,
                                                                           digests):
    """Opening a large file no longer reads all of it (#9): a page damaged after a clean
    close is found by the check the app runs after unlocking, and where it is read it is
    damage in its place, with its sentence; opening, checking and reading change nothing."""
    from models.damage import RecordDamaged
    from models.journal import entries_of
    from models.session import Keyring

    _damage_last_page(couple, opened)
    before = digests([couple.path])
    vault = opened(Vault.open(couple.path))
    problems = vault.check_structure()
    assert problems and all(isinstance(line, str) for line in problems)
    with pytest.raises(RecordDamaged) as caught:
        entries_of(Keyring({1: couple.plan.bundles[1]}), 1)
    assert caught.value.key == "record_damaged"
    vault.close()
    assert digests([couple.path]) == before


def test_a_sound_vault_passes_the_check_after_unlocking(vault):
    assert vault.check_structure() == ()
