"""One package (or module) per workbook tab, each listed once in ``registry.py`` and
built from a :class:`WorkbookContext`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from models.session import Session
from models.vault import Vault
from ui.changes import Changes
from ui.tasks import TaskRunner


@dataclass(frozen=True)
class WorkbookContext:
    """What a workbook tab may use: the open vault, who is unlocked, the slow-work runner."""

    vault: Vault
    session: Session
    tasks: TaskRunner
    # Every tab of one session shares this, so a save in one updates the others.
    changes: Changes = field(default_factory=Changes)
    # When this partner, alone, last opened the file (Home says so); None together.
    own_last_opened: dt.datetime | None = None
