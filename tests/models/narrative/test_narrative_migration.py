"""Schema step 9: a file at schema 8 (with a journal already written) gains the
narrative tables; each partner's count of drafts is made the first time their key is
at hand, and from then on a removed count is damage."""

from __future__ import annotations

import sqlite3

from models import migrations, narrative
from models.journal import EntryDraft, load_entries, save_entry
from models.session import Keyring
from models.vault import Vault


def _version(path) -> int:
    connection = sqlite3.connect(path)
    try:
        return int(connection.execute("PRAGMA user_version").fetchone()[0])
    finally:
        connection.close()


def _tables(path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        connection.close()


def _back_to_step_8(path) -> None:
    connection = sqlite3.connect(path)
    try:
        for table in ("narrative_draft", "narrative_piece", "narrative_joint"):
            connection.execute(f"DROP TABLE {table}")
        connection.execute("PRAGMA user_version = 8")
        connection.commit()
    finally:
        connection.close()


def test_a_schema_8_file_gains_narrative_and_keeps_its_journal(couple, opened) -> None:
    keys = Keyring(dict(couple.plan.bundles))
    vault = opened(Vault.open(couple.path))
    entry = save_entry(keys, 1, EntryDraft(title="Before", body="Written at schema 8"))
    vault.close()
    _back_to_step_8(couple.path)
    assert _version(couple.path) == 8 and "narrative_draft" not in _tables(couple.path)

    vault = opened(Vault.open(couple.path))
    assert _version(couple.path) == migrations.SCHEMA_VERSION >= 9
    assert {"narrative_draft", "narrative_piece", "narrative_joint"} <= _tables(couple.path)
    assert load_entries(keys, 1) == ([entry], [])
    # No drafts and no count yet: nothing is damage, for either partner.
    for owner in (1, 2):
        assert narrative.load_drafts(keys, owner) == ([], [])
    draft = narrative.save_draft(keys, 1, "values", {"values": "Patience"})
    assert narrative.load_drafts(keys, 1) == ([draft], [])
    piece = narrative.share_piece(keys, vault.check_password(1, couple.passwords[1]),
                                  draft.uuid)
    assert narrative.load_shared(keys) == ([piece], [])
    vault.close()

    # From now on the count is relied on: removing it is damage, not a fresh start.
    connection = sqlite3.connect(couple.path)
    try:
        connection.execute("DELETE FROM private_manifest WHERE owner = 1")
        connection.commit()
    finally:
        connection.close()
    opened(Vault.open(couple.path))
    fresh = Keyring(dict(couple.plan.bundles))
    drafts, damaged = narrative.load_drafts(fresh, 1)
    assert drafts == [draft] and [d.uuid for d in damaged] == ["private rows of 1"]
