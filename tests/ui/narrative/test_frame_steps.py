"""The guided steps (#11): each step is its own page, saved shortly after typing stops and
read back after a lock; how true the story feels today is a private 0-10 control, never
part of what is shared; the stand is OK, not OK, mixed or left open; every control has
a name, and every page scrolls at 900x600 with the largest text."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QScrollArea, QSpinBox

from models import narrative
from tests.ui.conftest import PASSWORDS, unlock_solo, unnamed_controls
from tests.ui.narrative.frame_helpers import narrative_tab, settle
from ui import theme
from ui.texts import text
from ui.workbooks.narrative.fields import ViewChoice
from ui.workbooks.narrative.steps import STEPS, StepPage

KINDS = list(STEPS)


def _typed(kind: str, key: str) -> str:
    return f"{kind}-{key} Plover-5120 words"


def _write(qtbot, page: StepPage) -> dict[str, str]:
    """Type into every field of ``page`` as a person would; what each should hold."""
    wrote = {}
    for key, editor in page.editors.items():
        if not editor.isVisibleTo(page):
            continue
        if isinstance(editor, QPlainTextEdit | QLineEdit):
            qtbot.keyClicks(editor, _typed(page.kind, key))
            wrote[key] = _typed(page.kind, key)
        elif isinstance(editor, QSpinBox):
            editor.setValue(7)
            wrote[key] = "7"
        elif isinstance(editor, ViewChoice):
            editor.findChild(type(editor.group.button(0)), f"{editor.objectName()}_mixed").click()
            wrote[key] = "mixed"
    return wrote


def test_each_step_autosaves_and_reads_back_after_a_lock(qtbot, window, existing_vault) -> None:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    tab = narrative_tab(window)
    wrote: dict[str, dict[str, str]] = {}
    for kind in KINDS:
        page = tab.show_page(kind)
        assert isinstance(page, StepPage) and page.draft is None
        wrote[kind] = _write(qtbot, page)
        assert page.pending() and page._timer.isActive()  # saved once typing pauses
        qtbot.waitUntil(lambda p=page: not p.pending(), timeout=5000)
        assert page.saved_note.isVisibleTo(page)
    keys = window.session.keyring
    drafts, damaged = narrative.load_drafts(keys, 1)
    assert damaged == []
    assert sorted(d.kind for d in drafts) == sorted(KINDS)
    for kind in KINDS:
        saved = narrative.page_of(drafts, kind)
        assert {k: saved.fields[k] for k in wrote[kind]} == wrote[kind]

    window.lock()
    unlock_solo(qtbot, window, PASSWORDS[1])
    tab = narrative_tab(window)
    for kind in KINDS:
        page = tab.show_page(kind)
        assert isinstance(page, StepPage)
        assert {k: v for k, v in page.values().items() if k in wrote[kind]} == wrote[kind]
        assert not page.pending()


def test_typing_more_rewrites_the_one_page_and_keeps_its_undo(qtbot, window,
                                                              existing_vault) -> None:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[2])
    tab = narrative_tab(window)
    page = tab.show_page("values")
    area = page.editors["values"]
    qtbot.keyClicks(area, "Honesty")
    page.flush()
    qtbot.keyClicks(area, " and patience")
    page.flush()
    drafts, _ = narrative.load_drafts(window.session.keyring, 2)
    assert [d.fields["values"] for d in drafts if d.kind == "values"] == ["Honesty and patience"]
    assert area.document().isUndoAvailable()  # saving never wrote back into the field


def test_how_true_it_feels_is_optional_and_marked_private(qtbot, window, existing_vault) -> None:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    tab = narrative_tab(window)
    page = tab.show_page("story")
    truth = page.editors["truth"]
    assert isinstance(truth, QSpinBox) and truth.value() == -1
    assert truth.text() == text("narrative_story", "truth_none")
    hint = page.findChild(type(page.shared_note), "narrative_story_truthHint")
    assert hint is not None and "never shared" in hint.text()
    qtbot.keyClicks(page.editors["about_me"], "Not enough")
    page.flush()
    assert page.draft.fields["truth"] == ""  # not rated: nothing kept
    truth.setValue(0)
    page.flush()
    assert page.draft.fields["truth"] == "0"
    truth.setValue(-1)
    page.flush()
    assert page.draft.fields["truth"] == ""


def test_the_stand_is_ok_not_ok_mixed_or_left_open(qtbot, window, existing_vault) -> None:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    tab = narrative_tab(window)
    page = tab.show_page("stand")
    choice = page.editors["view"]
    assert isinstance(choice, ViewChoice) and choice.value() == ""
    labels = [b.text() for b in choice.group.buttons()]
    assert labels == [text("narrative_stand", k) for k in
                      ("view_open", "view_ok", "view_not_ok", "view_mixed")]
    for value in ("not_ok", "ok", ""):
        choice.group.button(narrative.VIEWS.index(value)).click()
        page.flush()
        assert page.draft is None or page.draft.fields["view"] == value


def test_nothing_on_the_step_pages_asks_for_forgiveness_a_deadline_or_progress(
        qtbot, window, existing_vault) -> None:
    from PySide6.QtWidgets import QProgressBar

    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    tab = narrative_tab(window)
    for kind in [*KINDS, "exception"]:
        page = tab.show_page(kind)
        assert unnamed_controls(page) == [], kind
        assert not page.findChildren(QProgressBar)
        words = " ".join(w.text() for w in page.findChildren(type(page.shared_note))).lower()
        for never in (r"forgiv", r"deadline", r"remind", r"victim", r"offender", r"perpetrat",
                      r"\byour part\b"):
            assert not re.search(never, words), (kind, never)


@pytest.mark.usefixtures("plain_look_afterwards")
def test_every_page_scrolls_at_900x600_with_the_largest_text(qtbot, qapp, window,
                                                             existing_vault) -> None:
    theme.apply_theme(qapp, "light", "larger")
    window.resize(900, 600)
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    tab = narrative_tab(window)
    for kind in [*KINDS, "exception"]:
        page = tab.show_page(kind)
        settle(window)
        qtbot.wait(20)
        scroll = page.findChild(QScrollArea)
        assert scroll is not None and scroll.isVisible(), kind
        inner = scroll.widget()
        # The words take the height they need; the page scrolls rather than squeezing them.
        assert inner.height() >= inner.minimumSizeHint().height(), kind
        assert scroll.verticalScrollBar().maximum() > 0, kind
        for area in page.findChildren(QPlainTextEdit):
            if area.isVisibleTo(page):
                assert area.height() >= area.fontMetrics().lineSpacing() * 3, (kind, area)
        window.grab().save(f"/tmp/narrative_large_{kind}.png")
