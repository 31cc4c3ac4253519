"""File → Prepare for our session…: one PDF of the parts the couple chooses to bring.

Each part comes from the packet's registry (:mod:`exports.session_packet`), so a new
workbook's part appears here with its tick box and its one-line description without a
change to this dialog. Reading the parts, laying them out and writing the PDF happen in
a child process the task runner waits for (:mod:`exports.in_child`), so the window never
stands still. A part that needs both partners (the consent comparison) goes in only when
each types their own password at that moment.

The note for the cover ("what we'd like to talk about") is kept only in this dialog, in
the pipe to that child, and in the PDF: never in the vault, the settings or anywhere
else on disk.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QObject, QStandardPaths, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QWidget,
)
from shiboken6 import isValid

from exports.errors import ExportPasswordTooShort
from exports.pdf_writer import MIN_PDF_PASSWORD_CHARS
from exports.session_packet import SECTIONS, PacketWords, packet_words
from models.proof import FreshProof
from ui.texts import explain, text
from ui.widgets.common import FormGrid, body_label, fit_to_content, lines_high, named
from ui.widgets.fresh_password import FreshPasswordDialog, ask_fresh
from ui.widgets.password_field import PasswordField
from ui.widgets.pdf_save import PdfDialog, about_folder, stacked
from ui.workbooks import WorkbookContext

if TYPE_CHECKING:
    from exports.session_packet import PacketOrder

NOTE_LIMIT = 1200  # characters: a longer note would push the contents off the cover


def _words(key: str, **values: object) -> str:
    return text("session_packet", key, **values)


def _camel(key: str) -> str:
    """"needs_map" → "NeedsMap", for a part's objectNames."""
    return "".join(word.capitalize() for word in key.split("_"))


def documents_folder() -> Path:
    """Where a packet is saved unless the couple chooses: their documents folder, or
    their home folder when there is none."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(found) if found else Path.home()
    return folder if folder.is_dir() else Path.home()


def _words_start(box: QCheckBox) -> int:
    """How far a tick box's words start from its left edge, so the lines beneath line
    up with its words rather than its tick (at every text size and style)."""
    style = box.style()
    return (style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, None, box)
            + style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing, None, box))



class PacketStopped(Exception):
    """A lock stopped the packet while it was built; nothing was written."""

class _Progress(QObject):
    """Carries the worker's progress to the GUI thread (a queued signal)."""

    moved = Signal(float)


def packet_work(order: PacketOrder, stop: threading.Event,
                relay: _Progress) -> Callable[[], Path]:
    """The packet as one job for the task runner: a child process reads the ticked parts,
    lays them out and writes the PDF (:mod:`exports.in_child`); the worker waits for it
    and relays its progress. ``stop`` ends it at its next step with
    :class:`PacketStopped`, before the finished file is moved into place."""
    from exports import in_child, session_packet

    def work() -> Path:
        try:
            return in_child.run(session_packet.export_from_vault, order,
                                progress=relay.moved.emit, stop=stop, writes=order.target)
        except in_child.BuildStopped:
            raise PacketStopped from None

    return work


