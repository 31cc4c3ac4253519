"""The journal's floor: the same entries stored, read and listed with nothing but plain
peewee, AES-GCM (one cipher object) and a plain Qt list, in a child process of its own
(``python -m bench.journal_floor SIZE [N]``); prints its raw timings as one JSON line.

- opening: read every row (``.tuples()``), decrypt its four sealed values (date, title,
  words, details: as many as Trellis seals per entry), keep the texts lower-cased for
  search, list the titles newest first in a QListView and paint it;
- search: per key of the same keystrokes, a plain Python substring scan for every word
  typed over the decrypted texts (the scan alone; no list is repainted);
- one save: encrypt one entry's values and update its row in its own transaction (WAL,
  synchronous=FULL, as Trellis: the commit is fsynced).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import peewee
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import QApplication, QListView

from bench.journal_texts import SEARCH_KEYS, journal_texts
from bench.ui_run import PaintClock, peak_rss_mib, settle, wait_until

FIELDS = ("written_at", "title", "body", "details")
DB = peewee.SqliteDatabase(None)


class Entry(peewee.Model):
    id = peewee.AutoField()
    owner = peewee.IntegerField()
    written_at = peewee.BlobField()
    title = peewee.BlobField()
    body = peewee.BlobField()
    details = peewee.BlobField()

    class Meta:
        database = DB


def seal(aead: AESGCM, text: str) -> bytes:
    nonce = os.urandom(12)
    return nonce + aead.encrypt(nonce, text.encode(), None)


def unseal(aead: AESGCM, blob: bytes) -> str:
    return aead.decrypt(blob[:12], blob[12:], None).decode()


def values_of(text: str, at: dt.datetime) -> dict[str, str]:
    return {"written_at": at.isoformat(), "title": " ".join(text.split()[:4]), "body": text,
            "details": json.dumps({"updated_at": at.isoformat(), "prompt": "",
                                   "feelings": [], "own_feelings": [], "safety": None,
                                   "tags": []})}


def build(path: Path, texts: list[str], aead: AESGCM) -> None:
    """The floor's own table: the same texts, sealed, an hour apart, oldest first."""
    DB.init(str(path), pragmas={"journal_mode": "wal", "synchronous": 2})
    DB.connect()
    DB.create_tables([Entry])
    start = dt.datetime.now().astimezone() - dt.timedelta(hours=len(texts))
    rows = [{"owner": 1, **{f: seal(aead, v) for f, v in
                            values_of(text, start + dt.timedelta(hours=i)).items()}}
            for i, text in enumerate(texts)]
    with DB.atomic():
        for first in range(0, len(rows), 500):
            Entry.insert_many(rows[first:first + 500]).execute()
    DB.close()


def scan(texts: list[str], query: str) -> list[int]:
    words = query.casefold().split()
    return [i for i, text in enumerate(texts) if all(word in text for word in words)]


def main(argv: list[str]) -> int:
    size, samples = int(argv[0]), int(argv[1]) if len(argv) > 1 else 20
    app = QApplication(["trellis-bench-journal-floor"])
    folder = Path(tempfile.mkdtemp(prefix="trellis-bench-jfloor-"))
    aead = AESGCM(AESGCM.generate_key(256))
    build(folder / "floor.db", journal_texts(size), aead)
    out: dict[str, Any] = {}

    listing = QListView()
    titles = QStringListModel()
    listing.setModel(titles)
    listing.resize(500, 800)
    listing.show()
    settle()
    clock = PaintClock(listing.viewport())

    start = time.perf_counter()
    DB.connect()
    opened: list[tuple[int, dict[str, str]]] = []
    rows: Any = Entry.select(Entry.id, *(getattr(Entry, f) for f in FIELDS)).where(
        Entry.owner == 1).tuples()
    for row_id, *blobs in rows:
        opened.append((row_id, {f: unseal(aead, blob) for f, blob in zip(FIELDS, blobs,
                                                                         strict=True)}))
    opened.sort(key=lambda pair: pair[1]["written_at"], reverse=True)
    texts = [f"{v['title']}\x1f{v['body']}".casefold() for _, v in opened]
    titles.setStringList([v["title"] for _, v in opened])
    wait_until(lambda: clock.last > start, 60)
    out["open"] = clock.last - start

    times = []
    query = ""
    for key in SEARCH_KEYS:
        query = query[:-1] if key == "\b" else query + key
        start = time.perf_counter()
        scan(texts, query)
        times.append(time.perf_counter() - start)
    out["search"] = times

    times = []
    for i in range(samples):
        row_id, words = opened[(i * 37) % len(opened)] if opened else (0, {})
        changed = {**words, "body": words.get("body", "") + "xyz"[i % 3]}
        start = time.perf_counter()
        with DB.atomic():
            Entry.update({getattr(Entry, f): seal(aead, changed.get(f, "")) for f in FIELDS}
                         ).where(Entry.id == row_id).execute()
        times.append(time.perf_counter() - start)
    out["save"] = times
    DB.close()
    shutil.rmtree(folder, ignore_errors=True)
    out["peak_rss"] = peak_rss_mib()
    print(json.dumps(out), flush=True)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
