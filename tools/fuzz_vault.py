"""Fuzz the vault: damaged copies of one known vault, opened and read through the models.

``make fuzz`` (``CASES=N``, ``SEED=S``) or ``python -m tools.fuzz_vault --cases N --seed S``.

One vault is built through the model API (both journals, agreements in every state,
reviews, private ratings, consent answers and a reveal). Each case is a copy of it with
one mutation: raw bit flips anywhere, header bit flips, truncations, corruption of
table and index b-tree pages (found with ``dbstat``), SQL edits of every plain column
(to another valid value, to nonsense, to NULL), sealed values replaced, rows swapped or
deleted, key slots edited. A worker process opens the copy, unlocks it three ways (both
passwords, and each alone), and reads everything a screen reads; the parent gives each
case a time limit and replaces a worker that hangs.

Each case ends as one of:

- ``ok``: everything read exactly as from the undamaged vault;
- ``reported``: what differs was named: a :class:`models.errors.TrellisError` (or a
  :class:`models.damage.Damage` from ``agreements.load_all``) stood in its place;
- ``unhandled``: any other exception escaped a model call;
- ``hang``: the case ran past its time limit;
- ``silent wrong``: a read returned something other than the original and nothing
  reported it (a row missing, a status changed, a name blank…).

Each read (a *component*: the names, the agreement list, one agreement's history, the
consent list…) is judged on its own, so a report about one record does not excuse a
wrong answer elsewhere; a case takes its worst component. The run prints a table per
mutation kind, the unhandled sites, the hangs and what was silently wrong, and ends
with ``fuzz: N cases, E unhandled, H hangs, W silent wrong``. It exits 0 whatever the
figures (they are the result), 2 if the harness itself broke.

``--case I`` replays one case in this process and prints every finding with its
traceback; ``--keep DIR`` keeps the base vault, and ``--base DIR`` reuses one, for
byte-for-byte reproduction (a new base has new keys, nonces and uuids).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import selectors
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
import uuid as uuid_module
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
PASSWORDS = {1: "amber lantern quietly 41", 2: "cobalt harbour slowly 17"}
NAMES = {1: "Avery", 2: "Blake"}
MODES: dict[str, tuple[int, ...]] = {"both": (1, 2), "alone 1": (1,), "alone 2": (2,)}
BASE_NAME = "base.vault"
LABELS_NAME = "base.json"

# Mutation kinds and their share of the cases (a control case has no mutation).
KINDS: dict[str, int] = {
    "bitflip": 18, "header": 4, "truncate": 5, "page_table": 11, "page_index": 10,
    "sql_valid": 14, "sql_nonsense": 9, "sql_null": 8, "sql_sealed": 5,
    "row_swap": 5, "row_delete": 5, "slot_edit": 5, "none": 1,
}
OUTCOMES = ("ok", "reported", "unhandled", "hang", "silent wrong")
# A case takes its worst finding.
_RANK = {"ok": 0, "reported": 1, "silent wrong": 2, "unhandled": 3, "hang": 4}


# -- the known vault ------------------------------------------------------------------


def build_base(folder: Path) -> Path:
    """Write the known vault (and a label per agreement uuid) into ``folder``."""
    from models import agreements, consent, keys
    from models import vault as vault_module
    from models.journal import write_entry
    from models.proof import FreshProof
    from models.session import Keyring

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / BASE_NAME
    plan = vault_module.prepare_setup(NAMES, PASSWORDS, cost=keys.FAST_TEST_COST)
    vault = vault_module.Vault.create(path, plan)
    labels: dict[str, str] = {}
    try:
        ring = Keyring(dict(plan.bundles))  # both journal keys, as the demo writes

        def proof(partner: int) -> FreshProof:
            return FreshProof(partner, plan.bundles[partner])

        def both() -> tuple[FreshProof, FreshProof]:
            return proof(1), proof(2)

        write_entry(ring, 1, "Sunday walk", "It helped to walk before talking.")
        write_entry(ring, 1, "A hard evening", "Named the tightness, took ten minutes.")
        write_entry(ring, 2, "To bring up", "The agreement about late messages works.")

        def agreement(label: str, author: int, **text: str) -> str:
            made = agreements.create(ring, author, title=f"{label} title",
                                     wording=f"The words of the {label} agreement.",
                                     in_practice="Weeknights.", not_ok="Skipping it.",
                                     why_1="It matters to me.", why_2="And to me.",
                                     category="communication", **text)
            labels[made.uuid] = label
            return made.uuid

        def agree(uuid: str, proposer: int = 1) -> None:
            agreements.propose(ring, uuid, proposer)
            for partner in (1, 2):
                agreements.confirm(ring, uuid, partner, proof(partner))

        agreement("draft", 1)
        proposed = agreement("proposed", 2)
        agreements.propose(ring, proposed, 2)
        agreements.confirm(ring, proposed, 2, proof(2))
        agree(agreement("agreed", 1))
        paused = agreement("paused", 2)
        agree(paused, 2)
        agreements.withdraw(ring, paused, 1, "Let us talk about timing.")
        change = agreement("change", 1)
        agree(change)
        agreements.propose_change(ring, change, 2)
        agreements.edit(ring, change, 2, wording="Changed words, proposed beside the agreed.")
        reviewed = agreement("reviewed", 2)
        agree(reviewed, 2)
        agreements.rate_review(ring, reviewed, 1, proof(1), works=4, follow=3)
        agreements.rate_review(ring, reviewed, 2, proof(2), works=None, follow=5)
        agreements.decide_review(ring, reviewed, both(), reviewed_on=dt.date(2024, 5, 1),
                                 helps="Talking on Sundays.", hard="Late evenings.",
                                 decision="adjust", partner=1)
        agreements.note_review_alone(ring, reviewed, 2, reviewed_on=dt.date(2024, 6, 1),
                                     helps="Still fine.", hard="")
        rating = agreement("rating", 1)
        agree(rating)
        agreements.rate_review(ring, rating, 1, proof(1), works=2, follow=2)
        retired = agreement("retired", 1)
        agree(retired)
        agreements.retire(ring, retired, 2, "No longer needed.", both())

        for label in ("Holding hands", "Kissing", "Staying over", "Talking about it"):
            consent.add_item(ring, label, None)
        item_ids = [item.uuid for item in consent.items(ring)]
        labels.update({item_id: f"item{n}" for n, item_id in enumerate(item_ids, 1)})
        answers = {1: ["yes", "maybe", "no", "yes"], 2: ["yes", "yes", "yes", "not_now"]}
        for partner in (1, 2):
            for item_id, value in zip(item_ids, answers[partner], strict=True):
                consent.answer(ring, partner, item_id, value, note=f"note {partner}")
        consent.reveal(ring, both())
        consent.answer(ring, 2, item_ids[1], "maybe")  # toward caution: rewrites the reveal
        consent.add_item(ring, "Added after the reveal", 1)
        ring.clear()
    finally:
        vault.close()
    for leftover in folder.glob(BASE_NAME + ".lock"):
        leftover.unlink()
    (folder / LABELS_NAME).write_text(json.dumps(labels, indent=1), "utf-8")
    return path


# -- reading a vault the way the screens do -----------------------------------------


def canon(value: Any) -> Any:
    """A JSON-ready form of what a model call returned (types kept apart: 1 is not True)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: canon(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): canon(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [canon(v) for v in value]
    if isinstance(value, dt.datetime):
        return "datetime " + value.isoformat()
    if isinstance(value, dt.date):
        return "date " + value.isoformat()
    if isinstance(value, bool):
        return "bool " + str(value)
    if isinstance(value, bytes):
        return "bytes " + value.hex()
    if value is None or isinstance(value, int | float | str):
        return value
    return f"{type(value).__name__} {value!r}"


def _where(exc: BaseException) -> tuple[str, str]:
    """The innermost frame in Trellis's code, and the innermost frame of all."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames
            if Path(f.filename).resolve().is_relative_to(REPO_ROOT / "models")]

    def show(frame: traceback.FrameSummary) -> str:
        name = Path(frame.filename)
        try:
            name = name.resolve().relative_to(REPO_ROOT)
        except ValueError:
            parts = name.parts
            name = Path(*parts[-2:]) if len(parts) > 1 else name
        return f"{name}:{frame.lineno} {frame.name}"

    return (show(ours[-1]) if ours else "-"), (show(frames[-1]) if frames else "-")


def _error(exc: BaseException) -> dict[str, Any]:
    from models.errors import TrellisError

    where, via = _where(exc)
    return {"trellis": isinstance(exc, TrellisError), "type": type(exc).__name__,
            "where": where, "via": via, "message": str(exc)[:200],
            "traceback": "".join(traceback.format_exception(exc))[-4000:]}


class _Reader:
    """Reads one mode; every model call is one component with a value or an error."""

    def __init__(self) -> None:
        self.results: dict[str, tuple[str, Any]] = {}

    def call(self, component: str, fn: Callable[[], Any]) -> Any:
        try:
            value = fn()
        except Exception as exc:  # every exception is a finding, judged by compare()
            self.results[component] = ("error", _error(exc))
            raise _Stop from exc
        self.results[component] = ("value", canon(value))
        return value

    def soft(self, component: str, fn: Callable[[], Any]) -> Any:
        try:
            return self.call(component, fn)
        except _Stop:
            return None


class _Stop(Exception):
    pass


@dataclasses.dataclass
class Loaded:
    """What a damage-reporting loader returned: the records that opened, and a
    :class:`models.damage.Damage` for each one that did not."""

    values: list[Any]
    damaged: list[Any]


def _loaded(result: tuple[Any, Any]) -> Loaded:
    values, damaged = result
    if not isinstance(values, list):  # one value (or None) and one damage (or None)
        values = [] if values is None else [values]
    if not isinstance(damaged, list):
        damaged = [] if damaged is None else [damaged]
    return Loaded(values, damaged)


def read_mode(path: Path, partners: tuple[int, ...]) -> dict[str, tuple[str, Any]]:
    """Open, unlock as ``partners`` and read everything; one result per component."""
    from models import agreements, consent
    from models import vault as vault_module
    from models.db import DB
    from models.journal import entries_of

    reader = _Reader()
    vault = None
    try:
        vault = reader.call("open", lambda: vault_module.Vault.open(path))
        reader.results["open"] = ("value", "opened")
        slots = reader.call("slots", lambda: vault.slots("password"))
        reader.results["slots"] = ("value", "read")  # judged by what they unlock
        bundles = {}
        for partner in partners:
            who, bundle = reader.call(f"unlock {partner}",
                                      lambda p=partner: vault_module.try_password(
                                          slots, PASSWORDS[p]))
            reader.results[f"unlock {partner}"] = ("value", who)
            bundles[who] = bundle
        session = reader.call("session", lambda: vault.start_session(bundles))
        reader.results["session"] = ("value", canon(session.partners))
        keys = session.keyring
        # Names as records, so a name that did not open is judged like any record.
        reader.soft("names", lambda: _loaded((
            [{"uuid": f"partner {p}", "name": n} for p, n in session.names.items()
             if n or not any(d.uuid == f"partner {p}" for d in session.names_damaged)],
            list(session.names_damaged))))
        loaded = reader.soft("agreements", lambda: _loaded(agreements.load_all(keys)))
        uuids = [v.uuid for v in loaded.values] if loaded else []
        # Each agreement's history is the same whoever reads it: read it once, together.
        for uuid in sorted(uuids) if len(partners) == 2 else []:
            reader.soft(f"revisions {uuid}", lambda u=uuid: agreements.revisions(keys, u))
            reader.soft(f"events {uuid}", lambda u=uuid: agreements.events(keys, u))
            reader.soft(f"reviews {uuid}", lambda u=uuid: agreements.reviews(keys, u))
        # Where a loader reports damage record by record, read through it, as screens do.
        if hasattr(consent, "load_items"):
            reader.soft("consent items", lambda: _loaded(consent.load_items(keys)))
        else:
            reader.soft("consent items", lambda: consent.items(keys))
        if hasattr(consent, "load_latest_reveal"):
            reader.soft("reveal", lambda: _loaded(consent.load_latest_reveal(keys)))
        else:
            reader.soft("reveal", lambda: consent.latest_reveal(keys))
        for owner in (1, 2):
            if len(partners) == 2:  # together: the owner types their password again
                proof = reader.soft(f"proof {owner}",
                                    lambda o=owner: vault.check_password(o, PASSWORDS[o]))
                if proof is None:
                    continue
                reader.results[f"proof {owner}"] = ("value", "proved")
                keys.hold_journal(owner, proof.bundle.journal_key)
            elif owner not in partners:
                continue
            reader.soft(f"journal {owner}", lambda o=owner: entries_of(keys, o))
            reader.soft(f"answers {owner}", lambda o=owner: consent.my_answers(keys, o))
            for uuid in sorted(uuids) if len(partners) == 1 else []:  # their own, alone
                reader.soft(f"rating {owner} {uuid}",
                            lambda o=owner, u=uuid: agreements.my_rating(keys, u, o))
            if len(partners) == 2:
                keys.forget_journal(owner)
        session.lock()
    except _Stop:
        pass
    finally:
        if vault is not None:
            reader.soft("close", vault.close)
        if DB.obj is not None:  # a failed open must not leave the next case bound
            DB.obj.close()
            DB.initialize(None)
    for component, (state, value) in list(reader.results.items()):
        if component.startswith("journal") and state == "value":
            # entries_of returns (row, opened) pairs: the row object is not content.
            reader.results[component] = ("value", [pair[1] for pair in value])
    return reader.results


def read_everything(path: Path) -> dict[str, dict[str, tuple[str, Any]]]:
    return {mode: read_mode(path, partners) for mode, partners in MODES.items()}


# -- judging one case -----------------------------------------------------------------


def _diff(a: Any, b: Any, prefix: str = "", limit: int = 4) -> list[str]:
    """Where two canonical values differ, as short paths (a few at most)."""
    if json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True):
        return []
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append(f"{prefix}{key} {'added' if key not in a else 'missing'}")
            else:
                out += _diff(a[key], b[key], f"{prefix}{key}.", limit)
            if len(out) >= limit:
                break
        return out[:limit]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{prefix}length {len(a)}->{len(b)}"]
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            out += _diff(x, y, f"{prefix}[{i}].", limit)
            if len(out) >= limit:
                break
        return out[:limit]
    return [prefix.rstrip(".") or "value"]


def compare(reference: dict[str, dict[str, tuple[str, Any]]],
            got: dict[str, dict[str, tuple[str, Any]]],
            labels: dict[str, str]) -> list[dict[str, Any]]:
    """Findings of one case: each ``reported``, ``unhandled`` or ``silent wrong``."""

    def name(component: str) -> str:
        for uuid, label in labels.items():
            component = component.replace(uuid, label)
        return component

    findings: list[dict[str, Any]] = []
    for mode, results in got.items():
        ref = reference[mode]
        for component, (state, value) in results.items():
            where = {"mode": mode, "component": name(component)}
            if state == "error":
                outcome = "reported" if value["trellis"] else "unhandled"
                findings.append({**where, "outcome": outcome, **value})
                continue
            if isinstance(value, dict) and set(value) == {"values", "damaged"}:
                findings += _compare_loaded(ref.get(component), value, where, name)
                continue
            if component not in ref or ref[component][0] != "value":
                findings.append({**where, "outcome": "silent wrong", "what": ["unexpected"]})
            elif (what := _diff(ref[component][1], value)):
                findings.append({**where, "outcome": "silent wrong",
                                 "what": [name(w) for w in what]})
        # A component the original had but this case never reached is fine only if
        # something before it stopped the mode (that finding is already listed).
        stopped = any(state == "error" for state, _ in results.values())
        if not stopped:
            for component in ref:
                if component not in results and not _detail_of_missing(component, results):
                    findings.append({"mode": mode, "component": name(component),
                                     "outcome": "silent wrong", "what": ["not read"]})
    return findings


def _detail_of_missing(component: str, results: dict[str, tuple[str, Any]]) -> bool:
    """A per-agreement read is skipped when load_all did not return that agreement;
    the agreement list's own comparison judged that already."""
    parts = component.split(" ")
    return parts[0] in ("revisions", "events", "reviews", "rating")


def _key_of(record: Any, position: int) -> str:
    if isinstance(record, dict):
        for field in ("uuid", "item"):
            if isinstance(record.get(field), str):
                return record[field]
    return f"#{position}"  # one value, such as the latest reveal


def _compare_loaded(ref: tuple[str, Any] | None, value: dict[str, Any],
                    where: dict[str, str], name: Callable[[str], str]) -> list[dict[str, Any]]:
    """Records that opened must read as before; one missing must be among the damaged."""
    views = {_key_of(v, i): v for i, v in enumerate(value["values"])}
    damaged = {d["uuid"]: d for d in value["damaged"]}
    findings: list[dict[str, Any]] = [
        {**where, "outcome": "reported", "type": "Damage", "where": d["detail"],
         "record": name(uuid)} for uuid, d in damaged.items()]
    ref_list = ref[1]["values"] if ref and ref[0] == "value" and isinstance(ref[1], dict) \
        else []
    ref_views = {_key_of(v, i): v for i, v in enumerate(ref_list)}
    for key, view in views.items():
        if key not in ref_views:
            findings.append({**where, "outcome": "silent wrong", "what": [f"{name(key)} added"]})
        elif (what := _diff(ref_views[key], view)):
            findings.append({**where, "outcome": "silent wrong",
                             "what": [f"{name(key)}.{w}" for w in what]})
    if ref_views and not views and damaged:
        return findings  # nothing opened, and the loader said so
    missing = [key for key in ref_views if key not in views and key not in damaged
               and not (key.startswith("#") and damaged)]
    # A damaged record whose uuid was itself hit is still shown in its place: it covers
    # one record missing under its old uuid.
    unknown = [uuid for uuid in damaged if uuid not in ref_views]
    for key in missing[len(unknown):]:
        findings.append({**where, "outcome": "silent wrong", "what": [f"{name(key)} missing"]})
    order = [k for k in views if k in ref_views]
    if order != [k for k in ref_views if k in views]:
        findings.append({**where, "outcome": "silent wrong", "what": ["order"]})
    return findings


def outcome_of(findings: list[dict[str, Any]]) -> str:
    worst = "ok"
    for finding in findings:
        if _RANK[finding["outcome"]] > _RANK[worst]:
            worst = finding["outcome"]
    return worst


# -- the mutations ----------------------------------------------------------------------


@dataclasses.dataclass
class Layout:
    """What the mutations need to know about the base vault."""

    size: int
    page_size: int
    pages: dict[str, list[tuple[int, str]]]  # "table"/"index" -> (page number, b-tree name)
    page_owner: dict[int, str]
    tables: dict[str, list[tuple[str, str, bool]]]  # table -> (column, type, primary key)
    rows: dict[str, list[int]]  # table -> rowids
    columns: dict[tuple[str, str], list[Any]]  # distinct values per column


def layout_of(base: Path) -> Layout:
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "layout.vault"
        shutil.copyfile(base, copy)
        con = sqlite3.connect(copy)
        try:
            page_size = con.execute("PRAGMA page_size").fetchone()[0]
            kinds = dict(con.execute("SELECT name, type FROM sqlite_master"))
            pages: dict[str, list[tuple[int, str]]] = {"table": [], "index": []}
            owner: dict[int, str] = {}
            for name, pageno, pagetype in con.execute(
                    "SELECT name, pageno, pagetype FROM dbstat ORDER BY pageno"):
                owner[pageno] = f"{name} {pagetype}"
                if pagetype == "overflow":
                    continue
                kind = "index" if kinds.get(name) == "index" else "table"
                pages[kind].append((pageno, name))
            tables: dict[str, list[tuple[str, str, bool]]] = {}
            rows: dict[str, list[int]] = {}
            columns: dict[tuple[str, str], list[Any]] = {}
            for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                        "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall():
                info = con.execute(f'PRAGMA table_info("{table}")').fetchall()
                tables[table] = [(row[1], row[2].upper(), bool(row[5])) for row in info]
                rows[table] = [r[0] for r in con.execute(f'SELECT rowid FROM "{table}"')]
                for column, _, _ in tables[table]:
                    values = con.execute(f'SELECT DISTINCT "{column}" FROM "{table}"').fetchall()
                    columns[(table, column)] = [v[0] for v in values]
        finally:
            con.close()
    return Layout(base.stat().st_size, page_size, pages, owner, tables, rows, columns)


@dataclasses.dataclass
class Mutation:
    kind: str
    target: str  # what was hit: "agreement.status", "index page", "key_slot.kdf"…
    detail: str  # exactly what was done (enough to read the case back)


def _pick_kind(rng: random.Random) -> str:
    return rng.choices(list(KINDS), weights=list(KINDS.values()))[0]


def mutate(path: Path, layout: Layout, rng: random.Random, kind: str) -> Mutation:
    """Apply one mutation of ``kind`` to the vault copy at ``path``."""
    if kind == "none":
        return Mutation(kind, "-", "no change (control)")
    if kind in ("bitflip", "header"):
        limit = 100 if kind == "header" else layout.size
        offset, bit = rng.randrange(limit), rng.randrange(8)
        with path.open("r+b") as handle:
            handle.seek(offset)
            byte = handle.read(1)[0]
            handle.seek(offset)
            handle.write(bytes([byte ^ (1 << bit)]))
        page = offset // layout.page_size + 1
        target = "header" if offset < 100 else layout.page_owner.get(page, "free page")
        return Mutation(kind, target.split(" ")[-1] if kind == "bitflip" else "header",
                        f"offset {offset} bit {bit} (page {page}: {target})")
    if kind == "truncate":
        if rng.random() < 0.5:
            length = rng.randrange(layout.size // layout.page_size) * layout.page_size
        else:
            length = rng.randrange(layout.size)
        os.truncate(path, length)
        return Mutation(kind, "file", f"to {length} of {layout.size} bytes")
    if kind in ("page_table", "page_index"):
        return _corrupt_page(path, layout, rng, kind)
    return _sql_mutation(path, layout, rng, kind)


def _corrupt_page(path: Path, layout: Layout, rng: random.Random, kind: str) -> Mutation:
    pages = layout.pages["table" if kind == "page_table" else "index"]
    pageno, name = rng.choice(pages)
    size = layout.page_size
    start = (pageno - 1) * size
    header = 100 if pageno == 1 else 0  # page 1 starts with the file header
    data = bytearray(path.read_bytes()[start:start + size])
    how = rng.choice(["zero", "random bytes", "btree header", "cell pointer", "copy page",
                      "cell content"])
    if how == "zero":
        data[header:] = bytes(size - header)
    elif how == "random bytes":
        for _ in range(rng.randint(1, 32)):
            data[rng.randrange(header, size)] = rng.randrange(256)
    elif how == "btree header":
        at = header + rng.randrange(8)
        data[at] = rng.randrange(256)
    elif how == "cell pointer":
        cells = int.from_bytes(data[header + 3:header + 5], "big")
        pointer_base = header + (12 if data[header] in (2, 5) else 8)
        if cells:
            at = pointer_base + 2 * rng.randrange(cells)
            data[at:at + 2] = rng.randrange(size).to_bytes(2, "big")
        else:
            data[header + 3] ^= 1
    elif how == "copy page":
        other, _ = rng.choice(pages)
        source = path.read_bytes()[(other - 1) * size:other * size]
        data[header:] = source[header:] if other != 1 else source[header:]
        how = f"copy of page {other}"
    else:  # a byte inside the cell content area (the rows or index keys themselves)
        content = int.from_bytes(data[header + 5:header + 7], "big") or size
        if content >= size:
            content = header + 8
        at = rng.randrange(content, size)
        data[at] ^= 1 << rng.randrange(8)
        how = f"cell content byte {at}"
    with path.open("r+b") as handle:
        handle.seek(start)
        handle.write(bytes(data))
    return Mutation(kind, f"{name}", f"page {pageno} ({name}): {how}")


_NONSENSE: list[Any] = [
    "", "x", "nonsense", "🙂" * 3, "\u202eevil", "9" * 40, -1, 0, 3, 2**63 - 1, -(2**63),
    1.5, float("inf"), b"\x00\xff", "2024-13-45 99:99:99", "null", "{", "x" * 10_000,
]
_DOMAINS: dict[str, list[Any]] = {
    "status": ["draft", "proposed", "agreed", "under_review", "paused", "retired"],
    "kind": ["created", "proposed", "confirmed", "agreed", "withdrawn", "retired", "revised",
             "password", "recovery"],
    "decision": ["keep", "adjust", "pause", "retire", ""],
    "name": ["vault_id", "created_at"],
}


def _valid_alternatives(layout: Layout, table: str, column: str, ctype: str,
                        current: Any) -> list[Any]:
    """Values of the right shape: others already in this column, the column's domain,
    neighbouring numbers and dates, other records' uuids."""
    options = list(layout.columns.get((table, column), []))
    options += _DOMAINS.get(column, [])
    if isinstance(current, int) and not isinstance(current, bool):
        options += [current - 1, current + 1, 0, 1, 2]
    if column == "uuid" or column == "value":
        options += [v for (t, c), vs in layout.columns.items() if c == "uuid" for v in vs]
        options.append(uuid_module.uuid4().hex)
    if isinstance(current, str) and ctype in ("DATETIME", "DATE"):
        for fmt in ("%Y-%m-%d %H:%M:%S%z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
            try:
                moment = dt.datetime.strptime(current.replace("+00:00", "+0000"), fmt)
            except ValueError:
                continue
            for days in (-400, -1, 1, 30):
                shifted = moment + dt.timedelta(days=days)
                text = shifted.strftime(fmt)
                options.append(text.replace("+0000", "+00:00"))
            break
    return [v for v in options if v != current and v is not None]


def _plain_columns(layout: Layout) -> list[tuple[str, str, str]]:
    return [(t, c, ty) for t, cols in layout.tables.items() for c, ty, _ in cols
            if ty != "BLOB" and not (t == "key_slot" and c == "kdf") and layout.rows[t]]


def _sealed_columns(layout: Layout) -> list[tuple[str, str, str]]:
    return [(t, c, ty) for t, cols in layout.tables.items() for c, ty, _ in cols
            if ty == "BLOB" and t != "key_slot" and layout.rows[t]]


@contextmanager
def _connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection, as anyone with the file and a SQLite tool has."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        yield con
    finally:
        con.close()


def _sql_mutation(path: Path, layout: Layout, rng: random.Random, kind: str) -> Mutation:
    with _connection(path) as con:
        for _ in range(8):  # a change a constraint refuses is retried on another row
            try:
                return _sql_once(con, layout, rng, kind)
            except sqlite3.IntegrityError:
                continue
    return Mutation(kind, "-", "every attempt was refused by a constraint (no change)")


def _sql_once(con: sqlite3.Connection, layout: Layout, rng: random.Random,
              kind: str) -> Mutation:
    if kind in ("sql_valid", "sql_nonsense", "sql_null"):
        table, column, ctype = rng.choice(_plain_columns(layout))
        rowid = rng.choice(layout.rows[table])
        current = con.execute(f'SELECT "{column}" FROM "{table}" WHERE rowid=?',
                              (rowid,)).fetchone()[0]
        if kind == "sql_null":
            value = None
        elif kind == "sql_nonsense":
            value = rng.choice(_NONSENSE)
        else:
            options = _valid_alternatives(layout, table, column, ctype, current)
            value = rng.choice(options) if options else current
        con.execute(f'UPDATE "{table}" SET "{column}"=? WHERE rowid=?', (value, rowid))
        shown = value if not isinstance(value, str) or len(value) < 40 else value[:20] + "…"
        return Mutation(kind, f"{table}.{column}",
                        f"{table} rowid {rowid}: {column} {current!r:.40} -> {shown!r}")
    if kind == "sql_sealed":
        table, column, _ = rng.choice(_sealed_columns(layout))
        rowid = rng.choice(layout.rows[table])
        how = rng.choice(["from another row", "truncated", "empty", "NULL", "one bit"])
        current = con.execute(f'SELECT "{column}" FROM "{table}" WHERE rowid=?',
                              (rowid,)).fetchone()[0]
        if isinstance(current, str):
            current = current.encode()
        if not isinstance(current, bytes) or not current:  # NULL or empty: one byte to edit
            current = b"\x01"
        if how == "from another row":
            other = rng.choice(layout.rows[table])
            value = con.execute(f'SELECT "{column}" FROM "{table}" WHERE rowid=?',
                                (other,)).fetchone()[0]
            how = f"from rowid {other}"
        elif how == "truncated":
            value = bytes(current)[: rng.randrange(max(1, len(current)))]
        elif how == "empty":
            value = b""
        elif how == "NULL":
            value = None
        else:
            raw = bytearray(current)
            raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
            value = bytes(raw)
        con.execute(f'UPDATE "{table}" SET "{column}"=? WHERE rowid=?', (value, rowid))
        return Mutation(kind, f"{table}.{column}", f"{table} rowid {rowid}: {column} {how}")
    if kind == "row_swap":
        table = rng.choice([t for t, r in layout.rows.items() if len(r) >= 2])
        first, second = rng.sample(layout.rows[table], 2)
        pk = next((c for c, _, is_pk in layout.tables[table] if is_pk), "rowid")
        a = con.execute(f'SELECT "{pk}" FROM "{table}" WHERE rowid=?', (first,)).fetchone()[0]
        b = con.execute(f'SELECT "{pk}" FROM "{table}" WHERE rowid=?', (second,)).fetchone()[0]
        temp = -987654 if isinstance(a, int) else "swap-temp"
        con.execute("BEGIN")
        con.execute(f'UPDATE "{table}" SET "{pk}"=? WHERE "{pk}"=?', (temp, a))
        con.execute(f'UPDATE "{table}" SET "{pk}"=? WHERE "{pk}"=?', (a, b))
        con.execute(f'UPDATE "{table}" SET "{pk}"=? WHERE "{pk}"=?', (b, temp))
        con.execute("COMMIT")
        return Mutation(kind, table, f"{table}: rows {pk}={a!r} and {pk}={b!r} swapped")
    if kind == "row_delete":
        table = rng.choice([t for t, r in layout.rows.items() if r])
        rowid = rng.choice(layout.rows[table])
        con.execute(f'DELETE FROM "{table}" WHERE rowid=?', (rowid,))
        return Mutation(kind, table, f"{table} rowid {rowid} deleted")
    if kind == "slot_edit":
        return _slot_edit(con, layout, rng)
    raise ValueError(f"unknown mutation kind {kind}")


# Costs within the bounds (up to 1 GiB, 40 passes) are slots calibration could have
# written: slow to try, never a hang, so the edits here sit just outside them (refused
# before any work); tests/models/test_models_crypto_vault.py checks the bounds.
_KDF_EDITS: list[tuple[str, Any]] = [
    ("salt", "zz"), ("salt", ""), ("salt", "abc"), ("salt", "00" * 16), ("salt", 7),
    ("memory_kib", 0), ("memory_kib", -1), ("memory_kib", 8), ("memory_kib", 1024 * 1024 + 1),
    ("memory_kib", 2 * 1024 * 1024), ("memory_kib", 2**40), ("memory_kib", "abc"),
    ("iterations", 0), ("iterations", 64), ("iterations", 65), ("iterations", 10**9),
    ("lanes", 0), ("lanes", 2**24), ("lanes", 2), ("algorithm", "scrypt"),
    ("algorithm", "hkdf-sha256"), ("algorithm", "argon2id"), ("memory_kib", None),
]


def _slot_edit(con: sqlite3.Connection, layout: Layout, rng: random.Random) -> Mutation:
    rowid = rng.choice(layout.rows["key_slot"])
    partner, kind, kdf, sealed = con.execute(
        "SELECT partner, kind, kdf, sealed FROM key_slot WHERE rowid=?", (rowid,)).fetchone()
    where = f"slot {kind} {partner}"
    how = rng.choice(["kdf field", "kdf field", "kdf field", "kdf text", "sealed", "partner",
                      "kind", "delete"])
    if how == "kdf field":
        field, value = rng.choice(_KDF_EDITS)
        raw = json.loads(kdf)
        raw[field] = value
        con.execute("UPDATE key_slot SET kdf=? WHERE rowid=?", (json.dumps(raw), rowid))
        return Mutation("slot_edit", f"key_slot.kdf.{field}", f"{where}: {field} -> {value!r}")
    if how == "kdf text":
        value = rng.choice(["{", "[]", "null", "", '{"algorithm": "argon2id"}', kdf[:-1]])
        con.execute("UPDATE key_slot SET kdf=? WHERE rowid=?", (value, rowid))
        return Mutation("slot_edit", "key_slot.kdf", f"{where}: kdf text -> {value!r:.30}")
    if how == "sealed":
        raw = bytearray(sealed)
        raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
        con.execute("UPDATE key_slot SET sealed=? WHERE rowid=?", (bytes(raw), rowid))
        return Mutation("slot_edit", "key_slot.sealed", f"{where}: one bit of the sealed bundle")
    if how == "partner":
        value = rng.choice([3 - partner, 0, 3, None])
        con.execute("UPDATE key_slot SET partner=? WHERE rowid=?", (value, rowid))
        return Mutation("slot_edit", "key_slot.partner", f"{where}: partner -> {value!r}")
    if how == "kind":
        value = rng.choice(["recovery" if kind == "password" else "password", "other", None])
        con.execute("UPDATE key_slot SET kind=? WHERE rowid=?", (value, rowid))
        return Mutation("slot_edit", "key_slot.kind", f"{where}: kind -> {value!r}")
    con.execute("DELETE FROM key_slot WHERE rowid=?", (rowid,))
    return Mutation("slot_edit", "key_slot row", f"{where}: deleted")


# -- one case, in a worker ---------------------------------------------------------------


class Worker:
    """Everything a worker process holds: the base, its layout and the original reads."""

    def __init__(self, base_dir: Path, seed: int, scratch: Path) -> None:
        self.base = base_dir / BASE_NAME
        self.labels = json.loads((base_dir / LABELS_NAME).read_text("utf-8"))
        self.seed = seed
        self.scratch = scratch
        self.layout = layout_of(self.base)
        copy = self._fresh_copy()
        self.reference = read_everything(copy)
        self._clean()

    def reference_problems(self) -> list[str]:
        return [f"{mode}: {component} {value}" for mode, results in self.reference.items()
                for component, (state, value) in results.items() if state != "value"]

    def _fresh_copy(self) -> Path:
        self._clean()
        copy = self.scratch / "case.vault"
        shutil.copyfile(self.base, copy)
        return copy

    def _clean(self) -> None:
        for name in ("case.vault", "case.vault-wal", "case.vault-shm", "case.vault.lock"):
            (self.scratch / name).unlink(missing_ok=True)

    def run(self, case: int, keep_traceback: bool = False) -> dict[str, Any]:
        rng = random.Random(f"{self.seed}:{case}")
        kind = _pick_kind(rng)
        copy = self._fresh_copy()
        started = time.perf_counter()
        mutation = mutate(copy, self.layout, rng, kind)
        findings = compare(self.reference, read_everything(copy), self.labels)
        self._clean()
        if not keep_traceback:
            for finding in findings:
                finding.pop("traceback", None)
                finding.pop("message", None)
            findings = [f for f in findings if f["outcome"] != "reported"][:12] + \
                [f for f in findings if f["outcome"] == "reported"][:3]
        return {"case": case, **dataclasses.asdict(mutation), "outcome": outcome_of(findings),
                "findings": findings, "seconds": round(time.perf_counter() - started, 3)}


def worker_main(base_dir: Path, seed: int) -> None:
    """Answer case numbers on stdin with one JSON line each on stdout."""
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    sys.stdout = sys.stderr  # nothing a model prints can break the protocol
    with tempfile.TemporaryDirectory(prefix="trellis-fuzz-") as scratch:
        try:
            worker = Worker(base_dir, seed, Path(scratch))
            problems = worker.reference_problems()
        except Exception:
            problems = ["building the reference: " + traceback.format_exc()]
        out.write(json.dumps({"ready": True, "problems": problems}) + "\n")
        out.flush()
        if problems:
            return
        for line in sys.stdin:
            case = int(line)
            try:
                result = worker.run(case)
            except Exception:
                result = {"case": case, "harness_error": traceback.format_exc()}
            out.write(json.dumps(result) + "\n")
            out.flush()


# -- the parent: a small pool with a time limit per case ------------------------------------


class _Proc:
    def __init__(self, base_dir: Path, seed: int, log: Path) -> None:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT),
                                                          env.get("PYTHONPATH")]))
        self.log = log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tools.fuzz_vault", "--worker", str(base_dir),
             "--seed", str(seed)],
            cwd=REPO_ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self.log)
        assert self.proc.stdout is not None
        os.set_blocking(self.proc.stdout.fileno(), False)
        self.buffer = b""
        self.case: int | None = None
        self.deadline = 0.0
        self.ready = False

    def fileno(self) -> int:
        assert self.proc.stdout is not None
        return self.proc.stdout.fileno()

    def send(self, case: int, timeout: float) -> None:
        assert self.proc.stdin is not None
        self.case = case
        self.deadline = time.monotonic() + timeout
        self.proc.stdin.write(f"{case}\n".encode())
        self.proc.stdin.flush()

    def read_lines(self) -> list[str] | None:
        """Complete lines available now; None once the worker has gone."""
        try:
            chunk = os.read(self.fileno(), 1 << 20)
        except BlockingIOError:
            return []
        if not chunk:
            return None
        self.buffer += chunk
        *lines, self.buffer = self.buffer.split(b"\n")
        return [line.decode("utf-8") for line in lines]

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.log.close()

    def stop(self) -> None:
        assert self.proc.stdin is not None
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


