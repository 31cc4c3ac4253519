"""Schema step 10: a file at schema 9 (with narrative drafts already written) gains
every needs table, M2's conversation tables included; each partner's count of need
drafts is made the first time their key is at hand, and from then on a removed count
is damage."""

from __future__ import annotations

import sqlite3

from models import migrations, narrative, needs
from models.needs import conversation_tables
from models.session import Keyring
from models.vault import Vault

NEEDS_TABLES = [model._meta.table_name for model in (*needs.TABLES,
                                                     *conversation_tables.TABLES)]


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


def _back_to_step_9(path) -> None:
    connection = sqlite3.connect(path)
    try:
        for table in NEEDS_TABLES:
            connection.execute(f"DROP TABLE {table}")
        connection.execute("PRAGMA user_version = 9")
        connection.commit()
    finally:
        connection.close()


def test_a_schema_9_file_gains_the_needs_map_and_keeps_its_narrative(couple, opened) -> None:
    keys = Keyring(dict(couple.plan.bundles))
    vault = opened(Vault.open(couple.path))
    story = narrative.save_draft(keys, 1, "values", {"values": "Written at schema 9"})
    vault.close()
    _back_to_step_9(couple.path)
    assert _version(couple.path) == 9 and not set(NEEDS_TABLES) & _tables(couple.path)

    vault = opened(Vault.open(couple.path))
    assert _version(couple.path) == migrations.SCHEMA_VERSION >= 10
    assert set(NEEDS_TABLES) <= _tables(couple.path)
    assert narrative.load_drafts(keys, 1) == ([story], [])
    for owner in (1, 2):  # no drafts and no count yet: nothing is damage
        assert needs.load_drafts(keys, owner) == ([], [])
    draft = needs.save_draft(keys, 1, {"title": "Being believed"})
    assert needs.load_drafts(keys, 1) == ([draft], [])
    vault.close()

    # From now on the count is relied on: removing it is damage, not a fresh start.
    connection = sqlite3.connect(couple.path)
    try:
        connection.execute("DELETE FROM private_manifest WHERE owner = 1")
        connection.commit()
    finally:
        connection.close()
    opened(Vault.open(couple.path))
    drafts, damaged = needs.load_drafts(Keyring(dict(couple.plan.bundles)), 1)
    assert drafts == [draft] and [d.uuid for d in damaged] == ["private rows of 1"]
