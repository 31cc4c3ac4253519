"""Export from my journal (#10): owner only, always with their own password typed at that
moment (a wrong one exports nothing); a password-protected PDF by default, unprotected
or plain Markdown only after a plain warning; read, laid out and written in a child
process (#9) that gets the owner's journal key through a pipe only, stopped by a lock, and
a folder that will not take it is said kindly with nothing lost."""

from __future__ import annotations

import datetime as dt
import stat
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PasswordType, PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox

import exports.house_style.document as document
import exports.journal as journal_exports
import exports.journal.export as journal_export
import exports.journal.layout as journal_layout
from models import journal
from models import vault as vault_module
from models.journal import EntryDraft, actions
from models.vault import Vault
from tests import child_jobs
from tests.exports.journal import journal_jobs
from tests.ui.conftest import NAMES, PASSWORDS, flush_deletes, unlock_solo, unlock_together
from tests.ui.export_helpers import Told
from ui.main_window import MainWindow
from ui.widgets.fresh_password import FreshPasswordDialog
from ui.workbooks import WorkbookContext
from ui.workbooks.journal.export_dialog import JournalExportDialog

CANARY = "canary-wren-3307 the drive home"
PRIVATE = "canary-secret-9902 only mine"
OTHER = "canary-otter-4410 not theirs to take"
PDF_PASSWORD = "willow path at dusk"
WRITTEN = dt.datetime(2026, 3, 3, 21, 40).astimezone()


@pytest.fixture
def seeded(vault_path: Path, existing_vault: vault_module.SetupPlan,
           monkeypatch: pytest.MonkeyPatch) -> vault_module.SetupPlan:
    """Each partner has written in their own journal (before the window opens the file)."""
    entries = {
        1: [EntryDraft(title="The car", body=f"{CANARY}\n\n- cold water",
                       tags=("trigger", "bring_to_session"), safety=3),
            EntryDraft(title="Mine alone", body=PRIVATE, tags=("just_for_me",))],
        2: [EntryDraft(title="Ottoline's page", body=OTHER)],
    }
    with monkeypatch.context() as patch:
        patch.setattr(actions, "now", lambda: WRITTEN)
        vault = Vault.open(vault_path)
        try:
            for partner, drafts in entries.items():
                session = vault.start_session({partner: existing_vault.bundles[partner]})
                for draft in drafts:
                    journal.save_entry(session.keyring, partner, draft)
                session.lock()
        finally:
            vault.close()
    return existing_vault


@pytest.fixture
def opened(qtbot, window: MainWindow, seeded) -> Iterator[MainWindow]:
    window.start()
    yield window


def export_dialog(window: MainWindow, owner: int) -> JournalExportDialog:
    assert window.session is not None
    dialog = JournalExportDialog(WorkbookContext(window.vault, window.session, window.tasks),
                                 owner, window)
    dialog.open()
    return dialog


def choose_pdf_password(qtbot, dialog: JournalExportDialog, target: Path) -> None:
    qtbot.keyClicks(dialog.password.edit, PDF_PASSWORD)
    qtbot.keyClicks(dialog.again.edit, PDF_PASSWORD)
    dialog.target.setText(str(target))


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def fresh_of(dialog: JournalExportDialog) -> FreshPasswordDialog:
    fresh = dialog.fresh
    assert isinstance(fresh, FreshPasswordDialog) and fresh.isVisible()
    return fresh


def prove_with(qtbot, window: MainWindow, fresh: FreshPasswordDialog, partner: int,
               password: str) -> None:
    qtbot.keyClicks(fresh.fields[partner].edit, password)
    fresh.submit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30000)


def prove_and_go(qtbot, fresh: FreshPasswordDialog, partner: int, password: str) -> None:
    """The password typed and sent, without waiting: the export starts once it is proved."""
    qtbot.keyClicks(fresh.fields[partner].edit, password)
    fresh.submit()


def warning_box(window: MainWindow, name: str) -> QMessageBox:
    flush_deletes()  # a warning answered before is gone
    (box,) = window.findChildren(QMessageBox, name)
    assert box.isVisible()
    return box


