"""Stand-ins for the needs map export's child job, found there by name (#12): the real
job, held for 20 s once its file is begun, or telling what the child was started with.
No Qt (the child imports this module)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from exports.in_child import Child
from exports.needs import NeedsOrder, export_from_vault
from tests.child_jobs import _held


def held_needs(order: NeedsOrder, child: Child) -> Path:
    """The real needs map export, held for 20 s (reporting) once its file is begun."""
    return export_from_vault(order, _held(child))


def telling_needs(order: NeedsOrder, child: Child) -> Path:
    """Says the child's command line and environment, then runs the real export."""
    child.step("argv " + " ".join(sys.argv))
    child.step("env " + " ".join(f"{key}={value}" for key, value in os.environ.items()))
    return export_from_vault(order, child)