class HarnessBroken(RuntimeError):
    pass


def run_cases(base_dir: Path, cases: int, seed: int, workers: int = 2,
              timeout: float = 10.0, progress: Callable[[int], None] | None = None
              ) -> list[dict[str, Any]]:
    """Run cases 0..cases-1 in ``workers`` processes; a case over ``timeout`` is a hang."""
    results: list[dict[str, Any]] = []
    todo = list(range(cases))[::-1]
    log = base_dir / "workers.log"
    selector = selectors.DefaultSelector()
    procs: list[_Proc] = []

    def start() -> _Proc:
        proc = _Proc(base_dir, seed, log)
        proc.deadline = time.monotonic() + 120  # building the reference
        selector.register(proc, selectors.EVENT_READ)
        procs.append(proc)
        return proc

    def retire(proc: _Proc) -> None:
        selector.unregister(proc)
        procs.remove(proc)

    def dispatch(proc: _Proc) -> None:
        if todo:
            proc.send(todo.pop(), timeout)
        else:
            proc.case = None

    try:
        for _ in range(min(workers, max(1, cases))):
            start()
        while len(results) < cases:
            now = time.monotonic()
            waits = [p.deadline - now for p in procs if p.case is not None or not p.ready]
            events = selector.select(timeout=max(0.0, min(waits)) if waits else 1.0)
            for key, _ in events:
                proc = key.fileobj
                assert isinstance(proc, _Proc)
                lines = proc.read_lines()
                if lines is None:  # the worker died under a case (or before it was ready)
                    if not proc.ready:
                        raise HarnessBroken(f"a worker died while starting; see {log}")
                    code = proc.proc.wait()
                    if proc.case is not None:
                        results.append({"case": proc.case, "kind": "?", "target": "?",
                                        "detail": "worker died", "outcome": "unhandled",
                                        "findings": [{"outcome": "unhandled", "mode": "-",
                                                      "component": "process",
                                                      "type": f"exit {code}",
                                                      "where": "-", "via": "-"}]})
                    retire(proc)
                    proc.log.close()
                    start()
                    continue
                for line in lines:
                    message = json.loads(line)
                    if message.get("ready"):
                        if message["problems"]:
                            raise HarnessBroken("the undamaged vault did not read cleanly: "
                                                + "; ".join(message["problems"])[:2000])
                        proc.ready = True
                        dispatch(proc)
                        continue
                    if "harness_error" in message:
                        raise HarnessBroken(f"case {message['case']}: "
                                            + message["harness_error"])
                    results.append(message)
                    if progress:
                        progress(len(results))
                    dispatch(proc)
            now = time.monotonic()
            for proc in list(procs):
                if proc.deadline > now:
                    continue
                if not proc.ready:
                    raise HarnessBroken("a worker took over 120 s to start")
                if proc.case is None:
                    continue
                case = proc.case
                proc.kill()
                retire(proc)
                rng = random.Random(f"{seed}:{case}")
                results.append({"case": case, "kind": _pick_kind(rng), "target": "?",
                                "detail": f"no answer within {timeout:g} s",
                                "outcome": "hang", "findings": []})
                if progress:
                    progress(len(results))
                if todo:
                    start()
            if not procs and len(results) < cases:
                start()
    finally:
        for proc in procs:
            proc.stop() if proc.case is None else proc.kill()
        selector.close()
    for result in results:  # a hang's mutation is known from its seed; fill in where
        if result["outcome"] == "hang":
            result.update(_describe(base_dir, seed, result["case"]))
    return sorted(results, key=lambda r: r["case"])


