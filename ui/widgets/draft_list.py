"""A page of one owner's private drafts, shared by the workbooks (#8): their list (one
row each, held once in a :class:`ui.widgets.rows.RowsModel`, newest first) above the
draft chosen, written in fields and saved shortly after typing stops.

A page subclasses :class:`DraftListPage` and gives :meth:`~DraftListPage.values` (what
its fields hold), ``_show`` (a draft into the fields; None: a new one), ``_note_shared``
(the line under the fields) and ``flush`` (save now). Choosing another row saves the
draft in the fields first; a save changes its row only, or puts a new one on top.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.errors import TrellisError
from ui.texts import explain
from ui.widgets.common import MessageLabel, body_label, fit_to_content, named, submit_cancel
from ui.widgets.row_list import RowList
from ui.widgets.rows import RowsModel

log = logging.getLogger(__name__)

AUTOSAVE_MS = 800


class DraftListPage(QWidget):
    """The list of drafts and the one in the fields (``current``; None: a new one)."""

    # Built by the subclass before it uses the list:
    model: RowsModel[Any]
    list: QAbstractItemView
    empty: QWidget
    message: MessageLabel

    def __init__(self, autosave_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current: Any = None
        self._stored: dict[str, str] = {}
        self._choosing = False
        self._timer = QTimer(self)
        self._timer.setObjectName(autosave_name)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)

    def make_list(self, model: RowsModel[Any], object_name: str, accessible: str,
                  empty: QWidget) -> RowList:
        """``self.list`` showing ``model``: rows wrap (a long one takes two lines, never
        cut at the side); ``empty`` shows instead while it has no row."""
        self.model, self.empty = model, empty
        listing = named(RowList(), object_name, accessible)
        listing.setModel(model)
        listing.setWordWrap(True)
        listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        listing.setResizeMode(RowList.ResizeMode.Adjust)
        listing.setSpacing(2)
        self.list = listing
        return listing

    def make_buttons(self, saved: tuple[str, str], share: tuple[str, str, str],
                     delete: tuple[str, str, str]) -> None:
        """The saved note (its object name and words), Share… and Delete… (each its
        object name, words and accessible name)."""
        self.saved_note = named(QLabel(saved[1]), saved[0], saved[1])
        self.saved_note.setProperty("role", "hint")
        self.saved_note.hide()
        self.share_button = named(QPushButton(share[1]), share[0], share[2])
        self.share_button.clicked.connect(self.share)
        self.delete_button = named(QPushButton(delete[1]), delete[0], delete[2])
        self.delete_button.clicked.connect(self.ask_delete)

    # what each page says

    def share(self) -> QDialog | None:
        raise NotImplementedError

    def values(self) -> dict[str, str]:
        raise NotImplementedError

    def _show(self, draft: Any) -> None:
        raise NotImplementedError

    def _note_shared(self) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        raise NotImplementedError

    def _fit(self) -> None:
        """The list's rows changed (its height may follow them)."""

    # the list

    def _rows_changed(self) -> None:
        listed = self.model.rowCount() > 0
        self._fit()
        self.empty.setVisible(not listed)
        self.list.setVisible(listed)

    def _chosen(self, index: QModelIndex) -> None:
        if self._choosing:
            return
        draft = self.model.at(index.row()) if index.isValid() else None
        if draft is not None and self.current is not None and draft.uuid == self.current.uuid:
            return  # the draft just saved and selected: the fields already hold it
        self._choosing = True
        try:
            self.flush()  # a new draft saved now goes on top: rows move down
            self._show(draft)
            row = self.model.row_of(draft.uuid) if draft is not None else -1
            self.list.setCurrentIndex(self.model.index(row, 0) if row >= 0 else QModelIndex())
        finally:
            self._choosing = False

    def _choose_none(self) -> None:
        """No row chosen: the fields are for a new draft (saved first)."""
        self.flush()
        self.list.clearSelection()
        self.list.setCurrentIndex(QModelIndex())

    # writing

    def pending(self) -> bool:
        """True when something typed or chosen is not saved yet."""
        values = self.values()
        if all(values[key] == self._stored.get(key, "") for key in values):
            return False
        return self.current is not None or any(v.strip() for v in values.values())

    def _saved(self, draft: Any) -> None:
        """``draft`` was just saved from the fields: its row, the notes, the buttons."""
        self.current = draft
        self._stored = dict(draft.fields)
        row = self.model.put(draft)
        self._rows_changed()
        self.message.clear_message()
        self.saved_note.show()
        self.delete_button.show()
        self.share_button.setEnabled(True)
        if self.list.currentIndex().row() != row:
            self._choosing = True
            self.list.setCurrentIndex(self.model.index(row, 0))
            self._choosing = False
        self._note_shared()

    def ask_delete(self) -> QDialog | None:
        """Ask before deleting the draft chosen (window-modal); None with none chosen."""
        if self.current is None:
            return None
        uuid = self.current.uuid
        dialog = self._delete_dialog(uuid)
        dialog.accepted.connect(lambda: self.delete(uuid))
        dialog.open()
        return dialog

    def _delete_dialog(self, uuid: str) -> QDialog:
        raise NotImplementedError

    def _delete_draft(self, uuid: str) -> None:
        """Delete ``uuid`` from the file (raises TrellisError)."""
        raise NotImplementedError

    def delete(self, uuid: str) -> bool:
        """Delete draft ``uuid`` now. False (and a kind sentence) when it could not be."""
        if self._locked():
            return False
        self._timer.stop()
        try:
            self._delete_draft(uuid)
        except TrellisError as error:
            log.info("a draft was not deleted: %s", type(error).__name__)
            self.message.say(explain(error))
            return False
        self._deleted(uuid)
        return True

    def _locked(self) -> bool:
        raise NotImplementedError

    def _deleted(self, uuid: str) -> None:
        """Draft ``uuid`` was deleted: its row goes, and the fields if they held it."""
        if self.current is not None and self.current.uuid == uuid:
            self._show(None)
        self.model.remove(uuid)
        self.list.setCurrentIndex(QModelIndex())
        self._rows_changed()
        self._note_shared()


class DeleteDraftDialog(QDialog):
    """Delete this draft? (window-modal; the page deletes on ``accepted``). Its parts
    are named ``{object_name}`` and ``{object_name}Intro``; ``words(key)`` gives
    ``delete_title``, ``delete_submit``, ``delete_cancel``, and ``intro`` is said."""

    def __init__(self, parent: QWidget, object_name: str, words: Callable[[str], str],
                 intro: str) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        title = words("delete_title")
        named(self, object_name, title)
        self.setWindowTitle(title)
        self.setMinimumWidth(420)
        fit_to_content(self)
        layout = QVBoxLayout(self)
        layout.addWidget(body_label(intro, f"{object_name}Intro"))
        buttons = submit_cancel(self, object_name, words("delete_submit"),
                                words("delete_cancel"))
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
