"""Trellis: start here. Parses arguments, sets up logging and the error dialog, shows
the window. Heavy modules (reportlab, pypdf) load only when an export starts.

Before the unlock window first paints, only what it needs runs: the usual start
(no options, or only ``--vault PATH``) is read without argparse, and the log file
(``logging.handlers``) opens right after the first paint; records from before it are
kept in memory until then and written first (#9, ``make bench``).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from models.version import VERSION

if TYPE_CHECKING:
    import argparse
    import logging.handlers

# The desktop entry, icon and AppStream id (resources/desktop/); the window class the
# desktop matches the running window to is APP_NAME.
APP_ID = "org.trellisworkbook.Trellis"
APP_NAME = "Trellis"


def icon_path() -> Path:
    """The app icon (SVG), in the resources package."""
    from importlib import resources

    return Path(str(resources.files("resources").joinpath("icons", "trellis.svg")))


def quick_args(argv: list[str]) -> SimpleNamespace | None:
    """The usual start, read without importing argparse: no options, or only
    ``--vault PATH``. Anything else is argparse's (None here)."""
    if not argv:
        vault = None
    elif len(argv) == 2 and argv[0] == "--vault" and argv[1] and not argv[1].startswith("-"):
        vault = Path(argv[1])
    elif len(argv) == 1 and argv[0].startswith("--vault=") and len(argv[0]) > len("--vault="):
        vault = Path(argv[0][len("--vault="):])
    else:
        return None
    return SimpleNamespace(vault=vault, demo=False, check=False)


def parse_args(argv: list[str]) -> argparse.Namespace:
    import argparse

    parser = argparse.ArgumentParser(
        prog="trellis", description="A private, encrypted workbook for two."
    )
    parser.add_argument("--vault", type=Path, help="the vault file to open or create")
    parser.add_argument(
        "--demo", action="store_true",
        help="open a throwaway vault with a fictional couple (names and passwords are printed)",
    )
    parser.add_argument(
        "--check", action="store_true",
        help="check the workbook file given with --vault and print a report (asks for a "
             "password on the terminal, or reads one line from standard input); exits 0 "
             "when everything verifies and 1 when anything is damaged",
    )
    parser.add_argument("--version", action="version", version=f"Trellis {VERSION}")
    return parser.parse_args(argv)


def run_check(path: Path, stdin: io.TextIOBase | None = None,
              out: io.TextIOBase | None = None) -> int:
    """``--check``: open ``path``, ask for one partner's password, verify every record,
    every chain of facts and the file's structure, print a report without any words
    from the file. 0 when all verifies, 1 when anything is damaged, 2 when it could not
    be checked at all."""
    import getpass

    from models import vault as vault_module
    from models.errors import TrellisError
    from models.file_check import check_file
    from models.session import Keyring

    stdin = stdin or sys.stdin  # type: ignore[assignment]
    out = out or sys.stdout  # type: ignore[assignment]
    assert stdin is not None and out is not None

    def say(line: str) -> None:
        out.write(line + "\n")

    try:
        vault = vault_module.Vault.open(path)
    except (TrellisError, OSError) as error:
        say(f"Could not open {path}: {type(error).__name__}")
        return 2
    try:
        if stdin.isatty():
            password = getpass.getpass("Password of either partner: ")
        else:
            password = stdin.readline().rstrip("\n")
        try:
            partner, bundle = vault_module.try_password(vault.slots("password"), password)
        except TrellisError:
            say("That password did not open this file. Nothing was checked.")
            return 2
        keys = Keyring({partner: bundle})
        report = check_file(keys)
        keys.clear()
    finally:
        vault.close()
    say(f"File: {path}")
    say("Structure (SQLite integrity_check): " + ("ok" if report.structure_ok else "DAMAGED"))
    for line in report.structure_problems:
        say(f"  {line}")
    say(f"Records opened and verified: {report.opened}")
    say(f"Records that could not be opened or verified: {len(report.damaged)}")
    for damage in report.damaged:
        say(f"  {damage.table} {damage.uuid or '(whole table)'}: {damage.what}"
            f" ({damage.detail})")
    say("Everything verifies." if report.ok else "Something is damaged: see the lines above.")
    return 0 if report.ok else 1


_private_log_handler: type[logging.handlers.RotatingFileHandler] | None = None


def _private_log_handler_class() -> type[logging.handlers.RotatingFileHandler]:
    """``PrivateLogHandler``, made when the log opens: ``logging.handlers`` (sockets,
    pickle, queues) is not imported before the first paint."""
    global _private_log_handler
    if _private_log_handler is None:
        import logging.handlers

        class PrivateLogHandler(logging.handlers.RotatingFileHandler):
            """A rotating log whose files only their owner can read (0600), rotated ones
            too.

            The log holds no words a partner wrote, but when Trellis was used and what
            failed is still nobody else's business on a shared computer.
            """

            def _open(self) -> io.TextIOWrapper:
                fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                if hasattr(os, "fchmod"):
                    os.fchmod(fd, 0o600)  # a file left from an earlier version may be 0644
                return open(fd, "a", encoding=self.encoding, errors=self.errors)

        _private_log_handler = PrivateLogHandler
    return _private_log_handler


def __getattr__(name: str) -> Any:
    if name == "PrivateLogHandler":
        return _private_log_handler_class()
    raise AttributeError(name)


