"""Which pages the "Needs map" tab lists, in which order, and how each is built.

Each page's module is imported when the page is first shown, and by name: the map
(M4), the conversations and reviews (M5) and the export (M6) are built beside this
frame, and a plain import of a module not there yet would read as an import of this
package (a circle) to ``tests/test_layout.py``. The private page is built as
``Page(ctx, owner, parent)``, the pages between us as ``Page(ctx, parent)``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QWidget

from ui.workbooks import WorkbookContext

MINE = ("mine",)
BETWEEN = ("map", "commitments", "missed", "review")

PrivateFactory = Callable[[WorkbookContext, int, QWidget], QWidget]
SharedFactory = Callable[[WorkbookContext, QWidget], QWidget]


def _built(module: str, name: str, *args: object) -> QWidget:
    page: QWidget = getattr(importlib.import_module(f"ui.workbooks.needs.{module}"), name)(*args)
    return page


def _mine(ctx: WorkbookContext, owner: int, parent: QWidget) -> QWidget:
    return _built("my_needs", "MyNeedsPage", ctx, owner, parent)


def _map(ctx: WorkbookContext, parent: QWidget) -> QWidget:
    return _built("map_view", "MapPage", ctx, parent)


def _commitments(ctx: WorkbookContext, parent: QWidget) -> QWidget:
    return _built("commitments", "CommitmentsPage", ctx, parent)


def _missed(ctx: WorkbookContext, parent: QWidget) -> QWidget:
    return _built("misattunement", "MisattunementPage", ctx, parent)


def _review(ctx: WorkbookContext, parent: QWidget) -> QWidget:
    return _built("review", "ReviewPage", ctx, parent)


PRIVATE: dict[str, PrivateFactory] = {"mine": _mine}
SHARED: dict[str, SharedFactory] = {"map": _map, "commitments": _commitments,
                                    "missed": _missed, "review": _review}


def export_dialog(ctx: WorkbookContext, parent: QWidget) -> QDialog:
    """Export for our therapist… (only what was shared)."""
    module = importlib.import_module("ui.workbooks.needs.export_dialog")
    dialog: QDialog = module.NeedsExportDialog(ctx, parent)
    return dialog
