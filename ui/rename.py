"""Change the names Trellis calls you by: both of you, each with your own password.

A name is how every record says who wrote or agreed what, so changing either one is a
step both take: the dialog asks both partners' fresh passwords (one path,
:mod:`ui.widgets.fresh_password`) and :func:`models.proof.require_both` checks them
before any name is written.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLineEdit, QVBoxLayout, QWidget

from models.errors import TrellisError
from models.proof import FreshProof, require_both
from ui.texts import explain, text
from ui.widgets.common import (
    FieldMessage,
    FormGrid,
    body_label,
    fit_to_content,
    named,
    submit_cancel,
)
from ui.widgets.fresh_password import ask_fresh
from ui.workbooks import WorkbookContext


class RenameDialog(QDialog):
    """Both names, editable; ``renamed`` carries the names that changed, by partner."""

    renamed = Signal(object)  # dict[int, str]

    def __init__(self, ctx: WorkbookContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        title = text("rename", "title")
        named(self, "renameDialog", title)
        self.setWindowTitle(title)
        self.setMinimumWidth(460)
        fit_to_content(self)
        self._ctx = ctx
        self.fields: dict[int, QLineEdit] = {}
        self.message = FieldMessage("renameMessage")
        form = FormGrid()
        for partner in (1, 2):
            label_text = text("rename", f"label_{partner}")
            field = named(QLineEdit(ctx.session.name_of(partner)), f"renameName{partner}",
                          label_text)
            form.add_row(label_text, self.message.under(field), field)
            self.fields[partner] = field
        self.buttons = submit_cancel(self, "rename", text("rename", "submit"),
                                     text("rename", "cancel"))
        self.buttons.accepted.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addWidget(body_label(text("rename", "intro"), "renameIntro"))
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.fields[1].setFocus()

    def typed(self) -> dict[int, str]:
        return {partner: field.text().strip() for partner, field in self.fields.items()}

    def changes(self) -> dict[int, str] | None:
        """The names that differ from today's, or None (with a message) if they can't be used."""
        names = self.typed()
        if not names[1] or not names[2]:
            empty = self.fields[1 if not names[1] else 2]
            self.message.say(text("setup", "names_missing"), under=empty)
            empty.setFocus()
            return None
        if names[1].casefold() == names[2].casefold():
            self.message.say(text("setup", "names_same"), under=self.fields[2])
            self.fields[2].setFocus()
            return None
        changed = {p: name for p, name in names.items() if name != self._ctx.session.name_of(p)}
        if not changed:
            self.message.say(text("rename", "unchanged"))
            return None
        return changed

    def submit(self) -> None:
        if self.changes() is None:
            return
        self.message.clear_message()
        ask_fresh(self._ctx, (1, 2), text("rename", "fresh_intro"), self, self.save,
                  title=text("rename", "title"))

    def save(self, proofs: dict[int, FreshProof]) -> None:
        """Write the changed names, only with both partners' fresh proofs."""
        changed = self.changes()
        if changed is None or self._ctx.session.locked:
            return
        keyring = self._ctx.session.keyring
        written: dict[int, str] = {}
        try:
            require_both(keyring, proofs.values())
            for partner, name in changed.items():
                self._ctx.vault.set_name(keyring, partner, name)
                written[partner] = name
        except TrellisError as error:
            self.message.say(explain(error))
            self._announce(written)  # a name already saved is shown as saved
            return
        self._announce(written)
        self.accept()

    def _announce(self, written: dict[int, str]) -> None:
        if written:
            self._ctx.session.names.update(written)
            self.renamed.emit(written)
