"""Regenerate the README's screenshots offscreen: ``make screenshots``.

Uses a throwaway vault and the fictional demo couple; nothing real is shown.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from models.demo import demo_couple  # noqa: E402
from models.keys import FAST_TEST_COST, format_recovery_key  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.texts import style_sheet  # noqa: E402


def settle(app: QApplication, window: MainWindow) -> None:
    for _ in range(20):
        app.processEvents()
    window.tasks.wait()
    for _ in range(20):
        app.processEvents()


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="trellis-shots-"))
    QCoreApplication.setOrganizationName("TrellisScreenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work))
    app = QApplication([])
    app.setStyle("Fusion")
    app.setStyleSheet(style_sheet())
    couple = {int(k): v for k, v in demo_couple()["partners"].items()}
    window = MainWindow(work / "shots.vault", cost=FAST_TEST_COST)
    window.resize(960, 640)
    window.show()
    window.start()
    page = window.setup_page
    assert page is not None
    page.first_name.setText(couple[1]["name"])
    page.second_name.setText(couple[2]["name"])
    page.go_next()
    page.go_next()
    for partner in (1, 2):
        step = page.password_steps[partner]
        step.password.edit.setText(couple[partner]["password"])
        step.again.edit.setText(couple[partner]["password"])
        page.go_next()
    settle(app, window)
    window.grab().save(str(folder / "setup-recovery-key.png"))
    for partner in (1, 2):
        assert page._plan is not None
        page.recovery_steps[partner].confirm.setText(
            format_recovery_key(page._plan.recovery_keys[partner])[-1]
        )
        page.go_next()
    page.go_next()
    settle(app, window)
    window.grab().save(str(folder / "home-together.png"))
    window.lock()
    window.unlock_page.both.setChecked(True)
    settle(app, window)
    window.grab().save(str(folder / "unlock.png"))
    window.close()
    print(f"screenshots written to {folder}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