def pdf_words(path: Path, password: str) -> str:
    reader = PdfReader(path)
    assert reader.decrypt(password) != PasswordType.NOT_DECRYPTED
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_a_protected_pdf_by_default_and_only_with_the_owners_password_now(
        qtbot, opened: MainWindow, tmp_path: Path) -> None:
    window = opened
    unlock_solo(qtbot, window, PASSWORDS[1])
    dialog = export_dialog(window, 1)
    assert dialog.as_pdf.isChecked() and dialog.protect.isChecked()
    assert not dialog.just_for_me.isChecked()
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "journal.pdf"
    choose_pdf_password(qtbot, dialog, target)
    click(qtbot, dialog.submit_button)

    # Alone too: the owner's own password, typed now, before anything is read.
    fresh = fresh_of(dialog)
    assert fresh.partners == (1,) and NAMES[1] in fresh.windowTitle()
    assert not target.exists() and not window.tasks.busy
    prove_with(qtbot, window, fresh, 1, PASSWORDS[1])
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=30000)

    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    reader = PdfReader(target)
    crypt = reader.trailer["/Encrypt"].get_object()
    assert (crypt["/V"], crypt["/R"], crypt["/CF"]["/StdCF"]["/CFM"]) == (5, 6, "/AESV3")
    assert PdfReader(target).decrypt("willow path at dawn") == PasswordType.NOT_DECRYPTED
    words = pdf_words(target, PDF_PASSWORD)
    assert CANARY in words and "Wrenfield’s journal" in words
    assert PRIVATE not in words and OTHER not in words  # "just for me" stays out
    assert sorted(p.name for p in folder.iterdir()) == ["journal.pdf"]  # no temp file
    assert dialog.password.value() == "" and dialog.again.value() == ""
    assert "Saved to" in dialog.message.text()


def test_a_wrong_password_exports_nothing(qtbot, opened: MainWindow, tmp_path: Path) -> None:
    window = opened
    unlock_solo(qtbot, window, PASSWORDS[1])
    dialog = export_dialog(window, 1)
    target = tmp_path / "journal.pdf"
    choose_pdf_password(qtbot, dialog, target)
    click(qtbot, dialog.submit_button)
    fresh = fresh_of(dialog)
    prove_with(qtbot, window, fresh, 1, PASSWORDS[2])  # the partner's, not the owner's
    assert fresh.isVisible() and NAMES[1] in fresh.message.text()
    fresh.reject()
    flush_deletes()
    assert not window.tasks.busy and dialog.saved_path is None
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name not in ("qs", "vault")] == []


def test_together_it_asks_the_owner_alone_and_takes_only_their_entries(
        qtbot, opened: MainWindow, tmp_path: Path) -> None:
    window = opened
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    dialog = export_dialog(window, 2)
    target = tmp_path / "journal.pdf"
    choose_pdf_password(qtbot, dialog, target)
    click(qtbot, dialog.submit_button)
    fresh = fresh_of(dialog)
    assert fresh.partners == (2,)
    prove_with(qtbot, window, fresh, 2, PASSWORDS[2])
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=30000)
    words = pdf_words(target, PDF_PASSWORD)
    assert OTHER in words and "Ottoline’s journal" in words
    assert CANARY not in words and PRIVATE not in words
    assert not window.session.keyring.holds_journal(2)  # nothing stays open afterwards


def test_protection_comes_off_only_after_a_plain_warning(
        qtbot, opened: MainWindow, tmp_path: Path) -> None:
    window = opened
    unlock_solo(qtbot, window, PASSWORDS[1])
    dialog = export_dialog(window, 1)
    dialog.protect.click()
    box = warning_box(window, "journalExportUnprotectWarning")
    assert "anyone who can open the PDF can read every entry" in box.text()
    assert not dialog.submit_button.isEnabled()  # nothing goes while the warning is open
    click(qtbot, box.findChild(type(dialog.submit_button), "journalExportUnprotectKeep"))
    assert dialog.protect.isChecked() and dialog.password.edit.isEnabled()

    dialog.protect.click()
    box = warning_box(window, "journalExportUnprotectWarning")
    click(qtbot, box.findChild(type(dialog.submit_button), "journalExportUnprotectConfirm"))
    assert not dialog.protect.isChecked() and not dialog.password.edit.isEnabled()
    target = tmp_path / "journal.pdf"
    dialog.target.setText(str(target))
    click(qtbot, dialog.submit_button)
    prove_with(qtbot, window, fresh_of(dialog), 1, PASSWORDS[1])
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=30000)
    assert not PdfReader(target).is_encrypted
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_markdown_warns_first_then_writes_one_private_file(
        qtbot, opened: MainWindow, tmp_path: Path) -> None:
    window = opened
    unlock_solo(qtbot, window, PASSWORDS[1])
    dialog = export_dialog(window, 1)
    dialog.as_markdown.click()
    box = warning_box(window, "journalExportMarkdownWarning")
    assert "not encrypted" in box.text()
    click(qtbot, box.findChild(type(dialog.submit_button), "journalExportMarkdownKeep"))
    assert dialog.as_pdf.isChecked() and dialog.target.text().endswith(".pdf")

    dialog.as_markdown.click()
    box = warning_box(window, "journalExportMarkdownWarning")
    click(qtbot, box.findChild(type(dialog.submit_button), "journalExportMarkdownConfirm"))
    assert dialog.as_markdown.isChecked() and dialog.markdown_hint.isVisible()
    assert "Not encrypted" in dialog.markdown_hint.text()
    assert not dialog.protect.isEnabled() and not dialog.password.edit.isEnabled()
    assert dialog.target.text().endswith(".md")
    dialog.just_for_me.click()  # picked: the private entry goes in this time
    target = tmp_path / "journal.md"
    dialog.target.setText(str(target))
    click(qtbot, dialog.submit_button)
    prove_with(qtbot, window, fresh_of(dialog), 1, PASSWORDS[1])
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=30000)
    written = target.read_text("utf-8")
    assert written.startswith("# Wrenfield’s journal\n\n> This file is not encrypted")
    assert CANARY in written and PRIVATE in written and OTHER not in written
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "qs" and p.name != "vault") \
        == ["journal.md"]


