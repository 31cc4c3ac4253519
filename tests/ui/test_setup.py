"""First-run setup, driven as a couple would: typing and clicking."""

from __future__ import annotations

import stat
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from models import vault as vault_module
from models.keys import format_recovery_key
from tests.ui.conftest import NAMES, PASSWORDS, unnamed_controls
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
from ui.setup import NAMES as NAMES_STEP


def click_next(qtbot, page) -> None:
    qtbot.mouseClick(page.next, Qt.MouseButton.LeftButton)


def type_password(qtbot, step, password: str, again: str | None = None) -> None:
    step.password.edit.clear()
    step.again.edit.clear()
    qtbot.keyClicks(step.password.edit, password)
    qtbot.keyClicks(step.again.edit, password if again is None else again)


def test_setup_end_to_end(qtbot, window, vault_path: Path, tmp_path: Path) -> None:
    window.start()
    page = window.setup_page
    assert page is not None and window.pages.currentWidget() is page
    assert not vault_path.exists()

    click_next(qtbot, page)
    assert page.current() == NAMES_STEP
    click_next(qtbot, page)  # no names yet
    assert page.current() == NAMES_STEP
    assert "name" in page.message.text()
    qtbot.keyClicks(page.first_name, NAMES[1])
    qtbot.keyClicks(page.second_name, NAMES[2])
    click_next(qtbot, page)
    assert page.current() == PASSWORD_1
    assert NAMES[1] in page.password_steps[1].title.text()

    type_password(qtbot, page.password_steps[1], "short")
    click_next(qtbot, page)
    assert page.current() == PASSWORD_1
    assert "at least 10" in page.message.text()
    assert "At least" in (page.password_steps[1].password.hint.text() or "")

    type_password(qtbot, page.password_steps[1], PASSWORDS[1], again=PASSWORDS[1] + "x")
    click_next(qtbot, page)
    assert page.current() == PASSWORD_1
    assert "don't match" in page.message.text()

    type_password(qtbot, page.password_steps[1], PASSWORDS[1])
    assert page.password_steps[1].password.hint.text() == "Strong."
    click_next(qtbot, page)
    assert page.current() == HANDOVER
    qtbot.mouseClick(page.handover.button, Qt.MouseButton.LeftButton)
    assert page.current() == PASSWORD_2

    type_password(qtbot, page.password_steps[2], PASSWORDS[2])
    click_next(qtbot, page)
    qtbot.waitUntil(lambda: page.current() == READY_1, timeout=10000)
    qtbot.mouseClick(page.ready_steps[1].button, Qt.MouseButton.LeftButton)
    assert page.current() == RECOVERY_1
    assert not vault_path.exists(), "nothing is written before the keys are confirmed"
    groups_1 = format_recovery_key(page._plan.recovery_keys[1])
    shown = page.recovery_steps[1].groups.text().split()
    assert shown == groups_1 and len(groups_1) == 8

    sheet = tmp_path / "sheet.pdf"
    page.save_pdf_to(1, sheet)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20000)
    assert sheet.exists() and stat.S_IMODE(sheet.stat().st_mode) == 0o600
    assert str(sheet) in page.recovery_steps[1].saved.text()

    qtbot.keyClicks(page.recovery_steps[1].confirm, "ZZZZ")
    click_next(qtbot, page)
    assert page.current() == RECOVERY_1
    assert "doesn't match" in page.message.text()
    page.recovery_steps[1].confirm.clear()
    qtbot.keyClicks(page.recovery_steps[1].confirm, groups_1[-1].lower())
    click_next(qtbot, page)
    assert page.current() == READY_2
    assert page.recovery_steps[1].groups.text() == "", "first key is off screen for the second"
    qtbot.mouseClick(page.ready_steps[2].button, Qt.MouseButton.LeftButton)
    assert page.current() == RECOVERY_2

    groups_2 = format_recovery_key(page._plan.recovery_keys[2])
    qtbot.keyClicks(page.recovery_steps[2].confirm, groups_2[-1])
    click_next(qtbot, page)
    assert page.current() == DONE
    assert vault_path.exists()
    assert stat.S_IMODE(vault_path.stat().st_mode) == 0o600
    assert unnamed_controls(page) == []

    click_next(qtbot, page)
    assert window.pages.currentWidget() is window.workbench
    assert window.session is not None and window.session.together
    home = window.workbench.widget(0)
    greeting = home.findChild(QLabel, "homeGreeting")
    assert NAMES[1] in greeting.text() and NAMES[2] in greeting.text()

    # The recovery keys shown really open the vault's recovery slots.
    recovery = window.vault.slots("recovery")
    assert vault_module.try_recovery_key(recovery, " ".join(groups_2))[0] == 2


def test_setup_reports_unwritable_folder(qtbot, tmp_path: Path) -> None:
    from models.keys import FAST_TEST_COST
    from ui.main_window import MainWindow

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    win = MainWindow(blocker / "trellis.vault", cost=FAST_TEST_COST)
    qtbot.addWidget(win)
    win.start()
    page = win.setup_page
    page.first_name.setText(NAMES[1])
    page.second_name.setText(NAMES[2])
    page._show(PASSWORD_1)
    page.password_steps[1].password.edit.setText(PASSWORDS[1])
    page.password_steps[1].again.edit.setText(PASSWORDS[1])
    page.go_next()
    page.go_next()  # the hand-over
    page.password_steps[2].password.edit.setText(PASSWORDS[2])
    page.password_steps[2].again.edit.setText(PASSWORDS[2])
    page.go_next()
    qtbot.waitUntil(lambda: page.current() == READY_1, timeout=10000)
    for partner, index in ((1, RECOVERY_1), (2, RECOVERY_2)):
        page.go_next()  # "I'm …, and I'm alone at the keyboard"
        assert page.current() == index
        page.recovery_steps[partner].confirm.setText(
            format_recovery_key(page._plan.recovery_keys[partner])[-1]
        )
        page.go_next()
    assert page.current() == RECOVERY_2, "stays put, nothing lost"
    assert "can't write in the folder" in page.message.text()
    assert blocker.read_text() == "a file where a folder should be"
    win.tasks.wait()
