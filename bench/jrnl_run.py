"""jrnl (https://jrnl.sh) beside the journal, in a child process of its own
(``python -m bench.jrnl_run SIZE [ROUNDS]``); prints its raw timings as one JSON line.

jrnl is installed only for the bench (the ``bench`` extra, ``requirements-bench.lock``;
``make bench`` installs it). Everything it reads or writes is in a temporary folder
made here and deleted after: its HOME, XDG_CONFIG_HOME (its ``jrnl/jrnl.yaml``) and
XDG_DATA_HOME, so a real user's jrnl configuration and journals are never touched. Its
keyring is Python keyring's "fail" backend, so it never looks in a real keychain: each
command asks for the password, and the child gets it on stdin (each jrnl runs in a new
session without a terminal, where ``getpass`` reads stdin).

The journal holds the same texts as Trellis's (:mod:`bench.journal_texts`), an hour
apart, written as a plain jrnl file and then encrypted by ``jrnl --encrypt`` itself
(jrnl's v3 format: PBKDF2-SHA256, 100,000 rounds, Fernet). Each round times, as
processes from start to exit: ``jrnl -1`` (open, show the newest entry),
``jrnl -contains WORD --short`` (search a word, titles printed), ``jrnl "<text>"``
(add an entry: jrnl decrypts the file, appends, encrypts and writes it all again) and
``python -c pass`` (what starting Python costs here); and, in this process, one PBKDF2
derivation as jrnl makes it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bench.journal_texts import WORD, journal_text, journal_texts

PASSWORD = "bench jrnl lantern"
CONFIG = """\
version: '{version}'
journals:
  default:
    journal: {journal}
    encrypt: false
editor: ''
encrypt: false
template: false
default_hour: 9
default_minute: 0
timeformat: '%Y-%m-%d %H:%M'
tagsymbols: '#@'
highlight: false
linewrap: 79
indent_character: '|'
colors:
  body: none
  date: none
  tags: none
  title: none
"""


class JrnlFailed(Exception):
    """A jrnl command did not do what it was asked."""


class Jrnl:
    """jrnl commands in a private home, each a process with the password on stdin."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.env = {
            "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_STATE_HOME": str(home / "state"), "PATH": os.environ.get("PATH", "/usr/bin"),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring", "PYTHONUTF8": "1",
        }

    def run(self, *args: str, stdin: str = PASSWORD + "\n") -> tuple[float, str]:
        """Seconds from start to exit, and what it printed on stdout."""
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "jrnl", *args], input=stdin, text=True,
                              capture_output=True, env=self.env, cwd=self.home,
                              start_new_session=True, timeout=600, check=False)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            tail = " ".join(done.stderr.split()[-40:])
            raise JrnlFailed(f"jrnl {args[0][:20]!r} exited {done.returncode}: {tail}")
        return elapsed, done.stdout


def unavailable() -> str | None:
    """Why jrnl cannot be measured here, or None."""
    if importlib.util.find_spec("jrnl") is None:
        return ("jrnl is not installed in this Python (make bench installs it: pip install "
                "--require-hashes --no-deps -r requirements-bench.lock)")
    return None


def make_journal(jrnl: Jrnl, size: int) -> tuple[Path, str]:
    """The same texts as a jrnl journal, encrypted by jrnl; its path and jrnl's version."""
    from jrnl.__version__ import __version__

    data = jrnl.home / "data" / "jrnl"
    data.mkdir(parents=True)
    journal = data / "journal.txt"
    start = datetime.now() - timedelta(hours=size + 1)
    with journal.open("w", encoding="utf-8") as out:
        for i, text in enumerate(journal_texts(size)):
            out.write(f"[{start + timedelta(hours=i):%Y-%m-%d %H:%M}] {text}\n\n")
    config = jrnl.home / "config" / "jrnl"
    config.mkdir(parents=True)
    (config / "jrnl.yaml").write_text(CONFIG.format(version=__version__, journal=journal),
                                      encoding="utf-8")
    # The password twice, then "n": not into a keychain.
    jrnl.run("--encrypt", stdin=f"{PASSWORD}\n{PASSWORD}\nn\n")
    if not journal.read_bytes().startswith(b"JRNLv3"):
        raise JrnlFailed("jrnl --encrypt left the journal unencrypted")
    return journal, __version__


def pbkdf2_seconds() -> float:
    """One key derivation as jrnl's v3 format makes it (PBKDF2-SHA256, 100,000 rounds)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    start = time.perf_counter()
    PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=os.urandom(16),
               iterations=100_000).derive(PASSWORD.encode())
    return time.perf_counter() - start


def measure(size: int, rounds: int) -> dict[str, Any]:
    home = Path(tempfile.mkdtemp(prefix="trellis-bench-jrnl-"))
    try:
        jrnl = Jrnl(home)
        journal, version = make_journal(jrnl, size)
        newest = " ".join(journal_text(size - 1).split()[:3])
        _, shown = jrnl.run("-1")  # also warms the file cache
        if newest not in " ".join(shown.split()):
            raise JrnlFailed("jrnl -1 did not show the newest entry")
        out: dict[str, Any] = {"version": version, "entries": size, "rounds": rounds,
                               "newest": [], "search": [], "add": [], "python": []}
        for turn in range(rounds):
            seconds, _ = jrnl.run("-1")
            out["newest"].append(seconds)
            seconds, found = jrnl.run("-contains", WORD, "--short")
            out["search"].append(seconds)
            if turn == 0:  # before any entry was added
                out["search_found"] = sum(1 for line in found.splitlines() if line.strip())
            seconds, _ = jrnl.run(journal_text(3_000_000 + turn))
            out["add"].append(seconds)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], env=jrnl.env, check=True)
            out["python"].append(time.perf_counter() - start)
        _, listed = jrnl.run("-n", "1000000", "--short")
        if sum(1 for line in listed.splitlines() if line.strip()) != size + rounds:
            raise JrnlFailed("the entries jrnl added are not all in its journal")
        out["file_mib"] = journal.stat().st_size / 2**20
        out["pbkdf2"] = [pbkdf2_seconds() for _ in range(3)]
        return out
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main(argv: list[str]) -> int:
    size, rounds = int(argv[0]), int(argv[1]) if len(argv) > 1 else 3
    reason = unavailable()
    if reason is not None:
        out: dict[str, Any] = {"unavailable": reason}
    else:
        try:
            out = measure(size, rounds)
        except (JrnlFailed, OSError, subprocess.SubprocessError) as error:
            out = {"unavailable": f"jrnl could not be run here: {error}"}
    print(json.dumps(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
