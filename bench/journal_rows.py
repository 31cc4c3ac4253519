"""The private journal's rows in ``make bench`` (#10), each against its floor measured
in the same run, and jrnl's encrypted journal beside it.

For each size, a vault whose first partner's journal holds that many entries of
300 to 3,000 characters (:mod:`bench.journal_texts`, written through
``models.bulk.fill_journal``; built once per version of ``models/`` and kept), then,
alternating so drift hits both alike, the real window (:mod:`bench.journal_run`) and
the floor (:mod:`bench.journal_floor`), and last jrnl with the same texts
(:mod:`bench.jrnl_run`, skipped with a note when jrnl is not installed):

- opening the journal after the password (its list painted): together, from Open my
  journal and the owner's password; alone, from the unlock page's password with the
  journal as the last tab (the whole window is built too). Both against the same rows
  read and decrypted with plain peewee + AES-GCM and listed; all plus one key derivation;
- search as you type (p95 over the keys of a word, a second word and erasing them),
  against a plain Python substring scan over the decrypted texts;
- saving an entry: ``save_entry`` itself and the tab's autosave (medians, fsync),
  against one encrypted row update committed.

``python -m bench.journal_rows --sizes 1000 [--repeat N] [--fast-kdf]`` prints only
these rows (the test uses it); ``python -m bench`` prints them after each size's others.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.journal_texts import SECOND_WORD, WORD, journal_texts
from bench.report import Row, median, p95, show
from bench.vaults import NAMES, PASSWORDS, _models_hash, cache_folder, copy_of

Child = Callable[..., dict[str, Any]]
OPEN_ALLOWANCE = 0.3  # seconds beyond the key derivation (issue #10)
LARGEST = 10_000  # #10's targets are for 10,000 entries (BENCH_FULL's 100k is for #9)


def journal_vault(size: int, log: bool = True) -> Path:
    """A vault whose first partner's journal holds ``size`` entries (built once)."""
    digest = hashlib.sha256(_models_hash().encode())
    for name in ("journal_rows.py", "journal_texts.py"):
        digest.update((Path(__file__).parent / name).read_bytes())
    path = cache_folder() / f"journal-{size}-{digest.hexdigest()[:12]}.vault"
    if path.exists():
        return path
    start = time.perf_counter()
    building = path.with_suffix(".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    target = building / path.name
    _build(target, size)
    os.replace(target, path)
    shutil.rmtree(building, ignore_errors=True)
    if log:
        print(f"  (built a {size:,}-entry journal vault through models.bulk.fill_journal in "
              f"{time.perf_counter() - start:.0f} s; kept in {path.parent})", flush=True)
    return path


def _build(path: Path, size: int) -> None:
    from models import bulk
    from models import vault as vault_module
    from models.keys import FAST_TEST_COST
    from models.session import Keyring

    plan = vault_module.prepare_setup(NAMES, PASSWORDS, FAST_TEST_COST)
    vault = vault_module.Vault.create(path, plan)
    try:
        keys = Keyring(dict(plan.bundles))
        bulk.fill_journal(keys, 1, journal_texts(size))
        keys.clear()
    finally:
        vault.close()


def values(runs: list[dict[str, Any]], key: str, pick: Any = median) -> float:
    """The median over runs of each run's ``pick`` (median or p95) of ``key``."""
    per_run = []
    for run in runs:
        value = run.get(key)
        if isinstance(value, list):
            per_run.append(pick(value) if value else math.nan)
        elif isinstance(value, int | float):
            per_run.append(float(value))
    return median(per_run)


def journal_rows(size: int, repeat: int, samples: int, kdf: float, child: Child) -> list[str]:
    """The journal's rows for ``size`` entries, then jrnl's side by side."""
    if size > LARGEST:
        return [f"  (the journal is measured up to {LARGEST:,} entries, as #10 asks; "
                f"not at {size:,})"]
    vault = journal_vault(size)
    trellis, floor = [], []
    work = Path(tempfile.mkdtemp(prefix="trellis-bench-journal-"))
    try:
        for turn in range(repeat):
            trellis.append(child("bench.journal_run", str(copy_of(vault, work / str(turn))),
                                 str(samples)))
            floor.append(child("bench.journal_floor", str(size), str(samples)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    count = f"{size // 1000}k" if size >= 1000 else str(size)
    ms = 1000.0
    opening = values(trellis, "open")
    floor_open = kdf + values(floor, "open")
    rows = [
        Row(f"opening the journal after the password together, Open my journal -> "
            f"list painted ({count} entries)", kdf + values(trellis, "together_open"), floor_open,
            "s", target_limit=kdf + OPEN_ALLOWANCE),
        Row(f"unlock alone -> My journal painted ({count} entries)", kdf + opening, floor_open,
            "s", target_limit=kdf + OPEN_ALLOWANCE),
        Row(f"journal search as you type, p95 ({count} entries)",
            ms * values(trellis, "search", p95), ms * values(floor, "search", p95), "ms",
            target_limit=30),
        Row(f"journal save_entry with fsync, median ({count} entries)",
            ms * values(trellis, "save_entry"), ms * values(floor, "save"), "ms",
            target_limit=15),
        Row(f"journal autosave in the tab with fsync, median ({count} entries)",
            ms * values(trellis, "autosave"), ms * values(floor, "save"), "ms",
            target_limit=15),
    ]
    lines = [row.line() for row in rows]
    loads, index = values(trellis, "load_entries"), values(trellis, "index_build")
    lines.append(
        f"  · key derivation {kdf:.3f} s is in both sides of the opening rows; the list "
        f"paints with the first page, and every entry was listed after "
        f"{values(trellis, 'open_whole'):.3f} s alone, {values(trellis, 'together_whole'):.3f} s "
        f"together (beyond the key derivation; the floor lists all at once); on a worker "
        f"meanwhile, load_entries took {loads:.3f} s and the search index {index:.3f} s; "
        f"the floor's search is the scan alone (no list repainted); a new entry's save_entry "
        f"{ms * values(trellis, 'save_entry_new'):.1f} ms, in the tab "
        f"{ms * values(trellis, 'add'):.1f} ms; '{WORD}' is in "
        f"{values(trellis, 'search_word_found'):.0f} entries; peak RSS "
        f"{values(trellis, 'peak_rss'):.0f} MiB (floor {values(floor, 'peak_rss'):.0f} MiB)")
    lines.extend(jrnl_lines(size, count, repeat, kdf, trellis, child))
    return lines


def jrnl_lines(size: int, count: str, repeat: int, kdf: float,
               trellis: list[dict[str, Any]], child: Child) -> list[str]:
    """jrnl's encrypted journal with the same texts, beside Trellis's figures."""
    jrnl = child("bench.jrnl_run", str(size), str(max(3, repeat)))
    if not jrnl:
        return [f"  jrnl ({count}): gave no result (see above)"]
    if "unavailable" in jrnl:
        return [f"  jrnl ({count}): not measured: {jrnl['unavailable']}"]
    sides: tuple[tuple[str, float, Any], ...] = (
        ("open and show the newest entry",
         kdf + values(trellis, "open") + values(trellis, "show_newest"), jrnl.get("newest")),
        (f"search '{WORD}'", values(trellis, "search_word"), jrnl.get("search")),
        ("add an entry", values(trellis, "add"), jrnl.get("add")),
    )  # seconds, each
    lines = [f"  jrnl {jrnl.get('version', '?')} beside it: an encrypted journal with the same "
             f"{jrnl.get('entries', size):,} texts; each command is one jrnl process with its "
             f"password on stdin (medians of {jrnl.get('rounds', '?')})"]
    # The same opening without either key derivation: Argon2id is slow on purpose.
    pbkdf2 = median(jrnl.get("pbkdf2", []))
    sides += (("open and show the newest entry without either key derivation",
               sides[0][1] - kdf, [median(jrnl.get("newest", [])) - pbkdf2]),)
    for what, ours, theirs in sides:
        theirs_s = median(theirs) if isinstance(theirs, list) else math.nan
        ratio = ours / theirs_s if theirs_s and not math.isnan(theirs_s) else math.nan
        unit, scale = ("s", 1.0) if theirs_s >= 1 or ours >= 1 else ("ms", 1000.0)
        lines.append(f"jrnl side by side, {what} ({count}): "
                     f"trellis={show(scale * ours, unit)} jrnl={show(scale * theirs_s, unit)} "
                     f"trellis/jrnl={ratio:.3g}x")
    python, found = median(jrnl.get("python", [])), jrnl.get("search_found", "?")
    lines.append(
        f"  · jrnl's times include starting Python ({python:.3f} s here) and its PBKDF2 "
        f"(100,000 rounds, {pbkdf2:.3f} s) on every command, reading and decrypting the "
        f"whole file ({jrnl.get('file_mib', math.nan):.1f} MiB); its add writes the whole "
        f"file again, without fsync; its search printed {found} titles (--short; Trellis's "
        f"search also finds the tag 'A question for our therapist'). Trellis's open "
        f"includes Argon2id at the cost calibrated here ({kdf:.3f} s); its search and add "
        f"are in the journal already open, the add one save with fsync. Second search word "
        f"typed: '{SECOND_WORD}'.")
    return lines


def main(argv: list[str] | None = None) -> int:
    from bench.__main__ import child, key_derivation

    parser = argparse.ArgumentParser(prog="python -m bench.journal_rows",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--fast-kdf", action="store_true")
    args = parser.parse_args(argv)
    kdf, _ = key_derivation(max(3, args.repeat), fast=args.fast_kdf)
    for size in (int(s) for s in args.sizes.split(",") if s):
        print(f"== {size:,} journal entries ==", flush=True)
        for line in journal_rows(size, max(1, args.repeat), args.samples, kdf, child):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
