"""The fields of one need as its owner writes it: the card it started from, their own
words, how much it matters and how it has been lately (each a row of choices written
out in words, never a number alone), and its safety signals: what tells me I am safe,
my early signs of feeling unsafe, what helps and what does not.

:class:`NeedEditor` emits ``changed`` on every edit (the page autosaves) and never writes
back into a field while it is being typed in, so each field's own undo keeps working.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from models.needs import CARDS, IMPORTANCE_TEXT, LATELY
from ui.widgets.common import body_label, lines_high, named
from ui.widgets.fitting import FlowLayout
from ui.workbooks.needs.words import card_about, card_label, field_label, section_words

SIGNALS = ("safe_signs", "early_signs", "helps", "does_not_help")
TEXT_LINES = {"words": 4, "safe_signs": 3, "early_signs": 3, "helps": 3, "does_not_help": 3}


def _words(key: str, **values: object) -> str:
    return section_words("mine", key, **values)


class Choice(QWidget):
    """One of a few values, each a radio button with its words; "" is "not said"."""

    changed = Signal()

    def __init__(self, key: str, values: tuple[str, ...], caption: str) -> None:
        super().__init__()
        named(self, f"needs_{key}", caption)
        self.values = values
        self.group = QButtonGroup(self)
        flow = FlowLayout(self)
        for number, value in enumerate(values):
            label = section_words("fields", f"{key}_{value or 'none'}")
            button = named(QRadioButton(label), f"needs_{key}_{value or 'none'}",
                           f"{caption}: {label}")
            self.group.addButton(button, number)
            flow.addWidget(button)
        self.group.idToggled.connect(lambda _id, on: self.changed.emit() if on else None)
        self.set_value("")

    def value(self) -> str:
        return self.values[max(0, self.group.checkedId())]

    def set_value(self, value: str) -> None:
        button = self.group.button(self.values.index(value) if value in self.values else 0)
        if button is not None:
            button.setChecked(True)


def _caption(words: str, buddy: QWidget, name: str) -> QLabel:
    caption = QLabel(words)
    caption.setObjectName(f"{name}Label")
    caption.setWordWrap(True)
    caption.setBuddy(buddy)
    caption.setProperty("role", "heading")
    return caption


class NeedEditor(QWidget):
    """Every field of one need draft."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("needsEditor")
        self._loading = False
        self.card = named(QComboBox(), "needs_card", field_label("card"))
        for card in ("", *CARDS):
            self.card.addItem(card_label(card), card)
        self.card.currentIndexChanged.connect(self._card_chosen)
        self.card_about = body_label("", "needsCardAbout", role="hint")
        self.title = named(QLineEdit(), "needs_title", field_label("title"))
        self.title.setPlaceholderText(_words("title_prompt"))
        self.texts: dict[str, QPlainTextEdit] = {}
        for key, lines in TEXT_LINES.items():
            area = named(QPlainTextEdit(), f"needs_{key}", field_label(key))
            area.setTabChangesFocus(True)
            lines_high(area, lines)
            self.texts[key] = area
        self.importance = Choice("importance", IMPORTANCE_TEXT, field_label("importance"))
        self.lately = Choice("lately", LATELY, field_label("lately"))
        self.title.textChanged.connect(self._changed)
        for area in self.texts.values():
            area.textChanged.connect(self._changed)
        self.importance.changed.connect(self._changed)
        self.lately.changed.connect(self._changed)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        column.addWidget(_caption(field_label("card"), self.card, "needs_card"))
        column.addWidget(self.card)
        column.addWidget(self.card_about)
        column.addWidget(_caption(field_label("title"), self.title, "needs_title"))
        column.addWidget(self.title)
        column.addWidget(_caption(field_label("words"), self.texts["words"], "needs_words"))
        column.addWidget(body_label(_words("words_hint"), "needs_wordsHint", role="hint"))
        column.addWidget(self.texts["words"])
        column.addWidget(_caption(field_label("importance"), self.importance,
                                  "needs_importance"))
        column.addWidget(self.importance)
        column.addWidget(_caption(field_label("lately"), self.lately, "needs_lately"))
        column.addWidget(self.lately)
        column.addSpacing(8)
        signals = QLabel(_words("signals_heading"))
        signals.setObjectName("needsSignalsHeading")
        signals.setProperty("role", "heading")
        signals.setWordWrap(True)
        column.addWidget(signals)
        column.addWidget(body_label(_words("signals_intro"), "needsSignalsIntro", role="hint"))
        for key in SIGNALS:
            column.addWidget(_caption(field_label(key), self.texts[key], f"needs_{key}"))
            column.addWidget(body_label(_words(f"{key}_hint"), f"needs_{key}Hint",
                                        role="hint"))
            column.addWidget(self.texts[key])
        self._show_about()

    def _card_chosen(self) -> None:
        self._show_about()
        self._changed()

    def _show_about(self) -> None:
        about = card_about(str(self.card.currentData() or ""))
        self.card_about.setText(about)
        self.card_about.setAccessibleName(about)

    def _changed(self) -> None:
        if not self._loading:
            self.changed.emit()

    def values(self) -> dict[str, str]:
        """What the editor holds now, for every field of a need."""
        values = {"card": str(self.card.currentData() or ""), "title": self.title.text(),
                  "importance": self.importance.value(), "lately": self.lately.value()}
        values.update({key: area.toPlainText() for key, area in self.texts.items()})
        return values

    def fill(self, fields: Mapping[str, str]) -> None:
        """Show a draft's fields (says nothing: loading, not a change)."""
        self._loading = True
        try:
            index = self.card.findData(fields.get("card", ""))
            self.card.setCurrentIndex(max(0, index))
            self.title.setText(fields.get("title", ""))
            for key, area in self.texts.items():
                area.setPlainText(fields.get(key, ""))
            self.importance.set_value(fields.get("importance", ""))
            self.lately.set_value(fields.get("lately", ""))
            self._show_about()
        finally:
            self._loading = False

    def clear(self) -> None:
        """Let every word go (the page is closing); says nothing."""
        self.fill({})

    def focus_words(self) -> None:
        self.title.setFocus(Qt.FocusReason.OtherFocusReason)
