"""A vault in which partner 1 has shared a need, and the Commitments page at hand."""

from __future__ import annotations

from pathlib import Path

from shiboken6 import isValid

from models import needs
from models import vault as vault_module
from models.needs import Commitment
from models.proof import prove
from models.vault import Vault
from tests.ui.conftest import PASSWORDS, unlock_solo, unlock_together
from tests.ui.needs.frame_helpers import needs_tab, settle
from ui.workbooks.needs.commitment_dialog import CommitmentDialog
from ui.workbooks.needs.commitments import CommitmentsPage

NEED = "Knowing plans ahead"


def share_a_need(vault_path: Path, plan: vault_module.SetupPlan, owner: int = 1,
                 title: str = NEED) -> None:
    """``owner`` writes and shares one need, alone, before the window opens the file."""
    vault = Vault.open(vault_path)
    try:
        session = vault.start_session({owner: plan.bundles[owner]})
        draft = needs.save_draft(session.keyring, owner, {"card": "predictability",
                                                           "title": title,
                                                           "importance": "3"})
        needs.share_need(session.keyring, prove(vault.slot_of(owner, "password"),
                                                PASSWORDS[owner]), draft.uuid)
        session.lock()
    finally:
        vault.close()


def commitments_page(qtbot, window, together: bool = True, partner: int = 1
                     ) -> CommitmentsPage:
    window.start()
    if together:
        unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    else:
        unlock_solo(qtbot, window, PASSWORDS[partner])
    page = needs_tab(window).show_page("commitments")
    assert isinstance(page, CommitmentsPage)
    return page


def propose(qtbot, window, page: CommitmentsPage, what: str, how_often: str = "",
            how_seen: str = "", doer: int | None = None) -> Commitment | None:
    """Fill the propose dialog and submit it; the commitment written (the dialog is
    then closed and deleted), or None."""
    dialog = page.propose()
    assert isinstance(dialog, CommitmentDialog) and dialog.isVisible()
    if doer is not None:
        dialog.doer.setCurrentIndex(dialog.doer.findData(doer))
    for key, words in (("what", what), ("how_often", how_often), ("how_seen", how_seen)):
        qtbot.keyClicks(dialog.areas[key], words)
    dialog.check_words()
    dialog.submit()
    written = dialog.written
    settle(window)
    assert written is None or not isValid(dialog)
    return written
