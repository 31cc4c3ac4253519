"""File → Prepare for our session…: the couple ticks what to bring, adds a date and a
note, and saves one PDF; the consent part goes in only with both passwords typed then."""

from __future__ import annotations

import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PasswordType, PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel, QMenu

from exports.session_packet import SECTIONS, packet_words
from models.demo import create_demo_vault
from models.keys import FAST_TEST_COST
from tests.ui.conftest import flush_deletes, unlock_solo, unlock_together, unnamed_controls
from ui.main_window import MainWindow
from ui.session_packet import SessionPacketDialog
from ui.widgets.fresh_password import FreshPasswordDialog

WORDS = packet_words()
AGREEMENTS = WORDS.title("agreements")
CONSENT = WORDS.title("consent")
CANARY = "canary-orchard-7141: Sunday evenings feel hard"
PDF_PASSWORD = "willow path at dusk"


@pytest.fixture
def demo(qtbot, tmp_path: Path) -> Iterator[tuple[MainWindow, dict[int, str]]]:
    """The demo couple's file in a window, still locked; their passwords by partner."""
    path = tmp_path / "vault" / "demo.vault"
    path.parent.mkdir()
    people = create_demo_vault(path, FAST_TEST_COST)
    window = MainWindow(path, cost=FAST_TEST_COST)
    qtbot.addWidget(window)
    window.resize(900, 640)
    window.show()
    window.start()
    yield window, {p: people[p][1] for p in (1, 2)}
    window.tasks.wait()
    window.close()


def open_packet(qtbot, window: MainWindow) -> SessionPacketDialog:
    action = window.menu_actions.session_packet
    assert action.isEnabled()
    action.trigger()
    dialog = window.findChild(SessionPacketDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def tick(qtbot, box) -> None:
    """Click a tick box on its box (a wide row's middle may be past its words)."""
    assert box.isVisible() and box.isEnabled(), box.objectName()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def save_to(dialog: SessionPacketDialog, target: Path) -> None:
    dialog.target.selectAll()
    dialog.target.insert(str(target))


def pages_of(path: Path, password: str | None = None) -> list[str]:
    reader = PdfReader(path)
    if password is not None:
        assert reader.decrypt(password) != PasswordType.NOT_DECRYPTED
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


def test_the_file_menu_offers_it_only_while_unlocked(qtbot, demo) -> None:
    window, passwords = demo
    action = window.menu_actions.session_packet
    assert action.objectName() == "sessionPacketAction"
    file_menu = window.menuBar().findChild(QMenu, "fileMenu")
    assert file_menu is not None and action in file_menu.actions()
    assert action.text().replace("&", "") == "Prepare for our session…"
    assert not action.isEnabled()
    unlock_together(qtbot, window, passwords[1], passwords[2])
    dialog = open_packet(qtbot, window)
    assert unnamed_controls(dialog) == []
    assert dialog.note.accessibleName() and dialog.note.objectName() == "sessionPacketNote"
    assert list(dialog.parts) == [entry.key for entry in SECTIONS]
    assert dialog.parts["agreements"].isChecked()
    assert dialog.parts["consent"].isEnabled() and not dialog.parts["consent"].isChecked()
    window.lock()  # closes the dialog, with whatever it held
    flush_deletes()
    assert not action.isEnabled() and window.findChild(SessionPacketDialog) is None


def test_both_save_a_packet_with_consent_a_note_and_a_password(
        qtbot, demo, tmp_path: Path) -> None:
    window, passwords = demo
    unlock_together(qtbot, window, passwords[1], passwords[2])
    dialog = open_packet(qtbot, window)
    tick(qtbot, dialog.parts["consent"])
    qtbot.keyClicks(dialog.note, CANARY)
    qtbot.keyClicks(dialog.password.edit, PDF_PASSWORD)
    qtbot.keyClicks(dialog.again.edit, PDF_PASSWORD)
    target = tmp_path / "out" / "packet.pdf"
    target.parent.mkdir()
    save_to(dialog, target)
    click(qtbot, dialog.submit_button)

    # The consent part asks both, each typing their own password, at this moment.
    fresh = dialog.fresh
    assert isinstance(fresh, FreshPasswordDialog) and fresh.partners == (1, 2)
    assert not target.exists()
    for partner in (1, 2):
        qtbot.keyClicks(fresh.fields[partner].edit, passwords[partner])
    fresh.submit()
    qtbot.waitUntil(lambda: target.exists() and not window.tasks.busy, timeout=30000)
    qtbot.waitUntil(lambda: dialog.open_pdf.isVisible())
    assert "Saved to" in dialog.message.text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert PdfReader(target).decrypt("willow path at dawn") == PasswordType.NOT_DECRYPTED
    pages = pages_of(target, PDF_PASSWORD)
    assert AGREEMENTS in pages[0] and CONSENT in pages[0] and CANARY in pages[0]
    assert "Both open to" in " ".join(pages)
    assert dialog.password.value() == "" and dialog.again.value() == ""

    # The note went into the PDF only: not the vault, its WAL, or the settings.
    window.lock()
    window.close()
    canary = CANARY.encode("utf-8")
    for path in (tmp_path / "vault").iterdir():
        assert canary not in path.read_bytes(), path.name
    for path in (tmp_path / "qs").rglob("*"):
        assert not path.is_file() or canary not in path.read_bytes(), path.name


def test_consent_stays_out_without_both_passwords(qtbot, demo, tmp_path: Path) -> None:
    window, passwords = demo
    unlock_together(qtbot, window, passwords[1], passwords[2])
    dialog = open_packet(qtbot, window)
    tick(qtbot, dialog.parts["consent"])
    target = tmp_path / "packet.pdf"
    save_to(dialog, target)
    click(qtbot, dialog.submit_button)
    fresh = dialog.fresh
    assert isinstance(fresh, FreshPasswordDialog)
    fresh.reject()  # "Not now"
    assert not window.tasks.busy and not target.exists()

    tick(qtbot, dialog.parts["consent"])  # leave it out, and bring the rest
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: target.exists() and not window.tasks.busy, timeout=30000)
    whole = " ".join(pages_of(target))
    assert AGREEMENTS in whole and CONSENT not in whole and "Both open to" not in whole


