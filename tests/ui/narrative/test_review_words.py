"""Our stories as a couple at one keyboard would use it (#11, review N8): the words on
screen never promise more than the code keeps, and the letter's notes stay quiet where
the page itself asks for the words they would note."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication

from models import narrative
from models.proof import FreshProof, prove
from tests.ui.conftest import PASSWORDS, unlock_solo
from tests.ui.narrative.frame_helpers import narrative_tab
from ui.main_window import MainWindow
from ui.texts import text
from ui.workbooks import WorkbookContext
from ui.workbooks.narrative.hints_panel import HINTS_MS
from ui.workbooks.narrative.letter import LetterPage
from ui.workbooks.narrative.steps import ProblemPage

NAME = "Sandpiper-7190 the alarm"
# "No one ever shared it" in any form: the note a page shows when nothing of it is shared now.
DENIES_A_SHARE = re.compile(r"\b(?:nothing|never|not once)\b[^.]*\b(?:has been|was|been)\s+shared",
                            re.IGNORECASE)


def _proof(window: MainWindow, partner: int) -> FreshProof:
    return prove(window.vault.slot_of(partner, "password"), PASSWORDS[partner])


def test_a_page_shared_and_taken_back_never_says_nothing_was_shared(
        qtbot, window, existing_vault) -> None:
    """Taking a piece back hides it from now on; what the partner read stays read. The
    page must not then say that nothing from it has been shared."""
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[1])
    tab = narrative_tab(window)
    page = tab.show_page("problem")
    assert isinstance(page, ProblemPage)
    assert page.shared_note.text() == text("narrative", "never_shared")
    qtbot.keyClicks(page.editors["name"], NAME)
    page.flush()
    assert page.draft is not None
    keys = window.session.keyring
    piece = narrative.share_piece(keys, _proof(window, 1), page.draft.uuid)
    narrative.withdraw_piece(keys, _proof(window, 1), piece.uuid)

    again = ProblemPage(tab.ctx, 1)  # the page as it opens the next time
    qtbot.addWidget(again)
    assert again.editors["name"].text() == NAME
    note = again.shared_note.text()
    assert note == text("narrative", "never_shared")  # nothing of it is shared now
    assert not DENIES_A_SHARE.search(note), note


def _letter(qtbot, window: MainWindow) -> LetterPage:
    window.start()
    unlock_solo(qtbot, window, PASSWORDS[2])
    ctx = WorkbookContext(window.vault, window.session, window.tasks)
    page = LetterPage(ctx, 2)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.show()
    qtbot.waitExposed(page)
    return page


def _type(qtbot, page: LetterPage, section: str, words: str) -> None:
    area = page.areas[section]
    area.setFocus()
    qtbot.keyClicks(area, words)


NOT_ASKING = ("Your forgiveness. To move on by a certain date. Closeness, or sex, "
              "before you want it.")


def test_what_i_am_not_asking_can_name_forgiveness_and_moving_on_without_a_note(
        qtbot, window, existing_vault) -> None:
    """The section's own guide asks the writer to name what they are not asking for:
    forgiveness, a timeline. A note there saying that asking for forgiveness asks
    something of the partner reads as a contradiction; the same words elsewhere in the
    letter are still noted."""
    page = _letter(qtbot, window)
    _type(qtbot, page, "not_asking", NOT_ASKING)
    _type(qtbot, page, "did", "I hope you can forgive me and that we can move on.")
    def where() -> set[tuple[str, str]]:
        return {(note.section, note.hint.rule) for note in page.hints.notes}

    # Still noted elsewhere (read once the typing has settled, however slow the machine).
    qtbot.waitUntil(lambda: {("did", "forgiveness"), ("did", "move_on")} <= where(),
                    timeout=HINTS_MS * 20)
    page.hints.refresh()
    QApplication.processEvents()
    assert not [rule for section, rule in where() if section == "not_asking"], where()


def test_the_words_of_an_old_lie_owned_as_a_lie_draw_no_note_on_just() -> None:
    """Owning a lie often quotes it: "I told you it was just a work dinner". The "just"
    there is the lie being named, not a softening; the note would read as a rebuke for
    honesty. Softening in the writer's own voice is still noted."""
    from models.narrative.hints import find_hints

    owned = ["I told you it was just a work dinner, and that was a lie.",
             "I said it was only a few messages. It was months of them.",
             "I told myself it was just texting so I would not have to stop."]
    for sentence in owned:
        assert [h.rule for h in find_hints(sentence, section="did")] == [], sentence
    softened = ["It was just a kiss.", "I only texted her a few times.",
                "I said I was sorry, and I know it was just one evening."]
    for sentence in softened:
        assert "minimising" in [h.rule for h in find_hints(sentence, section="did")], sentence


def test_saying_what_i_did_not_want_to_give_up_draws_no_note_on_intent() -> None:
    """"I did not want to lose what I was getting" is the writer being honest about a
    motive, not pleading good intentions; the note on intent is for "I never meant to
    hurt you" and "I didn't want you to find out this way"."""
    from models.narrative.hints import find_hints

    honest = ["I kept choosing it because I did not want to lose what I was getting.",
              "I didn't want to stop, so I didn't.",
              "I did not want to face what I was doing to you."]
    for sentence in honest:
        assert [h.rule for h in find_hints(sentence, section="chose")] == [], sentence
    pleading = ["I never wanted to hurt you.", "I didn't want you to find out this way.",
                "I never wanted this to happen.", "I did not want any of this."]
    for sentence in pleading:
        assert "intent" in [h.rule for h in find_hints(sentence, section="chose")], sentence
