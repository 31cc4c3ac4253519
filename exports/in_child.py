"""Reading and writing a PDF in a child process, so the app's window never waits for it.

reportlab makes hundreds of thousands of objects for a long document. On a thread of the
app's own process, Python's garbage collector then walks everything the app holds (every
opened agreement, every widget's wrapper) while holding the interpreter's lock, and the
window stood still for up to a quarter of a second at a time, more as the workbook grows.
A child process has an interpreter and a heap of its own.

:func:`run` starts the child with nothing of the couple's on its command line or in its
environment, and hands it the job and the job's order (keys, names, the PDF's password)
through a pipe, its standard input: none of it touches the disk. The child reports
progress and named steps back on its standard output; it writes the PDF itself, through
:func:`exports.pdf_writer.write_pdf`. Its error output goes nowhere: a message could
quote a partner's words.

Setting ``stop`` closes the pipe. A child that has not reported progress yet has written
nothing and ends at once; one that has ends at its next progress report, and
:func:`~exports.pdf_writer.write_pdf` removes its unfinished file. A
:class:`~models.errors.TrellisError` (these carry no words) comes back as itself;
anything else as :class:`ChildFailed`, naming only its type and where it happened.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import pickle
import queue
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from exports.errors import ExportError

log = logging.getLogger(__name__)

Job = Callable[[Any, "Child"], Path]
_ROOT = Path(__file__).resolve().parents[1]  # the folder that holds exports/ and models/
_START = ("import sys; sys.path.insert(0, sys.argv[1]); "
          "from exports.in_child import child_main; child_main()")
_POLL = 0.05  # seconds between looks at ``stop`` while the child works
_GRACE = 10.0  # seconds a stopped child may take to clean up before it is ended


class BuildStopped(Exception):
    """The job was stopped (the person, or a lock); nothing was written."""


class ChildFailed(ExportError):
    """The child process failed in a way Trellis did not expect (or ended unasked)."""


class Child:
    """What a job reports through: progress fractions and named steps, on the way the
    app asked for them. A report after the app asked to stop raises
    :class:`BuildStopped`, so a job stops at its next step."""

    def __init__(self, out: IO[str], stop: threading.Event) -> None:
        self._out = out
        self._stop = stop
        self._lock = threading.Lock()
        self.reported = False  # until the first progress report, nothing is written

    def progress(self, fraction: float) -> None:
        with self._lock:
            self.reported = True
            if self._stop.is_set() and fraction < 1.0:  # 1.0: the file is in place
                raise BuildStopped
        self._send({"progress": fraction})

    def step(self, name: str) -> None:
        self._send({"step": name})

    def _send(self, message: dict[str, Any]) -> None:
        self._out.write(json.dumps(message) + "\n")
        self._out.flush()

    def stop_asked(self) -> None:
        """The app closed the pipe: end now if nothing was written, else at the next
        report."""
        with self._lock:
            self._stop.set()
            if not self.reported:
                os._exit(3)


def run(job: Job, order: Any, *, progress: Callable[[float], None] | None = None,
        step: Callable[[str], None] | None = None, stop: threading.Event | None = None,
        writes: Path | None = None) -> Path:
    """Run ``job(order, child)`` in a child process; return the path it wrote.

    Call it off the GUI thread: it waits for the child. ``job`` must be a function
    importable by name. ``progress`` and ``step`` hear the child's reports on the
    calling thread; when either raises, or ``stop`` is set, the child is stopped and
    this raises (:class:`BuildStopped` for ``stop``). ``writes`` is the file the job
    writes: if a stopped child has to be ended, what it left unfinished is removed.
    """
    payload = pickle.dumps((job, order), protocol=pickle.HIGHEST_PROTOCOL)
    child = subprocess.Popen(
        [sys.executable, "-c", _START, str(_ROOT)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
    )
    assert child.stdin is not None and child.stdout is not None
    lines: queue.Queue[bytes | None] = queue.Queue()
    reader = threading.Thread(target=_read_lines, args=(child.stdout, lines), daemon=True)
    reader.start()
    try:
        try:
            child.stdin.write(len(payload).to_bytes(8, "big") + payload)
            child.stdin.flush()
        except BrokenPipeError:
            pass  # the child ended already; what it said (or did not) tells why
        del payload
        while True:
            if stop is not None and stop.is_set():
                raise BuildStopped
            try:
                line = lines.get(timeout=_POLL)
            except queue.Empty:
                continue
            if line is None:
                raise ChildFailed(f"the child ended without an answer ({child.wait()})")
            message = json.loads(line)
            if "progress" in message and progress is not None:
                progress(float(message["progress"]))
            elif "step" in message and step is not None:
                step(str(message["step"]))
            elif "done" in message:
                return Path(message["done"])
            elif "stopped" in message:
                raise BuildStopped
            elif "failed" in message:
                raise _error_from(message["failed"])
    finally:
        _end(child, writes)
        reader.join(timeout=_GRACE)


def _read_lines(stream: IO[bytes], lines: queue.Queue[bytes | None]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def _end(child: subprocess.Popen[bytes], writes: Path | None) -> None:
    """Close the child's pipe (a child still working takes it as "stop") and wait for it
    to end; one that does not end in time is ended, and what it left unfinished goes."""
    if child.stdin is not None and not child.stdin.closed:
        try:
            child.stdin.close()
        except OSError:
            pass  # the child ended first
    try:
        child.wait(timeout=_GRACE)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
        if writes is not None:
            from exports.pdf_writer import remove_unfinished

            remove_unfinished(writes)


def _error_from(failure: dict[str, Any]) -> BaseException:
    """The child's error as the parent raises it: the same TrellisError, or ChildFailed."""
    if "error" in failure:
        try:
            error: BaseException = pickle.loads(base64.b64decode(failure["error"]))
            return error
        except Exception:  # noqa: BLE001 (a class this side cannot rebuild: say so)
            pass
    where = " < ".join(failure.get("where", []))
    log.warning("the PDF's child process failed: %s at %s", failure.get("type"), where)
    return ChildFailed(f"{failure.get('type')} at {where}")


