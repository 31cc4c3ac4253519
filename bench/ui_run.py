"""One child process that drives the real Trellis window offscreen on one vault and
prints its raw timings as one JSON line (``python -m bench.ui_run VAULT``).

Each step is what a person does: type the password and press Return, type in the
agreements search, change an agreement's title (autosave), answer consent items in the
private answers dialog, export the agreements PDF from its dialog. A step that fails
records its error and the others still run. The vault uses the fast test key
derivation, so the unlock time is what comes after the derivation, and the peak RSS
is what Trellis itself holds.

Each step has a time limit (``--step-limit``, 300 s): a step still running then is
recorded as a timeout, the result so far is printed, and the child ends, so one slow
step never hangs ``make bench``; the parent runs the steps after it again without it
(``--skip``). ``--memory`` adds what Python holds (tracemalloc, by file) at each
checkpoint to the JSON, for finding where the memory goes (it slows every step).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import threading
import time
import traceback
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QPushButton, QWidget

from bench import real_kdf
from bench.child_peaks import ChildPeaks
from bench.vaults import PASSWORDS

# Typed into the search field, one key at a time; "\b" is Backspace.
SEARCH_KEYS = "listen" + "\b" * 6 + "agreement 12" + "\b" * 12 + "honest pause" + "\b" * 12


class PaintClock(QObject):
    """Remembers when a widget last painted."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.last = 0.0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Paint:
            self.last = time.perf_counter()
        return False


class StallClock(QObject):
    """A timer ticking every 5 ms on the GUI thread; the largest gap between two ticks
    is the longest the GUI could not answer."""

    def __init__(self) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.largest = 0.0
        self.ticks = 0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.largest = 0.0
        self.ticks = 0
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.largest = max(self.largest, now - self.last)
        self.last = now
        self.ticks += 1

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.largest


def wait_until(done: Callable[[], bool], timeout: float) -> bool:
    """Run the event loop until ``done()`` or the timeout; True when done."""
    if done():
        return True
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(2)
    poll.timeout.connect(lambda: loop.quit() if done() else None)
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(loop.quit)
    poll.start()
    give_up.start(int(timeout * 1000))
    loop.exec()
    poll.stop()
    give_up.stop()
    return done()


def settle() -> None:
    app = QApplication.instance()
    assert app is not None
    for _ in range(2):
        app.processEvents()


