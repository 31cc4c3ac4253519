"""When we missed each other (#12): an entry one partner started is a request to talk,
waiting for the other's side; the other adds theirs and both show side by side; a
partner never edits the other's side; nothing reads as a finding, a fault or a score."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from models.needs import misattunement as conversations
from tests.ui.conftest import NAMES
from tests.ui.narrative.test_shared import open_session
from ui.workbooks import WorkbookContext
from ui.workbooks.needs.misattunement import MisattunementPage


def page_for(qtbot, ctx: WorkbookContext, size=(900, 600)) -> MisattunementPage:
    page = MisattunementPage(ctx)
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    QApplication.processEvents()
    return page


def editable(page: MisattunementPage) -> dict[str, QPlainTextEdit]:
    return {e.objectName(): e for e in page.findChildren(QPlainTextEdit)
            if e.isVisibleTo(page) and not e.isReadOnly() and e.objectName() != "needsTryNext"}


def shown_texts(page: MisattunementPage) -> list[str]:
    return [label.text() for label in page.findChildren(QLabel) if label.isVisibleTo(page)]


def rows(page: MisattunementPage) -> list[str]:
    return [page.list.item(i).text() for i in range(page.list.count())]


def test_started_by_one_waits_for_the_others_side_then_shows_both(qtbot, window,
                                                                 existing_vault) -> None:
    ctx = open_session(qtbot, window, (1,))
    page = page_for(qtbot, ctx)
    assert page.empty.isVisible() and rows(page) == []
    qtbot.mouseClick(page.new, Qt.MouseButton.LeftButton)
    assert page.entry.pause.isVisible() and not page.entry.walk.isVisible()  # pause first
    qtbot.mouseClick(page.entry.go_on, Qt.MouseButton.LeftButton)
    areas = editable(page)
    assert set(areas) == {"needsSide_happened_1", "needsSide_felt_1", "needsSide_needed_1"}
    qtbot.mouseClick(page.entry.save_side, Qt.MouseButton.LeftButton)  # nothing typed
    assert "nothing was saved" in page.entry.message.text()
    assert conversations.load_misattunements(window.session.keyring)[0] == []
    qtbot.keyClicks(areas["needsSide_happened_1"], "I came home late and did not text.")
    qtbot.keyClicks(areas["needsSide_felt_1"], "Flustered.")
    qtbot.mouseClick(page.entry.save_side, Qt.MouseButton.LeftButton)
    [entry] = conversations.load_misattunements(window.session.keyring)[0]
    assert entry.opened_by == 1 and entry.waiting_for == 2
    assert page.entry.waiting.isVisible()
    assert page.entry.waiting.text() == f"A request to talk: waiting for {NAMES[2]}'s side."
    assert not page.entry.try_part.isVisible()  # what we will try waits for both sides
    qtbot.mouseClick(page.entry.back, Qt.MouseButton.LeftButton)
    [row] = rows(page)
    assert f"A request to talk, waiting for {NAMES[2]}'s side" in row

    window.lock()
    ctx = open_session(qtbot, window, (2,))
    page = page_for(qtbot, ctx)
    [row] = rows(page)
    assert f"waiting for {NAMES[2]}'s side" in row
    page.list.setCurrentRow(0)
    page.open_entry(entry.uuid)
    qtbot.mouseClick(page.entry.go_on, Qt.MouseButton.LeftButton)
    areas = editable(page)
    assert set(areas) == {"needsSide_happened_2", "needsSide_felt_2", "needsSide_needed_2"}
    assert "I came home late and did not text." in shown_texts(page)  # read, not editable
    qtbot.keyClicks(areas["needsSide_happened_2"], "I waited up and heard nothing.")
    qtbot.keyClicks(areas["needsSide_needed_2"], "A message, even a short one.")
    qtbot.mouseClick(page.entry.save_side, Qt.MouseButton.LeftButton)
    [entry] = conversations.load_misattunements(window.session.keyring)[0]
    assert entry.waiting_for is None and entry.accounts[2].needed == "A message, even a short one."
    assert entry.accounts[1].happened == "I came home late and did not text."
    side1 = page.entry.columns[("happened", 1)]
    side2 = page.entry.columns[("happened", 2)]
    assert side1.isVisible() and side2.isVisible()
    assert side1.geometry().top() == side2.geometry().top()  # side by side, tops level
    assert side1.geometry().right() < side2.geometry().left()
    assert not page.entry.waiting.isVisible() and page.entry.try_part.isVisible()
    qtbot.keyClicks(page.entry.try_next, "A two-word text when plans change.")
    qtbot.mouseClick(page.entry.save_try, Qt.MouseButton.LeftButton)
    assert conversations.load_misattunements(
        window.session.keyring)[0][0].try_next == "A two-word text when plans change."
    qtbot.mouseClick(page.entry.back, Qt.MouseButton.LeftButton)
    [row] = rows(page)
    assert "Both sides written" in row and "waiting" not in row


def test_together_writing_as_opens_only_that_partners_side(qtbot, window,
                                                           existing_vault) -> None:
    ctx = open_session(qtbot, window)
    keys = window.session.keyring
    entry = conversations.open_misattunement(keys, 1, what_happened="The call went long.",
                                             felt="Tired.")
    page = page_for(qtbot, ctx)
    page.open_entry(entry.uuid)
    qtbot.mouseClick(page.entry.go_on, Qt.MouseButton.LeftButton)
    assert page.entry.writer_row.isVisible()
    page.entry.writer.setCurrentIndex(page.entry.writer.findData(2))
    areas = editable(page)
    assert set(areas) == {"needsSide_happened_2", "needsSide_felt_2", "needsSide_needed_2"}
    assert all(area.toPlainText() == "" for area in areas.values())
    # the first partner's side is only read, word for word
    assert "The call went long." in shown_texts(page) and "Tired." in shown_texts(page)
    assert page.entry.columns[("happened", 1)].areas == {}
    qtbot.keyClicks(areas["needsSide_happened_2"], "I was waiting for dinner.")
    page.entry.writer.setCurrentIndex(page.entry.writer.findData(1))  # saved as who typed
    saved = conversations.load_misattunements(keys)[0][0]
    assert saved.accounts[2].happened == "I was waiting for dinner."
    assert saved.accounts[1].happened == "The call went long."
    assert set(editable(page)) == {"needsSide_happened_1", "needsSide_felt_1",
                                   "needsSide_needed_1"}


def test_either_sets_it_down_for_now(qtbot, window, existing_vault) -> None:
    ctx = open_session(qtbot, window, (2,))
    entry = conversations.open_misattunement(window.session.keyring, 1,
                                             what_happened="A plan changed.")
    page = page_for(qtbot, ctx)
    page.open_entry(entry.uuid)
    qtbot.mouseClick(page.entry.set_down, Qt.MouseButton.LeftButton)
    assert page.stack.currentIndex() == 0 and "Set down for now" in page.message.text()
    assert conversations.load_misattunements(window.session.keyring)[0][0].paused
    page.open_entry(entry.uuid)
    assert page.entry.go_on.text() == "Take it up again"
    qtbot.mouseClick(page.entry.go_on, Qt.MouseButton.LeftButton)
    assert not conversations.load_misattunements(window.session.keyring)[0][0].paused
    assert page.entry.walk.isVisible()


NEVER = ("%", "rate", "streak", "overdue", "fault", "finding", "score", "blame")


def texts_under(root: QWidget) -> str:
    """Every string ``root`` and the widgets under it hold (a screen reader's too)."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        found += [widget.windowTitle(), widget.accessibleName(),
                  widget.accessibleDescription(), widget.toolTip()]
        if isinstance(widget, QLabel | QAbstractButton):
            found.append(widget.text())
        if isinstance(widget, QComboBox):
            found += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            found += [str(model.index(i, 0).data()) for i in range(model.rowCount())]
    return " ".join(found).lower()


