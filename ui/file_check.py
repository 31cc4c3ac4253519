"""Help → Check this workbook file…: a read-only check, run off the GUI thread, and a
calm report of what opened, what did not, and what to do.

The check itself is :func:`models.file_check.check_file` (no Qt), so the command line
can print the same report.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget
from shiboken6 import isValid

from models.damage import Damage
from models.file_check import FileReport, check_file
from models.session import Keyring
from ui.tasks import TaskRunner
from ui.texts import counted, explain, text
from ui.widgets.common import body_label, busy_bar, fit_to_content, named


def _words(key: str, **values: object) -> str:
    return text("file_check", key, **values)


def kind_of(table: str) -> str:
    """What a table's records are, in the couple's words ("A reveal")."""
    try:
        return _words(f"kind_{table}")
    except KeyError:  # a table this version has no words for
        return _words("kind_other")


def _damage_line(damage: Damage) -> str:
    kind = kind_of(damage.table)
    if not damage.uuid:
        return _words("part", kind=kind.lower())
    return _words("entry", kind=kind, uuid=damage.uuid)


def report_html(report: FileReport) -> str:
    """The report as the dialog shows it: counts, each damaged entry by kind and id,
    SQLite's own lines, and what to do. No words from the file."""
    if report.ok:
        parts = [f"<p>{escape(_words('all_good', opened=report.opened))}</p>"]
    else:
        parts = [f"<p>{escape(_words('opened', opened=report.opened))}</p>"]
        if report.damaged:
            heading = counted("file_check", "damaged", len(report.damaged))
            rows = "".join(f"<li>{escape(_damage_line(d))}</li>" for d in report.damaged)
            parts.append(f"<p><b>{escape(heading)}</b></p><ul>{rows}</ul>")
        if not report.structure_ok:
            lines = "<br>".join(escape(line) for line in report.structure_problems)
            parts.append(f"<p><b>{escape(_words('structure'))}</b></p>"
                         f"<p><tt>{lines}</tt></p>")
        parts.append(f"<p>{escape(_words('what_to_do'))}</p>")
    parts.append(f"<p><i>{escape(_words('private'))}</i></p>")
    return "".join(parts)


class FileCheckDialog(QDialog):
    """Starts the check when it opens; shows the report when it is done."""

    def __init__(self, keys: Keyring, tasks: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("fileCheckDialog")
        self.setWindowTitle(_words("title"))
        self.setAccessibleName(_words("title"))
        self.report: FileReport | None = None
        self.intro = body_label(_words("intro"), "fileCheckIntro")
        self.state = body_label(_words("working"), "fileCheckState", role="hint")
        self.progress = busy_bar("fileCheckProgress", _words("working"))
        self.result_view = named(QTextBrowser(), "fileCheckReport", _words("report_name"))
        self.result_view.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        named(close, "fileCheckClose", _words("close")).setText(_words("close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.intro, self.state, self.progress, self.result_view):
            layout.addWidget(widget)
        layout.addWidget(buttons)
        self.resize(560, 440)  # room to read the report; grows when its words need it
        fit_to_content(self, shrink=False)
        self.progress.show()
        tasks.run(lambda: check_file(keys), self._done, self._failed)

    def _done(self, report: FileReport) -> None:
        if not isValid(self):
            return
        self.report = report
        self.progress.hide()
        self.state.hide()
        self.result_view.setHtml(report_html(report))
        self.result_view.show()

    def _failed(self, error: BaseException) -> None:
        if not isValid(self):
            return
        self.progress.hide()
        self.state.setText(_words("failed", reason=explain(error)))