class SessionPacketDialog(PdfDialog):
    """Which parts to bring, a date and a note for the cover; then the PDF, with progress."""

    def __init__(self, ctx: WorkbookContext, parent: QWidget) -> None:
        super().__init__(parent)
        title = _words("title")
        self.setObjectName("sessionPacketDialog")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(580)
        fit_to_content(self)
        self._ctx = ctx
        self._section = "session_packet"
        session = ctx.session
        self._together = session.together
        # Both partners' proofs for this one packet; asked for when Save is pressed.
        self._proofs: dict[int, FreshProof] | None = None
        self.fresh: FreshPasswordDialog | None = None

        self.parts: dict[str, QCheckBox] = {}
        self._needs_both: set[str] = set()
        self._owned: dict[str, int] = {}  # a partner's own part (their journal): whose
        self.parts_box = self._parts(packet_words())

        self.session_on = named(QDateEdit(QDate.currentDate()), "sessionPacketDate",
                                _words("session"))
        self.session_on.setCalendarPopup(True)
        self.session_on.setDisplayFormat("d MMMM yyyy")
        for field in self.session_on.findChildren(QLineEdit):
            named(field, "sessionPacketDateText", _words("session"))
        self.no_date = named(QCheckBox(_words("no_date")), "sessionPacketNoDate",
                             _words("no_date"))
        self.no_date.toggled.connect(lambda off: self.session_on.setEnabled(not off))

        alone = "" if self._together else session.name_of(session.partners[0])
        note_caption = _words("note") if self._together else _words("note_alone")
        self.note_caption = note_caption
        self.note = named(QPlainTextEdit(), "sessionPacketNote", note_caption)
        self.note.setTabChangesFocus(True)
        lines_high(self.note, 4)
        self.note_hint = body_label(_words("note_hint") if self._together
                                    else _words("note_hint_alone", name=alone),
                                    "sessionPacketNoteHint", role="hint")

        self.password = PasswordField("sessionPacketPassword", _words("password"))
        self.again = PasswordField("sessionPacketPasswordAgain", _words("again"))
        self._default_target = self._default_path()
        self._where = self._place_target("sessionPacket", self._default_target)
        self.session_on.dateChanged.connect(self._follow_date)
        self.no_date.toggled.connect(self._follow_date)
        self._place_saving("sessionPacket")
        self._layout()
        self._update()

    def _parts(self, words: PacketWords) -> QWidget:
        """A tick box per registered part, each with what it shows and, when this
        session can't offer it or it needs both passwords, a line saying so."""
        session = self._ctx.session
        keys = session.keyring
        rows: list[QWidget] = []
        for entry in SECTIONS:
            if entry.owner is not None and entry.owner not in session.partners:
                continue  # another partner's own part is theirs to offer, not even greyed
            name = _camel(entry.key)
            offered = entry.available(keys, self._together)
            whose = session.name_of(entry.owner) if entry.owner is not None else ""
            label = words.title(entry.title_key, whose)
            box = named(QCheckBox(label), f"sessionPacketPart{name}", label)
            box.setAccessibleDescription(words.description(entry.title_key, whose))
            box.setEnabled(offered)
            # A part that needs a password typed for it is never ticked: no nudge.
            box.setChecked(offered and not entry.needs_both and entry.owner is None)
            box.toggled.connect(self._update)
            self.parts[entry.key] = box
            lines = [body_label(words.description(entry.title_key, whose),
                                f"sessionPacketPart{name}Description", role="hint")]
            if offered and entry.owner is not None:
                self._owned[entry.key] = entry.owner
                lines.append(body_label(_words("needs_owner", name=whose),
                                        f"sessionPacketPart{name}Owner", role="hint"))
            elif not offered and words.unavailable(entry.title_key):
                lines.append(body_label(words.unavailable(entry.title_key),
                                        f"sessionPacketPart{name}Unavailable", role="hint"))
            elif offered and entry.needs_both:
                self._needs_both.add(entry.key)
                lines.append(body_label(_words("needs_both"), f"sessionPacketPart{name}Both",
                                        role="hint"))
            for line in lines:
                line.setContentsMargins(_words_start(box), 0, 0, 0)
            rows.append(stacked(box, *lines))
        return stacked(*rows, spacing=10)

    def _layout(self) -> None:
        form = FormGrid()
        first = next(iter(self.parts.values()))
        form.add_row(_words("include"), self.message.under(self.parts_box), first)
        when = QHBoxLayout()
        when.addWidget(self.session_on)
        when.addWidget(self.no_date)
        when.addStretch(1)
        form.add_row(_words("session"), when, self.session_on)
        note_label = QLabel(self.note_caption)
        note_label.setWordWrap(True)
        form.add_row(note_label, stacked(self.message.under(self.note), self.note_hint),
                     self.note)
        # Lined up with the box's first line, not held as tall as the box: a caption as
        # tall as the box would stretch the row and push the hint away from it.
        note_label.setMinimumHeight(0)
        note_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.add_row(_words("password"), self.message.under(self.password),
                     self.password.edit)
        hint = body_label(_words("password_hint", minimum=MIN_PDF_PASSWORD_CHARS),
                          "sessionPacketPasswordHint", role="hint")
        form.add_row(_words("again"), stacked(self.message.under(self.again), hint),
                     self.again.edit)
        form.add_row(_words("target"), self._where.row(self.message), self.target)
        self._lay_out(body_label(_words("intro"), "sessionPacketIntro"), form,
                      "sessionPacketChoices")

    # -- choices -----------------------------------------------------------------------

    def chosen(self) -> list[str]:
        """The parts ticked, by key, in the registry's order."""
        return [key for key, box in self.parts.items() if box.isChecked() and box.isEnabled()]

    def _session_date(self) -> dt.date | None:
        if self.no_date.isChecked():
            return None
        return self.session_on.date().toPython()  # type: ignore[return-value]

    def _default_path(self) -> Path:
        day = self._session_date() or dt.date.today()
        return documents_folder() / _words("default_name", date=day.isoformat())

    def _follow_date(self) -> None:
        """The file's name carries the session's date, until someone chose a path."""
        if self.target.text() == str(self._default_target):
            self._default_target = self._default_path()
            self.target.setText(str(self._default_target))

    def _ready(self) -> bool:
        return bool(self.chosen())

    # -- saving ------------------------------------------------------------------------

    def _checked(self) -> bool:
        """Every choice makes sense; if not, a sentence beside the one to change."""
        password = self.password.value()
        if not self.chosen():
            self.message.say(_words("need_part"), under=self.parts_box)
        elif len(self.note.toPlainText()) > NOTE_LIMIT:
            self.message.say(_words("note_too_long", limit=NOTE_LIMIT), under=self.note)
        elif not password and any(key in self._owned for key in self.chosen()):
            self.message.say(_words("owner_needs_pdf_password"), under=self.password)
        elif password and len(password) < MIN_PDF_PASSWORD_CHARS:
            self.message.say(explain(ExportPasswordTooShort(MIN_PDF_PASSWORD_CHARS)),
                             under=self.password)
        elif password != self.again.value():
            self.message.say(_words("passwords_differ"), under=self.again)
        elif not self.target.text().strip():
            self.message.say(_words("need_target"), under=self.target)
        else:
            return True
        return False

    def _approved(self, proofs: dict[int, FreshProof]) -> None:
        """Both typed their own password for the parts that need it: save now."""
        self._proofs = proofs
        self.submit()

    def _ask_passwords(self, both: list[str], owners: list[int]) -> FreshPasswordDialog:
        """Both passwords for a part that needs both; each owner's own for their part."""
        session = self._ctx.session
        names = " and ".join(session.name_of(p) for p in owners)
        mine = _words("owner_password", names=names) if owners else ""
        if not both:
            return ask_fresh(self._ctx, tuple(owners), mine, self, self._approved,
                             title=_words("owner_title"))
        parts = ", ".join(f"“{self.parts[key].text()}”" for key in both)
        intro = " ".join(filter(None, (_words("both_password", parts=parts), mine)))
        return ask_fresh(self._ctx, (1, 2), intro, self, self._approved,
                         title=_words("both_title", parts=parts))

    def submit(self) -> None:
        """Check the choices, read the parts here, write the PDF in the task runner."""
        if self._ctx.tasks.busy or self._ctx.session.locked or not self._checked():
            return
        chosen = self.chosen()
        proofs, self._proofs = self._proofs, None  # one packet each
        both = [key for key in chosen if key in self._needs_both]
        owners = sorted({self._owned[key] for key in chosen if key in self._owned})
        if (both or owners) and proofs is None:
            self.fresh = self._ask_passwords(both, owners)
            return
        from exports import session_packet

        session = self._ctx.session
        order = session_packet.PacketOrder(
            vault=self._ctx.vault.path.absolute(),
            workbook_key=session.keyring.workbook_key(),
            names={p: session.name_of(p) for p in (1, 2)},
            prepared_on=dt.date.today(), session_on=self._session_date(),
            chosen=tuple(chosen), note=self.note.toPlainText(),
            target=Path(self.target.text().strip()).expanduser().absolute(),
            password=self.password.value() or None,
            proofs=tuple((proofs or {}).values()), partners=tuple(session.partners),
        )
        relay = _Progress(self)
        relay.moved.connect(self._moved)
        self._started(_words("working"))
        stop = threading.Event()  # set by a lock (TaskRunner.stop_all): end at the next step
        self._ctx.tasks.run(packet_work(order, stop, relay), self._done, self._failed,
                            stop=stop)

    def _failed(self, error: BaseException) -> None:
        if not isValid(self) or isinstance(error, PacketStopped):
            return
        self._finished()
        folder = about_folder(error)
        self.message.say(explain(error), under=self.target if folder else None)
        if folder:  # the way forward: another folder
            self.choose.setFocus(Qt.FocusReason.OtherFocusReason)
        self._update()