def test_no_rates_scores_or_faults_in_the_words(qtbot, window, existing_vault) -> None:
    from ui.texts import resource_toml

    words = resource_toml("ui_needs.toml")
    for section in ("needs_misattunement", "needs_review"):
        for key, value in words[section].items():
            for never in NEVER:
                assert never not in value.lower(), (section, key, never)
    ctx = open_session(qtbot, window)
    keys = window.session.keyring
    waiting = conversations.open_misattunement(keys, 1, what_happened="We missed dinner.")
    both = conversations.open_misattunement(keys, 2, what_happened="A late reply.")
    conversations.add_side(keys, 1, both.uuid, happened="My phone was off.", felt="",
                           needed="")
    page = page_for(qtbot, ctx)
    for uuid in (waiting.uuid, both.uuid, None):
        if uuid is None:
            page.start_new()
        else:
            page.open_entry(uuid)
        page.entry.walk_on()
        QApplication.processEvents()
        shown = texts_under(page)
        assert "waiting for" in shown or uuid != waiting.uuid  # the page was read
        for never in NEVER:
            assert never not in shown, (uuid, never)


def test_the_pages_scroll_at_900x600_with_the_largest_text(qtbot, qapp, window,
                                                           existing_vault,
                                                           plain_look_afterwards) -> None:
    from PySide6.QtWidgets import QScrollArea

    from ui import theme

    theme.apply_theme(qapp, "light", "larger")
    ctx = open_session(qtbot, window)
    keys = window.session.keyring
    for n in range(8):
        entry = conversations.open_misattunement(
            keys, 1 + n % 2, what_happened=f"Moment {n}: the evening plan changed late "
            "and no one said so until after dinner.", felt="Unsettled.", needed="A word.")
    conversations.add_side(keys, 2 if entry.opened_by == 1 else 1, entry.uuid,
                           happened="I thought I had said it in the morning.",
                           felt="Caught out.", needed="Patience while I explain.")
    for size in ((600, 470), (900, 600)):  # in the tab's page area, and the whole window
        page = page_for(qtbot, ctx, size)
        QApplication.processEvents()
        assert page.list.height() >= page.list.fontMetrics().lineSpacing() * 5
        page.grab().save(f"/tmp/m5_missed_list_{size[0]}.png")
        page.open_entry(entry.uuid)
        page.entry.walk_on()
        qtbot.wait(20)
        QApplication.processEvents()
        scroll = page.entry_scroll
        assert isinstance(scroll, QScrollArea) and scroll.isVisible()
        assert scroll.verticalScrollBar().maximum() > 0
        assert scroll.horizontalScrollBar().maximum() == 0
        for area in page.findChildren(QPlainTextEdit):
            if area.isVisibleTo(page):
                assert area.height() >= area.fontMetrics().lineSpacing() * 3, area.objectName()
        page.grab().save(f"/tmp/m5_missed_entry_{size[0]}.png")
        scroll.widget().grab().save(f"/tmp/m5_missed_entry_whole_{size[0]}.png")
        page.close()


