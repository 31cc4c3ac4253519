"""Setup and unlock at one keyboard: hand-overs, no secret shown to the other partner,
Show buttons out of the Tab chain, and the "If you feel unsafe" page (issue 7)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QPushButton

from models.keys import format_recovery_key
from tests.ui.conftest import (
    NAMES,
    PASSWORDS,
    flush_deletes,
    unlock_solo,
    unnamed_controls,
    visible_texts,
)
from ui.safety import show_safety
from ui.setup import (
    DONE,
    HANDOVER,
    PASSWORD_1,
    PASSWORD_2,
    READY_1,
    READY_2,
    RECOVERY_1,
    RECOVERY_2,
)
from ui.texts import _texts


def safety_dialog(window) -> QDialog | None:
    return window.findChild(QDialog, "safetyDialog")


def test_safety_page_is_calm_window_modal_and_goes_away(qtbot, window) -> None:
    show_safety(window)
    dialog = safety_dialog(window)
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "If you feel unsafe"
    assert dialog.accessibleName() == "If you feel unsafe"
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    words = dialog.body.text()
    for needed in ("Ctrl+L", "Nothing has to be answered", "therapist on your own",
                   "emergency services", "helpline in your country", "afraid of the other"):
        assert needed in words, needed
    assert not re.search(r"\d{3}", words), "no phone numbers written into the app"
    qtbot.mouseClick(dialog.findChild(QPushButton, "safetyClose"), Qt.MouseButton.LeftButton)
    flush_deletes()
    assert safety_dialog(window) is None, "deleted on close"


# -- setup ------------------------------------------------------------------------------


def click(qtbot, button) -> None:
    assert button.isVisible(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def start_setup(qtbot, window):
    window.start()
    page = window.setup_page
    click(qtbot, page.next)
    qtbot.keyClicks(page.first_name, NAMES[1])
    qtbot.keyClicks(page.second_name, NAMES[2])
    click(qtbot, page.next)
    assert page.current() == PASSWORD_1
    return page


def choose(qtbot, page, partner: int, password: str) -> None:
    step = page.password_steps[partner]
    assert page.current() == (PASSWORD_1 if partner == 1 else PASSWORD_2)
    assert step.password.value() == "" and step.again.value() == "", "a page starts empty"
    qtbot.keyClicks(step.password.edit, password)
    qtbot.keyClicks(step.again.edit, password)
    click(qtbot, page.next)


def show_everything(qtbot, page) -> None:
    """Press every Show button on the password pages, as a curious partner might."""
    for step in page.password_steps.values():
        for field in (step.password, step.again):
            field.toggle.setChecked(True)


def test_setup_page_controls_are_named(window) -> None:
    window.start()
    assert unnamed_controls(window.setup_page) == []


def test_second_partner_never_sees_first_password(qtbot, window, vault_path: Path) -> None:
    page = start_setup(qtbot, window)
    choose(qtbot, page, 1, PASSWORDS[1])

    assert page.current() == HANDOVER, "a hand-over page between the two partners"
    assert not page.next.isVisible()
    assert NAMES[2] in page.handover.title.text()
    assert PASSWORDS[1] not in visible_texts(), "the chosen password left its fields"
    click(qtbot, page.handover.button)
    assert page.current() == PASSWORD_2
    assert NAMES[2] in page.password_steps[2].title.text()
    assert PASSWORDS[1] not in visible_texts()

    qtbot.keyClicks(page.password_steps[2].password.edit, PASSWORDS[2])
    click(qtbot, page.back)
    assert page.current() == HANDOVER and NAMES[1] in page.handover.title.text()
    assert PASSWORDS[2] not in visible_texts()
    click(qtbot, page.handover.button)
    assert page.current() == PASSWORD_1
    show_everything(qtbot, page)
    assert page.password_steps[1].password.value() == ""
    assert PASSWORDS[1] not in visible_texts(), "Back then Show displays nothing"

    # Back from the hand-over page also starts the first page empty.
    choose(qtbot, page, 1, PASSWORDS[1])
    click(qtbot, page.back)
    assert page.current() == PASSWORD_1
    show_everything(qtbot, page)
    assert PASSWORDS[1] not in visible_texts()
    assert not vault_path.exists()


def test_same_passwords_are_never_kept_by_either(qtbot, window, vault_path: Path) -> None:
    page = start_setup(qtbot, window)
    choose(qtbot, page, 1, PASSWORDS[1])
    click(qtbot, page.handover.button)
    choose(qtbot, page, 2, PASSWORDS[1])  # the first partner's password, by chance or not

    # Said to both on a hand-over page, never on the second partner's own page, and
    # neither password is kept: both choose again, the first partner first.
    assert page.current() == HANDOVER
    assert not window.tasks.busy
    assert "same password" in page.handover.body.text()
    assert not page.back.isVisible()
    click(qtbot, page.handover.button)
    assert page.current() == PASSWORD_1
    show_everything(qtbot, page)
    assert PASSWORDS[1] not in visible_texts()

    choose(qtbot, page, 1, PASSWORDS[1])  # the one both have seen is refused
    assert page.current() == PASSWORD_1 and "different one" in page.message.text()
    page.password_steps[1].clear()
    choose(qtbot, page, 1, "a brand new lantern")
    click(qtbot, page.handover.button)
    choose(qtbot, page, 2, PASSWORDS[1])
    assert page.current() == PASSWORD_2 and "different one" in page.message.text()
    page.password_steps[2].clear()
    choose(qtbot, page, 2, PASSWORDS[2])
    qtbot.waitUntil(lambda: page.current() == READY_1, timeout=10000)
    assert not vault_path.exists()


def test_each_recovery_key_waits_for_its_owner_alone(qtbot, window, vault_path: Path) -> None:
    page = start_setup(qtbot, window)
    choose(qtbot, page, 1, PASSWORDS[1])
    click(qtbot, page.handover.button)
    choose(qtbot, page, 2, PASSWORDS[2])
    qtbot.waitUntil(lambda: page.current() == READY_1, timeout=10000)
    keys = {p: format_recovery_key(page._plan.recovery_keys[p]) for p in (1, 2)}

    def on_screen(partner: int) -> bool:
        return any(keys[partner][0] in words for words in visible_texts())

    assert not on_screen(1) and not on_screen(2), "no key before its owner says so"
    ready = page.ready_steps[1].button
    assert ready.objectName() == "recoveryReady1"
    assert NAMES[1] in ready.text() and "alone" in ready.text()
    assert not page.next.isVisible() and not page.back.isVisible()
    click(qtbot, ready)
    assert page.current() == RECOVERY_1 and on_screen(1) and not on_screen(2)

    qtbot.keyClicks(page.recovery_steps[1].confirm, keys[1][-1])
    qtbot.keyClick(page.recovery_steps[1].confirm, Qt.Key.Key_Return)
    assert page.current() == READY_2, "a hand-over between the two keys"
    assert not on_screen(1) and not on_screen(2)
    qtbot.keyClick(page.ready_steps[2], Qt.Key.Key_Return)  # a second Enter skips nothing
    qtbot.keyClick(page.ready_steps[2], Qt.Key.Key_Space)
    assert page.current() == READY_2
    assert NAMES[2] in page.ready_steps[2].button.text()
    assert not vault_path.exists()
    click(qtbot, page.ready_steps[2].button)
    assert page.current() == RECOVERY_2 and on_screen(2) and not on_screen(1)

    assert not vault_path.exists(), "nothing is written before both keys are confirmed"
    qtbot.keyClicks(page.recovery_steps[2].confirm, keys[2][-1])
    click(qtbot, page.next)
    assert page.current() == DONE and vault_path.exists()
    assert not on_screen(2)
    assert unnamed_controls(page) == []


def test_setup_show_buttons_are_out_of_the_tab_chain(qtbot, window) -> None:
    page = start_setup(qtbot, window)
    window.activateWindow()
    qtbot.waitActive(window)
    step = page.password_steps[1]
    step.password.edit.setFocus()
    qtbot.keyClicks(step.password.edit, PASSWORDS[1])
    qtbot.keyClick(step.password.edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is step.again.edit
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert step.password.edit.echoMode() == QLineEdit.EchoMode.Password


def test_welcome_page_links_to_the_safety_page(qtbot, window) -> None:
    window.start()
    link = window.setup_page.findChild(QPushButton, "setupSafetyLink")
    assert link is not None and link.accessibleName() == "If you feel unsafe"
    click(qtbot, link)
    assert safety_dialog(window) is not None and safety_dialog(window).isVisible()


def test_everyday_setup_and_unlock_words_name_no_vault_or_cipher() -> None:
    for section in ("setup", "unlock", "recovery", "common", "safety"):
        for key, words in _texts()[section].items():
            for word in ("vault", "AES", "Argon", "cipher"):
                assert word.lower() not in str(words).lower(), f"[{section}] {key}: {word}"


# -- unlock -----------------------------------------------------------------------------


def test_together_unlock_tab_goes_from_password_to_password(
        qtbot, window, existing_vault) -> None:
    window.start()
    window.activateWindow()
    qtbot.waitActive(window)
    page = window.unlock_page
    page.both.setChecked(True)
    page.first.edit.setFocus()
    qtbot.keyClicks(page.first.edit, PASSWORDS[1])
    qtbot.keyClick(page.first.edit, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is page.second.edit, "never a Show button"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert page.first.edit.echoMode() == QLineEdit.EchoMode.Password
    assert page.first.toggle.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert page.first.edit.accessibleDescription(), "the mouse-only Show is explained"


def test_shown_password_hides_when_its_field_loses_focus(qtbot, window, existing_vault) -> None:
    window.start()
    window.activateWindow()
    qtbot.waitActive(window)
    page = window.unlock_page
    page.both.setChecked(True)
    page.first.edit.setFocus()
    qtbot.keyClicks(page.first.edit, PASSWORDS[1])
    click(qtbot, page.first.toggle)
    assert page.first.edit.echoMode() == QLineEdit.EchoMode.Normal
    assert QApplication.focusWidget() is page.first.edit, "Show does not take the focus"
    page.second.edit.setFocus()
    assert page.first.edit.echoMode() == QLineEdit.EchoMode.Password
    assert not page.first.toggle.isChecked()


def test_wait_says_one_second_not_one_seconds(qtbot, window, existing_vault) -> None:
    window.start()
    page = window.unlock_page
    for attempt in range(3):
        unlock_solo(qtbot, window, f"not the password {attempt}")
    assert "in 2 seconds." in page.message.text()
    page._countdown.stop()
    page._tick()
    assert "in 1 second." in page.message.text()
    assert "1 seconds" not in page.message.text()


def test_unlock_page_links_to_the_safety_page(qtbot, window, existing_vault) -> None:
    window.start()
    link = window.unlock_page.findChild(QPushButton, "unlockSafetyLink")
    assert link is not None and link.isVisible()
    click(qtbot, link)
    dialog = safety_dialog(window)
    assert dialog is not None and dialog.isVisible()
    assert dialog.parent() is window
