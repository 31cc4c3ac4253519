"""The impact statement (#11): its sections save privately; "Not ready to say" sits
apart under a plain line and never reaches a shared piece, whether shared from the page
(the dialog shows it nowhere) or by the model (load_shared never holds it)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from models import narrative
from models.proof import FreshProof
from tests.ui.conftest import PASSWORDS, flush_deletes, visible_texts
from tests.ui.narrative.test_letter import alone, build
from ui import theme
from ui.texts import text
from ui.widgets.fresh_password import FreshPasswordDialog
from ui.workbooks.narrative.impact import NOT_READY, SECTIONS, ImpactPage

CANARY = "Quillwort-7730 the night in March"


def impact_of(ctx, owner: int = 2) -> narrative.Draft | None:
    drafts, damaged = narrative.load_drafts(ctx.session.keyring, owner)
    assert damaged == []
    return narrative.page_of(drafts, "impact")


def write(qtbot, page: ImpactPage, key: str, words: str) -> None:
    page.areas[key].setFocus()
    qtbot.keyClicks(page.areas[key], words)


def test_the_sections_save_privately_and_not_ready_stands_apart_with_its_line(
        qtbot, window, existing_vault) -> None:
    ctx = alone(qtbot, window, 2)
    page = build(qtbot, ImpactPage, ctx, 2)
    assert SECTIONS == ("feelings", "body", "sex_touch", "trust", "self_blame", "daily_life",
                        "questions", "needs_now")
    for key in (*SECTIONS, NOT_READY):
        assert page.areas[key].objectName() and page.areas[key].accessibleName()
        assert page.sections[key].guide.text()
    line = " ".join(page.not_ready_line.text().split()).lower()
    assert "never part of anything you share" in line and "never exported" in line
    assert text("narrative_impact", "session_line") in visible_texts()
    box = page.findChild(type(page), "impactNotReadyBox") or page.sections[NOT_READY].parent()
    assert page.sections[NOT_READY].isAncestorOf(page.areas[NOT_READY])
    assert box is not None and not box.isAncestorOf(page.areas["needs_now"])
    write(qtbot, page, "feelings", "Numb, then furious.")
    write(qtbot, page, NOT_READY, CANARY)
    page.flush()
    draft = impact_of(ctx)
    assert draft is not None
    assert (draft.fields["feelings"], draft.fields[NOT_READY]) == ("Numb, then furious.", CANARY)
    page.close()
    again = build(qtbot, ImpactPage, ctx, 2)
    assert again.areas[NOT_READY].toPlainText() == CANARY


def test_not_ready_alone_is_nothing_to_share(qtbot, window, existing_vault) -> None:
    ctx = alone(qtbot, window, 2)
    page = build(qtbot, ImpactPage, ctx, 2)
    write(qtbot, page, NOT_READY, CANARY)
    assert page.share() is None
    assert page.message.text() == text("narrative_impact", "nothing_to_share")
    assert narrative.load_shared(ctx.session.keyring, "impact")[0] == []


def test_the_not_ready_words_never_reach_a_shared_piece(qtbot, window, existing_vault) -> None:
    ctx = alone(qtbot, window, 2)
    page = build(qtbot, ImpactPage, ctx, 2)
    write(qtbot, page, "trust", "I check everything twice now.")
    write(qtbot, page, NOT_READY, CANARY)
    dialog = page.share()
    assert dialog is not None
    shown = " ".join(label.text() for label in dialog.fields.values())
    assert "I check everything twice now." in shown
    assert CANARY not in " ".join(visible_texts())  # the page's own field aside
    assert CANARY not in shown
    dialog.submit()
    fresh = dialog.fresh
    assert isinstance(fresh, FreshPasswordDialog) and fresh.partners == (2,)
    qtbot.keyClicks(fresh.fields[2].edit, PASSWORDS[2])
    fresh.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    keys = ctx.session.keyring
    qtbot.waitUntil(lambda: bool(narrative.load_shared(keys, "impact")[0]), timeout=5000)
    # And straight through the model, a second version.
    narrative.share_piece(keys, FreshProof(2, existing_vault.bundles[2]), impact_of(ctx).uuid)
    pieces, damaged = narrative.load_shared(keys)
    assert damaged == [] and [p.version for p in pieces] == [1, 2]
    for piece in pieces:
        assert NOT_READY not in piece.fields
        assert all("Quillwort" not in words for words in piece.fields.values())
        assert piece.fields["trust"] == "I check everything twice now."
    flush_deletes()


@pytest.mark.parametrize("size", [(900, 600)])
def test_the_impact_page_scrolls_at_900x600_with_the_largest_text(
        qtbot, window, existing_vault, size, plain_look_afterwards) -> None:
    theme.apply_theme(QApplication.instance(), "light", "larger")
    page = build(qtbot, ImpactPage, alone(qtbot, window, 2), 2, size)
    QApplication.processEvents()
    assert page._scroll.verticalScrollBar().maximum() > 0
    assert page._scroll.horizontalScrollBar().maximum() == 0  # nothing cut at the side
    page._scroll.ensureWidgetVisible(page.areas[NOT_READY])
    QApplication.processEvents()
    page.grab().save("/tmp/n4_impact_900x600.png")
