"""What the letter, the impact statement and the answers about a letter share: a private
draft kept in step with its fields, saved shortly after typing stops, and the sections
each page is made of (a heading, one calm line of guidance, a place to write).

Saving never writes back into the fields, so each field's own undo keeps working. A
draft is made only once something is written; after each save the narrative workbook
hears of it (``ctx.changes.announce("narrative", uuid)``), never the words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from models import narrative
from models.errors import TrellisError
from ui.texts import explain
from ui.widgets.common import body_label, named

if TYPE_CHECKING:
    from models.narrative import Draft, UnsavedDraft
    from ui.workbooks import WorkbookContext

log = logging.getLogger(__name__)

AUTOSAVE_MS = 800
WRITING_LINES = 4  # a section's place to write, in lines of the text size chosen
MOST_LINES = 16  # then it scrolls inside


class DraftKeeper(QObject):
    """Keeps one of ``owner``'s drafts of ``kind`` in step with ``values()``.

    :meth:`changed` starts the autosave; :meth:`flush` saves what differs from the last
    save, now. ``saved`` carries the fresh draft, ``failed`` a sentence to show.
    """

    saved = Signal(object)  # Draft
    failed = Signal(str)

    def __init__(self, ctx: WorkbookContext, owner: int, kind: str,
                 values: Callable[[], dict[str, str]], parent: QObject,
                 written: tuple[str, ...] = ()) -> None:
        super().__init__(parent)
        self._written = written  # the fields that make a new draft worth keeping (all: ())
        self._ctx = ctx
        self.owner = owner
        self.kind = kind
        self._values = values
        self.draft: Draft | None = None
        self._stored: dict[str, str] = {}
        self._timer = QTimer(self)
        self._timer.setObjectName(f"narrativeAutosave_{kind}")
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)

    def show(self, draft: Draft | None) -> None:
        """From now on keep ``draft`` (None: a new one, made at the first words)."""
        self._timer.stop()
        self.draft = draft
        self._stored = dict(draft.fields) if draft is not None else {}

    def stored(self, key: str) -> str:
        return self._stored.get(key, "")

    def changed(self) -> None:
        self._timer.start()

    def pending(self) -> dict[str, str]:
        """The fields typed since the last save."""
        return {k: v for k, v in self._values().items() if self._stored.get(k, "") != v}

    def flush(self) -> Draft | None:
        """Save what changed since the last save, now; the fresh draft, if any."""
        self._timer.stop()
        changed = self.pending()
        if not self._worth(changed):
            return None  # nothing written yet: no draft
        return self.save(changed)

    def _worth(self, changed: Mapping[str, str]) -> bool:
        return self.draft is not None or any(v.strip() for k, v in changed.items()
                                             if not self._written or k in self._written)

    def unsaved(self) -> list[UnsavedDraft]:
        """What a failed save left unsaved (the page is going): the fields typed since
        the last save, for the tab to keep with the owner's key."""
        changed = self.pending()
        if not changed or not self._worth(changed):
            return []
        uuid = self.draft.uuid if self.draft is not None else None
        return [narrative.UnsavedDraft(self.kind, uuid, changed)]

    def save(self, fields: Mapping[str, str]) -> Draft | None:
        """Save ``fields`` (and nothing else) into the draft, now."""
        if not fields or self._ctx.session.locked:
            return None
        uuid = self.draft.uuid if self.draft is not None else None
        try:
            draft = narrative.save_draft(self._ctx.session.keyring, self.owner, self.kind,
                                         dict(fields), uuid)
        except TrellisError as error:
            log.info("narrative autosave failed: %s", type(error).__name__)
            self.failed.emit(explain(error))
            return None
        self.draft = draft
        self._stored.update(fields)
        self._ctx.changes.announce("narrative", draft.uuid)
        self.saved.emit(draft)
        return draft


class GrowingText(QPlainTextEdit):
    """A place to write that grows with its words, from ``least`` lines of its own font
    to ``most`` (then it scrolls inside), so a short section stays short and the page
    scrolls as a whole. Tab moves on."""

    CHROME = 2 * 4 + 2 * 8  # the document's margin and the style's frame and padding
    resized = Signal()

    def __init__(self, least: int = WRITING_LINES, most: int = MOST_LINES) -> None:
        super().__init__()
        self._least, self._most = least, most
        self.setTabChangesFocus(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(
            lambda _size: self.updateGeometry())

    def _height(self) -> int:
        lines = int(self.document().size().height())  # lines, wrapped ones included
        lines = min(max(lines + 1, self._least), self._most)  # room for the next line
        return self.fontMetrics().lineSpacing() * lines + self.CHROME

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(super().sizeHint().width(), self._height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self.resized.emit()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(super().minimumSizeHint().width(), self._height())


def writing_area(object_name: str, accessible: str, lines: int = WRITING_LINES
                 ) -> GrowingText:
    """A named :class:`GrowingText`, ``lines`` lines tall at least."""
    return named(GrowingText(lines), object_name, accessible)


def follow_cursor(scroll: QScrollArea, area: GrowingText) -> None:
    """Keep ``area``'s cursor in view in the page's ``scroll`` while typing, also once
    the area has grown (the page is laid out again a moment after a line is added)."""

    def keep() -> None:
        inner = scroll.widget()
        if inner is None or not isValid(area) or not area.hasFocus():
            return
        spot = area.viewport().mapTo(inner, area.cursorRect().center())
        scroll.ensureVisible(spot.x(), spot.y(), 0, area.fontMetrics().lineSpacing() * 2)

    def soon() -> None:
        if area.hasFocus():  # typing, not loading: once the area has grown
            QTimer.singleShot(0, area, keep)

    area.cursorPositionChanged.connect(soon)
    area.resized.connect(soon)


def heading(words: str, object_name: str) -> QLabel:
    label = body_label(words, object_name)
    label.setProperty("role", "heading")
    return label


class Section(QWidget):
    """One section of a page: its heading, its line of guidance and what it holds."""

    def __init__(self, object_name: str, title: str, guide: str, field: QWidget) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.title = heading(title, f"{object_name}Heading")
        self.title.setBuddy(field)
        self.guide = body_label(guide, f"{object_name}Guide", role="hint")
        self.field = field
        field.setAccessibleDescription(guide)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 8, 0, 0)
        self.column.setSpacing(4)
        self.column.addWidget(self.title)
        self.column.addWidget(self.guide)
        self.column.addWidget(field)


class SideBySide(QWidget):
    """Two parts side by side, tops level, while each has ``least`` px; one above the
    other when not (a narrow pane, a large text size)."""

    def __init__(self, first: QWidget, second: QWidget, object_name: str,
                 least: int = 340) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self._least = 2 * least
        self._row = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.addWidget(first, 1, Qt.AlignmentFlag.AlignTop)
        self._row.addWidget(second, 1, Qt.AlignmentFlag.AlignTop)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        wanted = (QBoxLayout.Direction.LeftToRight if event.size().width() >= self._least
                  else QBoxLayout.Direction.TopToBottom)
        if self._row.direction() != wanted:
            self._row.setDirection(wanted)


def shared_text(piece_fields: Mapping[str, str], order: tuple[str, ...],
                label: Callable[[str], str]) -> str:
    """A shared piece's words as plain text, each section under its label, empty ones
    left out (shown read-only, never as markup)."""
    parts = [f"{label(key)}\n{piece_fields[key].strip()}" for key in order
             if piece_fields.get(key, "").strip()]
    return "\n\n".join(parts)
