"""Unlock (solo, together, wrong), recovery, locking by hand and by idle time."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from models import vault as vault_module
from models.errors import NotUnlocked
from models.journal import entries_of, write_entry
from models.keys import format_recovery_key
from models.vault import Vault
from tests.ui.conftest import (
    NAMES,
    PASSWORDS,
    unlock_solo,
    unlock_together,
    unnamed_controls,
    visible_texts,
)
from ui.change_password import ChangePasswordDialog
from ui.unlock import RecoveryDialog, wait_after


def greeting(window) -> str:
    return window.workbench.widget(0).findChild(QLabel, "homeGreeting").text()


def test_unlock_page_controls_are_named(window, existing_vault) -> None:
    window.start()
    assert window.pages.currentWidget() is window.unlock_page
    assert unnamed_controls(window.unlock_page) == []


@pytest.mark.parametrize("partner", [1, 2])
def test_unlock_solo_recognises_whose_password(qtbot, window, existing_vault, partner) -> None:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[partner])
    assert window.pages.currentWidget() is window.workbench
    assert window.session.partners == (partner,)
    assert greeting(window) == f"Hello, {NAMES[partner]}."
    assert NAMES[partner] in window.status.text()
    assert window.unlock_page.first.value() == "", "the typed password is not kept"


def test_wrong_password_is_kind_and_slows_down(qtbot, window, existing_vault) -> None:
    window.start()
    page = window.unlock_page
    for attempt in range(1, 4):
        unlock_solo(qtbot, window, f"not the password {attempt}")
        assert window.pages.currentWidget() is page
        assert "didn't open Trellis" in page.message.text()
    assert wait_after(3) > 0
    assert not page.open_button.isEnabled()
    assert "try again in" in page.message.text()
    page.submit()  # ignored while waiting
    assert not window.tasks.busy
    assert wait_after(2) == 0 and wait_after(4) > wait_after(3)
    assert wait_after(50) == 30


def test_unlock_together(qtbot, window, existing_vault) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[2], PASSWORDS[1])
    assert window.session.together
    assert greeting(window) == f"Hello, {NAMES[1]} and {NAMES[2]}."


def test_together_with_one_persons_password_twice(qtbot, window, existing_vault) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[1])
    assert window.pages.currentWidget() is window.unlock_page
    assert "same person" in window.unlock_page.message.text()


def test_together_second_password_wrong(qtbot, window, existing_vault) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], "something else entirely")
    assert "second password" in window.unlock_page.message.text()


def test_recovery_sets_new_password(qtbot, window, existing_vault, vault_path: Path) -> None:
    window.start()
    dialog = RecoveryDialog(window.vault, window.tasks, window)
    qtbot.addWidget(dialog)
    assert unnamed_controls(dialog) == []
    qtbot.keyClicks(dialog.key, "0000-1111-2222-3333-4444-5555-6666-7777")
    qtbot.keyClicks(dialog.new.edit, "a brand new passphrase")
    qtbot.keyClicks(dialog.again.edit, "a brand new passphrase")
    dialog.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    assert "recovery key didn't match" in dialog.message.text()

    dialog.key.setText(" ".join(format_recovery_key(existing_vault.recovery_keys[2])).lower())
    dialog.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    assert dialog.result() == RecoveryDialog.DialogCode.Accepted
    assert dialog.result_partner == 2
    slots = window.vault.slots("password")
    assert vault_module.try_password(slots, "a brand new passphrase")[0] == 2
    with pytest.raises(vault_module.WrongPassword):
        vault_module.try_password(slots, PASSWORDS[2])


def test_change_password_from_menu_dialog(qtbot, window, existing_vault) -> None:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    dialog = ChangePasswordDialog(window.vault, window.session, window.tasks, window)
    qtbot.addWidget(dialog)
    assert unnamed_controls(dialog) == []
    qtbot.keyClicks(dialog.current.edit, "not my password at all")
    qtbot.keyClicks(dialog.new.edit, "fresh spring meadow")
    qtbot.keyClicks(dialog.again.edit, "fresh spring meadow")
    dialog.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    assert "didn't open" in dialog.message.text()
    dialog.current.edit.setText(PASSWORDS[1])
    dialog.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    assert dialog.result() == ChangePasswordDialog.DialogCode.Accepted
    slots = window.vault.slots("password")
    assert vault_module.try_password(slots, "fresh spring meadow")[0] == 1


def _unlock_with_private_text(qtbot, window) -> str:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    keyring = window.session.keyring
    assert not keyring.holds_journal(1) and not keyring.holds_journal(2)
    # Partner 1 opens their private page: their own password again, at that moment.
    proof = window.vault.check_password(1, PASSWORDS[1])
    keyring.hold_journal(1, proof.bundle.journal_key)
    marker = "Quillfeather-7731"
    write_entry(keyring, 1, marker, marker + " body")
    assert any(NAMES[1] in t for t in visible_texts())
    return marker


def test_ctrl_l_locks_and_leaves_no_decrypted_text(qtbot, window, existing_vault) -> None:
    _unlock_with_private_text(qtbot, window)
    keyring = window.session.keyring
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.pages.currentWidget() is window.unlock_page
    assert window.session is None
    assert window.workbench.count() == 0
    texts = "\n".join(visible_texts())
    assert NAMES[1] not in texts and NAMES[2] not in texts
    assert PASSWORDS[1] not in texts
    with pytest.raises(NotUnlocked):
        keyring.workbook_key()
    assert not window.lock_action.isEnabled()


def test_idle_timeout_locks(qtbot, window, existing_vault) -> None:
    _unlock_with_private_text(qtbot, window)
    window.idle.set_timeout_ms(150)
    window.idle.start()
    qtbot.waitUntil(lambda: window.session is None, timeout=3000)
    assert window.pages.currentWidget() is window.unlock_page
    assert "locked itself" in window.status.text()
    texts = "\n".join(visible_texts())
    assert NAMES[1] not in texts and NAMES[2] not in texts


def test_activity_postpones_idle_lock(qtbot, window, existing_vault) -> None:
    _unlock_with_private_text(qtbot, window)
    window.idle.set_timeout_ms(1000)
    window.idle.start()
    for _ in range(8):  # 1.6 s of activity in all, longer than the timeout
        qtbot.wait(200)
        qtbot.keyClick(window.workbench, Qt.Key.Key_Shift)
    assert window.session is not None
    qtbot.waitUntil(lambda: window.session is None, timeout=5000)


def test_second_instance_is_refused_plainly(qtbot, window, existing_vault, vault_path) -> None:
    first = Vault.open(vault_path)
    try:
        window.start()
        assert window.pages.currentWidget() is window.notice
        assert "already open in another Trellis window" in window.notice.message.text()
    finally:
        first.close()
    qtbot.mouseClick(_button(window, "noticeTryAgain"), Qt.MouseButton.LeftButton)
    assert window.pages.currentWidget() is window.unlock_page


def _button(window, name):
    from PySide6.QtWidgets import QPushButton

    return window.findChild(QPushButton, name)


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"just some notes, not a vault\n" * 10, "isn't a Trellis workbook file"),
        (b"SQLite format 3\x00" + b"\x00" * 40, "looks damaged"),
    ],
)
def test_foreign_or_damaged_file_is_explained(window, vault_path, content, expected) -> None:
    vault_path.parent.mkdir(parents=True)
    vault_path.write_bytes(content)
    window.start()
    assert window.pages.currentWidget() is window.notice
    assert expected in window.notice.message.text()
    assert vault_path.read_bytes() == content
    assert unnamed_controls(window.notice) == []


def test_private_entry_survives_lock_and_reopen(qtbot, window, existing_vault) -> None:
    marker = _unlock_with_private_text(qtbot, window)
    window.lock()
    unlock_solo(qtbot, window, PASSWORDS[1])
    entries = entries_of(window.session.keyring, 1)
    assert [values["title"] for _, values in entries] == [marker]


def test_idle_minutes_preference_is_kept_and_applied(qtbot, window) -> None:
    from ui import settings
    from ui.preferences import PreferencesDialog

    dialog = PreferencesDialog(window)
    qtbot.addWidget(dialog)
    assert unnamed_controls(dialog) == []
    assert dialog.idle_minutes.value() == 10
    dialog.idle_minutes.setValue(3)
    window.apply_idle_minutes(dialog.save())
    assert settings.IDLE_LOCK_MINUTES.get() == 3
    assert window.idle.interval_ms() == 3 * 60_000
    assert PreferencesDialog(window).idle_minutes.value() == 3


# -- stopping an unlock, a back-off that survives a restart, honest results (#6) -------


def test_unlock_can_be_stopped_and_a_late_result_is_dropped(
    qtbot, window, existing_vault, monkeypatch
) -> None:
    import threading

    gate = threading.Event()
    real = vault_module.try_password

    def slow(slots, password, cancel=None):
        gate.wait(10)  # a derivation that takes as long as the test likes
        return real(slots, password)  # finishes even after Stop, like Argon2id

    monkeypatch.setattr(vault_module, "try_password", slow)
    window.start()
    page = window.unlock_page
    assert not page.cancel_button.isVisible()
    qtbot.keyClicks(page.first.edit, PASSWORDS[1])
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert page.cancel_button.isVisible() and not page.open_button.isEnabled()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert "Stopped" in page.message.text()
    assert not page.cancel_button.isVisible() and not page.progress.isVisible()
    assert not page.open_button.isEnabled()  # until the derivation under way is done

    gate.set()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    assert window.session is None, "the password opened, but after Stop: dropped"
    assert window.pages.currentWidget() is page
    assert page.open_button.isEnabled()
    assert window.vault.failed_unlocks() == 0  # a stop is not a failed try

    unlock_solo(qtbot, window, PASSWORDS[1])
    assert window.session is not None and window.session.partners == (1,)


def test_the_back_off_survives_a_restart(qtbot, window, existing_vault) -> None:
    window.start()
    for attempt in range(3):
        unlock_solo(qtbot, window, f"not the password {attempt}")
    assert window.vault.failed_unlocks() == 3
    window.start()  # closes the file and opens it again, as a restart would
    page = window.unlock_page
    assert not page.open_button.isEnabled()
    assert "try again in" in page.message.text()
    qtbot.waitUntil(page.open_button.isEnabled, timeout=wait_after(3) * 1000 + 3000)
    unlock_solo(qtbot, window, PASSWORDS[2])
    assert window.session is not None
    assert window.vault.failed_unlocks() == 0


def _change_in_dialog(qtbot, window, new: str) -> ChangePasswordDialog:
    dialog = ChangePasswordDialog(window.vault, window.session, window.tasks, window)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.current.edit, PASSWORDS[1])
    qtbot.keyClicks(dialog.new.edit, new)
    qtbot.keyClicks(dialog.again.edit, new)
    dialog.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    return dialog


def test_change_password_saved_but_not_tidied_says_exactly_that(
    qtbot, window, existing_vault, monkeypatch
) -> None:
    import peewee

    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    real = window.vault._database.execute_sql

    def execute_sql(sql, *args, **kwargs):
        if "wal_checkpoint" in sql:
            raise peewee.OperationalError("database or disk is full")
        return real(sql, *args, **kwargs)

    monkeypatch.setattr(window.vault._database, "execute_sql", execute_sql)
    dialog = _change_in_dialog(qtbot, window, "fresh spring meadow")
    said = dialog.message.text()
    assert "new password is saved" in said and "didn't expect" not in said
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    assert dialog.result() != ChangePasswordDialog.DialogCode.Accepted
    assert all(f.value() == "" for f in (dialog.current, dialog.new, dialog.again))
    monkeypatch.undo()
    assert vault_module.try_password(window.vault.slots("password"), "fresh spring meadow")[0] == 1


def test_change_password_not_saved_says_the_old_one_still_works(
    qtbot, window, existing_vault, monkeypatch
) -> None:
    import peewee

    from models.schema import KeySlot

    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])

    def full(*args, **kwargs):
        raise peewee.OperationalError("database or disk is full")

    monkeypatch.setattr(KeySlot, "update", full)
    dialog = _change_in_dialog(qtbot, window, "fresh spring meadow")
    assert "was not changed" in dialog.message.text()
    monkeypatch.undo()
    assert vault_module.try_password(window.vault.slots("password"), PASSWORDS[1])[0] == 1


def _count_builds(monkeypatch) -> list[str]:
    """Wrap every workbook's builder so the test sees which tab was built when."""
    import dataclasses

    from ui.workbooks import registry

    built: list[str] = []

    def counted(book):
        def build(ctx):
            built.append(book.key)
            return book.build(ctx)
        return dataclasses.replace(book, build=build)

    monkeypatch.setattr(registry, "WORKBOOKS", tuple(counted(b) for b in registry.WORKBOOKS))
    return built


