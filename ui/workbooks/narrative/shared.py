"""What we have shared: every piece either partner chose to share from their own story,
grouped by who wrote it, each with its date and version. Both partners read it without
a password; only a piece's author can take it back, with their own password typed at
that moment (what was already read cannot be unread, and the page says so).

The letter opens only when someone chooses "Read the letter": the partner who was
hurt chooses when to read it. A heard answer says which version of the letter it
answers. Earlier versions stay readable, with the words that changed marked.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QItemSelectionModel, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QListView,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from models import narrative
from models.errors import TrellisError
from models.narrative.views import SharedPiece
from models.proof import FreshProof
from ui.dates import day
from ui.texts import explain
from ui.widgets.common import MessageLabel, body_label, named, scrolling, title_label
from ui.widgets.fitting import FlowLayout
from ui.widgets.fresh_password import FreshPasswordDialog, ask_fresh
from ui.workbooks import WorkbookContext
from ui.workbooks.narrative.shared_rows import (
    SharedRow,
    SharedRows,
    arrange,
    piece_html,
    piece_title,
    words,
)

log = logging.getLogger(__name__)

WORKBOOK = "narrative"
NOT_PIECES = ("joint", "roles")  # what the joint story and the roles announce


class SharedPage(QWidget):
    """The shared pieces of both partners, read with the workbook key alone."""

    def __init__(self, ctx: WorkbookContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("narrativeSharedPage")
        self.setAccessibleName(words("title"))
        self._ctx = ctx
        self._names = {p: ctx.session.name_of(p) for p in (1, 2)}
        self.fresh: FreshPasswordDialog | None = None
        self.pieces: list[SharedPiece] = []
        self.letter_open: str | None = None  # the letter chosen to be read, by its source

        self.rows = SharedRows(self)
        self.list = named(QListView(), "narrativeSharedList", words("list_name"))
        self.list.setModel(self.rows)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setSpacing(2)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._chosen())
        self.empty = body_label(words("empty"), "narrativeSharedEmpty", role="hint")

        self.byline = body_label("", "narrativeSharedByline")
        self.byline.setTextFormat(Qt.TextFormat.PlainText)
        self.version = named(QComboBox(), "narrativeSharedVersion", words("version_name"))
        self.version.currentIndexChanged.connect(lambda _i: self._show_piece())
        self.changes = named(QCheckBox(words("show_changes")), "narrativeSharedChanges",
                             words("show_changes"))
        self.changes.toggled.connect(lambda _on: self._show_piece())
        self.note = body_label("", "narrativeSharedNote", role="hint")
        self.read_letter = named(QPushButton(words("read_letter")), "narrativeReadLetter",
                                 words("read_letter_name"))
        self.read_letter.clicked.connect(self._read_letter)
        self.legend = body_label(words("changes_legend"), "narrativeSharedLegend", role="hint")
        self.reader = named(QTextBrowser(), "narrativeSharedWords", words("words_name"))
        self.reader.setOpenLinks(False)
        self.take_back = named(QPushButton(words("take_back")), "narrativeTakeBack",
                               words("take_back_name"))
        self.take_back.clicked.connect(self.ask_take_back)
        self.message = MessageLabel("narrativeSharedMessage")

        controls = FlowLayout()
        for widget in (self.version, self.changes, self.read_letter, self.take_back):
            controls.addWidget(widget)
        # One column that scrolls as a whole: the list and the words each keep room for
        # several lines at any text size, rather than being squeezed (900x600, large text).
        body = QWidget()
        body.setObjectName("narrativeSharedBody")
        column = QVBoxLayout(body)
        column.setContentsMargins(16, 10, 16, 10)
        column.addWidget(title_label(words("title"), "narrativeSharedTitle"))
        column.addWidget(body_label(words("intro"), "narrativeSharedIntro"))
        column.addWidget(self.empty)
        column.addWidget(self.list)
        column.addWidget(self.byline)
        column.addLayout(controls)
        column.addWidget(self.note)
        column.addWidget(self.legend)
        column.addWidget(self.reader, 1)
        column.addWidget(self.message)
        self.scroll_area = scrolling(body, "narrativeSharedScroll")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)

        ctx.changes.changed.connect(self._changed)
        self.reload()

    @staticmethod
    def _lines(widget: QWidget, lines: int) -> None:
        """Room for ``lines`` lines of the widget's own font, whatever the text size."""
        widget.setMinimumHeight(widget.fontMetrics().lineSpacing() * lines + 12)

    def _room(self) -> None:
        self._lines(self.list, 9)
        self._lines(self.reader, 12)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.FontChange:  # the text size changed: room again
            self._room()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        self._room()  # the style sheet's text size is known once shown
        super().showEvent(event)

    # reading

    def _changed(self, workbook: str, uuid: str) -> None:
        # A piece shared or taken back names a uuid this page may not know yet; the joint
        # story and the roles are not pieces.
        if workbook == WORKBOOK and uuid not in NOT_PIECES and isValid(self):
            self.reload()

    def reload(self) -> None:
        """Read the shared pieces again and change only the rows that differ."""
        if self._ctx.session.locked:
            return
        try:
            pieces, damaged = narrative.load_shared(self._ctx.session.keyring)
        except TrellisError as error:  # the whole list could not be read: say so, keep going
            log.info("shared pieces not read: %s", type(error).__name__)
            self.message.say(explain(error))
            return
        self.pieces = list(pieces)
        chosen = self.current_key()
        self.rows.show(arrange(self.pieces, damaged, self._names))
        self.empty.setVisible(self.rows.rowCount() == 0)
        self.list.setVisible(self.rows.rowCount() > 0)
        if chosen is not None and self.rows.row_of(chosen) >= 0:
            self._refresh_chosen()
        else:
            self._choose_first()

    def current_key(self) -> str | None:
        row = self.rows.at(self.list.currentIndex().row())
        return row.key if row is not None and not row.heading else None

    def current_row(self) -> SharedRow | None:
        row = self.rows.at(self.list.currentIndex().row())
        return row if row is not None and not row.heading else None

    def choose(self, key: str) -> None:
        """Choose the row of ``key`` (a piece's source uuid)."""
        at = self.rows.row_of(key)
        if at >= 0:
            self.list.selectionModel().setCurrentIndex(
                self.rows.index(at), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _choose_first(self) -> None:
        first = next((r.key for r in self.rows.rows() if not r.heading), None)
        if first is not None:
            self.choose(first)
        else:
            self._chosen()

    def _chosen(self) -> None:
        row = self.current_row()
        if row is None or row.key != self.letter_open:
            self.letter_open = None
        self.message.clear_message()
        self._fill_versions(row)
        self._show_piece()

    def _refresh_chosen(self) -> None:
        """The chosen row was read again: keep the version chosen if it is still there."""
        row = self.current_row()
        wanted = self.version.currentData()
        self._fill_versions(row)
        if wanted is not None:
            at = self.version.findData(wanted)
            if at >= 0:
                self.version.setCurrentIndex(at)
        self._show_piece()

    def _fill_versions(self, row: SharedRow | None) -> None:
        self.version.blockSignals(True)
        self.version.clear()
        for piece in reversed(row.versions if row is not None else ()):
            newest = row is not None and piece is row.versions[-1]
            self.version.addItem(words("version_newest" if newest else "version",
                                       version=piece.version, date=day(piece.shared_at)),
                                 piece.uuid)
        self.version.setCurrentIndex(0 if self.version.count() else -1)
        self.version.blockSignals(False)

    def chosen_piece(self) -> tuple[SharedPiece | None, SharedPiece | None]:
        """The version chosen, and the one before it (None for a first version)."""
        row = self.current_row()
        if row is None or not row.versions:
            return None, None
        uuid = self.version.currentData()
        at = next((i for i, p in enumerate(row.versions) if p.uuid == uuid),
                  len(row.versions) - 1)
        return row.versions[at], row.versions[at - 1] if at > 0 else None

    def _show_piece(self) -> None:
        row = self.current_row()
        piece, before = self.chosen_piece()
        damaged = row is not None and row.damage is not None
        self.version.setVisible(piece is not None and len(row.versions) > 1 if row else False)
        self.changes.setVisible(before is not None)
        self.legend.setVisible(before is not None and self.changes.isChecked())
        self.take_back.setVisible(piece is not None and piece.author in
                                  self._ctx.session.partners)
        self.take_back.setEnabled(self.fresh is None)
        hidden_letter = (piece is not None and piece.kind == "letter"
                         and self.letter_open != piece.source)
        self.read_letter.setVisible(hidden_letter)
        self.reader.setVisible(piece is not None and not hidden_letter or damaged)
        if piece is None:
            self.byline.setText(words("damaged_row") if damaged else words("nothing_chosen"))
            self.note.setText(words("damaged_body") if damaged else "")
            self.note.setVisible(damaged)
            self.reader.setHtml("")
            self.reader.setVisible(False)
            return
        name = self._names.get(piece.author, "")
        self.byline.setText(words("byline", piece=piece_title(piece), name=name,
                                  date=day(piece.shared_at), version=piece.version))
        note = ""
        if piece.kind == "letter":
            note = words("letter_note", name=name)
        elif piece.kind == "impact":
            note = words("impact_note")
        elif piece.kind == "heard":
            note = self._answers(piece)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        if hidden_letter:
            self.reader.setHtml("")
            return
        diff = before if self.changes.isChecked() else None
        html = piece_html(piece, diff)
        if diff is not None and piece.fields == before.fields:  # type: ignore[union-attr]
            html = f"<p><i>{words('no_changes')}</i></p>" + html
        self.reader.setHtml(html)

    def _answers(self, heard: SharedPiece) -> str:
        """Which letter, and which version of it, a heard answer answers."""
        letter = next((p for p in self.pieces if p.uuid == heard.fields.get("letter")), None)
        if letter is None:
            return words("answers_gone")
        return words("answers_letter", version=letter.version,
                     name=self._names.get(letter.author, ""), date=day(letter.shared_at))

    def _read_letter(self) -> None:
        row = self.current_row()
        if row is not None:
            self.letter_open = row.key
            self._show_piece()
            self.reader.setFocus()

    # taking a piece back

    def ask_take_back(self) -> None:
        row = self.current_row()
        piece = row.latest if row is not None else None
        if piece is None or self.fresh is not None or self._ctx.session.locked:
            return
        author = piece.author
        versions = [p.uuid for p in row.versions]  # type: ignore[union-attr]
        intro = words("take_back_password", name=self._names.get(author, ""),
                      piece=piece_title(piece))
        self.fresh = ask_fresh(self._ctx, (author,), intro, self,
                               lambda proofs: self._take_back(proofs.get(author), versions),
                               title=words("take_back_title"))
        self.fresh.finished.connect(self._asked)
        self.take_back.setEnabled(False)

    def _asked(self) -> None:
        self.fresh = None
        if isValid(self):
            self.take_back.setEnabled(True)

    def _take_back(self, proof: FreshProof | None, versions: list[str]) -> None:
        """Every version of the piece, taken back off the GUI thread."""
        if not isValid(self) or self._ctx.session.locked:
            return
        keys = self._ctx.session.keyring

        def work() -> str:
            for uuid in versions:
                narrative.withdraw_piece(keys, proof, uuid)
            return versions[-1]

        self.message.say(words("taking_back"), quiet=True)
        self._ctx.tasks.run(work, self._taken_back, self._not_taken_back)

    def _taken_back(self, uuid: str) -> None:
        if not isValid(self) or self._ctx.session.locked:
            return
        self._ctx.changes.announce(WORKBOOK, uuid)
        self.message.say(words("taken_back"))

    def _not_taken_back(self, error: BaseException) -> None:
        if not isValid(self) or self._ctx.session.locked:
            return
        self.message.say(explain(error))
        self._ctx.changes.announce(WORKBOOK, "")  # some versions may have gone: read again
