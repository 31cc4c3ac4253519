"""The consent check-in with a long list (#9): the tab reads nothing at unlock, shows a
first page when it is first shown and the rest from a worker, merged in without a
reset; the private answers are a table model whose rows change one at a time, answered
with the keyboard as well as the mouse, each row spoken whole to a screen reader."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QRadioButton

from models import bulk, consent
from models.session import Keyring
from models.vault import SetupPlan, Vault
from tests.ui.conftest import PASSWORDS, flush_deletes, open_workbook, unlock_solo
from tests.ui.test_consent import _pick
from tests.ui.test_fresh_views import Signals
from tests.ui.test_loading import everything_shown
from ui.texts import text
from ui.workbooks.consent import ConsentTab
from ui.workbooks.consent.answer_table import ANSWER, ITEM, NOTE
from ui.workbooks.consent.answers import SEARCH_FROM, AnswerDialog
from ui.workbooks.consent.loading import PAGE
from ui.workbooks.consent.words import answer_label

MANY = 450  # more than a first page
GUI = threading.get_ident()


def fill(vault_path: Path, plan: SetupPlan, count: int = MANY) -> list[str]:
    """``count`` items written in bulk; their labels, in the list's order."""
    vault = Vault.open(vault_path)
    try:
        keys = Keyring(dict(plan.bundles))
        bulk.fill_consent_items(vault, keys, count)
        labels = [item.label for item in consent.items(keys)]
        keys.clear()
    finally:
        vault.close()
    assert len(labels) == count
    return labels