def test_an_unwritable_folder_is_said_kindly_and_the_choices_stay(
        qtbot, opened: MainWindow, tmp_path: Path) -> None:
    window = opened
    unlock_solo(qtbot, window, PASSWORDS[1])
    dialog = export_dialog(window, 1)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    dialog.tags["trigger"].click()
    choose_pdf_password(qtbot, dialog, blocker / "journal.pdf")
    click(qtbot, dialog.submit_button)
    prove_with(qtbot, window, fresh_of(dialog), 1, PASSWORDS[1])
    qtbot.waitUntil(lambda: "folder" in dialog.message.text(), timeout=30000)
    assert dialog.message.text() == ("Trellis can't save in that folder. Please choose "
                                     "another folder. Nothing was lost.")
    assert dialog.tags["trigger"].isChecked() and dialog.password.value() == PDF_PASSWORD
    assert dialog.submit_button.isEnabled()
    assert blocker.read_text() == "a file where the folder should be"


def test_no_matching_entry_saves_nothing_and_says_so(
        qtbot, opened: MainWindow, tmp_path: Path) -> None:
    window = opened
    unlock_solo(qtbot, window, PASSWORDS[1])
    dialog = export_dialog(window, 1)
    dialog.tags["small_win"].click()
    target = tmp_path / "journal.pdf"
    choose_pdf_password(qtbot, dialog, target)
    click(qtbot, dialog.submit_button)
    prove_with(qtbot, window, fresh_of(dialog), 1, PASSWORDS[1])
    qtbot.waitUntil(lambda: "No entries match" in dialog.message.text(), timeout=30000)
    assert not target.exists() and dialog.saved_path is None


