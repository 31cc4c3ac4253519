"""Earlier versions of our story together, any two side by side, changed words marked
(as an agreement's history shows its versions). Every version is kept."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from models.narrative.views import JointStory, JointVersion
from ui.dates import day
from ui.texts import text
from ui.widgets.common import body_label, fit_to_content, labelled, named
from ui.widgets.fitting import ElidingComboBox
from ui.word_diff import word_diff


def words(key: str, **values: object) -> str:
    return text("narrative_joint", key, **values)


def story_text(version: JointVersion, names: dict[int, str]) -> str:
    """The version's words as compared: each paragraph after the name of who wrote it."""
    return "\n\n".join(f"{words('paragraph_by', name=names.get(p.author, ''))}: {p.text}"
                       for p in version.paragraphs)


class JointHistoryDialog(QDialog):
    """Compare any two versions (at first: the one before the newest, and the newest)."""

    def __init__(self, story: JointStory, names: dict[int, str], parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("jointHistoryDialog")
        title = words("history_title")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.versions = story.versions
        self._names = names
        self.earlier = named(ElidingComboBox(14), "jointHistoryEarlier", words("earlier"))
        self.later = named(ElidingComboBox(14), "jointHistoryLater", words("later"))
        for version in self.versions:
            label = words("version_settled" if version.settled else "version",
                          version=version.version, date=day(version.written_at))
            self.earlier.addItem(label, version.version)
            self.later.addItem(label, version.version)
        self.earlier.setCurrentIndex(max(0, len(self.versions) - 2))
        self.later.setCurrentIndex(len(self.versions) - 1)
        self.left = named(QTextBrowser(), "jointHistoryLeft", words("earlier"))
        self.right = named(QTextBrowser(), "jointHistoryRight", words("later"))
        for browser in (self.left, self.right):
            browser.setMinimumHeight(160)
        self.same = body_label(words("same"), "jointHistorySame", role="hint")
        grid = QGridLayout()
        for column, (key, combo, browser) in enumerate(
            (("earlier", self.earlier, self.left), ("later", self.later, self.right))
        ):
            grid.addWidget(labelled(words(key), combo), 0, column)
            grid.addWidget(combo, 1, column)
            grid.addWidget(browser, 2, column)
            grid.setColumnStretch(column, 1)
        grid.setRowStretch(2, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        named(close, "jointHistoryClose", words("close")).setText(words("close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addWidget(body_label(words("legend"), "jointHistoryLegend", role="hint"))
        layout.addWidget(self.same)
        layout.addWidget(buttons)
        # Wide and tall enough to read two versions side by side, within the screen.
        room = self.screen().availableGeometry() if self.screen() is not None else None
        width, height = 1000, 700
        if room is not None:
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        self.resize(width, height)
        fit_to_content(self, shrink=False)
        self.earlier.currentIndexChanged.connect(self.compare)
        self.later.currentIndexChanged.connect(self.compare)
        self.compare()

    def _version(self, combo: ElidingComboBox) -> JointVersion:
        number = combo.currentData()
        return next((v for v in self.versions if v.version == number), self.versions[-1])

    def compare(self) -> None:
        old, new = self._version(self.earlier), self._version(self.later)
        before, after = word_diff(story_text(old, self._names), story_text(new, self._names))
        self.left.setHtml(before)
        self.right.setHtml(after)
        self.same.setVisible(old.version != new.version and old.paragraphs == new.paragraphs)