def test_only_the_tab_showing_is_built_before_its_first_paint(
        qtbot, window, existing_vault, monkeypatch) -> None:
    from PySide6.QtCore import QEvent, QObject

    from ui import settings

    settings.LAST_TAB.set("agreementsTab")
    built = _count_builds(monkeypatch)
    note_opened = Vault.note_opened
    monkeypatch.setattr(Vault, "note_opened",
                        lambda self: (built.append("noted"), note_opened(self)))

    class Paints(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 (Qt API)
            if (event.type() == QEvent.Type.Paint and "painted" not in built
                    and watched.objectName() == "agreementsTab"):
                built.append("painted")
            return False

    paints = Paints()
    from PySide6.QtWidgets import QApplication

    QApplication.instance().installEventFilter(paints)
    window.start()
    try:
        unlock_solo(qtbot, window, PASSWORDS[1])
    finally:
        QApplication.instance().removeEventFilter(paints)
    # the mark of every fact in the file is sealed once the first tab has painted
    assert built[:2] == ["agreements", "painted"]
    assert sorted(built[2:]) == ["consent", "home", "journal", "narrative", "needs", "noted"]
    assert window.workbench.current_workbook() == "agreements"
    titles = [window.workbench.tabText(i) for i in range(window.workbench.count())]
    assert len(titles) == 6 and all(titles)


def test_a_lock_before_the_other_tabs_are_built_cancels_them(
        qtbot, window, existing_vault, monkeypatch) -> None:
    from ui import settings

    settings.LAST_TAB.set("agreementsTab")
    built = _count_builds(monkeypatch)
    unlocked = type(window)._unlocked

    def unlock_then_lock_at_once(self, bundles) -> None:
        unlocked(self, bundles)
        assert self.workbench.building  # the other tabs wait for the first paint
        self.lock()

    monkeypatch.setattr(type(window), "_unlocked", unlock_then_lock_at_once)
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    qtbot.wait(400)  # past the first paint and the fallback for an unpainted window
    assert built == ["agreements"]
    assert window.session is None and window.workbench.count() == 0
    assert window.pages.currentWidget() is window.unlock_page
    # the opening was still sealed (at the lock, before the keys went)
    monkeypatch.setattr(type(window), "_unlocked", unlocked)
    unlock_solo(qtbot, window, PASSWORDS[1])
    assert window._own_last_opened is not None


def test_a_tab_asked_for_before_it_is_built_is_built_at_once(
        qtbot, window, existing_vault, monkeypatch) -> None:
    from ui import settings
    from ui.workbooks.consent import ConsentTab

    settings.LAST_TAB.set("agreementsTab")
    unlocked = type(window)._unlocked
    seen: list[object] = []

    def unlock_then_ask(self, bundles) -> None:
        unlocked(self, bundles)
        self.workbench.go_to("consent", "")
        seen.append(self.workbench.currentWidget())

    monkeypatch.setattr(type(window), "_unlocked", unlock_then_ask)
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    assert isinstance(seen[0], ConsentTab)
    assert not window.workbench.building