def _describe(base_dir: Path, seed: int, case: int) -> dict[str, str]:
    """The mutation of a case, made again on a scratch copy without reading it."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "describe.vault"
        shutil.copyfile(base_dir / BASE_NAME, copy)
        rng = random.Random(f"{seed}:{case}")
        kind = _pick_kind(rng)
        mutation = mutate(copy, layout_of(base_dir / BASE_NAME), rng, kind)
    return {"kind": mutation.kind, "target": mutation.target, "detail": mutation.detail}


# -- the report ------------------------------------------------------------------------------


@dataclasses.dataclass
class Summary:
    cases: int
    counts: dict[str, Counter[str]]
    unhandled_sites: Counter[tuple[str, str, str, str]]
    hangs: list[dict[str, Any]]
    silent: Counter[tuple[str, str, str]]
    examples: dict[Any, int]
    seconds: float

    @property
    def totals(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for counter in self.counts.values():
            total.update(counter)
        return total

    def last_line(self) -> str:
        t = self.totals
        return (f"fuzz: {self.cases} cases, {t['unhandled']} unhandled, {t['hang']} hangs, "
                f"{t['silent wrong']} silent wrong")


def summarise(results: list[dict[str, Any]], seconds: float) -> Summary:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    sites: Counter[tuple[str, str, str, str]] = Counter()
    silent: Counter[tuple[str, str, str]] = Counter()
    examples: dict[Any, int] = {}
    hangs = []
    for result in results:
        counts[result["kind"]][result["outcome"]] += 1
        if result["outcome"] == "hang":
            hangs.append(result)
        seen: set[Any] = set()  # each site counts once per case, not once per mode
        for finding in result["findings"]:
            if finding["outcome"] == "unhandled":
                site = (result["kind"], finding["type"], finding["where"], finding["via"])
                sites[site] += site not in seen
                seen.add(site)
                examples.setdefault(site, result["case"])
            elif finding["outcome"] == "silent wrong" and result["outcome"] == "silent wrong":
                component = finding["component"].split(" ")[0]
                what = ", ".join(sorted({_field_of(component, w) for w in finding["what"]}))
                key = (result["kind"], result["target"], f"{component}: {what}")
                silent[key] += key not in seen
                seen.add(key)
                examples.setdefault(key, result["case"])
    return Summary(len(results), counts, sites, hangs, silent, examples, seconds)


def _field_of(component: str, what: str) -> str:
    """A difference's field, without record labels and list positions."""
    parts = [p for p in what.split(".") if p and not p.startswith("[")]
    if component in ("agreements", "consent") and len(parts) > 1:
        parts = parts[1:]  # the first part names the record
    return ".".join(parts[:2]) if parts else what


