"""While a password is checked, the window imports the first tab's code and hashes the
file's facts ahead (ui/unlock_ahead.py, #9); the unlock then finds both done."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from models import agreements as A
from models import ledger, ledger_prefix
from models import vault as vault_module
from tests.ui.conftest import PASSWORDS, unlock_solo, wait_for_tabs
from ui import settings, unlock_ahead


def gated_check(monkeypatch) -> threading.Event:
    """A password check that takes as long as the test likes, as Argon2id's second."""
    gate = threading.Event()
    real = vault_module.try_password

    def slow(slots, password, cancel=None):
        gate.wait(10)
        return real(slots, password)

    monkeypatch.setattr(vault_module, "try_password", slow)
    return gate


def test_the_facts_are_hashed_and_the_first_tab_imported_while_the_password_is_checked(
        qtbot, window, existing_vault, monkeypatch) -> None:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    for n in range(5):
        A.create(window.session.keyring, 1, title=f"Agreement {n}")
    window.workbench.setCurrentWidget(window.workbench.page_of("agreements"))
    window.lock()  # the last tab shown: the agreements
    assert settings.LAST_TAB.get() == "agreementsTab"
    facts = ledger.LedgerEntry.select().count()
    ledger_prefix._PREFIX.clear()  # as a new process finds it
    monkeypatch.setattr(ledger_prefix, "KEPT_EVERY", 4)
    imported = []
    monkeypatch.setattr(unlock_ahead, "import_module", imported.append)
    gate = gated_check(monkeypatch)

    page = window.unlock_page
    qtbot.keyClicks(page.first.edit, PASSWORDS[1])
    qtbot.keyClick(page.first.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(ledger_prefix._PREFIX)
                    and ledger_prefix._PREFIX[0].count == facts, timeout=5000)
    assert imported == ["ui.workbench", "ui.workbooks.agreements"]
    assert window.session is None, "all of it before the key is there"

    hashed = []  # the facts the unlock hashes itself
    feed = ledger_prefix._feed
    monkeypatch.setattr(ledger_prefix, "_feed",
                        lambda running, chunk: hashed.extend(chunk) or feed(running, chunk))
    gate.set()
    qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
    wait_for_tabs(qtbot, window)  # and the opening sealed
    assert window.vault._opening is None
    # The partner's own mark from the opening before (sealed: read with their key) is
    # of fewer facts: hashed on from the copy of the running digest kept before it.
    assert len(hashed) < ledger_prefix.KEPT_EVERY < facts, "found the facts hashed"


def test_nothing_more_is_done_ahead_once_the_check_is_stopped(
        qtbot, window, existing_vault, monkeypatch) -> None:
    window.start()
    ledger_prefix._PREFIX.clear()
    steps = []
    monkeypatch.setattr(unlock_ahead, "import_module", lambda name: steps.append(name))
    monkeypatch.setattr(ledger, "hash_ahead", lambda: steps.append("hash") or False)
    gate = gated_check(monkeypatch)
    page = window.unlock_page
    qtbot.keyClicks(page.first.edit, PASSWORDS[1])
    qtbot.keyClick(page.first.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "hash" in steps, timeout=5000)
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.wait(20)
    done = len(steps)
    qtbot.wait(50)
    assert len(steps) == done, "a stopped check ends the steps"
    gate.set()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)


def test_the_key_derivation_is_loaded_at_the_first_key_of_a_password(
        qtbot, window, existing_vault, monkeypatch) -> None:
    from models import keys

    loaded = []
    monkeypatch.setattr(keys, "load_derivation", lambda: loaded.append("loaded"))
    window.start()
    page = window.unlock_page
    assert loaded == [], "not before anyone types"
    qtbot.keyClicks(page.first.edit, "ce")
    assert loaded == ["loaded"]
    page.first.edit.clear()
    qtbot.keyClicks(page.first.edit, "c")
    assert loaded == ["loaded"], "once"
