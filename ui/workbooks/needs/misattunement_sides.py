"""One partner's side of a conversation: editable only for the partner writing it now,
read word for word (or "waiting for their side") for the other.

A side is never written for the other partner: the page builds an editable
:class:`SideColumn` only for the writer, and the model refuses any other.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ui.widgets.common import body_label, named
from ui.widgets.writing import GrowingText, heading
from ui.workbooks.needs.misattunement_rows import words

# The parts of a side, in the order the page walks through them.
HAPPENED = ("happened",)
FEELINGS = ("felt", "needed")


class SideColumn(QWidget):
    """A partner's words for ``fields``: places to write (``editable``) or the words as
    they were saved, and a calm line when there are none yet."""

    typed = Signal()

    def __init__(self, partner: int, name: str, fields: tuple[str, ...],
                 saved: dict[str, str] | None, editable: bool, part: str) -> None:
        super().__init__()
        self.setObjectName(f"needsSide_{part}_{partner}")
        self.partner = partner
        self.areas: dict[str, GrowingText] = {}
        self.shown: dict[str, QLabel] = {}
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 8, 0)
        column.setSpacing(4)
        column.addWidget(heading(words("side_heading", name=name),
                                 f"needsSideHeading_{part}_{partner}"))
        if not editable and saved is None:
            self.waiting = body_label(words("waiting_side", name=name),
                                      f"needsSideWaiting_{part}_{partner}", role="hint")
            column.addWidget(self.waiting)
            return
        for field in fields:
            label = QLabel(words(f"{field}_label", name=name))
            label.setWordWrap(True)
            label.setProperty("role", "hint")
            column.addWidget(label)
            value = (saved or {}).get(field, "")
            if editable:
                area = named(GrowingText(3), f"needsSide_{field}_{partner}",
                             words(f"{field}_label", name=name))
                area.setPlainText(value)
                area.textChanged.connect(self.typed)
                label.setBuddy(area)
                self.areas[field] = area
                column.addWidget(area)
            else:
                shown = named(QLabel(value.strip() or words("nothing_written")),
                              f"needsSideText_{field}_{partner}",
                              words(f"{field}_label", name=name))
                shown.setAccessibleDescription(words("only_theirs", name=name))
                shown.setWordWrap(True)
                shown.setTextFormat(Qt.TextFormat.PlainText)
                shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                shown.setFrameShape(QFrame.Shape.StyledPanel)  # their words, read as written
                self.shown[field] = shown
                column.addWidget(shown)

    def values(self) -> dict[str, str]:
        return {field: area.toPlainText() for field, area in self.areas.items()}

    def clear(self) -> None:
        """Let go of the words on screen (the page is closing or locking)."""
        for area in self.areas.values():
            area.blockSignals(True)
            area.clear()
            area.blockSignals(False)
        for shown in self.shown.values():
            shown.clear()
