"""The steps a commitment moves through, as the Commitments page offers them.

"This would help" is the person with the need's to say, "I can do this" the doer's,
each with their own password typed at that moment; the commitment is active once both
said so to the same words. Either partner can pause it at once (caution takes one).
Resuming takes both passwords. Changing the words makes them proposed again, until
both confirm the new words. Each step ends in a calm sentence either way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QPushButton
from shiboken6 import isValid

from models import needs
from models.errors import TrellisError
from models.needs import Commitment
from models.proof import FreshProof
from ui.texts import explain
from ui.widgets.common import named
from ui.widgets.fitting import FlowLayout
from ui.widgets.fresh_password import ask_fresh
from ui.workbooks.needs.commitment_dialog import CommitmentDialog
from ui.workbooks.needs.commitment_rows import need_owner, what_of
from ui.workbooks.needs.words import section_words

if TYPE_CHECKING:
    from ui.workbooks.needs.commitments import CommitmentsPage

log = logging.getLogger(__name__)


def _words(key: str, **values: object) -> str:
    return section_words("steps", key, **values)


class CommitmentSteps:
    """The step buttons of the Commitments page and what each does."""

    def __init__(self, page: CommitmentsPage) -> None:
        self.page = page
        self.ctx = page.ctx
        session = self.ctx.session
        self.dialog: QDialog | None = None
        self.buttons: dict[str, QPushButton] = {}
        for partner in (1, 2):
            name = session.name_of(partner)
            for step in ("helps", "can_do"):
                words = _words(step, name=name)
                self.buttons[f"{step}_{partner}"] = named(
                    QPushButton(words), f"needsConfirm_{step}_{partner}",
                    _words(f"{step}_name", name=name))
        for partner in session.partners:
            words = _words("pause" if len(session.partners) == 1 else "pause_named",
                           name=session.name_of(partner))
            self.buttons[f"pause_{partner}"] = named(
                QPushButton(words), f"needsPause_{partner}",
                _words("pause_name", name=session.name_of(partner)))
        self.buttons["resume"] = named(QPushButton(_words("resume")), "needsResume",
                                       _words("resume_name"))
        self.buttons["change"] = named(QPushButton(_words("change")), "needsChange",
                                       _words("change_name"))
        acts: dict[str, Callable[[], object]] = {"resume": self.resume, "change": self.change}
        for partner in (1, 2):
            acts[f"helps_{partner}"] = partial(self.confirm, partner, "helps")
            acts[f"can_do_{partner}"] = partial(self.confirm, partner, "can_do")
        for partner in session.partners:
            acts[f"pause_{partner}"] = partial(self.pause, partner)
        for key, act in acts.items():
            self.buttons[key].clicked.connect(lambda _=False, a=act: a())
            self.buttons[key].hide()

    def rows(self) -> FlowLayout:
        flow = FlowLayout()
        for button in self.buttons.values():
            flow.addWidget(button)
        return flow

    def show_for(self, commitment: Commitment | None) -> None:
        """Show the steps ``commitment``'s state allows (none without one)."""
        shown: set[str] = set()
        if commitment is not None:
            owner = need_owner(commitment, self.page.shared)
            if commitment.state == "proposed":
                if not commitment.helps_confirmed and owner is not None:
                    shown.add(f"helps_{owner}")
                if not commitment.can_do_confirmed:
                    shown.add(f"can_do_{commitment.doer}")
            if commitment.state in ("proposed", "active"):
                shown |= {f"pause_{p}" for p in self.ctx.session.partners}
            if commitment.state == "paused":
                shown.add("resume")
            if commitment.state != "retired":
                shown.add("change")
        for key, button in self.buttons.items():
            button.setVisible(key in shown)

    # the steps

    def _done(self, commitment: Commitment, said: str, **values: object) -> None:
        self.ctx.changes.announce("needs", commitment.uuid)
        if isValid(self.page):
            self.page.replace(commitment)
            self.page.say(_words(said, **values))

    def _failed(self, error: BaseException) -> None:
        log.info("a commitment step was refused: %s", type(error).__name__)
        if isValid(self.page):
            self.page.say(explain(error))

    def confirm(self, partner: int, step: str) -> None:
        """``partner`` says "this would help" or "I can do this", with their password."""
        commitment = self.page.chosen()
        if commitment is None or self.ctx.session.locked:
            return
        name = self.ctx.session.name_of(partner)
        uuid = commitment.uuid

        def confirmed(proofs: dict[int, FreshProof]) -> None:
            if self.ctx.session.locked:
                return
            try:
                fresh = needs.confirm_commitment(self.ctx.session.keyring,
                                                 proofs.get(partner), uuid, partner=partner)
            except (TrellisError, ValueError) as error:
                self._failed(error)
                return
            self._done(fresh, "active" if fresh.state == "active" else f"{step}_done",
                       name=name)

        self.dialog = ask_fresh(self.ctx, (partner,),
                                _words(f"{step}_intro", name=name, what=what_of(commitment)),
                                self.page, confirmed, title=_words(f"{step}_title", name=name))

    def pause(self, partner: int) -> None:
        """Pause at once: one partner is enough."""
        commitment = self.page.chosen()
        if commitment is None or self.ctx.session.locked:
            return
        try:
            fresh = needs.pause_commitment(self.ctx.session.keyring, partner, commitment.uuid)
        except (TrellisError, ValueError) as error:
            self._failed(error)
            return
        self._done(fresh, "paused", name=self.ctx.session.name_of(partner))

    def resume(self) -> None:
        """Resume: both type their own password now."""
        commitment = self.page.chosen()
        if commitment is None or self.ctx.session.locked:
            return
        uuid = commitment.uuid

        def both(proofs: dict[int, FreshProof]) -> None:
            if self.ctx.session.locked:
                return
            try:
                fresh = needs.resume_commitment(self.ctx.session.keyring,
                                                tuple(proofs.values()), uuid)
            except (TrellisError, ValueError) as error:
                self._failed(error)
                return
            self._done(fresh, "resumed")

        self.dialog = ask_fresh(self.ctx, (1, 2),
                                _words("resume_intro", what=what_of(commitment)),
                                self.page, both, title=_words("resume_title"))

    def change(self) -> None:
        """New words, proposed again until both confirm them."""
        commitment = self.page.chosen()
        if commitment is None or self.ctx.session.locked:
            return
        dialog = CommitmentDialog(self.ctx, list(self.page.shared.values()), self.page,
                                  commitment)
        dialog.accepted.connect(lambda: self._changed(dialog.written))
        self.dialog = dialog
        dialog.open()

    def _changed(self, commitment: Commitment | None) -> None:
        if commitment is not None and isValid(self.page):
            self.page.replace(commitment)
            self.page.say(_words("changed"))
