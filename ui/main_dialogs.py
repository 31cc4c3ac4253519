"""The dialogs and notices the main window opens, one small function each.

Each dialog is window-modal and opened without a nested event loop, so a lock meanwhile
simply closes it (ui.idle.close_every_dialog). Its module is imported when first
opened: the unlock window should appear fast (make bench).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from models.errors import TrellisError
from models.version import VERSION
from ui import settings
from ui.texts import text

# QMessageBox and QFileDialog are imported where used: their classes' enums are not
# needed before the unlock window's first paint (#9).
if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from models.unsaved import UnsavedWords
    from ui.main_window import MainWindow

log = logging.getLogger(__name__)


def _notice(parent: QWidget, icon: QMessageBox.Icon, title: str, body: str,
            name: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(icon, title, body, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName(name)
    box.setAccessibleName(title)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def change_password(window: MainWindow) -> None:
    if window.vault is None or window.session is None:
        return
    from ui.change_password import ChangePasswordDialog

    dialog = ChangePasswordDialog(window.vault, window.session, window.tasks, window)
    dialog.accepted.connect(lambda: _password_changed(window))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()


def _password_changed(window: MainWindow) -> None:
    from PySide6.QtWidgets import QMessageBox

    message = text("change_password", "done")
    window.status.setText(message)
    _notice(window, QMessageBox.Icon.Information, text("change_password", "window_title"),
            message, "passwordChangedMessage")


def rename(window: MainWindow) -> None:
    if window.vault is None or window.session is None:
        return
    from ui.rename import RenameDialog
    from ui.workbooks import WorkbookContext

    dialog = RenameDialog(WorkbookContext(window.vault, window.session, window.tasks), window)
    dialog.renamed.connect(window.renamed)
    dialog.open()


def session_packet(window: MainWindow) -> None:
    """File → Prepare for our session…: one PDF of the parts the couple chooses."""
    if window.vault is None or window.session is None or window.session.locked:
        return
    from ui.session_packet import SessionPacketDialog
    from ui.workbooks import WorkbookContext

    dialog = SessionPacketDialog(WorkbookContext(window.vault, window.session, window.tasks),
                                 window)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()


def preferences(window: MainWindow) -> None:
    from ui.preferences import PreferencesDialog

    dialog = PreferencesDialog(window)
    dialog.accepted.connect(lambda: window.apply_idle_minutes(dialog.save()))
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()


def file_check(window: MainWindow) -> None:
    """Help → Check this workbook file…: a read-only check of every entry."""
    if window.session is None or window.session.locked:
        return
    from ui.file_check import FileCheckDialog

    dialog = FileCheckDialog(window.session.keyring, window.tasks, window)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()


def structure_damaged(window: MainWindow) -> None:
    """SQLite's check of the whole file, after unlocking, found problems: say so calmly,
    with the way forward (the file check), never SQLite's lines or a stack trace."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, text("damage", "structure_title"),
                      text("damage", "structure_body"), QMessageBox.StandardButton.NoButton,
                      window)
    box.setObjectName("structureNotice")
    box.setAccessibleName(text("damage", "structure_title"))
    check = box.addButton(text("damage", "check"), QMessageBox.ButtonRole.AcceptRole)
    check.setObjectName("structureNoticeCheck")
    check.setAccessibleName(text("damage", "check_name"))
    later = box.addButton(text("damage", "structure_later"), QMessageBox.ButtonRole.RejectRole)
    later.setObjectName("structureNoticeLater")
    later.setAccessibleName(text("damage", "structure_later"))
    box.setDefaultButton(check)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    check.clicked.connect(window.check_file)
    box.open()


def check_structure(window: MainWindow) -> None:
    """Opening no longer reads the whole file: SQLite's quick check of it runs after
    unlocking, on a worker, once per opened file. Problems get the calm notice; an
    answer that comes after a lock is dropped (and the next unlock asks again)."""
    vault, session = window.vault, window.session
    if vault is None or vault is window._structure_known:
        return

    def checked(problems: tuple[str, ...]) -> None:
        if session is None or window.session is not session:
            return
        window._structure_known = vault
        if problems:
            log.warning("the file's structure check found %d problem(s)", len(problems))
            structure_damaged(window)

    def failed(error: BaseException) -> None:
        log.info("the file's structure check did not finish: %s", type(error).__name__)

    window.structure_check.run(vault.check_structure, checked, failed)


def keep_words(window: MainWindow, unsaved: list[UnsavedWords]) -> None:
    """Seal words that could not be saved, while the workbook key is still here."""
    session = window.session
    if not unsaved or session is None or session.locked:
        return
    from models.unsaved import seal_words

    try:
        window._kept.append(seal_words(session.keyring, session.partners, unsaved))
    except TrellisError as error:
        log.info("could not keep unsaved words: %s", type(error).__name__)


def offer_kept_words(window: MainWindow) -> None:
    """After unlocking, offer back words kept over the lock, to the same partners."""
    session = window.session
    if session is None or not window._kept:
        return
    from models.unsaved import open_words

    for sealed in list(window._kept):
        pieces = open_words(session.keyring, session.partners, sealed)
        if pieces is not None:
            window._kept.remove(sealed)
            kept_words(window, pieces)
            return  # one at a time; the rest wait for the next unlock


def kept_words(window: MainWindow, pieces: list[UnsavedWords]) -> None:
    """Offer back words kept sealed over a lock; whatever is not taken is kept again."""
    assert window.session is not None
    from ui.kept_words import KeptWordsDialog

    dialog = KeptWordsDialog(pieces, dict(window.session.names), window.workbench.restore,
                             window)

    def closed() -> None:
        if dialog.pieces:  # "Not now", or a lock: sealed again for the next time
            keep_words(window, dialog.pieces)
            dialog.pieces = []
        dialog.words.clear()
        dialog.deleteLater()

    dialog.finished.connect(closed)
    dialog.open()


def check_not_older(window: MainWindow, went_back_inside: bool) -> None:
    """Say so, once, when this file no longer holds facts it held the last time it was
    open here (an older copy was put back, or facts were removed)."""
    from PySide6.QtWidgets import QMessageBox

    from models import ledger

    mark = settings.seen_facts(ledger.file_id()).get()
    if went_back_inside or (mark and ledger.went_back(mark)):
        _notice(window, QMessageBox.Icon.Warning, text("went_back", "title"),
                text("went_back", "body"), "wentBackNotice")
    remember_facts()


def remember_facts() -> None:
    """Keep the mark of every fact now in the file (digests only) for the next check."""
    from models import ledger

    settings.seen_facts(ledger.file_id()).set(ledger.seen_mark())


def safety(window: MainWindow) -> None:
    from ui.safety import show_safety

    show_safety(window)


def guide(window: MainWindow, workbook: str) -> None:
    from ui.guide import page_for, show_guide

    show_guide(window, page_for(workbook))


def about(window: MainWindow) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.about(window, text("menu", "about").replace("&", ""),
                      text("app", "about", version=VERSION))


def privacy(window: MainWindow) -> None:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(window)
    box.setObjectName("privacyDialog")
    box.setWindowTitle(text("privacy", "title"))
    box.setText(text("privacy", "long"))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


def other_file(window: MainWindow) -> Path | None:
    """Ask which existing workbook file to open instead."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(window, text("notice", "open_other"),
                                          str(window.vault_path.parent))
    return Path(path) if path else None


def new_file(window: MainWindow) -> Path | None:
    """Ask where a new workbook file should be made."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(window, text("notice", "new_vault"),
                                          str(Path.home() / "trellis.vault"))
    return Path(path) if path else None
