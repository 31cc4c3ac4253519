"""Names for our roles (#11): optional; naming or changing them takes both partners' own
passwords typed now, and either partner alone can stop using them. The words are "the
partner who was hurt" and "the partner who caused the hurt", never a blaming label."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from models import narrative
from tests.ui.conftest import NAMES, PASSWORDS, visible_texts
from tests.ui.narrative.test_shared import open_session, proof_of
from ui.widgets.fresh_password import FreshPasswordDialog
from ui.workbooks import WorkbookContext
from ui.workbooks.narrative.roles import RolesDialog


def dialog_for(qtbot, window, ctx: WorkbookContext) -> RolesDialog:
    dialog = RolesDialog(ctx, window)
    dialog.open()
    QApplication.processEvents()
    return dialog


def ask(qtbot, dialog: RolesDialog, hurt: int) -> FreshPasswordDialog:
    dialog.choices[hurt].click()
    qtbot.mouseClick(dialog.name_them, Qt.MouseButton.LeftButton)
    asking = dialog.fresh
    assert isinstance(asking, FreshPasswordDialog) and set(asking.fields) == {1, 2}
    return asking


def submit(qtbot, window, asking: FreshPasswordDialog, typed: dict[int, str]) -> None:
    for partner, password in typed.items():
        asking.fields[partner].edit.clear()
        qtbot.keyClicks(asking.fields[partner].edit, password)
    asking.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    QApplication.processEvents()


def test_naming_the_roles_needs_both_passwords(qtbot, window, existing_vault) -> None:
    ctx = open_session(qtbot, window)
    dialog = dialog_for(qtbot, window, ctx)
    assert "not named your roles" in dialog.now.text()
    assert "optional" in dialog.findChild(QLabel, "rolesIntro").text()
    assert not any(b.isVisible() for b in dialog.clears.values())  # nothing to stop yet
    announced: list[tuple[str, str]] = []
    ctx.changes.changed.connect(lambda w, u: announced.append((w, u)))

    asking = ask(qtbot, dialog, 2)
    submit(qtbot, window, asking, {1: PASSWORDS[1], 2: PASSWORDS[1]})  # one of them only
    assert asking.message.isVisible()
    assert narrative.load_roles(window.session.keyring).hurt is None and not announced

    submit(qtbot, window, asking, {1: PASSWORDS[1], 2: PASSWORDS[2]})
    roles = narrative.load_roles(window.session.keyring)
    assert roles.hurt == 2 and roles.caused() == 1
    assert f"{NAMES[2]} is the partner who was hurt" in dialog.now.text()
    assert f"{NAMES[1]} is the partner who caused the hurt" in dialog.now.text()
    assert announced == [("narrative", "roles")]
    assert dialog.name_them.text() == "Change the names…"
    words = " ".join(visible_texts()).lower()
    for label in ("victim", "offender", "perpetrator", "betrayer"):
        assert label not in words


def test_either_partner_alone_stops_using_the_names(qtbot, window, existing_vault) -> None:
    open_session(qtbot, window)
    keys = window.session.keyring
    narrative.name_roles(keys, (proof_of(window, 1), proof_of(window, 2)), 1)
    window.lock()
    ctx = open_session(qtbot, window, (2,))  # the second partner, alone, no password asked
    dialog = dialog_for(qtbot, window, ctx)
    assert set(dialog.clears) == {2} and dialog.clears[2].isVisible()
    qtbot.mouseClick(dialog.clears[2], Qt.MouseButton.LeftButton)
    assert narrative.load_roles(window.session.keyring).hurt is None
    assert "no longer used" in dialog.message.text()
    assert not dialog.clears[2].isVisible() and dialog.choice.checkedId() == -1
