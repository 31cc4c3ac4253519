"""The "Needs map" tab at one keyboard (#12): alone, the partner's own needs open when
first shown; together, My needs shows only the gate, opens only with its owner's
password typed then, and closes on Close my needs, another tab, a lock and the idle
time, leaving no word in any widget. The Export button opens M6's dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from models import needs
from models import vault as vault_module
from models.proof import prove
from models.vault import Vault
from tests.ui.conftest import NAMES, PASSWORDS, flush_deletes, unlock_solo, unlock_together
from tests.ui.needs.frame_helpers import (
    ask_open,
    every_text,
    needs_tab,
    open_together,
    password,
    settle,
)
from ui.texts import text
from ui.workbooks.needs.my_needs import MyNeedsPage

MINE = "Heron-4471 tell me before plans change"
THEIRS = "Larch-8830 room to be quiet"
PAGES = ["mine", "map", "commitments", "missed", "review"]


def seed(vault_path: Path, plan: vault_module.SetupPlan, words: dict[int, str]) -> None:
    """Each partner writes a need, alone, before the window opens the file."""
    vault = Vault.open(vault_path)
    try:
        for partner, title in words.items():
            session = vault.start_session({partner: plan.bundles[partner]})
            needs.save_draft(session.keyring, partner, {"card": "predictability",
                                                         "title": title, "importance": "2"})
            session.lock()
    finally:
        vault.close()


@pytest.fixture
def both_wrote(existing_vault, vault_path) -> None:
    seed(vault_path, existing_vault, {1: MINE, 2: THEIRS})


def _mine(tab) -> MyNeedsPage:
    page = tab.private["mine"]
    assert isinstance(page, MyNeedsPage)
    return page


@pytest.mark.usefixtures("both_wrote")
def test_alone_the_own_needs_open_when_first_shown_and_hold_no_other(qtbot, window) -> None:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[2])
    from ui.workbooks.needs import NeedsTab

    tab = window.workbench.findChild(NeedsTab)
    assert tab.private == {}  # nothing private is read before the tab shows
    tab = needs_tab(window)
    assert tab.owner == 2 and tab.listed() == PAGES
    page = _mine(tab)
    assert page.list.count() == 1 and THEIRS in page.list.item(0).text()
    assert not tab.close_button.isVisible() and not tab.idle.isActive()
    words = " ".join(every_text())
    assert THEIRS in words and MINE not in words


@pytest.mark.usefixtures("both_wrote")
def test_two_people_at_one_keyboard(qtbot, window) -> None:
    """Partner 2 cannot see partner 1's needs without partner 1's password typed then."""
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    tab = needs_tab(window)
    keys = window.session.keyring
    assert tab.owner is None and tab.private == {}
    assert tab.stack.currentWidget() is tab.gate_scroll
    assert [b.text() for b in tab.gate.buttons.values()] == [
        text("needs_gate", "open", name=NAMES[1]), text("needs_gate", "open", name=NAMES[2])]

    asked = ask_open(qtbot, tab, 1)
    assert asked.partners == (1,)
    password(qtbot, window, asked, {1: PASSWORDS[2]})  # the other partner's password
    assert tab.owner is None and not keys.holds_journal(1) and tab.private == {}
    assert text("fresh_password", "wrong", name=NAMES[1]) in asked.message.text()
    asked.reject()
    flush_deletes()
    assert tab.open_mine(1, None) is False and tab.owner is None
    proof_2 = prove(window.vault.slot_of(2, "password"), PASSWORDS[2])
    assert tab.open_mine(1, proof_2) is False and not keys.holds_journal(1)
    words = " ".join(every_text())
    assert MINE not in words and THEIRS not in words

    open_together(qtbot, window, 2)
    assert THEIRS in _mine(tab).list.item(0).text() and not keys.holds_journal(1)
    words = " ".join(every_text())
    assert THEIRS in words and MINE not in words
    assert tab.list.item(0).text() == text("needs", "private_heading_open", name=NAMES[2])
    qtbot.mouseClick(tab.close_button, Qt.MouseButton.LeftButton)
    settle(window)
    assert tab.owner is None and tab.private == {} and not keys.holds_journal(2)
    assert THEIRS not in " ".join(every_text())

    open_together(qtbot, window, 1)
    assert MINE in " ".join(every_text()) and THEIRS not in " ".join(every_text())
    window.workbench.setCurrentIndex(0)  # another tab closes them
    settle(window)
    assert tab.owner is None and not keys.holds_journal(1)
    assert MINE not in " ".join(every_text())


@pytest.mark.usefixtures("both_wrote")
def test_a_lock_and_the_idle_time_close_the_needs(qtbot, window) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    tab = open_together(qtbot, window, 1)
    page = _mine(tab)
    qtbot.keyClicks(page.editor.texts["helps"], "Sandpiper-1209")
    tab.idle.timeout.emit()  # the idle time: saved first, then closed
    settle(window)
    assert tab.owner is None and tab.closed_by_idle
    assert "Sandpiper-1209" not in " ".join(every_text())
    assert tab.gate.message.text()

    tab = open_together(qtbot, window, 1)  # what was typed was saved before closing
    assert any(d.fields["helps"] == "Sandpiper-1209" for d in _mine(tab).model.records())
    window.lock()
    flush_deletes()
    assert MINE not in " ".join(every_text()) and "Sandpiper-1209" not in " ".join(every_text())


def test_the_export_button_opens_the_needs_export(qtbot, window, existing_vault,
                                                  monkeypatch) -> None:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    tab = needs_tab(window)
    opened: list[object] = []

    class Stand:
        def __init__(self, ctx, parent) -> None:
            opened.append((ctx, parent))

        def open(self) -> None:
            opened.append("open")

    import importlib
    import sys
    import types

    module = types.ModuleType("ui.workbooks.needs.export_dialog")
    module.NeedsExportDialog = Stand  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.workbooks.needs.export_dialog", module)
    assert importlib.import_module("ui.workbooks.needs.export_dialog") is module
    qtbot.mouseClick(tab.export_button, Qt.MouseButton.LeftButton)
    assert opened == [(tab.ctx, tab), "open"]
    assert tab.export_button.objectName() == "needsExportButton"


@pytest.mark.usefixtures("both_wrote")
def test_together_the_keyboard_reaches_only_the_gate(qtbot, window) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    tab = needs_tab(window)
    tab.show_page("commitments")
    tab.list.setFocus()
    for key in (Qt.Key.Key_Up, Qt.Key.Key_Up, Qt.Key.Key_Up, Qt.Key.Key_Tab,
                Qt.Key.Key_Backtab, Qt.Key.Key_Home):
        qtbot.keyClick(tab.list, key)
        settle(window)
    tab.show_page("mine")
    assert tab.stack.currentWidget() is tab.gate_scroll and tab.private == {}
    assert not window.session.keyring.holds_journal(1)
    assert not window.session.keyring.holds_journal(2)
    words = " ".join(every_text())
    assert MINE not in words and THEIRS not in words