def test_words_typed_and_not_saved_are_kept_on_leaving_and_before_a_lock(
        qtbot, window, existing_vault) -> None:
    ctx = open_session(qtbot, window, (2,))
    keys = window.session.keyring
    entry = conversations.open_misattunement(keys, 1, what_happened="The plan moved.")
    page = page_for(qtbot, ctx)
    page.open_entry(entry.uuid)
    page.entry.walk_on()
    qtbot.keyClicks(editable(page)["needsSide_felt_2"], "Left out.")
    qtbot.mouseClick(page.entry.back, Qt.MouseButton.LeftButton)  # nothing about what happened
    assert page.stack.currentWidget() is page.entry_scroll  # stays, with the words
    assert "nothing was saved" in page.entry.message.text()
    qtbot.keyClicks(editable(page)["needsSide_happened_2"], "I heard at the last minute.")
    page.entry.try_part.show()  # (as after the side is in) typed before the side was saved
    page.entry.save_my_side()
    qtbot.keyClicks(page.entry.try_next, "Plans said early.")
    qtbot.keyClicks(editable(page)["needsSide_needed_2"], "To be asked.")
    page.flush()  # as the tab does before a lock: the side, then what we will try
    assert conversations.load_misattunements(keys)[0][0].try_next == "Plans said early."
    page.entry.try_next.clear()
    saved = conversations.load_misattunements(keys)[0][0]
    assert (saved.accounts[2].happened, saved.accounts[2].felt, saved.accounts[2].needed) == (
        "I heard at the last minute.", "Left out.", "To be asked.")
    qtbot.keyClicks(page.entry.try_next, "Say plans the night before.")
    qtbot.mouseClick(page.entry.back, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.list_scroll
    assert conversations.load_misattunements(keys)[0][0].try_next == (
        "Say plans the night before.")


def test_reached_through_the_tab_at_900x600_with_the_largest_text(
        qtbot, qapp, window, existing_vault, plain_look_afterwards) -> None:
    from tests.ui.conftest import open_workbook, unnamed_controls
    from ui import theme
    from ui.workbooks.needs.review import ReviewPage
    from ui.workbooks.needs.tab import NeedsTab

    theme.apply_theme(qapp, "light", "larger")
    window.resize(900, 600)
    tab = open_workbook(qtbot, window, NeedsTab, together=True, partner=1)
    conversations.open_misattunement(window.session.keyring, 2,
                                     what_happened="The evening plan changed late.")
    page = tab.show_page("missed")
    assert isinstance(page, MisattunementPage)
    qtbot.wait(20)
    [row] = rows(page)
    assert f"waiting for {NAMES[1]}'s side" in row
    window.grab().save("/tmp/m5_tab_missed_list.png")
    page.start_new()
    qtbot.wait(20)
    window.grab().save("/tmp/m5_tab_missed_pause.png")
    assert page.entry_scroll.horizontalScrollBar().maximum() == 0
    page.entry.walk_on()
    assert unnamed_controls(page) == []
    review = tab.show_page("review")
    assert isinstance(review, ReviewPage)
    qtbot.wait(20)
    assert review.empty.isVisible() and unnamed_controls(review) == []
    window.grab().save("/tmp/m5_tab_review_empty.png")


def test_an_entry_is_linked_to_the_commitment_it_touched(qtbot, qtmodeltester, window,
                                                         existing_vault) -> None:
    from tests.ui.needs.test_review import active_commitment

    ctx = open_session(qtbot, window)
    made = active_commitment(window, "A short text when plans change.")
    page = page_for(qtbot, ctx)
    page.start_new()
    page.entry.walk_on()
    link = page.entry.link
    items = [link.itemText(i) for i in range(link.count())]
    assert items == ["Nothing in particular", f"{NAMES[1]}'s need: Knowing where we stand",
                     "Commitment: A short text when plans change."]
    link.setCurrentIndex(link.findData(made))
    qtbot.keyClicks(editable(page)["needsSide_happened_1"], "No text came on Tuesday.")
    qtbot.mouseClick(page.entry.save_side, Qt.MouseButton.LeftButton)
    [entry] = conversations.load_misattunements(window.session.keyring)[0]
    assert (entry.commitment, entry.need) == (made, None)
    assert page.entry.link_shown.text() == "A short text when plans change."
    qtbot.mouseClick(page.entry.back, Qt.MouseButton.LeftButton)
    assert "A short text when plans change." in rows(page)[0]
    qtmodeltester.check(page.rows)
    seen: list[str] = []  # a side added elsewhere changes its one row, nothing else
    for signal in ("dataChanged", "rowsInserted", "rowsRemoved", "modelReset"):
        getattr(page.rows, signal).connect(lambda *_a, n=signal: seen.append(n))
    conversations.add_side(window.session.keyring, 2, entry.uuid, happened="I forgot.",
                           felt="", needed="")
    ctx.changes.announce("needs", entry.uuid)
    assert seen == ["dataChanged"] and "Both sides written" in rows(page)[0]
