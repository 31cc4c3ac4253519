"""Passages shared on purpose from a journal, shown where they went, to both partners
(#10): Home's "For our next session" list (read without a password; only the author
unshares, with their password typed then), an agreement's notes from our journals
(read-only, read once and again only on a change), and the session packet's part
"Brought from our journals" (ticked whenever there are any). Never a withdrawn passage,
never anything private."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtTest import QSignalSpy
from PySide6.QtWidgets import QApplication

from models import agreements, journal
from models.journal import EntryDraft
from tests.ui.conftest import (
    NAMES,
    PASSWORDS,
    flush_deletes,
    unlock_solo,
    unlock_together,
    unnamed_controls,
)
from tests.ui.test_agreements import PHONES, WALKS, seed, select
from tests.ui.test_journal import every_text, open_together, seed_journals
from ui import shared_passages
from ui.dates import day
from ui.home import HomeTab
from ui.main_window import MainWindow
from ui.next_session import NextSessionCard
from ui.shared_passages import PassageRows
from ui.texts import text
from ui.widgets.fresh_password import FreshPasswordDialog
from ui.workbooks.agreements import AgreementsTab

FOR_SESSION = "Kittiwake-2290: the nights after the party still come back to me."
ON_PHONES = "Merganser-6114: the phone face-down still makes my chest tight."
TAKEN_BACK = "Shearwater-8803: words I shared and then unshared."
PRIVATE = "Guillemot-4471 never shared"


def _seed(vault_path: Path, plan) -> dict[str, str]:
    """Partner 1 shares one passage for the session, one as a note on Phones at dinner,
    and one they then unshare; nothing is shared on Sunday walk."""

    def build(keys, proofs) -> dict[str, str]:
        phones = agreements.create(keys, 1, **PHONES).uuid
        walks = agreements.create(keys, 1, **WALKS).uuid
        session = journal.share_passage(keys, proofs[1], FOR_SESSION, "session")
        note = journal.share_passage(keys, proofs[1], ON_PHONES, "agreement", phones)
        gone = journal.share_passage(keys, proofs[1], TAKEN_BACK, "session")
        journal.withdraw_passage(keys, proofs[1], gone.uuid)
        return {"phones": phones, "walks": walks, "session": session.uuid,
                "note": note.uuid, "shared_on": day(session.shared_at)}

    return seed(vault_path, plan, build)


def _card(window: MainWindow) -> NextSessionCard:
    home = window.workbench.findChild(HomeTab)
    assert home is not None
    window.workbench.setCurrentWidget(home)
    QApplication.processEvents()
    return home.next_session


def _agreements(window: MainWindow) -> AgreementsTab:
    tab = window.workbench.findChild(AgreementsTab)
    assert tab is not None
    window.workbench.setCurrentWidget(tab)
    return tab


def _says(words: str) -> bool:
    return any(words in t for t in every_text())


# -- two people at one keyboard --------------------------------------------------------


def test_together_b_reads_what_a_shared_without_a_password_and_only_a_unshares_it(
        qtbot, window, existing_vault, vault_path, monkeypatch) -> None:
    seeded = _seed(vault_path, existing_vault)
    seed_journals(vault_path, existing_vault, monkeypatch,
                  {1: [EntryDraft(title=PRIVATE, body=PRIVATE)]})
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])

    card = _card(window)
    assert card.isVisible() and unnamed_controls(card) == []
    assert window.findChild(FreshPasswordDialog) is None  # read with no password at all
    row = card.list.item(0).text()
    assert row.startswith(text("shared_passages", "from_journal", name=NAMES[1],
                               date=seeded["shared_on"]))
    assert card.list.count() == 1 and card.words.toPlainText() == FOR_SESSION
    assert not _says(TAKEN_BACK) and not _says(PRIVATE) and not _says(ON_PHONES)

    # Unshare… asks its author, and only its author: B's password takes nothing back.
    removed = QSignalSpy(card.rows.rowsRemoved)
    reset = QSignalSpy(card.rows.modelReset)
    assert card.unshare.isVisible()
    card.unshare.click()
    fresh = card.fresh
    assert isinstance(fresh, FreshPasswordDialog) and fresh.partners == (1,)
    qtbot.keyClicks(fresh.fields[1].edit, PASSWORDS[2])
    fresh.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    keys = window.session.keyring
    assert [p.text for p in journal.shared_passages(keys, "session")] == [FOR_SESSION]
    assert card.list.count() == 1
    fresh.reject()
    flush_deletes()

    card.unshare.click()
    qtbot.keyClicks(card.fresh.fields[1].edit, PASSWORDS[1])
    card.fresh.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    assert journal.shared_passages(keys, "session") == []
    assert removed.count() == 1 and reset.count() == 0  # one row went, nothing reset
    assert card.list.count() == 0 and not card.isVisible()
    assert not _says(FOR_SESSION)


def test_alone_the_other_partner_reads_them_and_cannot_unshare(
        qtbot, window, existing_vault, vault_path) -> None:
    seeded = _seed(vault_path, existing_vault)
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[2])
    card = _card(window)
    assert card.isVisible() and card.words.toPlainText() == FOR_SESSION
    assert not card.unshare.isVisible()  # only its author could, in their own session
    card.ask_to_unshare()
    assert card.fresh is None

    tab = _agreements(window)
    select(tab, PHONES["title"])
    notes = tab.editor.journal_notes
    assert notes.isVisible() and notes.shown == [seeded["note"]]
    assert _says(ON_PHONES)
    assert _says(text("shared_passages", "from_journal", name=NAMES[1],
                      date=seeded["shared_on"]))
    select(tab, WALKS["title"])
    assert not notes.isVisible() and not _says(ON_PHONES)
    assert not _says(TAKEN_BACK)


# -- where they went, kept in step ------------------------------------------------------


def test_notes_follow_a_share_and_an_unshare_and_are_never_read_on_a_save(
        qtbot, window, existing_vault, vault_path, monkeypatch) -> None:
    seeded = _seed(vault_path, existing_vault)
    reads: list[str] = []
    load = journal.load_passages

    def counted(*args, **kwargs):
        reads.append("read")
        return load(*args, **kwargs)

    monkeypatch.setattr(journal, "load_passages", counted)
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    assert len(reads) == 1  # Home's list and every agreement's notes: one read

    tab = _agreements(window)
    select(tab, WALKS["title"])
    select(tab, PHONES["title"])
    qtbot.keyClicks(tab.editor.areas["in_practice"], " Also at weekends.")
    tab.editor.flush()
    select(tab, WALKS["title"])
    assert len(reads) == 1, "choosing and saving agreements reads no passage"

    # B shares a note on Sunday walk from their journal: it shows there, once read.
    page = open_together(qtbot, window, 2)
    dialog = page.share("Plover-1902: I would like the walks to stay phone-free.")
    dialog.to_agreement.setChecked(True)
    dialog.agreement.setCurrentIndex(dialog.agreement.findData(seeded["walks"]))
    dialog.submit()
    qtbot.keyClicks(dialog.fresh.fields[2].edit, PASSWORDS[2])
    dialog.fresh.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    assert len(reads) == 2
    tab = _agreements(window)
    assert tab.editor.view is not None and tab.editor.view.uuid == seeded["walks"]
    notes = tab.editor.journal_notes
    assert notes.isVisible() and len(notes.shown) == 1
    assert _says(text("shared_passages", "from_journal", name=NAMES[2],
                      date=day(journal.shared_passages(window.session.keyring,
                                                       "agreement", seeded["walks"])[0]
                               .shared_at)))

    # A unshares their note from their journal's What I shared: it leaves Phones.
    page = open_together(qtbot, window, 1)
    shared = page.shared_page
    shared.list.setCurrentRow([p.uuid for p in shared.passages].index(seeded["note"]))
    shared.unshare.click()
    qtbot.keyClicks(shared.fresh.fields[1].edit, PASSWORDS[1])
    shared.fresh.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10000)
    tab = _agreements(window)
    select(tab, PHONES["title"])
    assert not tab.editor.journal_notes.isVisible() and not _says(ON_PHONES)


def test_the_rows_pass_qtmodeltester_and_change_one_row_at_a_time(
        qtmodeltester, qtbot, window, existing_vault, vault_path) -> None:
    _seed(vault_path, existing_vault)
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    keys = window.session.keyring
    passages = journal.shared_passages(keys)
    rows = PassageRows(NAMES)
    inserted, removed = QSignalSpy(rows.rowsInserted), QSignalSpy(rows.rowsRemoved)
    rows.show(passages)
    qtmodeltester.check(rows)
    assert rows.rowCount() == 2 and inserted.count() == 2
    rows.show(passages[1:])
    assert removed.count() == 1 and rows.rowCount() == 1
    rows.show(passages)
    assert inserted.count() == 3 and rows.passage_at(0) == passages[0]
    home = window.workbench.findChild(HomeTab)
    assert shared_passages.passages_of(home.ctx) is home.next_session.store  # one a session


# -- the session packet ------------------------------------------------------------------


def test_the_session_packet_brings_them_ticked_and_never_one_unshared(
        qtbot, window, existing_vault, vault_path, tmp_path: Path) -> None:
    from tests.ui.test_session_packet import click, open_packet, save_to

    seeded = _seed(vault_path, existing_vault)
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[2])
    dialog = open_packet(qtbot, window)
    part = dialog.parts["passages"]
    assert part.isEnabled() and part.isChecked()
    assert part.text() == "Brought from our journals"
    target = tmp_path / "packet.pdf"
    save_to(dialog, target)
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: target.exists() and not window.tasks.busy, timeout=30000)
    assert dialog.fresh is None  # shared already: no password asked
    whole = " ".join(re.sub(r"\s+", " ", page.extract_text())
                     for page in PdfReader(target).pages)
    assert "Brought from our journals" in whole
    assert f"From {NAMES[1]}’s journal, shared on {seeded['shared_on']}" in whole
    assert FOR_SESSION in whole
    assert TAKEN_BACK not in whole and ON_PHONES not in whole


def test_with_nothing_shared_the_part_is_offered_unticked_and_home_shows_no_card(
        qtbot, window, existing_vault) -> None:
    from tests.ui.test_session_packet import open_packet

    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    assert not _card(window).isVisible()
    dialog = open_packet(qtbot, window)
    assert not dialog.parts["passages"].isEnabled()
    assert not dialog.parts["passages"].isChecked()
