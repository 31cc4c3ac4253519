"""One child process that drives the real Trellis window offscreen on a journal vault
and prints its raw timings as one JSON line (``python -m bench.journal_run VAULT [N]``).

What one partner alone does: type their password and press Return with "My journal"
as the last tab (Return → the first paint of the entry list with rows: the session,
every tab, the journal's first page and its page; then, apart, Return → every entry
listed: ``load_entries`` and the search index on a worker, joining the list), choose
the newest entry (→ the reader
painted), type in the journal's search a word and a second one letter by letter and
erase them (each key → the list painted), look for one word at once, change an entry
(the tab's autosave: ``flush``, what the timer calls when typing stops, → painted) and
write new entries. Then the models alone, with the session's keys: ``load_entries``,
building :class:`models.journal.SearchIndex`, ``save_entry`` of a rewrite and of a new
entry (WAL, synchronous=FULL: each commit is fsynced). Last, both partners together:
"Open my journal", the owner's password at that moment, Return (→ the list painted with
rows: the journal's own opening, the rest of the window built already). The paint is
seen by a watch on the journal's list alone, put on it as its page is built (as the
floor watches its own list): a watch on the whole application would run Python for
every event of the opening, on Trellis's side only. A step that
fails records its error and the others still run. The vault uses the fast test key
derivation, so an opening is what comes after the derivation.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from bench.journal_texts import SEARCH_KEYS, WORD, journal_text
from bench.ui_run import PaintClock, peak_rss_mib, settle, wait_until
from bench.vaults import PASSWORDS

OWNER = 1


def _painted_after(clock: PaintClock, start: float, timeout: float = 5) -> float:
    """Seconds from ``start`` to the next paint ``clock`` sees (or to now, when the view
    had nothing to paint again)."""
    wait_until(lambda: clock.last > start, timeout)
    return (clock.last if clock.last > start else time.perf_counter()) - start


class Run:
    """The steps, in the order a person takes them; each fills ``self.out``."""

    def __init__(self, vault: Path, samples: int) -> None:
        from models.keys import FAST_TEST_COST
        from ui import settings
        from ui.main_window import MainWindow
        from ui.theme import apply_theme

        self.samples = samples
        self.out: dict[str, Any] = {"errors": {}}
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        self.app = app
        apply_theme(app, settings.THEME.get(), settings.TEXT_SIZE.get())
        settings.LAST_TAB.set("journalTab")
        self.window = MainWindow(vault, cost=FAST_TEST_COST)
        self.window.resize(1200, 800)
        self.window.show()
        self.window.start()
        settle()

    def step(self, name: str, work: Callable[[], None]) -> None:
        try:
            work()
        except Exception as error:  # noqa: BLE001 (one broken step never hides the rest)
            import traceback

            self.out["errors"][name] = "".join(
                traceback.format_exception_only(type(error), error)).strip()
            traceback.print_exc(file=sys.stderr)

    @property
    def page(self) -> Any:
        tab = self.window.workbench.findChild(QWidget, "journalTab")
        if tab is None or getattr(tab, "page", None) is None:
            raise RuntimeError("the journal is not open")
        return tab.page  # type: ignore[attr-defined]

    # password → the journal's list painted with rows

    def _until_rows_painted(self, press: Callable[[], None], whole: str = "") -> float:
        """Seconds from ``press()`` to the first paint of the journal's list with rows
        (and, in ``self.out[whole]``, to every entry listed)."""
        from ui.workbooks.journal.page import JournalPage

        painted: dict[str, float] = {}
        built = JournalPage.__init__

        class FirstRows(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
                if (event.type() == QEvent.Type.Paint and "t" not in painted
                        and self.parent().model().rowCount() > 0):  # type: ignore[attr-defined]
                    painted["t"] = time.perf_counter()
                return False

        def watched(page: JournalPage, *args: Any, **kwargs: Any) -> None:
            built(page, *args, **kwargs)
            listing = page.list.list
            listing.viewport().installEventFilter(FirstRows(listing))

        JournalPage.__init__ = watched  # type: ignore[method-assign]
        try:
            start = time.perf_counter()
            press()
            ok = wait_until(lambda: "t" in painted, 600)
        finally:
            JournalPage.__init__ = built  # type: ignore[method-assign]
        if not ok:
            raise RuntimeError("the journal's list never painted with rows")
        if not wait_until(lambda: not self.page.loading, 600):
            raise RuntimeError("the journal's older entries never arrived")
        if whole:
            self.out[whole] = time.perf_counter() - start
        return painted["t"] - start

    def open(self) -> None:
        """Alone: the password on the unlock page, Return, the journal (the last tab)."""
        page = self.window.unlock_page
        page.one.setChecked(True)
        page.first.edit.setText(PASSWORDS[OWNER])
        self.out["open"] = self._until_rows_painted(
            lambda: QTest.keyClick(page.first.edit, Qt.Key.Key_Return), "open_whole")
        self.out["entries"] = self.page.rows.total()
        self.out["rss_after_open"] = peak_rss_mib()

    def together(self) -> None:
        """Together: Open my journal, the owner's password at that moment, Return."""
        from PySide6.QtWidgets import QDialog, QPushButton

        self.window.lock()
        settle()
        unlock = self.window.unlock_page
        unlock.both.setChecked(True)
        unlock.first.edit.setText(PASSWORDS[1])
        unlock.second.edit.setText(PASSWORDS[2])
        unlock.open_button.click()
        if not wait_until(lambda: self.window.session is not None
                          and not self.window.tasks.busy, 600):
            raise RuntimeError("the together session did not open")
        settle()
        tab = self.window.workbench.findChild(QWidget, "journalTab")
        assert tab is not None
        self.window.workbench.setCurrentWidget(tab)
        settle()
        button = tab.findChild(QPushButton, f"journalOpen{OWNER}")
        assert button is not None
        button.click()
        if not wait_until(lambda: tab.findChild(QDialog, "freshPasswordDialog") is not None, 60):
            raise RuntimeError("Open my journal asked for no password")
        dialog = tab.findChild(QDialog, "freshPasswordDialog")
        field = dialog.findChild(QLineEdit, f"freshPassword{OWNER}")  # type: ignore[union-attr]
        assert field is not None
        field.setText(PASSWORDS[OWNER])
        self.out["together_open"] = self._until_rows_painted(
            lambda: QTest.keyClick(field, Qt.Key.Key_Return), "together_whole")

    def show_newest(self) -> None:
        page = self.page
        clock = PaintClock(page.reader.words.viewport())
        newest = page.rows.uuid_at(0)
        start = time.perf_counter()
        page.list.list.select(newest)
        settle()
        self.out["show_newest"] = _painted_after(clock, start)
        if page.reader.entry is None or page.reader.entry.uuid != newest:
            raise RuntimeError("the newest entry was not shown")

    # search as you type, and one word at once

    def _search_field(self) -> tuple[QLineEdit, PaintClock]:
        page = self.page
        field = page.findChild(QLineEdit, "journalSearch")
        assert field is not None
        field.setFocus()
        settle()
        return field, PaintClock(page.list.list.viewport())

    def search(self) -> None:
        field, clock = self._search_field()
        times = []
        for key in SEARCH_KEYS:
            start = time.perf_counter()
            if key == "\b":
                QTest.keyClick(field, Qt.Key.Key_Backspace)
            else:
                QTest.keyClicks(field, key)
            settle()
            times.append((clock.last if clock.last > start else time.perf_counter()) - start)
        self.out["search"] = times
        if field.text():
            raise RuntimeError("the search was not erased")

    def search_word(self) -> None:
        field, clock = self._search_field()
        times = []
        for _ in range(max(3, self.samples // 4)):
            start = time.perf_counter()
            field.setText(WORD)  # as if pasted: one search from every entry
            settle()
            times.append(_painted_after(clock, start))
            self.out["search_word_found"] = self.page.rows.rowCount()
            field.clear()
            settle()
        self.out["search_word"] = times

    # the tab's autosave of a changed entry, and new entries

    def autosave(self) -> None:
        page = self.page
        page.list.list.select(page.rows.uuid_at(min(5, page.rows.rowCount() - 1)))
        settle()
        page.edit_shown()
        settle()
        editor = page.editor
        clock = PaintClock(page.list.list.viewport())
        times = []
        for i in range(self.samples):
            QTest.keyClicks(editor.body, "xyz"[i % 3])
            start = time.perf_counter()
            if editor.flush() is None:
                raise RuntimeError("the autosave saved nothing")
            settle()
            times.append(time.perf_counter() - start)
        clock.deleteLater()
        self.out["autosave"] = times

    def add(self) -> None:
        page = self.page
        times = []
        for i in range(max(3, self.samples // 4)):
            page.new_entry()
            settle()
            page.editor.body.setPlainText(journal_text(1_000_000 + i))  # typed, in effect
            start = time.perf_counter()
            if page.editor.flush() is None:
                raise RuntimeError("the new entry was not saved")
            settle()
            times.append(time.perf_counter() - start)
        self.out["add"] = times

    # the models alone, with the session's keys

    def models(self) -> None:
        from models import journal

        session = self.window.session
        assert session is not None
        keys = session.keyring
        loads, indexes = [], []
        for _ in range(3):
            start = time.perf_counter()
            entries, _damaged = journal.load_entries(keys, OWNER)
            loads.append(time.perf_counter() - start)
            start = time.perf_counter()
            journal.SearchIndex(entries)
            indexes.append(time.perf_counter() - start)
        self.out["load_entries"] = statistics.median(loads)
        self.out["index_build"] = statistics.median(indexes)
        target = entries[len(entries) // 2]
        rewrites, new = [], []
        for i in range(self.samples):
            draft = journal.EntryDraft(title=target.title, body=target.body + "xyz"[i % 3])
            start = time.perf_counter()
            journal.save_entry(keys, OWNER, draft, target.uuid)
            rewrites.append(time.perf_counter() - start)
            draft = journal.EntryDraft(body=journal_text(2_000_000 + i))
            start = time.perf_counter()
            journal.save_entry(keys, OWNER, draft)
            new.append(time.perf_counter() - start)
        self.out["save_entry"] = rewrites
        self.out["save_entry_new"] = new

    def finish(self) -> dict[str, Any]:
        self.out["peak_rss"] = peak_rss_mib()
        return self.out


def main(argv: list[str]) -> int:
    vault, samples = Path(argv[0]), int(argv[1]) if len(argv) > 1 else 20
    home = Path(tempfile.mkdtemp(prefix="trellis-bench-qs-"))
    app = QApplication(["trellis-bench-journal"])
    QApplication.setOrganizationName("TrellisBench")
    QApplication.setApplicationName("TrellisBench")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home))
    run = Run(vault, samples)
    run.step("open", run.open)
    if run.window.session is not None:
        for name, step in (("show_newest", run.show_newest), ("search", run.search),
                           ("search_word", run.search_word), ("autosave", run.autosave),
                           ("add", run.add), ("models", run.models),
                           ("together", run.together)):
            run.step(name, step)
    out = run.finish()
    print(json.dumps(out), flush=True)
    run.window.tasks.wait()
    run.window.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
