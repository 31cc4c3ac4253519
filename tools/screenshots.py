"""Regenerate the README's screenshots offscreen: ``make screenshots``.

Uses a throwaway vault and the fictional demo couple; nothing real is shown.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from models.demo import create_demo_vault, demo_couple  # noqa: E402
from models.keys import FAST_TEST_COST  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.texts import style_sheet  # noqa: E402


def settle(app: QApplication, window: MainWindow) -> None:
    for _ in range(20):
        app.processEvents()
    window.tasks.wait()
    for _ in range(20):
        app.processEvents()


def shoot_setup(app: QApplication, work: Path, folder: Path) -> None:
    couple = {int(k): v for k, v in demo_couple()["partners"].items()}
    window = MainWindow(work / "setup.vault", cost=FAST_TEST_COST)
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
    window.tasks.wait()
    window.close()


def shoot_demo(app: QApplication, work: Path, folder: Path) -> None:
    path = work / "demo.vault"
    people = create_demo_vault(path, FAST_TEST_COST)
    window = MainWindow(path, cost=FAST_TEST_COST)
    window.resize(960, 640)
    window.show()
    window.start()
    page = window.unlock_page
    page.both.setChecked(True)
    page.first.edit.setText(people[1][1])
    page.second.edit.setText(people[2][1])
    page.submit()
    settle(app, window)
    assert window.session is not None and window.session.together
    window.grab().save(str(folder / "home-together.png"))
    window.workbench.setCurrentIndex(1)
    settle(app, window)
    # The agreement with a change proposed beside its agreed words says the most.
    tab = window.workbench.currentWidget()
    changing = next((v for v in getattr(tab, "views", []) if v.pending_change), None)
    if changing is not None:
        tab.list.select(changing.uuid)
        settle(app, window)
    window.grab().save(str(folder / "agreements.png"))
    window.workbench.setCurrentIndex(2)
    settle(app, window)
    window.grab().save(str(folder / "consent.png"))
    shoot_pdf(window, work, folder, {p: people[p][1] for p in (1, 2)})
    window.lock()
    page.both.setChecked(True)
    settle(app, window)
    window.grab().save(str(folder / "unlock.png"))
    window.close()


def shoot_pdf(window: MainWindow, work: Path, folder: Path, passwords: dict[int, str]) -> None:
    """Export the demo agreements and render their second page, where they begin."""
    from exports.agreements import export_agreements, gather

    assert window.session is not None and window.vault is not None
    data = gather(window.session.keyring, window.session.names, prepared_on=date.today(),
                  session_on=None, include_history=True,
                  consent_proofs=[window.vault.check_password(p, passwords[p])
                                  for p in (1, 2)])
    pdf = export_agreements(work / "agreements.pdf", data)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found (Debian: poppler-utils): PDF page not rendered")
        return
    subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "2", "-l", "2", "-singlefile",
                    str(pdf), str(folder / "agreements-pdf-page")], check=True)


def main(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="trellis-shots-"))
    QCoreApplication.setOrganizationName("TrellisScreenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work))
    app = QApplication([])
    app.setStyle("Fusion")
    app.setStyleSheet(style_sheet())
    shoot_setup(app, work, folder)
    shoot_demo(app, work, folder)
    shutil.rmtree(work, ignore_errors=True)
    print(f"screenshots written to {folder}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
