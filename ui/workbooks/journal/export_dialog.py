"""Export from my journal: chosen entries as a PDF (password-protected unless its owner
unticks that after a warning) or as one Markdown file (after a warning that it is not
encrypted). Owner only.

Nothing leaves without the owner's own password typed at that moment, in every kind of
session (:func:`~ui.widgets.fresh_password.ask_fresh`); the entries are then opened with
the journal key from that proof alone. Nothing slow runs in the app's own process: the
task runner's worker hands the order (that key, the choices, the PDF's password) through
a pipe to a child process (:mod:`exports.in_child`), which reads, lays out and writes the
file, and relays its progress. (On a thread of the app's own process, the garbage
collector walking reportlab's many objects held the window still.) A lock, Stop or
closing the dialog ends the child at its next step and leaves no file behind; the file
is written all or nothing, mode 0600.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QStyle,
    QWidget,
)
from shiboken6 import isValid

from exports.errors import ExportPasswordTooShort
from exports.journal import journal_texts
from exports.journal.export import NOTHING
from exports.pdf_writer import MIN_PDF_PASSWORD_CHARS
from models.errors import TrellisError
from models.journal import TAGS
from models.proof import FreshProof, require_owner
from ui.texts import explain, text
from ui.widgets.common import FormGrid, body_label, fit_to_content, named
from ui.widgets.fitting import FlowLayout
from ui.widgets.fresh_password import FreshPasswordDialog, ask_fresh
from ui.widgets.password_field import PasswordField
from ui.widgets.pdf_save import stacked
from ui.widgets.shared_export import ExportProgress, StoppableExport, child_work
from ui.workbooks import WorkbookContext

Choice = TypeVar("Choice", QCheckBox, QRadioButton)
SECTION = "journal_export"
JUST_FOR_ME = "just_for_me"
# Tags offered as a filter; "just for me" has its own tick box, unticked.
FILTER_TAGS = tuple(tag for tag in TAGS if tag != JUST_FOR_ME)
# Saying a Markdown file's failure without the word "PDF".
_PLAIN_ERRORS = {"export_disk_full": "markdown_disk_full",
                 "export_write_failed": "markdown_write_failed"}


def _words(key: str, **values: object) -> str:
    return text(SECTION, key, **values)


Saved = tuple[Path | None, int]  # the file (None: no entry matched), entries that did not open


def export_work(order: dict[str, Any], stop: threading.Event,
                relay: ExportProgress) -> Callable[[], Saved]:
    """The whole export as one job for the task runner: a child process reads the chosen
    entries, lays them out and writes the file; the worker waits for it and relays what
    it says (:func:`~ui.widgets.shared_export.child_work`). ``order`` holds the fields of
    :class:`~exports.journal.JournalOrder`. ``stop`` ends it at its next step with
    :class:`ExportStopped`, before the finished file is in place."""
    heard = {"unreadable": 0, "nothing": 0}

    def step(name: str) -> None:
        if name == NOTHING:
            heard["nothing"] = 1
        elif name.startswith("unreadable "):
            heard["unreadable"] = int(name.split()[1])

    run = child_work("exports.journal.export", "JournalOrder", order, stop, relay, step)

    def work() -> Saved:
        path = run()
        return (None if heard["nothing"] else path), heard["unreadable"]

    return work


class JournalExportDialog(StoppableExport):
    """What to export and how, then the owner's password, then the file, with progress."""

    def __init__(self, ctx: WorkbookContext, owner: int, parent: QWidget) -> None:
        super().__init__(parent)
        title = _words("title")
        self.setObjectName("journalExportDialog")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(580)
        fit_to_content(self)
        self._ctx = ctx
        self._section = SECTION
        self.owner = owner
        self.fresh: FreshPasswordDialog | None = None
        self.warning: QMessageBox | None = None

        self.as_pdf = _choice(QRadioButton, "journalExportPdf", _words("format_pdf"))
        self.as_markdown = _choice(QRadioButton, "journalExportMarkdown",
                                   _words("format_markdown"))
        self.as_pdf.setChecked(True)
        formats = QButtonGroup(self)
        formats.addButton(self.as_pdf)
        formats.addButton(self.as_markdown)
        self.as_markdown.toggled.connect(self._markdown_toggled)
        self.markdown_hint = body_label(_words("markdown_hint"), "journalExportMarkdownHint",
                                        role="hint")
        self.markdown_hint.hide()

        self.all_dates = _choice(QCheckBox, "journalExportAllDates", _words("all_dates"))
        self.all_dates.setChecked(True)
        today = QDate.currentDate()
        self.since = self._date("journalExportSince", _words("since"), today.addMonths(-1))
        self.until = self._date("journalExportUntil", _words("until"), today)
        self.all_dates.toggled.connect(self._dates_toggled)
        self._dates_toggled(True)

        labels = journal_texts()
        self.tags = {tag: _choice(QCheckBox, f"journalExportTag{_camel(tag)}", labels.tag(tag))
                     for tag in FILTER_TAGS}
        self.just_for_me = _choice(QCheckBox, "journalExportJustForMe", _words("just_for_me"))
        self.protect = _choice(QCheckBox, "journalExportProtect", _words("protect"))
        self.protect.setChecked(True)
        self.protect.toggled.connect(self._protect_toggled)
        self.password = PasswordField("journalExportPassword", _words("password"))
        self.again = PasswordField("journalExportPasswordAgain", _words("again"))
        self._where = self._place_target("journalExport", self._default_path())
        self.choose.clicked.disconnect()
        self.choose.clicked.connect(self._choose)
        self._place_saving("journalExport")
        self._place_stop("journalExport")
        self._layout()
        self._update()

    # -- building ----------------------------------------------------------------------

    def _date(self, name: str, label: str, day: QDate) -> QDateEdit:
        edit = named(QDateEdit(day), name, label)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("d MMMM yyyy")
        for field in edit.findChildren(QLineEdit):
            named(field, f"{name}Text", label)
        return edit

    def _layout(self) -> None:
        form = FormGrid()
        form.add_row(_words("format"), stacked(self.as_pdf, self.as_markdown,
                                               _beneath(self.as_markdown, self.markdown_hint)),
                     self.as_pdf)
        days = QHBoxLayout()
        days.addWidget(self.all_dates)
        for caption, edit in ((_words("since"), self.since), (_words("until"), self.until)):
            label = QLabel(caption)
            label.setBuddy(edit)
            days.addWidget(label)
            days.addWidget(edit)
        days.addStretch(1)
        form.add_row(_words("dates"), days, self.all_dates)
        tags = QWidget()
        flow = FlowLayout(tags)
        flow.setContentsMargins(0, 0, 0, 0)
        for box in self.tags.values():
            flow.addWidget(box)
        first_tag = next(iter(self.tags.values()))
        form.add_row(_words("tags"), stacked(
            self.message.under(tags),
            body_label(_words("tags_hint"), "journalExportTagsHint", role="hint"),
            self.just_for_me,
            _beneath(self.just_for_me, body_label(_words("just_for_me_hint"),
                                                  "journalExportJustForMeHint", role="hint")),
        ), first_tag)
        form.add_row("", self.protect, self.protect)
        form.add_row(_words("password"), self.message.under(self.password),
                     self.password.edit)
        hint = body_label(_words("password_hint", minimum=MIN_PDF_PASSWORD_CHARS),
                          "journalExportPasswordHint", role="hint")
        form.add_row(_words("again"), stacked(self.message.under(self.again), hint),
                     self.again.edit)
        form.add_row(_words("target"), self._where.row(self.message), self.target)
        self._lay_out(body_label(_words("intro"), "journalExportIntro"), form,
                      "journalExportChoices", self.stop_button)

    # -- choices -----------------------------------------------------------------------

    def markdown(self) -> bool:
        return self.as_markdown.isChecked()

    def protected(self) -> bool:
        """A PDF with a password: the default, until its owner unticks it after a warning."""
        return not self.markdown() and self.protect.isChecked()

    def chosen_tags(self) -> tuple[str, ...]:
        return tuple(tag for tag, box in self.tags.items() if box.isChecked())

    def _dates_toggled(self, every: bool) -> None:
        self.since.setEnabled(not every)
        self.until.setEnabled(not every)

    def _default_path(self) -> Path:
        key = "default_markdown" if self.markdown() else "default_name"
        return Path.home() / _words(key, date=dt.date.today().isoformat())

    def _markdown_toggled(self, on: bool) -> None:
        """Plain text only after the warning, said first and plainly."""
        if on and self.warning is None:
            self._warn("markdown", self.markdown_hint.show,
                       lambda: self.as_pdf.setChecked(True))
        self._follow_format()

    def _protect_toggled(self, on: bool) -> None:
        if not on and self.warning is None:
            self._warn("unprotect", self._update, lambda: self.protect.setChecked(True))
        self._update()

    def _warn(self, kind: str, accepted: Callable[[], None],
              refused: Callable[[], None]) -> None:
        """A plain warning with two ways on; closing it keeps the safer choice."""
        box = QMessageBox(QMessageBox.Icon.Warning, _words(f"{kind}_title"),
                          _words(f"{kind}_warning"), QMessageBox.StandardButton.NoButton, self)
        box.setObjectName(f"journalExport{_camel(kind)}Warning")
        box.setAccessibleName(_words(f"{kind}_title"))
        go = box.addButton(_words(f"{kind}_confirm"), QMessageBox.ButtonRole.AcceptRole)
        named(go, f"journalExport{_camel(kind)}Confirm", _words(f"{kind}_confirm"))
        keep = box.addButton(_words(f"{kind}_keep"), QMessageBox.ButtonRole.RejectRole)
        named(keep, f"journalExport{_camel(kind)}Keep", _words(f"{kind}_keep"))
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.warning = box

        def closed() -> None:
            self.warning = None
            (accepted if box.clickedButton() is go else refused)()
            self._follow_format()

        box.finished.connect(closed)
        box.open()

    def _follow_format(self) -> None:
        """The password fields and the file's ending follow the format."""
        path = Path(self.target.text())
        suffix = ".md" if self.markdown() else ".pdf"
        if path.suffix.lower() in (".md", ".pdf") and path.suffix.lower() != suffix:
            self.target.setText(str(path.with_suffix(suffix)))
        if not self.markdown():
            self.markdown_hint.hide()
        self._update()

    def _choose(self) -> None:
        plain = self.markdown()
        path, _ = QFileDialog.getSaveFileName(
            self, _words("target"), self.target.text(),
            _words("markdown_filter" if plain else "file_filter"))
        if path:
            suffix = ".md" if plain else ".pdf"
            self.target.setText(path if path.lower().endswith(suffix) else path + suffix)

    def _ready(self) -> bool:
        return self.warning is None

    def _update(self) -> None:
        on = self.protected()
        self.protect.setEnabled(not self.markdown())
        for field in (self.password, self.again):
            field.edit.setEnabled(on)
        super()._update()

    # -- exporting ---------------------------------------------------------------------

    def _checked(self) -> bool:
        """Every choice makes sense; if not, a sentence beside the one to change."""
        password = self.password.value()
        if not self.all_dates.isChecked() and self.since.date() > self.until.date():
            self.message.say(_words("range_backwards"), under=self.since)
        elif self.protected() and not password:
            self.message.say(_words("need_password"), under=self.password)
        elif self.protected() and len(password) < MIN_PDF_PASSWORD_CHARS:
            self.message.say(explain(ExportPasswordTooShort(MIN_PDF_PASSWORD_CHARS)),
                             under=self.password)
        elif self.protected() and password != self.again.value():
            self.message.say(_words("passwords_differ"), under=self.again)
        elif not self.target.text().strip():
            self.message.say(_words("need_target"), under=self.target)
        else:
            return True
        return False

    def submit(self) -> None:
        """Check the choices, then ask the owner's own password before anything leaves."""
        session = self._ctx.session
        if self._ctx.tasks.busy or session.locked or self.warning is not None:
            return
        if not self._checked():
            return
        name = session.name_of(self.owner)
        self.fresh = ask_fresh(self._ctx, (self.owner,), _words("fresh_intro", name=name),
                               self, self._approved, title=_words("fresh_title", name=name))

    def _approved(self, proofs: dict[int, FreshProof]) -> None:
        """The owner typed their own password just now: the journal key from that proof
        (the model's check: theirs and fresh) goes with the choices to a child process,
        which opens the entries and writes the file; the task runner waits for it."""
        self.fresh = None
        proof = proofs.get(self.owner)
        session = self._ctx.session
        if proof is None or session.locked or self._ctx.tasks.busy or not isValid(self):
            return
        try:
            journal_key = require_owner(session.keyring, proof, self.owner)
        except TrellisError as error:  # stale, or someone else's: said, nothing read
            self.message.say(explain(error))
            return
        every = self.all_dates.isChecked()
        since: dt.date | None = None if every else self.since.date().toPython()  # type: ignore[assignment]
        until: dt.date | None = None if every else self.until.date().toPython()  # type: ignore[assignment]
        order = {  # a JournalOrder's fields, made into one on the worker
            "vault": self._ctx.vault.path.absolute(), "owner": self.owner,
            "journal_key": journal_key, "owner_name": session.name_of(self.owner),
            "since": since, "until": until, "tags": self.chosen_tags(),
            "include_just_for_me": self.just_for_me.isChecked(), "markdown": self.markdown(),
            "target": Path(self.target.text().strip()).expanduser().absolute(),
            "password": self.password.value() if self.protected() else None,
        }
        self._run(lambda stop, relay: export_work(order, stop, relay), self._saved)

    def _saved(self, saved: Saved) -> None:
        if not isValid(self):
            return
        path, unreadable = saved
        if path is None:
            self._finished()
            self.message.say(_words("nothing"))
            self._update()
            return
        self._done(path)
        if unreadable:
            self.message.say(_words("done_unreadable", path=str(path)))

    def _failed(self, error: BaseException) -> None:
        plain = self.markdown() if isValid(self) else False
        if not plain or getattr(error, "key", "") not in _PLAIN_ERRORS:
            super()._failed(error)
            return
        self._finished()
        self.message.say(_words(_PLAIN_ERRORS[error.key]),  # type: ignore[attr-defined]
                         under=self.target)
        self._update()


def _choice(kind: type[Choice], name: str, label: str) -> Choice:
    return named(kind(label), name, label)


def _beneath(box: QCheckBox | QRadioButton, line: QLabel) -> QLabel:
    """``line`` lined up with ``box``'s words rather than its tick, at every style."""
    style, metric = box.style(), QStyle.PixelMetric
    indicator, spacing = ((metric.PM_ExclusiveIndicatorWidth, metric.PM_RadioButtonLabelSpacing)
                          if isinstance(box, QRadioButton)
                          else (metric.PM_IndicatorWidth, metric.PM_CheckBoxLabelSpacing))
    line.setContentsMargins(style.pixelMetric(indicator, None, box)
                            + style.pixelMetric(spacing, None, box), 0, 0, 0)
    return line


def _camel(key: str) -> str:
    """"small_win" → "SmallWin", for objectNames."""
    return "".join(word.capitalize() for word in key.split("_"))
