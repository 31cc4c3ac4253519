"""An agreement's history: any two versions side by side, changed words marked, and
what happened (events and reviews) in order. It follows the agreement while it is open:
a change announced on ``ctx.changes`` is read again at once."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from models import agreements
from models.agreements import TEXT_FIELDS, RevisionView
from ui.dates import day
from ui.texts import text
from ui.widgets.common import body_label, named
from ui.widgets.fitting import ElidingComboBox
from ui.word_diff import word_diff
from ui.workbooks import WorkbookContext
from ui.workbooks.agreements.words import category_label, field_label


class HistoryDialog(QDialog):
    """Compare any two versions (default: the one before and the current one)."""

    def __init__(self, ctx: WorkbookContext, uuid: str, parent: QWidget) -> None:
        super().__init__(parent)
        keys = ctx.session.keyring
        self._ctx = ctx
        self._uuid = uuid
        self._names = {partner: ctx.session.name_of(partner) for partner in (1, 2)}
        self.revisions = agreements.revisions(keys, uuid)
        current = self.revisions[-1].text.get("title", "").strip() or text("agreements",
                                                                          "untitled")
        title = text("agreements_history", "title", title=current)
        self.setObjectName("historyDialog")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        # Wide enough to read two versions side by side, within the screen's free area.
        room = self.screen().availableGeometry() if self.screen() is not None else None
        width, height = 1120, 760
        if room is not None:
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        self.resize(width, height)

        # A long version name ends in "…" rather than widening the dialog past the screen.
        self.earlier = named(ElidingComboBox(16), "historyEarlier",
                             text("agreements_history", "earlier"))
        self.later = named(ElidingComboBox(16), "historyLater",
                           text("agreements_history", "later"))
        self._fill_versions()
        self.left = named(QTextBrowser(), "historyLeft", text("agreements_history", "earlier"))
        self.right = named(QTextBrowser(), "historyRight", text("agreements_history", "later"))
        self.same = body_label(text("agreements_history", "same"), "historySame", role="hint")
        compare = QWidget()
        grid = QGridLayout(compare)
        for column, (label_key, combo, browser) in enumerate(
            (("earlier", self.earlier, self.left), ("later", self.later, self.right))
        ):
            label = QLabel(text("agreements_history", label_key))
            label.setBuddy(combo)
            grid.addWidget(label, 0, column)
            grid.addWidget(combo, 1, column)
            grid.addWidget(browser, 2, column)
        grid.addWidget(body_label(text("agreements_history", "legend"), "historyLegend",
                                  role="hint"), 3, 0, 1, 2)
        grid.addWidget(self.same, 4, 0, 1, 2)
        grid.setRowStretch(2, 1)
        grid.setColumnStretch(0, 1)  # the two versions side by side, as wide as each other
        grid.setColumnStretch(1, 1)

        self.timeline = named(QTextBrowser(), "historyTimeline",
                              text("agreements_history", "timeline_tab"))
        self.timeline.setHtml(self._timeline_html(ctx, uuid))
        ctx.changes.changed.connect(self._changed)
        tabs = named(QTabWidget(), "historyTabs", title)
        tabs.tabBar().setAccessibleName(title)
        tabs.addTab(compare, text("agreements_history", "compare_tab"))
        tabs.addTab(self.timeline, text("agreements_history", "timeline_tab"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        named(close, "historyClose", text("agreements_history", "close"))
        close.setText(text("agreements_history", "close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)

        self.earlier.currentIndexChanged.connect(self.compare)
        self.later.currentIndexChanged.connect(self.compare)
        self.compare()

    def _fill_versions(self) -> None:
        """Every version in both lists: the one before the newest against the newest."""
        for combo in (self.earlier, self.later):
            combo.blockSignals(True)
            combo.clear()
        for revision in self.revisions:
            label = text("agreements_history", "version", number=revision.number,
                         name=self._names.get(revision.author, ""),
                         date=day(revision.created_at))
            self.earlier.addItem(label, revision.number)
            self.later.addItem(label, revision.number)
        self.earlier.setCurrentIndex(max(0, len(self.revisions) - 2))
        self.later.setCurrentIndex(len(self.revisions) - 1)
        for combo in (self.earlier, self.later):
            combo.blockSignals(False)

    def _changed(self, workbook: str, uuid: str) -> None:
        """This agreement changed while its history is open: show what is true now."""
        if workbook != "agreements" or uuid not in ("", self._uuid) or self._ctx.session.locked:
            return
        try:
            revisions = agreements.revisions(self._ctx.session.keyring, self._uuid)
            timeline = self._timeline_html(self._ctx, self._uuid)
        except Exception:  # noqa: BLE001 (gone or damaged: the tab says so; keep what was read)
            return
        if [r.number for r in revisions] != [r.number for r in self.revisions]:
            self.revisions = revisions
            self._fill_versions()
        else:
            self.revisions = revisions
        self.timeline.setHtml(timeline)
        self.compare()

    def _revision(self, combo: QComboBox) -> RevisionView:
        number = int(combo.currentData())
        return next(r for r in self.revisions if r.number == number)

    def compare(self) -> None:
        old, new = self._revision(self.earlier), self._revision(self.later)
        left, right = [], []
        for field in TEXT_FIELDS:
            heading = f"<p><b>{escape(field_label(field, self._names))}</b><br>"
            before, after = old.text.get(field, ""), new.text.get(field, "")
            if field == "category":
                before, after = category_label(before), category_label(after)
            marked_before, marked_after = word_diff(before, after)
            empty = f"<i>{escape(text('agreements_history', 'empty_field'))}</i>"
            left.append(heading + (marked_before or empty) + "</p>")
            right.append(heading + (marked_after or empty) + "</p>")
        self.left.setHtml("".join(left))
        self.right.setHtml("".join(right))
        self.same.setVisible(old.number != new.number and old.text == new.text)

    def _timeline_html(self, ctx: WorkbookContext, uuid: str) -> str:
        keys = ctx.session.keyring
        lines = []
        for event in agreements.events(keys, uuid):
            try:
                words = text("agreements_events", event.kind,
                             name=self._names.get(event.partner or 0, ""))
            except KeyError:
                words = text("agreements_events", "other")
            line = f"<b>{escape(day(event.at))}</b> — {escape(words)}"
            if event.note:
                line += "<br>" + escape(text("agreements_history", "note", note=event.note))
            lines.append(f"<p>{line}</p>")
        for review in agreements.reviews(keys, uuid):

            def score(value: int | None) -> str:
                return str(value) if value is not None else text("agreements_history",
                                                                  "no_rating")

            if review.together is False:
                summary = text("agreements_history", "review_alone_line",
                               date=day(review.reviewed_on),
                               name=self._names.get(review.by_partner or 0, ""))
            else:
                summary = text(
                    "agreements_history",
                    "review_line" if review.together else "review_line_unknown",
                    date=day(review.reviewed_on),
                    r1=score(review.ratings[1]), r2=score(review.ratings[2]),
                    name1=self._names[1], name2=self._names[2],
                    f1=score(review.follow_through[1]), f2=score(review.follow_through[2]),
                    decision=text("agreements_review", review.decision),
                )
            parts = [escape(summary)]
            if review.helps:
                parts.append(escape(text("agreements_history", "review_helps",
                                         words=review.helps)))
            if review.hard:
                parts.append(escape(text("agreements_history", "review_hard",
                                         words=review.hard)))
            lines.append("<p>" + "<br>".join(parts) + "</p>")
        return "".join(lines) or f"<p>{escape(text('agreements_history', 'no_events'))}</p>"
