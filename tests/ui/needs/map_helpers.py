"""Shared needs, commitments and notes for the map's tests, built as the models' own
views (the map reads nothing else), and a page fed from them instead of a vault."""

from __future__ import annotations

import dataclasses
import datetime as dt
from types import SimpleNamespace
from typing import Any

from models.needs.views import NEED_FIELDS, Commitment, Need, Note
from ui.changes import Changes
from ui.workbooks.needs.map_words import MapData

NAMES = {1: "Wrenfield", 2: "Ottoline"}
WHEN = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)


def need(uuid: str, owner: int, title: str = "", importance: str = "2", **more: str) -> Need:
    fields = dict.fromkeys(NEED_FIELDS, "")
    fields.update(title=title or f"Need {uuid}", importance=importance, **more)
    return Need(uuid=uuid, owner=owner, source=f"d-{uuid}", version=1, fields=fields,
                shared_at=WHEN)


def commitment(uuid: str, needs: tuple[str, ...], doer: int, what: str = "",
               state: str = "active", **more: str) -> Commitment:
    fields = {"what": what or f"Commitment {uuid}", "how_often": "", "how_seen": ""}
    fields.update(more)
    return Commitment(uuid=uuid, need=needs[0], needs=needs, doer=doer, fields=fields,
                      agreement=None, state=state, helps_confirmed=state != "proposed",
                      can_do_confirmed=state != "proposed", since=WHEN, version=1,
                      created_at=WHEN, paused_by=doer if state == "paused" else None,
                      latest_review=None)


def note(uuid: str, commitment: str, kind: str, by: int = 1, early: bool = False) -> Note:
    return Note(uuid=uuid, commitment=commitment, by=by, kind=kind, line="a line",
                noted_at=WHEN, early=early)


def changed(item: Any, **values: Any) -> Any:
    return dataclasses.replace(item, **values)


def small_map() -> MapData:
    needs = [need("n1", 1, "Hearing where you are", "3", lately="partly",
                  words="When plans change, I want to hear it from you."),
             need("n2", 1, "Time to myself", "1"),
             need("n3", 2, "Being believed", "2", safe_signs="You ask before you doubt.")]
    commitments = [commitment("c1", ("n1",), 2, "Text when leaving work", how_often="daily"),
                   commitment("c2", ("n3", "n2"), 1, "Say what I heard back", "proposed"),
                   commitment("c3", ("n1",), 1, "Ask before plans change", "paused")]
    notes = {"c1": [note("t1", "c1", "kept", 2), note("t2", "c1", "missed", 2, early=True),
                    note("t3", "c1", "noticed", 1)]}
    return MapData(needs, commitments, notes, NAMES)


class Source:
    """Stands in for the vault: the page reads ``data`` each time it reloads."""

    def __init__(self, data: MapData) -> None:
        self.data = data
        self.reads = 0

    def __call__(self, _ctx: Any) -> tuple[MapData, int]:
        self.reads += 1
        return self.data, 0


def context() -> Any:
    session = SimpleNamespace(locked=False, name_of=lambda p: NAMES.get(p, ""), keyring=None)
    return SimpleNamespace(session=session, changes=Changes())
