"""Export for our therapist… (#11): the dialog saves a PDF of what was shared, never a
draft, read and written in a child process that gets the workbook key through a pipe
only; a lock stops it and leaves no file; Stop keeps every choice."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

import exports.narrative.export as narrative_export
from models import narrative
from models import vault as vault_module
from tests.exports.narrative import narrative_jobs
from tests.ui.export_helpers import SessionExportCase, SessionExportChecks, seeding
from ui.workbooks.narrative.export_dialog import NarrativeExportDialog

SHARED = "KqSharedPreferredZz the walk on Sundays"
DRAFT = "KqDraftOnlyZz not shared with anyone"
PRIVATE = "KqNotReadyZz kept back"


@pytest.fixture
def seeded(vault_path: Path, existing_vault: vault_module.SetupPlan) -> vault_module.SetupPlan:
    """Partner 1 shared their preferred story; partner 2 has only private drafts."""
    with seeding(vault_path, existing_vault) as (keys, proofs):
        for partner in (1, 2):
            narrative.open_story(keys, partner, proofs[partner])
        preferred = narrative.save_draft(keys, 1, "preferred", {"title": "Slowly",
                                                                 "text": SHARED})
        narrative.share_piece(keys, proofs[1], preferred.uuid)
        narrative.save_draft(keys, 2, "values", {"values": DRAFT})
        narrative.save_draft(keys, 2, "impact", {"feelings": DRAFT, "not_ready": PRIVATE})
    return existing_vault


def _tab() -> type[QWidget]:
    from ui.workbooks.narrative import NarrativeTab

    return NarrativeTab


CASE = SessionExportCase(
    dialog=NarrativeExportDialog, export=narrative_export,
    held=narrative_jobs.held_narrative, telling=narrative_jobs.telling_narrative,
    shown=("KqSharedPreferredZz",), kept_back=("KqDraftOnlyZz", "KqNotReadyZz"),
    file_name="stories.pdf", tab=_tab, button="narrativeExportButton")


@pytest.fixture
def case() -> SessionExportCase:
    return CASE


class TestNarrativeExportDialog(SessionExportChecks):
    """Every check of a session export dialog, on the narrative's."""
