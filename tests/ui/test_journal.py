"""The private journal at one keyboard (#10): together, the tab shows only an "Open my
journal" button per partner; a journal opens only with its owner's password typed now
(a wrong one opens nothing); it closes on Close, another tab, a lock and its own idle
time even with a dialog open; and nothing anywhere shows whether the other partner has
written, how much or when."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from shiboken6 import isValid

from models import journal
from models import vault as vault_module
from models.journal import EntryDraft
from models.keys import FAST_TEST_COST
from models.proof import prove
from models.vault import Vault
from tests.ui.conftest import (
    NAMES,
    PASSWORDS,
    flush_deletes,
    unlock_solo,
    unlock_together,
)
from ui.dates import day
from ui.main_window import MainWindow
from ui.texts import text
from ui.widgets.fresh_password import FreshPasswordDialog
from ui.workbooks.journal import JournalTab
from ui.workbooks.journal.page import JournalPage
from ui.workbooks.journal.share import ShareDialog

MINE = "Kestrel-1187 morning pages"
THEIRS = "Osprey-5521 letter never sent"
LONG_AGO = dt.datetime(2024, 3, 9, 21, 15, tzinfo=dt.UTC).astimezone()


def seed_journals(vault_path: Path, plan: vault_module.SetupPlan, monkeypatch,
                  entries: dict[int, list[EntryDraft]], when: dt.datetime = LONG_AGO) -> None:
    """Each partner writes in their own journal, alone, on ``when`` (before the window
    opens the vault)."""
    from models.journal import actions

    with monkeypatch.context() as patch:
        patch.setattr(actions, "now", lambda: when)
        vault = Vault.open(vault_path)
        try:
            for partner, drafts in entries.items():
                session = vault.start_session({partner: plan.bundles[partner]})
                for draft in drafts:
                    journal.save_entry(session.keyring, partner, draft)
                session.lock()
        finally:
            vault.close()


def every_text(root: QWidget | None = None) -> list[str]:
    """Every string a live widget holds or says: labels, fields, buttons, tooltips,
    accessible names and descriptions, editors, browsers and each list row's words."""
    flush_deletes()
    widgets = QApplication.allWidgets() if root is None else [root, *root.findChildren(QWidget)]
    texts: list[str] = []
    for widget in widgets:
        texts += [widget.windowTitle(), widget.accessibleName(),
                  widget.accessibleDescription(), widget.toolTip(), widget.statusTip()]
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            for row in range(min(model.rowCount(), 400)):
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                             Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.UserRole + 1):
                    value = model.index(row, 0).data(role)
                    if isinstance(value, str):
                        texts.append(value)
        if isinstance(widget, QCalendarWidget):
            marked = widget.dateTextFormat()
            texts += [f"marked {d.toString('yyyy-MM-dd')}" for d in marked]
    return [t for t in texts if t]


def journal_tab(window: MainWindow) -> JournalTab:
    tab = window.workbench.findChild(JournalTab)
    assert tab is not None
    window.workbench.setCurrentWidget(tab)
    QApplication.processEvents()  # alone, the entries are read on a worker as it shows
    window.tasks.wait()
    QApplication.processEvents()
    return tab


def ask_open(qtbot, tab: JournalTab, partner: int) -> FreshPasswordDialog:
    qtbot.mouseClick(tab.gate.buttons[partner], Qt.MouseButton.LeftButton)
    dialog = tab.fresh
    assert isinstance(dialog, FreshPasswordDialog) and dialog.isVisible()
    return dialog


def type_password(qtbot, window: MainWindow, dialog: FreshPasswordDialog, partner: int,
                  password: str) -> None:
    qtbot.keyClicks(dialog.fields[partner].edit, password)
    dialog.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    QApplication.processEvents()


def open_together(qtbot, window: MainWindow, partner: int) -> JournalPage:
    tab = journal_tab(window)
    type_password(qtbot, window, ask_open(qtbot, tab, partner), partner, PASSWORDS[partner])
    assert tab.page is not None and tab.owner == partner
    return tab.page


@pytest.fixture
def both_wrote(existing_vault, vault_path, monkeypatch) -> None:
    seed_journals(vault_path, existing_vault, monkeypatch, {
        1: [EntryDraft(title=MINE, body="Slept badly, walked to the river.",
                       feelings=("tired",), tags=("small_win",))],
        2: [EntryDraft(title=THEIRS, body=f"{THEIRS} and more", feelings=("sad",),
                       safety=2, tags=("trigger",))] * 3,
    })


# -- the gate ---------------------------------------------------------------------------


