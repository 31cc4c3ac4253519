"""Dialogs and forms grow with what they say and never clip it (#7).

People read these messages when they are stressed: a wrong password, a full disk, a
recovery key that didn't match. Each dialog is shown with the longest sentence it can
really meet, in the app's own look (Fusion and the style sheet, whose padding is what
clipped), and every label must fit inside its own geometry, inside the dialog, inside
a 900×600 screen; each error sits right under the field it is about and is announced
to screen readers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStyle,
    QStyleOptionFrame,
    QWidget,
)

from exports.errors import ExportPasswordTooShort
from models import agreements
from models import vault as vault_module
from models.damage import Damage
from models.errors import RecordUnreadable, WrongPassword, WrongRecoveryKey
from models.file_check import FileReport
from models.keys import format_recovery_key
from models.proof import FreshProof
from models.unsaved import UnsavedWords
from tests.ui.conftest import NAMES, PASSWORDS, unlock_solo, unlock_together
from ui.texts import explain, style_sheet, text
from ui.workbooks import WorkbookContext

# The small screen people reported from, less a title bar and a panel.
SMALL_SCREEN = QSize(900, 600)
DECORATION = QSize(20, 60)
# Directly under: the message starts within this many pixels of its field's bottom.
RIGHT_UNDER = 40
LONG_PATH = ("/home/wrenfield/Documents/Couples therapy with Dr Okonkwo-Hartley/"
             "2025 spring sessions/trellis-agreements-2025-05-01.pdf")
UUID = "0f3c2b8e-5d7a-4e61-9b0c-2a4d6e8f1a3b"


@pytest.fixture(autouse=True)
def app_look(qapp: QApplication) -> Iterator[None]:
    """The look app.py starts with, put back afterwards for the other tests."""
    style, sheet = qapp.style().name(), qapp.styleSheet()
    qapp.setStyle("Fusion")
    qapp.setStyleSheet(style_sheet())
    yield
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)


# -- what "fits" means ------------------------------------------------------------------


def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()


def _name(widget: QWidget) -> str:
    said = widget.text() if isinstance(widget, QLabel | QAbstractButton) else ""
    return f"{type(widget).__name__} '{widget.objectName()}' {said[:40]!r}"


def clipped(root: QWidget) -> list[str]:
    """Every visible label, field or button under ``root`` not shown whole."""
    settle()
    inside = root.rect()
    problems = []
    fields = QLineEdit | QComboBox | QAbstractButton | QAbstractSpinBox
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not root:
            continue
        if isinstance(widget.parentWidget(), QAbstractSpinBox):
            continue  # a date field's own line: the field as a whole is measured
        where = QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())
        if isinstance(widget, QLabel | fields):
            if not inside.contains(where):
                problems.append(f"{_name(widget)} lies outside {inside} at {where}")
        if isinstance(widget, QLabel) and widget.text():
            hint = widget.sizeHint()
            need = widget.heightForWidth(widget.width()) if widget.wordWrap() else hint.height()
            if need > widget.height():
                problems.append(f"{_name(widget)} needs {need} px high, has {widget.height()}")
            if not widget.wordWrap() and hint.width() > widget.width():
                problems.append(f"{_name(widget)} needs {hint.width()} px wide, has "
                                f"{widget.width()}")
        elif isinstance(widget, fields):
            if widget.height() < widget.minimumSizeHint().height():
                problems.append(f"{_name(widget)} is crushed to {widget.height()} px")
            if isinstance(widget, QAbstractButton) and widget.width() < widget.sizeHint().width():
                problems.append(f"{_name(widget)} cuts its words: {widget.width()} px")
    return problems


def fits_small_screen(dialog: QWidget) -> bool:
    room = SMALL_SCREEN - DECORATION
    return dialog.width() <= room.width() and dialog.height() <= room.height()


def assert_fits(dialog: QWidget) -> None:
    assert clipped(dialog) == []
    assert fits_small_screen(dialog), dialog.size()


def gap_below(message: QWidget, field: QWidget) -> int:
    """Pixels from the bottom of ``field`` down to the top of ``message``."""
    window = field.window()
    top = message.mapTo(window, QPoint(0, 0)).y()
    return top - field.mapTo(window, QPoint(0, field.height())).y()


def right_under(message: QWidget, field: QWidget, within: int = RIGHT_UNDER) -> bool:
    return message.isVisible() and 0 <= gap_below(message, field) <= within


def text_room(edit: QLineEdit) -> int:
    """The width a line edit really has for text: its contents less the style's padding,
    its text margins and Qt's own two pixels each side."""
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    inner = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    return inner.width() - margins.left() - margins.right() - 4


