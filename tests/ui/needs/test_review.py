"""Review together (#12): each partner's view of a commitment is given privately with
their own password and stays hidden until both decide together, with both passwords;
the cadence is set by either; commitments ready to look at are listed calmly."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from models.needs import commitments as promises
from models.needs import drafts, reviews, sharing
from models.proof import FreshProof, prove
from tests.ui.conftest import NAMES, PASSWORDS, visible_texts
from tests.ui.narrative.test_shared import open_session
from ui.main_window import MainWindow
from ui.widgets.fresh_password import FreshPasswordDialog
from ui.workbooks import WorkbookContext
from ui.workbooks.needs.review import ReviewPage
from ui.workbooks.needs.review_view import PrivateViewDialog


def proof_of(window: MainWindow, partner: int) -> FreshProof:
    assert window.vault is not None
    return prove(window.vault.slot_of(partner, "password"), PASSWORDS[partner])


def active_commitment(window: MainWindow, what: str = "A short text when plans change.",
                      owner: int = 1, doer: int = 2) -> str:
    """``owner`` shares a need; ``doer`` commits to it and both confirm the words."""
    assert window.session is not None
    keys = window.session.keyring
    proofs = {p: proof_of(window, p) for p in (1, 2)}
    held = keys.holds_journal(owner)
    if not held:
        drafts.open_needs(keys, owner, proofs[owner])
    draft = drafts.save_draft(keys, owner, {"card": "predictability",
                                            "title": "Knowing where we stand"})
    need = sharing.share_need(keys, proofs[owner], draft.uuid)
    if not held:
        drafts.close_needs(keys, owner)
    made = promises.propose_commitment(keys, doer, need.uuid, doer,
                                       {"what": what, "how_often": "Each time",
                                        "how_seen": "A message on my phone"})
    for partner in (1, 2):
        promises.confirm_commitment(keys, proofs[partner], made.uuid)
    assert promises.load_commitment(keys, made.uuid).state == "active"
    return made.uuid


def page_for(qtbot, ctx: WorkbookContext, size=(900, 600)) -> ReviewPage:
    page = ReviewPage(ctx)
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    QApplication.processEvents()
    return page


def type_passwords(qtbot, window, dialog: FreshPasswordDialog,
                   passwords: dict[int, str]) -> None:
    for partner, password in passwords.items():
        dialog.fields[partner].edit.clear()
        qtbot.keyClicks(dialog.fields[partner].edit, password)
    dialog.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    QApplication.processEvents()


def give_view(qtbot, window, page: ReviewPage, partner: int, choice: str) -> None:
    qtbot.mouseClick(page.view_buttons[partner], Qt.MouseButton.LeftButton)
    asking = page.fresh
    assert isinstance(asking, FreshPasswordDialog) and set(asking.fields) == {partner}
    type_passwords(qtbot, window, asking, {partner: PASSWORDS[partner]})
    dialog = page.view_dialog
    assert isinstance(dialog, PrivateViewDialog) and dialog.owner == partner
    dialog.buttons_by[choice].setChecked(True)
    dialog.keep()


def test_a_private_view_needs_the_own_password_and_stays_hidden_until_both_decide(
        qtbot, window, existing_vault) -> None:
    ctx = open_session(qtbot, window)
    uuid = active_commitment(window)
    keys = window.session.keyring
    page = page_for(qtbot, ctx)
    page.choose(uuid)
    assert page.detail.isVisible()

    # the other partner's password opens nothing
    qtbot.mouseClick(page.view_buttons[1], Qt.MouseButton.LeftButton)
    asking = page.fresh
    assert isinstance(asking, FreshPasswordDialog) and set(asking.fields) == {1}
    type_passwords(qtbot, window, asking, {1: PASSWORDS[2]})
    assert asking.isVisible() and NAMES[1] in asking.message.text()
    assert not page.findChildren(PrivateViewDialog)
    asking.reject()
    QApplication.processEvents()

    give_view(qtbot, window, page, 1, "partly")
    assert reviews.my_rating(keys, proof_of(window, 1), uuid, 1) == "partly"
    assert page.view_note.text() == (
        f"{NAMES[1]}'s view is kept, sealed until you decide together.")
    # the second partner's dialog never shows the first's view
    qtbot.mouseClick(page.view_buttons[2], Qt.MouseButton.LeftButton)
    type_passwords(qtbot, window, page.fresh, {2: PASSWORDS[2]})
    second = page.view_dialog
    assert second.owner == 2 and second.chosen() is None
    second.reject()
    QApplication.processEvents()
    assert reviews.load_reviews(keys, uuid)[0] == []
    shown = " ".join(visible_texts())
    assert "partly helping" not in shown and not page.past.isVisible()


def test_deciding_needs_both_passwords_and_then_shows_both_views(qtbot, window,
                                                                 existing_vault) -> None:
    ctx = open_session(qtbot, window, (1,))  # alone: deciding still asks both
    uuid = active_commitment(window)
    keys = window.session.keyring
    page = page_for(qtbot, ctx)
    page.choose(uuid)
    give_view(qtbot, window, page, 1, "helping")
    qtbot.mouseClick(page.decide, Qt.MouseButton.LeftButton)
    assert page.fresh is None and page.decide_message.text() == (
        "Choose what you decide together first.")
    [keep] = [b for b in page.decision.buttons() if b.property("decision") == "keep"]
    keep.setChecked(True)
    qtbot.keyClicks(page.note, "It helps; we keep it.")
    qtbot.mouseClick(page.decide, Qt.MouseButton.LeftButton)
    asking = page.fresh
    assert isinstance(asking, FreshPasswordDialog) and set(asking.fields) == {1, 2}
    asking.fields[1].edit.setText(PASSWORDS[1])
    asking.submit()  # the second password missing: nothing is decided
    QApplication.processEvents()
    assert reviews.load_reviews(keys, uuid)[0] == []
    type_passwords(qtbot, window, asking, {1: PASSWORDS[1], 2: PASSWORDS[2]})
    [review] = reviews.load_reviews(keys, uuid)[0]
    assert (review.decision, dict(review.ratings), review.note) == (
        "keep", {1: "helping", 2: "rather_not"}, "It helps; we keep it.")
    assert f"{NAMES[1]}: It is helping" in page.past.text()
    assert f"{NAMES[2]}: I'd rather not say" in page.past.text()
    assert "Decided together on" in page.message.text()


def test_the_cadence_is_kept_and_ready_ones_are_listed_calmly(qtbot, qtmodeltester, window,
                                                              existing_vault, monkeypatch
                                                              ) -> None:
    ctx = open_session(qtbot, window, (2,))
    first = active_commitment(window, "A call at lunch.")
    second = active_commitment(window, "Plans said the evening before.")
    keys = window.session.keyring
    page = page_for(qtbot, ctx)
    texts = [page.list.item(i).text() for i in range(page.list.count())]
    assert len(texts) == 2 and "Not looked at together yet" in texts[0]
    assert page.none_ready.isVisible()  # nothing ready today: said once, calmly
    page.choose(first)
    page.cadence.setValue(7)
    page.keep_cadence()  # as the pause after typing would
    qtbot.waitUntil(lambda: reviews.review_cadence(keys, first) == 7, timeout=3000)
    assert reviews.review_cadence(keys, second) == reviews.DEFAULT_CADENCE
    assert "after 7 days" in page.cadence_note.text()
    # later on, the first is ready: listed first under a heading, never counted
    later = dt.date.today() + dt.timedelta(days=8)
    assert reviews.due_reviews(keys, later) == [first]
    due = reviews.due_reviews
    monkeypatch.setattr(reviews, "due_reviews", lambda keys, _today: due(keys, later))
    page.reload()
    texts = [page.list.item(i).text() for i in range(page.list.count())]
    assert texts[0] == "Ready to look at together when you like"
    assert texts[1].startswith("A call at lunch.") and texts[2] == "The other commitments"
    assert texts[3].startswith("Plans said the evening before.")
    assert not page.none_ready.isVisible()
    assert not any(ch.isdigit() for ch in texts[0] + texts[2])  # never a count
    qtmodeltester.check(page.rows)


def test_no_rates_streaks_or_overdue_and_it_scrolls_at_900x600_with_the_largest_text(
        qtbot, qapp, window, existing_vault, plain_look_afterwards) -> None:
    from PySide6.QtWidgets import QScrollArea

    from tests.ui.needs.test_misattunement import NEVER, texts_under
    from ui import theme

    theme.apply_theme(qapp, "light", "larger")
    ctx = open_session(qtbot, window)
    keys = window.session.keyring
    made = [active_commitment(window, f"Commitment {n}: plans said the evening before, "
                              "and a short text when they change.") for n in range(4)]
    proofs = [proof_of(window, p) for p in (1, 2)]
    reviews.rate_commitment(keys, proofs[0], made[0], "partly")
    reviews.decide_review(keys, proofs, made[0], "keep", "We keep it as it is.")
    reviews.decide_review(keys, proofs, made[0], "change", "")
    for size in ((600, 470), (900, 600)):
        page = page_for(qtbot, ctx, size)
        page.choose(made[0])
        qtbot.wait(20)
        QApplication.processEvents()
        shown = texts_under(page)
        assert "partly helping" in shown  # revealed, once decided together
        for never in NEVER:
            assert never not in shown, never
        scroll = page.findChild(QScrollArea, "needsReviewScroll")
        assert scroll is not None and scroll.isVisible()
        assert scroll.verticalScrollBar().maximum() > 0
        assert scroll.horizontalScrollBar().maximum() == 0
        line = page.list.fontMetrics().lineSpacing()
        assert page.list.height() >= 7 * line
        assert page.past.height() >= page.past.sizeHint().height() - 1
        page.grab().save(f"/tmp/m5_review_{size[0]}.png")
        scroll.widget().grab().save(f"/tmp/m5_review_whole_{size[0]}.png")
        page.close()
    page.view_buttons[1].click()
    asking = page.fresh
    type_passwords(qtbot, window, asking, {1: PASSWORDS[1]})
    dialog = page.view_dialog
    shown = texts_under(dialog)
    for never in NEVER:
        assert never not in shown, never
    dialog.grab().save("/tmp/m5_review_private_view.png")
    dialog.reject()
