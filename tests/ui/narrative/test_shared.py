"""What we have shared (#11): both partners read every shared piece, grouped by who wrote
it, with its date and version; the list changes one row at a time; earlier versions show
what changed; the letter opens only when someone chooses to read it; only the author
takes a piece back, with their own password."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models import narrative
from models.damage import Damage
from models.narrative import SharedPiece
from models.proof import FreshProof, NeedsOwner, prove
from tests.ui.conftest import NAMES, PASSWORDS, unlock_solo, unlock_together
from ui.dates import day
from ui.main_window import MainWindow
from ui.widgets.fresh_password import FreshPasswordDialog
from ui.word_diff import ADDED
from ui.workbooks import WorkbookContext
from ui.workbooks.narrative.shared import SharedPage


def open_session(qtbot, window: MainWindow, partners: tuple[int, ...] = (1, 2)
                 ) -> WorkbookContext:
    window.start()
    if len(partners) == 2:
        unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    else:
        unlock_solo(qtbot, window, PASSWORDS[partners[0]])
    ctx = window.workbench._ctx
    assert ctx is not None
    return ctx


def proof_of(window: MainWindow, partner: int) -> FreshProof:
    assert window.vault is not None
    return prove(window.vault.slot_of(partner, "password"), PASSWORDS[partner])


def share(window: MainWindow, owner: int, kind: str, fields: Mapping[str, str],
          uuid: str | None = None) -> SharedPiece:
    """``owner`` writes ``fields`` into their draft of ``kind`` and shares it as it is."""
    assert window.session is not None
    keys, proof = window.session.keyring, proof_of(window, owner)
    held = keys.holds_journal(owner)
    if not held:
        narrative.open_story(keys, owner, proof)
    draft = narrative.save_draft(keys, owner, kind, fields, uuid=uuid)
    piece = narrative.share_piece(keys, proof, draft.uuid)
    if not held:
        narrative.close_story(keys, owner)
    return piece


def page_for(qtbot, ctx: WorkbookContext) -> SharedPage:
    page = SharedPage(ctx)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    return page


def row_texts(page: SharedPage) -> list[str]:
    return [str(page.rows.index(i).data()) for i in range(page.rows.rowCount())]


def test_lists_every_piece_by_author_with_date_and_version(qtbot, qtmodeltester, window,
                                                           existing_vault) -> None:
    ctx = open_session(qtbot, window)
    share(window, 1, "problem", {"name": "The Fog", "shows_up": "We stop talking."})
    first = share(window, 1, "story", {"about_me": "I am someone who hides."})
    newer = share(window, 1, "story", {"about_me": "I am someone who hid, and stopped."},
                  uuid=first.source)
    share(window, 2, "exception", {"happened_on": "2026-03-14", "what": "We laughed at dinner."})
    page = page_for(qtbot, ctx)
    qtmodeltester.check(page.rows)
    rows = row_texts(page)
    assert rows[0] == f"Shared by {NAMES[1]}"
    assert rows[1].startswith("Naming the problem: “The Fog”")
    assert rows[2].startswith("The story it tells")
    assert f"Version 2 · shared {day(newer.shared_at)}" in rows[2]
    assert rows[3] == f"Shared by {NAMES[2]}"
    assert "14 March 2026" in rows[4] and "Version 1" in rows[4]
    assert not page.rows.flags(page.rows.index(0)) & Qt.ItemFlag.ItemIsSelectable

    page.choose(first.source)
    assert NAMES[1] in page.byline.text() and "version 2" in page.byline.text()
    assert page.version.count() == 2 and page.version.isVisible()
    assert "stopped" in page.reader.toPlainText()
    page.changes.setChecked(True)  # what changed from version 1
    html = page.reader.toHtml()
    assert "stopped" in page.reader.toPlainText() and "hides" in page.reader.toPlainText()
    assert ADDED.split(";")[0].split(":")[1] in html  # the added words are marked
    page.version.setCurrentIndex(1)  # the first version itself, as it was shared
    assert "hides" in page.reader.toPlainText() and "stopped" not in page.reader.toPlainText()


def test_a_share_inserts_one_row_and_a_new_version_changes_one(qtbot, window,
                                                               existing_vault) -> None:
    ctx = open_session(qtbot, window)
    share(window, 1, "values", {"values": "Honesty."})
    page = page_for(qtbot, ctx)
    before = row_texts(page)
    inserted, changed, reset, removed = [], [], [], []
    page.rows.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    page.rows.dataChanged.connect(lambda top, _b: changed.append(top.row()))
    page.rows.modelReset.connect(lambda: reset.append(True))
    page.rows.rowsRemoved.connect(lambda _p, first, _l: removed.append(first))

    piece = share(window, 1, "stand", {"view": "not_ok", "why": "Because I value care."})
    ctx.changes.announce("narrative", piece.uuid)
    # the steps' order: "Where I stand" comes before "Values and hopes"
    assert inserted == [(1, 1)] and not changed and not reset and not removed
    assert [t for t in row_texts(page) if "Where I stand" not in t] == before

    newer = share(window, 1, "stand", {"why": "Because I value care and truth."},
                  uuid=piece.source)
    ctx.changes.announce("narrative", newer.uuid)
    assert inserted == [(1, 1)] and changed == [1] and not reset and not removed
    assert "Version 2" in row_texts(page)[1]
    ctx.changes.announce("narrative", "")  # nothing new: nothing moves
    assert changed == [1] and inserted == [(1, 1)]


def test_only_the_author_takes_a_piece_back_with_their_own_password(qtbot, window,
                                                                    existing_vault) -> None:
    ctx = open_session(qtbot, window)
    piece = share(window, 1, "values", {"values": "Care.", "hopes": "Calm evenings."})
    page = page_for(qtbot, ctx)
    page.choose(piece.source)
    assert page.take_back.isVisible()
    qtbot.mouseClick(page.take_back, Qt.MouseButton.LeftButton)
    asking = page.fresh
    assert isinstance(asking, FreshPasswordDialog) and set(asking.fields) == {1}
    assert "cannot be unread" in asking.findChild(type(page.byline), "freshPasswordIntro").text()

    qtbot.keyClicks(asking.fields[1].edit, PASSWORDS[2])  # the other partner's: refused
    asking.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    assert asking.message.isVisible()
    assert len(narrative.load_shared(window.session.keyring)[0]) == 1

    removed = []
    page.rows.rowsRemoved.connect(lambda _p, first, _l: removed.append(first))
    qtbot.keyClicks(asking.fields[1].edit, PASSWORDS[1])
    asking.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    qtbot.waitUntil(lambda: page.rows.rowCount() == 0, timeout=5000)
    assert narrative.load_shared(window.session.keyring)[0] == []
    assert removed and "Taken back" in page.message.text()

    with pytest.raises(NeedsOwner):  # the model keeps the same rule
        other = share(window, 1, "values", {"values": "Care again."})
        narrative.withdraw_piece(window.session.keyring, proof_of(window, 2), other.uuid)


def test_the_other_partner_alone_is_never_offered_take_back(qtbot, window,
                                                            existing_vault) -> None:
    open_session(qtbot, window)
    piece = share(window, 1, "values", {"values": "Care."})
    window.lock()
    ctx = open_session(qtbot, window, (2,))
    page = page_for(qtbot, ctx)
    page.choose(piece.source)
    assert "Care." in page.reader.toPlainText()  # read without a password
    assert not page.take_back.isVisible()


def test_the_letter_opens_when_chosen_and_an_answer_names_its_version(qtbot, window,
                                                                      existing_vault) -> None:
    ctx = open_session(qtbot, window)
    letter = share(window, 2, "letter", {"did": "I lied to you for months.",
                                          "chose": "I chose it, every time."})
    share(window, 1, "heard", {"letter": letter.uuid, "heard": "partly",
                               "landed": "That you said it was a choice."})
    page = page_for(qtbot, ctx)
    page.choose(letter.source)
    assert page.read_letter.isVisible() and not page.reader.isVisible()
    assert "chooses when to read it" in page.note.text() and "session" in page.note.text()
    assert "lied" not in page.reader.toPlainText()
    qtbot.mouseClick(page.read_letter, Qt.MouseButton.LeftButton)
    assert page.reader.isVisible() and "I lied to you for months." in page.reader.toPlainText()

    heard = next(r for r in page.rows.rows() if r.latest is not None
                 and r.latest.kind == "heard")
    page.choose(heard.key)
    assert f"version 1 of {NAMES[2]}'s letter" in page.note.text()
    assert "I feel partly heard" in page.reader.toPlainText()
    page.choose(letter.source)  # chosen again: closed again until someone chooses to read
    assert not page.reader.isVisible()


def test_damage_shows_in_its_place_with_a_kind_sentence(qtbot, window, existing_vault,
                                                        monkeypatch) -> None:
    ctx = open_session(qtbot, window)
    piece = share(window, 1, "values", {"values": "Care."})
    real = narrative.load_shared

    def with_damage(keys, *args, **kwargs):
        pieces, damaged = real(keys, *args, **kwargs)
        return pieces, [*damaged, Damage("narrative_piece", "abc", "words", "InvalidTag")]

    monkeypatch.setattr(narrative, "load_shared", with_damage)
    page = page_for(qtbot, ctx)
    rows = row_texts(page)
    assert rows[-2:] == ["Could not be opened", "A shared piece could not be opened"]
    page.choose("damaged:abc")
    assert "none of its words" in page.note.text() and page.note.isVisible()
    page.choose(piece.source)
    assert "Care." in page.reader.toPlainText()
    QApplication.processEvents()


@pytest.mark.usefixtures("plain_look_afterwards")
def test_the_words_keep_room_at_900x600_with_the_largest_text(qtbot, qapp, window,
                                                               existing_vault) -> None:
    """In the tab's page area at 900x600 with the largest text, the page scrolls instead
    of squeezing: the words keep room for lines, and no control sits on another."""
    from ui import theme

    theme.apply_theme(qapp, "light", "larger")
    ctx = open_session(qtbot, window)
    first = share(window, 1, "story", {"about_me": "I hide.", "came_from": "Quiet years."})
    share(window, 1, "story", {"about_me": "I hid."}, uuid=first.source)
    page = SharedPage(ctx)
    qtbot.addWidget(page)
    page.resize(600, 470)  # what the tab leaves for a page at 900x600
    page.show()
    page.choose(first.source)
    page.changes.setChecked(True)
    qtbot.wait(20)
    QApplication.processEvents()
    line = page.reader.fontMetrics().lineSpacing()
    assert page.reader.height() >= 10 * line and page.list.height() >= 7 * line
    shown = [w for w in (page.byline, page.version, page.changes, page.take_back,
                         page.legend, page.reader) if w.isVisible()]
    for upper, lower in zip(shown, shown[1:], strict=False):
        if upper in (page.version, page.changes, page.take_back):
            continue  # a row of controls that wraps: compared with what follows it below
        assert upper.geometry().bottom() <= lower.geometry().top(), (upper.objectName(),
                                                                     lower.objectName())
    for control in (page.version, page.changes, page.take_back):
        assert control.geometry().bottom() <= page.legend.geometry().top()
        assert control.width() >= control.sizeHint().width() - 1