def shows_whole(edit: QLineEdit, words: str) -> bool:
    return edit.fontMetrics().horizontalAdvance(words) <= text_room(edit)


def show(qtbot, dialog: QWidget) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    settle()


def error(key: str, **values: object) -> str:
    class Said(Exception):
        pass

    said = Said()
    said.key = key  # type: ignore[attr-defined]
    return explain(said, **values)


# -- a session with one agreement waiting for confirmations -----------------------------


@pytest.fixture
def waiting(existing_vault, vault_path: Path) -> str:
    vault = vault_module.Vault.open(vault_path)
    try:
        session = vault.start_session(dict(existing_vault.bundles))
        view = agreements.create(session.keyring, 1, title="Phones at dinner",
                                 category="phones",
                                 wording="We leave both phones in the hall basket.")
        agreements.propose(session.keyring, view.uuid, 1)
        session.lock()
    finally:
        vault.close()
    return view.uuid


class _Host:
    """What a dialog needs from a workbook tab: its context, and a widget to sit over."""

    def __init__(self, window) -> None:
        self.ctx = WorkbookContext(window.vault, window.session, window.tasks)
        self.widget = window


def tab_for(qtbot, window, together: bool = True) -> _Host:
    window.start()
    if together:
        unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    else:
        unlock_solo(qtbot, window, PASSWORDS[1])
    assert window.session is not None
    return _Host(window)


def current_view(window, uuid: str) -> agreements.AgreementView:
    return agreements.view(window.session.keyring, agreements.get(uuid))


# -- the shared message ---------------------------------------------------------------


def test_a_message_is_announced_and_takes_no_room_when_empty(qtbot, monkeypatch) -> None:
    from ui.widgets.common import FieldMessage

    heard: list[tuple[object, str]] = []
    monkeypatch.setattr(
        QAccessible, "updateAccessibility",
        staticmethod(lambda event: heard.append((event.type(), getattr(
            event, "message", lambda: event.object().accessibleName())()))),
    )
    message = FieldMessage("someMessage")
    qtbot.addWidget(message)
    assert message.isHidden() and message.objectName() == "someMessage"
    assert message.wordWrap() and message.accessibleName()
    assert message.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    message.say(error("disk_full"))
    assert message.isVisibleTo(message.parentWidget() or message) or not message.isHidden()
    assert message.accessibleName() == error("disk_full")
    kinds = {kind for kind, _ in heard}
    assert kinds & {QAccessible.Event.Announcement, QAccessible.Event.Alert}
    assert any(words == error("disk_full") for _, words in heard)
    heard.clear()
    message.say(error("disk_full"), quiet=True)
    assert heard == [], "a sentence said again (a countdown) is not read out each time"
    message.clear_message()
    assert message.isHidden()


# -- agreement dialogs ------------------------------------------------------------------