class HeldReads:
    """Whole reads of the list made off the GUI thread wait for :meth:`release`; the
    threads they ran on are kept."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.gate = threading.Event()
        self.threads: list[int] = []
        self.ended: list[BaseException | None] = []
        real = consent.load_items

        def held(keys: Keyring):  # type: ignore[no-untyped-def]
            if threading.get_ident() == GUI:
                return real(keys)
            self.threads.append(threading.get_ident())
            self.gate.wait(20)
            try:
                result = real(keys)
            except BaseException as error:
                self.ended.append(error)
                raise
            self.ended.append(None)
            return result

        monkeypatch.setattr(consent, "load_items", held)

    def release(self) -> None:
        self.gate.set()


def open_tab(qtbot, window) -> ConsentTab:
    return open_workbook(qtbot, window, ConsentTab, together=False, partner=1)


def answers_of(qtbot, tab: ConsentTab) -> AnswerDialog:
    tab.answer_button.click()
    dialog = tab.answer_dialog
    assert isinstance(dialog, AnswerDialog)
    qtbot.waitExposed(dialog)
    return dialog


# -- opening a long list ------------------------------------------------------------------


def test_the_tab_reads_nothing_until_shown_then_a_first_page_then_the_rest(
        qtbot, window, existing_vault, vault_path, monkeypatch) -> None:
    labels = fill(vault_path, existing_vault)
    held = HeldReads(monkeypatch)
    firsts: list[int] = []
    real_first = consent.load_first
    monkeypatch.setattr(consent, "load_first",
                        lambda keys, count: firsts.append(count) or real_first(keys, count))
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    tab = window.workbench.findChild(ConsentTab)
    assert not tab.isVisible() and tab.board.rowCount() == 0 and firsts == [], \
        "unlocking reads nothing for a tab not shown"

    signals = Signals(tab.board)
    window.workbench.setCurrentWidget(tab)
    qtbot.wait(50)  # the event loop runs: nothing more arrives while the read is held
    assert firsts == [PAGE]
    assert [item.label for item in tab.items] == labels[:PAGE]
    assert tab.loading_note.isVisible()
    assert tab.loading_note.text() == text("consent_checkin", "still_opening")
    # The list is usable meanwhile: adding an item puts it last.
    qtbot.keyClicks(tab.new_item, "Dancing in the kitchen")
    tab.add_button.click()
    assert tab.items[-1].label == "Dancing in the kitchen"

    held.release()
    qtbot.waitUntil(lambda: not tab.loader.loading, timeout=20000)
    assert held.threads and GUI not in held.threads, "the whole read ran on a worker"
    assert [item.label for item in tab.items] == labels + ["Dancing in the kitchen"]
    assert "modelReset" not in signals.other, "rows came in, never a reset"
    assert not tab.loading_note.isVisible()
    assert tab.item_list.uniformItemSizes(), "a long list lays out without measuring it"


def test_a_change_elsewhere_merges_into_a_long_list_in_place(
        qtbot, window, existing_vault, vault_path) -> None:
    labels = fill(vault_path, existing_vault)
    tab = open_tab(qtbot, window)
    qtbot.waitUntil(lambda: not tab.loader.loading, timeout=20000)
    tab.item_list.setCurrentRow(300)
    chosen = tab.items[300].uuid
    signals = Signals(tab.board)
    added = consent.add_item(window.session.keyring, "Dancing in the kitchen", 2)
    tab.ctx.changes.announce("consent", added.uuid)
    qtbot.waitUntil(lambda: not tab.loader.loading, timeout=20000)
    assert [item.label for item in tab.items] == labels + ["Dancing in the kitchen"]
    assert signals.other == ["rowsInserted"] and signals.changed == [], "one row came"
    assert tab.items[tab.item_list.currentRow()].uuid == chosen, "the choice stays"


def test_a_worker_that_cannot_read_leaves_the_gui_thread_to_read_the_rest(
        qtbot, window, existing_vault, vault_path, monkeypatch) -> None:
    labels = fill(vault_path, existing_vault)
    real = consent.load_items
    threads: list[int] = []

    def failing(keys: Keyring):  # type: ignore[no-untyped-def]
        threads.append(threading.get_ident())
        if threading.get_ident() != GUI:
            raise OSError("the worker's connection did not open")
        return real(keys)

    monkeypatch.setattr(consent, "load_items", failing)
    tab = open_tab(qtbot, window)
    qtbot.waitUntil(lambda: not tab.loader.loading, timeout=20000)
    assert any(t != GUI for t in threads) and threads[-1] == GUI, "a worker, then here"
    assert [item.label for item in tab.items] == labels
    assert tab.message.text() == "" and not tab.loading_note.isVisible()


def test_a_lock_while_the_rest_is_read_leaves_nothing(
        qtbot, window, existing_vault, vault_path, monkeypatch) -> None:
    labels = fill(vault_path, existing_vault)
    held = HeldReads(monkeypatch)
    tab = open_tab(qtbot, window)
    assert tab.loader.loading
    window.lock()
    held.release()
    qtbot.waitUntil(lambda: bool(held.ended), timeout=20000)
    QApplication.processEvents()
    flush_deletes()
    shown = everything_shown()
    assert not any(label in words for label in labels[:5] + labels[-5:] for words in shown)


# -- the private answers: a model, one row at a time ------------------------------------


def test_the_answer_rows_pass_the_model_tester(qtbot, qtmodeltester, window,
                                               existing_vault) -> None:
    tab = open_tab(qtbot, window)
    dialog = answers_of(qtbot, tab)
    _pick(dialog, 1, "maybe")
    qtmodeltester.check(dialog.rows)
    qtmodeltester.check(dialog.shown)
    dialog.shown.search(tab.items[2].label[:4])
    qtmodeltester.check(dialog.shown)
    dialog.reject()


def test_one_answer_changes_one_row_and_nothing_else(qtbot, window, existing_vault,
                                                     vault_path) -> None:
    labels = fill(vault_path, existing_vault)
    tab = open_tab(qtbot, window)
    qtbot.waitUntil(lambda: not tab.loader.loading, timeout=20000)
    dialog = answers_of(qtbot, tab)
    assert dialog.rows.rowCount() == MANY and dialog.items[57].label == labels[57]
    rows, listed = Signals(dialog.rows), Signals(tab.board)
    _pick(dialog, 57, "not_now")
    assert rows.changed == [(57, 57)] and rows.other == []
    assert dialog.rows.index(57, ANSWER).data() == answer_label("not_now")
    # The note is saved when typing is done: the same row again, and only it.
    qtbot.keyClicks(dialog.editor.note, "later")
    qtbot.keyClick(dialog.editor.note, Qt.Key.Key_Return)
    assert rows.changed == [(57, 57), (57, 57)] and rows.other == []
    assert dialog.rows.index(57, NOTE).data() == "later"
    # A search only filters; choosing another row changes no row.
    qtbot.keyClicks(dialog.search, labels[3][:6])
    _pick(dialog, 3, "yes")
    assert rows.changed == [(57, 57), (57, 57), (3, 3)] and rows.other == []
    assert listed.changed == [] and listed.other == [], "the shared list never moves"
    dialog.reject()
    saved = consent.my_answers(window.session.keyring, 1)
    assert (saved[tab.items[57].uuid].answer, saved[tab.items[57].uuid].note) == (
        "not_now", "later")


def test_answers_open_with_the_whole_list_even_while_it_is_still_read(
        qtbot, window, existing_vault, vault_path, monkeypatch) -> None:
    labels = fill(vault_path, existing_vault)
    held = HeldReads(monkeypatch)
    tab = open_tab(qtbot, window)
    dialog = answers_of(qtbot, tab)
    assert dialog.rows.rowCount() == PAGE
    held.release()
    qtbot.waitUntil(lambda: dialog.rows.rowCount() == MANY, timeout=20000)
    assert [item.label for item in dialog.items] == labels
    assert dialog.search.isVisible() and MANY > SEARCH_FROM
    dialog.reject()


def test_answering_with_the_keyboard_and_what_a_screen_reader_hears(
        qtbot, window, existing_vault) -> None:
    tab = open_tab(qtbot, window)
    dialog = answers_of(qtbot, tab)
    table = dialog.table
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    assert QApplication.focusWidget() is table and table.currentIndex().row() == 0
    first, second = dialog.items[0], dialog.items[1]
    spoken = dialog.rows.index(1, ITEM).data(Qt.ItemDataRole.AccessibleTextRole)
    assert second.label in spoken and text("consent_answers", "not_answered") in spoken

    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert dialog.editor.uuid == second.uuid, "the row chosen opens below"
    qtbot.keyClick(table, Qt.Key.Key_2)
    assert dialog.chosen(second.uuid) == "maybe"
    assert consent.my_answers(window.session.keyring, 1)[second.uuid].answer == "maybe"
    spoken = dialog.rows.index(1, ITEM).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == text("consent_answers", "row_spoken", label=second.label,
                          answer=answer_label("maybe"))
    # Tab goes on to the answers (one stop for the group), then the note.
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    focused = QApplication.focusWidget()
    assert isinstance(focused, QRadioButton) and focused.isChecked()
    assert focused.accessibleName() == text("consent_answers", "choice_name",
                                            label=second.label, answer=answer_label("maybe"))
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.editor.note
    assert dialog.editor.note.accessibleName() == text("consent_answers", "note_name",
                                                       label=second.label)
    qtbot.keyClicks(dialog.editor.note, "only slowly")
    qtbot.keyClick(dialog.editor.note, Qt.Key.Key_Return)
    spoken = dialog.rows.index(1, ITEM).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == text("consent_answers", "row_spoken_note", label=second.label,
                          answer=answer_label("maybe"), note="only slowly")
    assert dialog.chosen(first.uuid) is None
    # The first row again, with the keyboard: Shift+Tab back to the table.
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Up)
    qtbot.keyClick(table, Qt.Key.Key_4)
    assert dialog.chosen(first.uuid) == "no"
    dialog.reject()
    mine = consent.my_answers(window.session.keyring, 1)
    assert (mine[second.uuid].answer, mine[second.uuid].note) == ("maybe", "only slowly")
    assert mine[first.uuid].answer == "no"


def test_a_search_that_hides_the_row_shown_leaves_nothing_half_chosen(
        qtbot, window, existing_vault) -> None:
    tab = open_tab(qtbot, window)
    dialog = answers_of(qtbot, tab)
    _pick(dialog, 2, "yes")
    dialog.shown.search("no item is called this")
    assert dialog.shown.rowCount() == 0
    assert dialog.editor.uuid is None and not dialog.editor.isEnabled()
    dialog.shown.search("")
    dialog.show_item(dialog.items[2].uuid)
    assert dialog.editor.chosen() == "yes"
    assert dialog.table.currentIndex() != QModelIndex()
    dialog.reject()
