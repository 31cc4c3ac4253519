"""Small helpers every page uses, so each widget gets a name a screen reader can say."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

W = TypeVar("W", bound=QWidget)


def named(widget: W, object_name: str, accessible: str) -> W:
    """Give ``widget`` an objectName (for tests and styles) and an accessible name."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible)
    return widget


def title_label(text: str, object_name: str) -> QLabel:
    label = named(QLabel(text), object_name, text)
    label.setProperty("role", "title")
    label.setWordWrap(True)
    return label


def body_label(text: str, object_name: str, role: str = "") -> QLabel:
    label = named(QLabel(text), object_name, text.split("\n")[0][:80])
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    return label


def primary_button(text: str, object_name: str) -> QPushButton:
    button = named(QPushButton(text), object_name, text.replace("&", ""))
    button.setProperty("role", "primary")
    button.setDefault(True)
    return button


def busy_bar(object_name: str, accessible: str, determinate: bool = False) -> QProgressBar:
    """A thin progress bar, hidden until slow work starts."""
    bar = named(QProgressBar(), object_name, accessible)
    bar.setRange(0, 100 if determinate else 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(6)
    bar.hide()
    return bar


def submit_cancel(dialog: QDialog, prefix: str, submit: str, cancel: str) -> QDialogButtonBox:
    """OK/Cancel buttons named ``<prefix>Submit`` / ``<prefix>Cancel``; Cancel rejects."""
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    named(ok, f"{prefix}Submit", submit).setText(submit)
    no = box.button(QDialogButtonBox.StandardButton.Cancel)
    named(no, f"{prefix}Cancel", cancel).setText(cancel)
    box.rejected.connect(dialog.reject)
    return box


def left_aligned(widget: QWidget) -> QHBoxLayout:
    """A row holding ``widget`` at its natural width, at the left."""
    row = QHBoxLayout()
    row.addWidget(widget)
    row.addStretch(1)
    return row


def scrolling(inner: QWidget, object_name: str) -> QScrollArea:
    """A frameless scroll area that lets ``inner`` take the full width."""
    scroll = QScrollArea()
    scroll.setObjectName(object_name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(inner)
    return scroll


def two_panes(owner: QWidget, left: QWidget, right: QWidget, name: str,
              sizes: tuple[int, int]) -> QSplitter:
    """A workbook's list on the left and its detail on the right, filling ``owner``."""
    splitter = QSplitter()
    splitter.setObjectName(name)
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(left)
    splitter.addWidget(right)
    splitter.setStretchFactor(1, 1)
    splitter.setSizes(list(sizes))
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(splitter)
    return splitter


def centered(owner: QWidget, content: QLayout, max_width: int) -> None:
    """Lay ``content`` out in a readable column in the middle of ``owner``."""
    box = QWidget()
    box.setMaximumWidth(max_width)
    box.setLayout(content)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(box, 4)
    row.addStretch(1)
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(24, 24, 24, 24)
    outer.addStretch(1)
    outer.addLayout(row)
    outer.addStretch(2)


class MessageLabel(QLabel):
    """An inline, kind message that takes no room while it has nothing to say."""

    def __init__(self, object_name: str) -> None:
        super().__init__()
        named(self, object_name, "Message")
        self.setProperty("role", "message")
        self.setWordWrap(True)
        self.hide()

    def say(self, message: str) -> None:
        self.setText(message)
        self.setAccessibleDescription(message)
        self.setVisible(bool(message))

    def clear_message(self) -> None:
        self.say("")