@pytest.mark.usefixtures("both_wrote")
def test_together_the_tab_shows_only_an_open_button_for_each_partner_named(
        qtbot, window) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    tab = journal_tab(window)
    assert tab.page is None and tab.stack.currentWidget() is tab.gate
    assert [b.text() for b in tab.gate.buttons.values()] == [
        text("journal_gate", "open", name=NAMES[1]), text("journal_gate", "open", name=NAMES[2])]
    keys = window.session.keyring
    assert not keys.holds_journal(1) and not keys.holds_journal(2)
    words = " ".join(every_text())
    assert MINE not in words and THEIRS not in words
    assert day(LONG_AGO) not in words


@pytest.mark.usefixtures("both_wrote")
def test_a_journal_opens_only_with_its_owners_password_and_a_wrong_one_opens_nothing(
        qtbot, window) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    tab = journal_tab(window)
    keys = window.session.keyring

    asked = ask_open(qtbot, tab, 1)
    assert asked.partners == (1,)  # that partner, named, and no one else
    type_password(qtbot, window, asked, 1, PASSWORDS[2])  # the other partner's password
    assert tab.page is None and not keys.holds_journal(1)
    assert text("fresh_password", "wrong", name=NAMES[1]) in asked.message.text()
    asked.reject()
    flush_deletes()

    page = open_together(qtbot, window, 1)
    assert keys.holds_journal(1) and not keys.holds_journal(2)
    assert page.list.list.texts() == [MINE]
    words = " ".join(every_text())
    assert MINE in words and THEIRS not in words


@pytest.mark.usefixtures("both_wrote")
def test_no_control_and_no_other_proof_opens_the_other_journal(qtbot, window) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    tab = journal_tab(window)
    # Every button of the closed tab either asks a password or opens nothing.
    for button in tab.findChildren(QAbstractButton):
        if not button.isVisible() or not button.isEnabled():
            continue
        button.click()
        QApplication.processEvents()
        assert tab.page is None, button.objectName()
        for dialog in [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog)]:
            if dialog.isVisible():
                dialog.reject()
        flush_deletes()
    assert tab.fresh is None
    # Without a proof, or with the first partner's proof, the second's does not open.
    assert tab.open_journal(2, None) is False and tab.page is None
    assert text("errors", "needs_owner").split()[0] in tab.gate.message.text()
    proof = prove(window.vault.slot_of(1, "password"), PASSWORDS[1])
    assert tab.open_journal(2, proof) is False and tab.page is None
    assert not window.session.keyring.holds_journal(2)
    assert THEIRS not in " ".join(every_text())


# -- closing ---------------------------------------------------------------------------


@pytest.mark.usefixtures("both_wrote")
def test_the_journal_closes_on_close_another_tab_and_a_lock(qtbot, window) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    keys = window.session.keyring

    page = open_together(qtbot, window, 1)
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    tab = journal_tab(window)
    assert tab.page is None and not keys.holds_journal(1)
    assert MINE not in " ".join(every_text())

    page = open_together(qtbot, window, 1)
    page.list.list.setCurrentRow(0)
    words = page.reader.words
    words.setFocus()
    words.selectAll()
    words.copy()  # copied from the journal: it goes when the journal closes
    assert QApplication.clipboard().text() == "Slept badly, walked to the river."
    window.workbench.setCurrentIndex(0)  # Home
    assert QApplication.clipboard().text() == ""
    assert tab.page is None and not keys.holds_journal(1)
    assert MINE not in " ".join(every_text())
    window.workbench.setCurrentWidget(tab)
    assert tab.page is None  # coming back asks again

    open_together(qtbot, window, 2)
    page = tab.page
    assert page is not None
    page.share(THEIRS)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    flush_deletes()
    assert window.session is None
    assert THEIRS not in " ".join(every_text())
    assert not [w for w in QApplication.allWidgets() if isinstance(w, QDialog | JournalPage)]


@pytest.mark.usefixtures("both_wrote")
def test_the_journal_closes_after_its_idle_time_with_a_dialog_open(qtbot, window) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    page = open_together(qtbot, window, 1)
    tab = journal_tab(window)
    assert tab.idle.isActive()
    assert tab.idle.interval() == 3 * 60_000  # journal/idle_minutes, by default
    page.new_entry()
    qtbot.keyClicks(page.editor.body, "Written just before stepping away")
    share = page.share("A passage")
    assert isinstance(share, ShareDialog) and share.isVisible()

    # A key pressed in the dialog counts as being there: the wait starts again.
    tab.idle.setInterval(60_000)
    tab.idle.start()
    qtbot.wait(60)
    waited = tab.idle.remainingTime()
    qtbot.keyClicks(share.words, " more")
    assert tab.idle.remainingTime() > waited

    share.submit()  # the owner's password is being asked, over the share dialog
    assert isinstance(share.fresh, FreshPasswordDialog) and share.fresh.isVisible()
    tab.idle.setInterval(200)  # minutes in real use; the same timer
    tab.idle.start()
    qtbot.waitUntil(lambda: tab.page is None, timeout=5000)
    flush_deletes()

    assert not isValid(share) or not share.isVisible()
    assert [w for w in QApplication.allWidgets() if isinstance(w, QDialog) and w.isVisible()] == []
    assert not window.session.keyring.holds_journal(1)
    assert tab.gate.message.isVisible() and "quiet" in tab.gate.message.text()
    words = " ".join(every_text())
    assert MINE not in words and "stepping away" not in words
    assert window.session is not None  # only the journal closed, not Trellis
    # What was typed was saved before it closed.
    page = open_together(qtbot, window, 1)
    assert "Written just before stepping away" in " ".join(page.list.list.texts())