def test_locking_stops_the_export_and_leaves_no_file(
        qtbot, opened: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(journal_export, "export_from_vault", journal_jobs.held_journal)
    told = Told(monkeypatch)
    window = opened
    unlock_solo(qtbot, window, PASSWORDS[1])
    dialog = export_dialog(window, 1)
    target = tmp_path / "journal.pdf"
    choose_pdf_password(qtbot, dialog, target)
    click(qtbot, dialog.submit_button)
    prove_and_go(qtbot, fresh_of(dialog), 1, PASSWORDS[1])
    qtbot.waitUntil(lambda: "holding" in told.steps, timeout=60000)
    assert told.steps[0] == "gathered"  # read in the child, then its file begun
    window.lock()
    assert window.session is None and not window.tasks.busy
    assert told.ended and told.ended[0] is not None  # the child is gone, key and all
    assert told.reports < child_jobs.LONG_STEPS  # stopped at a next step, not at its end
    assert not target.exists() and list(tmp_path.glob("*.pdf*")) == []
    assert list(tmp_path.glob(".*.part")) == []
    flush_deletes()
    assert window.findChild(JournalExportDialog) is None


def test_stop_while_the_pdf_is_written_leaves_no_file_and_keeps_the_choices(
        qtbot, opened: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(journal_export, "export_from_vault", journal_jobs.held_journal)
    told = Told(monkeypatch)
    window = opened
    unlock_solo(qtbot, window, PASSWORDS[1])
    dialog = export_dialog(window, 1)
    dialog.tags["trigger"].click()
    folder = tmp_path / "out"
    folder.mkdir()
    choose_pdf_password(qtbot, dialog, folder / "journal.pdf")
    click(qtbot, dialog.submit_button)
    prove_and_go(qtbot, fresh_of(dialog), 1, PASSWORDS[1])
    qtbot.waitUntil(lambda: "holding" in told.steps, timeout=60000)
    assert dialog.progress.isVisible() and list(folder.iterdir()), "the file was begun"
    click(qtbot, dialog.stop_button)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=30000)
    qtbot.waitUntil(lambda: "Stopped" in dialog.message.text(), timeout=5000)
    assert list(folder.iterdir()) == [] and dialog.saved_path is None
    assert told.reports < child_jobs.LONG_STEPS
    assert dialog.tags["trigger"].isChecked() and dialog.password.value() == PDF_PASSWORD
    assert dialog.submit_button.isEnabled()


class Ticks:
    """A 5 ms timer on the GUI thread, counting its ticks."""

    def __init__(self) -> None:
        self.count = 0
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        self.count += 1


@pytest.mark.parametrize("plain", [False, True], ids=["pdf", "markdown"])
def test_gathering_and_layout_never_run_in_the_apps_process(
        qtbot, opened: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        plain: bool) -> None:
    """Fails if the chosen entries are read, laid out or written anywhere in this
    process: the export's worker only waits for the child and relays what it says."""
    here: dict[str, int] = {}

    def watched(name: str, real: Any) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            here[name] = threading.get_ident()
            return real(*args, **kwargs)

        return call

    for module, name in ((journal_exports, "gather"), (journal_exports, "gather_opened"),
                         (journal_exports, "export_pdf"), (journal_exports, "export_markdown"),
                         (journal_export, "gather_opened"), (journal_export, "draw_document"),
                         (journal_export, "markdown_text"), (journal_export, "write_text"),
                         (journal_layout, "draw_document"), (document, "build_document")):
        monkeypatch.setattr(module, name, watched(name, getattr(module, name)))
    told = Told(monkeypatch)
    window = opened
    unlock_solo(qtbot, window, PASSWORDS[1])
    dialog = export_dialog(window, 1)
    target = tmp_path / ("journal.md" if plain else "journal.pdf")
    if plain:
        dialog.as_markdown.click()
        box = warning_box(window, "journalExportMarkdownWarning")
        click(qtbot, box.findChild(type(dialog.submit_button), "journalExportMarkdownConfirm"))
        dialog.target.setText(str(target))
    else:
        choose_pdf_password(qtbot, dialog, target)
    click(qtbot, dialog.submit_button)
    ticks = Ticks()
    ticks_while_working: list[int] = []
    dialog.progress.valueChanged.connect(lambda _: ticks_while_working.append(ticks.count))
    prove_with(qtbot, window, fresh_of(dialog), 1, PASSWORDS[1])
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=60000)

    assert here == {}  # none of it in this process: the child read, laid out and wrote
    assert told.steps == ["gathered"] and told.reports > 0  # progress still shows
    assert len(set(ticks_while_working)) > 1  # the GUI answered while the child worked
    written = target.read_text("utf-8") if plain else pdf_words(target, PDF_PASSWORD)
    assert CANARY in written and PRIVATE not in written and OTHER not in written
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not dialog.stop_button.isVisible() and "Saved to" in dialog.message.text()


def test_the_childs_command_line_and_environment_hold_no_words_or_key(
        qtbot, opened: MainWindow, seeded: vault_module.SetupPlan, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(journal_export, "export_from_vault", journal_jobs.telling_journal)
    told = Told(monkeypatch)
    window = opened
    unlock_solo(qtbot, window, PASSWORDS[1])
    dialog = export_dialog(window, 1)
    target = tmp_path / "journal.pdf"
    choose_pdf_password(qtbot, dialog, target)
    click(qtbot, dialog.submit_button)
    prove_with(qtbot, window, fresh_of(dialog), 1, PASSWORDS[1])
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=60000)
    assert CANARY in pdf_words(target, PDF_PASSWORD)  # the key did reach the child

    argv, env = told.steps[0], told.steps[1]
    assert argv.startswith("argv ") and env.startswith("env ")
    bundle = seeded.bundles[1]
    for said in (argv, env):
        for secret in (CANARY, "canary", PRIVATE, PDF_PASSWORD, PASSWORDS[1], NAMES[1],
                       bundle.journal_key.hex(), str(bundle.journal_key),
                       bundle.workbook_key.hex()):
            assert secret not in said


