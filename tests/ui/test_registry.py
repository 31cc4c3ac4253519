"""The workbook registry (#8): the window's tabs are the registry's, in its order and for
the sessions each entry names; one entry that fails never stops the others; and no
workbook is loaded before unlocking."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from tests.ui.conftest import PASSWORDS, unlock_solo, unlock_together
from ui.workbooks import WorkbookContext, registry
from ui.workbooks.agreements import AgreementsTab
from ui.workbooks.damaged import DamagedPart
from ui.workbooks.registry import Workbook

ROOT = Path(__file__).resolve().parents[2]


def tabs(window) -> list[tuple[str, str, str]]:
    """(objectName, tab title, workbook key) of every tab, left to right."""
    bench = window.workbench
    shown = []
    for index in range(bench.count()):
        bench.setCurrentIndex(index)
        shown.append((bench.widget(index).objectName(), bench.tabText(index),
                      bench.current_workbook()))
    return shown


def expected(together: bool) -> list[tuple[str, str, str]]:
    return [(book.object_name, book.label(), book.key) for book in registry.shown_in(together)]


def plain_tab(words: str) -> registry.Workbook:
    """A stand-in workbook, shown only in the sessions given by ``words``."""

    def build(ctx: WorkbookContext) -> QWidget:
        return QLabel(f"{words} {len(ctx.session.partners)}")

    return Workbook(f"{words}Only", ("home", "tab"), f"{words}OnlyTab", build,
                    sessions=words)  # type: ignore[arg-type]


def test_every_workbook_is_named_once_with_a_title_and_a_guide_page() -> None:
    contents = tomllib.loads(
        resources.files("resources").joinpath("guide", "contents.toml").read_text("utf-8"))
    keys = [book.key for book in registry.WORKBOOKS]
    assert keys[0] == "home" and len(set(keys)) == len(keys)
    for book in registry.WORKBOOKS:
        # go_to and the last-tab memory find a tab by this name.
        assert book.object_name == f"{book.key}Tab"
        assert book.label() and not book.label().startswith("[")
        assert book.key in contents["for_tab"], f"F1 has no guide page for {book.key}"
        assert book.sessions in ("together", "alone", "both")


def test_the_tabs_follow_the_registry_together_and_alone(
        qtbot, window, existing_vault, monkeypatch) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    assert tabs(window) == expected(True)
    assert [key for *_, key in tabs(window)] == ["home", "agreements", "consent", "journal",
                                                 "narrative", "needs"]
    window.lock()
    unlock_solo(qtbot, window, PASSWORDS[2])
    assert tabs(window) == expected(False)

    # An entry for one kind of session shows only there, where the registry puts it.
    first, *rest = registry.WORKBOOKS
    monkeypatch.setattr(registry, "WORKBOOKS",
                        (first, plain_tab("together"), *rest, plain_tab("alone")))
    window.lock()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    names = [name for name, *_ in tabs(window)]
    assert names == ["homeTab", "togetherOnlyTab", "agreementsTab", "consentTab", "journalTab",
                     "narrativeTab", "needsTab"]
    assert window.workbench.widget(1).text() == "together 2"
    window.lock()
    unlock_solo(qtbot, window, PASSWORDS[1])
    names = [name for name, *_ in tabs(window)]
    assert names == ["homeTab", "agreementsTab", "consentTab", "journalTab", "narrativeTab",
                     "needsTab", "aloneOnlyTab"]


def test_an_entry_that_cannot_be_built_leaves_the_others_working(
        qtbot, window, existing_vault, monkeypatch) -> None:
    def broken(ctx: WorkbookContext) -> QWidget:
        raise RuntimeError("a bug or damage while building the tab")

    home, *rest = registry.WORKBOOKS
    monkeypatch.setattr(registry, "WORKBOOKS", (
        home, Workbook("broken", ("consent_checkin", "tab"), "brokenTab", broken), *rest))
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])

    bench = window.workbench
    assert [bench.widget(i).objectName() for i in range(bench.count())] == [
        "homeTab", "brokenTabDamaged", "agreementsTab", "consentTab", "journalTab",
        "narrativeTab", "needsTab"]
    stand_in = bench.widget(1)
    assert isinstance(stand_in, DamagedPart)
    bench.setCurrentWidget(stand_in)
    assert bench.current_workbook() == "broken"
    # The others were built as usual, and going to one still works.
    bench.go_to("agreements", "")
    assert isinstance(bench.currentWidget(), AgreementsTab)
    assert bench.current_workbook() == "agreements"
    bench.go_to("broken", "")
    assert bench.currentWidget() is stand_in
    window.lock()
    assert window.session is None and bench.count() == 0


@pytest.mark.usefixtures("existing_vault")
def test_no_workbook_is_loaded_before_unlocking(vault_path: Path, tmp_path: Path) -> None:
    code = (
        "import sys, pathlib; from PySide6.QtWidgets import QApplication; "
        "app = QApplication([]); from ui.main_window import MainWindow; "
        f"w = MainWindow(pathlib.Path({str(vault_path)!r})); w.start(); "
        "loaded = sorted(m for m in ('ui.workbooks.agreements', 'ui.workbooks.consent', "
        "'ui.workbooks.journal', 'ui.home') if m in sys.modules); "
        "print(loaded, w.pages.currentWidget().objectName())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    ).stdout.strip()
    unlock_page = "unlockPage"
    assert out == f"[] {unlock_page}"
