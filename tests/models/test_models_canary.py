"""No plaintext ever touches the disk: unique words written through the models are
looked for, byte by byte, in every file the vault, the log and the temp folder hold."""

from __future__ import annotations

import logging
import tempfile
import uuid
from pathlib import Path

import pytest

from models import keys, migrations, paths
from models import vault as vault_module
from models.journal import JournalEntry, write_entry

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le")


def _marker(label: str) -> str:
    return f"canary{label}{uuid.uuid4().hex}"


def _files_under(*folders: Path) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*") if p.is_file())


def _hits(markers: list[str], files: list[Path]) -> list[tuple[str, str, str]]:
    found = []
    for path in files:
        data = path.read_bytes()
        for marker in markers:
            for encoding in ENCODINGS:
                if marker.encode(encoding) in data:
                    found.append((str(path), marker, encoding))
    return found


def test_the_scan_finds_a_planted_marker(tmp_path):
    """The scan itself works: a marker that is there is found, in any encoding."""
    marker = _marker("control")
    for i, encoding in enumerate(ENCODINGS):
        (tmp_path / f"plant{i}").write_bytes(b"\x00junk" + marker.encode(encoding) + b"junk")
    found = _hits([marker], _files_under(tmp_path))
    assert {(Path(f).name, e) for f, _, e in found} == {
        (f"plant{i}", e) for i, e in enumerate(ENCODINGS)
    }


def test_no_plaintext_reaches_the_disk(tmp_path, monkeypatch, caplog):
    temp_dir = tmp_path / "temp"
    temp_dir.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp_dir))
    monkeypatch.setenv("SQLITE_TMPDIR", str(temp_dir))
    monkeypatch.setattr(tempfile, "tempdir", None)
    assert Path(tempfile.gettempdir()) == temp_dir

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    log_dir = paths.log_dir()
    assert tmp_path in log_dir.parents
    log_dir.mkdir(parents=True)
    handler = logging.FileHandler(log_dir / "trellis.log", encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(handler)
    caplog.set_level(logging.DEBUG)  # peewee logs every query at DEBUG

    vault_dir = tmp_path / "vault-folder"
    path = vault_dir / "canary.vault"
    names = {1: _marker("nameone"), 2: _marker("nametwo")}
    renamed = _marker("renamed")
    title, body, rewritten, title_b = (
        _marker("title"),
        _marker("body"),
        _marker("rewritten"),
        _marker("titleb"),
    )
    markers = [*names.values(), renamed, title, body, rewritten, title_b]
    passwords = {1: "canary password one", 2: "canary password two"}

    try:
        plan = vault_module.prepare_setup(names, passwords, cost=keys.FAST_TEST_COST)
        vault = vault_module.Vault.create(path, plan)
        try:
            bundles = {
                p: vault_module.try_password(vault.slots("password"), pw)[1]
                for p, pw in passwords.items()
            }
            session = vault.start_session(bundles)
            for partner, bundle in bundles.items():  # as after each one's fresh password
                session.keyring.hold_journal(partner, bundle.journal_key)
            assert session.names == names
            vault.set_name(session.keyring, 2, renamed)
            entry = write_entry(session.keyring, 1, title, f"Dear diary, {body} — 日本語 ✓")
            for i in range(30):  # enough rows to spill over a page or two
                write_entry(session.keyring, 2, f"{title_b} {i}", f"{body} {i} " * 40)
            entry.rewrite(session.keyring, body=f"Second thoughts: {rewritten}")

            # Everything really went in, and reads back.
            assert vault.names(session.keyring) == {1: names[1], 2: renamed}
            stored = JournalEntry.get_by_id(entry.id).read(session.keyring)
            assert stored["title"] == title and rewritten in stored["body"]

            wal = path.with_name(path.name + "-wal")
            assert wal.exists() and wal.stat().st_size > 0  # the WAL is really scanned
            scanned = _files_under(vault_dir, log_dir, temp_dir)
            assert _hits(markers, scanned) == []
            session.lock()
        finally:
            vault.close()
        assert _hits(markers, _files_under(vault_dir, log_dir, temp_dir)) == []

        # A migration's backup copy is as sealed as the file it copies.
        steps = [*migrations.STEPS, (migrations.SCHEMA_VERSION + 1, lambda: None)]
        monkeypatch.setattr(migrations, "STEPS", steps)
        monkeypatch.setattr(migrations, "SCHEMA_VERSION", steps[-1][0])
        vault_module.Vault.open(path).close()
        assert list(vault_dir.glob("*.bak"))
        assert path.with_name(path.name + ".lock").exists()
    finally:
        root.removeHandler(handler)
        handler.close()

    files = _files_under(vault_dir, log_dir, temp_dir)
    assert (log_dir / "trellis.log").stat().st_size > 0  # the log did record queries
    assert _hits(markers, files) == []
    assert not any(m in caplog.text for m in markers)
    for record in caplog.records:
        assert not any(m in record.getMessage() for m in markers)


@pytest.mark.parametrize("field", ["title", "body"])
def test_error_messages_never_carry_content(session_a, field):
    from models.errors import RecordUnreadable

    secret = _marker("secret")
    entry = write_entry(session_a.keyring, 1, secret, secret)
    JournalEntry.update({field: b"\x01" + bytes(40)}).where(JournalEntry.id == entry.id).execute()
    with pytest.raises(RecordUnreadable) as caught:
        JournalEntry.get_by_id(entry.id).read(session_a.keyring)
    assert secret not in str(caught.value) and secret not in repr(caught.value.args)
    assert caught.value.uuid == entry.uuid and caught.value.field == field
