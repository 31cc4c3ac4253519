"""What the letter, the impact statement and the answers about a letter share: a private
draft kept in step with its fields, saved shortly after typing stops, and the sections
each page is made of (a heading, one calm line of guidance, a place to write; the places
to write themselves are in :mod:`ui.widgets.writing`).

Saving never writes back into the fields, so each field's own undo keeps working. A
draft is made only once something is written; after each save the narrative workbook
hears of it (``ctx.changes.announce("narrative", uuid)``), never the words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLayout, QScrollArea, QVBoxLayout, QWidget

from models import narrative
from models.errors import TrellisError
from ui.texts import explain
from ui.widgets.common import MessageLabel, body_label, named, scrolling, title_label
from ui.widgets.steady_note import SteadyNote
from ui.widgets.writing import heading

if TYPE_CHECKING:
    from models.narrative import Draft, UnsavedDraft
    from ui.workbooks import WorkbookContext

log = logging.getLogger(__name__)

AUTOSAVE_MS = 800


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


def shared_text(piece_fields: Mapping[str, str], order: tuple[str, ...],
                label: Callable[[str], str]) -> str:
    """A shared piece's words as plain text, each section under its label, empty ones
    left out (shown read-only, never as markup)."""
    parts = [f"{label(key)}\n{piece_fields[key].strip()}" for key in order
             if piece_fields.get(key, "").strip()]
    return "\n\n".join(parts)


class DraftPage(QWidget):
    """A page kept as one of its owner's private drafts by ``self.keeper`` (a
    :class:`DraftKeeper`): saved shortly after typing stops and now by :meth:`flush`;
    what a failed save left is handed to the tab by :meth:`unsaved`. The subclass
    builds ``keeper`` and sets ``_loading`` while it fills the fields (typing then is not
    a change). ``name`` prefixes the names of its parts (``{name}Saved``, ...)."""

    keeper: DraftKeeper
    _scroll: QScrollArea

    def __init__(self, ctx: WorkbookContext, owner: int, object_name: str, name: str,
                 words: Callable[[str], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setAccessibleName(words("title"))
        self._ctx = ctx
        self.owner = owner
        self._words = words
        self._loading = False
        self._stale = False  # something shared changed while the page was not shown
        self.saved_note = named(SteadyNote(words("saved")), f"{name}Saved", words("saved"))
        self.saved_note.setProperty("role", "hint")
        self.message = MessageLabel(f"{name}Message")

    def frame(self, form: QLayout, name: str, title: str) -> None:
        """The page: ``title`` and the saved note above the message and ``form``,
        which scrolls (``{name}Fields`` in ``{name}Scroll``)."""
        self._scroll = self.scrolled(form, name)
        top = QHBoxLayout()
        top.setContentsMargins(9, 4, 9, 0)  # in line with the form's words below
        top.addWidget(title_label(title, f"{name}Title"), 1)
        top.addWidget(self.saved_note)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(top)
        outer.addWidget(self.message)
        outer.addWidget(self._scroll, 1)

    @staticmethod
    def scrolled(form: QLayout, name: str) -> QScrollArea:
        inner = QWidget()
        inner.setObjectName(f"{name}Fields")
        inner.setLayout(form)
        scroll = scrolling(inner, f"{name}Scroll")
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return scroll

    def own_drafts(self) -> list[Draft]:
        """The owner's drafts as they are now (a kind sentence when some could not be
        opened or none could be read)."""
        try:
            drafts, damaged = narrative.load_drafts(self._ctx.session.keyring, self.owner)
        except TrellisError as error:
            self.message.say(explain(error))
            drafts, damaged = [], []
        if damaged:
            self.message.say(self._words("damaged"))
        return drafts

    def read_shared(self) -> None:
        """Read again what the page shows of what was shared (see :meth:`shared_changed`)."""

    def shared_changed(self) -> None:
        """Something shared or withdrawn: read it again now if shown, else when next
        shown (every autosave of every page is announced too)."""
        if self.isVisible():
            self.read_shared()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._stale:
            self._stale = False
            self.read_shared()

    def _changed(self) -> None:
        if self._loading:
            return
        self.saved_note.clear()
        self.keeper.changed()

    def _note_saved(self, _draft: object = None) -> None:
        self.message.clear_message()
        self.saved_note.say()

    def flush(self) -> None:
        """Save what is typed now (before the page closes or the app locks)."""
        self.keeper.flush()

    def unsaved(self) -> list[UnsavedDraft]:
        """What a failed save left unsaved (the page is going): kept by the tab."""
        return self.keeper.unsaved()

    def shareable(self, draft: Draft | None, nothing: str) -> Draft | None:
        """``draft`` when it holds words to share (saved first); else None, and the
        page says ``nothing``."""
        if draft is None or draft.is_empty():
            self.message.say(nothing)
            return None
        return draft
