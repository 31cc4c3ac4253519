"""What shows in place of something that could not be opened: a whole tab, or one entry.

Calm words, what is affected, and a way to Help → Check this workbook file…; never
anything from the damaged entry itself (there is nothing trustworthy to show).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from ui.texts import text
from ui.widgets.common import body_label, left_aligned, named, title_label


def check_button(name: str) -> QPushButton:
    return named(QPushButton(text("damage", "check")), name, text("damage", "check_name"))


class DamagedPart(QWidget):
    """Stands in for a tab whose construction failed; ``check_requested`` asks the
    window to check the file."""

    check_requested = Signal()

    def __init__(self, part: str, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setAccessibleName(text("damage", "part_title"))
        self.check = check_button(f"{object_name}Check")
        self.check.clicked.connect(self.check_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.addWidget(title_label(text("damage", "part_title"), f"{object_name}Title"))
        layout.addWidget(body_label(text("damage", "part_body", part=part),
                                    f"{object_name}Body"))
        layout.addWidget(body_label(text("damage", "part_affected", part=part),
                                    f"{object_name}Affected"))
        layout.addLayout(left_aligned(self.check))
        layout.addStretch(1)


class DamagedEntry(QWidget):
    """The detail pane for one entry that could not be opened, in its list's place."""

    check_requested = Signal()

    def __init__(self, section: str, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self._section = section
        self.heading = title_label(text(section, "damaged_title"), f"{object_name}Title")
        self.body = body_label(text(section, "damaged_body"), f"{object_name}Body")
        self.next = body_label(text(section, "damaged_next"), f"{object_name}Next")
        self.reference = body_label("", f"{object_name}Reference", role="hint")
        self.check = check_button(f"{object_name}Check")
        self.check.clicked.connect(self.check_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.heading, self.body, self.next, self.reference):
            layout.addWidget(widget)
        layout.addLayout(left_aligned(self.check))
        layout.addStretch(1)

    def show_entry(self, uuid: str) -> None:
        """Name the entry by its id only, for whoever helps the couple."""
        self.reference.setText(text(self._section, "damaged_reference", uuid=uuid))
        self.reference.setAccessibleName(self.reference.text())
