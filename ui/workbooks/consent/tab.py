"""The Consent check-in tab: the couple's list, private answers, and the reveal together.

Answers are sealed with each partner's own key; this tab shows them only inside the
answer dialog, for the partner answering. Together at one keyboard, that dialog opens
only after the person named types their own password just now; alone, the partner who
unlocked opens their own. Revealing and setting an item aside take both passwords (a
moment both choose); adding an item takes either partner. The comparison shows where
the two meet, not each answer, and is redrawn after every change, so a step back shows
at once.

Every view here reads from one :class:`~ui.workbooks.consent.model.ConsentBoard`; each
change is announced on ``ctx.changes`` (an answer without saying which item: that is
its owner's), and a change announced elsewhere is read again. The list is read when the
tab is first shown, a first page at once and the rest on the session's reading thread
(:mod:`ui.workbooks.consent.loading`), so unlocking never waits for it.
"""

from __future__ import annotations

import logging
from html import escape

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QHideEvent, QPalette, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from models import consent
from models.consent import Item, RevealNotReady
from models.damage import Damage
from models.errors import TrellisError
from models.proof import FreshProof
from ui.texts import explain, text
from ui.widgets.common import (
    FittingScroll,
    MessageLabel,
    body_label,
    left_aligned,
    named,
    two_panes,
)
from ui.widgets.fitting import Pane, keep_splitter
from ui.widgets.fresh_password import FreshPasswordDialog, ask_fresh
from ui.widgets.row_list import RowList
from ui.workbooks import WorkbookContext
from ui.workbooks.consent.answers import AnswerDialog
from ui.workbooks.consent.comparison import comparison_html
from ui.workbooks.consent.loading import ConsentLoad
from ui.workbooks.consent.model import ConsentBoard
from ui.workbooks.consent.words import starter_items
from ui.workbooks.damaged import check_button

log = logging.getLogger(__name__)


def _words(key: str, **values: object) -> str:
    return text("consent_checkin", key, **values)


def _heading(key: str) -> QLabel:
    label = QLabel(_words(key))
    label.setObjectName(f"consentHeading_{key}")
    label.setProperty("role", "heading")
    return label


