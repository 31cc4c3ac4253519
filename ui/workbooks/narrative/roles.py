"""Names for our roles: optionally, "the partner who was hurt" and "the partner who caused
the hurt". Naming or changing them takes both partners, each with their own password
typed now; either partner can stop using the names alone, at any time. Without names,
every page is offered to each partner.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from models import narrative
from models.errors import TrellisError
from models.narrative.views import Roles
from models.proof import FreshProof
from ui.dates import day
from ui.texts import explain, text
from ui.widgets.common import (
    FittingScroll,
    MessageLabel,
    body_label,
    fit_to_content,
    named,
)
from ui.widgets.fitting import FlowLayout
from ui.widgets.fresh_password import FreshPasswordDialog, ask_fresh
from ui.workbooks import WorkbookContext

log = logging.getLogger(__name__)

WORKBOOK = "narrative"
RECORD = "roles"  # what a change to the names is announced as


def words(key: str, **values: object) -> str:
    return text("narrative_roles", key, **values)


class RolesDialog(QDialog):
    """What the names are now, a choice of who was hurt, "Use these names…" (both
    passwords) and "Stop using these names" (either partner, alone)."""

    def __init__(self, ctx: WorkbookContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("rolesDialog")
        self.setWindowTitle(words("title"))
        self.setAccessibleName(words("title"))
        self._ctx = ctx
        self._names = {p: ctx.session.name_of(p) for p in (1, 2)}
        self.roles = Roles(None, None)
        self.fresh: FreshPasswordDialog | None = None

        body = QWidget()
        body.setObjectName("rolesBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(body_label(words("intro"), "rolesIntro"))
        column.addWidget(body_label(words("how"), "rolesHow", role="hint"))
        self.now = body_label("", "rolesNow")
        column.addWidget(self.now)
        self.choice = QButtonGroup(self)
        self.choices: dict[int, QRadioButton] = {}
        for partner in (1, 2):
            label = words("hurt_is", name=self._names[partner])
            radio = named(QRadioButton(label), f"rolesHurt{partner}", label)
            self.choice.addButton(radio, partner)
            self.choices[partner] = radio
            column.addWidget(radio)
        self.name_them = named(QPushButton(words("name_them")), "rolesName",
                               words("name_them_name"))
        self.name_them.clicked.connect(self.ask_both)
        self.clears: dict[int, QPushButton] = {}
        actions = FlowLayout()
        actions.addWidget(self.name_them)
        for partner in ctx.session.partners:
            name = self._names[partner]
            label = words("clear_as", name=name) if ctx.session.together else words("clear")
            button = named(QPushButton(label), f"rolesClear{partner}",
                           words("clear_name", name=name))
            button.clicked.connect(lambda _c=False, p=partner: self.clear(p))
            self.clears[partner] = button
            actions.addWidget(button)
        column.addLayout(actions)
        self.message = MessageLabel("rolesMessage")
        column.addWidget(self.message)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        named(close, "rolesClose", words("close")).setText(words("close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(FittingScroll(body, "rolesScroll"), 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        fit_to_content(self)
        self.reload()

    def reload(self) -> None:
        if self._ctx.session.locked:
            return
        try:
            self.roles = narrative.load_roles(self._ctx.session.keyring)
        except TrellisError as error:
            log.info("roles not read: %s", type(error).__name__)
            self.message.say(explain(error))
            return
        self._show()

    def _show(self) -> None:
        hurt = self.roles.hurt
        if hurt is None:
            self.now.setText(words("not_named"))
        else:
            self.now.setText(words("named", date=day(self.roles.named_at),
                                   hurt=self._names.get(hurt, ""),
                                   caused=self._names.get(3 - hurt, "")))
            self.choices[hurt].setChecked(True)
        key = "name_them" if hurt is None else "change"
        self.name_them.setText(words(key))
        self.name_them.setAccessibleName(words(f"{key}_name"))
        self.name_them.setEnabled(self.fresh is None)
        for button in self.clears.values():
            button.setVisible(hurt is not None)

    def ask_both(self) -> None:
        hurt = self.choice.checkedId()
        if hurt not in (1, 2):
            self.message.say(words("choose_first"))
            return
        if self.fresh is not None or self._ctx.session.locked:
            return
        intro = words("password", hurt=self._names[hurt], caused=self._names[3 - hurt])
        self.fresh = ask_fresh(self._ctx, (1, 2), intro, self,
                               lambda proofs: self._name(proofs, hurt),
                               title=words("password_title"))
        self.fresh.finished.connect(self._asked)
        self.name_them.setEnabled(False)

    def _asked(self) -> None:
        self.fresh = None
        if isValid(self):
            self.name_them.setEnabled(True)

    def _name(self, proofs: dict[int, FreshProof], hurt: int) -> None:
        if not isValid(self) or self._ctx.session.locked:
            return
        try:
            self.roles = narrative.name_roles(self._ctx.session.keyring, proofs.values(), hurt)
        except (TrellisError, ValueError) as error:
            self.message.say(explain(error))
            return
        self._ctx.changes.announce(WORKBOOK, RECORD)
        self._show()
        self.message.say(words("done"))

    def clear(self, partner: int) -> None:
        """``partner`` stops using the names: one partner is enough, no password."""
        if self._ctx.session.locked:
            return
        try:
            self.roles = narrative.clear_roles(self._ctx.session.keyring, partner)
        except (TrellisError, ValueError) as error:
            self.message.say(explain(error))
            return
        self._ctx.changes.announce(WORKBOOK, RECORD)
        self.choice.setExclusive(False)
        for radio in self.choices.values():
            radio.setChecked(False)
        self.choice.setExclusive(True)
        self._show()
        self.message.say(words("cleared"))
