"""Our story together (#11): optional, open only when both would like one; each paragraph
shows who wrote it and only its author changes it; settled only when both confirmed the
same words with their own passwords; a change after that is a new version, and the
earlier one is kept and compared word by word."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from models import narrative
from models.narrative import JointParagraph
from tests.ui.conftest import NAMES, PASSWORDS
from tests.ui.narrative.test_shared import open_session
from ui.main_window import MainWindow
from ui.widgets.fresh_password import FreshPasswordDialog
from ui.word_diff import ADDED
from ui.workbooks import WorkbookContext
from ui.workbooks.narrative.joint import JointPage


def page_for(qtbot, ctx: WorkbookContext) -> JointPage:
    page = JointPage(ctx)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    QApplication.processEvents()
    return page


def editable(page: JointPage) -> list[QPlainTextEdit]:
    return [e for e in page.findChildren(QPlainTextEdit) if e.isVisibleTo(page)
            and not e.isReadOnly()]


def both_wish(window: MainWindow, paragraphs: tuple[JointParagraph, ...] = ()) -> None:
    keys = window.session.keyring
    narrative.wish_joint(keys, 1, True)
    narrative.wish_joint(keys, 2, True)
    for end, paragraph in enumerate(paragraphs, 1):  # each writes their own in turn
        narrative.save_joint(keys, paragraph.author, paragraphs[:end])


def prove(qtbot, window: MainWindow, page: JointPage, partner: int,
          password: str | None = None) -> None:
    """Type ``partner``'s password (or ``password``) into the dialog the page asked."""
    asking = page.fresh
    assert isinstance(asking, FreshPasswordDialog) and set(asking.fields) == {partner}
    qtbot.keyClicks(asking.fields[partner].edit, password or PASSWORDS[partner])
    asking.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    QApplication.processEvents()


def write_as(qtbot, window: MainWindow, page: JointPage, partner: int) -> None:
    """Together, "Writing as" someone takes their password, typed then."""
    page.writer.setCurrentIndex(page.writer.findData(partner))
    prove(qtbot, window, page, partner)
    assert page.editor() == partner


def wish(qtbot, window: MainWindow, page: JointPage, partner: int) -> None:
    page.wishes[partner].click()
    prove(qtbot, window, page, partner)


def confirm(qtbot, window: MainWindow, page: JointPage, partner: int,
            password: str | None = None) -> None:
    qtbot.mouseClick(page.confirms[partner], Qt.MouseButton.LeftButton)
    asking = page.fresh
    assert isinstance(asking, FreshPasswordDialog) and set(asking.fields) == {partner}
    qtbot.keyClicks(asking.fields[partner].edit, password or PASSWORDS[partner])
    asking.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    QApplication.processEvents()


def test_one_wish_opens_nothing_and_both_open_it(qtbot, window, existing_vault) -> None:
    ctx = open_session(qtbot, window)
    page = page_for(qtbot, ctx)
    assert not page.open_part.isVisible() and not editable(page)
    wish(qtbot, window, page, 1)
    story = narrative.load_joint(window.session.keyring)[0]
    assert story.wished_by == {1} and not story.open
    assert not page.open_part.isVisible() and not editable(page) and not page.add.isVisible()
    assert page.waiting.isVisible()

    wish(qtbot, window, page, 2)
    assert page.open_part.isVisible() and page.add.isVisible()
    write_as(qtbot, window, page, 2)
    qtbot.mouseClick(page.add, Qt.MouseButton.LeftButton)
    [area] = editable(page)
    qtbot.keyClicks(area, "We kept walking on Sundays.")
    page.flush()
    latest = narrative.load_joint(window.session.keyring)[0].latest
    assert latest is not None
    assert latest.paragraphs == (JointParagraph(2, "We kept walking on Sundays."),)
    assert f"Written by {NAMES[2]}" in [w.text() for w in page.cards[0].findChildren(
        type(page.status))]


def test_a_partner_never_edits_the_others_paragraph(qtbot, window, existing_vault) -> None:
    ctx = open_session(qtbot, window)
    both_wish(window, (JointParagraph(1, "I was scared to come home."),))
    page = page_for(qtbot, ctx)
    write_as(qtbot, window, page, 2)  # Writing as the second partner
    assert not editable(page) and page.cards[0].edit is None
    assert page.cards[0].remove is None
    write_as(qtbot, window, page, 1)
    assert [e.toPlainText() for e in editable(page)] == ["I was scared to come home."]

    window.lock()
    ctx = open_session(qtbot, window, (2,))  # alone, the second partner
    page = page_for(qtbot, ctx)
    assert not page.writer_row.isVisible() and not editable(page)
    qtbot.mouseClick(page.add, Qt.MouseButton.LeftButton)
    [mine] = editable(page)
    qtbot.keyClicks(mine, "I waited up.")
    page.flush()
    latest = narrative.load_joint(window.session.keyring)[0].latest
    assert latest is not None and latest.paragraphs == (
        JointParagraph(1, "I was scared to come home."), JointParagraph(2, "I waited up."))