def test_no_words_reach_a_temp_file(qtbot, opened: MainWindow, tmp_path: Path) -> None:
    temp = Path(tempfile.gettempdir())
    before = {p for p in temp.iterdir() if p.is_file()}
    window = opened
    unlock_solo(qtbot, window, PASSWORDS[1])
    dialog = export_dialog(window, 1)
    target = tmp_path / "journal.pdf"
    choose_pdf_password(qtbot, dialog, target)
    click(qtbot, dialog.submit_button)
    prove_with(qtbot, window, fresh_of(dialog), 1, PASSWORDS[1])
    qtbot.waitUntil(lambda: dialog.saved_path is not None, timeout=30000)
    canary = CANARY.encode("utf-8")
    assert canary not in target.read_bytes()  # encrypted
    for path in {p for p in temp.iterdir() if p.is_file()} - before:
        assert canary not in path.read_bytes(), path.name
    window.lock()
    window.close()
    for path in (tmp_path / "qs").rglob("*"):
        assert not path.is_file() or canary not in path.read_bytes(), path.name


# -- the therapy-session packet ---------------------------------------------------------


def open_packet(qtbot, window: MainWindow):  # type: ignore[no-untyped-def]
    from ui.session_packet import SessionPacketDialog

    window.menu_actions.session_packet.trigger()
    dialog = window.findChild(SessionPacketDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_a_journal_goes_into_the_packet_only_when_its_owner_brings_it(
        qtbot, opened: MainWindow, tmp_path: Path) -> None:
    window = opened
    unlock_solo(qtbot, window, PASSWORDS[1])
    packet = open_packet(qtbot, window)
    mine = packet.parts["journal_1"]
    assert "journal_2" not in packet.parts  # the other partner's is not even offered
    assert mine.text() == "From Wrenfield’s journal" and not mine.isChecked()
    target = tmp_path / "packet.pdf"
    packet.target.setText(str(target))
    mine.click()
    click(qtbot, packet.submit_button)
    assert "only into a PDF with a password" in packet.message.text()  # said, not saved
    assert packet.fresh is None and not target.exists()
    qtbot.keyClicks(packet.password.edit, PDF_PASSWORD)
    qtbot.keyClicks(packet.again.edit, PDF_PASSWORD)
    click(qtbot, packet.submit_button)
    fresh = packet.fresh
    assert isinstance(fresh, FreshPasswordDialog) and fresh.partners == (1,)
    prove_with(qtbot, window, fresh, 1, PASSWORDS[2])  # not the owner's: nothing happens
    assert fresh.isVisible() and not target.exists()
    fresh.fields[1].edit.clear()
    prove_with(qtbot, window, fresh, 1, PASSWORDS[1])
    qtbot.waitUntil(lambda: target.exists() and not window.tasks.busy, timeout=30000)
    words = pdf_words(target, PDF_PASSWORD)
    assert "From Wrenfield’s journal" in words and CANARY in words  # tagged for the session
    assert PRIVATE not in words and OTHER not in words
    assert "Our boundary agreements" in words  # the other parts as they were


def test_together_each_journal_is_offered_unticked_and_asks_only_its_owner(
        qtbot, opened: MainWindow, tmp_path: Path) -> None:
    window = opened
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    packet = open_packet(qtbot, window)
    assert [packet.parts[k].isChecked() for k in ("journal_1", "journal_2")] == [False, False]
    target = tmp_path / "packet.pdf"
    packet.target.setText(str(target))
    click(qtbot, packet.submit_button)  # by default: no journal, and no password asked
    qtbot.waitUntil(lambda: target.exists() and not window.tasks.busy, timeout=30000)
    assert packet.fresh is None
    words = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(target).pages)
    assert "journal" not in words.casefold() and CANARY not in words

    packet.parts["journal_2"].click()
    qtbot.keyClicks(packet.password.edit, PDF_PASSWORD)
    qtbot.keyClicks(packet.again.edit, PDF_PASSWORD)
    second = tmp_path / "packet-2.pdf"
    packet.target.setText(str(second))
    click(qtbot, packet.submit_button)
    fresh = packet.fresh
    assert isinstance(fresh, FreshPasswordDialog) and fresh.partners == (2,)
    fresh.reject()  # "Not now": nothing is saved
    assert not second.exists() and not window.tasks.busy
