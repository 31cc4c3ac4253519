"""Home: the couple's starting point — who is here, what is waiting, where the file lives.

What is waiting comes from :func:`models.waiting.waiting_for`, which reads only what both
partners share; each line has a "Go there" button (:attr:`HomeTab.go_to`). Home reads
again when a tab announces a change (:class:`ui.changes.Changes`): at once while it is
showing, otherwise when it is next shown, so it never shows a stale list. It takes the
agreements as the Agreements list holds them, so none is opened twice; while that list
is still reading older ones, Home waits for it. When the agreements fill more than the
list's first page, what else Home reads (pause notes, the consent list) is read on the
session's reading thread (:mod:`ui.workbooks.agreements.loading`), never on the GUI
thread. Home lists the first :data:`SHOWN_AT_MOST` lines about agreements and counts the
others in one more line; only their pause notes are read.
"""

from __future__ import annotations

import datetime as dt
import logging

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.waiting import (
    Opened,
    PausedForTalk,
    RevealOpen,
    ReviewDue,
    Target,
    ToConfirm,
    Waiting,
    WaitingItem,
    waiting_for,
)
from ui.errors import describe_without_content
from ui.next_session import NextSessionCard
from ui.texts import counted, text
from ui.widgets.common import body_label, named, scrolling, title_label
from ui.workbooks import WorkbookContext
from ui.workbooks.session_reader import SessionReader, reader_of

log = logging.getLogger(__name__)

SHOWN_AT_MOST = 20  # lines about agreements; the others are counted in one line


def _own_line(moment: dt.datetime | None) -> str:
    if moment is None:
        return text("home", "own_first_time")
    if not isinstance(moment, dt.datetime):  # a column edited outside Trellis: say nothing
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return text("home", "own_last_opened",
                when=moment.astimezone().strftime("%A %d %B %Y, %H:%M"))