def test_typing_is_saved_as_who_typed_it_when_the_writer_changes(qtbot, window,
                                                                 existing_vault) -> None:
    ctx = open_session(qtbot, window)
    both_wish(window, (JointParagraph(1, "First lines."), JointParagraph(2, "Second lines.")))
    page = page_for(qtbot, ctx)
    write_as(qtbot, window, page, 1)
    [mine] = editable(page)  # writing as the first partner
    mine.moveCursor(mine.textCursor().MoveOperation.End)
    qtbot.keyClicks(mine, " More.")
    page.writer.setCurrentIndex(page.writer.findData(2))  # before the autosave ran
    prove(qtbot, window, page, 2)
    latest = narrative.load_joint(window.session.keyring)[0].latest
    assert latest is not None and latest.paragraphs == (
        JointParagraph(1, "First lines. More."), JointParagraph(2, "Second lines."))
    assert [e.toPlainText() for e in editable(page)] == ["Second lines."]
    assert not page.message.isVisible()


def test_settled_only_when_both_confirm_and_a_change_is_a_new_version(qtbot, window,
                                                                      existing_vault) -> None:
    ctx = open_session(qtbot, window)
    both_wish(window, (JointParagraph(1, "We chose to stay and try."),))
    page = page_for(qtbot, ctx)
    assert "Not confirmed yet" in page.status.text()

    confirm(qtbot, window, page, 1, PASSWORDS[2])  # the other's password: refused
    assert not narrative.load_joint(window.session.keyring)[0].latest.confirmed_by
    page.fresh.reject()
    QApplication.processEvents()

    confirm(qtbot, window, page, 1)
    story = narrative.load_joint(window.session.keyring)[0]
    assert story.latest.confirmed_by == {1} and story.settled is None
    assert f"{NAMES[1]} confirmed these words" in page.status.text()
    assert "settled when you have both" in page.status.text()
    assert not page.confirms[1].isEnabled() and page.confirms[2].isEnabled()

    confirm(qtbot, window, page, 2)
    story = narrative.load_joint(window.session.keyring)[0]
    assert story.settled is not None and story.settled.version == 1
    assert page.status.text().startswith("Settled")
    assert not page.compare.isVisible()

    write_as(qtbot, window, page, 1)
    [area] = editable(page)  # writing as the first partner
    area.moveCursor(area.textCursor().MoveOperation.End)
    qtbot.keyClicks(area, " Slowly.")
    page.flush()
    story = narrative.load_joint(window.session.keyring)[0]
    assert [v.version for v in story.versions] == [1, 2]
    assert story.versions[0].settled and story.versions[0].paragraphs[0].text == (
        "We chose to stay and try.")
    assert story.latest.paragraphs[0].text == "We chose to stay and try. Slowly."
    assert story.settled.version == 1 and not story.latest.settled
    assert "since you both confirmed version 1" in page.status.text()
    assert page.compare.isVisible()

    qtbot.mouseClick(page.compare, Qt.MouseButton.LeftButton)
    history = page.history
    assert history is not None and history.isVisible()
    assert "Slowly." in history.right.toPlainText()
    assert "Slowly." not in history.left.toPlainText()
    marked = history.right.toHtml()
    assert ADDED.split(";")[0].split(":")[1] in marked
    history.close()


@pytest.mark.parametrize("word", ["victim", "offender", "perpetrator", "forgive"])
def test_no_blaming_word_on_the_page(qtbot, window, existing_vault, word) -> None:
    ctx = open_session(qtbot, window)
    both_wish(window, (JointParagraph(1, "Ours."),))
    page = page_for(qtbot, ctx)
    shown = [w.text() for w in page.findChildren(type(page.status))]
    assert not any(word in s.lower() for s in shown)


def test_nobody_writes_or_wishes_in_the_others_name(qtbot, window, existing_vault) -> None:
    """Together, whoever holds the mouse cannot write a paragraph or say "yes" in the
    other's name: both take that partner's own password, typed then."""
    ctx = open_session(qtbot, window)
    page = page_for(qtbot, ctx)
    page.wishes[2].click()
    prove(qtbot, window, page, 2, PASSWORDS[1])  # the first partner's password: refused
    page.fresh.reject()
    QApplication.processEvents()
    assert narrative.load_joint(window.session.keyring)[0].wished_by == frozenset()
    assert not page.wishes[2].isChecked()

    both_wish(window, (JointParagraph(2, "I kept my word on Tuesday."),))
    page.reload()
    assert page.open_part.isVisible() and page.no_writer.isVisible()
    assert not editable(page) and not page.add.isEnabled()
    page.writer.setCurrentIndex(page.writer.findData(2))
    prove(qtbot, window, page, 2, PASSWORDS[1])
    page.fresh.reject()
    QApplication.processEvents()
    assert page.editor() is None and not editable(page)
    assert page.writer.currentData() is None

    write_as(qtbot, window, page, 2)
    assert [e.toPlainText() for e in editable(page)] == ["I kept my word on Tuesday."]

    page.wishes[1].click()  # taking a wish back takes one click, no password
    assert page.fresh is None
    assert narrative.load_joint(window.session.keyring)[0].wished_by == {2}
