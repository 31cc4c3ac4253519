"""The needs the tab's pages share (#12): read once per session on a worker, a change
re-reads only the record it names, a lock drops it; Enter on a map card opens that
commitment; a commitment whose words ask for surveillance is marked on the map."""

from __future__ import annotations

import pytest

from models import needs
from tests.ui.needs.commitment_helpers import commitments_page, propose, share_a_need
from tests.ui.needs.frame_helpers import needs_tab, settle
from tests.ui.needs.map_helpers import Source, commitment, context, need
from ui.workbooks.needs.map_view import MapPage
from ui.workbooks.needs.map_words import MapData, words
from ui.workbooks.needs.store import NeedsStore, store_of


@pytest.fixture(autouse=True)
def shared_need(existing_vault, vault_path) -> None:
    share_a_need(vault_path, existing_vault)


def _held(qtbot, store: NeedsStore) -> MapData:
    store.begin()
    qtbot.waitUntil(lambda: store.data() is not None, timeout=10000)
    held = store.data()
    assert held is not None
    return held[0]


def test_one_change_re_reads_only_that_record(qtbot, window) -> None:
    page = commitments_page(qtbot, window, together=False, partner=2)
    first = propose(qtbot, window, page, "Text before plans change")
    second = propose(qtbot, window, page, "Walk together on Sundays")
    assert first is not None and second is not None
    store = store_of(page.ctx)
    data = _held(qtbot, store)
    # Read whole once, when the tab was first shown; each proposal re-read only itself.
    assert {c.uuid for c in data.commitments} == {first.uuid, second.uuid}
    assert store.reads == 1 and store.re_read == [first.uuid, second.uuid]
    store.re_read.clear()

    keys = window.session.keyring
    needs.change_commitment(keys, 2, first.uuid, {"what": "Text an hour before plans change",
                                                  "how_often": "", "how_seen": ""})
    page.ctx.changes.announce("needs", first.uuid)
    assert store.reads == 1 and store.re_read == [first.uuid]  # one record, no whole read
    data = _held(qtbot, store)
    by_uuid = {c.uuid: c for c in data.commitments}
    assert by_uuid[first.uuid].fields["what"] == "Text an hour before plans change"
    assert by_uuid[second.uuid] == second  # the other is the very same, not read again

    # A uuid that is no need and no commitment (a misattunement's) changes nothing.
    page.ctx.changes.announce("needs", "not-a-record")
    assert store.re_read == [first.uuid, "not-a-record"] and store.reads == 1


def test_the_map_page_takes_what_the_tab_read(qtbot, window) -> None:
    page = commitments_page(qtbot, window, together=False, partner=2)
    written = propose(qtbot, window, page, "Text before plans change")
    assert written is not None
    store = store_of(page.ctx)
    _held(qtbot, store)
    tab = needs_tab(window)
    shown = tab.show_page("map")
    assert isinstance(shown, MapPage) and shown.store is store
    assert shown.scene.card("commitment", written.uuid) is not None  # drawn at once
    assert store.reads == 1


def test_a_lock_drops_what_the_store_held(qtbot, window) -> None:
    page = commitments_page(qtbot, window, together=False, partner=2)
    assert propose(qtbot, window, page, "Text before plans change") is not None
    store = store_of(page.ctx)
    _held(qtbot, store)
    assert store._read is not None
    window.lock()
    assert store.data() is None and store._read is None
    store.begin()  # after a lock nothing is read again
    assert store._read is None and not store._reading


def test_enter_on_a_commitment_card_opens_it(qtbot, window) -> None:
    page = commitments_page(qtbot, window, together=False, partner=2)
    first = propose(qtbot, window, page, "Text before plans change")
    second = propose(qtbot, window, page, "Walk together on Sundays")
    assert first is not None and second is not None
    page.select(first.uuid)
    tab = needs_tab(window)
    shown = tab.show_page("map")
    assert isinstance(shown, MapPage)
    qtbot.waitUntil(lambda: shown.scene.card("commitment", second.uuid) is not None,
                    timeout=10000)
    view = shown.view
    view.setFocus()
    view.focus_card(shown.scene.card("commitment", second.uuid))
    from PySide6.QtCore import Qt

    qtbot.keyClick(view, Qt.Key.Key_Return)
    settle(window)
    assert tab.current == "commitments" and tab.stack.currentWidget() is page
    assert page.chosen() is not None and page.chosen().uuid == second.uuid