def _day(moment: dt.date | dt.datetime) -> str:
    """A date as people write it: 3 May 2026 (local time for moments)."""
    if isinstance(moment, dt.datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        moment = moment.astimezone()
    return f"{moment.day} {moment:%B %Y}"


def _heading(words: str, object_name: str) -> QLabel:
    label = named(QLabel(words), object_name, words)
    label.setProperty("role", "heading")
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _card(object_name: str, accessible: str) -> tuple[QFrame, QVBoxLayout]:
    """A framed group on Home (``role="card"`` for the style sheet)."""
    card = named(QFrame(), object_name, accessible)
    card.setFrameShape(QFrame.Shape.StyledPanel)
    card.setProperty("role", "card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(16, 12, 16, 14)
    layout.setSpacing(8)
    return card, layout


class HomeTab(QWidget):
    """Greeting, what is waiting, a word on therapy for a new workbook, file and privacy.

    Never the other partner's activity or private words: alone, ``own_last_opened`` is
    the signed-in partner's own previous opening (None together, where Home shows no
    one's), and the waiting list holds only what both already share.
    """

    go_to = Signal(str, str)  # workbook key, record uuid ("" for the tab itself)

    def __init__(self, ctx: WorkbookContext, own_last_opened: dt.datetime | None) -> None:
        super().__init__()
        self.setObjectName("homeTab")
        self.ctx = ctx
        session = ctx.session
        self.names = {partner: session.name_of(partner) for partner in (1, 2)}
        self.waiting = Waiting()
        self._stale = True
        self._reading = False  # a read on the reading thread is under way
        self._again = False  # a change came in meanwhile: read once more after it
        self._heard_reader: SessionReader | None = None  # whose ``settled`` Home hears
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)  # several announcements in a row: one read
        self._soon.timeout.connect(self.refresh)

        if session.together:
            greeting = text("home", "greeting_together",
                            first=session.name_of(1), second=session.name_of(2))
        else:
            greeting = text("home", "greeting_solo", name=session.name_of(session.partners[0]))
        column = QVBoxLayout()
        column.setContentsMargins(32, 24, 32, 24)
        column.setSpacing(10)
        column.addWidget(title_label(greeting, "homeGreeting"))
        own = _own_line(own_last_opened)
        if not session.together and own:
            column.addWidget(body_label(own, "ownLastOpened"))

        self.waiting_card, card = _card("homeWaiting", text("home", "waiting_name"))
        card.addWidget(_heading(text("home", "waiting_heading"), "homeWaitingHeading"))
        self.rows = QVBoxLayout()
        self.rows.setSpacing(10)
        card.addLayout(self.rows)
        column.addWidget(self.waiting_card)
        self.next_session = NextSessionCard(ctx)  # passages shared for the session
        column.addWidget(self.next_session)

        self.therapy_card, therapy = _card("homeTherapy", text("home", "therapy_heading"))
        therapy.addWidget(_heading(text("home", "therapy_heading"), "homeTherapyHeading"))
        therapy.addWidget(body_label(text("home", "therapy_body"), "homeTherapyBody"))
        self.therapy_more = named(QPushButton(text("home", "therapy_more")), "homeTherapyMore",
                                  text("home", "therapy_more_name"))
        self.therapy_more.clicked.connect(self._open_therapy_page)
        more = QHBoxLayout()
        more.addWidget(self.therapy_more)
        more.addStretch(1)
        therapy.addLayout(more)
        self.therapy_card.hide()
        column.addWidget(self.therapy_card)

        location = body_label(str(ctx.vault.path), "vaultLocation")
        location.setAccessibleName(text("home", "vault_location"))
        location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addSpacing(6)
        column.addWidget(_heading(text("home", "vault_location"), "homeLocationHeading"))
        column.addWidget(location)
        column.addSpacing(6)
        column.addWidget(_heading(text("home", "privacy_heading"), "homePrivacyHeading"))
        column.addWidget(body_label(text("privacy", "short"), "homePrivacy"))
        column.addStretch(1)

        # A readable column, scrolling when the window is small.
        inner = QWidget()
        inner.setObjectName("homeContent")
        row = QHBoxLayout(inner)
        row.setContentsMargins(0, 0, 0, 0)
        page = QWidget()
        page.setMaximumWidth(820)
        page.setLayout(column)
        row.addStretch(1)
        row.addWidget(page, 100)  # as wide as it may be, then centred
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolling(inner, "homeScroll"))

        ctx.changes.changed.connect(self._changed)
        ctx.changes.all_built.connect(self._tabs_built)

    # keeping up to date

    def _tabs_built(self) -> None:
        """The agreements list exists now (if it could be built): read through it."""
        if self._stale and self.isVisible():
            self.refresh()

    def _changed(self, _workbook: str, _uuid: str) -> None:
        self._stale = True
        if self.isVisible():
            self._soon.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Read what is waiting again: here and at once for a workbook whose agreements
        fit the list's first page, on the session's reading thread for a larger one."""
        if self.ctx.session.locked:
            return
        reader = reader_of(self.ctx, create=False)
        if reader is None and not self.ctx.changes.built:
            # Home showed first: the list is built right after the first paint, and
            # reading here now would read every agreement before it (_tabs_built).
            self._gathering()
            return
        self._stale = False
        opened = None
        if reader is not None:
            self._hear(reader)
            opened = reader.agreements_now()
            if opened is None and reader.listing:
                self._stale = True  # read once the list holds every agreement
                self._gathering()
                return
        if reader is not None and reader.large:
            self._read_elsewhere(reader, opened)
            return
        try:
            waiting = waiting_for(self.ctx.session, opened=opened, notes_for=SHOWN_AT_MOST)
        except Exception as error:  # noqa: BLE001 (Home never keeps anyone from the tabs)
            self._failed(error)
            return
        self._show(waiting)

    def _hear(self, reader: SessionReader) -> None:
        if self._heard_reader is not reader:
            self._heard_reader = reader
            reader.settled.connect(self._list_settled)

    def _list_settled(self) -> None:
        """The list holds every agreement now (or stopped trying): read what waits."""
        if self._stale:
            self._changed("agreements", "")

    def _gathering(self) -> None:
        if not self.rows.count():  # nothing said yet: say it is coming
            self._show_rows([body_label(text("home", "gathering"), "homeWaitingGathering",
                                        role="hint")])

    def _read_elsewhere(self, reader: SessionReader, opened: Opened | None) -> None:
        if self._reading:
            self._again = True
            return
        self._reading, self._again = True, False
        self._gathering()
        session = self.ctx.session
        reader.run(self.ctx, self,
                   lambda: waiting_for(session, opened=opened, notes_for=SHOWN_AT_MOST),
                   self._read, self._read_failed)

    def _read(self, waiting: Waiting) -> None:
        self._reading = False
        self._show(waiting)
        if self._again:
            self._changed("agreements", "")

    def _read_failed(self, error: BaseException) -> None:
        self._reading = False
        self._failed(error)

    def _failed(self, error: BaseException) -> None:
        log.error("what is waiting could not be read: %s",
                  describe_without_content(type(error), error, error.__traceback__))
        self._show_rows([body_label(text("home", "waiting_failed"), "homeWaitingFailed")])

    def _show(self, waiting: Waiting) -> None:
        self.waiting = waiting
        about = [item for item in waiting.items if item.target.workbook == "agreements"]
        others = [item for item in waiting.items if item.target.workbook != "agreements"]
        rows = [self._row(n, *self._describe(item), item.target)
                for n, item in enumerate(about[:SHOWN_AT_MOST])]
        if len(about) > SHOWN_AT_MOST:
            rows.append(self._row(len(rows), counted("home", "more_waiting",
                                                     len(about) - SHOWN_AT_MOST),
                                  "", text("agreements", "tab"), Target("agreements")))
        rows += [self._row(len(rows) + n, *self._describe(item), item.target)
                 for n, item in enumerate(others)]
        if not rows:
            rows = [body_label(text("home", "nothing_waiting"), "homeNothingWaiting")]
        self._show_rows(rows)
        self.therapy_card.setVisible(waiting.no_agreements)

    def _show_rows(self, rows: list[QWidget]) -> None:
        while self.rows.count():
            taken = self.rows.takeAt(0)
            old = taken.widget() if taken is not None else None
            if old is not None:
                old.hide()
                old.deleteLater()
        for row in rows:
            self.rows.addWidget(row)
            row.show()  # at once, not at Qt's next turn, so no one sees an empty card

    # one line per waiting item

    def _row(self, number: int, words: str, note: str, what: str, target: Target) -> QWidget:
        row = QWidget()
        row.setObjectName(f"homeWaitingItem_{number}")
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        words_column = QVBoxLayout()
        words_column.setSpacing(2)
        words_column.addWidget(body_label(words, f"homeWaitingText_{number}"))
        if note:
            words_column.addWidget(body_label(note, f"homeWaitingNote_{number}", role="hint"))
        line.addLayout(words_column, 1)
        button = named(QPushButton(text("home", "go_there")), f"homeGoThere_{number}",
                       text("home", "go_there_name", what=what))
        button.clicked.connect(lambda: self.go_to.emit(target.workbook, target.uuid))
        line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        return row

    def _describe(self, item: WaitingItem) -> tuple[str, str, str]:
        """The line, an optional second line, and what "Go there" leads to."""
        if isinstance(item, RevealOpen):
            return (counted("home", "reveal", item.items), "",
                    text("home", "reveal_name"))
        title = item.title or text("agreements", "untitled")
        if isinstance(item, ToConfirm):
            return self._confirm_line(item, title), "", title
        if isinstance(item, PausedForTalk):
            line = (text("home", "paused_since", title=title, date=_day(item.paused_at))
                    if item.paused_at is not None else text("home", "paused", title=title))
            return line, self._note_line(item), title
        assert isinstance(item, ReviewDue)
        if item.due_on >= dt.date.today():
            return text("home", "review_today", title=title), "", title
        return text("home", "review_since", title=title, date=_day(item.due_on)), "", title

    def _confirm_line(self, item: ToConfirm, title: str) -> str:
        session = self.ctx.session
        if len(item.partners) == 1 and session.together:
            key = "confirm_change_one" if item.change else "confirm_one"
            return text("home", key, title=title, name=self.names[item.partners[0]])
        if item.change:
            return text("home", "confirm_change", title=title)
        return text("home", "confirm_both" if session.together else "confirm_mine",
                    title=title)

    def _note_line(self, item: PausedForTalk) -> str:
        if not item.note:
            return ""
        session = self.ctx.session
        if not session.together and item.paused_by == session.partners[0]:
            return text("home", "paused_note_yours", note=item.note)
        name = self.names.get(item.paused_by or 0, "")
        return text("home", "paused_note", name=name, note=item.note) if name else item.note

    def _open_therapy_page(self) -> None:
        from ui.guide import show_guide

        show_guide(self.window(), "therapy")
