"""Schema step 9: a file at schema 8 (with a journal already written) gains the
narrative tables; each partner's count of drafts is made the first time their key is
at hand, and from then on a removed count is damage."""

from __future__ import annotations

from models import migrations, narrative
from models.journal import EntryDraft, load_entries, save_entry
from models.session import Keyring
from models.vault import Vault
from tests.models.file_helpers import (
    back_to_step,
    remove_counts_of,
    schema_version,
    table_names,
)

NARRATIVE_TABLES = ("narrative_draft", "narrative_piece", "narrative_joint")


def test_a_schema_8_file_gains_narrative_and_keeps_its_journal(couple, opened) -> None:
    keys = Keyring(dict(couple.plan.bundles))
    vault = opened(Vault.open(couple.path))
    entry = save_entry(keys, 1, EntryDraft(title="Before", body="Written at schema 8"))
    vault.close()
    back_to_step(couple.path, 8, NARRATIVE_TABLES)
    assert schema_version(couple.path) == 8 and "narrative_draft" not in table_names(couple.path)

    vault = opened(Vault.open(couple.path))
    assert schema_version(couple.path) == migrations.SCHEMA_VERSION >= 9
    assert set(NARRATIVE_TABLES) <= table_names(couple.path)
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
    remove_counts_of(couple.path, 1)
    opened(Vault.open(couple.path))
    fresh = Keyring(dict(couple.plan.bundles))
    drafts, damaged = narrative.load_drafts(fresh, 1)
    assert drafts == [draft] and [d.uuid for d in damaged] == ["private rows of 1"]
