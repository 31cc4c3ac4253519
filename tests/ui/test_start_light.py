"""A lighter start (#9): the log file opens after the unlock window's first paint, and
nothing logged before it is lost."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import app
from models import vault as vault_module
from models.keys import FAST_TEST_COST

ROOT = Path(__file__).resolve().parents[2]

# At the unlock page's first paint: which modules are loaded; then, once the deferred
# work ran, whether the log file holds the first record.
PROBE = """
import os, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

class Probe(QObject):
    seen = False
    def eventFilter(self, obj, event):
        if (not self.seen and event.type() == QEvent.Type.Paint
                and obj.objectName() == "unlockPage"):
            self.seen = True
            print("handlers-at-paint", "logging.handlers" in sys.modules, flush=True)
            QTimer.singleShot(200, after)
        return False

def after():
    print("handlers-after", "logging.handlers" in sys.modules, flush=True)
    os._exit(0)

probe = Probe()
run = QApplication.exec
def watched(self):
    self.installEventFilter(probe)
    return run()
QApplication.exec = watched
import app
app.main(["--vault", sys.argv[1]])
"""


def test_the_log_opens_after_the_first_paint_and_keeps_what_came_before(tmp_path: Path) -> None:
    path = tmp_path / "vault" / "trellis.vault"
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
    assert "handlers-at-paint False" in done.stdout, done.stdout + done.stderr[-2000:]
    assert "handlers-after True" in done.stdout, done.stdout + done.stderr[-2000:]
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
