"""Journal, coping-plan and shared-passage words never reach the disk in plaintext: not
the vault file, its WAL, the log (peewee logs every query at DEBUG) or temp files."""

from __future__ import annotations

import logging
import tempfile
import uuid
from pathlib import Path

from models import keys, paths
from models import vault as vault_module
from models.journal import (
    EntryDraft,
    SearchIndex,
    delete_entry,
    load_entries,
    save_entry,
    save_plan,
    share_passage,
    withdraw_passage,
)

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le")


def _marker(label: str) -> str:
    return f"canary{label}{uuid.uuid4().hex}"


def _hits(markers: list[str], *folders: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(p for folder in folders for p in folder.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found += [(str(path), m) for m in markers for e in ENCODINGS if m.encode(e) in data]
    return found


def test_the_scan_finds_a_planted_marker(tmp_path) -> None:
    marker = _marker("control")
    (tmp_path / "plant").write_bytes(b"junk" + marker.encode("utf-16-le") + b"junk")
    assert _hits([marker], tmp_path) == [(str(tmp_path / "plant"), marker)]


def test_no_journal_word_reaches_the_disk(tmp_path, monkeypatch, caplog) -> None:
    temp_dir = tmp_path / "temp"
    temp_dir.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp_dir))
    monkeypatch.setenv("SQLITE_TMPDIR", str(temp_dir))
    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    log_dir = paths.log_dir()
    log_dir.mkdir(parents=True)
    handler = logging.FileHandler(log_dir / "trellis.log", encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    caplog.set_level(logging.DEBUG)

    words = {name: _marker(name) for name in (
        "title", "body", "own", "rewritten", "deleted", "triggers", "partner", "shared",
        "withdrawn", "accented")}
    markers = list(words.values())
    vault_dir = tmp_path / "vault-folder"
    path = vault_dir / "canary.vault"
    passwords = {1: "canary password one", 2: "canary password two"}
    try:
        plan = vault_module.prepare_setup({1: "One", 2: "Two"}, passwords,
                                          cost=keys.FAST_TEST_COST)
        vault = vault_module.Vault.create(path, plan)
        try:
            _, bundle = vault_module.try_password(vault.slots("password"), passwords[1])
            session = vault.start_session({1: bundle})
            ring = session.keyring
            entry = save_entry(ring, 1, EntryDraft(
                title=words["title"], body=f"Dear journal, {words['body']} — Café ✓ " * 20,
                own_feelings=(words["own"],), feelings=("tender",), safety=2,
                tags=("just_for_me",)))
            save_entry(ring, 1, EntryDraft(body=f"Naïve {words['accented']}"))
            for n in range(30):  # enough rows to spill over a page or two
                save_entry(ring, 1, EntryDraft(title=f"{words['title']} {n}",
                                               body=f"{words['body']} {n} " * 40))
            save_entry(ring, 1, EntryDraft(body=f"Second thoughts: {words['rewritten']}"),
                       entry.uuid)
            gone = save_entry(ring, 1, EntryDraft(body=words["deleted"]))
            delete_entry(ring, 1, gone.uuid)
            save_plan(ring, 1, {"triggers": words["triggers"],
                                "partner_can_help": words["partner"]})
            proof = vault.check_password(1, passwords[1])
            share_passage(ring, proof, f"Shared on purpose: {words['shared']}", "session")
            taken = share_passage(ring, proof, words["withdrawn"], "session")
            withdraw_passage(ring, proof, taken.uuid)
            opened, damaged = load_entries(ring, 1)
            index = SearchIndex(opened)
            assert damaged == [] and index.find(words["rewritten"]) == {entry.uuid}
            assert index.find(words["accented"].upper())  # searched in memory only

            wal = path.with_name(path.name + "-wal")
            assert wal.exists() and wal.stat().st_size > 0  # the WAL is really scanned
            assert _hits(markers, vault_dir, log_dir, temp_dir) == []
            session.lock()
        finally:
            vault.close()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    assert (log_dir / "trellis.log").stat().st_size > 0  # the log did record queries
    assert _hits(markers, vault_dir, log_dir, temp_dir) == []
    assert not any(m in record.getMessage() for record in caplog.records for m in markers)
