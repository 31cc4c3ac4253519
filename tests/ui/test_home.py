"""Home: what is waiting for whoever is here, "Go there", keeping up with changes, a
word on therapy for a new workbook, and nothing of the other partner's private words."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from models import agreements, consent
from models.proof import FreshProof
from models.session import Keyring
from models.vault import SetupPlan, Vault
from tests.ui.conftest import NAMES, PASSWORDS, unlock_solo, unlock_together, unnamed_controls
from tests.ui.conftest import visible_texts as all_texts
from ui.home import HomeTab
from ui.texts import text
from ui.workbooks.agreements import AgreementsTab
from ui.workbooks.consent import ConsentTab

WORDS = {"title": "Phones at dinner", "wording": "Both phones rest in the hall basket."}
CANARY = "a-private-word-only-ottoline-wrote"


def seed(vault_path: Path, plan: SetupPlan,
         build: Callable[[Keyring, dict[int, FreshProof]], Any]) -> Any:
    """Write through the models before the window opens the file, with each partner's
    proof as if both had just typed their passwords."""
    vault = Vault.open(vault_path)
    try:
        session = vault.start_session(dict(plan.bundles))
        result = build(session.keyring, {p: FreshProof(p, plan.bundles[p]) for p in (1, 2)})
        session.lock()
    finally:
        vault.close()
    return result


def proposed(keys: Keyring, _proofs: dict[int, FreshProof]) -> str:
    view = agreements.create(keys, 1, **WORDS)
    return agreements.propose(keys, view.uuid, 1).uuid


def home_of(window) -> HomeTab:
    home = window.workbench.findChild(HomeTab)
    assert home is not None
    return home


def lines(home: HomeTab) -> list[str]:
    """The words of every waiting line and note, in order."""
    labels = home.waiting_card.findChildren(QLabel)
    return [label.text() for label in labels
            if label.objectName().startswith(("homeWaitingText_", "homeWaitingNote_"))
            and label.isVisibleTo(home)]


def go_there(home: HomeTab, number: int) -> QPushButton:
    button = home.findChild(QPushButton, f"homeGoThere_{number}")
    assert button is not None and button.isVisible(), number
    return button


def test_a_new_workbook_says_nothing_is_waiting_and_how_trellis_fits_therapy(
        qtbot, window, existing_vault) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    home = home_of(window)
    assert window.workbench.currentWidget() is home
    nothing = home.findChild(QLabel, "homeNothingWaiting")
    assert nothing is not None and nothing.isVisible()
    assert home.therapy_card.isVisible()
    assert unnamed_controls(home) == []


def test_go_there_switches_tab_and_selects_the_agreement(qtbot, window, existing_vault,
                                                        vault_path) -> None:
    def build(keys: Keyring, proofs: dict[int, FreshProof]) -> str:
        uuid = proposed(keys, proofs)
        agreements.create(keys, 1, title="Zebra crossings on the walk to school",
                          wording="We hold hands crossing.")  # newer: listed first
        return uuid

    uuid = seed(vault_path, existing_vault, build)
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    home = home_of(window)
    assert lines(home) == [text("home", "confirm_mine", title=WORDS["title"])]
    assert not home.therapy_card.isVisible(), "only for a workbook with no agreements"
    window.workbench.go_to("agreements", "")
    tab = window.workbench.currentWidget()
    assert isinstance(tab, AgreementsTab)
    tab.search.setText("Zebra")  # a search that hides the one Home leads to
    assert tab.editor.view is None or tab.editor.view.uuid != uuid
    window.workbench.go_to("home", "")
    qtbot.mouseClick(go_there(home, 0), Qt.MouseButton.LeftButton)
    assert window.workbench.currentWidget() is tab
    assert tab.search.text() == ""
    assert tab.editor.view is not None and tab.editor.view.uuid == uuid
    assert tab.list.current_uuid() == uuid


def test_go_there_for_a_reveal_opens_the_consent_tab(qtbot, window, existing_vault,
                                                    vault_path) -> None:
    seed(vault_path, existing_vault,
         lambda keys, _p: consent.add_item(keys, "Breakfast in bed", 2))
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    home = home_of(window)
    assert lines(home) == [text("home", "reveal_one")]
    qtbot.mouseClick(go_there(home, 0), Qt.MouseButton.LeftButton)
    assert isinstance(window.workbench.currentWidget(), ConsentTab)


def test_alone_you_see_your_own_confirmation_and_nothing_private_of_the_other(
        qtbot, window, existing_vault, vault_path) -> None:
    def build(keys: Keyring, proofs: dict[int, FreshProof]) -> str:
        uuid = proposed(keys, proofs)
        agreements.confirm(keys, uuid, 2, proofs[2])
        item = consent.add_item(keys, "Breakfast in bed", 2)
        consent.answer(keys, 2, item.uuid, "no", note=CANARY, proof=proofs[2])
        return uuid

    seed(vault_path, existing_vault, build)
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    home = home_of(window)
    assert lines(home) == [text("home", "confirm_mine", title=WORDS["title"]),
                           text("home", "reveal_one")]
    shown = all_texts()
    assert not any(CANARY in words for words in shown)
    assert not any(NAMES[2] in words for words in lines(home)), "nothing about Ottoline"

    window.lock()
    unlock_solo(qtbot, window, PASSWORDS[2])
    assert lines(home_of(window)) == [text("home", "reveal_one")], \
        "Ottoline confirmed already: nothing about what Wrenfield has not done"


def test_a_pause_shows_its_shared_note(qtbot, window, existing_vault, vault_path) -> None:
    def build(keys: Keyring, proofs: dict[int, FreshProof]) -> None:
        uuid = proposed(keys, proofs)
        agreements.withdraw(keys, uuid, 2, "Can we talk about weekends first?")

    seed(vault_path, existing_vault, build)
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    shown = lines(home_of(window))
    assert shown[0].startswith(f"“{WORDS['title']}” has been paused for a conversation since")
    assert shown[1] == text("home", "paused_note", name=NAMES[2],
                            note="Can we talk about weekends first?")


def test_home_updates_when_a_tab_announces_a_confirmation(qtbot, window, existing_vault,
                                                          vault_path) -> None:
    uuid = seed(vault_path, existing_vault, proposed)
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    home = home_of(window)
    assert lines(home) == [text("home", "confirm_both", title=WORDS["title"])]

    proof = window.vault.check_password(2, PASSWORDS[2])
    agreements.confirm(window.session.keyring, uuid, 2, proof)
    home.ctx.changes.announce("agreements", uuid)
    waiting_for_one = text("home", "confirm_one", title=WORDS["title"], name=NAMES[1])
    qtbot.waitUntil(lambda: lines(home) == [waiting_for_one])

    # While Home is hidden a change only marks it stale; showing it reads again.
    window.workbench.setCurrentWidget(window.workbench.findChild(AgreementsTab))
    proof = window.vault.check_password(1, PASSWORDS[1])
    agreements.confirm(window.session.keyring, uuid, 1, proof)
    home.ctx.changes.announce("agreements", uuid)
    window.workbench.setCurrentWidget(home)
    assert home.findChild(QLabel, "homeNothingWaiting").isVisible()


@pytest.mark.parametrize("size", [(900, 600), (1400, 900)])
def test_home_fits_small_and_large_windows(qtbot, window, existing_vault, vault_path,
                                          size, tmp_path) -> None:
    def build(keys: Keyring, proofs: dict[int, FreshProof]) -> None:
        uuid = proposed(keys, proofs)
        agreements.withdraw(keys, uuid, 2, "Can we talk about weekends first?")
        consent.add_item(keys, "Breakfast in bed", 2)
        agreements.create(keys, 2, title="A draft")
        for title in ("Sunday walk", "Saying when work drinks come up"):
            view = agreements.create(keys, 2, title=title, wording="Words.")
            agreements.propose(keys, view.uuid, 2)

    seed(vault_path, existing_vault, build)
    window.resize(*size)
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    home = home_of(window)
    qtbot.waitUntil(lambda: home.width() > 0)
    for number in range(4):
        button = go_there(home, number)
        row: QWidget = button.parentWidget()
        text_label = row.findChild(QLabel, f"homeWaitingText_{number}")
        # Every line wraps inside its row, beside a button that shows its whole label.
        assert text_label.geometry().right() < button.geometry().left()
        assert button.width() >= button.sizeHint().width()
    window.grab().save(str(tmp_path / f"home-{size[0]}x{size[1]}.png"))
