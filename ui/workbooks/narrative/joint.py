"""Our story together: a story the couple may write in both their words, if both want it.

It is never a step anyone owes. Each partner says whether they would like one (it only
opens when both do; together, a "yes" takes that partner's password, a "no" one click).
Then each paragraph shows who wrote it; each partner writes and changes only their own
(together, whoever typed their password under "Writing as" or has their own story
open; alone, the one unlocked), and the other's stay word for word. Either partner
confirms the words as they are with their own password; they are settled only when
both confirmed the same words. A change after a confirmation starts a new version;
the earlier ones are kept and can be compared, changed words marked.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from models import narrative
from models.errors import TrellisError
from models.narrative.views import JointParagraph, JointStory
from models.proof import FreshProof
from ui.dates import day
from ui.texts import explain, text
from ui.widgets.common import (
    MessageLabel,
    body_label,
    labelled,
    named,
    scrolling,
    title_label,
)
from ui.widgets.fitting import FlowLayout
from ui.widgets.fresh_password import FreshPasswordDialog, ask_fresh
from ui.workbooks import WorkbookContext
from ui.workbooks.narrative.joint_card import ParagraphCard

log = logging.getLogger(__name__)

WORKBOOK = "narrative"
RECORD = "joint"  # what a change to the joint story is announced as
AUTOSAVE_MS = 800


def words(key: str, **values: object) -> str:
    return text("narrative_joint", key, **values)


class JointPage(QWidget):
    """The joint story: the wishes, then (when both wish) its paragraphs, confirmations
    and earlier versions."""

    def __init__(self, ctx: WorkbookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("narrativeJointPage")
        self.setAccessibleName(words("title"))
        self._ctx = ctx
        self._names = {p: ctx.session.name_of(p) for p in (1, 2)}
        self.story = JointStory(frozenset(), ())
        self.cards: list[ParagraphCard] = []
        self.fresh: FreshPasswordDialog | None = None
        self.history: QWidget | None = None
        self._shown: tuple[JointParagraph, ...] | None = None  # what the cards were made from
        self._editing: int | None = None  # whose paragraphs the cards on screen open
        # Together: the partner who showed they are the one writing (their password, or
        # their own story open); None until then, and nobody's paragraphs open.
        self._here: int | None = None
        self._dirty = False
        self._quiet = False  # our own announcement: the cards already show it
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.flush)

        body = QWidget()
        body.setObjectName("narrativeJointBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(16, 10, 16, 10)
        column.addWidget(title_label(words("title"), "narrativeJointTitle"))
        column.addWidget(body_label(words("intro"), "narrativeJointIntro"))
        self.wishes: dict[int, QCheckBox] = {}
        self.other_wish: dict[int, QLabel] = {}
        for partner in (1, 2):
            name = self._names[partner]
            if partner in ctx.session.partners:
                box = named(QCheckBox(words("wish", name=name)), f"jointWish{partner}",
                            words("wish_name", name=name))
                box.toggled.connect(lambda on, p=partner: self.set_wish(p, on))
                self.wishes[partner] = box
                column.addWidget(box)
            else:
                label = body_label("", f"jointOtherWish{partner}")
                self.other_wish[partner] = label
                column.addWidget(label)
        self.waiting = body_label(words("wish_waiting"), "jointWaiting", role="hint")
        column.addWidget(self.waiting)

        self.open_part = QWidget()
        self.open_part.setObjectName("jointOpenPart")
        part = QVBoxLayout(self.open_part)
        part.setContentsMargins(0, 0, 0, 0)
        self.status = body_label("", "jointStatus")
        part.addWidget(self.status)
        self.writer = named(QComboBox(), "jointWritingAs", words("writing_as_name"))
        if ctx.session.together:
            self.writer.addItem(words("writing_as_choose"), None)
        for partner in ctx.session.partners:
            self.writer.addItem(self._names[partner], partner)
        self.writer.currentIndexChanged.connect(self._writer_changed)
        writer_row = QHBoxLayout()
        writer_row.setContentsMargins(0, 0, 0, 0)
        writer_row.addWidget(labelled(words("writing_as"), self.writer))
        writer_row.addWidget(self.writer)
        writer_row.addStretch(1)
        self.writer_row = QWidget()
        self.writer_row.setLayout(writer_row)
        self.writer_row.setVisible(ctx.session.together)
        part.addWidget(self.writer_row)
        self.no_writer = body_label(words("no_writer"), "jointNoWriter", role="hint")
        part.addWidget(self.no_writer)
        self.empty = body_label(words("empty_story"), "jointEmpty", role="hint")
        part.addWidget(self.empty)
        self.paragraphs = QVBoxLayout()
        part.addLayout(self.paragraphs)
        self.add = named(QPushButton(words("add")), "jointAdd", words("add_name"))
        self.add.clicked.connect(self.add_paragraph)
        self.confirms: dict[int, QPushButton] = {}
        buttons = FlowLayout()
        buttons.addWidget(self.add)
        for partner in ctx.session.partners:
            name = self._names[partner]
            button = named(QPushButton(words("confirm", name=name)), f"jointConfirm{partner}",
                           words("confirm_name", name=name))
            button.clicked.connect(lambda _c=False, p=partner: self.ask_confirm(p))
            self.confirms[partner] = button
            buttons.addWidget(button)
        self.compare = named(QPushButton(words("history")), "jointHistory",
                             words("history_name"))
        self.compare.clicked.connect(self.open_history)
        buttons.addWidget(self.compare)
        part.addLayout(buttons)
        column.addWidget(self.open_part)
        self.message = MessageLabel("jointMessage")
        column.addWidget(self.message)
        column.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(body, "narrativeJointScroll"))

        ctx.changes.changed.connect(self._changed)
        self.reload()

    # who writes

    def chosen_writer(self) -> int | None:
        """Who writes: alone, the one unlocked; together, the partner who typed their
        password under "Writing as" (or whose own story is open), else nobody yet."""
        if not self._ctx.session.together:
            return self._ctx.session.partners[0]
        return self._here

    def editor(self) -> int | None:
        """The partner the paragraphs on screen are open for (their typing is theirs)."""
        return self._editing if self._editing is not None else self.chosen_writer()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        self._follow_open_story()

    def _follow_open_story(self) -> None:
        """Together, "Writing as" starts with the partner whose own story is open (their
        key is held for it, so they are the one here), so their words are not put under
        the other's name by mistake. Anyone may still choose the other writer."""
        session = self._ctx.session
        if not session.together or session.locked or self._dirty:
            return
        held = [p for p in session.partners if session.keyring.holds_journal(p)]
        if len(held) == 1 and held[0] != self._here:
            self._write_as(held[0])  # they typed their password to open it

    def _writer_changed(self) -> None:
        """Together, writing in someone's name takes their password, typed now."""
        partner = self.writer.currentData()
        if partner is None or int(partner) == self._here:
            self._show_writer()
            return
        self.flush()  # what was typed is saved as who typed it, then the other writes
        if self._dirty or self._ctx.session.locked:  # not saved: keep it, theirs
            self._show_writer()
            return
        writer = int(partner)
        self._show_writer()  # until the password is typed, the writer stays who it was
        if self.fresh is not None:
            return
        self.fresh = ask_fresh(self._ctx, (writer,),
                               words("writer_password", name=self._names[writer]), self,
                               lambda proofs: self._write_as(writer) if proofs.get(writer)
                               else None, title=words("writer_title"))
        self.fresh.finished.connect(self._asked)

    def _write_as(self, partner: int) -> None:
        if not isValid(self) or self._ctx.session.locked:
            return
        self._here = partner
        self._show_writer()
        self._build_cards(self.story.latest.paragraphs if self.story.latest else ())
        self._show_state()

    def _show_writer(self) -> None:
        self.writer.blockSignals(True)
        self.writer.setCurrentIndex(max(0, self.writer.findData(self._here)))
        self.writer.blockSignals(False)

    # reading

    def _changed(self, workbook: str, uuid: str) -> None:
        if workbook == WORKBOOK and uuid in ("", RECORD) and not self._quiet and isValid(self):
            self.reload()

    def reload(self) -> None:
        if self._ctx.session.locked:
            return
        try:
            story, damaged = narrative.load_joint(self._ctx.session.keyring)
        except TrellisError as error:
            log.info("joint story not read: %s", type(error).__name__)
            self.message.say(explain(error))
            return
        self.story = story
        if damaged:
            self.message.say(words("damaged"))
        latest = story.latest.paragraphs if story.latest is not None else ()
        if latest != self._shown and not self._dirty:
            self._build_cards(latest)
        self._show_state()

    def _show_state(self) -> None:
        story = self.story
        for partner, box in self.wishes.items():
            box.blockSignals(True)
            box.setChecked(partner in story.wished_by)
            box.blockSignals(False)
        for partner, label in self.other_wish.items():
            key = "wish_other_yes" if partner in story.wished_by else "wish_other_no"
            label.setText(words(key, name=self._names[partner]))
        self.waiting.setVisible(not story.open)
        self.open_part.setVisible(story.open)
        latest, settled = story.latest, story.settled
        if latest is None:
            status = ""
        elif latest.settled:
            status = words("settled", version=latest.version, date=day(latest.written_at))
        else:
            lines = [words("confirmed_by", name=self._names[p])
                     for p in sorted(latest.confirmed_by)] or [words("not_confirmed")]
            if settled is not None:
                lines.append(words("settled_earlier", version=settled.version,
                                   date=day(settled.written_at)))
            status = "\n".join(lines)
        self.status.setText(status)
        self.status.setVisible(bool(status))
        for partner, button in self.confirms.items():
            done = latest is not None and partner in latest.confirmed_by and not self._dirty
            button.setEnabled(bool(self.cards) and not done and self.fresh is None)
        self.compare.setVisible(len(story.versions) > 1)
        self.empty.setVisible(not self.cards)
        self.add.setEnabled(self.editor() is not None)
        self.no_writer.setVisible(story.open and self.editor() is None)

    def _build_cards(self, paragraphs: tuple[JointParagraph, ...]) -> None:
        for card in self.cards:
            self.paragraphs.removeWidget(card)
            card.hide()
            card.deleteLater()
        self.cards = []
        self._editing = self.chosen_writer()
        for paragraph in paragraphs:
            self._add_card(paragraph)
        self._shown = tuple(paragraphs)
        self._dirty = False
        self.empty.setVisible(not self.cards)

    def _add_card(self, paragraph: JointParagraph) -> ParagraphCard:
        editable = paragraph.author == self.editor()
        card = ParagraphCard(paragraph, self._names.get(paragraph.author, ""), editable,
                             len(self.cards) + 1)
        if card.edit is not None:
            card.edit.textChanged.connect(self._typed)
        if card.remove is not None:
            card.remove.clicked.connect(lambda _c=False, c=card: self.remove_paragraph(c))
        self.cards.append(card)
        self.paragraphs.addWidget(card)
        card.show()  # at once, not at Qt's next turn: the focus can go to it now
        return card

    # writing

    def set_wish(self, partner: int, wish: bool, proven: bool = False) -> None:
        """Saying "no" takes one click; together, saying "yes" for someone takes their
        password, so nobody wishes in the other's name."""
        if self._ctx.session.locked:
            return
        if wish and self._ctx.session.together and not proven:
            self._show_state()  # the box stays as it was until the password is typed
            if self.fresh is None:
                self.fresh = ask_fresh(
                    self._ctx, (partner,), words("wish_password", name=self._names[partner]),
                    self, lambda proofs: self.set_wish(partner, True, proven=True)
                    if proofs.get(partner) and isValid(self) else None,
                    title=words("wish_title"))
                self.fresh.finished.connect(self._asked)
            return
        try:
            self.story = narrative.wish_joint(self._ctx.session.keyring, partner, wish)
        except TrellisError as error:
            self.message.say(explain(error))
            self._show_state()
            return
        self._ctx.changes.announce(WORKBOOK, RECORD)

    def add_paragraph(self) -> None:
        editor = self.editor()
        if editor is None:
            return
        card = self._add_card(JointParagraph(editor, ""))
        self.empty.setVisible(False)
        if card.edit is not None:
            card.edit.setFocus()

    def remove_paragraph(self, card: ParagraphCard) -> None:
        if card not in self.cards or card.author != self.editor():
            return
        self.cards.remove(card)
        self.paragraphs.removeWidget(card)
        card.hide()
        card.deleteLater()
        self._dirty = True
        self.flush()

    def _typed(self) -> None:
        self._dirty = True
        self._timer.start()

    def flush(self) -> None:
        """Save the editor's paragraphs as they are now (empty ones left out); the other
        partner's are saved word for word, in their place."""
        self._timer.stop()
        if not self._dirty or self._ctx.session.locked or not self.story.open:
            return
        editor = self.editor()
        if editor is None:
            return
        paragraphs = [c.paragraph() for c in self.cards]
        kept = tuple(p for p in paragraphs if p.author != editor or p.text.strip())
        if kept == (self.story.latest.paragraphs if self.story.latest else ()):
            self._dirty = False
            return
        try:
            narrative.save_joint(self._ctx.session.keyring, editor, kept)
        except (TrellisError, ValueError) as error:
            log.info("joint story not saved: %s", type(error).__name__)
            self.message.say(words("save_failed", reason=explain(error)))
            return
        self._dirty = False
        self._shown = kept
        self._quiet = True
        try:
            self._ctx.changes.announce(WORKBOOK, RECORD)
        finally:
            self._quiet = False
        self.reload()

    # confirming

    def ask_confirm(self, partner: int) -> None:
        self.flush()
        latest = self.story.latest
        if (latest is None or self._dirty or self.fresh is not None
                or self._ctx.session.locked):
            return  # (unsaved words: never confirm other words than the ones on screen)
        version = latest.version
        self.fresh = ask_fresh(self._ctx, (partner,),
                               words("confirm_password", name=self._names[partner]), self,
                               lambda proofs: self._confirm(proofs.get(partner), partner,
                                                             version),
                               title=words("confirm_title"))
        self.fresh.finished.connect(self._asked)
        self._show_state()

    def _asked(self) -> None:
        self.fresh = None
        if isValid(self):
            self._show_state()

    def _confirm(self, proof: FreshProof | None, partner: int, version: int) -> None:
        if not isValid(self) or self._ctx.session.locked:
            return
        try:
            narrative.confirm_joint(self._ctx.session.keyring, proof, version,
                                    partner=partner)
        except (TrellisError, ValueError) as error:
            self.message.say(explain(error))
            return
        self._ctx.changes.announce(WORKBOOK, RECORD)

    # earlier versions

    def open_history(self) -> None:
        from ui.workbooks.narrative.joint_history import JointHistoryDialog

        self.flush()
        dialog = JointHistoryDialog(self.story, self._names, self)
        self.history = dialog
        dialog.open()
