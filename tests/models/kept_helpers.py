"""What the tests of words kept after a failed save share (#10, #11): a session of one
partner, a full disk and a freed one, and the sealed words held in memory."""

from __future__ import annotations

from typing import Any

from models import vault as vault_module
from models.db import DB


def alone(vault: Any, couple: Any, partner: int, way: str = "password") -> Any:
    """``partner``'s session alone, opened with their password or recovery key."""
    if way == "password":
        who, bundle = vault_module.try_password(vault.slots("password"),
                                                couple.passwords[partner])
    else:
        who, bundle = vault_module.try_recovery_key(vault.slots("recovery"),
                                                    couple.recovery_text(partner))
    assert who == partner
    return vault.start_session({partner: bundle})


def disk_full() -> None:
    pages = DB.execute_sql("PRAGMA page_count").fetchone()[0]
    DB.execute_sql(f"PRAGMA max_page_count = {pages}")


def disk_freed() -> None:
    DB.execute_sql("PRAGMA max_page_count = 1073741823")


def kept_blobs(kept: str) -> list[bytes]:
    """Every sealed blob held under the database object's attribute ``kept``."""
    return [blob for pieces in getattr(DB.obj, kept, {}).values() for _, blob in pieces]
