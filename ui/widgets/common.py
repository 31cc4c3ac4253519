"""Small helpers every page uses, so each widget gets a name a screen reader can say."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QEvent, QObject, QPoint, QSize, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ui.texts import text

if TYPE_CHECKING:  # imported where used: their enums cost before the first paint (#9)
    from PySide6.QtWidgets import QDialogButtonBox, QFormLayout

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
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    ok = box.button(QDialogButtonBox.StandardButton.Ok)
    named(ok, f"{prefix}Submit", submit).setText(submit)
    # The dialog's main action, styled as such from the start, so its width is measured
    # in the weight it is drawn in (a style that changes only on :default is not).
    ok.setProperty("role", "primary")
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


class FittingScroll(QScrollArea):
    """A dialog's body: as tall as the body wants while the screen has room for it, and
    scrolling instead of clipping when it has not (a small screen, a large text size)."""

    def __init__(self, body: QWidget, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setWidget(body)
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        body.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()  # the body's size is news for the dialog's layout
        return super().eventFilter(watched, event)

    def _body_height(self, width: int) -> int:
        body = self.widget()
        if body is None:
            return 0
        if body.hasHeightForWidth():
            return body.heightForWidth(width)
        return body.sizeHint().height()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt API)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt API)
        margins = self.contentsMargins()
        inner = width - margins.left() - margins.right()
        return self._body_height(inner) + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        body = self.widget()
        hint = body.sizeHint() if body is not None else QSize()
        return hint.grownBy(self.contentsMargins())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        body = self.widget()
        if body is None:
            return super().minimumSizeHint()
        least = body.minimumSizeHint()
        width = least.width() + self.verticalScrollBar().sizeHint().width()
        return QSize(width, min(body.sizeHint().height(), 160)).grownBy(self.contentsMargins())


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


def form_layout() -> QFormLayout:
    """A form whose fields take the whole width, so a word-wrapped row gets the height
    for the width it really has (not for its narrower preferred width)."""
    from PySide6.QtWidgets import QFormLayout

    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


class FormGrid(QGridLayout):
    """Captions on the left and fields on the right, as in a QFormLayout, but every row
    gets the height its word-wrapped parts need at the width they really have
    (QFormLayout misjudges rows that nest a wrapped label, and crushes their fields)."""

    def __init__(self) -> None:
        super().__init__()
        self.setColumnStretch(1, 1)
        self._rows = 0

    def add_row(self, caption: str | QLabel, field: QWidget | QLayout,
                buddy: QWidget) -> QLabel | None:
        """``field`` (or a layout of parts) captioned by ``caption`` (words, or a label
        kept by the caller), whose mnemonic and screen-reader relation lead to ``buddy``;
        the caption lines up with the field's first line."""
        label = None
        if caption:
            label = caption if isinstance(caption, QLabel) else QLabel(caption)
            label.setBuddy(buddy)
            label.setMinimumHeight(buddy.sizeHint().height())
            self.addWidget(label, self._rows, 0,
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if isinstance(field, QLayout):
            self.addLayout(field, self._rows, 1)
        else:
            self.addWidget(field, self._rows, 1)
        self._rows += 1
        return label


def lines_high(area: QWidget, lines: int) -> None:
    """Make a text area ``lines`` lines of its own font tall (whatever the text size)."""
    chrome = 2 * 4 + 2 * 8  # the document's margin and the style's frame and padding
    area.setFixedHeight(area.fontMetrics().lineSpacing() * lines + chrome)


def labelled(words: str, buddy: QWidget) -> QLabel:
    """A form label whose mnemonic and screen-reader relation lead to ``buddy`` itself
    (not to a box around it)."""
    label = QLabel(words)
    label.setBuddy(buddy)
    return label


def text_room(edit: QLineEdit) -> int:
    """The width ``edit`` really has for its text: its contents less the style's padding,
    its text margins and the two pixels Qt keeps at each side."""
    from PySide6.QtWidgets import QStyle, QStyleOptionFrame

    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    inner = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    return inner.width() - margins.left() - margins.right() - 4


def announce(widget: QWidget, message: str, assertive: bool = False) -> None:
    """Have a screen reader say ``message`` now, wherever its focus is."""
    from PySide6 import QtGui  # QAccessible's many enums: not before the first paint (#9)

    event: QtGui.QAccessibleEvent
    if hasattr(QtGui, "QAccessibleAnnouncementEvent"):  # Qt 6.8: read out wherever focus is
        event = QtGui.QAccessibleAnnouncementEvent(widget, message)
        if assertive:
            event.setPoliteness(QtGui.QAccessible.AnnouncementPoliteness.Assertive)
    else:  # pragma: no cover - before Qt 6.8 an alert is the nearest
        event = QtGui.QAccessibleEvent(widget, QtGui.QAccessible.Event.Alert)
    QtGui.QAccessible.updateAccessibility(event)


def _layout_holding(widget: QWidget) -> tuple[QBoxLayout, int] | None:
    """The box layout ``widget`` sits in directly, and where in it."""
    parent = widget.parentWidget()
    top = parent.layout() if parent is not None else None
    pending = [top] if top is not None else []
    while pending:
        layout = pending.pop()
        for index in range(layout.count()):
            item = layout.itemAt(index)
            if item is None:
                continue
            if item.widget() is widget and isinstance(layout, QBoxLayout):
                return layout, index
            inner = item.layout()
            if inner is not None:
                pending.append(inner)
    return None


class FieldMessage(QLabel):
    """A kind sentence that takes no room while it has nothing to say.

    Laid out once where general messages go (its home); ``under(field)`` gives a field
    room for it, and ``say(words, under=field)`` moves it right under that field, so an
    error is read beside what it is about. Each new sentence is announced to screen
    readers; its text can be selected and copied (a path, an entry's id).
    """

    def __init__(self, object_name: str, kind: str = "error") -> None:
        super().__init__()
        self._name = text("common", "message_name")
        named(self, object_name, self._name)
        self.setProperty("role", "message")
        self.setProperty("kind", kind)
        self._assertive = kind == "error"
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._places: dict[int, QBoxLayout] = {}
        self._home: tuple[QBoxLayout, int] | None = None
        self.hide()

    def under(self, field: QWidget) -> QWidget:
        """Make room for this message right beneath ``field``; lay out what is returned
        where ``field`` would go (``field`` itself when it has a ``message_spot``)."""
        spot = getattr(field, "message_spot", None)
        if isinstance(spot, QBoxLayout):
            self._places[id(field)] = spot
            return field
        box = QWidget()
        box.setObjectName(field.objectName() + "Box")
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(field)
        spot = QVBoxLayout()
        column.addLayout(spot)
        box.setFocusProxy(field)
        self._places[id(field)] = spot
        return box

    def say(self, message: str, under: QWidget | None = None, *, quiet: bool = False) -> None:
        """Show ``message`` under ``under`` (a field given room with :meth:`under`), or
        at home; ``quiet`` changes the words without reading them out (a countdown)."""
        self._move(self._places.get(id(under)) if under is not None else None)
        fresh = bool(message) and (message != self.text() or self.isHidden())
        self.setText(message)
        self.setAccessibleName(message or self._name)
        self.setVisible(bool(message))
        if fresh and not quiet:
            announce(self, message, self._assertive)

    def clear_message(self) -> None:
        self.say("")

    def _move(self, place: QBoxLayout | None) -> None:
        where = _layout_holding(self)
        if where is None:
            return  # not laid out yet: nowhere to move from
        if self._home is None and where[0] not in self._places.values():
            self._home = where
        target = place or (self._home[0] if self._home else None)
        if target is None or target is where[0]:
            return
        where[0].removeWidget(self)
        if place is None and self._home is not None:
            self._home[0].insertWidget(self._home[1], self)
        else:
            target.addWidget(self)


class MessageLabel(FieldMessage):
    """The page-wide message of the workbook tabs: a :class:`FieldMessage` at home."""


class _Fit(QObject):
    """Re-fits its window whenever the window is shown or its layout asks for room, and
    keeps a person resizing it from cutting off a word-wrapped line."""

    def __init__(self, window: QWidget, shrink: bool) -> None:
        super().__init__(window)
        self._shrink = shrink
        self._busy = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if watched is self.parent() and isinstance(watched, QWidget) and not self._busy:
            self._busy = True
            try:
                if kind in (QEvent.Type.Show, QEvent.Type.LayoutRequest):
                    refit(watched, self._shrink)
                elif kind == QEvent.Type.Resize:
                    _hold_height(watched)
            finally:
                self._busy = False
        return False


def fit_to_content(window: QWidget, shrink: bool = True) -> None:
    """Size ``window`` (a dialog) to what its layout needs, now and whenever what it
    shows changes, within the screen; ``shrink=False`` keeps a size given on purpose."""
    window.installEventFilter(_Fit(window, shrink))


def _room(window: QWidget) -> QSize:
    """The most a window may take: the screen's free area less the window's frame."""
    screen = window.screen()
    free = screen.availableGeometry().size() if screen is not None else QSize(900, 600)
    frame = window.frameGeometry().size() - window.size()
    return free - frame


def _needed_height(window: QWidget, width: int) -> int:
    layout = window.layout()
    if layout is None:
        return window.height()
    tall = window.heightForWidth(width) if layout.hasHeightForWidth() else -1
    if tall < 0:
        return window.sizeHint().height()
    return max(tall, layout.totalMinimumSize().height())


def _hold_height(window: QWidget) -> None:
    """A top-level window knows nothing of height-for-width: hold its minimum height at
    what its word-wrapped labels need at its present width."""
    need = min(_needed_height(window, window.width()), _room(window).height())
    if need != window.minimumHeight():
        window.setMinimumHeight(need)


def refit(window: QWidget, shrink: bool = True) -> None:
    """Give ``window`` the height its layout needs at its width (word-wrapped labels
    included), within the screen's free area, widening it when that is too short."""
    layout = window.layout()
    if layout is None:
        return
    layout.activate()
    room = _room(window)
    wanted = window.sizeHint().width() if window.isHidden() or shrink else window.width()
    width = min(max(wanted, window.width(), window.minimumSizeHint().width(),
                    window.minimumWidth()), room.width())
    height = _needed_height(window, width)
    while height > room.height() and width < room.width():  # wider lines, fewer of them
        width = min(room.width(), width + 60)
        height = _needed_height(window, width)
    height = min(height, room.height())
    window.setMinimumHeight(height)
    window.resize(width, height if shrink else max(height, window.height()))
    screen = window.screen()
    if window.isVisible() and screen is not None:
        free = screen.availableGeometry()
        frame = window.frameGeometry()
        x = min(max(frame.x(), free.left()), free.right() + 1 - frame.width())
        y = min(max(frame.y(), free.top()), free.bottom() + 1 - frame.height())
        if (x, y) != (frame.x(), frame.y()):
            window.move(window.pos() + QPoint(x - frame.x(), y - frame.y()))
