"""Trellis: start here. Parses arguments, sets up logging and the error dialog, shows
the window. Heavy modules (reportlab, pypdf) load only when an export starts."""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import logging.handlers
import os
import shutil
import sys
import tempfile
from pathlib import Path

VERSION = "0.1.0"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="trellis", description="A private, encrypted workbook for two."
    )
    parser.add_argument("--vault", type=Path, help="the vault file to open or create")
    parser.add_argument(
        "--demo", action="store_true",
        help="open a throwaway vault with a fictional couple (names and passwords are printed)",
    )
    parser.add_argument("--version", action="version", version=f"Trellis {VERSION}")
    return parser.parse_args(argv)


class PrivateLogHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files only their owner can read (0600), rotated ones too.

    The log holds no words a partner wrote, but when Trellis was used and what failed
    is still nobody else's business on a shared computer.
    """

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # a file left from an earlier version may be 0644
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def setup_logging(folder: Path) -> Path:
    """Log to a file in the user's log folder. Records' content is never logged."""
    log_file = folder / "trellis.log"
    handler: logging.Handler
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for old in folder.glob("trellis.log.*"):  # rotated by an earlier version
            with contextlib.suppress(OSError):
                old.chmod(0o600)
        handler = PrivateLogHandler(log_file, maxBytes=512_000, backupCount=2, encoding="utf-8")
    except OSError:
        # A read-only home must not stop anyone from opening their workbook.
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    return log_file


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from models.paths import default_vault_path, log_dir

    log_file = setup_logging(log_dir())
    demo_folder: Path | None = None
    vault_path = args.vault or default_vault_path()
    if args.demo:
        from models.demo import create_demo_vault

        demo_folder = Path(tempfile.mkdtemp(prefix="trellis-demo-"))
        vault_path = demo_folder / "demo.vault"
        people = create_demo_vault(vault_path)
        print(f"Demo vault (deleted when you quit): {vault_path}")
        for name, password in people.values():
            print(f"  {name}: password '{password}'")

    from PySide6.QtWidgets import QApplication

    from ui import errors
    from ui.main_window import MainWindow
    from ui.texts import style_sheet

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Trellis")
    app.setOrganizationName("Trellis")
    app.setStyle("Fusion")
    app.setStyleSheet(style_sheet())
    errors.install(log_file)
    logging.getLogger("trellis").info("starting Trellis %s", VERSION)
    window = MainWindow(vault_path)
    window.show()
    window.start()
    try:
        return app.exec()
    finally:
        if demo_folder is not None:
            shutil.rmtree(demo_folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
