"""A lighter start (#9): before the unlock window's first paint nothing it does not need
is imported (peewee and the models, the PDF libraries, the menus' dialogs, the log
file's handlers) or built (the menus' actions, the other pages); right after it the file
opens, the menus fill in and the log opens, and nothing logged before it is lost."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

import app
from models import vault as vault_module
from models.keys import FAST_TEST_COST
from tests.ui.conftest import PASSWORDS
from ui import texts
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]

# Not needed to show the unlock window: each is imported after its first paint, or when
# first used (argparse and logging come with PySide6 itself; tomllib only on a first
# start, which keeps what it parsed).
DEFERRED = ("tomllib", "peewee", "cryptography", "reportlab", "pypdf", "models.vault",
            "models.ledger", "models.session", "models.db", "ui.workbench", "ui.workbooks",
            "ui.change_password", "ui.setup", "logging.handlers", "json", "secrets", "hashlib",
            "models.keys")

# At the unlock page's first paint: which of DEFERRED are loaded and what the window has
# built; then, once the deferred work ran, the same again.
PROBE = """
import os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

DEFERRED = __DEFERRED__

def report(when):
    window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow")
    print(when, "modules", sorted(m for m in DEFERRED if m in sys.modules), flush=True)
    print(when, "handlers", "logging.handlers" in sys.modules, flush=True)
    print(when, "vault", window.vault is not None, "menus", window._menu_actions is not None,
          "pages", window.pages.count(), flush=True)

class Probe(QObject):
    seen = False
    def eventFilter(self, obj, event):
        if (not self.seen and event.type() == QEvent.Type.Paint
                and obj.objectName() == "unlockPage"):
            self.seen = True
            report("at-paint")
            QTimer.singleShot(200, after)
        return False

def after():
    report("after")
    os._exit(0)

probe = Probe()
run = QApplication.exec
def watched(self):
    self.installEventFilter(probe)
    return run()
