"""One source of truth for what is on screen (#7, #9): a change to a record shows at once
in every view of it (list row, detail pane, history, the consent page), a search never
leaves hidden words on screen, and a save touches one row of the list, never all."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QWidget,
)

from models import agreements, consent
from tests.ui.conftest import NAMES, PASSWORDS, flush_deletes, unlock_solo
from tests.ui.test_agreements import (
    DRINKS,
    PHONES,
    WALKS,
    agreed,
    click,
    gone,
    listed,
    seed,
    select,
    submit,
)
from tests.ui.test_agreements import open_tab as open_agreements
from tests.ui.test_consent import _pick, groups
from tests.ui.test_consent import open_tab as open_consent
from tests.ui.test_consent import seed as seed_consent
from ui.texts import text
from ui.workbooks.agreements import AgreementsTab
from ui.workbooks.agreements.dialogs import ConfirmDialog
from ui.workbooks.agreements.history import HistoryDialog
from ui.workbooks.agreements.list import DETAIL, MARK
from ui.workbooks.agreements.review import ReviewDialog
from ui.workbooks.consent.words import starter_items


def row_detail(tab: AgreementsTab, title: str) -> str:
    model = tab.list.model()
    rows = [model.index(r, 0) for r in range(model.rowCount())]
    return next(str(index.data(DETAIL)) for index in rows if index.data() == title)


def heard(tab) -> list[tuple[str, str]]:
    said: list[tuple[str, str]] = []
    tab.ctx.changes.changed.connect(lambda workbook, uuid: said.append((workbook, uuid)))
    return said


def words_on_screen() -> str:
    """What every visible label, field and text box holds now."""
    flush_deletes()
    shown = []
    for widget in QApplication.allWidgets():
        if widget.isVisible() and isinstance(widget, QLabel | QLineEdit):
            shown.append(widget.text())
        elif widget.isVisible() and isinstance(widget, QPlainTextEdit | QTextBrowser):
            shown.append(widget.toPlainText())
    return "\n".join(shown)


# -- agreements ---------------------------------------------------------------------------


def test_a_change_made_elsewhere_shows_in_the_row_the_detail_and_the_history(
        qtbot, window, existing_vault, vault_path) -> None:
    seed(vault_path, existing_vault, lambda keys, bundles: agreed(keys, bundles, **PHONES))
    tab = open_agreements(qtbot, window)
    view = select(tab, PHONES["title"])
    tab.history()
    history = tab.dialog
    assert isinstance(history, HistoryDialog)
    assert "paused" not in history.timeline.toPlainText()
    # Somewhere else (Home, another tab) pauses it, and says so on the shared signal.
    agreements.withdraw(window.session.keyring, view.uuid, 2, "Weekends need a talk.")
    tab.ctx.changes.announce("agreements", view.uuid)
    assert row_detail(tab, PHONES["title"]).startswith("Paused")
    assert tab.list.current_data(MARK) == "Needs a conversation"
    assert tab.editor.view is not None and tab.editor.view.status == "paused"
    assert "Pausing is always okay" in tab.editor.status_line.text()
    assert tab.buttons["propose"].text() == "Propose again"
    assert "Weekends need a talk." in history.timeline.toPlainText()


def test_new_words_from_elsewhere_reach_the_row_and_the_fields(qtbot, window, existing_vault,
                                                               vault_path) -> None:
    uuid = seed(vault_path, existing_vault,
                lambda keys, bundles: agreements.create(keys, 1, **WALKS).uuid)
    tab = open_agreements(qtbot, window, together=False)
    select(tab, WALKS["title"])
    agreements.edit(window.session.keyring, uuid, 1, title="Sunday walk by the river")
    tab.ctx.changes.announce("agreements", uuid)
    assert listed(tab) == ["Sunday walk by the river"]
    assert tab.editor.title.text() == "Sunday walk by the river"


def test_a_confirmation_changes_the_row_status_without_relocking(qtbot, window, existing_vault,
                                                                 vault_path) -> None:
    def build(keys, bundles):
        view = agreements.create(keys, 1, **PHONES)
        agreements.propose(keys, view.uuid, 1)

    seed(vault_path, existing_vault, build)
    tab = open_agreements(qtbot, window)
    view = select(tab, PHONES["title"])
    said = heard(tab)
    assert "waiting for both" in row_detail(tab, PHONES["title"])
    for partner in (2, 1):
        click(qtbot, tab.buttons["confirm"])
        dialog = tab.dialog
        assert isinstance(dialog, ConfirmDialog)
        dialog.who.setCurrentIndex(dialog.who.findData(partner))
        qtbot.keyClicks(dialog.password.edit, PASSWORDS[partner])
        submit(qtbot, dialog)
        qtbot.waitUntil(lambda dialog=dialog: gone(dialog), timeout=10000)
        if partner == 2:
            detail = row_detail(tab, PHONES["title"])
            assert "waiting for both" not in detail
            assert f"waiting for {NAMES[1]}" in detail
    assert row_detail(tab, PHONES["title"]).startswith("Agreed")
    assert said.count(("agreements", view.uuid)) == 2, "Home hears of each confirmation"


def test_search_that_hides_the_agreement_shown_clears_the_detail_pane(
        qtbot, window, existing_vault, vault_path) -> None:
    def build(keys, bundles):
        agreed(keys, bundles, **PHONES)
        agreements.create(keys, 2, **WALKS)

    seed(vault_path, existing_vault, build)
    tab = open_agreements(qtbot, window)
    select(tab, PHONES["title"])
    assert PHONES["wording"] in words_on_screen()
    qtbot.keyClicks(tab.search, "sunday")
    assert listed(tab) == [WALKS["title"]]
    assert tab.editor.view is None and tab.list.current_uuid() is None
    assert PHONES["wording"] not in words_on_screen(), "no hidden agreement's words stay"
    assert not tab.empty.isVisible()
    qtbot.keyClicks(tab.search, " heron")
    assert listed(tab) == []
    assert tab.empty.isVisible()
    assert tab.empty.text().startswith("Nothing matches “sunday heron”")
    tab.search.clear()
    assert len(listed(tab)) == 2 and not tab.empty.isVisible()
    assert tab.editor.view is not None and tab.editor.view.current.text["title"] == \
        PHONES["title"], "clearing the search brings back the agreement chosen"


def test_a_review_error_goes_once_it_is_fixed(qtbot, window, existing_vault,
                                              vault_path) -> None:
    seed(vault_path, existing_vault, lambda keys, bundles: agreed(keys, bundles, **PHONES))
    tab = open_agreements(qtbot, window, together=False, partner=2)
    select(tab, PHONES["title"])
    click(qtbot, tab.buttons["review"])
    dialog = tab.dialog
    assert isinstance(dialog, ReviewDialog)
    submit(qtbot, dialog)
    assert dialog.message.isVisible() and "what you decide" in dialog.message.text()
    dialog.findChild(type(dialog.decision.buttons()[0]), "reviewDecision_keep").click()
    assert not dialog.message.isVisible() and dialog.message.text() == ""
    click(qtbot, dialog.alone_button)  # alone needs a few words first
    assert dialog.message.isVisible()
    qtbot.keyClicks(dialog.helps, "Calmer dinners.")
    assert not dialog.message.isVisible()


def test_every_change_is_announced(qtbot, window, existing_vault) -> None:
    tab = open_agreements(qtbot, window, together=False)
    said = heard(tab)
    tab.new_agreement()
    uuid = tab.editor.view.uuid
    qtbot.keyClicks(tab.editor.title, "Lanterns before bed")
    tab.flush()
    click(qtbot, tab.buttons["delete"])
    submit(qtbot, tab.dialog)
    assert said == [("agreements", uuid)] * 3  # created, saved, deleted


# -- the list model -----------------------------------------------------------------------


def test_list_models_pass_the_model_tester(qtbot, qtmodeltester, window, existing_vault,
                                           vault_path) -> None:
    def build(keys, bundles):
        agreed(keys, bundles, **PHONES)
        agreements.create(keys, 1, **DRINKS)
        agreements.create(keys, 2, **WALKS)

    seed(vault_path, existing_vault, build)
    tab = open_agreements(qtbot, window)
    qtmodeltester.check(tab.rows)
    qtmodeltester.check(tab.shown)
    qtbot.keyClicks(tab.search, "sunday")
    qtmodeltester.check(tab.shown)
    consent_tab = open_consent(qtbot, window)
    qtmodeltester.check(consent_tab.board)


class Signals:
    """Every change signal a model sends, counted."""

    def __init__(self, model) -> None:
        self.changed: list[tuple[int, int]] = []
        self.other: list[str] = []
        model.dataChanged.connect(lambda top, bottom, *_: self.changed.append(
            (top.row(), bottom.row())))
        for name in ("modelReset", "layoutChanged", "rowsInserted", "rowsRemoved",
                     "rowsMoved"):
            getattr(model, name).connect(lambda *_, name=name: self.other.append(name))


def test_a_save_touches_one_row_of_two_hundred(qtbot, window, existing_vault,
                                               vault_path) -> None:
    seed(vault_path, existing_vault, lambda keys, bundles: [
        agreements.create(keys, 1, title=f"Agreement {n}", wording=f"Words {n}.")
        for n in range(200)])
    tab = open_agreements(qtbot, window, together=False)
    qtbot.waitUntil(lambda: tab.list.count() == 200 and not tab.load.loading, timeout=20000)
    select(tab, "Agreement 57")
    row = tab.rows.row_of(tab.editor.view.uuid)
    rows, shown = Signals(tab.rows), Signals(tab.shown)
    qtbot.keyClicks(tab.editor.areas["not_ok"], "Hiding it.")
    tab.flush()
    assert rows.changed == [(row, row)] and rows.other == []
    assert len(shown.changed) == 1 and shown.other == []
    # A keystroke in search changes the filter, never a row.
    qtbot.keyClicks(tab.search, "5")
    assert rows.changed == [(row, row)] and rows.other == []
    tab.search.clear()
    # A new agreement is one row inserted; deleting it, one row removed.
    tab.new_agreement()
    assert rows.other == ["rowsInserted"]
    click(qtbot, tab.buttons["delete"])
    submit(qtbot, tab.dialog)
    assert rows.other == ["rowsInserted", "rowsRemoved"]
    assert len(rows.changed) == 1


class LayoutRequests(QObject):
    """Every widget of ``root`` (or ``root`` itself) asked to lay itself out again."""

    def __init__(self, root: QWidget) -> None:
        super().__init__()
        self.root = root
        self.asked: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.LayoutRequest and isinstance(watched, QWidget) and (
                watched is self.root or self.root.isAncestorOf(watched)):
            self.asked.append(f"{type(watched).__name__} {watched.objectName()}")
        return False


def test_an_autosave_lays_out_nothing_again(qtbot, window, existing_vault,
                                            vault_path) -> None:
    """A save (after each pause in typing) repaints its row and its note; it used to
    lay the whole window out again, twice the cost of the save itself (#9)."""
    seed(vault_path, existing_vault, lambda keys, bundles: [
        agreements.create(keys, 1, title=f"Agreement {n}", wording=f"Words {n}.")
        for n in range(5)])
    tab = open_agreements(qtbot, window, together=False)
    select(tab, "Agreement 3")
    qtbot.keyClicks(tab.editor.title, " and more")
    tab.flush()
    requests = LayoutRequests(tab)
    app = QApplication.instance()
    app.installEventFilter(requests)
    try:
        for _ in range(100):  # until the tab, just shown, has settled
            requests.asked.clear()
            qtbot.wait(30)
            if not requests.asked:
                break
        for letter in "abc":
            qtbot.keyClicks(tab.editor.title, letter)  # the note goes…
            QApplication.processEvents()
            assert tab.editor.flush() is not None  # …and comes back with the save
            assert tab.editor.saved_note.text() == text("agreements", "saved")
            QApplication.processEvents()
    finally:
        app.removeEventFilter(requests)
    assert tab.editor.view.current.text["title"] == "Agreement 3 and moreabc"
    assert requests.asked == [], requests.asked


# -- sizes --------------------------------------------------------------------------------


def test_the_editor_keeps_room_for_its_fields_at_900_by_600(qtbot, window, existing_vault,
                                                            vault_path) -> None:
    seed(vault_path, existing_vault, lambda keys, bundles: agreed(keys, bundles, **PHONES))
    window.resize(900, 600)
    tab = open_agreements(qtbot, window)
    select(tab, PHONES["title"])
    click(qtbot, tab.buttons["change"])  # the fullest editor: the words in force beside
    qtbot.wait(50)
    scroll = tab.editor.findChild(QScrollArea, "agreementScroll")
    assert scroll.verticalScrollBar().value() == 0
    sight = scroll.viewport().rect()
    editor = tab.editor
    fields = [editor.title, editor.category, editor.cadence, *editor.areas.values()]
    in_sight = [field.objectName() for field in fields if sight.contains(
        field.geometry().translated(field.parentWidget().mapTo(scroll.viewport(), QPoint())))]
    assert len(in_sight) >= 3, f"more than one and a half fields in sight: {in_sight}"
    splitter = tab.findChild(QSplitter, "agreementSplitter")
    left, right = splitter.sizes()
    assert left >= 230 and right >= 440
    window.resize(1400, 900)
    qtbot.wait(50)
    left, right = splitter.sizes()
    assert left >= 0.3 * (left + right), "the list gets a fair share of a wide window"


def test_the_splitter_is_where_it_was_left(qtbot, window, existing_vault) -> None:
    tab = open_agreements(qtbot, window, together=False)
    splitter = tab.findChild(QSplitter, "agreementSplitter")
    splitter.moveSplitter(300, 1)
    assert splitter.sizes()[0] == 300
    window.lock()
    unlock_solo(qtbot, window, PASSWORDS[1])
    tab = window.workbench.findChild(AgreementsTab)
    assert tab.findChild(QSplitter, "agreementSplitter").sizes()[0] == 300


# -- consent --------------------------------------------------------------------------------


def test_stepping_back_moves_the_item_out_of_the_shared_group_at_once(
        qtbot, window, existing_vault, vault_path) -> None:
    count = len(starter_items())
    seed_consent(vault_path, existing_vault, {1: ["yes"] * count, 2: ["yes"] * count},
                 reveal=True)
    tab = open_consent(qtbot, window, together=False, partner=1)
    said = heard(tab)
    first, second = tab.items[0], tab.items[1]
    assert first.label in groups(tab)["yes"] and second.label in groups(tab)["yes"]
    tab.answer_button.click()
    dialog = tab.answer_dialog
    _pick(dialog, 0, "maybe")
    assert first.label not in groups(tab)["yes"] and first.label in groups(tab)["talk"]
    assert said == [("consent", "")], "announced, without naming the item answered"
    dialog.reject()
    # A step back saved elsewhere shows as soon as it is announced.
    consent.answer(window.session.keyring, 1, second.uuid, "no")
    tab.ctx.changes.announce("consent", "")
    assert second.label not in groups(tab)["yes"] and second.label in groups(tab)["respected"]


def test_consent_list_follows_changes_made_elsewhere(qtbot, window, existing_vault) -> None:
    tab = open_consent(qtbot, window, together=False)
    added = consent.add_item(window.session.keyring, "Dancing in the kitchen", 1)
    tab.ctx.changes.announce("consent", added.uuid)
    assert "Dancing in the kitchen" in [item.label for item in tab.items]
    assert tab.item_list.item(tab.item_list.count() - 1).text() == "Dancing in the kitchen"
    assert text("consent_checkin", "reveal_need_together") == tab.reveal_note.text()
