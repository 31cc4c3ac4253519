"""A long journal (#10, #9): the list paints with a first page and the older entries
join it from a worker while the journal is usable; a search keystroke is
worked out in one pass in Python, never a call back from Qt per entry; a new entry
saved while the rest is read is neither lost nor listed twice; a lock meanwhile
leaves nothing."""

from __future__ import annotations

import gc
import sys
import threading
import weakref
from pathlib import Path
from types import FrameType
from typing import Any

from PySide6.QtWidgets import QApplication

from models import bulk, journal
from models import vault as vault_module
from models.vault import Vault
from tests.ui.conftest import PASSWORDS, flush_deletes, unlock_solo
from tests.ui.test_journal import every_text, journal_tab
from ui.main_window import MainWindow
from ui.workbooks.journal import loading
from ui.workbooks.journal.page import COPING, JournalPage

JOURNAL_UI = str(Path(loading.__file__).parent)
OLD_WORD = "Quillmoss"  # only in the oldest entry


def fill(vault_path: Path, plan: vault_module.SetupPlan, texts: list[str]) -> list[str]:
    """``texts`` in the first partner's journal, an hour apart, oldest first."""
    vault = Vault.open(vault_path)
    try:
        session = vault.start_session({1: plan.bundles[1]})
        uuids = bulk.fill_journal(session.keyring, 1, texts)
        session.lock()
    finally:
        vault.close()
    return uuids


def open_alone(qtbot, window: MainWindow) -> JournalPage:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    tab = journal_tab(window)
    assert tab.page is not None
    return tab.page


def _calls_into_the_journal_ui(work: Any) -> int:
    """How many Python functions of ui/workbooks/journal/ run during ``work()``."""
    count = 0

    def profile(frame: FrameType, event: str, arg: object) -> None:
        nonlocal count
        if event == "call" and frame.f_code.co_filename.startswith(JOURNAL_UI):
            count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def test_a_search_keystroke_never_calls_back_into_python_once_per_entry(
        qtbot, window, existing_vault, vault_path) -> None:
    fill(vault_path, existing_vault, [f"Entry {n}: a walk by the river." for n in range(400)]
         + ["The last one, about a zebra."])
    page = open_alone(qtbot, window)
    qtbot.waitUntil(lambda: not getattr(page, "loading", False), timeout=10000)
    search = page.list.search
    assert page.list.list.count() == 401
    # Only the last entry holds a "z"; Backspace brings every entry back. Each key is
    # worked out without Qt asking Python about each of the 401 entries.
    for key, listed in (("z", 1), ("\b", 401), ("w", 400), ("\b", 401)):
        if key == "\b":
            calls = _calls_into_the_journal_ui(search.backspace)
        else:
            calls = _calls_into_the_journal_ui(lambda k=key: qtbot.keyClicks(search, k))
        assert calls < 40, (key, calls)
        QApplication.processEvents()
        assert page.list.list.count() == listed, key


def test_the_list_shows_a_first_page_and_the_rest_joins_it_while_it_is_used(
        qtbot, window, existing_vault, vault_path, monkeypatch) -> None:
    monkeypatch.setattr(loading, "PAGE", 3)
    texts = [f"{OLD_WORD} by the river." if n == 0 else f"Evening number {n}."
             for n in range(8)]
    uuids = fill(vault_path, existing_vault, texts)
    read_on: list[bool] = []
    release = threading.Event()
    real = journal.load_entries

    def held_back(keys, owner):  # type: ignore[no-untyped-def]
        read_on.append(threading.current_thread() is threading.main_thread())
        release.wait(10)
        return real(keys, owner)

    monkeypatch.setattr(journal, "load_entries", held_back)
    page = open_alone(qtbot, window)
    listing = page.list
    assert listing.list.uuids() == uuids[:-4:-1]  # the three newest, newest first
    qtbot.waitUntil(lambda: read_on == [False], timeout=5000)  # off the GUI thread
    assert page.loading and listing.calendar.marked() != set()

    # Usable meanwhile: a search, and a new entry written and saved.
    qtbot.keyClicks(listing.search, OLD_WORD.lower())
    assert listing.list.count() == 0
    page.new_entry()
    qtbot.keyClicks(page.editor.body, f"Written while the rest was read, {OLD_WORD}.")
    written = page.editor.flush()
    assert written is not None and listing.list.uuids() == [written.uuid]

    release.set()
    qtbot.waitUntil(lambda: not page.loading, timeout=10000)
    # The oldest entry is found now; the new one is there once.
    assert listing.list.uuids() == [written.uuid, uuids[0]]
    listing.search.clear()
    assert listing.list.uuids() == [written.uuid, *uuids[::-1]]
    assert page.rows.total() == 9 and page.damage == {}
    assert len(listing.calendar.marked()) == len({e.day for e in page.rows.entries()})


def test_a_lock_while_the_rest_is_read_leaves_nothing(
        qtbot, window, existing_vault, vault_path, monkeypatch) -> None:
    monkeypatch.setattr(loading, "PAGE", 2)
    fill(vault_path, existing_vault, [f"{OLD_WORD} {n}" for n in range(6)])
    release = threading.Event()
    started = threading.Event()
    real = journal.load_entries

    def held_back(keys, owner):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(10)
        return real(keys, owner)

    monkeypatch.setattr(journal, "load_entries", held_back)
    page = open_alone(qtbot, window)
    qtbot.waitUntil(started.is_set, timeout=5000)
    assert page.loading
    threading.Timer(0.3, release.set).start()  # the lock waits for the read to end
    window.lock()
    flush_deletes()
    QApplication.processEvents()
    assert window.session is None
    assert OLD_WORD not in " ".join(every_text())
    assert not [w for w in QApplication.allWidgets() if isinstance(w, JournalPage)]


def test_what_the_journal_held_goes_with_its_page_at_once(
        qtbot, window, existing_vault, vault_path) -> None:
    """No reference cycle keeps the entries after the page is deleted (until Python
    happens to collect cycles): a lock leaves them to no one."""
    fill(vault_path, existing_vault, [f"{OLD_WORD} {n}" for n in range(5)])
    page = open_alone(qtbot, window)
    page.new_entry()  # the parts built when first needed, too
    page.sections.setCurrentIndex(COPING)
    qtbot.keyClicks(page.list.search, OLD_WORD)
    held = weakref.ref(page.index)
    del page
    gc.disable()
    try:
        window.lock()
        flush_deletes()
        assert held() is None
    finally:
        gc.enable()