def test_one_partner_alone_cannot_include_consent(qtbot, demo, tmp_path: Path) -> None:
    window, passwords = demo
    unlock_solo(qtbot, window, passwords[1])
    dialog = open_packet(qtbot, window)
    assert not dialog.parts["consent"].isEnabled()
    unavailable = dialog.findChild(QLabel, "sessionPacketPartConsentUnavailable")
    assert unavailable is not None and unavailable.text() == WORDS.unavailable("consent")
    dialog.parts["consent"].setChecked(True)  # even ticked, a disabled part stays out
    target = tmp_path / "packet.pdf"
    save_to(dialog, target)
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: target.exists() and not window.tasks.busy, timeout=30000)
    assert dialog.fresh is None
    cover = pages_of(target)[0]
    assert CONSENT not in cover and "prepared by Robin" in cover


def test_an_unwritable_folder_gets_a_kind_sentence_and_leaves_nothing(
        qtbot, demo, tmp_path: Path) -> None:
    window, passwords = demo
    unlock_together(qtbot, window, passwords[1], passwords[2])
    dialog = open_packet(qtbot, window)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    save_to(dialog, blocker / "packet.pdf")
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: not window.tasks.busy and "folder" in dialog.message.text(),
                    timeout=30000)
    assert dialog.message.text() == ("Trellis can't save in that folder. Please choose "
                                     "another folder. Nothing was lost.")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "qs") == [
        "not-a-folder", "vault"]
    assert dialog.submit_button.isEnabled()  # another folder, and try again


def test_a_full_disk_gets_a_kind_sentence_and_leaves_nothing(
        qtbot, demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import exports.session_packet as packet_exports
    from tests import child_jobs

    # The packet is written in a child process: the child's disk fills up.
    monkeypatch.setattr(packet_exports, "export_from_vault", child_jobs.packet_on_a_full_disk)
    window, passwords = demo
    unlock_together(qtbot, window, passwords[1], passwords[2])
    dialog = open_packet(qtbot, window)
    folder = tmp_path / "out"
    folder.mkdir()
    save_to(dialog, folder / "packet.pdf")
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: not window.tasks.busy and "disk" in dialog.message.text(),
                    timeout=30000)
    assert "Free some space and try again" in dialog.message.text()
    assert list(folder.iterdir()) == []


def test_choices_that_cannot_work_are_said_beside_them(qtbot, demo, tmp_path: Path) -> None:
    window, passwords = demo
    unlock_together(qtbot, window, passwords[1], passwords[2])
    dialog = open_packet(qtbot, window)
    target = tmp_path / "packet.pdf"
    save_to(dialog, target)
    for part in dialog.parts.values():  # the demo's shared stories are ticked too
        if part.isChecked():
            tick(qtbot, part)
    assert not dialog.submit_button.isEnabled()  # nothing to bring
    dialog.submit()
    assert dialog.message.text() == "Please tick at least one part to bring."
    tick(qtbot, dialog.parts["agreements"])
    qtbot.keyClicks(dialog.password.edit, PDF_PASSWORD)
    qtbot.keyClicks(dialog.again.edit, PDF_PASSWORD + "!")
    click(qtbot, dialog.submit_button)
    assert "don’t match" in dialog.message.text()
    dialog.again.clear()
    qtbot.keyClicks(dialog.again.edit, PDF_PASSWORD)
    dialog.note.setPlainText("x" * 1300)
    click(qtbot, dialog.submit_button)
    assert "a little long" in dialog.message.text()
    assert dialog.note.toPlainText() == "x" * 1300  # nothing typed is lost
    assert not target.exists() and not window.tasks.busy


def test_locking_stops_a_long_packet_instead_of_waiting_for_it(
        qtbot, demo, tmp_path: Path, monkeypatch) -> None:
    import exports.session_packet as packet_exports
    from exports import in_child
    from tests import child_jobs

    # A stand-in for a very long packet: once its file is begun, 20 s if never stopped.
    monkeypatch.setattr(packet_exports, "export_from_vault", child_jobs.held_packet)
    heard = {"reports": 0}
    real_run = in_child.run

    def run(job, order, *, progress=None, **kwargs):
        def counted(fraction: float) -> None:
            heard["reports"] += 1
            if progress is not None:
                progress(fraction)

        return real_run(job, order, progress=counted, **kwargs)

    monkeypatch.setattr(in_child, "run", run)
    window, passwords = demo
    unlock_together(qtbot, window, passwords[1], passwords[2])
    dialog = open_packet(qtbot, window)
    target = tmp_path / "packet.pdf"
    save_to(dialog, target)
    click(qtbot, dialog.submit_button)
    qtbot.waitUntil(lambda: heard["reports"] > 3, timeout=60000)  # the file is begun
    window.lock()
    assert window.session is None and not window.tasks.busy
    assert heard["reports"] < child_jobs.LONG_STEPS  # stopped at a next step, not its end
    assert not target.exists() and list(tmp_path.glob("*.pdf*")) == []
    assert list(tmp_path.glob(".*.part")) == []
