"""What this did to me: the impact statement of the partner who was hurt, private until
they share it, with a separate "Not ready to say" part that stays with them alone.

The sections follow the contract's order; each has one calm line of guidance. "Not
ready to say" sits apart, framed, under a plain line that it is never shared or
exported: :func:`models.narrative.share_piece` copies only the shareable fields, and the
share dialog names it only as staying behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from models import narrative
from ui.texts import text
from ui.widgets.common import body_label, named
from ui.widgets.fitting import FlowLayout
from ui.widgets.writing import follow_cursor, writing_area
from ui.workbooks import WorkbookContext
from ui.workbooks.narrative.sections import DraftKeeper, DraftPage, Section
from ui.workbooks.narrative.words import field_label

if TYPE_CHECKING:
    from models.narrative import UnsavedDraft
    from ui.workbooks.narrative.share import ShareDialog

SECTIONS = ("feelings", "body", "sex_touch", "trust", "self_blame", "daily_life", "questions",
            "needs_now")
NOT_READY = "not_ready"


def _words(key: str, **values: object) -> str:
    return text("narrative_impact", key, **values)


class ImpactPage(DraftPage):
    """``owner``'s impact statement, kept as their private ``impact`` draft."""

    def __init__(self, ctx: WorkbookContext, owner: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, owner, "narrativeImpactPage", "impact", _words, parent)
        self.areas = {key: writing_area(f"impact_{key}", field_label("impact", key))
                      for key in (*SECTIONS, NOT_READY)}
        self.keeper = DraftKeeper(ctx, owner, "impact", self.values, self)
        self.share_button = named(QPushButton(_words("share")), "impactShare",
                                  _words("share_name"))
        self._build()
        for area in self.areas.values():
            area.textChanged.connect(self._changed)
            follow_cursor(self._scroll, area)
        self.keeper.saved.connect(self._note_saved)
        self.keeper.failed.connect(self.message.say)
        self.share_button.clicked.connect(self.share)
        self.reload()

    def _build(self) -> None:
        form = QVBoxLayout()
        form.setSpacing(6)
        form.addWidget(body_label(_words("intro"), "impactIntro"))
        self.sections: dict[str, Section] = {}
        for key in SECTIONS:
            section = Section(f"impactSection_{key}", field_label("impact", key),
                              _words(f"{key}_guide"), self.areas[key])
            self.sections[key] = section
            form.addWidget(section)
        form.addSpacing(12)
        share = FlowLayout()
        share.addWidget(self.share_button)
        form.addLayout(share)
        form.addWidget(body_label(_words("session_line"), "impactSessionLine", role="hint"))

        # Apart from the rest, framed, with its plain line first.
        apart = QFrame()
        apart.setObjectName("impactNotReadyBox")
        apart.setFrameShape(QFrame.Shape.StyledPanel)
        apart.setProperty("role", "private")
        inside = QVBoxLayout(apart)
        inside.setContentsMargins(10, 4, 10, 10)
        self.not_ready_line = body_label(_words("not_ready_line"), "impactNotReadyLine")
        self.not_ready_line.setProperty("role", "message")
        self.not_ready_line.setProperty("kind", "notice")
        self.sections[NOT_READY] = Section("impactSection_not_ready",
                                           field_label("impact", NOT_READY),
                                           _words("not_ready_guide"), self.areas[NOT_READY])
        self.sections[NOT_READY].column.insertWidget(1, self.not_ready_line)
        inside.addWidget(self.sections[NOT_READY])
        form.addSpacing(16)
        form.addWidget(apart)
        form.addStretch(1)

        self.frame(form, "impact", _words("title"))

    def values(self) -> dict[str, str]:
        return {key: area.toPlainText() for key, area in self.areas.items()}

    def reload(self) -> None:
        """Read the statement again and show it (call :meth:`flush` first)."""
        self.message.clear_message()
        draft = narrative.page_of(self.own_drafts(), "impact")
        self.keeper.show(draft)
        fields = dict(draft.fields) if draft is not None else {}
        self._loading = True
        for key, area in self.areas.items():
            area.setPlainText(fields.get(key, ""))
        self._loading = False

    def put_back(self, piece: UnsavedDraft) -> None:
        """Words kept when a save failed, back in their sections and saved now (if that
        fails again, they stay here and the page says why)."""
        self._loading = True
        for key, value in piece.fields.items():
            if key in self.areas:
                self.areas[key].setPlainText(value)
        self._loading = False
        self.keeper.flush()

    def clear(self) -> None:
        """Let every word go (the private pages are closing); saves nothing."""
        self.keeper.show(None)
        self._loading = True
        for area in self.areas.values():
            area.clear()
        self._loading = False

    def share(self) -> ShareDialog | None:
        """Share the statement as saved now, without "Not ready to say"."""
        from ui.workbooks.narrative import share

        self.keeper.flush()
        draft = self.shareable(self.keeper.draft, _words("nothing_to_share"))
        return None if draft is None else share.share_draft(self._ctx, self.owner, draft, self)
