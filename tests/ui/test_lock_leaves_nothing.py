"""Lock leaves nothing (#6): no dialog and no decrypted word in any widget, nothing
Trellis copied on the clipboard, and words whose last save failed are kept sealed and
offered back to the same partners after unlocking."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTextEdit,
)

from models import agreements
from models.errors import DiskFull
from tests.ui.conftest import (
    NAMES,
    PASSWORDS,
    flush_deletes,
    open_workbook,
    unlock_solo,
    unlock_together,
)
from tests.ui.test_agreements import PHONES, WALKS, agreed, seed, select
from ui.change_password import ChangePasswordDialog
from ui.file_check import FileCheckDialog
from ui.kept_words import KeptWordsDialog
from ui.texts import text
from ui.workbooks.agreements import AgreementsTab

MARKER = "Juniper-6042"


def every_text() -> list[str]:
    """Every string any live widget holds, including editors, browsers and list rows."""
    flush_deletes()
    texts: list[str] = []
    for widget in QApplication.allWidgets():
        texts += [widget.windowTitle(), widget.accessibleName(), widget.toolTip()]
        if isinstance(widget, QLabel | QLineEdit | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QPlainTextEdit | QTextEdit):
            texts.append(widget.toPlainText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QListWidget):
            texts += [widget.item(row).text() for row in range(widget.count())]
    return texts


def holding(words: str) -> list[str]:
    return [t for t in every_text() if words in t]


def open_tab(qtbot, window, together: bool = False, partner: int = 1) -> AgreementsTab:
    return open_workbook(qtbot, window, AgreementsTab, together, partner)


def seeded_tab(qtbot, window, existing_vault, vault_path, together=True) -> AgreementsTab:
    seed(vault_path, existing_vault, lambda keys, bundles: agreed(
        keys, bundles, **{**PHONES, "title": f"{MARKER} phones", "not_ok": MARKER}))
    tab = open_tab(qtbot, window, together=together)
    select(tab, f"{MARKER} phones")
    return tab


# -- no dialog and no words after lock ----------------------------------------------------


def test_after_lock_no_dialog_and_no_agreement_words_remain(
        qtbot, window, existing_vault, vault_path) -> None:
    tab = seeded_tab(qtbot, window, existing_vault, vault_path)
    tab.history()
    tab.export()
    window.check_file()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    change = ChangePasswordDialog(window.vault, window.session, window.tasks, window)
    change.open()
    typed = "willow copper evening"
    for field in change.findChildren(QLineEdit):
        qtbot.keyClicks(field, typed)
    open_dialogs = [w for w in QApplication.allWidgets() if isinstance(w, QDialog)]
    assert len(open_dialogs) >= 4 and holding(MARKER)

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    flush_deletes()

    assert window.session is None
    assert [w.objectName() for w in QApplication.allWidgets() if isinstance(w, QDialog)] == []
    assert holding(MARKER) == []
    assert holding(typed) == [] and holding(NAMES[1]) == [] and holding(NAMES[2]) == []
    assert window.findChild(FileCheckDialog) is None


# -- the clipboard ----------------------------------------------------------------------


def test_lock_clears_what_was_copied_from_trellis(qtbot, window, existing_vault,
                                                  vault_path) -> None:
    tab = seeded_tab(qtbot, window, existing_vault, vault_path)
    area = tab.editor.areas["wording"]
    area.setFocus()
    area.selectAll()
    area.copy()
    clipboard = QApplication.clipboard()
    assert clipboard.text() == PHONES["wording"]

    window.lock()

    assert clipboard.text() == ""


def test_lock_clears_a_part_of_a_field_copied_from_trellis(qtbot, window, existing_vault,
                                                           vault_path) -> None:
    tab = seeded_tab(qtbot, window, existing_vault, vault_path)
    title = tab.editor.title
    title.setFocus()
    title.setSelection(0, len(MARKER))
    title.copy()
    assert QApplication.clipboard().text() == MARKER

    window.lock()

    assert QApplication.clipboard().text() == ""


def test_lock_clears_a_whole_field_put_on_the_clipboard(qtbot, window, existing_vault,
                                                        vault_path) -> None:
    """However it got there (a context menu, a drag), a field's whole text is Trellis's."""
    seeded_tab(qtbot, window, existing_vault, vault_path)
    QApplication.clipboard().setText(f"{MARKER} phones")
    window.lock()
    assert QApplication.clipboard().text() == ""


def test_lock_leaves_what_was_copied_elsewhere(qtbot, window, existing_vault,
                                               vault_path) -> None:
    seeded_tab(qtbot, window, existing_vault, vault_path)
    QApplication.clipboard().setText("Milk, eggs, the library book")
    window.lock()
    assert QApplication.clipboard().text() == "Milk, eggs, the library book"


# -- words whose save failed at lock -------------------------------------------------------


def _full_disk(monkeypatch) -> None:
    def full(*args, **kwargs):
        raise DiskFull("the disk or the vault is full")

    monkeypatch.setattr(agreements, "edit", full)


def test_words_that_failed_to_save_at_lock_are_kept_sealed_and_put_back(
        qtbot, window, existing_vault, vault_path, monkeypatch) -> None:
    uuid = seed(vault_path, existing_vault,
                lambda keys, bundles: agreements.create(keys, 1, **WALKS).uuid)
    tab = open_tab(qtbot, window, together=False, partner=1)
    select(tab, WALKS["title"])
    _full_disk(monkeypatch)
    qtbot.keyClicks(tab.editor.areas["not_ok"], f"{MARKER} on the walk.")
    assert tab.editor._timer.isActive()

    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert window.session is None
    assert holding(MARKER) == [], "nothing readable is left while locked"
    assert window._kept and all(MARKER.encode() not in s.blob for s in window._kept)

    # The other partner alone is not offered them.
    monkeypatch.undo()
    unlock_solo(qtbot, window, PASSWORDS[2])
    assert window.findChild(KeptWordsDialog) is None
    assert holding(MARKER) == []
    window.lock()

    # The partner who wrote them is, and they go back into their agreement.
    unlock_solo(qtbot, window, PASSWORDS[1])
    dialog = window.findChild(KeptWordsDialog)
    assert dialog is not None and dialog.isVisible()
    assert f"{MARKER} on the walk." in dialog.words.toPlainText()
    qtbot.mouseClick(dialog.put_back_button, Qt.MouseButton.LeftButton)
    stored = agreements.view(window.session.keyring, agreements.get(uuid))
    assert stored.current.text["not_ok"] == f"{MARKER} on the walk."
    tab = window.workbench.findChild(AgreementsTab)
    assert window.workbench.currentWidget() is tab
    assert tab.editor.message.text() == text("unsaved_words", "put_back_done",
                                             title=WALKS["title"])
    assert window._kept == []


def test_kept_words_wait_through_not_now_and_a_lock_and_can_be_let_go(
        qtbot, window, existing_vault, vault_path, monkeypatch) -> None:
    seed(vault_path, existing_vault, lambda keys, bundles: agreements.create(keys, 1, **WALKS))
    tab = open_tab(qtbot, window, together=True)
    select(tab, WALKS["title"])
    _full_disk(monkeypatch)
    qtbot.keyClicks(tab.editor.areas["wording"], f" {MARKER}")
    window.lock()
    monkeypatch.undo()

    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    dialog = window.findChild(KeptWordsDialog)
    assert dialog is not None
    qtbot.mouseClick(dialog.later, Qt.MouseButton.LeftButton)
    flush_deletes()
    assert holding(MARKER) == [] and len(window._kept) == 1

    window.lock()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    dialog = window.findChild(KeptWordsDialog)
    assert dialog is not None and MARKER in dialog.words.toPlainText()
    window.lock()  # a lock while they are shown keeps them sealed again
    flush_deletes()
    assert holding(MARKER) == [] and len(window._kept) == 1

    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    dialog = window.findChild(KeptWordsDialog)
    qtbot.mouseClick(dialog.let_go_button, Qt.MouseButton.LeftButton)
    flush_deletes()
    assert window._kept == [] and holding(MARKER) == []
    window.lock()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    assert window.findChild(KeptWordsDialog) is None