def rss_now_mib() -> float:
    """This process's resident memory now (VmRSS), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mib() -> float:
    """This process's own peak RSS. (getrusage's ru_maxrss keeps the parent's peak
    across fork and exec, so a parent that derived a key would count here.)"""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


class Run:
    """The steps, in the order a person takes them; each fills ``self.out``."""

    def __init__(self, vault: Path, samples: int, limit: float = 300.0,
                 memory: bool = False) -> None:
        from models.keys import FAST_TEST_COST
        from ui import settings
        from ui.main_window import MainWindow
        from ui.theme import apply_theme

        self.folder = Path(tempfile.mkdtemp(prefix="trellis-bench-ui-"))
        self.samples = samples
        self.limit = limit
        self.memory = memory
        self.out: dict[str, Any] = {"errors": {}, "timeouts": [], "rss": {}}
        self.children = ChildPeaks()
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.app = app
        apply_theme(app, settings.THEME.get(), settings.TEXT_SIZE.get())
        settings.LAST_TAB.set("agreementsTab")
        self.window = MainWindow(vault, cost=FAST_TEST_COST)
        self.window.resize(1200, 800)
        self.window.show()
        self.window.start()
        settle()

    def step(self, name: str, work: Callable[[], None]) -> None:
        watchdog = threading.Timer(self.limit, self.timed_out, (name,))
        watchdog.daemon = True
        watchdog.start()
        try:
            work()
        except Exception as error:  # noqa: BLE001 (one broken step never hides the rest)
            self.out["errors"][name] = "".join(
                traceback.format_exception_only(type(error), error)).strip()
            traceback.print_exc(file=sys.stderr)
        finally:
            watchdog.cancel()

    def timed_out(self, name: str) -> None:
        """On the watchdog's thread: the step ``name`` ran past the limit (often held in
        one call on the GUI thread, which nothing can interrupt). Say so and end here."""
        self.out["timeouts"].append(name)
        print(json.dumps(self.finish()), flush=True)
        os._exit(0)

    def checkpoint(self, name: str) -> None:
        """Resident memory now and at its peak (and with ``--memory`` the 12 files whose
        Python objects hold the most) after the step ``name``."""
        self.out["rss"][name] = [round(rss_now_mib(), 1), round(peak_rss_mib(), 1)]
        if self.memory:
            top = tracemalloc.take_snapshot().statistics("filename")[:12]
            self.out.setdefault("python_memory", {})[name] = [
                [str(stat.traceback[0].filename).replace(str(Path.cwd()), "."),
                 round(stat.size / 2**20, 1)] for stat in top]

    # unlock → Agreements tab painted

    def unlock(self) -> None:
        page = self.window.unlock_page
        page.one.setChecked(True)
        page.first.edit.setText(PASSWORDS[1])
        painted: dict[str, float] = {}

        class FirstRows(QObject):
            """The first paint of the agreements list with rows in it."""

            def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
                if (event.type() == QEvent.Type.Paint and "t" not in painted
                        and isinstance(watched, QWidget)):
                    parent = watched.parentWidget()
                    if (parent is not None and parent.objectName() == "agreementList"
                            and parent.model().rowCount() > 0):  # type: ignore[attr-defined]
                        painted["t"] = time.perf_counter()
                return False

        watcher = FirstRows()
        self.app.installEventFilter(watcher)
        start = time.perf_counter()
        QTest.keyClick(page.first.edit, Qt.Key.Key_Return)
        ok = wait_until(lambda: "t" in painted, 600)
        self.app.removeEventFilter(watcher)
        if not ok:
            raise RuntimeError("the agreements list never painted with rows")
        self.out["unlock_to_agreements"] = painted["t"] - start
        self.out["rss_after_unlock"] = peak_rss_mib()
        load = getattr(self.tab("agreementsTab"), "load", None)  # older ones, on a worker
        wait_until(lambda: load is None or not getattr(load, "loading", False), 600)
        self.checkpoint("agreements")

    def tab(self, name: str) -> QWidget:
        page = self.window.workbench.findChild(QWidget, name)
        if page is None:
            raise RuntimeError(f"no {name}")
        self.window.workbench.setCurrentWidget(page)
        settle()
        return page

    # search as you type

    def search(self) -> None:
        tab = self.tab("agreementsTab")
        field = tab.findChild(QLineEdit, "agreementSearch")
        listing = tab.findChild(QWidget, "agreementList")
        assert field is not None and listing is not None
        clock = PaintClock(listing.viewport())  # type: ignore[attr-defined]
        field.setFocus()
        settle()
        times = []
        for key in SEARCH_KEYS:
            start = time.perf_counter()
            if key == "\b":
                QTest.keyClick(field, Qt.Key.Key_Backspace)
            else:
                QTest.keyClicks(field, key)
            settle()
            end = clock.last if clock.last > start else time.perf_counter()
            times.append(end - start)
        self.out["search"] = times

    # autosave

    def autosave(self) -> None:
        tab = self.tab("agreementsTab")
        drafts = [v for v in tab.views if v.status == "draft"]  # type: ignore[attr-defined]
        if not drafts:
            raise RuntimeError("no draft to edit")
        tab.list.select(drafts[len(drafts) // 2].uuid)  # type: ignore[attr-defined]
        settle()
        editor = tab.editor  # type: ignore[attr-defined]
        times = []
        for i in range(self.samples):
            QTest.keyClicks(editor.title, "xyz"[i % 3])
            start = time.perf_counter()
            editor.flush()  # what the autosave timer calls when typing stops
            settle()
            times.append(time.perf_counter() - start)
        self.out["autosave"] = times

    # a consent answer

    def consent(self) -> None:
        tab = self.tab("consentTab")
        button = tab.findChild(QPushButton, "consentAnswer")
        assert button is not None
        # The whole list first (its rest is read on a worker), so the dialog opens
        # with every item, not just a first page.
        loader = getattr(tab, "loader", None)
        if not wait_until(lambda: loader is None or not loader.loading, 600):
            raise RuntimeError("the consent list never finished opening")
        self.checkpoint("consent tab")
        start = time.perf_counter()
        button.click()
        if not wait_until(lambda: getattr(tab, "answer_dialog", None) is not None, 600):
            raise RuntimeError("the answers dialog did not open")
        dialog = tab.answer_dialog  # type: ignore[attr-defined]
        settle()
        self.out["consent_dialog_open"] = time.perf_counter() - start
        values = ("yes", "maybe", "not_now", "no")
        times = []
        for i in range(self.samples):
            # Choose item i in the table (its row opens in the editor below), then time
            # the click on an answer: saving it, the row and the shared page updated.
            dialog.show_item(dialog.items[i].uuid)
            settle()
            choice = None
            for value in values[i % 4:] + values[:i % 4]:
                choice = dialog.findChild(QAbstractButton, f"consentAnswer_{value}")
                if choice is not None and not choice.isChecked():
                    break
            if choice is None:
                raise RuntimeError(f"no answer button for item {i}")
            start = time.perf_counter()
            choice.click()
            settle()
            times.append(time.perf_counter() - start)
        self.out["consent_answer"] = times
        self.checkpoint("answers dialog")
        dialog.reject()
        settle()

    # export: the GUI's longest stall, and the time to the saved file

    def export(self) -> None:
        tab = self.tab("agreementsTab")
        button = tab.findChild(QPushButton, "agreementExport")
        assert button is not None
        button.click()
        settle()
        from ui.workbooks.agreements.export_dialog import ExportDialog

        dialog = self.window.findChild(ExportDialog, "exportDialog")
        if dialog is None:
            raise RuntimeError("no export dialog")
        target = self.folder / "agreements.pdf"
        dialog.findChild(QLineEdit, "exportTarget").setText(str(target))  # type: ignore[union-attr]
        submit = dialog.findChild(QPushButton, "exportSubmit")
        assert submit is not None
        stall = StallClock()
        stall.start()
        wait_until(lambda: stall.ticks >= 5, 1)  # the clock runs before the press
        start = time.perf_counter()
        submit.click()

        def ended() -> bool:
            self.children.sample()
            return dialog.saved_path is not None or (
                not self.window.tasks.busy and not dialog.progress.isVisible())

        finished = wait_until(ended, 1200)
        seconds = time.perf_counter() - start
        self.out["export_stall"] = stall.stop()
        if not finished or dialog.saved_path is None:
            raise RuntimeError("the export did not finish")
        self.out["export_dialog_seconds"] = seconds
        dialog.reject()
        settle()
        self.checkpoint("export")

    # the PDF itself, without Qt ticking beside it

    def pdf(self) -> None:
        """The PDF as the app makes it, in the export's child process (the window's
        process never lays one out), timed from the child saying it has read everything
        to the file in place: the layout and writing the floor times too."""
        import datetime as dt

        from pypdf import PdfReader

        from exports import agreements as export
        from exports import in_child

        session = self.window.session
        assert session is not None
        target = self.folder / "direct.pdf"
        order = export.ExportOrder(
            vault=self.window.vault.path.absolute(),  # type: ignore[union-attr]
            workbook_key=session.keyring.workbook_key(),
            names={p: session.name_of(p) for p in (1, 2)}, prepared_on=dt.date.today(),
            session_on=None, include_history=False, target=target)
        moments: dict[str, float] = {}

        def placed(fraction: float) -> None:
            if fraction >= 1.0:  # write_pdf says 1.0 once the file is in place
                moments.setdefault("placed", time.perf_counter())

        in_child.run(export.export_from_vault, order, writes=target, progress=placed,
                     step=lambda name: moments.setdefault(name, time.perf_counter()))
        self.out["pdf_seconds"] = moments["placed"] - moments["gathered"]
        self.out["pdf_pages"] = len(PdfReader(str(target)).pages)
        tab = self.tab("agreementsTab")
        self.out["pdf_agreements"] = sum(1 for v in tab.views  # type: ignore[attr-defined]
                                         if v.status != "draft")

    def window_done(self) -> None:
        """What the app itself held at its peak, before the bench's own direct PDF build
        (``pdf``): this process's peak, and the export child's own (read from /proc
        while it ran, :class:`ChildPeaks`)."""
        self.out["peak_rss"] = peak_rss_mib()
        self.out["export_child_peak_rss"] = round(self.children.peak, 1)

    def finish(self) -> dict[str, Any]:
        if "peak_rss" not in self.out:
            self.window_done()
        return self.out


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.ui_run")
    parser.add_argument("vault", type=Path)
    parser.add_argument("samples", type=int, nargs="?", default=20)
    parser.add_argument("--step-limit", type=float, default=300.0, help="seconds per step")
    parser.add_argument("--skip", default="", help="steps not to run, comma-separated")
    parser.add_argument("--memory", action="store_true", help="tracemalloc at checkpoints")
    parser.add_argument("--kdf", default="", help="M,T,P: unlock at this Argon2id cost "
                        "(bench.real_kdf), the key derivation inside the unlock row")
    args = parser.parse_args(argv)
    vault, samples, skip = args.vault, args.samples, set(args.skip.split(","))
    if args.memory:
        tracemalloc.start()
    home = Path(tempfile.mkdtemp(prefix="trellis-bench-qs-"))
    app = QApplication(["trellis-bench"])
    QApplication.setOrganizationName("TrellisBench")
    QApplication.setApplicationName("TrellisBench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home))
    if args.kdf:
        real_kdf.seal_slots_at(vault, real_kdf.parse_cost(args.kdf))
        real_kdf.peak_forgotten_after_check()
    alone = real_kdf.check_alone(vault) if args.kdf else None
    run = Run(vault, samples, args.step_limit, args.memory)
    run.out.update(kdf_in_unlock=bool(args.kdf), kdf_alone=alone, kdf_in_window=real_kdf.IN_WINDOW)
    run.step("unlock", run.unlock)
    if run.window.session is not None:
        for name, step in (("search", run.search), ("autosave", run.autosave),
                           ("consent", run.consent), ("export", run.export),
                           ("pdf", run.pdf)):
            if name == "pdf":
                run.window_done()
            if name not in skip:
                run.step(name, step)
    out = run.finish()
    print(json.dumps(out), flush=True)
    run.window.tasks.wait()
    run.window.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
