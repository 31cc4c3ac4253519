"""One look (#7): themes, text sizes, frames and focus rings that can be seen, plurals in
one place, the window title and the last tab."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout, QWidget

from models.keys import FAST_TEST_COST
from tests.ui.conftest import NAMES, PASSWORDS, unlock_solo, unlock_together
from ui import settings, texts, theme
from ui.main_window import MainWindow
from ui.texts import counted, text
from ui.widgets.common import submit_cancel

# The QApplication outlives each file: every test here gives its look back.
pytestmark = pytest.mark.usefixtures("plain_look_afterwards")


def distance(a: QColor, b: QColor) -> int:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def shown(qtbot, widget: QWidget) -> None:
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)


# plurals


def test_counted_phrases_for_one_and_two() -> None:
    assert counted("status", "locked_after_idle", 1, minutes=1) == (
        "Trellis locked itself after a quiet minute.")
    assert counted("status", "locked_after_idle", 2, minutes=2) == (
        "Trellis locked itself after 2 quiet minutes.")
    assert counted("unlock", "wait", 1, seconds=1).endswith("in 1 second.")
    assert counted("unlock", "wait", 2, seconds=2).endswith("in 2 seconds.")
    assert counted("preferences", "minutes_suffix", 1) == " quiet minute"
    assert counted("preferences", "minutes_suffix", 2) == " quiet minutes"


def test_counted_reads_a_sub_table_too(monkeypatch) -> None:
    words = {"s": {"pages": {"one": "{count} page for {who}", "other": "{count} pages for {who}"}}}
    monkeypatch.setattr(texts, "_section", lambda section: words[section])
    assert counted("s", "pages", 1, who="us") == "1 page for us"
    assert counted("s", "pages", 2, who="us") == "2 pages for us"
    assert counted("s", "pages", 0, who="us") == "0 pages for us"


def test_idle_lock_after_one_minute_says_minute(qtbot, window, existing_vault) -> None:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    window.apply_idle_minutes(1)
    window.idle.idle.emit()
    assert window.session is None
    assert window.status.text() == "Trellis locked itself after a quiet minute."


# themes and text sizes


def test_every_place_in_the_style_sheet_is_filled() -> None:
    for name in theme.THEMES:
        for size in theme.TEXT_SIZES:
            sheet = theme.style_sheet(name, size)
            assert not re.search(r"\{\w+\}", sheet), (name, size)
            for url in re.findall(r'url\("([^"]+)"\)', sheet):
                assert Path(url).is_file(), url


def test_dark_theme_darkens_the_palette_and_light_lightens_it(qapp) -> None:
    theme.apply_theme(qapp, "dark", "normal")
    assert qapp.palette().window().color().lightness() < 80
    assert qapp.palette().windowText().color().lightness() > 180
    theme.apply_theme(qapp, "light", "normal")
    assert qapp.palette().window().color().lightness() > 200
    qapp.setStyleSheet("")  # under a style sheet the style does not say its name
    assert qapp.style().name().lower() == "fusion"


def test_system_theme_follows_the_platform_scheme(qapp, monkeypatch) -> None:
    monkeypatch.setattr(theme, "_system_is_dark", lambda: True)
    theme.apply_theme(qapp, "system", "normal")
    assert qapp.palette().window().color().lightness() < 80
    monkeypatch.setattr(theme, "_system_is_dark", lambda: False)
    theme._system_changed(qapp)  # the desktop switched to light
    assert qapp.palette().window().color().lightness() > 200


def test_text_size_steps_change_the_app_font(qtbot, qapp) -> None:
    sizes = []
    for size in theme.TEXT_SIZES:
        theme.apply_theme(qapp, "light", size)
        sizes.append(qapp.font().pointSize())
    assert len(sizes) >= 3 and sizes == sorted(set(sizes))
    theme.apply_theme(qapp, "light", "normal")
    assert qapp.font().pointSize() == theme.TEXT_SIZES["normal"]


def test_a_live_window_takes_the_new_theme_and_size(qtbot, qapp) -> None:
    theme.apply_theme(qapp, "light", "normal")
    window = QDialog()
    qtbot.addWidget(window)
    edit = QLineEdit(window)
    shown(qtbot, window)
    before = edit.font().pointSize()
    theme.apply_theme(qapp, "dark", "larger")
    assert window.palette().window().color().lightness() < 80
    assert edit.font().pointSize() > before


# what can be seen: frames and focus rings


def dialog_with_buttons(qtbot) -> tuple[QDialog, QWidget, QWidget, QLineEdit, QLineEdit]:
    dialog = QDialog()
    qtbot.addWidget(dialog)
    first, second = QLineEdit(), QLineEdit()
    box = submit_cancel(dialog, "look", "Save", "Cancel")
    layout = QVBoxLayout(dialog)
    layout.setContentsMargins(20, 20, 20, 20)
    layout.addWidget(first)
    layout.addWidget(second)
    layout.addWidget(box)
    shown(qtbot, dialog)
    return dialog, box.buttons()[0], box.buttons()[1], first, second


def left_edge(image: QImage, widget: QWidget) -> tuple[QColor, QColor]:
    """The colour on a widget's left border, halfway down, and just outside it."""
    top_left = widget.mapTo(widget.window(), widget.rect().topLeft())
    y = top_left.y() + widget.height() // 2
    return image.pixelColor(top_left.x(), y), image.pixelColor(top_left.x() - 4, y)