# -- nothing about the other partner's journal --------------------------------------------


def _texts_of_every_tab(qtbot, vault_path: Path, open_first: bool) -> list[str]:
    window = MainWindow(vault_path, cost=FAST_TEST_COST)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    seen: list[str] = []
    bench = window.workbench
    for index in range(bench.count()):
        bench.setCurrentIndex(index)
        QApplication.processEvents()
        seen += every_text(window)
    if open_first:
        open_together(qtbot, window, 1)
        seen += every_text(window)
    window.tasks.wait()
    window.lock()
    window.close()
    where = str(vault_path.parent)  # the two files' own folders differ, nothing else may
    return sorted(words.replace(where, "<folder>") for words in seen)


@pytest.mark.parametrize("open_first", [False, True])
def test_no_widget_shows_whether_the_other_partner_wrote(
        qtbot, tmp_path, monkeypatch, open_first: bool) -> None:
    """Two files alike but for the second partner's journal (empty, or many entries
    dated long ago): every tab shows the very same words, tooltips and accessible
    names, with the journal closed and with the first partner's journal open."""
    files: dict[str, Path] = {}
    for kind in ("empty", "written"):
        path = tmp_path / kind / "trellis.vault"
        plan = vault_module.prepare_setup(NAMES, PASSWORDS, FAST_TEST_COST)
        Vault.create(path, plan).close()
        entries: dict[int, list[EntryDraft]] = {
            1: [EntryDraft(title=MINE, body="Walked to the river.")]}
        if kind == "written":
            entries[2] = [EntryDraft(title=f"{THEIRS} {n}", body="words", feelings=("angry",),
                                     tags=("just_for_me",)) for n in range(7)]
        seed_journals(path, plan, monkeypatch, entries, when=LONG_AGO)
        files[kind] = path
    empty = _texts_of_every_tab(qtbot, files["empty"], open_first)
    written = _texts_of_every_tab(qtbot, files["written"], open_first)
    assert written == empty
    assert THEIRS not in " ".join(written)


def test_alone_the_journal_opens_at_once_and_holds_no_other(qtbot, window, existing_vault,
                                                             vault_path, monkeypatch) -> None:
    seed_journals(vault_path, existing_vault, monkeypatch, {
        1: [EntryDraft(title=MINE)], 2: [EntryDraft(title=THEIRS)]})
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[2])
    tab = journal_tab(window)
    assert tab.page is not None and tab.owner == 2 and tab.stack.currentWidget() is tab.page
    assert tab.page.list.list.texts() == [THEIRS]
    assert not tab.page.close_button.isVisible() and not tab.idle.isActive()
    window.workbench.setCurrentIndex(0)
    window.workbench.setCurrentWidget(tab)
    assert tab.page is not None  # alone, the key is the session's: it stays open
    assert MINE not in " ".join(every_text())


@pytest.mark.usefixtures("both_wrote")
def test_entries_are_read_off_the_gui_thread_and_a_lock_meanwhile_leaves_nothing(
        qtbot, window, monkeypatch) -> None:
    on_gui_thread: list[bool] = []
    release = threading.Event()
    real = journal.load_recent

    def held_back(keys, owner, count):  # type: ignore[no-untyped-def]
        on_gui_thread.append(threading.current_thread() is threading.main_thread())
        release.wait(10)
        return real(keys, owner, count)

    monkeypatch.setattr(journal, "load_recent", held_back)
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    tab = journal_tab(window)
    assert on_gui_thread == []  # together, nothing is read before a password
    asked = ask_open(qtbot, tab, 1)
    qtbot.keyClicks(asked.fields[1].edit, PASSWORDS[1])
    asked.submit()
    qtbot.waitUntil(lambda: tab.loading == 1 and bool(on_gui_thread), timeout=10000)
    assert on_gui_thread == [False]
    assert tab.gate.message.text() == text("journal_gate", "opening", name=NAMES[1])
    assert not any(b.isEnabled() for b in tab.gate.buttons.values())

    threading.Timer(0.3, release.set).start()  # the lock waits for the read to end
    window.lock()
    flush_deletes()
    assert window.session is None
    assert MINE not in " ".join(every_text())
    assert not [w for w in QApplication.allWidgets() if isinstance(w, JournalPage)]