QApplication.exec = watched
import app
app.main(["--vault", sys.argv[1]])
""".replace("__DEFERRED__", repr(DEFERRED))


def start_trellis(tmp_path: Path, name: str = "trellis") -> tuple[str, Path]:
    """Run ``app.main`` on a new vault in a child with a private home: what PROBE saw."""
    path = tmp_path / "vault" / f"{name}.vault"
    plan = vault_module.prepare_setup({1: "A", 2: "B"}, {1: "a" * 12, 2: "b" * 12},
                                      FAST_TEST_COST)
    vault_module.Vault.create(path, plan).close()
    home = tmp_path / "home"
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(home), "QT_QPA_PLATFORM": "offscreen",
           "XDG_STATE_HOME": str(home / "state"), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROBE, str(path)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    return done.stdout + done.stderr[-2000:], home


def test_nothing_the_unlock_window_does_not_need_is_loaded_before_it_paints(
        tmp_path: Path) -> None:
    seen, _ = start_trellis(tmp_path)
    # A first start parses the words (and keeps them for the next).
    assert "at-paint modules ['tomllib']" in seen, seen
    # Only the unlock page is built; the file, the menus' actions and the other pages wait.
    assert "at-paint vault False menus False pages 1" in seen, seen
    assert "after vault True menus True pages 1" in seen, seen
    assert "'peewee'" in seen.partition("after modules")[2], seen


def test_a_second_start_reads_the_words_without_tomllib(tmp_path: Path) -> None:
    start_trellis(tmp_path)
    seen, home = start_trellis(tmp_path, "second")
    assert "'tomllib'" not in seen.partition("at-paint modules")[2].partition("\n")[0], seen
    assert list(home.rglob("texts.toml.marshal"))


def test_the_log_opens_after_the_first_paint_and_keeps_what_came_before(tmp_path: Path) -> None:
    seen, home = start_trellis(tmp_path)
    assert "at-paint handlers False" in seen, seen
    assert "after handlers True" in seen, seen
    logs = list(home.rglob("trellis.log"))
    assert logs and "starting Trellis" in logs[0].read_text("utf-8")


def test_records_kept_before_the_log_opens_are_written_first(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        log_file, open_log = app.log_later(tmp_path)
        logging.getLogger("trellis").info("kept for later")
        assert not log_file.exists()
        open_log()
        open_log()  # once only
        for handler in root.handlers:
            handler.flush()
        assert log_file.read_text("utf-8").count("kept for later") == 1
    finally:
        for handler in list(root.handlers):
            if handler not in before:
                root.removeHandler(handler)
                handler.close()


def test_the_usual_start_is_read_without_argparse() -> None:
    assert app.quick_args([]).vault is None
    assert app.quick_args(["--vault", "/tmp/x.vault"]).vault == Path("/tmp/x.vault")
    assert app.quick_args(["--vault=/tmp/y.vault"]).vault == Path("/tmp/y.vault")
    for other in (["--demo"], ["--vault"], ["--vault", "--demo"], ["--check", "--vault", "x"],
                  ["--version"]):
        assert app.quick_args(other) is None


# The same start in this process (MainWindow.start_soon, as app.main calls it).


@pytest.fixture
def soon(qtbot, vault_path: Path) -> MainWindow:
    win = MainWindow(vault_path, cost=FAST_TEST_COST)
    qtbot.addWidget(win)
    win.resize(900, 640)
    yield win
    win.tasks.wait()
    win.close()


def test_the_file_opens_right_after_the_unlock_page_first_paints(
        qtbot, soon: MainWindow, existing_vault) -> None:
    soon.show()
    soon.start_soon()
    assert soon.vault is None and soon.pages.currentWidget() is soon.unlock_page
    assert soon.lock_action is not None  # the menus are built when asked for, too
    qtbot.waitUntil(lambda: soon.vault is not None)
    assert soon.pages.currentWidget() is soon.unlock_page
    qtbot.keyClicks(soon.unlock_page.first.edit, PASSWORDS[1])
    qtbot.keyClick(soon.unlock_page.first.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: soon.session is not None, timeout=10000)


def test_a_key_typed_before_the_file_opened_opens_it_and_stays_typed(
        qtbot, soon: MainWindow, existing_vault) -> None:
    soon.start_soon()  # not shown yet: no paint comes
    field = soon.unlock_page.first.edit
    qtbot.keyClicks(field, PASSWORDS[1][:4])
    assert soon.vault is not None
    assert field.text() == PASSWORDS[1][:4]
    qtbot.keyClicks(field, PASSWORDS[1][4:])
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: soon.session is not None, timeout=10000)


def test_a_file_that_does_not_open_puts_the_notice_in_the_pages_place(
        qtbot, soon: MainWindow, vault_path: Path) -> None:
    vault_path.parent.mkdir(parents=True)
    vault_path.write_bytes(b"not a workbook file at all" * 100)
    soon.show()
    soon.start_soon()
    qtbot.waitUntil(lambda: soon.pages.currentWidget() is soon.notice)
    assert soon.vault is None


def test_no_file_yet_starts_setup_at_once(soon: MainWindow) -> None:
    soon.start_soon()
    assert soon.setup_page is not None and soon.pages.currentWidget() is soon.setup_page


def test_texts_are_read_per_file_when_first_asked_for(monkeypatch) -> None:
    read: list[str] = []
    original = texts.resource_toml.__wrapped__
    monkeypatch.setattr(texts, "resource_toml", lambda name: read.append(name) or original(name))
    texts._section.cache_clear()
    try:
        texts.text("unlock", "unlock")
        assert read == ["texts.toml"]
        texts.text("agreements", "tab")
        assert read[-1] == "ui_agreements.toml" and "ui_journal.toml" not in read
    finally:
        texts._section.cache_clear()


def test_no_section_is_in_two_text_files() -> None:
    seen: dict[str, str] = {}
    for name in texts.TEXT_FILES:
        for section in texts.resource_toml(name):
            assert section not in seen, f"[{section}] in {seen.get(section)} and {name}"
            seen[section] = name


def test_kept_words_are_used_only_while_their_file_is_unchanged(tmp_path: Path) -> None:
    source, kept = tmp_path / "words.toml", tmp_path / "cache"
    source.write_text('[a]\nb = "first"\n', "utf-8")
    assert texts.parsed_toml(source, kept) == {"a": {"b": "first"}}
    assert (kept / "words.toml.marshal").exists()
    source.write_text('[a]\nb = "second, longer"\n', "utf-8")
    assert texts.parsed_toml(source, kept) == {"a": {"b": "second, longer"}}
    (kept / "words.toml.marshal").write_bytes(b"not what was kept")
    assert texts.parsed_toml(source, kept) == {"a": {"b": "second, longer"}}
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("x")
    assert texts.parsed_toml(source, blocked) == {"a": {"b": "second, longer"}}
