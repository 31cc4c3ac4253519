"""Costs that do not grow with the workbook (#9): after unlocking, the agreements list
shows a first page at once and the rest arrives from a worker, a batch at a time, with
the list usable meanwhile; Home reads a large workbook off the GUI thread too; a lock
while loading leaves nothing; SQLite's check of the whole file runs on a worker after
unlocking and, when it finds problems, says so calmly."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QMessageBox, QPushButton

from models import agreements, bulk
from models.agreements.tables import AgreementRevision
from models.errors import NotUnlocked
from models.session import Keyring
from models.vault import SetupPlan, Vault
from models.waiting import waiting_for
from tests.ui.conftest import PASSWORDS, flush_deletes, open_workbook, unlock_solo
from tests.ui.test_damage import flip_last_byte
from tests.ui.test_fresh_views import Signals
from tests.ui.test_lock_leaves_nothing import every_text
from ui import home as home_module
from ui import settings
from ui.file_check import FileCheckDialog
from ui.home import SHOWN_AT_MOST, HomeTab
from ui.texts import counted, explain, text
from ui.workbooks.agreements import AgreementsTab
from ui.workbooks.agreements.list import AgreementList
from ui.workbooks.agreements.loading import PAGE, reader_of
from ui.workbooks.agreements.model import AgreementRows

MANY = 300  # more than a first page
GUI = threading.get_ident()


def fill(vault_path: Path, plan: SetupPlan, count: int = MANY, hurt_oldest: bool = False
         ) -> list[str]:
    """``count`` agreements in every state, written in bulk; their titles (without the
    oldest one's when ``hurt_oldest`` flips a bit of its words, as damage on disk does)."""
    vault = Vault.open(vault_path)
    try:
        keys = Keyring(dict(plan.bundles))  # both journal keys: both confirm
        uuids = bulk.fill_agreements(vault, keys, count)
        if hurt_oldest:
            oldest = agreements.get(uuids[0])
            revision = AgreementRevision.get(AgreementRevision.agreement == oldest)
            flip_last_byte(AgreementRevision, revision.id, "wording")
        titles = [view.current.text["title"] for view in agreements.load_all(keys)[0]]
        keys.clear()
    finally:
        vault.close()
    assert len(titles) == count - hurt_oldest
    return titles


class HeldReads:
    """Every whole read of the agreements made off the GUI thread waits for
    :meth:`release`; records the thread it ran on and how it ended. With ``fail``, it
    then raises that error instead of reading."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch,
                 fail: BaseException | None = None) -> None:
        self.gate = threading.Event()
        self.threads: list[int] = []
        self.ended: list[BaseException | None] = []
        real = agreements.load_all

        def held(keys: Keyring):  # type: ignore[no-untyped-def]
            if threading.get_ident() == GUI:
                return real(keys)
            self.threads.append(threading.get_ident())
            self.gate.wait(20)
            try:
                if fail is not None:
                    raise fail
                result = real(keys)
            except BaseException as error:
                self.ended.append(error)
                raise
            self.ended.append(None)
            return result

        monkeypatch.setattr(agreements, "load_all", held)

    def release(self) -> None:
        self.gate.set()


def open_list(qtbot, window) -> AgreementsTab:
    return open_workbook(qtbot, window, AgreementsTab, together=False, partner=1)


def everything_shown() -> list[str]:
    """Every widget's words, and every row every live list or table shows."""
    texts = every_text()
    for view in QApplication.allWidgets():
        model = view.model() if isinstance(view, QAbstractItemView) else None
        if model is not None:
            texts += [str(model.index(row, 0).data()) for row in range(model.rowCount())]
    return texts


def test_the_list_paints_a_first_page_then_the_rest_arrives_in_batches(
        qtbot, window, existing_vault, vault_path, monkeypatch) -> None:
    titles = fill(vault_path, existing_vault)
    held = HeldReads(monkeypatch)
    tab = open_list(qtbot, window)
    signals = Signals(tab.rows)
    qtbot.wait(50)  # the event loop runs: nothing more arrives while the read is held

    assert tab.rows.rowCount() == PAGE < MANY
    assert tab.still_opening.isVisible()
    assert tab.still_opening.text() == text("agreements", "still_opening")

    held.release()
    qtbot.waitUntil(lambda: tab.rows.rowCount() == MANY, timeout=20000)
    qtbot.waitUntil(lambda: not tab.still_opening.isVisible(), timeout=5000)
    assert held.threads and GUI not in held.threads, "the whole read ran on a worker"
    assert "modelReset" not in signals.other, "never a reset after the first paint"
    assert "rowsInserted" in signals.other
    assert sorted(tab.list.texts()) == sorted(titles)
    # Most recently changed first, as before: the first page stays on top.
    assert tab.views == sorted(tab.views, key=lambda v: v.updated_at, reverse=True)


class FirstRowsPainted(QObject):
    """Notes in ``order`` when the agreements list first paints with rows in it."""

    def __init__(self, order: list[str]) -> None:
        super().__init__()
        self.order = order

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint and "painted" not in self.order:
            parent = watched.parent()
            if isinstance(parent, AgreementList) and parent.model().rowCount() > 0:
                self.order.append("painted")
        return False


def test_the_rest_is_read_only_once_the_first_page_is_on_screen(
        qtbot, window, existing_vault, vault_path, monkeypatch) -> None:
    fill(vault_path, existing_vault)
    held = HeldReads(monkeypatch)
    order: list[str] = []
    holding = agreements.load_all

    def load_all(keys: Keyring):  # type: ignore[no-untyped-def]
        if threading.get_ident() != GUI:
            order.append("read")
        return holding(keys)

    monkeypatch.setattr(agreements, "load_all", load_all)
    settings.LAST_TAB.set("agreementsTab")  # the list is what unlocking shows
    painted = FirstRowsPainted(order)
    QApplication.instance().installEventFilter(painted)
    try:
        tab = open_list(qtbot, window)
        qtbot.waitUntil(lambda: "read" in order, timeout=5000)
    finally:
        QApplication.instance().removeEventFilter(painted)
    held.release()
    qtbot.waitUntil(lambda: tab.rows.rowCount() == MANY, timeout=20000)
    assert order == ["painted", "read"], "nothing competes with painting the first page"


def test_an_older_agreement_that_does_not_open_is_listed_in_its_place(
        qtbot, window, existing_vault, vault_path, monkeypatch) -> None:
    fill(vault_path, existing_vault, hurt_oldest=True)
    held = HeldReads(monkeypatch)
    tab = open_list(qtbot, window)
    assert tab.damaged == []
    held.release()
    qtbot.waitUntil(lambda: tab.rows.rowCount() == MANY, timeout=20000)

    assert len(tab.damaged) == 1 and len(tab.views) == MANY - 1
    assert tab.list.texts()[-1] == text("agreements", "damaged_row")
    tab.list.setCurrentIndex(tab.shown.index(MANY - 1, 0))
    assert tab.damaged_pane.isVisible() and not tab.editor.isVisible()


def test_when_the_worker_cannot_read_the_list_reads_here_or_says_so_kindly(
        qtbot, window, existing_vault, vault_path, monkeypatch) -> None:
    fill(vault_path, existing_vault)
    held = HeldReads(monkeypatch, fail=RuntimeError("no connection"))
    tab = open_list(qtbot, window)
    held.release()
    # every row listed, and the turn after the last batch that says the list is whole
    qtbot.waitUntil(lambda: tab.rows.rowCount() == MANY and not tab.load.loading,
                    timeout=20000)
    assert held.ended and not tab.still_opening.isVisible()

    # Both reads fail: the first page stays, and a kind sentence says what happened.
    window.lock()
    monkeypatch.setattr(agreements, "load_all", lambda keys: 1 / 0)
    tab = open_list(qtbot, window)
    qtbot.waitUntil(lambda: not tab.load.loading, timeout=20000)
    assert tab.rows.rowCount() == PAGE
    assert tab.still_opening.isVisible()
    assert tab.still_opening.text() == explain(ZeroDivisionError())
    assert "ZeroDivisionError" not in tab.still_opening.text()


def test_a_choice_and_a_search_made_while_loading_stay_put(
        qtbot, window, existing_vault, vault_path, monkeypatch) -> None:
    fill(vault_path, existing_vault)
    held = HeldReads(monkeypatch)
    tab = open_list(qtbot, window)
    chosen = tab.list.uuids()[7]
    tab.list.setCurrentIndex(tab.shown.index(7, 0))  # as a click does
    assert tab.editor.view is not None and tab.editor.view.uuid == chosen
    word = tab.editor.view.current.text["title"].split()[0].lower()
    qtbot.keyClicks(tab.search, word)
    found_first = tab.list.count()
    assert 0 < found_first < PAGE and tab.list.current_uuid() == chosen

    held.release()
    qtbot.waitUntil(lambda: tab.rows.rowCount() == MANY, timeout=20000)

    assert tab.list.current_uuid() == chosen
    assert tab.editor.view is not None and tab.editor.view.uuid == chosen
    assert tab.list.count() > found_first, "the search covers the older ones once listed"
    assert all(word in row.key for row in tab.rows.all_rows()
               if tab.shown.row_of(row.uuid) >= 0)


def test_a_lock_while_loading_stops_it_and_leaves_no_words(
        qtbot, window, existing_vault, vault_path, monkeypatch) -> None:
    titles = fill(vault_path, existing_vault)
    held = HeldReads(monkeypatch)
    after_lock: list[int] = []
    real_add = AgreementRows.add_older

    def add_older(rows: AgreementRows, views, damaged) -> int:  # type: ignore[no-untyped-def]
        if window.session is None:
            after_lock.append(len(views))
        return real_add(rows, views, damaged)

    monkeypatch.setattr(AgreementRows, "add_older", add_older)
    tab = open_list(qtbot, window)
    assert tab.still_opening.isVisible()
    assert any(title in everything_shown() for title in titles)
    qtbot.waitUntil(lambda: len(held.threads) == 1, timeout=5000)  # the read is under way

    window.lock()
    held.release()
    qtbot.waitUntil(lambda: len(held.ended) == len(held.threads) > 0, timeout=20000)
    qtbot.wait(50)
    flush_deletes()

    assert all(isinstance(end, NotUnlocked) for end in held.ended), "stopped, keys gone"
    assert after_lock == []
    assert window.workbench.findChild(AgreementsTab) is None
    shown = everything_shown()
    assert [title for title in titles if any(title in words for words in shown)] == []


@pytest.mark.parametrize("how", ["close", "lock"])
def test_closing_or_locking_while_loading_waits_for_the_read_to_stop(
        qtbot, window, existing_vault, vault_path, monkeypatch, how) -> None:
    """The read of older agreements is still under way when the window closes (or
    locks): the keys go, the read stops at its next step, and only then is the file
    closed (or the window back at the unlock page), with no thread left reading."""
    fill(vault_path, existing_vault)
    held = HeldReads(monkeypatch)
    read_when_closed: list[bool] = []
    real_close = Vault.close

    def close(vault: Vault) -> None:
        read_when_closed.append(len(held.ended) == len(held.threads))
        real_close(vault)

    monkeypatch.setattr(Vault, "close", close)
    tab = open_list(qtbot, window)
    reader = reader_of(tab.ctx, create=False)
    assert tab.load.loading and reader is not None
    qtbot.waitUntil(lambda: len(held.threads) == 1, timeout=5000)
    assert held.ended == []
    # The read goes on a moment after closing began, as a slow read would.
    threading.Timer(0.3, held.release).start()
    if how == "close":
        window.close()
        assert read_when_closed == [True], "the file closed only after the read ended"
        assert window.vault is None
    else:
        window.lock()
        assert window.session is None and held.ended, "the lock waited for the read"
    assert all(isinstance(end, NotUnlocked) for end in held.ended), "stopped, keys gone"
    assert reader.runner.wait(0), "no reading thread is left"
    flush_deletes()
    assert window.workbench.findChild(AgreementsTab) is None


def test_home_reads_a_large_workbook_off_the_gui_thread_and_counts_the_rest(
        qtbot, window, existing_vault, vault_path, monkeypatch) -> None:
    fill(vault_path, existing_vault)
    held = HeldReads(monkeypatch)
    home_read_on: list[int] = []
    real_waiting = home_module.waiting_for

    def waiting(*args, **kwargs):  # type: ignore[no-untyped-def]
        home_read_on.append(threading.get_ident())
        return real_waiting(*args, **kwargs)

    monkeypatch.setattr(home_module, "waiting_for", waiting)
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    home = window.workbench.findChild(HomeTab)
    assert window.workbench.currentWidget() is home
    gathering = home.findChild(QLabel, "homeWaitingGathering")
    assert gathering is not None and gathering.isVisible()
    qtbot.wait(50)
    assert home_read_on == [], "Home waits for the list to hold every agreement"

    held.release()
    qtbot.waitUntil(lambda: home.findChild(QPushButton, "homeGoThere_0") is not None,
                    timeout=20000)
    # Home took the agreements from the list: they were read once, on a worker.
    assert len(held.threads) == 1 and GUI not in held.threads
    assert home_read_on and GUI not in home_read_on
    waiting = [item for item in waiting_for(window.session).items
               if item.target.workbook == "agreements"]
    assert len(waiting) > SHOWN_AT_MOST
    buttons = [b for b in home.findChildren(QPushButton) if b.objectName().startswith(
        "homeGoThere_") and b.isVisibleTo(home)]
    assert len(buttons) == SHOWN_AT_MOST + 1
    more = home.findChild(QLabel, f"homeWaitingText_{SHOWN_AT_MOST}")
    assert more.text() == counted("home", "more_waiting", len(waiting) - SHOWN_AT_MOST)
    shown = home.waiting.items[:SHOWN_AT_MOST]
    assert [(item.kind, item.uuid) for item in shown] == [  # type: ignore[union-attr]
        (item.kind, item.uuid) for item in waiting[:SHOWN_AT_MOST]]


# -- SQLite's check of the whole file, after unlocking ------------------------------------

PROBLEMS = ("*** in database main ***", "Page 7: btreeInitPage() returns error code 11")


def test_problems_in_the_file_are_said_calmly_after_unlocking(
        qtbot, window, existing_vault, monkeypatch) -> None:
    ran_on: list[int] = []

    def check_structure(vault: Vault) -> tuple[str, ...]:
        ran_on.append(threading.get_ident())
        return PROBLEMS

    monkeypatch.setattr(Vault, "check_structure", check_structure)
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "structureNotice") is not None,
                    timeout=10000)
    notice = window.findChild(QMessageBox, "structureNotice")

    assert ran_on and GUI not in ran_on, "the check ran on a worker"
    assert notice.windowTitle() == text("damage", "structure_title")
    assert notice.text() == text("damage", "structure_body")
    assert not any(line in words for words in everything_shown() for line in PROBLEMS[1:])
    assert window.session is not None, "nothing is closed or lost"
    check = notice.findChild(QPushButton, "structureNoticeCheck")
    check.click()
    qtbot.waitUntil(lambda: window.findChild(FileCheckDialog) is not None, timeout=5000)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)


def test_a_lock_before_the_file_check_ends_drops_its_answer(
        qtbot, window, existing_vault, monkeypatch) -> None:
    gate, asked = threading.Event(), threading.Event()

    def check_structure(vault: Vault) -> tuple[str, ...]:
        asked.set()
        gate.wait(10)
        return PROBLEMS

    monkeypatch.setattr(Vault, "check_structure", check_structure)
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    assert asked.wait(10)
    window.lock()
    gate.set()
    qtbot.waitUntil(lambda: not window.structure_check.busy, timeout=10000)
    qtbot.wait(50)

    assert window.findChild(QMessageBox, "structureNotice") is None
