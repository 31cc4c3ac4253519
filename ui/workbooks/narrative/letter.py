"""My letter of accountability: the partner who caused the hurt writes it, in sections,
in their own words, with gentle notes beside it; private until they share it.

The sections come in a fixed order: what I did, that I chose it, what it did to you
(with the impact statement beside it, read-only, when the partner who was hurt shared
one), that none of it is your fault, how I got there (after the impact, optional), what
I am doing differently (with the agreements it rests on), who checks and how, and what
I am not asking of you. Each has one calm line of guidance, never words to fill in.
Notes (:mod:`hints_panel`) are read a short while after typing stops; setting one aside
is kept in the letter's private ``dismissed`` field, which sharing never copies.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from models import agreements, narrative
from models.errors import TrellisError
from models.narrative import hints
from ui.dates import day
from ui.texts import text
from ui.widgets.common import body_label, named, scrolling, title_label
from ui.widgets.fitting import ElidingComboBox, FlowLayout
from ui.widgets.writing import GrowingText, SideBySide, follow_cursor, heading, writing_area
from ui.workbooks import WorkbookContext
from ui.workbooks.narrative.hints_panel import HintsPanel
from ui.workbooks.narrative.sections import DraftKeeper, DraftPage, Section, shared_text
from ui.workbooks.narrative.words import field_label

if TYPE_CHECKING:
    from models.narrative import UnsavedDraft
    from ui.workbooks.narrative.share import ShareDialog

log = logging.getLogger(__name__)

# The order the letter is read in; "how" comes after the impact, never before it.
SECTIONS = ("did", "chose", "impact", "not_your_fault", "how", "differently", "who_checks",
            "not_asking")
IMPACT_SECTIONS = ("feelings", "body", "sex_touch", "trust", "self_blame", "daily_life",
                   "questions", "needs_now")  # what a shared impact statement may hold
AGREEMENTS_LISTED = 200  # the agreements changed most recently


def _words(key: str, **values: object) -> str:
    return text("narrative_letter", key, **values)


def section_name(key: str) -> str:
    return field_label("letter", key)


class AgreementLinks(QWidget):
    """The agreements a change rests on: the ones linked, and a way to link one more."""

    changed = Signal()

    def __init__(self, ctx: WorkbookContext) -> None:
        super().__init__()
        self.setObjectName("letterAgreements")
        self._ctx = ctx
        self._uuids: list[str] = []
        self._titles: dict[str, str] = {}
        self.choice = named(ElidingComboBox(8), "letterAgreementChoice",
                            _words("agreement_choice_name"))
        self.link = named(QPushButton(_words("agreement_link")), "letterAgreementLink",
                          _words("agreement_link_name"))
        self.link.clicked.connect(self._link_chosen)
        self.none_linked = body_label(_words("agreements_none"), "letterAgreementsNone",
                                      role="hint")
        self._rows = QVBoxLayout()
        self._rows.setSpacing(2)
        self._row_widgets: list[QWidget] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 4, 0, 0)
        column.addWidget(heading(_words("agreements_title"), "letterAgreementsHeading"))
        column.addWidget(self.none_linked)
        column.addLayout(self._rows)
        choosing = FlowLayout(fill=True)  # one above the other when the pane is narrow
        choosing.addWidget(self.choice)
        choosing.addWidget(self.link)
        column.addLayout(choosing)
        self._fill_choice()

    def _fill_choice(self) -> None:
        try:
            views, _damaged = agreements.load_recent(self._ctx.session.keyring,
                                                     AGREEMENTS_LISTED)
        except TrellisError as error:
            log.info("agreements not listed for the letter: %s", type(error).__name__)
            views = []
        for view in views:
            title = view.current.text.get("title", "").strip() or _words("agreement_untitled")
            self._titles[view.uuid] = title
            if view.status != "retired":
                self.choice.addItem(title, view.uuid)
        if not self.choice.count():
            self.choice.addItem(_words("agreements_nothing_to_link"), None)
        self.choice.setEnabled(self.choice.currentData() is not None)
        self.link.setEnabled(self.choice.currentData() is not None)

    def _title(self, uuid: str) -> str:
        if uuid not in self._titles:
            try:
                view = agreements.view(self._ctx.session.keyring, agreements.get(uuid))
                self._titles[uuid] = (view.current.text.get("title", "").strip()
                                      or _words("agreement_untitled"))
            except Exception:  # gone or unreadable: say so, keep the link
                return _words("agreement_unknown")
        return self._titles[uuid]

    def uuids(self) -> list[str]:
        return list(self._uuids)

    def set_uuids(self, uuids: list[str]) -> None:
        """Show ``uuids`` as linked (says nothing: loading, not a change)."""
        self._uuids = [u for u in dict.fromkeys(uuids) if u]
        for row in self._row_widgets:
            self._rows.removeWidget(row)
            row.hide()
            row.deleteLater()
        self._row_widgets = []
        for number, uuid in enumerate(self._uuids):
            title = self._title(uuid)
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            label = body_label(title, f"letterAgreementLinked_{number}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            remove = named(QPushButton(_words("agreement_remove")),
                           f"letterAgreementRemove_{number}",
                           _words("agreement_remove_name", title=title))
            remove.clicked.connect(lambda _=False, u=uuid: self._unlink(u))
            line.addWidget(label, 1)
            line.addWidget(remove)
            self._rows.addWidget(row)
            self._row_widgets.append(row)
        self.none_linked.setVisible(not self._uuids)

    def _link_chosen(self) -> None:
        uuid = self.choice.currentData()
        if uuid is None or uuid in self._uuids:
            return
        self.set_uuids([*self._uuids, str(uuid)])
        self.changed.emit()

    def _unlink(self, uuid: str) -> None:
        self.set_uuids([u for u in self._uuids if u != uuid])
        self.changed.emit()


class LetterPage(DraftPage):
    """``owner``'s letter of accountability, kept as their private ``letter`` draft."""

    def __init__(self, ctx: WorkbookContext, owner: int, parent: QWidget | None = None) -> None:
        super().__init__(ctx, owner, "narrativeLetterPage", "letter", _words, parent)
        self.areas = {key: writing_area(f"letter_{key}", section_name(key))
                      for key in SECTIONS}
        self.links = AgreementLinks(ctx)
        self.keeper = DraftKeeper(ctx, owner, "letter", self.values, self)
        self.hints = HintsPanel(self.areas, section_name, self._reveal)
        self.shared_impact = named(GrowingText(3), "letterSharedImpact",
                                   _words("impact_shared_name"))
        self.shared_impact.setReadOnly(True)
        self.shared_impact.setTabChangesFocus(True)
        self.shared_impact_line = body_label("", "letterSharedImpactLine", role="hint")
        self.share_button = named(QPushButton(_words("share")), "letterShare",
                                  _words("share_name"))
        self._build()

        for area in self.areas.values():
            area.textChanged.connect(self._changed)
            follow_cursor(self._scroll, area)
        self.links.changed.connect(self._changed)
        self.keeper.saved.connect(self._note_saved)
        self.keeper.failed.connect(self.message.say)
        self.hints.dismissed.connect(self._dismiss)
        self.share_button.clicked.connect(self.share)
        ctx.changes.changed.connect(self._heard_of)
        self.reload()

    def _build(self) -> None:
        impact_beside = QWidget()
        impact_beside.setObjectName("letterSharedImpactBox")
        beside = QVBoxLayout(impact_beside)
        beside.setContentsMargins(0, 0, 0, 0)
        beside.addWidget(self.shared_impact_line)
        beside.addWidget(self.shared_impact, 1)
        self._impact_beside = impact_beside
        impact_beside.hide()

        form = QVBoxLayout()
        form.setSpacing(6)
        form.addWidget(body_label(_words("intro"), "letterIntro"))
        self.sections: dict[str, Section] = {}
        for key in SECTIONS:
            field: QWidget = self.areas[key]
            if key == "impact":
                # Their own account first: at the left, or above on a narrow pane.
                field = SideBySide(impact_beside, self.areas[key], "letterImpactSideBySide")
            section = Section(f"letterSection_{key}", section_name(key), _words(f"{key}_guide"),
                              field)
            section.title.setBuddy(self.areas[key])
            self.areas[key].setAccessibleDescription(_words(f"{key}_guide"))
            if key == "differently":
                section.column.addWidget(self.links)
            self.sections[key] = section
            form.addWidget(section)
        form.addSpacing(12)
        share = FlowLayout()
        share.addWidget(self.share_button)
        form.addLayout(share)
        form.addWidget(body_label(_words("share_line"), "letterShareLine", role="hint"))
        form.addStretch(1)
        self._scroll = self.scrolled(form, "letter")
        notes = scrolling(self.hints, "letterHintsScroll")
        notes.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        notes.setMinimumWidth(180)

        splitter = QSplitter()
        splitter.setObjectName("letterSplitter")
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._scroll)
        splitter.addWidget(notes)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 300])
        self.splitter = splitter

        top = QHBoxLayout()
        top.setContentsMargins(9, 4, 9, 0)  # in line with the form's words below
        top.addWidget(title_label(_words("title"), "letterTitle"), 1)
        top.addWidget(self.saved_note)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(top)
        outer.addWidget(self.message)
        outer.addWidget(splitter, 1)

    # loading

    def values(self) -> dict[str, str]:
        """The letter's shareable words as typed now (the private field is kept apart)."""
        values = {key: area.toPlainText() for key, area in self.areas.items()}
        values["agreements"] = ",".join(self.links.uuids())
        return values

    def reload(self) -> None:
        """Read the letter again and show it (call :meth:`flush` first)."""
        self.message.clear_message()
        draft = narrative.page_of(self.own_drafts(), "letter")
        self.keeper.show(draft)
        fields = dict(draft.fields) if draft is not None else {}
        self._loading = True
        for key, area in self.areas.items():
            area.setPlainText(fields.get(key, ""))
        self.links.set_uuids([u for u in fields.get("agreements", "").split(",") if u])
        self._loading = False
        self.hints.set_dismissed(hints.dismissed_spots(fields))
        self._show_shared_impact()

    def _show_shared_impact(self) -> None:
        """The newest impact statement the other partner shared, read-only, if any."""
        try:
            pieces, _damaged = narrative.load_shared(self._ctx.session.keyring, kind="impact")
        except TrellisError as error:
            log.info("shared impact not read: %s", type(error).__name__)
            pieces = []
        theirs = [p for p in pieces if p.author != self.owner]
        latest = max(theirs, key=lambda p: (p.shared_at, p.version), default=None)
        self._impact_beside.setVisible(latest is not None)
        if latest is None:
            self.shared_impact.clear()
            return
        name = self._ctx.session.name_of(latest.author) or _words("other_fallback")
        self.shared_impact_line.setText(_words("impact_shared_line", name=name,
                                               date=day(latest.shared_at)))
        self.shared_impact.setPlainText(shared_text(
            latest.fields, IMPACT_SECTIONS, lambda k: field_label("impact", k)))

    def _heard_of(self, workbook: str, uuid: str) -> None:
        """Something shared or withdrawn: read the impact beside again, now if shown,
        else when next shown (every autosave of every page is announced too)."""
        if workbook != "narrative" or (self.keeper.draft is not None
                                       and uuid == self.keeper.draft.uuid):
            return
        self.shared_changed()

    def read_shared(self) -> None:
        self._show_shared_impact()

    # saving

    def put_back(self, piece: UnsavedDraft) -> None:
        """Words kept when a save failed, back in their sections and saved now (if that
        fails again, they stay here and the page says why)."""
        self._loading = True
        for key, value in piece.fields.items():
            if key in self.areas:
                self.areas[key].setPlainText(value)
        if "agreements" in piece.fields:
            self.links.set_uuids([u for u in piece.fields["agreements"].split(",") if u])
        self._loading = False
        self.keeper.flush()

    def clear(self) -> None:
        """Let every word go (the private pages are closing); saves nothing."""
        self.keeper.show(None)
        self._loading = True
        for area in (*self.areas.values(), self.shared_impact):
            area.clear()
        self._loading = False
        self.hints.clear()

    def _dismiss(self, spot: str) -> None:
        """Set one note aside for good: kept in the letter's private field only."""
        self.keeper.flush()
        fields = {**self.values(), "dismissed": self.keeper.stored("dismissed")}
        dismissed = hints.with_dismissed(fields, spot)["dismissed"]
        self.keeper.save({"dismissed": dismissed})
        self.hints.set_dismissed(hints.dismissed_spots({"dismissed": dismissed}))

    def _reveal(self, widget: QWidget) -> None:
        self._scroll.ensureWidgetVisible(widget, 0, 24)

    # sharing

    def share(self) -> ShareDialog | None:
        """Share the letter as it is now, through the shared dialog (which asks the
        owner's password); the partner who was hurt reads it when they choose."""
        from ui.workbooks.narrative import share

        self.keeper.flush()
        draft = self.shareable(self.keeper.draft, _words("nothing_to_share"))
        return None if draft is None else share.share_draft(self._ctx, self.owner, draft, self)
