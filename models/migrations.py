"""The schema's history: an ordered list of steps, each run in one transaction.

``PRAGMA user_version`` records how far a file has come. To change the schema, append
a step; never edit a step that has shipped.
"""

from __future__ import annotations

from collections.abc import Callable

from models.db import DB

Step = Callable[[], None]


def _v1_foundation() -> None:
    from models.journal import JournalEntry
    from models.schema import KeySlot, Partner, VaultFact

    DB.create_tables([VaultFact, Partner, KeySlot, JournalEntry])


def _v2_agreements_and_consent() -> None:
    from models import agreements, consent

    DB.create_tables([*agreements.TABLES, *consent.TABLES])


def _v3_reviews_record_who_was_there() -> None:
    from models import agreements

    # Reviews saved before this step may have been done by one partner alone: who was
    # there is unknown (NULL), never assumed to be both. Step 2 builds tables from the
    # current models, so a new file has these columns already.
    table = agreements.AgreementReview._meta.table_name
    columns = {row[1] for row in DB.execute_sql(f"PRAGMA table_info({table})").fetchall()}
    for column in ("together", "by_partner"):
        if column not in columns:
            DB.execute_sql(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER")
    DB.create_tables(agreements.TABLES_V3)


def _v4_seal_each_partners_last_opening() -> None:
    from models.schema import Partner

    # The plain last_unlocked_at told anyone holding the file when each partner last
    # opened Trellis. Empty it (secure_delete zeroes the old bytes) and stop using it;
    # the moment is now sealed under each partner's own journal key. Step 1 builds
    # the table from the current model, so a new file has only the sealed column.
    table = Partner._meta.table_name
    columns = {row[1] for row in DB.execute_sql(f"PRAGMA table_info({table})").fetchall()}
    if "last_unlocked_at" in columns:
        DB.execute_sql(f"UPDATE {table} SET last_unlocked_at = NULL")
    if "sealed_last_seen" not in columns:
        DB.execute_sql(f"ALTER TABLE {table} ADD COLUMN sealed_last_seen BLOB")


def _v5_ledger_of_facts() -> None:
    import json

    from models import ledger
    from models.agreements import Agreement
    from models.schema import VaultFact

    DB.create_tables(ledger.TABLES)
    # No keys here: the agreements that already exist are listed (uuids only) and get
    # a baseline fact from their plain columns at the first unlock, once.
    existing = [row.uuid for row in Agreement.select(Agreement.uuid)]
    if existing:
        VaultFact.insert(name="legacy_agreements", value=json.dumps(existing)).on_conflict(
            "replace").execute()
    from models.consent import ConsentItem, ConsentReveal

    if ConsentItem.select().count() or ConsentReveal.select().count():
        VaultFact.insert(name="legacy_consent", value="1").on_conflict("replace").execute()


def _v6_echoes_of_plain_columns() -> None:
    from models import agreements, consent

    # Step 2 builds tables from the current models, so a new file has the column.
    for model in (*agreements.ECHOED, consent.ConsentItem, consent.ConsentReveal):
        table = model._meta.table_name
        columns = {row[1] for row in DB.execute_sql(f"PRAGMA table_info({table})").fetchall()}
        if "echo" not in columns:
            DB.execute_sql(f"ALTER TABLE {table} ADD COLUMN echo BLOB")


def _v7_manifests_of_private_rows() -> None:
    from models import manifest

    DB.create_tables(manifest.TABLES)


def _v8_journal_details_coping_plan_and_shared_passages() -> None:
    from models import journal

    # Entries from before keep their three sealed fields and no details; they open as
    # they did. Step 1 builds the table from the current model, so a new file has it.
    table = journal.JournalEntry._meta.table_name
    columns = {row[1] for row in DB.execute_sql(f"PRAGMA table_info({table})").fetchall()}
    if "details" not in columns:
        DB.execute_sql(f"ALTER TABLE {table} ADD COLUMN details BLOB")
    DB.create_tables(journal.TABLES)


def _v9_narrative_drafts_pieces_and_joint_story() -> None:
    from models import narrative

    # Each owner's count of drafts is made the first time their key is at hand
    # (models.narrative.counting), so this step needs no keys.
    DB.create_tables(narrative.TABLES)


def _v10_needs_map() -> None:
    from models import needs

    # M2's conversation tables live in their own module, imported here, inside the
    # step, so the needs package never has to import them first. Each owner's count of
    # drafts is made the first time their key is at hand (models.needs.counting).
    from models.needs import conversation_tables

    DB.create_tables([*needs.TABLES, *conversation_tables.TABLES])


STEPS: list[tuple[int, Step]] = [
    (1, _v1_foundation),
    (2, _v2_agreements_and_consent),
    (3, _v3_reviews_record_who_was_there),
    (4, _v4_seal_each_partners_last_opening),
    (5, _v5_ledger_of_facts),
    (6, _v6_echoes_of_plain_columns),
    (7, _v7_manifests_of_private_rows),
    (8, _v8_journal_details_coping_plan_and_shared_passages),
    (9, _v9_narrative_drafts_pieces_and_joint_story),
    (10, _v10_needs_map),
]

SCHEMA_VERSION = STEPS[-1][0]


def pending(current: int) -> list[tuple[int, Step]]:
    """The steps a file at schema ``current`` still needs, in order."""
    return [(version, step) for version, step in STEPS if version > current]