@contextmanager
def reading(vault: Path) -> Iterator[None]:
    """The models' database bound to ``vault`` in this (child) process, for reading
    only: the app holds the file open and locked, and this connection never writes."""
    import peewee

    from models.db import DB, PRAGMAS

    database = peewee.SqliteDatabase(str(vault), pragmas={**PRAGMAS, "query_only": 1},
                                     autoconnect=False)
    database.connect()
    DB.initialize(database)
    try:
        yield
    finally:
        database.close()


def child_main() -> None:
    """The child's side: read the job, run it, answer; ``python -c`` calls this."""
    # The answers go on a copy of standard output; anything printed by a library goes
    # where error output goes (nowhere), so it cannot be taken for an answer.
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    source = sys.stdin.buffer
    child = Child(out, threading.Event())
    try:
        size = int.from_bytes(_read_exactly(source, 8), "big")
        job, order = pickle.loads(_read_exactly(source, size))

        def watch() -> None:
            source.read()  # returns when the app closes the pipe: asked to stop, or gone
            child.stop_asked()

        threading.Thread(target=watch, daemon=True).start()
        answer: dict[str, Any] = {"done": str(job(order, child))}
    except BuildStopped:
        answer = {"stopped": True}
    except Exception as exc:  # noqa: BLE001 (every failure is answered, none printed)
        answer = {"failed": _failure(exc)}
    child._send(answer)
    out.close()
    # Nothing is left to do, and a normal interpreter exit would abort (SIGABRT): the
    # watching thread still holds standard input's buffer lock in its read, which
    # finalisation cannot take. The file is written and synced; end here.
    os._exit(0)


def _failure(exc: Exception) -> dict[str, Any]:
    from models.errors import TrellisError

    failure: dict[str, Any] = {
        "type": type(exc).__name__,
        # Where, never what: a message could quote a partner's words.
        "where": [f"{Path(frame.filename).name}:{frame.lineno} {frame.name}"
                  for frame in reversed(traceback.extract_tb(exc.__traceback__)[-4:])],
    }
    if isinstance(exc, TrellisError):  # these carry keys and folders, never words
        try:
            failure["error"] = base64.b64encode(pickle.dumps(exc)).decode("ascii")
        except Exception:  # noqa: BLE001 (then its type and place are what is told)
            pass
    return failure


def _read_exactly(source: IO[bytes], size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        chunk = source.read(size - len(data))
        if not chunk:
            raise EOFError("the app closed the pipe before the whole order came")
        data += chunk
    return bytes(data)
