"""Small parts of the open journal's page: the quiet offer under a low safety rating,
the plain question before deleting an entry, and a part built when first shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QMessageBox, QPushButton, QVBoxLayout, QWidget

from ui.safety import safety_link
from ui.texts import text
from ui.widgets.common import body_label, named
from ui.widgets.fitting import FlowLayout
from ui.workbooks.journal.grounding import grounding_link


def _words(key: str, **values: object) -> str:
    return text("journal", key, **values)


class LowSafetyOffer(QWidget):
    """A quiet line under a low safety rating: the grounding exercise and the safety
    page, offered once per opening, and easy to put away."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("journalSafetyOffer")
        self.words = body_label(_words("offer"), "journalOfferWords")
        self.grounding = grounding_link("journalOfferGrounding", self)
        self.safety = safety_link("journalOfferSafety", self)
        self.later = named(QPushButton(_words("offer_later")), "journalOfferLater",
                           _words("offer_later"))
        self.later.setFlat(True)
        self.later.setProperty("role", "link")
        self.later.clicked.connect(self.hide)
        row = FlowLayout()
        for button in (self.grounding, self.safety, self.later):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.words)
        layout.addLayout(row)
        self.hide()

    # Its words wrap and its links flow onto more lines when the pane is narrow or the
    # text large; the page's column does not ask a child for its height at its width,
    # so the offer says it itself, and the entry below scrolls instead (#7).
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self._fit()

    def _fit(self) -> None:
        layout = self.layout()
        need = layout.heightForWidth(self.width()) if layout is not None else -1
        if need > 0 and need != self.minimumHeight():
            self.setMinimumHeight(need)


class Later(QWidget):
    """A part of the page built the first time it is shown (or asked for)."""

    def __init__(self, name: str, build: Callable[[], QWidget]) -> None:
        super().__init__()
        self.setObjectName(name)
        self._build = build
        self.built: QWidget | None = None
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> QWidget:
        if self.built is None:
            self.built = self._build()
            self._column.addWidget(self.built)
        return self.built


def ask_to_delete(parent: QWidget, delete: Callable[[], object]) -> QMessageBox:
    """Ask plainly before deleting an entry; ``delete`` runs on Delete only."""
    box = QMessageBox(QMessageBox.Icon.Question, _words("delete_title"),
                      _words("delete_body"), QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("journalDeleteQuestion")
    box.setAccessibleName(_words("delete_title"))
    yes = box.addButton(_words("delete_yes"), QMessageBox.ButtonRole.DestructiveRole)
    named(yes, "journalDeleteYes", _words("delete_yes"))
    keep = box.addButton(_words("delete_keep"), QMessageBox.ButtonRole.RejectRole)
    named(keep, "journalDeleteKeep", _words("delete_keep"))
    box.setDefaultButton(keep)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    yes.clicked.connect(delete)
    box.open()
    return box
