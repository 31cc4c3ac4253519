"""The floor: the same agreements stored, read and shown with nothing but plain peewee,
AES-GCM (one cipher object) and plain Qt widgets, in a child process of its own
(``python -m bench.floor_run VAULT``: the words of that vault's agreements); prints
its raw timings as one JSON line.

- unlock → painted: read every row, decrypt its fields, fill a plain list, paint it;
- search: a QSortFilterProxyModel over plain strings, filtered on each key;
- one save: encrypt one row's fields and update it in its own transaction (WAL,
  synchronous=FULL, as Trellis). Both sides sync to disk once per save: ``strace -e
  fdatasync`` shows one fdatasync per commit here and one per autosave in Trellis (which
  writes five pages to the WAL where this writes one). That sync is what a durable save
  costs, so it stays on both sides; it is cheap on this machine's disk (0.1-0.3 ms).
  The row's title in the list changes too and the event loop runs until it has
  painted, as Trellis's autosave and consent answer are timed (until this change the
  floor timed the update alone, which left out what Trellis's figure holds);
- the PDF: the pages Trellis prints for the same agreements, in plain reportlab
  (:mod:`bench.floor_pdf`).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import peewee
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QListView, QVBoxLayout, QWidget

from bench.floor_pdf import plain_pdf
from bench.ui_run import SEARCH_KEYS, PaintClock, peak_rss_mib, settle, wait_until
from bench.vaults import agreement_words

FIELDS = ("title", "wording", "in_practice", "not_ok")
DB = peewee.SqliteDatabase(None)


class Row(peewee.Model):
    id = peewee.AutoField()
    category = peewee.TextField()
    status = peewee.TextField()
    title = peewee.BlobField()
    wording = peewee.BlobField()
    in_practice = peewee.BlobField()
    not_ok = peewee.BlobField()

    class Meta:
        database = DB


def seal(aead: AESGCM, text: str) -> bytes:
    nonce = os.urandom(12)
    return nonce + aead.encrypt(nonce, text.encode(), None)


def unseal(aead: AESGCM, blob: bytes) -> str:
    return aead.decrypt(blob[:12], blob[12:], None).decode()


def build(path: Path, agreements: list[dict[str, str]], aead: AESGCM) -> None:
    """The floor's own table: the same agreements' words, sealed, oldest first."""
    DB.init(str(path), pragmas={"journal_mode": "wal", "synchronous": 2})
    DB.connect()
    DB.create_tables([Row])
    with DB.atomic():
        rows = []
        for words in reversed(agreements):
            rows.append({"category": words["category"], "status": words["status"],
                         **{f: seal(aead, words[f]) for f in FIELDS}})
        for first in range(0, len(rows), 500):
            Row.insert_many(rows[first:first + 500]).execute()
    DB.close()


def main(argv: list[str]) -> int:
    vault, samples = Path(argv[0]), int(argv[1]) if len(argv) > 1 else 20
    app = QApplication(["trellis-bench-floor"])
    folder = Path(tempfile.mkdtemp(prefix="trellis-bench-floor-"))
    aead = AESGCM(AESGCM.generate_key(256))
    build(folder / "floor.db", agreement_words(vault), aead)
    out: dict[str, Any] = {}

    window = QWidget()
    search = QLineEdit()
    listing = QListView()
    items = QStandardItemModel()
    shown = QSortFilterProxyModel()
    shown.setSourceModel(items)
    shown.setFilterRole(Qt.ItemDataRole.UserRole)
    shown.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    listing.setModel(shown)
    listing.setUniformItemSizes(True)  # as Trellis's list: no layout of every row per change
    search.textChanged.connect(shown.setFilterFixedString)
    column = QVBoxLayout(window)
    column.addWidget(search)
    column.addWidget(listing)
    window.resize(1200, 800)
    window.show()
    settle()
    clock = PaintClock(listing.viewport())

    # unlock → painted: open, read and decrypt every row, list them, paint
    start = time.perf_counter()
    DB.connect()
    opened = [(row.id, row.status, row.category,
               {f: unseal(aead, getattr(row, f)) for f in FIELDS})
              for row in Row.select().order_by(Row.id.desc())]
    for _, _, category, words in opened:
        item = QStandardItem(words["title"])
        item.setData(" ".join([category, *words.values()]).casefold(),
                     Qt.ItemDataRole.UserRole)
        items.appendRow(item)
    wait_until(lambda: clock.last > start, 60)
    out["unlock_to_list"] = clock.last - start

    times = []
    search.setFocus()
    for key in SEARCH_KEYS:
        start = time.perf_counter()
        if key == "\b":
            QTest.keyClick(search, Qt.Key.Key_Backspace)
        else:
            QTest.keyClicks(search, key)
        settle()
        end = clock.last if clock.last > start else time.perf_counter()
        times.append(end - start)
    out["search"] = times

    # one encrypted row update, committed, and its row in the list shown again (as
    # Trellis's autosave is timed: the save, then the event loop until it has painted)
    times = []
    for i in range(samples):
        at = (i * 37) % len(opened) if opened else 0
        row_id, _, _, words = opened[at] if opened else (0, "", "", {})
        if opened:  # on screen, as the agreement one types into is
            listing.scrollTo(shown.mapFromSource(items.index(at, 0)))
            settle()
        start = time.perf_counter()
        with DB.atomic():
            Row.update({getattr(Row, f): seal(aead, words.get(f, "") + "x") for f in FIELDS}
                       ).where(Row.id == row_id).execute()
        if opened:
            items.item(at).setText(words["title"] + "x")
        settle()
        times.append(time.perf_counter() - start)
    out["save"] = times
    DB.close()

    out.update(plain_pdf(agreement_words(vault)))
    out["peak_rss"] = peak_rss_mib()
    print(json.dumps(out), flush=True)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