class EarlyRecords(logging.Handler):
    """Holds the first moments' records in memory until the log file opens (after the
    first paint), so none is lost and none waits for the file on the way to the window."""

    LIMIT = 1000

    def __init__(self) -> None:
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if len(self.records) < self.LIMIT:
            self.records.append(record)


def log_later(folder: Path) -> tuple[Path, Callable[[], None]]:
    """Keep records in memory for now; returns the log file's path and the function
    that opens it (once) and writes what was kept."""
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    early = EarlyRecords()
    root.addHandler(early)

    def open_log() -> None:
        if early not in root.handlers:
            return
        root.removeHandler(early)
        setup_logging(folder)
        for record in early.records:
            root.handle(record)
        early.records.clear()

    return folder / "trellis.log", open_log


def setup_logging(folder: Path) -> Path:
    """Log to a file in the user's log folder. Records' content is never logged."""
    log_file = folder / "trellis.log"
    handler: logging.Handler
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for old in folder.glob("trellis.log.*"):  # rotated by an earlier version
            with contextlib.suppress(OSError):
                old.chmod(0o600)
        handler = _private_log_handler_class()(log_file, maxBytes=512_000, backupCount=2,
                                               encoding="utf-8")
    except OSError:
        # A read-only home must not stop anyone from opening their workbook.
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    return log_file


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    args = quick_args(given) or parse_args(given)
    from models.paths import default_vault_path, log_dir

    if args.check:
        setup_logging(log_dir())
        if args.vault is None:
            print("--check needs --vault PATH")
            return 2
        return run_check(args.vault)
    log_file, open_log = log_later(log_dir())
    vault_path = args.vault or default_vault_path()
    # From here on SIGTERM (a logout, ``kill``) and Ctrl+C end Trellis through this
    # ``finally``, which removes a demo's throwaway folder, even before the window is
    # up; once it is, they close the window the ordinary way (_quit_on_terminate).
    _exit_on_terminate()
    demo_folder: Path | None = None
    try:
        if args.demo and args.vault is None:
            demo_folder = Path(tempfile.mkdtemp(prefix="trellis-demo-"))
        return _run(args, vault_path, log_file, demo_folder, open_log)
    finally:
        open_log()  # an early end still writes what was kept
        if demo_folder is not None:
            shutil.rmtree(demo_folder, ignore_errors=True)


def _run(args: argparse.Namespace | SimpleNamespace, vault_path: Path, log_file: Path,
         demo_folder: Path | None, open_log: Callable[[], None]) -> int:
    if args.demo:
        from models.demo import create_demo_vault

        if demo_folder is None:
            # The demo couple written to a file of the caller's choosing, kept after
            # quitting, so anyone can reproduce a report on known data.
            if args.vault.exists():
                print(f"{args.vault} already exists; the demo writes only a new file.")
                return 2
            args.vault.parent.mkdir(parents=True, exist_ok=True)
            vault_path = args.vault
            print(f"Demo vault: {vault_path}")
        else:
            vault_path = demo_folder / "demo.vault"
            print(f"Demo vault (deleted when you quit): {vault_path}", flush=True)
        people = create_demo_vault(vault_path)
        for name, password in people.values():
            print(f"  {name}: password '{password}'")

    from PySide6.QtWidgets import QApplication

    from ui import errors, settings
    from ui.main_window import MainWindow
    from ui.theme import apply_theme

    app = QApplication([*sys.argv[:1], "-style", "Fusion"])  # see apply_theme
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("Trellis")
    app.setDesktopFileName(APP_ID)  # the desktop's icon for the window, from its entry
    _quit_on_terminate(app)
    apply_theme(app, settings.THEME.get(), settings.TEXT_SIZE.get(), set_style=False)
    errors.install(log_file)
    logging.getLogger("trellis").info("starting Trellis %s", VERSION)
    window = MainWindow(vault_path)
    window.first_painted.connect(open_log)
    window.first_painted.connect(lambda: set_icon(app))
    window.show()
    window.start_soon()  # the file itself opens right after the first paint
    if demo_folder is not None:
        print("Trellis is open. Quitting it (or Ctrl+C here) deletes the demo vault.",
              flush=True)
    return app.exec()


def set_icon(app: object) -> None:
    """The window's own icon (for desktops that do not read the desktop entry), set
    after the first paint: QIcon and the SVG are not needed to show the window."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    app.setWindowIcon(QIcon(str(icon_path())))


def _exit_on_terminate() -> None:
    """Until the window's event loop runs, SIGTERM and Ctrl+C end Trellis at once as a
    normal exit, so ``finally`` blocks still run."""
    import signal

    def leave(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, leave)
    signal.signal(signal.SIGINT, leave)


def _quit_on_terminate(app: object) -> None:
    """With a QApplication, SIGTERM (a logout, ``kill``) and Ctrl+C close Trellis the
    ordinary way: the window saves and locks, then the event loop ends. The closing
    waits for the event loop, so a signal that comes before it runs is not lost.
    Python handles signals only when it runs, so a timer gives it a moment twice a
    second."""
    import signal

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)

    def close(*_: object) -> None:
        QTimer.singleShot(0, app.closeAllWindows)

    signal.signal(signal.SIGTERM, close)
    signal.signal(signal.SIGINT, close)
    ticker = QTimer(app)
    ticker.timeout.connect(lambda: None)
    ticker.start(500)


if __name__ == "__main__":
    sys.exit(main())