def report(summary: Summary, seed: int, out: Callable[[str], None] = print) -> None:
    out(f"\nper mutation kind (seed {seed}, {summary.seconds:.0f} s):")
    header = f"  {'kind':<14}{'cases':>7}" + "".join(f"{o:>14}" for o in OUTCOMES)
    out(header)
    for kind in [*KINDS, "?"]:
        if kind not in summary.counts:
            continue
        counter = summary.counts[kind]
        out(f"  {kind:<14}{sum(counter.values()):>7}"
            + "".join(f"{counter[o]:>14}" for o in OUTCOMES))
    totals = summary.totals
    out(f"  {'all':<14}{summary.cases:>7}" + "".join(f"{totals[o]:>14}" for o in OUTCOMES))
    if summary.unhandled_sites:
        out("\nunhandled exceptions (findings, by mutation kind, type, where; e.g. case):")
        for (kind, exc, where, via), n in sorted(summary.unhandled_sites.items(),
                                                 key=lambda item: (-item[1], item[0])):
            tail = f" via {via}" if via != where else ""
            case = summary.examples[(kind, exc, where, via)]
            out(f"  {n:>5}  {kind:<13} {exc:<24} {where}{tail}  (case {case})")
    if summary.hangs:
        out("\nhangs:")
        for result in summary.hangs:
            out(f"  case {result['case']}: {result['kind']} {result['detail']}")
    if summary.silent:
        out("\nsilent wrong (cases, by mutation kind, target, what read differently):")
        for (kind, target, what), n in sorted(summary.silent.items(),
                                              key=lambda item: (-item[1], item[0]))[:60]:
            case = summary.examples[(kind, target, what)]
            out(f"  {n:>5}  {kind:<13} {target:<32} {what}  (case {case})")
        if len(summary.silent) > 60:
            out(f"  … and {len(summary.silent) - 60} more kinds of silent wrong result")
    out("")
    out(summary.last_line())