@pytest.mark.parametrize("name", ["light", "dark"])
def test_buttons_have_a_frame_that_stands_out(qtbot, qapp, name) -> None:
    theme.apply_theme(qapp, name, "normal")
    dialog, ok, cancel, _first, _second = dialog_with_buttons(qtbot)
    assert ok.isDefault() or cancel.isDefault()
    image = dialog.grab().toImage()
    for button in (ok, cancel):
        border, background = left_edge(image, button)
        assert distance(border, background) > 60, (button.text(), border.name(),
                                                   background.name())


@pytest.mark.parametrize("name", ["light", "dark"])
def test_focused_field_has_a_ring_that_stands_out(qtbot, qapp, name) -> None:
    theme.apply_theme(qapp, name, "normal")
    dialog, _ok, _cancel, first, second = dialog_with_buttons(qtbot)
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    image = dialog.grab().toImage()
    focused, background = left_edge(image, first)
    unfocused, _ = left_edge(image, second)
    assert distance(focused, unfocused) > 60, (focused.name(), unfocused.name())
    assert distance(focused, background) > 60
    assert distance(unfocused, background) > 40, "an unfocused field has a border too"


# the window: title, last tab, size


def test_title_follows_lock_unlock_pause_and_another_file(qtbot, window, existing_vault,
                                                          tmp_path) -> None:
    window.start()
    assert window.windowTitle() == text("app", "title_locked")
    unlock_solo(qtbot, window, PASSWORDS[2])
    assert window.windowTitle() == text("app", "title_solo", name=NAMES[2])
    window.lock()
    assert window.windowTitle() == text("app", "title_locked")
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    assert window.windowTitle() == text("app", "title_together", first=NAMES[1],
                                        second=NAMES[2])
    window.pause()
    assert window.windowTitle() == text("app", "title_paused")
    window.pause_page.resume.emit()
    assert window.windowTitle() == text("app", "title_locked")

    unlock_solo(qtbot, window, PASSWORDS[1])
    window.vault_path = tmp_path / "elsewhere" / "new.vault"  # File → open another file
    window.start()
    assert window.session is None
    assert window.windowTitle() == text("setup", "window_title")
    damaged = tmp_path / "damaged.vault"
    damaged.write_bytes(b"not a workbook file at all" * 100)
    window.vault_path = damaged
    window.start()
    assert window.pages.currentWidget() is window.notice
    assert window.windowTitle() == text("app", "title")


def test_the_last_tab_comes_back_after_locking(qtbot, window, existing_vault) -> None:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    assert window.workbench.currentWidget().objectName() == "homeTab"
    window.workbench.setCurrentWidget(window.workbench.findChild(QWidget, "agreementsTab"))
    window.lock()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    assert window.workbench.currentWidget().objectName() == "agreementsTab"
    window.workbench.setCurrentWidget(window.workbench.findChild(QWidget, "consentTab"))
    window.idle.idle.emit()  # any lock keeps it
    assert window.session is None
    unlock_solo(qtbot, window, PASSWORDS[2])
    assert window.workbench.currentWidget().objectName() == "consentTab"
    assert settings.LAST_TAB.get() == "consentTab"


def test_window_size_comes_back_in_a_new_window(qtbot, vault_path, existing_vault) -> None:
    first = MainWindow(vault_path, cost=FAST_TEST_COST)
    qtbot.addWidget(first)
    first.show()
    first.resize(730, 530)  # within the offscreen screen (800×600)
    qtbot.waitUntil(lambda: first.size().width() == 730)
    first.close()
    assert settings.WINDOW_GEOMETRY.get()
    second = MainWindow(vault_path, cost=FAST_TEST_COST)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (730, 530)
    assert second.restoreGeometry(QByteArray.fromBase64(settings.WINDOW_GEOMETRY.get().encode()))
