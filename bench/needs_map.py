"""The needs map's rows in ``make bench`` (#12): 200 shared needs and 500 commitments,
the map opens in ≤ 0.3 s and pans smoothly.

A vault built once through the models (``models.needs``: drafts shared with each
owner's fresh password, commitments proposed, most confirmed by both, some paused, and
notes since the last review; kept per version of ``models/`` and this file). Then,
alternating so drift hits both alike, one child process each (offscreen):

Each child first imports what the app holds while the Needs map tab is on screen
(``models.needs``, ``ui.workbooks.needs.tab``); the map's own modules are imported in
the time measured.

- Trellis: :class:`ui.workbooks.needs.map_view.MapPage` made on the vault's shared
  data (``load_needs``, ``load_commitments``, ``notes_since_review`` included, read by
  the tab's :class:`~ui.workbooks.needs.store.NeedsStore` on its worker), with its text
  version, until the map's viewport first painted its cards (a paint of the page while
  the read is still under way does not count); then the page made a second time on
  what the store holds (the map opened again while the tab is open: drawing only);
  then panning: the vertical
  scroll bar moved a step and the event loop run until the frame is painted, top to
  bottom at its own size and at half size (more cards in view), each step's time a
  frame's time;
- the floor: the same rows read by the same model calls, drawn as Qt's plainest scene
  (a rectangle, one line of text per card and a line per link, at the same places),
  no text version, no focus, the same panning; its second opening draws the rows it
  read again, without reading.

``python -m bench.needs_map [--repeat N]`` prints only these rows; ``python -m bench``
prints them once after the sizes' rows. Tests never assert times; this prints them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.report import Row, median, p95
from bench.vaults import NAMES, PASSWORDS, _models_hash, cache_folder, copy_of

Child = Callable[..., dict[str, Any]]
NEEDS, COMMITMENTS, NOTES = 200, 500, 600
OPEN_LIMIT = 0.3  # seconds (issue 14)
FRAME_LIMIT = 1000 / 60  # ms: a frame within one refresh of a 60 Hz screen
PAN_STEPS = 120  # frames per zoom


def map_vault(needs: int = NEEDS, commitments: int = COMMITMENTS, log: bool = True) -> Path:
    """A vault holding ``needs`` shared needs and ``commitments`` commitments (built
    once per size and version of ``models/`` and this file)."""
    digest = hashlib.sha256(_models_hash().encode())
    digest.update(Path(__file__).read_bytes())
    path = cache_folder() / f"needs-map-{needs}-{commitments}-{digest.hexdigest()[:12]}.vault"
    if path.exists():
        return path
    began = time.perf_counter()
    building = path.with_suffix(".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    target = building / path.name
    _build(target, needs, commitments)
    os.replace(target, path)
    shutil.rmtree(building, ignore_errors=True)
    if log:
        print(f"  (built a needs-map vault of {needs} needs and {commitments} commitments "
              f"through models.needs in {time.perf_counter() - began:.0f} s; kept in "
              f"{path.parent})", flush=True)
    return path


def _build(path: Path, count: int, promised: int) -> None:
    import random

    from models import needs
    from models import vault as vault_module
    from models.keys import FAST_TEST_COST

    rng = random.Random(14)
    words = ("hear", "plans", "late", "message", "ask", "first", "walk", "evening", "tell",
             "before", "change", "calm", "time", "weekend", "call", "home", "listen")
    plan = vault_module.prepare_setup(NAMES, PASSWORDS, FAST_TEST_COST)
    vault_module.Vault.create(path, plan).close()
    vault = vault_module.Vault.open(path)
    try:
        bundles = {p: vault_module.try_password(vault.slots("password"), PASSWORDS[p])[1]
                   for p in (1, 2)}
        keys = vault.start_session(bundles).keyring

        def proof(partner: int) -> Any:
            return vault.check_password(partner, PASSWORDS[partner])

        def said(count: int) -> str:
            return " ".join(rng.choice(words) for _ in range(count)).capitalize()

        shared: list[str] = []
        for owner in (1, 2):
            needs.open_needs(keys, owner, proof(owner))
            drafts = [needs.save_draft(keys, owner, {
                "title": said(rng.randint(2, 6)), "words": said(rng.randint(8, 40)),
                "importance": str(rng.randint(1, 3)), "safe_signs": said(10)}).uuid
                for _ in range(count // 2)]
            needs.close_needs(keys, owner)
            fresh = proof(owner)
            for number, draft in enumerate(drafts):
                if number % 40 == 39:
                    fresh = proof(owner)  # a proof is fresh for a while only
                shared.append(needs.share_need(keys, fresh, draft).uuid)
        owners = {uuid: 1 if i < count // 2 else 2 for i, uuid in enumerate(shared)}
        made = []
        for number in range(promised):
            need = shared[number % len(shared)]
            also = [shared[(number * 7 + 3) % len(shared)]] if number % 5 == 0 else []
            doer = 3 - owners[need]
            made.append((needs.propose_commitment(
                keys, owners[need], need, doer,
                {"what": said(rng.randint(3, 12)), "how_often": said(2), "how_seen": said(5)},
                also_serves=[a for a in also if a != need]).uuid, doer))
        fresh = {p: proof(p) for p in (1, 2)}
        for number, (uuid, _doer) in enumerate(made):
            if number % 10 == 9:
                continue  # still proposed
            if number % 40 == 0:
                fresh = {p: proof(p) for p in (1, 2)}
            for partner in (1, 2):
                needs.confirm_commitment(keys, fresh[partner], uuid)
            if number % 10 == 8:
                needs.pause_commitment(keys, 1, uuid)
        active = [(u, d) for n, (u, d) in enumerate(made) if n % 10 < 8]
        for number in range(promised * NOTES // COMMITMENTS):
            uuid, doer = active[number % len(active)]
            kind = ("kept", "kept", "missed", "noticed")[number % 4]
            needs.note(keys, 3 - doer if kind == "noticed" else doer, uuid, kind, said(6))
        keys.clear()
    finally:
        vault.close()


# -- one child: ``python -m bench.needs_map run trellis|floor VAULT`` ------------------


def _run(side: str, path: Path) -> dict[str, Any]:
    from PySide6.QtWidgets import QApplication

    from bench.ui_run import PaintClock, peak_rss_mib, settle, wait_until
    from models import vault as vault_module
    from ui.theme import apply_theme
    from ui.workbooks import WorkbookContext

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    apply_theme(app, "light", "normal")
    vault = vault_module.Vault.open(path)
    bundles = {p: vault_module.try_password(vault.slots("password"), PASSWORDS[p])[1]
               for p in (1, 2)}
    session = vault.start_session(bundles)
    ctx = WorkbookContext(vault=vault, session=session, tasks=None)  # type: ignore[arg-type]
    out: dict[str, Any] = {"side": side}
    # What the app holds when the Needs map tab is on screen: its frame, the models.
    import importlib

    for module in ("models.needs", "ui.workbooks.needs.tab"):
        importlib.import_module(module)
    began = time.perf_counter()
    loading: list[float] = []
    drawn: list[float] = []  # when the cards were put on the scene
    page, view = (_trellis_page if side == "trellis" else _floor_page)(ctx, loading, drawn)
    clock = PaintClock(view.viewport())
    page.resize(1200, 800)
    page.show()
    wait_until(lambda: bool(drawn) and clock.last > drawn[0], 20)
    out["open"] = clock.last - began
    out["load"] = loading[0]
    if side == "trellis":  # the words of the cards out of view, made between events
        wait_until(lambda: all(card.realized for card in page.scene.cards.values()), 20)
        out["words_ahead"] = time.perf_counter() - began - out["open"]
    settle()
    # The map page made again once all that settled, as when the tab is open on another
    # page (what was read is held, only drawing is left); the first page is hidden as
    # the tab's stack hides it.
    page.hide()
    settle()
    again: list[float] = []
    began_again = time.perf_counter()
    second, second_view = (_trellis_page if side == "trellis" else _floor_page)(
        ctx, [], again, page)
    second_clock = PaintClock(second_view.viewport())
    second.resize(1200, 800)
    second.show()
    wait_until(lambda: bool(again) and second_clock.last > again[0], 20)
    out["open_again"] = second_clock.last - began_again
    second.hide()
    second.deleteLater()
    page.show()
    settle()
    frames = []
    bar = view.verticalScrollBar()
    for zoom in (1.0, 0.5):
        view.resetTransform()
        view.scale(zoom, zoom)
        settle()
        step = max(1, bar.maximum() // PAN_STEPS)
        for value in range(0, bar.maximum() + 1, step)[:PAN_STEPS]:
            painted = clock.last
            start = time.perf_counter()
            bar.setValue(value)
            while clock.last <= painted and time.perf_counter() - start < 1:
                app.processEvents()
            frames.append(time.perf_counter() - start)
    out["frames"] = frames
    out["peak_rss"] = peak_rss_mib()
    vault.close()
    return out


def _trellis_page(ctx: Any, loading: list[float], drawn: list[float],
                  _first: Any = None) -> tuple[Any, Any]:
    from ui.workbooks.needs.map_view import MapPage
    from ui.workbooks.needs.store import store_of

    store = store_of(ctx)

    def shown(_uuids: object = None) -> None:
        if not drawn and store.data() is not None:
            drawn.append(time.perf_counter())
            held = store._read
            loading.append(held.seconds if held is not None else 0.0)

    store.changed.connect(shown)  # after the page's own slot: the cards are on the scene
    page = MapPage(ctx, store=store)
    shown()  # held already: drawn in MapPage's own making
    return page, page.view


def _floor_page(ctx: Any, loading: list[float], drawn: list[float],
                first: Any = None) -> tuple[Any, Any]:
    from PySide6.QtCore import QRectF
    from PySide6.QtWidgets import (
        QGraphicsLineItem,
        QGraphicsRectItem,
        QGraphicsScene,
        QGraphicsSimpleTextItem,
        QGraphicsView,
    )

    from exports.needs.map_layout import lay_out
    from models import needs as model

    keys = ctx.session.keyring
    if first is not None:  # opened again: the rows read the first time
        shared, commitments = first.rows_
    else:
        began = time.perf_counter()
        shared, _ = model.load_needs(keys)
        commitments, _ = model.load_commitments(keys)
        model.notes_since_review(keys)
        loading.append(time.perf_counter() - began)
    layout = lay_out([(n.uuid, n.owner) for n in shared],
                     [(c.uuid, c.needs) for c in commitments])
    scene = QGraphicsScene()
    words = {n.uuid: n.fields.get("title", "") for n in shared}
    words.update({c.uuid: c.fields.get("what", "") for c in commitments})
    for boxes in (layout.needs, layout.commitments):
        for uuid, box in boxes.items():
            card = QGraphicsRectItem(QRectF(0, 0, box.w, box.h))
            card.setPos(box.x, box.y)
            QGraphicsSimpleTextItem(words[uuid], card).setPos(8, 8)
            scene.addItem(card)
    for link in layout.links:
        scene.addItem(QGraphicsLineItem(*link.start, *link.end))
    view = QGraphicsView(scene)
    view.scene_ = scene  # type: ignore[attr-defined]
    view.rows_ = (shared, commitments)  # type: ignore[attr-defined]
    drawn.append(time.perf_counter())
    return view, view


# -- the rows ---------------------------------------------------------------------------


def values(runs: list[dict[str, Any]], key: str, pick: Any = median) -> float:
    return median([pick(run[key]) if isinstance(run.get(key), list) else float(run[key])
                   for run in runs if key in run])


def needs_map_rows(repeat: int, child: Child, needs: int = NEEDS,
                   commitments: int = COMMITMENTS) -> list[str]:
    """The map's rows: opening and panning, each against the floor, paired runs."""
    vault = map_vault(needs, commitments)
    trellis: list[dict[str, Any]] = []
    floor: list[dict[str, Any]] = []
    work = Path(tempfile.mkdtemp(prefix="trellis-bench-map-"))
    try:
        for turn in range(repeat):  # paired: one of each, then again
            for side, runs in (("trellis", trellis), ("floor", floor)):
                result = child("bench.needs_map", "run", side,
                               str(copy_of(vault, work / f"{side}{turn}")))
                if result:
                    runs.append(result)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ms = 1000.0
    what = f"{needs} needs, {commitments} commitments"
    rows = [
        Row(f"needs map opened, read from the vault -> painted ({what})",
            values(trellis, "open"), values(floor, "open"), "s", target_limit=OPEN_LIMIT),
        Row(f"needs map opened again, the tab's read held -> painted ({what})",
            values(trellis, "open_again"), values(floor, "open_again"), "s",
            target_limit=OPEN_LIMIT),
        Row(f"needs map panning, frame time median ({what})",
            ms * values(trellis, "frames"), ms * values(floor, "frames"), "ms",
            target_limit=FRAME_LIMIT),
        Row(f"needs map panning, frame time p95 ({what})",
            ms * values(trellis, "frames", p95), ms * values(floor, "frames", p95), "ms",
            target_limit=FRAME_LIMIT),
    ]
    lines = [row.line() for row in rows]
    lines.append(
        f"  · of the opening, reading the vault (load_needs, load_commitments, "
        f"notes_since_review, the first time in the process; Trellis's on the store's "
        f"worker, the floor's on the GUI thread) took "
        f"{values(trellis, 'load'):.3f} s (floor {values(floor, 'load'):.3f} s); the map "
        f"itself, its text version after the first paint, "
        f"{values(trellis, 'open') - values(trellis, 'load'):.3f} s "
        f"(floor {values(floor, 'open') - values(floor, 'load'):.3f} s); after the first "
        f"paint the words of the cards out of view were all made (between events) within "
        f"{values(trellis, 'words_ahead'):.3f} s, before the panning began")
    lines.append(
        f"  · offscreen, 1200x800, light theme; {len(trellis)} paired run(s); each frame is "
        f"one scroll step until painted, {PAN_STEPS} steps at its own size and {PAN_STEPS} "
        f"at half; the floor draws a plain rectangle and one line of text per card at the "
        f"same places, no text version; peak RSS {values(trellis, 'peak_rss'):.0f} MiB "
        f"(floor {values(floor, 'peak_rss'):.0f} MiB)")
    return lines


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["run"]:
        print(json.dumps(_run(argv[1], Path(argv[2]))), flush=True)
        return 0
    from bench.__main__ import child

    parser = argparse.ArgumentParser(prog="python -m bench.needs_map",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--needs", type=int, default=NEEDS)
    parser.add_argument("--commitments", type=int, default=COMMITMENTS)
    args = parser.parse_args(argv)
    print(f"== needs map: {args.needs} needs and {args.commitments} commitments ==",
          flush=True)
    for line in needs_map_rows(max(1, args.repeat), child, args.needs, args.commitments):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
