"""Preferences (#7): the idle lock, the theme and the text size; saving applies them
live in every window and remembers them."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from ui import settings, theme
from ui.preferences import PreferencesDialog

# The QApplication outlives each file: every test here gives its look back.
pytestmark = pytest.mark.usefixtures("plain_look_afterwards")


def test_preferences_suffix_follows_the_minutes(qtbot) -> None:
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    dialog.idle_minutes.setValue(1)
    assert dialog.idle_minutes.text() == "1 quiet minute"
    dialog.idle_minutes.setValue(2)
    assert dialog.idle_minutes.text() == "2 quiet minutes"


def test_preferences_save_applies_the_look_live_and_remembers_it(qtbot, qapp, window) -> None:
    theme.apply_theme(qapp, "light", "normal")
    window.preferences_action.trigger()
    dialog = window.findChild(PreferencesDialog, "preferencesDialog")
    qtbot.waitExposed(dialog)
    assert dialog.theme.currentData() == "system"
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.text_size.setCurrentIndex(dialog.text_size.findData("large"))
    dialog.idle_minutes.setValue(3)
    save = dialog.findChild(QWidget, "preferencesSubmit")
    save.click()
    assert window.palette().window().color().lightness() < 80, "the open window is dark now"
    assert qapp.font().pointSize() == theme.TEXT_SIZES["large"]
    assert (settings.THEME.get(), settings.TEXT_SIZE.get()) == ("dark", "large")
    assert settings.IDLE_LOCK_MINUTES.get() == 3
    assert window.idle.interval_ms() == 3 * 60_000

    again = PreferencesDialog()
    qtbot.addWidget(again)
    assert (again.theme.currentData(), again.text_size.currentData()) == ("dark", "large")


def test_cancel_changes_nothing(qtbot, qapp) -> None:
    theme.apply_theme(qapp, "light", "normal")
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.findChild(QWidget, "preferencesCancel").click()
    assert qapp.palette().window().color().lightness() > 200
    assert settings.THEME.get() == "system"


def test_every_choice_has_a_label_that_names_it(qtbot) -> None:
    dialog = PreferencesDialog()
    qtbot.addWidget(dialog)
    for field in (dialog.idle_minutes, dialog.theme, dialog.text_size):
        labels = [label for label in dialog.findChildren(QLabel) if label.buddy() is field]
        assert labels and field.accessibleName() == labels[0].text()


def test_app_starts_with_the_remembered_look(tmp_path) -> None:
    """app.py reads the theme and text size from QSettings before the window shows."""
    import subprocess
    import sys
    from pathlib import Path

    config = tmp_path / "config" / "Trellis"
    config.mkdir(parents=True)
    (config / "Trellis.conf").write_text("[look]\ntheme=dark\ntext_size=larger\n")
    code = (
        "import sys, app; from PySide6.QtWidgets import QApplication; "
        "QApplication.exec = lambda *_: print(QApplication.palette().window().color()"
        ".lightness(), QApplication.font().pointSize()) or 0; "
        f"sys.exit(app.main(['--vault', {str(tmp_path / 'none.vault')!r}]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[2],
        capture_output=True, text=True, timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
             "XDG_CONFIG_HOME": str(tmp_path / "config")},
    )
    assert out.returncode == 0, out.stderr
    lightness, points = map(int, out.stdout.split())
    assert lightness < 80 and points == theme.TEXT_SIZES["larger"]