def test_confirm_fits_its_errors_under_the_password(qtbot, window, waiting) -> None:
    from ui.workbooks.agreements.dialogs import ConfirmDialog

    tab = tab_for(qtbot, window)
    dialog = ConfirmDialog(tab.ctx, current_view(window, waiting), tab.widget)
    show(qtbot, dialog)
    dialog.who.setCurrentIndex(dialog.who.findData(2))
    dialog._failed(WrongPassword())
    assert f"isn't {NAMES[2]}'s password" in dialog.message.text()
    assert right_under(dialog.message, dialog.password.edit), gap_below(dialog.message,
                                                                       dialog.password.edit)
    assert_fits(dialog)
    # The longest sentence confirming can meet: something unexpected, with the log's path.
    dialog._failed(RuntimeError("boom"))
    assert "didn't expect" in dialog.message.text()
    assert_fits(dialog)


def test_review_rating_and_note_dialogs_fit(qtbot, window, existing_vault, waiting) -> None:
    from ui.workbooks.agreements.dialogs import NoteDialog
    from ui.workbooks.agreements.review import RatingDialog, ReviewDialog

    tab = tab_for(qtbot, window)
    view = current_view(window, waiting)
    review = ReviewDialog(tab.ctx, view, tab.widget)
    show(qtbot, review)
    review.submit()  # no decision chosen yet
    assert "decide" in review.message.text().lower()
    assert right_under(review.message, review.decision.buttons()[-1])
    assert_fits(review)
    review.message.say(explain(RecordUnreadable("agreement", UUID, "title")))
    assert_fits(review)

    rating = RatingDialog(tab.ctx, view, 1, FreshProof(1, existing_vault.bundles[1]),
                          tab.widget)
    show(qtbot, rating)
    rating.message.say(error("record_damaged", uuid=UUID))
    assert_fits(rating)

    note = NoteDialog("agreements_withdraw", tab.widget, who=NAMES)
    show(qtbot, note)
    assert_fits(note)


def test_fresh_password_error_sits_under_that_partners_field(qtbot, window, waiting) -> None:
    from ui.widgets.fresh_password import FreshPasswordDialog, _NotTheirs

    tab = tab_for(qtbot, window)
    dialog = FreshPasswordDialog(tab.ctx, (1, 2), text("agreements_export", "consent_password"),
                                 tab.widget)
    show(qtbot, dialog)
    dialog._failed(_NotTheirs(2))
    assert NAMES[2] in dialog.message.text()
    assert right_under(dialog.message, dialog.fields[2].edit)
    assert_fits(dialog)
    dialog._failed(RuntimeError("boom"))
    assert_fits(dialog)


def test_export_shows_a_long_path_whole_and_fits(qtbot, window, waiting) -> None:
    from ui.workbooks.agreements.export_dialog import ExportDialog

    assert len(LONG_PATH) >= 120
    tab = tab_for(qtbot, window, together=False)  # the longest consent note shows
    dialog = ExportDialog(tab.ctx, tab.widget)
    show(qtbot, dialog)
    dialog.target.setText(LONG_PATH)
    settle()
    assert dialog.target.text() == LONG_PATH
    assert dialog.target.toolTip() == LONG_PATH
    if not shows_whole(dialog.target, LONG_PATH):
        shown = [label for label in dialog.findChildren(QLabel) if label.isVisible()
                 and LONG_PATH in label.text().replace("\u200b", "")]
        assert shown, "a path the field cannot show whole is written out in full"
    assert_fits(dialog)

    dialog.password.edit.setText("short")
    dialog.again.edit.setText("short")
    dialog.submit()
    assert dialog.message.text() == explain(ExportPasswordTooShort(8))
    assert right_under(dialog.message, dialog.password.edit)
    assert_fits(dialog)

    dialog.again.edit.setText("shorter")
    dialog.password.edit.setText("")
    dialog.submit()
    assert right_under(dialog.message, dialog.again.edit)

    dialog._done(Path(LONG_PATH))
    assert "Saved to" in dialog.message.text()
    assert_fits(dialog)
    dialog._failed(RuntimeError("boom"))
    assert_fits(dialog)


