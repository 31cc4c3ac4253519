"""The benchmark's workbooks: N agreements and N consent items, built once and kept.

A vault of a given size is built once per version of the models (the cache key hashes
``models/`` and this file) and copied for each run, so a repeat measures the same
bytes. It is built through the models' bulk path when there is one
(``models/bulk.py``); until then through the normal API, which is slow at 100k.
Passwords and the fast test key derivation are the bench's own: the vaults hold only
made-up words.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
NAMES = {1: "Wren", 2: "Otto"}
PASSWORDS = {1: "bench cedar lantern", 2: "bench harbour pebble"}
WORD_FIELDS = ("title", "category", "wording", "in_practice", "not_ok", "why_1", "why_2")

_WORDS = (
    "call", "before", "evening", "phone", "messages", "shared", "calendar", "weekend",
    "friends", "drinks", "colleague", "travel", "tell", "first", "honest", "pause",
    "check", "together", "kind", "slow", "touch", "ask", "wait", "listen", "notice",
)


def words(i: int, count: int) -> str:
    """A made-up sentence of ``count`` words, different for each ``i``."""
    return " ".join(_WORDS[(i * 7 + k * 3 + k * k) % len(_WORDS)] for k in range(count))


def agreement_text(i: int) -> dict[str, str]:
    """The words of the bench's agreement number ``i`` (the floor uses the same)."""
    from models.agreements import CATEGORIES

    return {
        "title": f"Agreement {i}: {words(i, 4)}",
        "category": CATEGORIES[i % len(CATEGORIES)],
        "wording": f"We agree to {words(i, 24)}.",
        "in_practice": f"In practice: {words(i + 1, 16)}.",
        "not_ok": f"Not ok: {words(i + 2, 10)}.",
    }


def bulk_path() -> str | None:
    """The models' bulk path for building big vaults, if it exists yet."""
    if importlib.util.find_spec("models.bulk") is not None:
        return "models.bulk"
    import models.demo

    if any(name.startswith("fill_") for name in dir(models.demo)):
        return "models.demo.fill_*"
    return None


def cache_folder() -> Path:
    folder = Path(os.environ.get("BENCH_CACHE", Path(tempfile.gettempdir()) / "trellis-bench"))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _models_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "models").rglob("*.py")):
        digest.update(path.read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:12]


def vault_of(size: int, log: bool = True) -> Path:
    """A vault with ``size`` agreements and ``size`` consent items (built once)."""
    path = cache_folder() / f"agreements-{size}-{_models_hash()}.vault"
    if path.exists():
        return path
    start = time.perf_counter()
    building = path.with_suffix(".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir()
    target = building / path.name
    how = _build(target, size)
    os.replace(words_path(target), words_path(path))
    os.replace(target, path)
    shutil.rmtree(building, ignore_errors=True)
    if log:
        print(f"  (built a {size:,}-agreement vault through {how} in "
              f"{time.perf_counter() - start:.0f} s; kept in {path.parent})", flush=True)
    return path


def empty_vault() -> Path:
    """A vault with nothing written yet (for the start-up rows)."""
    return vault_of(0, log=False)


def copy_of(vault: Path, folder: Path) -> Path:
    """A fresh copy to run against, so no run measures what another one changed."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / vault.name
    shutil.copyfile(vault, target)
    return target


def _build(path: Path, size: int) -> str:
    """Write the vault and, beside it, the words of its agreements for the floor (the
    bench's own made-up words); returns how it was built."""
    from models import vault as vault_module
    from models.keys import FAST_TEST_COST
    from models.session import Keyring

    plan = vault_module.prepare_setup(NAMES, PASSWORDS, FAST_TEST_COST)
    vault = vault_module.Vault.create(path, plan)
    try:
        keys = Keyring(dict(plan.bundles))  # both journal keys: both confirm
        how = _fill(vault, keys, plan.bundles, size)
        _write_words(keys, path)
        keys.clear()
    finally:
        vault.close()
    return how


def _fill(vault: object, keys: Any, bundles: Any, size: int) -> str:
    if bulk_path() == "models.bulk":
        from models import bulk

        bulk.fill_agreements(vault, keys, size)
        bulk.fill_consent_items(vault, keys, size)
        return "models.bulk"
    from models import agreements, consent
    from models.db import DB
    from models.proof import FreshProof

    # The normal API: one agreement at a time, every other one proposed and confirmed
    # by both, in transactions of 500 (slow at 100k).
    for first in range(0, size, 500):
        with DB.atomic():
            for i in range(first, min(size, first + 500)):
                view = agreements.create(keys, 1 + i % 2, **agreement_text(i))
                if i % 2 == 0:
                    agreements.propose(keys, view.uuid, 1 + i % 2)
                    for partner in (1, 2):
                        agreements.confirm(keys, view.uuid, partner,
                                           FreshProof(partner, bundles[partner]))
                consent.add_item(keys, f"Item {i}: {words(i, 3)}", 1 + i % 2)
    return "the normal API (no bulk path in models/ yet)"


def words_path(vault: Path) -> Path:
    return vault.with_suffix(".words.json")


def _write_words(keys: Any, vault: Path) -> None:
    """The agreements as the app opens them: what the floor stores in its own table."""
    from models import agreements

    views = agreements.all_agreements(keys)
    rows = [{"status": v.status, "change": bool(v.pending_change),  # a change proposed
             **{f: str(v.current.text.get(f, "")) for f in WORD_FIELDS}}
            for v in views]
    words_path(vault).write_text(json.dumps(rows), "utf-8")


def agreement_words(vault: Path) -> list[dict[str, str]]:
    """The words of ``vault``'s agreements, newest first (written when it was built)."""
    rows: list[dict[str, str]] = json.loads(words_path(vault).read_text("utf-8"))
    return rows
