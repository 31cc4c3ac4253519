"""Every screen in a real window, at two sizes and in both themes: ``make screenshots``.

Each size runs in its own virtual X server (``xvfb-run``) as large as the screen being
tried, with a window manager when one is installed (openbox, xfwm4 or metacity), and
the whole screen is captured, so window frames show and a dialog is seen over the main
window as a person sees it. Without ``xvfb-run`` the windows are drawn offscreen
instead (no frames), and the tool says so.

Files: ``<folder>/<W>x<H>-<theme>-<screen>.png``, plus ``agreements-pdf-page.png``.
Uses a throwaway vault and the fictional demo couple; nothing real is shown. A screen
that is not there yet (the user guide, say) is skipped with a note.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

SIZES = ((900, 600), (1400, 900))
THEMES = ("light", "dark")
WINDOW_MANAGERS = ("openbox", "xfwm4", "metacity")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.screenshots",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=Path("docs/screenshots"))
    parser.add_argument("--sizes", default=",".join(f"{w}x{h}" for w, h in SIZES),
                        help="screen sizes, e.g. 900x600,1400x900")
    parser.add_argument("--themes", default=",".join(THEMES), help="light,dark")
    parser.add_argument("--text-size", default="normal",
                        help="one of ui.theme.TEXT_SIZES (small, normal, large, larger)")
    parser.add_argument("--offscreen", action="store_true",
                        help="draw offscreen even where an X server could be had")
    # Set by the tool itself for the process that runs inside one X server.
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--own-display", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--pdf", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def size_of(text: str) -> tuple[int, int]:
    width, _, height = text.partition("x")
    return int(width), int(height)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.child:
        return Child(args).run()
    args.folder.mkdir(parents=True, exist_ok=True)
    xvfb = None if args.offscreen else shutil.which("xvfb-run")
    display = os.environ.get("DISPLAY")
    if xvfb is None and not args.offscreen:
        if display:
            print(f"xvfb-run not found (Debian: xvfb xauth): using your display {display}; "
                  "the screen sizes will be your screen's, not the ones asked for.")
        else:
            print("No X server: xvfb-run not found (Debian: xvfb xauth) and DISPLAY is not "
                  "set. Drawing offscreen instead: no window frames, dialogs pasted over "
                  "the main window.")
    status = 0
    for index, size in enumerate(args.sizes.split(",")):
        width, height = size_of(size)
        command = [sys.executable, "-m", "tools.screenshots", "--child", "--sizes", size,
                   "--themes", args.themes, "--text-size", args.text_size, str(args.folder)]
        if index == 0:
            command.append("--pdf")
        env = dict(os.environ)
        env.pop("QT_QPA_PLATFORM", None)
        if xvfb is not None:
            # The screen is the size being tried; the window fills it, as maximised.
            command = [xvfb, "-a", "-s", f"-screen 0 {width}x{height}x24", *command,
                       "--own-display"]
        elif args.offscreen or not display:
            env["QT_QPA_PLATFORM"] = "offscreen"
        status |= subprocess.run(command, env=env, check=False).returncode
    print(f"screenshots written to {args.folder}")
    return status


class Child:
    """Inside one X server (or offscreen): every screen at one size, for each theme."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.folder: Path = args.folder
        self.size = size_of(args.sizes.split(",")[0])
        self.themes = args.themes.split(",")
        self.own_display = args.own_display
        self.pdf = args.pdf
        self.text_size: str = args.text_size
        self.real = bool(os.environ.get("DISPLAY")) and (
            os.environ.get("QT_QPA_PLATFORM") != "offscreen")
        os.environ["QT_QPA_PLATFORM"] = "xcb" if self.real else "offscreen"
        self.theme = "light"
        self.taken: list[str] = []
        self.skipped: list[str] = []

    def run(self) -> int:
        manager = self._window_manager() if self.own_display else None
        work = Path(tempfile.mkdtemp(prefix="trellis-shots-"))
        try:
            return self._run(work)
        finally:
            if manager is not None:
                manager.terminate()
                manager.wait(5)
            shutil.rmtree(work, ignore_errors=True)

    def _window_manager(self) -> subprocess.Popen[bytes] | None:
        for name in WINDOW_MANAGERS:
            if shutil.which(name):
                process = subprocess.Popen([name], stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL)
                time.sleep(1.0)  # let it take over the screen before any window maps
                print(f"{self.label}: window manager {name}")
                return process
        print(f"{self.label}: no window manager installed (Debian: openbox); windows have "
              "no frames")
        return None

    @property
    def label(self) -> str:
        return f"{self.size[0]}x{self.size[1]}"

    def _run(self, work: Path) -> int:
        from PySide6.QtCore import QCoreApplication, QSettings
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QApplication

        import app as trellis_app
        from models.demo import create_demo_vault
        from models.keys import FAST_TEST_COST

        QCoreApplication.setOrganizationName("TrellisScreenshots")
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work))
        self.app = QApplication([trellis_app.APP_NAME])
        self.app.setApplicationName(trellis_app.APP_NAME)
        self.app.setDesktopFileName(trellis_app.APP_ID)
        self.app.setWindowIcon(QIcon(str(trellis_app.icon_path())))
        self.cost = FAST_TEST_COST
        demo = work / "demo.vault"
        self.people = create_demo_vault(demo, FAST_TEST_COST)
        for theme in self.themes:
            if not self._use_theme(theme):
                continue
            self.theme = theme
            setup = work / f"setup-{theme}.vault"
            self._attempt("setup", lambda: self.setup_screens(setup))  # noqa: B023 (run now)
            self._attempt("demo", lambda: self.demo_screens(demo))
        print(f"{self.label}: {len(self.taken)} screenshots"
              + (f"; skipped: {', '.join(self.skipped)}" if self.skipped else ""))
        return 0

    # looks

    def _use_theme(self, theme: str) -> bool:
        try:
            from ui.theme import apply_theme
        except ImportError:
            if theme != "light":
                print(f"{self.label}: ui/theme.py is not there yet: {theme} skipped")
                self.skipped.append(theme)
                return False
            from ui import texts

            self.app.setStyle("Fusion")
            sheet = getattr(texts, "style_sheet", None)
            if sheet is not None:
                self.app.setStyleSheet(sheet())
            return True
        apply_theme(self.app, theme, self.text_size)
        return True

    # taking pictures

    def settle(self, ms: int = 350) -> None:
        """Let layouts, the window manager and the X server catch up."""
        from PySide6.QtCore import QCoreApplication, QEventLoop

        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
            time.sleep(0.01)

    def shot(self, screen: str, window: Any, over: Any = None) -> None:
        from PySide6.QtGui import QPainter

        if hasattr(window, "tasks"):
            window.tasks.wait()
        self.settle()
        looks = self.theme if self.text_size == "normal" else f"{self.theme}-{self.text_size}"
        path = self.folder / f"{self.label}-{looks}-{screen}.png"
        if self.real:
            picture = self.app.primaryScreen().grabWindow(0)
        else:
            # Offscreen there is no screen to grab: the main window, the dialog centred
            # on it as a window manager would place it.
            picture = window.grab()
            if over is not None:
                top = over.grab()
                painter = QPainter(picture)
                painter.drawPixmap(max(0, (picture.width() - top.width()) // 2),
                                   max(0, (picture.height() - top.height()) // 2), top)
                painter.end()
        if picture.isNull() or not picture.save(str(path)):
            if self.real and shutil.which("import"):
                subprocess.run(["import", "-window", "root", str(path)], check=True)
            else:
                raise RuntimeError(f"could not save {path}")
        self.taken.append(screen)

    def _attempt(self, screen: str, take: Callable[[], object]) -> None:
        """Take one screen; one that is missing or broken is a note, not the end."""
        try:
            take()
        except _Missing as missing:
            print(f"{self.label} {self.theme}: {screen} skipped: {missing}")
            self.skipped.append(f"{screen} ({self.theme})")
        except Exception:  # noqa: BLE001 (the other screens are still worth taking)
            print(f"{self.label} {self.theme}: {screen} failed:")
            traceback.print_exc()
            self.skipped.append(f"{screen} ({self.theme}, failed)")

    def new_window(self, path: Path) -> Any:
        from ui.main_window import MainWindow

        window = MainWindow(path, cost=self.cost)
        width, height = self.size
        if self.real:
            window.setGeometry(self.app.primaryScreen().availableGeometry())
            window.showMaximized()
        else:
            window.resize(width, height)
            window.show()
        window.start()
        self.settle()
        return window

    def opened(self, act: Callable[[], object]) -> Any:
        """The window-modal dialog ``act`` opens."""
        from PySide6.QtWidgets import QApplication

        before = QApplication.activeModalWidget()
        act()
        for _ in range(100):
            self.settle(50)
            dialog = QApplication.activeModalWidget()
            if dialog is not None and dialog is not before:
                return dialog
        raise _Missing("no dialog opened")

    def dialog_shot(self, screen: str, window: Any, act: Callable[[], object],
                    prepare: Callable[[Any], object] | None = None) -> None:
        dialog = self.opened(act)
        try:
            if prepare is not None:
                prepare(dialog)
            self.shot(screen, window, dialog)
        finally:
            window.tasks.wait()
            dialog.reject()
            self.settle(100)

    # the screens

    def setup_screens(self, path: Path) -> None:
        from ui import setup as steps

        window = self.new_window(path)
        try:
            page = window.setup_page
            self.shot("setup-welcome", window)
            page.go_next()
            page.first_name.setText(self.people[1][0])
            page.second_name.setText(self.people[2][0])
            page.go_next()
            for partner in (1, 2):
                chooser = page.password_steps[partner]
                chooser.password.edit.setText(self.people[partner][1])
                chooser.again.edit.setText(self.people[partner][1])
                page.go_next()
                if partner == 1:
                    page.go_next()  # the hand-over page: the second partner's turn
            window.tasks.wait()
            self.settle(100)
            if page.current() != steps.READY_1:
                raise RuntimeError(f"setup stopped at step {page.current()}")
            page.go_next()
            self.shot("setup-recovery-key", window)
        finally:
            window.tasks.wait()
            window.close()

    def demo_screens(self, path: Path) -> None:
        window = self.new_window(path)
        try:
            self._demo_screens(window)
        finally:
            window.tasks.wait()
            window.close()
            self.settle(100)

    def _demo_screens(self, window: Any) -> None:
        from PySide6.QtGui import QAction

        page = window.unlock_page
        page.both.setChecked(True)
        self.shot("unlock", window)
        page.first.edit.setText(self.people[1][1])
        page.second.edit.setText(self.people[2][1])
        page.submit()
        window.tasks.wait()
        self.settle()
        if window.session is None or not window.session.together:
            raise RuntimeError("the demo vault did not open for both")
        # The last tab is remembered between runs; Home is shown on purpose.
        self._tab(window, "homeTab")
        self.shot("home", window)

        tab = self._tab(window, "agreementsTab")
        self._attempt("agreements", lambda: self._agreements(window, tab))
        self._attempt("consent", lambda: self._consent(window))
        self._attempt("journal", lambda: self._journal(window))
        self._attempt("narrative", lambda: self._narrative(window))
        self._attempt("needs", lambda: self._needs(window))

        def action(name: str) -> Callable[[], object]:
            found = window.findChild(QAction, name)
            if found is None:
                raise _Missing(f"no {name} in the menus")
            return found.trigger

        self._attempt("preferences", lambda: self.dialog_shot(
            "preferences", window, action("preferencesAction")))
        self._attempt("change-password-error", lambda: self.dialog_shot(
            "change-password-error", window, action("changePasswordAction"),
            self._password_mismatch))
        self._attempt("guide", lambda: self._guide(window, action("guideAction")))
        if self.pdf and self.theme == self.themes[0]:
            self._attempt("pdf", lambda: self._pdf(window))
        window.lock()

    def _tab(self, window: Any, name: str) -> Any:
        from PySide6.QtWidgets import QWidget

        tab = window.workbench.findChild(QWidget, name)
        if tab is None:
            raise _Missing(f"no {name}")
        window.workbench.setCurrentWidget(tab)
        self.settle(100)
        return tab

    def _agreements(self, window: Any, tab: Any) -> None:
        self._tab(window, "agreementsTab")
        # The agreement with a change proposed beside its agreed words says the most.
        views = list(getattr(tab, "views", []))
        changing = next((v for v in views if v.pending_change), views[0] if views else None)
        if changing is not None:
            tab.list.select(changing.uuid)
        self.shot("agreements", window)
        self._attempt("agreement-history", lambda: self.dialog_shot(
            "agreement-history", window, tab.history))
        self._attempt("confirm", lambda: self.dialog_shot("confirm", window, tab.confirm))
        self._attempt("export", lambda: self.dialog_shot("export", window, tab.export))

    def _consent(self, window: Any) -> None:
        self._tab(window, "consentTab")
        self.shot("consent", window)

    def _journal(self, window: Any) -> None:
        """The gate together, the first partner's journal opened with their password:
        reading, writing (a low rating's quiet offer), the coping plan, sharing, and the
        grounding exercise. Nothing is saved: the new entry stays empty."""
        tab = self._tab(window, "journalTab")
        self.shot("journal-gate", window)
        self._attempt("journal-password", lambda: self.dialog_shot(
            "journal-password", window, lambda: tab.ask_to_open(1)))
        asked = self.opened(lambda: tab.ask_to_open(1))
        asked.fields[1].edit.setText(self.people[1][1])
        asked.submit()
        window.tasks.wait()
        self.settle()
        page = tab.page
        if page is None:
            raise RuntimeError("the journal did not open")
        try:
            page.list.list.setCurrentRow(0)
            self.shot("journal", window)
            page.new_entry()
            page.editor.safety.setValue(3)
            self.shot("journal-writing", window)
            page.sections.setCurrentIndex(1)
            self.shot("journal-coping-plan", window)
            page.sections.setCurrentIndex(0)
            page.list.list.setCurrentRow(0)
            self._attempt("journal-share", lambda: self.dialog_shot(
                "journal-share", window, lambda: page.share("A passage chosen to share.")))
            self._attempt("grounding", lambda: self.dialog_shot(
                "grounding", window, page.grounding.click))
        finally:
            tab.close_journal()

    def _narrative(self, window: Any) -> None:
        """Our stories: the gate together; the first partner's steps, impact statement
        and answers about the letter, then the second partner's letter with its gentle
        notes, each opened with that partner's password (nothing typed, nothing saved);
        then what both read: what was shared, the joint story, the roles and export."""
        tab = self._tab(window, "narrativeTab")
        tab.show_page("problem")
        self.shot("narrative-gate", window)
        pages = {1: ("problem", "story", "stand", "exception", "preferred", "impact", "heard"),
                 2: ("letter",)}
        for partner, keys in pages.items():
            asked = self.opened(lambda partner=partner: tab.ask_to_open(partner))
            asked.fields[partner].edit.setText(self.people[partner][1])
            asked.submit()
            window.tasks.wait()
            self.settle()
            if tab.owner != partner:
                raise RuntimeError("the private pages did not open")
            try:
                for key in keys:
                    tab.show_page(key)
                    self.settle(600 if key == "letter" else 100)  # the notes come after a pause
                    self.shot(f"narrative-{key}", window)
            finally:
                tab.close_story()
        for key in ("shared", "joint"):
            tab.show_page(key)
            self.shot(f"narrative-{key}", window)
        self._attempt("narrative-roles", lambda: self.dialog_shot(
            "narrative-roles", window, tab.open_roles))
        self._attempt("narrative-export", lambda: self.dialog_shot(
            "narrative-export", window, tab.open_export))
        if self.pdf and self.theme == self.themes[0]:
            self._attempt("narrative-pdf", lambda: self._narrative_pdf(window))

    def _needs(self, window: Any) -> None:
        """The needs map: the gate together; the first partner's needs opened with their
        password, a need started from a card and its share dialog; then the demo couple's
        commitments (with one more proposed whose words ask for a location), the
        Commitments page, the propose dialog, a note and the map."""
        from models import needs

        tab = self._tab(window, "needsTab")
        tab.show_page("mine")
        self.shot("needs-gate", window)
        asked = self.opened(lambda: tab.ask_to_open(1))
        asked.fields[1].edit.setText(self.people[1][1])
        asked.submit()
        window.tasks.wait()
        self.settle()
        if tab.owner != 1:
            raise RuntimeError("the needs did not open")
        try:
            page = tab.show_page("mine")
            page.new_need("predictability")
            page.editor.title.setText("Knowing what the evening holds")
            page.editor.texts["words"].setPlainText(
                "When plans change, I hear it from you first, before I find out.")
            page.editor.importance.set_value("3")
            page.editor.texts["safe_signs"].setPlainText(
                "A message when you leave work. Plans said out loud at breakfast.")
            page.editor.texts["early_signs"].setPlainText(
                "I check the clock, go quiet and stop answering in full sentences.")
            page.flush()
            self.shot("needs-mine", window)
            self._attempt("needs-share", lambda: self.dialog_shot(
                "needs-share", window, page.share))
        finally:
            tab.close_mine()
        # The demo couple's needs and commitments (models/demo.py), and one more
        # proposed whose words ask for a location, announced as the page would.
        keys = window.session.keyring
        held, _ = needs.load_commitments(keys)
        active = next(c for c in held if c.state == "active" and c.doer == 2)
        asking = needs.propose_commitment(keys, 1, active.need, 2, {
            "what": "Share your location with me in the evenings", "how_often": "daily"})
        tab.ctx.changes.announce("needs", asking.uuid)
        page = tab.show_page("commitments")
        page.select(active.uuid)
        self.shot("needs-commitments", window)
        page.list.setCurrentRow(0)
        self.shot("needs-commitments-note", window)
        self._attempt("needs-propose", lambda: self.dialog_shot(
            "needs-propose", window, page.propose))
        page.select(active.uuid)
        self._attempt("needs-noticed", lambda: self.dialog_shot(
            "needs-noticed", window, lambda: page.noticing.ask("noticed", 1)))
        self._attempt("needs-map", lambda: self._needs_map(window, tab))

    def _needs_map(self, window: Any, tab: Any) -> None:
        """The map of what both shared, a commitment's card focused, and its text."""
        page = tab.show_page("map")
        self.settle(300)
        cards = page.scene.ordered_cards()
        if len(cards) > 1:
            page.view.setFocus()
            page.view.focus_card(cards[1])
        self.shot("needs-map", window)

    def _narrative_pdf(self, window: Any) -> None:
        """The narrative PDF for the therapist, its page with the letter."""
        from exports.narrative import export_narrative, gather

        data = gather(window.session.keyring, window.session.names, prepared_on=date.today())
        with tempfile.TemporaryDirectory() as folder:
            pdf = export_narrative(Path(folder) / "stories.pdf", data)
            if shutil.which("pdftoppm") is None:
                raise _Missing("pdftoppm not found (Debian: poppler-utils)")
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "2", "-l", "4",
                            str(pdf), str(self.folder / "narrative-pdf-page")], check=True)

    def _password_mismatch(self, dialog: Any) -> None:
        dialog.new.edit.setText("a new password for us")
        dialog.again.edit.setText("a different one")
        dialog.submit()

    def _guide(self, window: Any, trigger: Callable[[], object]) -> None:
        from PySide6.QtWidgets import QApplication

        before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
        trigger()
        self.settle()
        shown = [w for w in QApplication.topLevelWidgets()
                 if w.isVisible() and id(w) not in before]
        if not shown:
            raise _Missing("the guide opened no window")
        try:
            self.shot("guide", window, shown[0])
        finally:
            for guide in shown:
                guide.close()

    def _pdf(self, window: Any) -> None:
        """Export the demo agreements and render their second page, where they begin."""
        from exports.agreements import export_agreements, gather

        proofs = [window.vault.check_password(p, self.people[p][1]) for p in (1, 2)]
        data = gather(window.session.keyring, window.session.names, prepared_on=date.today(),
                      session_on=None, include_history=True, consent_proofs=proofs)
        with tempfile.TemporaryDirectory() as folder:
            pdf = export_agreements(Path(folder) / "agreements.pdf", data)
            if shutil.which("pdftoppm") is None:
                raise _Missing("pdftoppm not found (Debian: poppler-utils)")
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "2", "-l", "2", "-singlefile",
                            str(pdf), str(self.folder / "agreements-pdf-page")], check=True)


class _Missing(Exception):
    """A screen that is not there (yet)."""


if __name__ == "__main__":
    sys.exit(main())
