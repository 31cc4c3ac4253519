"""Share this need… (#12): the dialog shows exactly what the shared need will hold
(choices in words), sharing needs the owner's own password typed then (also alone),
runs off the GUI thread, announces the change and makes version 1, then 2 of the same
need; together the other partner reads it without opening anything. Canary: words typed
into every field never reach the vault file, its -wal or -shm, nor the settings."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import QApplication

from models import needs
from tests.ui.conftest import NAMES, PASSWORDS, flush_deletes, unlock_solo, unlock_together
from tests.ui.needs.frame_helpers import every_text, needs_tab, open_together, password, settle
from ui.dates import day
from ui.texts import text
from ui.workbooks.needs.need_share import ShareNeedDialog
from ui.workbooks.needs.words import field_label

CANARY = "Cormorant-7719"


def _share(qtbot, window, dialog: ShareNeedDialog, partner: int, typed: str) -> None:
    dialog.submit()
    assert dialog.fresh is not None and dialog.fresh.partners == (partner,)
    password(qtbot, window, dialog.fresh, {partner: typed})


def test_the_dialog_shows_what_goes_and_needs_the_owners_password(
        qtbot, window, existing_vault, monkeypatch) -> None:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    page = needs_tab(window).show_page("mine")
    assert page.share() is None
    assert page.message.text() == text("needs_mine", "nothing_to_share")
    page.new_need("reassurance")
    qtbot.keyClicks(page.editor.texts["helps"], "a hand on my shoulder")
    page.editor.importance.group.button(2).setChecked(True)

    dialog = page.share()  # saves first
    assert isinstance(dialog, ShareNeedDialog) and dialog.isVisible()
    assert list(dialog.fields) == ["card", "importance", "helps"]  # exactly what goes
    assert dialog.fields["importance"].text() == text("needs_fields", "importance_2")
    assert dialog.fields["card"].text() == text("needs_cards", "reassurance")
    assert dialog.fields["helps"].accessibleName() == field_label("helps")

    _share(qtbot, window, dialog, 1, PASSWORDS[2])  # the other's password: nothing
    assert dialog.isVisible() and dialog.need is None
    assert needs.load_needs(window.session.keyring)[0] == []
    dialog.fresh.reject()
    flush_deletes()

    on_gui: list[bool] = []
    real = needs.share_need

    def watched(*args):  # type: ignore[no-untyped-def]
        on_gui.append(threading.current_thread() is threading.main_thread())
        return real(*args)

    monkeypatch.setattr(needs, "share_need", watched)
    announced: list[tuple[str, str]] = []
    page._ctx.changes.changed.connect(lambda book, uuid: announced.append((book, uuid)))
    _share(qtbot, window, dialog, 1, PASSWORDS[1])
    assert on_gui == [False]
    shared, damaged = needs.load_needs(window.session.keyring)
    assert damaged == [] and [(n.version, n.owner) for n in shared] == [(1, 1)]
    assert shared[0].fields["helps"] == "a hand on my shoulder"
    assert ("needs", shared[0].uuid) in announced
    assert page.shared_note.text() == text("needs_mine", "shared_last",
                                           date=day(shared[0].shared_at), version=1)
    assert text("needs_mine", "row_shared", version=1) in page.list.item(0).text()

    qtbot.keyClicks(page.editor.texts["early_signs"], "I go quiet")
    dialog = page.share()
    assert list(dialog.fields) == ["card", "importance", "early_signs", "helps"]
    _share(qtbot, window, dialog, 1, PASSWORDS[1])
    again, _ = needs.load_needs(window.session.keyring)
    assert [(n.uuid, n.version) for n in again] == [(shared[0].uuid, 2)]


def test_together_the_other_reads_the_shared_need_without_any_password(
        qtbot, window, existing_vault) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    tab = open_together(qtbot, window, 2)
    page = tab.private["mine"]
    page.new_need("")
    qtbot.keyClicks(page.editor.title, "Plans said ahead")
    dialog = page.share()
    assert dialog.windowTitle() == text("needs_share", "title", other=NAMES[1])
    _share(qtbot, window, dialog, 2, PASSWORDS[2])
    tab.close_mine()
    QApplication.processEvents()
    assert not window.session.keyring.holds_journal(2)
    shared, _ = needs.load_needs(window.session.keyring)  # the workbook key only
    assert [n.fields["title"] for n in shared] == ["Plans said ahead"]


def _files(vault_path: Path, tmp_path: Path) -> list[Path]:
    files = [vault_path.with_name(vault_path.name + suffix) for suffix in ("", "-wal", "-shm")]
    return files + [p for p in (tmp_path / "qs").rglob("*") if p.is_file()]


def _nowhere(paths: list[Path]) -> None:
    assert paths[0].is_file()
    for path in paths:
        if path.is_file():
            data = path.read_bytes()
            for form in (CANARY.encode(), CANARY.encode("utf-16-le"), CANARY.lower().encode()):
                assert form not in data, path.name


def test_words_typed_never_reach_the_disk_in_plaintext(qtbot, window, existing_vault,
                                                       vault_path, tmp_path) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    tab = open_together(qtbot, window, 1)
    page = tab.private["mine"]
    page.new_need("")
    qtbot.keyClicks(page.editor.title, f"{CANARY} title")
    for key, area in page.editor.texts.items():
        qtbot.keyClicks(area, f"{CANARY} {key}")
    page.flush()
    _share(qtbot, window, page.share(), 1, PASSWORDS[1])
    drafts, _ = needs.load_drafts(window.session.keyring, 1)
    assert sum(CANARY in v for v in drafts[0].fields.values()) == 6  # saved, sealed
    assert sum(CANARY in v for v in needs.load_needs(window.session.keyring)[0][0]
               .fields.values()) == 6
    assert CANARY in " ".join(every_text())
    settle(window)
    _nowhere(_files(vault_path, tmp_path))
    window.lock()
    _nowhere(_files(vault_path, tmp_path))


def test_taking_a_need_back_asks_the_owner_and_pauses_its_commitments(
        qtbot, window, existing_vault) -> None:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    page = needs_tab(window).show_page("mine")
    page.new_need("comfort")
    page.flush()
    assert page.take_back_button.isHidden()  # never shared: nothing to take back
    _share(qtbot, window, page.share(), 1, PASSWORDS[1])
    assert not page.take_back_button.isHidden()
    keys = window.session.keyring
    need = needs.load_needs(keys)[0][0]
    commitment = needs.propose_commitment(keys, 1, need.uuid, 2, {"what": "Sit with me"})

    asked = page.take_back()
    password(qtbot, window, asked, {1: PASSWORDS[2]})  # the other's password: nothing
    assert needs.load_needs(keys)[0] == [need]
    asked.reject()
    flush_deletes()
    password(qtbot, window, page.take_back(), {1: PASSWORDS[1]})
    assert needs.load_needs(keys)[0] == []
    assert needs.load_commitment(keys, commitment.uuid).state == "paused"
    assert page.message.text() == text("needs_mine", "taken_back")
    assert page.take_back_button.isHidden() and page.model.rowCount() == 1
    assert text("needs_mine", "row_private") in page.list.item(0).text()
    # Shared again later: back on the map, the next version of the same need.
    _share(qtbot, window, page.share(), 1, PASSWORDS[1])
    again = needs.load_needs(keys)[0]
    assert [(n.uuid, n.version) for n in again] == [(need.uuid, 2)]