def fuzz(cases: int, seed: int, workers: int = 2, timeout: float = 10.0,
         base_dir: Path | None = None, quiet: bool = False) -> tuple[Summary,
                                                                   list[dict[str, Any]]]:
    """Build (or reuse) the base vault and run the cases; the summary and every result."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="trellis-fuzz-base-") as scratch:
        folder = base_dir or Path(scratch)
        if not (folder / BASE_NAME).exists():
            build_base(folder)

        def progress(done: int) -> None:
            if not quiet and (done % 500 == 0 or done == cases):
                print(f"  {done}/{cases} cases, {time.perf_counter() - started:.0f} s",
                      file=sys.stderr, flush=True)

        results = run_cases(folder, cases, seed, workers, timeout, progress)
    return summarise(results, time.perf_counter() - started), results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per case")
    parser.add_argument("--base", type=Path, help="reuse the base vault in this folder")
    parser.add_argument("--keep", type=Path, help="build the base vault in this folder")
    parser.add_argument("--case", type=int, help="replay one case here, with tracebacks")
    parser.add_argument("--json", type=Path, help="write every case's result here")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        worker_main(args.worker, args.seed)
        return 0
    base_dir = args.base or args.keep
    if args.keep and not (args.keep / BASE_NAME).exists():
        build_base(args.keep)
    if args.case is not None:
        return _replay(base_dir, args.seed, args.case)
    print(f"fuzzing {args.cases} damaged copies of one vault (seed {args.seed}, "
          f"{args.workers} workers, {args.timeout:g} s per case)", flush=True)
    try:
        summary, results = fuzz(args.cases, args.seed, args.workers, args.timeout, base_dir)
    except HarnessBroken as exc:
        print(f"fuzz: harness broke: {exc}", file=sys.stderr)
        return 2
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), "utf-8")
    report(summary, args.seed)
    return 0


def _replay(base_dir: Path | None, seed: int, case: int) -> int:
    with tempfile.TemporaryDirectory(prefix="trellis-fuzz-") as scratch:
        folder = base_dir or Path(scratch) / "base"
        if not (folder / BASE_NAME).exists():
            print("no --base given: building a new base vault (same mutation, new bytes)")
            build_base(folder)
        work = Path(scratch) / "work"
        work.mkdir()
        worker = Worker(folder, seed, work)
        result = worker.run(case, keep_traceback=True)
    print(f"case {case}: {result['kind']} {result['target']}: {result['detail']}")
    print(f"outcome: {result['outcome']} ({result['seconds']} s)")
    for finding in result["findings"]:
        print(json.dumps({k: v for k, v in finding.items() if k != "traceback"}))
        if "traceback" in finding and not finding.get("trellis", True):
            print(finding["traceback"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
