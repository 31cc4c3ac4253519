"""Step 4, the moments that don't fit (#11): a list that grows, each moment added,
changed and deleted by its author; one save changes one row (one ``dataChanged``), a
new moment is one inserted row, a deleted one a removed row, never a reset; a date
that does not read as one gets a kind sentence and loses nothing."""

from __future__ import annotations

from PySide6.QtTest import QSignalSpy

from models import narrative
from tests.ui.conftest import PASSWORDS, flush_deletes, unlock_solo
from tests.ui.narrative.frame_helpers import narrative_tab
from ui.texts import text
from ui.workbooks.narrative.exceptions import ExceptionsPage
from ui.workbooks.narrative.moments import MomentsModel


def _page(qtbot, window, partner: int = 1) -> ExceptionsPage:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[partner])
    page = narrative_tab(window).show_page("exception")
    assert isinstance(page, ExceptionsPage)
    return page


def _stored(window, owner: int = 1) -> list[dict[str, str]]:
    drafts, _ = narrative.load_drafts(window.session.keyring, owner)
    return [dict(d.fields) for d in drafts if d.kind == "exception"]


def test_moments_are_added_changed_one_row_at_a_time_and_deleted(qtbot, window,
                                                                 existing_vault) -> None:
    page = _page(qtbot, window)
    model = page.model
    spies = {name: QSignalSpy(getattr(model, name)) for name in
             ("dataChanged", "rowsInserted", "rowsRemoved", "modelReset")}
    assert model.rowCount() == 0 and page.empty.isVisible()

    page.add_button.click()
    qtbot.keyClicks(page.editors["what"], "We laughed at dinner")
    qtbot.keyClicks(page.date, "2026-03-14")
    qtbot.waitUntil(lambda: not page.pending(), timeout=5000)  # autosaved
    assert model.rowCount() == 1 and spies["rowsInserted"].count() == 1
    assert page.list.currentRow() == 0 and not page.empty.isVisible()
    assert model.index(0, 0).data() == text("narrative_exceptions", "row_spoken",
                                            date="14 March 2026", what="We laughed at dinner")

    page.new_moment()
    qtbot.keyClicks(page.editors["what"], "A walk without the fog")
    qtbot.keyClicks(page.editors["noticed_by"], "My sister")
    page.flush()
    assert model.rowCount() == 2 and spies["rowsInserted"].count() == 2
    assert model.index(0, 0).data().endswith("A walk without the fog")  # newest on top

    # Choosing the older moment shows it; each save of it changes its row once.
    page.list.setCurrentRow(1)
    assert page.editors["what"].toPlainText() == "We laughed at dinner"
    for words in (" again", " and after"):
        before = spies["dataChanged"].count()
        qtbot.keyClicks(page.editors["made_possible"], words)
        page.flush()
        assert spies["dataChanged"].count() == before + 1
    assert spies["dataChanged"].count() == 2 and model.rowCount() == 2
    stored = sorted(_stored(window), key=lambda f: f["what"])
    assert [f["what"] for f in stored] == ["A walk without the fog", "We laughed at dinner"]
    assert stored[1]["made_possible"] == " again and after" and stored[1]["happened_on"] == (
        "2026-03-14")
    assert stored[0]["noticed_by"] == "My sister"

    dialog = page.ask_delete()
    assert dialog is not None and dialog.isVisible()
    dialog.accept()
    flush_deletes()
    assert model.rowCount() == 1 and spies["rowsRemoved"].count() == 1
    assert [f["what"] for f in _stored(window)] == ["A walk without the fog"]
    assert page.editors["what"].toPlainText() == ""
    assert spies["modelReset"].count() == 0  # every change went row by row

    window.lock()
    unlock_solo(qtbot, window, PASSWORDS[1])
    page = narrative_tab(window).show_page("exception")
    assert [page.model.index(r, 0).data() for r in range(page.model.rowCount())] == [
        text("narrative_exceptions", "row_spoken", date=text("narrative_exceptions", "undated"),
             what="A walk without the fog")]


def test_a_date_that_is_not_one_is_explained_and_the_rest_is_saved(qtbot, window,
                                                                   existing_vault) -> None:
    page = _page(qtbot, window)
    qtbot.keyClicks(page.editors["what"], "Slept through the night")
    qtbot.keyClicks(page.date, "last tuesday")
    page.flush()
    assert page.date_message.isVisible()
    assert page.date_message.text() == text("narrative_exceptions", "bad_date")
    assert _stored(window) == [{"happened_on": "", "what": "Slept through the night",
                                "made_possible": "", "says_value": "", "noticed_by": ""}]
    assert page.date.text() == "last tuesday"  # what was typed stays to be put right
    page.date.clear()
    qtbot.keyClicks(page.date, "2026-02-01")
    page.flush()
    assert not page.date_message.isVisible()
    assert _stored(window)[0]["happened_on"] == "2026-02-01"


def test_choosing_another_moment_saves_a_new_one_first(qtbot, window, existing_vault) -> None:
    page = _page(qtbot, window, partner=2)
    qtbot.keyClicks(page.editors["what"], "First")
    page.flush()
    page.new_moment()
    qtbot.keyClicks(page.editors["what"], "Second, not saved yet")
    page.list.setCurrentRow(0)  # "First" (the new one is not listed until it saves)
    assert page.editors["what"].toPlainText() == "First"
    assert page.list.currentIndex().data().endswith("First")
    assert sorted(f["what"] for f in _stored(window, 2)) == ["First", "Second, not saved yet"]


def test_the_moments_model_passes_qtmodeltester(qtmodeltester, qtbot, window,
                                                existing_vault) -> None:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    keys = window.session.keyring
    for n in range(5):
        narrative.save_draft(keys, 1, "exception", {"what": f"moment {n}",
                                                    "happened_on": f"2026-01-0{n + 1}"})
    drafts, _ = narrative.load_drafts(keys, 1)
    model = MomentsModel()
    model.fill(drafts)
    qtmodeltester.check(model)
    assert model.rowCount() == 5
    saved = narrative.save_draft(keys, 1, "exception", {"what": "changed"},
                                 model.draft_at(2).uuid)
    spy = QSignalSpy(model.dataChanged)
    assert model.put(saved) == 2 and spy.count() == 1
    qtmodeltester.check(model)