def test_export_scrolls_its_choices_rather_than_clip_on_a_short_screen(
        qtbot, window, waiting, monkeypatch) -> None:
    """A screen shorter than the dialog (or a larger text size): the choices scroll, and
    what was said and the buttons stay whole and in sight."""
    from ui.widgets import common
    from ui.workbooks.agreements.export_dialog import ExportDialog

    monkeypatch.setattr(common, "_room", lambda window: QSize(860, 360))
    tab = tab_for(qtbot, window, together=False)
    dialog = ExportDialog(tab.ctx, tab.widget)
    show(qtbot, dialog)
    dialog.target.setText(LONG_PATH)
    dialog._failed(RuntimeError("boom"))
    settle()
    assert dialog.height() <= 360
    choices = dialog.findChild(QScrollArea, "exportChoices")
    assert choices.verticalScrollBar().maximum() > 0
    inside = dialog.rect()
    for widget in (dialog.message, *dialog.buttons.buttons()):
        if widget.isVisible():
            where = QRect(widget.mapTo(dialog, QPoint(0, 0)), widget.size())
            assert inside.contains(where), (_name(widget), where, inside)
    assert dialog.message.heightForWidth(dialog.message.width()) <= dialog.message.height()


# -- passwords --------------------------------------------------------------------------


def test_change_password_longest_error_fits(qtbot, window, existing_vault,
                                            monkeypatch) -> None:
    import peewee

    from ui.change_password import ChangePasswordDialog

    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    dialog = ChangePasswordDialog(window.vault, window.session, window.tasks, window)
    show(qtbot, dialog)
    qtbot.keyClicks(dialog.current.edit, "not my password at all")
    qtbot.keyClicks(dialog.new.edit, "fresh spring meadow")
    qtbot.keyClicks(dialog.again.edit, "fresh spring meadow")
    dialog.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    assert "didn't open" in dialog.message.text()
    assert right_under(dialog.message, dialog.current.edit)
    assert_fits(dialog)

    dialog.again.edit.setText("fresh spring meadows")
    dialog.submit()
    assert right_under(dialog.message, dialog.again.edit)

    real = window.vault._database.execute_sql

    def execute_sql(sql, *args, **kwargs):
        if "wal_checkpoint" in sql:
            raise peewee.OperationalError("database or disk is full")
        return real(sql, *args, **kwargs)

    monkeypatch.setattr(window.vault._database, "execute_sql", execute_sql)
    for field, typed in ((dialog.current, PASSWORDS[1]), (dialog.new, "fresh spring meadow"),
                         (dialog.again, "fresh spring meadow")):
        field.edit.setText(typed)
    dialog.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    assert "new password is saved" in dialog.message.text()  # the longest errors.* sentence
    assert_fits(dialog)


def test_recovery_key_field_holds_a_whole_key_and_its_error(qtbot, window,
                                                            existing_vault) -> None:
    from ui.unlock import RecoveryDialog

    window.start()
    dialog = RecoveryDialog(window.vault, window.tasks, window)
    show(qtbot, dialog)
    for raw in existing_vault.recovery_keys.values():
        key = "-".join(format_recovery_key(raw))
        assert shows_whole(dialog.key, key), (dialog.key.width(), key)
    widest = "-".join(["WWWW"] * 8)
    assert shows_whole(dialog.key, widest)
    dialog.key.setText("0000-1111-2222-3333-4444-5555-6666-7777")
    dialog.new.edit.setText("a brand new passphrase")
    dialog.again.edit.setText("a brand new passphrase")
    dialog.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    assert dialog.message.text() == explain(WrongRecoveryKey())
    assert right_under(dialog.message, dialog.key)
    assert_fits(dialog)


# -- other dialogs ----------------------------------------------------------------------


