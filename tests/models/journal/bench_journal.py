"""The journal's model-layer figures (not a test: tests never assert times).

``python -m tests.models.journal.bench_journal [--n 10000] [--folder DIR]`` builds a
vault with ``n`` entries of 300-3000 characters (models.bulk.fill_journal, fast key
derivation), then prints one line per measure and, last, the figures as JSON:

- opening: ``load_entries`` with the key already held (first call, and median of 5);
- search: ``SearchIndex`` built once, then ``find`` for every prefix typed of a few
  queries (p95 and max), as a search box sends them;
- wall-clock and, for opening and search, CPU time of this process (on a shared
  machine the wall clock counts time spent waiting for a CPU);
- saving: ``save_entry`` of a new entry and of a rewrite (medians of 40, with the
  file's fsync: WAL, synchronous FULL), in a folder on a real disk.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

_WORDS = ("today", "we", "talked", "about", "the", "phone", "at", "dinner", "and", "I",
          "felt", "tight", "in", "my", "chest", "walk", "after", "session", "trust", "slowly",
          "honest", "evening", "messages", "quiet", "listen", "notice", "breathe", "kind",
          "angry", "scared", "hopeful", "tired", "therapist", "boundary", "agreement",
          "café", "naïve", "déjà", "Zoë", "hard", "small", "win", "again", "tomorrow")
QUERIES = ("phone dinner", "therapist", "cafe walk", "tight chest evening", "zoe")


def texts(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        length = rng.randint(300, 3000)
        words: list[str] = []
        size = 0
        while size < length:
            word = rng.choice(_WORDS)
            words.append(word)
            size += len(word) + 1
        text = " ".join(words)[:length]
        out.append(". ".join(part.capitalize() for part in text.split(" and ")))
    return out


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def run(n: int, folder: Path) -> dict[str, float]:
    from models import bulk, keys, vault
    from models.journal import EntryDraft, SearchIndex, load_entries, save_entry

    path = folder / "journal-bench.vault"
    plan = vault.prepare_setup({1: "Wren", 2: "Otto"},
                               {1: "bench cedar lantern", 2: "bench harbour pebble"},
                               cost=keys.FAST_TEST_COST)
    opened = vault.Vault.create(path, plan)
    figures: dict[str, float] = {}
    try:
        _, bundle = vault.try_password(opened.slots("password"), "bench cedar lantern")
        session = opened.start_session({1: bundle})
        ring = session.keyring
        made = texts(n)
        started = time.perf_counter()
        bulk.fill_journal(ring, 1, made)
        figures["fill_s"] = time.perf_counter() - started
        figures["chars_mean"] = statistics.mean(map(len, made))

        loads, load_cpu = [], []
        for _ in range(6):
            started, cpu = time.perf_counter(), time.process_time()
            entries, damaged = load_entries(ring, 1)
            loads.append(time.perf_counter() - started)
            load_cpu.append(time.process_time() - cpu)
            assert len(entries) == n and not damaged
        figures["load_first_s"] = loads[0]
        figures["load_median_s"] = statistics.median(loads[1:])
        figures["load_cpu_median_s"] = statistics.median(load_cpu[1:])

        started, cpu = time.perf_counter(), time.process_time()
        index = SearchIndex(entries)
        figures["index_build_s"] = time.perf_counter() - started
        figures["index_build_cpu_s"] = time.process_time() - cpu
        finds, find_cpu = [], []
        for _ in range(3):
            for query in QUERIES:
                for end in range(1, len(query) + 1):
                    started, cpu = time.perf_counter(), time.process_time()
                    index.find(query[:end])
                    finds.append(time.perf_counter() - started)
                    find_cpu.append(time.process_time() - cpu)
        figures["find_p95_ms"] = _p95(finds) * 1000
        figures["find_cpu_p95_ms"] = _p95(find_cpu) * 1000
        figures["find_max_ms"] = max(finds) * 1000
        figures["find_median_ms"] = statistics.median(finds) * 1000

        saves, rewrites = [], []
        for number in range(40):
            draft = EntryDraft(title=f"Bench {number}", body=made[number], tags=("trigger",),
                               feelings=("tired",), safety=5)
            started = time.perf_counter()
            entry = save_entry(ring, 1, draft)
            saves.append(time.perf_counter() - started)
            started = time.perf_counter()
            save_entry(ring, 1, EntryDraft(body=made[number + 1]), entry.uuid)
            rewrites.append(time.perf_counter() - started)
        figures["save_new_median_ms"] = statistics.median(saves) * 1000
        figures["save_rewrite_median_ms"] = statistics.median(rewrites) * 1000
        session.lock()
    finally:
        opened.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--folder", type=Path, default=None,
                        help="where the vault is built (a real disk, for fsync)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.folder, prefix="journal-bench-") as folder:
        figures = run(args.n, Path(folder))
    targets = {"load_median_s": 0.3, "find_p95_ms": 30.0, "save_new_median_ms": 15.0}
    for name, value in figures.items():
        target = targets.get(name)
        verdict = "" if target is None else (
            f" target<={target} {'ok' if value <= target else 'miss'}")
        print(f"journal {args.n}: {name}={value:.4g}{verdict}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
