"""Schema step 10: a file at schema 9 (with narrative drafts already written) gains
every needs table, M2's conversation tables included; each partner's count of need
drafts is made the first time their key is at hand, and from then on a removed count
is damage."""

from __future__ import annotations

from models import migrations, narrative, needs
from models.needs import conversation_tables
from models.session import Keyring
from models.vault import Vault
from tests.models.file_helpers import (
    back_to_step,
    remove_counts_of,
    schema_version,
    table_names,
)

NEEDS_TABLES = [model._meta.table_name for model in (*needs.TABLES,
                                                     *conversation_tables.TABLES)]


def test_a_schema_9_file_gains_the_needs_map_and_keeps_its_narrative(couple, opened) -> None:
    keys = Keyring(dict(couple.plan.bundles))
    vault = opened(Vault.open(couple.path))
    story = narrative.save_draft(keys, 1, "values", {"values": "Written at schema 9"})
    vault.close()
    back_to_step(couple.path, 9, NEEDS_TABLES)
    assert schema_version(couple.path) == 9 and not set(NEEDS_TABLES) & table_names(couple.path)

    vault = opened(Vault.open(couple.path))
    assert schema_version(couple.path) == migrations.SCHEMA_VERSION >= 10
    assert set(NEEDS_TABLES) <= table_names(couple.path)
    assert narrative.load_drafts(keys, 1) == ([story], [])
    for owner in (1, 2):  # no drafts and no count yet: nothing is damage
        assert needs.load_drafts(keys, owner) == ([], [])
    draft = needs.save_draft(keys, 1, {"title": "Being believed"})
    assert needs.load_drafts(keys, 1) == ([draft], [])
    vault.close()

    # From now on the count is relied on: removing it is damage, not a fresh start.
    remove_counts_of(couple.path, 1)
    opened(Vault.open(couple.path))
    drafts, damaged = needs.load_drafts(Keyring(dict(couple.plan.bundles)), 1)
    assert drafts == [draft] and [d.uuid for d in damaged] == ["private rows of 1"]