def test_a_need_card_opens_its_owners_draft_when_their_needs_are_open(qtbot, window
                                                                     ) -> None:
    commitments_page(qtbot, window, together=False, partner=1)
    tab = needs_tab(window)
    shown = tab.show_page("map")
    assert isinstance(shown, MapPage)
    store = store_of(tab.ctx)
    data = _held(qtbot, store)
    shared = data.needs[0]
    shown.open_card.emit("need", shared.uuid)
    settle(window)
    mine = tab.show_page("mine")
    assert tab.current == "mine" and mine.current is not None
    assert mine.current.uuid == shared.source


def test_words_asking_for_surveillance_are_marked_on_the_map(qtbot) -> None:
    watched = commitment("c1", ("n1",), 2, what="Share my location with you all day")
    calm = commitment("c2", ("n1",), 2, what="Text before plans change")
    data = MapData([need("n1", 1, "Knowing plans ahead")], [watched, calm], {},
                   {1: "Alex", 2: "Sam"})
    page = MapPage(context(), None, loader=Source(data))
    qtbot.addWidget(page)
    mark = words("surveillance_mark")
    marked = page.scene.card("commitment", "c1")
    plain = page.scene.card("commitment", "c2")
    assert marked is not None and plain is not None
    assert any(mark in line for line in marked.shown_text())
    assert not any(mark in line for line in plain.shown_text())
    assert words("surveillance_said") in page.scene.description(marked)
    assert words("surveillance_said") not in page.scene.description(plain)
    page.flush_text()
    assert words("surveillance_said") in page.text.toPlainText()


def test_the_store_remembers_the_surveillance_mark_per_version(qtbot, window) -> None:
    page = commitments_page(qtbot, window, together=False, partner=2)
    written = propose(qtbot, window, page, "Let me read your messages each night")
    assert written is not None
    store = store_of(page.ctx)
    data = _held(qtbot, store)
    assert data.watching(data.commitments[0])
    assert store._read is not None and (written.uuid, written.version) in store._read.watching


def test_a_change_announced_while_the_read_is_out_is_not_lost(qtbot, window,
                                                              monkeypatch) -> None:
    import threading

    from ui.workbooks.needs import store as store_module

    page = commitments_page(qtbot, window, together=False, partner=2)
    gate = threading.Event()
    real = store_module.read_all

    def stale(keys):  # type: ignore[no-untyped-def]
        read = real(keys)  # read before the change below...
        gate.wait(10)  # ...and handed back after it
        return read

    monkeypatch.setattr(store_module, "read_all", stale)
    store = NeedsStore(page.ctx, page)
    store.begin()
    written = propose(qtbot, window, page, "Text before plans change")
    assert written is not None
    gate.set()
    data = _held(qtbot, store)
    assert [c.uuid for c in data.commitments] == [written.uuid]
    assert store.reads == 1 and store.re_read == [written.uuid]


def test_the_commitments_page_takes_what_the_map_read(qtbot, window) -> None:
    from tests.ui.conftest import PASSWORDS, unlock_solo

    window.start()
    unlock_solo(qtbot, window, PASSWORDS[2])
    tab = needs_tab(window)
    shown = tab.show_page("map")
    assert isinstance(shown, MapPage)
    data = _held(qtbot, shown.store)
    assert [n.title for n in data.needs] == ["Knowing plans ahead"]
    page = tab.show_page("commitments")
    assert page.store is shown.store and shown.store.reads == 1  # not read again
    assert list(page.shared) == [n.uuid for n in data.needs]


def test_the_tab_reads_ahead_after_unlock_without_being_shown(qtbot, window, monkeypatch,
                                                             existing_vault) -> None:
    """What both shared is read on a worker a moment after unlock, before the Needs map
    tab is ever shown, so opening the map only draws it (#12: 0.04 s instead of 0.38 s
    at 200 needs and 500 commitments)."""
    from tests.ui.conftest import PASSWORDS, unlock_solo
    from ui.workbooks.needs import tab as tab_module

    monkeypatch.setattr(tab_module, "READ_AHEAD_MS", 50)  # (a moment: 1.5 s)
    from ui.workbooks.needs import NeedsTab

    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    qtbot.waitUntil(lambda: window.workbench.findChild(NeedsTab) is not None, timeout=10000)
    tab = window.workbench.findChild(NeedsTab)
    assert not tab.isVisible()  # never shown: Home (or the last tab) is
    store = store_of(tab.ctx)
    qtbot.waitUntil(lambda: store.data() is not None, timeout=10000)
    assert store.reads == 1
    assert [n.owner for n in store.data()[0].needs]  # the shared need is held