def test_rename_safety_kept_words_and_file_check_fit(qtbot, window, waiting) -> None:
    from ui.file_check import FileCheckDialog
    from ui.kept_words import KeptWordsDialog
    from ui.rename import RenameDialog
    from ui.safety import SafetyDialog

    tab = tab_for(qtbot, window)
    rename = RenameDialog(tab.ctx, window)
    show(qtbot, rename)
    rename.fields[2].setText("")
    rename.submit()
    assert rename.message.text() == text("setup", "names_missing")
    assert right_under(rename.message, rename.fields[2])
    assert_fits(rename)
    rename.message.say(error("needs_both"))
    assert_fits(rename)

    safety = SafetyDialog(window)
    show(qtbot, safety)
    assert_fits(safety)

    words = UnsavedWords(waiting, "Phones at dinner",
                         {"title": "Phones at dinner", "wording": "We leave both phones. " * 12},
                         1)
    kept = KeptWordsDialog([words], NAMES, lambda piece: False, window)
    show(qtbot, kept)
    kept._put_back()
    assert kept.message.text() == text("unsaved_words", "gone")
    assert_fits(kept)

    check = FileCheckDialog(window.session.keyring, window.tasks, window)
    show(qtbot, check)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    check._failed(RuntimeError("boom"))
    assert_fits(check)
    check._done(FileReport(False, ("row 12 missing from index",) * 3, 40,
                           (Damage("agreement", UUID, "words"),)))
    assert_fits(check)


def test_dialogs_refit_when_a_message_appears_after_showing(qtbot, window, waiting) -> None:
    """Shown small first, as a window manager may do: the message still fits."""
    from ui.workbooks.agreements.dialogs import ConfirmDialog

    tab = tab_for(qtbot, window)
    dialog = ConfirmDialog(tab.ctx, current_view(window, waiting), tab.widget)
    show(qtbot, dialog)
    dialog.resize(dialog.minimumWidth(), 120)
    settle()
    dialog._failed(RuntimeError("boom"))
    assert_fits(dialog)
    dialog.message.clear_message()
    settle()
    assert clipped(dialog) == []


# -- pages: setup and unlock ------------------------------------------------------------


@pytest.mark.parametrize("size", [QSize(1400, 900), QSize(900, 600)])
def test_setup_errors_sit_under_their_fields(qtbot, window, size: QSize) -> None:
    from ui.setup import NAMES as NAMES_STEP
    from ui.setup import PASSWORD_1

    window.resize(size)
    window.start()
    page = window.setup_page
    settle()
    page._show(NAMES_STEP)
    page.go_next()  # no names yet
    assert page.message.text() == text("setup", "names_missing")
    settle()
    assert 0 <= gap_below(page.message, page.first_name) < 80 or \
        0 <= gap_below(page.message, page.second_name) < 80
    assert clipped(window) == []

    page.first_name.setText(NAMES[1])
    page.second_name.setText(NAMES[2])
    page.go_next()
    assert page.current() == PASSWORD_1
    step = page.password_steps[1]
    step.password.edit.setText("short")
    step.again.edit.setText("short")
    page.go_next()
    settle()
    assert "at least" in page.message.text()
    assert 0 <= gap_below(page.message, step.password.edit) < 80
    step.password.edit.setText(PASSWORDS[1])
    step.again.edit.setText(PASSWORDS[1] + "x")
    page.go_next()
    settle()
    assert 0 <= gap_below(page.message, step.again.edit) < 80
    assert clipped(window) == []

    # A calm column, and Next close to what it moves on from, not at the screen's foot.
    column = page.next.parentWidget()
    assert column.width() <= 640
    assert gap_below(page.next, step.again.edit) < 200, gap_below(page.next, step.again.edit)


@pytest.mark.parametrize("size", [QSize(1400, 900), QSize(900, 600)])
def test_unlock_error_sits_under_the_password_it_is_about(qtbot, window, existing_vault,
                                                          size: QSize) -> None:
    window.resize(size)
    window.start()
    page = window.unlock_page
    page.both.setChecked(True)
    settle()
    page._failed(WrongPassword("second"))
    settle()
    assert "second password" in page.message.text()
    assert right_under(page.message, page.second.edit)
    assert clipped(window) == []
    assert page.first.width() <= 640