class ConsentTab(QWidget):
    """Yes / not sure yet / not now / no, answered privately by each, revealed together.

    An item or the latest reveal that cannot be opened is shown in its place, without
    words; everything else works as usual.
    """

    check_requested = Signal()  # Help → Check this workbook file…

    def __init__(self, ctx: WorkbookContext) -> None:
        super().__init__()
        self.setObjectName("consentTab")
        self.ctx = ctx
        session = ctx.session
        self.names = {partner: session.name_of(partner) for partner in (1, 2)}
        self.board = ConsentBoard(self)
        self.answer_dialog: AnswerDialog | None = None
        self.fresh: FreshPasswordDialog | None = None  # asking for passwords right now
        self._announcing = False

        self.item_list = named(RowList(), "consentItems", _words("list_name"))
        self.item_list.setModel(self.board)
        # One line per item, all the same height, so a list of thousands lays out at
        # once; a long item is cut short with "…" and read whole in its tooltip.
        self.item_list.setUniformItemSizes(True)
        self.item_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.item_list.setSpacing(3)
        self.loader = ConsentLoad(ctx, self.board, self)
        self._stale = True  # read when the tab is next shown
        self.loading_note = body_label(_words("still_opening"), "consentLoadingNote",
                                       role="hint")
        self.loading_note.hide()
        self.item_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.new_item = named(QLineEdit(), "consentNewItem", _words("add_name"))
        self.new_item.setPlaceholderText(_words("add_prompt"))
        self.add_button = named(QPushButton(_words("add")), "consentAdd", _words("add"))
        self.archive_button = named(QPushButton(_words("archive")), "consentArchive",
                                    _words("archive").rstrip("…"))
        self.who = named(QComboBox(), "consentWho", _words("answer_who"))
        for partner in session.partners:
            self.who.addItem(self.names[partner], partner)
        self.answer_note = body_label("", "consentAnswerNote", role="hint")
        self.answer_button = named(QPushButton(_words("answer")), "consentAnswer",
                                   _words("answer").rstrip("…"))
        self.reveal_note = body_label("", "consentRevealNote", role="hint")
        self.reveal_button = named(QPushButton(_words("reveal")), "consentReveal",
                                   _words("reveal"))
        self.reveal_button.setProperty("role", "primary")
        self.comparison = named(QTextBrowser(), "consentComparison", _words("comparison_name"))
        self.message = MessageLabel("consentMessage")
        self.damaged_note = body_label(_words("damaged_item_note"), "consentDamagedNote",
                                       role="hint")
        self.check = check_button("consentCheckFile")
        self.check.clicked.connect(self.check_requested)
        self._build()

        self.new_item.returnPressed.connect(self.add_item)
        self.add_button.clicked.connect(self.add_item)
        self.archive_button.clicked.connect(self.archive_item)
        self.item_list.selectionModel().currentChanged.connect(self._chosen)
        self.board.compared.connect(self.show_comparison)
        for moved in (self.board.rowsInserted, self.board.rowsRemoved, self.board.modelReset):
            moved.connect(self._list_changed)
        ctx.changes.changed.connect(self._changed_elsewhere)
        self.loader.finished.connect(self._loaded)
        self.who.currentIndexChanged.connect(self._who_changed)
        self.answer_button.clicked.connect(self.answer_privately)
        self.reveal_button.clicked.connect(self.reveal)

        try:
            consent.add_starter_items(session.keyring, starter_items())
        except TrellisError as error:  # the list still opens; the starters come next time
            log.info("starter items not added: %s", type(error).__name__)
        self.show_comparison()  # "nothing revealed yet" until the list is read
        self.refresh()

    def _build(self) -> None:
        left = Pane(220)
        column = QVBoxLayout(left)
        column.setContentsMargins(12, 12, 8, 12)
        column.addWidget(_heading("list_heading"))
        column.addWidget(self.item_list, 1)
        column.addWidget(self.loading_note)
        adding = QHBoxLayout()
        adding.addWidget(self.new_item, 1)
        adding.addWidget(self.add_button)
        column.addLayout(adding)
        column.addWidget(self.archive_button)
        column.addWidget(self.damaged_note)
        column.addLayout(left_aligned(self.check))

        right = Pane(400)
        side = QVBoxLayout(right)
        side.setContentsMargins(16, 12, 16, 12)
        side.addWidget(body_label(_words("intro"), "consentIntro"))
        side.addSpacing(6)
        side.addWidget(_heading("answer_heading"))
        who = QFormLayout()
        side.addLayout(who)
        self.who.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        who.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        who.addRow(_words("answer_who"), self.who)
        if not self.ctx.session.together:  # alone, the one unlocked is the one answering
            who.setRowVisible(0, False)
        side.addWidget(self.answer_note)
        side.addLayout(left_aligned(self.answer_button))
        side.addSpacing(6)
        side.addWidget(_heading("reveal_heading"))
        side.addWidget(self.reveal_note)
        side.addLayout(left_aligned(self.reveal_button))
        side.addWidget(self.message)
        side.addSpacing(6)
        side.addWidget(_heading("comparison_heading"))
        side.addWidget(self.comparison, 1)
        # Room for several lines of the comparison even on a short screen: then the
        # whole side scrolls, rather than squeezing the words above it into each other.
        self.comparison.setMinimumHeight(self.comparison.fontMetrics().lineSpacing() * 9)
        detail = FittingScroll(right, "consentDetailScroll")  # never narrower than right
        detail.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from control to control

        splitter = two_panes(self, left, detail, "consentSplitter", (320, 580))
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        keep_splitter(splitter)

    # state

    def answering(self) -> int:
        return int(self.who.currentData())

    @property
    def items(self) -> list[Item]:
        return self.board.items()

    @property
    def damaged(self) -> list[Damage]:
        return self.board.damaged()

    def refresh(self) -> None:
        """Re-read the list and the shared comparison: now when the tab is showing,
        otherwise when it is next shown.

        Reads nothing private: whether each has answered is theirs to know, so the
        reveal simply asks both and says kindly if something is still open.
        """
        self._stale = True
        if self.isVisible():
            self._read()

    def _read(self) -> None:
        if self.ctx.session.locked:
            return
        self._stale = False
        self.loader.start()
        self.loading_note.setVisible(self.loader.loading)
        self._list_changed()  # also for a list that stayed empty

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._stale:
            self._read()

    def _loaded(self, problem: str) -> None:
        self.loading_note.setVisible(self.loader.loading)
        if problem:
            self.message.say(problem)

    def _list_changed(self) -> None:
        """What follows from the list: the damage note, the steps that need items."""
        damaged = bool(self.board.damaged())
        self.damaged_note.setVisible(damaged)
        self.check.setVisible(damaged or self.board.reveal_damage is not None)
        self._chosen()
        self._who_changed()
        together = self.ctx.session.together
        has_items = self.board.item_count() > 0
        self.reveal_button.setEnabled(together and has_items)
        if not has_items:
            reason = "reveal_need_items"
        elif not together:
            reason = "reveal_need_together"
        else:
            reason = "reveal_together"
        self.reveal_note.setText(_words(reason))

    def _chosen(self) -> None:
        row = self.item_list.currentIndex().row()
        self.archive_button.setEnabled(self.board.item_at(row) is not None)

    def show_comparison(self) -> None:
        """Draw the latest shared comparison, with every later step back applied."""
        if self.board.reveal_damage is not None:
            self.comparison.setHtml(f"<p><i>{escape(_words('damaged_reveal'))}</i></p>")
            self.check.show()
            return
        self.check.setVisible(bool(self.board.damaged()))
        # The tab's palette, not the browser's: the style sheet's text colour stands in
        # for the browser's placeholder colour.
        soft = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        self.comparison.setHtml(comparison_html(self.board.comparison, soft))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        super().changeEvent(event)
        if "comparison" not in vars(self):
            return  # still being built
        kind = event.type()
        if kind in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.comparison.setMinimumHeight(self.comparison.fontMetrics().lineSpacing() * 9)
        if kind in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.show_comparison()  # the dates' colour follows a new theme

    def _announce(self, uuid: str = "") -> None:
        self._announcing = True
        try:
            self.ctx.changes.announce("consent", uuid)
        finally:
            self._announcing = False

    def _changed_elsewhere(self, workbook: str, uuid: str) -> None:
        """Something in the check-in changed outside this tab: read it again."""
        if workbook == "consent" and not self._announcing:
            self.refresh()

    def _who_changed(self) -> None:
        name = self.names[self.answering()]
        other = self.names[3 - self.answering()]
        if self.ctx.session.together:
            self.answer_note.setText(_words("answer_warning", name=name, other=other))
        else:
            self.answer_note.setText(_words("answer_solo", other=other))

    # steps

    def add_item(self) -> None:
        label = self.new_item.text().strip()
        if not label:
            return
        try:
            item = consent.add_item(self.ctx.session.keyring, label,
                                    self.ctx.session.partners[0])
        except TrellisError as error:
            self.message.say(explain(error))
            return
        self.new_item.clear()
        self.message.clear_message()
        self.board.add(item)
        self._announce(item.uuid)

    def _ask(self, partners: tuple[int, ...], intro: str, then: object,
             title: str | None = None) -> None:
        """Ask ``partners`` for their own passwords now; ``then`` gets the proofs."""
        self.message.clear_message()
        self.fresh = ask_fresh(self.ctx, partners, intro, self, then, title=title)
        self.fresh.finished.connect(self._asked)

    def _asked(self) -> None:
        self.fresh = None

    def archive_item(self) -> None:
        """Set the chosen item aside: it loosens the list, so both type their password."""
        item = self.board.item_at(self.item_list.currentIndex().row())
        if item is None:
            return

        def set_aside(proofs: dict[int, FreshProof]) -> None:
            try:
                consent.set_aside_item(self.ctx.session.keyring, item.uuid, proofs.values())
            except TrellisError as error:
                self.message.say(explain(error))
                return
            self.message.say(text("consent_archive", "done", label=item.label))
            self.board.remove(item.uuid)
            self.board.reread(self.ctx.session.keyring)
            self._announce(item.uuid)

        self._ask((1, 2), text("consent_archive", "intro", label=item.label), set_aside,
                  title=text("consent_archive", "title"))

    def answer_privately(self) -> None:
        """Alone: open one's own answers. Together: only after the person named types
        their own password, so no one opens the other's answers."""
        if not self.board.item_count() or self.answer_dialog is not None:
            return
        owner = self.answering()
        if not self.ctx.session.together:
            self._open_answers(owner, None)
            return
        self._ask((owner,), _words("answer_password", name=self.names[owner]),
                  lambda proofs: self._open_answers(owner, proofs.get(owner)))

    def _open_answers(self, owner: int, proof: FreshProof | None) -> None:
        if self.ctx.session.locked:
            return
        try:
            dialog = AnswerDialog(self.ctx, owner, self.board, self, proof)
        except TrellisError as error:
            self.message.say(explain(error))
            return
        self.message.clear_message()
        self.answer_dialog = dialog
        dialog.changed.connect(self._announce)  # the board has the new comparison already
        dialog.finished.connect(self._answered)
        dialog.open()

    def _answered(self) -> None:
        dialog, self.answer_dialog = self.answer_dialog, None
        if dialog is not None:
            if dialog.closed_by_idle:
                self.message.say(_words("answers_closed_idle", name=self.names[dialog.owner]))
            dialog.deleteLater()

    def reveal(self) -> None:
        """A moment both choose: each types their own password to say they are ready."""
        if not self.ctx.session.together or not self.board.item_count():
            return
        self._ask((1, 2), _words("reveal_password"), self._reveal,
                  title=_words("reveal_title"))

    def _reveal(self, proofs: dict[int, FreshProof]) -> None:
        if self.ctx.session.locked:
            return
        try:
            consent.reveal(self.ctx.session.keyring, proofs.values())
        except RevealNotReady:
            self.message.say(_words("reveal_not_ready"))
            return
        except TrellisError as error:
            self.message.say(explain(error))
            return
        self.message.say(_words("revealed"))
        self.board.reread(self.ctx.session.keyring)
        self._announce()

    def flush(self) -> None:
        """Save a private note still being typed (before a lock)."""
        if self.answer_dialog is not None:
            self.answer_dialog.flush()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 (Qt API)
        self.flush()
        super().hideEvent(event)
