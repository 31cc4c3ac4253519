"""Our story together at one keyboard (#11, review N8): while one partner's own story is
open, "Writing as" starts with that partner, so what they type in the story together is
not put under the other's name by mistake (a change of writer saves what was typed as
the writer chosen when it was typed)."""

from __future__ import annotations

from models import narrative
from tests.ui.conftest import PASSWORDS, unlock_together
from tests.ui.narrative.frame_helpers import open_together, settle
from ui.workbooks.narrative.joint import JointPage

WORDS = "Plover-3356 we are learning to say the hard thing early"


def test_writing_as_starts_with_the_partner_whose_story_is_open(
        qtbot, window, existing_vault) -> None:
    window.start()
    unlock_together(qtbot, window, PASSWORDS[1], PASSWORDS[2])
    keys = window.session.keyring
    for partner in (1, 2):
        narrative.wish_joint(keys, partner, True)
    tab = open_together(qtbot, window, 2)  # Sasha's own story is open: Sasha is here
    page = tab.show_page("joint")
    assert isinstance(page, JointPage)
    settle(window)
    assert page.writer.isVisible()
    assert page.chosen_writer() == 2

    page.add_paragraph()
    card = page.cards[-1]
    assert card.edit is not None
    qtbot.keyClicks(card.edit, WORDS)
    page.flush()
    latest = narrative.load_joint(keys)[0].latest
    assert latest is not None
    assert [(p.author, p.text) for p in latest.paragraphs] == [(2, WORDS)]

    tab.close_story()  # nobody's story open: "Writing as" stays as it was chosen
    tab.show_page("joint")
    settle(window)
    assert page.chosen_writer() == 2
    tab.show_page("problem")  # the gate, where a story opens
    tab = open_together(qtbot, window, 1)  # now Robin's: Robin is at the keyboard
    tab.show_page("joint")
    settle(window)
    assert page.chosen_writer() == 1
    assert [c.edit is not None for c in page.cards] == [False]  # Sasha's words stay hers
