"""Export for our therapist… on the needs map (#12): the dialog saves a PDF of what was
shared, never a draft, read and written in a child process that gets the workbook key
through a pipe only; a lock stops it and leaves no file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

import exports.needs.export as needs_export
from models import needs
from models import vault as vault_module
from tests.exports.needs import needs_jobs
from tests.ui.export_helpers import SessionExportCase, SessionExportChecks, seeding
from ui.workbooks.needs.export_dialog import NeedsExportDialog

SHARED = "KqSharedNeedZz a text when plans change"
DRAFT = "KqDraftOnlyZz not shared with anyone"


@pytest.fixture
def seeded(vault_path: Path, existing_vault: vault_module.SetupPlan) -> vault_module.SetupPlan:
    """Partner 1 shared a need; partner 2 has only a private draft."""
    with seeding(vault_path, existing_vault) as (keys, proofs):
        for partner in (1, 2):
            needs.open_needs(keys, partner, proofs[partner])
        draft = needs.save_draft(keys, 1, {"card": "predictability", "words": SHARED,
                                           "importance": "2"})
        needs.share_need(keys, proofs[1], draft.uuid)
        needs.save_draft(keys, 2, {"title": DRAFT, "helps": DRAFT})
    return existing_vault


def _tab() -> type[QWidget]:
    from ui.workbooks.needs import NeedsTab

    return NeedsTab


CASE = SessionExportCase(
    dialog=NeedsExportDialog, export=needs_export,
    held=needs_jobs.held_needs, telling=needs_jobs.telling_needs,
    shown=("KqSharedNeedZz", "Predictability"), kept_back=("KqDraftOnlyZz",),
    file_name="needs.pdf", tab=_tab, button="needsExportButton")


@pytest.fixture
def case() -> SessionExportCase:
    return CASE


class TestNeedsExportDialog(SessionExportChecks):
    """Every check of a session export dialog, on the needs map's."""
