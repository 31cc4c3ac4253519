"""Share this with my partner… (#11): the dialog shows exactly what the copy will hold
and no private field, sharing needs the owner's own password typed then (also alone),
runs off the GUI thread, and makes version 1, then 2; the shared copy never holds a
private field."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication, QLabel

from models import narrative
from tests.ui.conftest import NAMES, PASSWORDS, flush_deletes, unlock_solo, unlock_together
from tests.ui.narrative.frame_helpers import every_text, narrative_tab, open_together, settle
from ui.dates import day
from ui.texts import text
from ui.widgets.fresh_password import FreshPasswordDialog
from ui.workbooks.narrative.share import ShareDialog
from ui.workbooks.narrative.words import field_label

ABOUT = "Wagtail-2291 I am someone who leaves"
TRUTH = "8"


def _share(qtbot, window, dialog: ShareDialog, partner: int, password: str) -> None:
    dialog.submit()
    fresh = dialog.fresh
    assert isinstance(fresh, FreshPasswordDialog) and fresh.partners == (partner,)
    qtbot.keyClicks(fresh.fields[partner].edit, password)
    fresh.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    settle(window)


def test_the_dialog_shows_what_is_shared_and_needs_the_owners_password(
        qtbot, window, existing_vault, monkeypatch) -> None:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    tab = narrative_tab(window)
    page = tab.show_page("story")
    assert page.share() is None  # nothing written yet: nothing to share
    assert page.message.text() == text("narrative", "nothing_to_share")
    qtbot.keyClicks(page.editors["about_me"], ABOUT)
    page.editors["truth"].setValue(int(TRUTH))

    dialog = page.share()  # saves first
    assert isinstance(dialog, ShareDialog) and dialog.isVisible()
    assert page.draft is not None and page.draft.fields["truth"] == TRUTH
    assert list(dialog.fields) == ["about_me"]  # exactly what will be shared
    assert dialog.fields["about_me"].text() == ABOUT
    assert not dialog.findChildren(QLabel, "narrativeShareField_truth")
    assert dialog.not_shared is not None
    assert field_label("story", "truth") in dialog.not_shared.text()
    assert TRUTH not in " ".join(label.text() for label in dialog.findChildren(QLabel))

    # A wrong password shares nothing; the owner's does, off the GUI thread.
    _share(qtbot, window, dialog, 1, PASSWORDS[2])
    assert dialog.isVisible() and dialog.piece is None
    assert narrative.load_shared(window.session.keyring, "story")[0] == []
    dialog.fresh.reject()
    flush_deletes()
    on_gui: list[bool] = []
    real = narrative.share_piece

    def watched(*args):  # type: ignore[no-untyped-def]
        on_gui.append(threading.current_thread() is threading.main_thread())
        return real(*args)

    monkeypatch.setattr(narrative, "share_piece", watched)
    announced: list[tuple[str, str]] = []
    tab.ctx.changes.changed.connect(lambda book, uuid: announced.append((book, uuid)))
    _share(qtbot, window, dialog, 1, PASSWORDS[1])
    assert on_gui == [False]
    pieces, damaged = narrative.load_shared(window.session.keyring, "story")
    assert damaged == [] and [p.version for p in pieces] == [1]
    assert dict(pieces[0].fields) == {"about_me": ABOUT, "about_us": "", "came_from": ""}
    assert ("narrative", pieces[0].uuid) in announced
    assert page.shared_note.text() == text("narrative", "shared_last",
                                           date=day(pieces[0].shared_at), version=1)

    # Changed and shared again: version 2, the first kept.
    qtbot.keyClicks(page.editors["about_us"], " and we are more than this")
    dialog = page.share()
    assert list(dialog.fields) == ["about_me", "about_us"]
    _share(qtbot, window, dialog, 1, PASSWORDS[1])
    pieces, _ = narrative.load_shared(window.session.keyring, "story")
    assert [p.version for p in pieces] == [1, 2]
    assert narrative.versions_of(pieces, page.draft.uuid) == pieces
    assert all("truth" not in p.fields for p in pieces)


def test_together_sharing_asks_the_owner_and_the_other_reads_it_without_the_private(
        qtbot, window, existing_vault) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    tab = open_together(qtbot, window, 2)
    page = tab.show_page("exception")
    qtbot.keyClicks(page.editors["what"], "We cooked together, no fog")
    dialog = page.share()
    assert isinstance(dialog, ShareDialog)
    assert dialog.windowTitle() == text("narrative_share", "title", other=NAMES[1])
    _share(qtbot, window, dialog, 2, PASSWORDS[2])
    pieces, _ = narrative.load_shared(window.session.keyring, "exception", 2)
    assert [(p.version, p.fields["what"]) for p in pieces] == [(1, "We cooked together, no fog")]
    assert page.shared_note.text() == text("narrative", "shared_last",
                                           date=day(pieces[0].shared_at), version=1)
    tab.close_story()
    QApplication.processEvents()
    assert "We cooked together" not in " ".join(every_text(tab.stack))
