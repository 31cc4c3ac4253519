"""One conversation about a moment we missed each other, walked through gently.

A pause comes first (a grounding line; either partner can set the conversation down for
now). Then what actually happened, each partner's own side next to the other's, then
what each felt and needed, then what we will try. Only the partner writing now edits
their own side (together: who is chosen under "Writing as"; alone: the one unlocked);
the other's side is shown word for word, or as waiting for them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.errors import TrellisError
from models.needs import misattunement as conversations
from ui.dates import day
from ui.texts import explain
from ui.widgets.common import (
    MessageLabel,
    body_label,
    labelled,
    left_aligned,
    named,
    title_label,
)
from ui.widgets.fitting import FlowLayout
from ui.widgets.writing import GrowingText, SideBySide, heading
from ui.workbooks import WorkbookContext
from ui.workbooks.needs.misattunement_rows import about, shorten, words
from ui.workbooks.needs.misattunement_sides import FEELINGS, HAPPENED, SideColumn

log = logging.getLogger(__name__)

WORKBOOK = "needs"


def need_title(need: Any) -> str:
    """A shared need's own title, else its starter card's label."""
    from ui.texts import text

    own = str(need.fields.get("title", "")).strip()
    if own:
        return own
    card = need.fields.get("card", "")
    try:
        return str(text("needs_cards", card or "own"))
    except KeyError:  # a card added later than these words
        return str(card)


class ConversationEntry(QWidget):
    """The walk through one entry (or a new one). ``closed`` asks the page to show the
    list again; ``saved`` carries the entry's uuid after a save."""

    closed = Signal(str)  # a line for the list page to say, or ""
    saved = Signal(str)

    def __init__(self, ctx: WorkbookContext) -> None:
        super().__init__()
        self.setObjectName("needsConversation")
        self.setAccessibleName(words("title"))
        self._ctx = ctx
        self._names = {p: ctx.session.name_of(p) for p in (1, 2)}
        self.entry: Any = None  # the Misattunement on screen; None while new
        self.links: dict[str, tuple[str | None, str | None]] = {}
        self.columns: dict[tuple[str, int], SideColumn] = {}
        self._dirty = False
        self._editing: int | None = None

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.heading = title_label(words("new_heading"), "needsConversationTitle")
        column.addWidget(self.heading)
        self.opened = body_label("", "needsConversationOpened", role="hint")
        column.addWidget(self.opened)

        self.pause = QWidget()
        self.pause.setObjectName("needsConversationPause")
        pause = QVBoxLayout(self.pause)
        pause.setContentsMargins(0, 0, 0, 0)
        pause.addWidget(heading(words("pause_heading"), "needsPauseHeading"))
        pause.addWidget(body_label(words("pause_line"), "needsPauseLine"))
        self.set_down_line = body_label(words("set_down_line"), "needsSetDownLine",
                                        role="hint")
        pause.addWidget(self.set_down_line)
        row = FlowLayout()
        self.go_on = named(QPushButton(words("go_on")), "needsGoOn", words("go_on_name"))
        self.go_on.setProperty("role", "primary")
        self.go_on.clicked.connect(self.walk_on)
        self.set_down = named(QPushButton(words("set_down")), "needsSetDown",
                              words("set_down_name"))
        self.set_down.clicked.connect(self.set_it_down)
        row.addWidget(self.go_on)
        row.addWidget(self.set_down)
        pause.addLayout(row)
        column.addWidget(self.pause)

        self.walk = QWidget()
        self.walk.setObjectName("needsConversationWalk")
        walk = QVBoxLayout(self.walk)
        walk.setContentsMargins(0, 0, 0, 0)
        self.writer = named(QComboBox(), "needsWritingAs", words("writing_as_name"))
        for partner in ctx.session.partners:
            self.writer.addItem(self._names[partner], partner)
        self.writer.currentIndexChanged.connect(self._writer_changed)
        self.writer_row = QWidget()
        writer_row = QHBoxLayout(self.writer_row)
        writer_row.setContentsMargins(0, 0, 0, 0)
        writer_row.addWidget(labelled(words("writing_as"), self.writer))
        writer_row.addWidget(self.writer)
        writer_row.addStretch(1)
        self.writer_row.setVisible(ctx.session.together)
        walk.addWidget(self.writer_row)

        walk.addWidget(heading(words("link_heading"), "needsLinkHeading"))
        self.link = named(QComboBox(), "needsLink", words("link_name"))
        self.link.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.link.setMinimumContentsLength(16)
        self.link_guide = body_label(words("link_guide"), "needsLinkGuide", role="hint")
        self.link_shown = body_label("", "needsLinkShown")
        walk.addWidget(self.link_guide)
        walk.addWidget(self.link)
        walk.addWidget(self.link_shown)

        walk.addWidget(heading(words("happened_heading"), "needsHappenedHeading"))
        walk.addWidget(body_label(words("happened_guide"), "needsHappenedGuide", role="hint"))
        self.waiting = body_label("", "needsWaiting")
        self.waiting.setProperty("role", "message")
        self.waiting.setProperty("kind", "notice")
        walk.addWidget(self.waiting)
        self.happened_place = QVBoxLayout()
        walk.addLayout(self.happened_place)
        walk.addWidget(heading(words("feelings_heading"), "needsFeelingsHeading"))
        self.feelings_place = QVBoxLayout()
        walk.addLayout(self.feelings_place)
        self.save_side = named(QPushButton(), "needsSaveSide", "")
        self.save_side.clicked.connect(self.save_my_side)
        walk.addLayout(left_aligned(self.save_side))

        self.try_part = QWidget()
        self.try_part.setObjectName("needsTryPart")
        tries = QVBoxLayout(self.try_part)
        tries.setContentsMargins(0, 0, 0, 0)
        tries.addWidget(heading(words("try_heading"), "needsTryHeading"))
        tries.addWidget(body_label(words("try_guide"), "needsTryGuide", role="hint"))
        self.try_next = named(GrowingText(3), "needsTryNext", words("try_name"))
        self.try_next.setAccessibleDescription(words("try_guide"))
        tries.addWidget(self.try_next)
        self.save_try = named(QPushButton(words("save_try")), "needsSaveTry",
                              words("save_try_name"))
        self.save_try.clicked.connect(self.save_what_we_try)
        tries.addLayout(left_aligned(self.save_try))
        walk.addWidget(self.try_part)
        column.addWidget(self.walk)

        self.message = MessageLabel("needsConversationMessage")
        column.addWidget(self.message)
        self.back = named(QPushButton(words("back")), "needsConversationBack",
                          words("back_name"))
        self.back.clicked.connect(self.leave)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back)
        buttons.addStretch(1)
        column.addLayout(buttons)

    # who writes

    def chosen_writer(self) -> int:
        partner = self.writer.currentData()
        return int(partner) if partner is not None else self._ctx.session.partners[0]

    def _writer_changed(self) -> None:
        if self._dirty and self._editing is not None:
            if not self.save_my_side(as_partner=self._editing):
                self.writer.blockSignals(True)  # not saved: keep it open for who typed it
                self.writer.setCurrentIndex(self.writer.findData(self._editing))
                self.writer.blockSignals(False)
                return
        self._build_sides()

    # showing

    def show_entry(self, entry: Any, shared_needs: Mapping[str, Any],
                   commitments: Mapping[str, Any], *, walk: bool = False) -> None:
        """Show ``entry`` (None: a new one) from its pause; ``walk`` goes straight on
        (the same entry, shown again after a change)."""
        before = self.entry
        kept_try = None  # what we will try, typed and not saved: kept on a refresh
        if (walk and before is not None and entry is not None and before.uuid == entry.uuid
                and self.try_next.toPlainText() != before.try_next):
            kept_try = self.try_next.toPlainText()
        self.entry = entry
        if not walk:
            self.message.clear_message()
        self._fill_links(shared_needs, commitments)
        if entry is None:
            self.heading.setText(words("new_heading"))
            self.opened.hide()
        else:
            title = about(entry, shared_needs, commitments)
            self.heading.setText(title[:1].upper() + title[1:])
            self.opened.setText(words("opened_by", name=self._names.get(entry.opened_by, ""),
                                      date=day(entry.opened_at)))
            self.opened.show()
        self.link.setVisible(entry is None)
        self.link_guide.setVisible(entry is None)
        self.link_shown.setVisible(entry is not None)
        if entry is not None:
            linked = entry.need or entry.commitment
            self.link_shown.setText(about(entry, shared_needs, commitments) if linked
                                    else words("link_none"))
        self.try_part.setVisible(entry is not None and entry.waiting_for is None)
        if entry is not None:
            self.try_next.setPlainText(kept_try if kept_try is not None else entry.try_next)
        self._build_sides()
        paused = entry is not None and entry.paused
        by = entry.paused_by if paused else None
        if paused and by is not None and by not in self._ctx.session.partners:
            self.set_down_line.setText(words("set_down_by_other",
                                             name=self._names.get(by, "")))
        else:
            self.set_down_line.setText(words("set_down_line"))
        self.set_down_line.setVisible(paused)
        self.go_on.setText(words("take_up") if paused else words("go_on"))
        self.go_on.setAccessibleName(words("take_up_name") if paused else words("go_on_name"))
        self.go_on.setVisible(not paused or by is None or by in self._ctx.session.partners)
        self.set_down.setVisible(not paused)
        self.pause.setVisible(not walk)
        self.walk.setVisible(walk)
        if not walk:
            self.go_on.setFocus()

    def _fill_links(self, shared_needs: Mapping[str, Any],
                    commitments: Mapping[str, Any]) -> None:
        self.link.clear()
        self.links = {"": (None, None)}
        self.link.addItem(words("link_none"), "")
        for uuid, need in shared_needs.items():
            self.links[uuid] = (uuid, None)
            self.link.addItem(words("link_need", name=self._names.get(need.owner, ""),
                                    title=shorten(need_title(need))), uuid)
        for uuid, commitment in commitments.items():
            self.links[uuid] = (None, uuid)
            self.link.addItem(words("link_commitment",
                                    what=shorten(commitment.fields.get("what", ""))), uuid)

    def _side_of(self, partner: int) -> dict[str, str] | None:
        if self.entry is None:
            return None
        account = self.entry.accounts.get(partner)
        if account is None:
            return None
        return {"happened": account.happened, "felt": account.felt, "needed": account.needed}

    def _build_sides(self) -> None:
        for place in (self.happened_place, self.feelings_place):
            while place.count():
                item = place.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.hide()
                    widget.deleteLater()
        self.columns = {}
        writer = self.chosen_writer()
        self._editing = writer
        for part, fields, place in (("happened", HAPPENED, self.happened_place),
                                    ("feelings", FEELINGS, self.feelings_place)):
            sides = []
            for partner in (1, 2):
                side = SideColumn(partner, self._names[partner], fields,
                                  self._side_of(partner), partner == writer, part)
                side.typed.connect(self._typed)
                self.columns[(part, partner)] = side
                sides.append(side)
            pair = SideBySide(sides[0], sides[1], f"needsSides_{part}", 260)
            place.addWidget(pair)
            pair.show()  # at once, not at Qt's next turn: the focus can go to it now
        self._dirty = False
        name = self._names[writer]
        self.save_side.setText(words("save_side", name=name))
        self.save_side.setAccessibleName(words("save_side_name", name=name))
        waiting = self.entry.waiting_for if self.entry is not None else None
        self.waiting.setText(words("waiting", name=self._names.get(waiting, ""))
                             if waiting is not None else "")
        self.waiting.setVisible(waiting is not None)

    def _typed(self) -> None:
        self._dirty = True

    def walk_on(self) -> None:
        """Go on from the pause; a conversation set down is taken up again first (by
        whoever set it down)."""
        if self.entry is not None and self.entry.paused:
            by = self.entry.paused_by or self.chosen_writer()
            try:
                self.entry = conversations.set_paused(self._ctx.session.keyring, by,
                                                      self.entry.uuid, False)
            except (TrellisError, ValueError) as error:
                self.message.say(explain(error))
                return
            self.saved.emit(self.entry.uuid)
        self.pause.hide()
        self.walk.show()
        area = self.columns.get(("happened", self.chosen_writer()))
        if area is not None and area.areas:
            area.areas["happened"].setFocus()

    # writing

    def written(self, partner: int) -> dict[str, str]:
        values: dict[str, str] = {}
        for part in ("happened", "feelings"):
            side = self.columns.get((part, partner))
            if side is not None:
                values.update(side.values())
        return values

    def save_my_side(self, _checked: bool = False, *, as_partner: int | None = None) -> bool:
        """Save the writer's side (open the entry with it when new); True once saved."""
        by = as_partner if as_partner is not None else self._editing
        if by is None or self._ctx.session.locked:
            return False
        values = self.written(by)
        happened = values.get("happened", "").strip()
        if not happened:
            self.message.say(words("need_happened"))
            return False
        keys = self._ctx.session.keyring
        try:
            if self.entry is None:
                need, commitment = self.links.get(str(self.link.currentData() or ""),
                                                  (None, None))
                entry = conversations.open_misattunement(
                    keys, by, need=need, commitment=commitment, what_happened=happened,
                    felt=values.get("felt", ""), needed=values.get("needed", ""))
            else:
                entry = conversations.add_side(keys, by, self.entry.uuid, happened=happened,
                                       felt=values.get("felt", ""),
                                       needed=values.get("needed", ""))
        except (TrellisError, ValueError) as error:
            log.info("a side was not saved: %s", type(error).__name__)
            self.message.say(words("save_failed", reason=explain(error)))
            return False
        self.entry = entry
        self._dirty = False
        self.message.say(words("saved"))
        self.saved.emit(entry.uuid)
        return True

    def save_what_we_try(self) -> None:
        if self.entry is None or self._ctx.session.locked:
            return
        try:
            entry = conversations.set_try_next(self._ctx.session.keyring, self.chosen_writer(),
                                       self.entry.uuid, self.try_next.toPlainText())
        except (TrellisError, ValueError) as error:
            self.message.say(words("save_failed", reason=explain(error)))
            return
        self.entry = entry
        self.message.say(words("saved"))
        self.saved.emit(entry.uuid)

    def set_it_down(self) -> None:
        """Set the conversation down for now, by either partner, at once; a new one that
        was never saved keeps nothing."""
        if self.entry is not None and not self._ctx.session.locked:
            try:
                entry = conversations.set_paused(self._ctx.session.keyring,
                                                 self.chosen_writer(), self.entry.uuid, True)
            except (TrellisError, ValueError) as error:
                self.message.say(explain(error))
                return
            self.saved.emit(entry.uuid)
        self.leave(set_down=True)

    def flush(self) -> bool:
        """Save what was typed and not saved yet (before leaving, a lock, another page):
        the writer's side, and what we will try. False when something typed could not
        be saved (it stays on screen, with a kind sentence)."""
        if self._ctx.session.locked:
            return True
        if self._dirty and any(v.strip() for v in self.written(self._editing or 0).values()):
            if not self.save_my_side():
                return False
        if (self.entry is not None and self.try_part.isVisible()
                and self.try_next.toPlainText() != self.entry.try_next):
            self.save_what_we_try()
        return True

    def leave(self, _checked: bool = False, *, set_down: bool = False) -> None:
        if not set_down and not self.flush():
            return
        self.clear()
        self.closed.emit(words("set_down_done") if set_down else "")

    def clear(self) -> None:
        """Let go of every word on screen."""
        for side in self.columns.values():
            side.clear()
        self.try_next.clear()
        self._dirty = False
