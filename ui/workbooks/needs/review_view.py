"""One partner's own view of a commitment, given privately with their own password.

The view is sealed with that partner's journal key until both decide together; the
dialog shows only their own earlier view (opened with the same fresh password) and
never the other's.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QButtonGroup, QDialog, QRadioButton, QVBoxLayout, QWidget

from models.errors import TrellisError
from models.needs import reviews
from models.proof import FreshProof
from ui.texts import explain
from ui.widgets.common import FieldMessage, body_label, fit_to_content, named, submit_cancel
from ui.workbooks import WorkbookContext
from ui.workbooks.needs.review_rows import words


class PrivateViewDialog(QDialog):
    """``owner`` says privately whether commitment ``uuid`` helps; accepted once kept."""

    def __init__(self, ctx: WorkbookContext, uuid: str, owner: int, proof: FreshProof,
                 what: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        name = ctx.session.name_of(owner)
        title = words("view_title", name=name)
        named(self, "needsPrivateViewDialog", title)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        fit_to_content(self)
        self._ctx, self._uuid, self.owner, self._proof = ctx, uuid, owner, proof
        saved = reviews.my_rating(ctx.session.keyring, proof, uuid, owner)
        layout = QVBoxLayout(self)
        layout.addWidget(body_label(what, "needsPrivateViewWhat"))
        layout.addWidget(body_label(words("view_intro", name=name), "needsPrivateViewIntro"))
        self.choices = QButtonGroup(self)
        self.buttons_by: dict[str, QRadioButton] = {}
        for key in reviews.REVIEW_RATINGS:
            label = words(f"view_{key}")
            choice = named(QRadioButton(label), f"needsPrivateView_{key}", label)
            choice.setChecked(key == saved)
            self.choices.addButton(choice)
            self.buttons_by[key] = choice
            layout.addWidget(choice)
        self.message = FieldMessage("needsPrivateViewMessage")
        layout.addWidget(self.message)
        self.buttons = submit_cancel(self, "needsPrivateView", words("view_save"),
                                     words("view_cancel"))
        self.buttons.accepted.connect(self.keep)
        layout.addWidget(self.buttons)
        self.choices.buttonToggled.connect(lambda *_: self.message.clear_message())

    def chosen(self) -> str | None:
        for key, button in self.buttons_by.items():
            if button.isChecked():
                return key
        return None

    def keep(self) -> None:
        choice = self.chosen()
        if choice is None:
            self.message.say(words("view_choose"))
            return
        try:
            reviews.rate_commitment(self._ctx.session.keyring, self._proof, self._uuid, choice)
        except (TrellisError, ValueError) as error:
            self.message.say(explain(error))
            return
        self.accept()
