"""My needs (#12): starter cards to begin from, the need in the partner's own words,
importance and "lately" in words, safety signals; autosaved and read back after a lock;
one dataChanged per save; deleting asks first."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel

from models import needs
from tests.ui.conftest import PASSWORDS, unlock_solo
from tests.ui.needs.frame_helpers import every_text, needs_tab, settle
from ui.texts import text
from ui.workbooks.needs.my_needs import DeleteNeedDialog, MyNeedsPage
from ui.workbooks.needs.need_fields import SIGNALS
from ui.workbooks.needs.words import card_label

SAFE = "Egret-3307 you text me when you are leaving work"


def _page(qtbot, window, partner: int = 1) -> MyNeedsPage:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[partner])
    page = needs_tab(window).show_page("mine")
    assert isinstance(page, MyNeedsPage)
    return page


def test_a_card_starts_a_need_that_autosaves_every_field_and_reads_back(
        qtbot, window, existing_vault) -> None:
    page = _page(qtbot, window)
    assert page.list.isHidden() and not page.empty.isHidden()
    assert set(page.cards) == {*needs.CARDS, ""}
    qtbot.mouseClick(page.cards["believed"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)  # the card names it
    assert page.current is not None and page.current.fields["card"] == "believed"
    assert page.model.rowCount() == 1 and card_label("believed") in page.list.item(0).text()

    changed: list[int] = []
    page.model.dataChanged.connect(lambda first, _last, _roles: changed.append(first.row()))
    qtbot.keyClicks(page.editor.title, "Being taken at my word")
    qtbot.keyClicks(page.editor.texts["words"], "When I say I am scared, that is enough.")
    page.editor.importance.group.button(3).setChecked(True)  # matters most
    page.editor.lately.group.button(2).setChecked(True)  # partly
    for key in SIGNALS:
        qtbot.keyClicks(page.editor.texts[key], f"{SAFE} {key}")
    qtbot.waitUntil(lambda: not page._timer.isActive() and page.saved_note.isVisible(),
                    timeout=3000)
    assert changed == [0]  # one save, one row changed, no reset
    row = page.list.item(0).text()
    assert "Being taken at my word" in row and text("needs_fields", "importance_3") in row
    assert "3" not in row  # importance in words, never a number alone

    window.lock()
    unlock_solo(qtbot, window, PASSWORDS[1])
    page = needs_tab(window).show_page("mine")
    drafts, damaged = needs.load_drafts(window.session.keyring, 1)
    assert damaged == [] and len(drafts) == 1
    fields = drafts[0].fields
    assert fields["importance"] == "3" and fields["lately"] == "partly"
    assert fields["safe_signs"] == f"{SAFE} safe_signs"
    page.list.setCurrentRow(0)
    assert page.editor.title.text() == "Being taken at my word"
    assert page.editor.importance.value() == "3" and page.editor.lately.value() == "partly"
    assert page.editor.texts["does_not_help"].toPlainText() == f"{SAFE} does_not_help"


def test_importance_and_lately_are_words_on_every_control(qtbot, window,
                                                           existing_vault) -> None:
    page = _page(qtbot, window)
    for choice in (page.editor.importance, page.editor.lately):
        for button in choice.group.buttons():
            assert button.text() and not any(ch.isdigit() for ch in button.text())
    labels = [w.text() for w in page.findChildren(QLabel)] + [
        b.text() for b in page.findChildren(QAbstractButton)]
    assert not any(label.strip().isdigit() for label in labels)


def test_a_new_blank_need_is_saved_once_named_and_deleting_asks_first(
        qtbot, window, existing_vault) -> None:
    page = _page(qtbot, window, 2)
    page.new_need("")
    page.flush()
    assert page.model.rowCount() == 0  # nothing names it yet: nothing saved
    qtbot.keyClicks(page.editor.title, "Quiet mornings")
    page.flush()
    assert page.model.rowCount() == 1 and page.delete_button.isVisible()
    second = page.current
    qtbot.mouseClick(page.cards["space"], Qt.MouseButton.LeftButton)
    page.flush()
    assert page.model.rowCount() == 2 and page.list.currentRow() == 0
    page.list.setCurrentRow(1)
    assert page.current == second and page.editor.title.text() == "Quiet mornings"

    dialog = page.ask_delete()
    assert isinstance(dialog, DeleteNeedDialog) and dialog.isVisible()
    dialog.reject()
    assert page.model.rowCount() == 2  # cancelled: kept
    dialog = page.ask_delete()
    dialog.accept()
    settle(window)
    assert page.model.rowCount() == 1 and "Quiet mornings" not in " ".join(every_text())
    drafts, _ = needs.load_drafts(window.session.keyring, 2)
    assert [d.fields["card"] for d in drafts] == ["space"]
